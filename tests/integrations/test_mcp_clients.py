"""`runcomfy-edit mcp` as a real subprocess, driven by clients: the SDK's stdio client, the MCP Inspector's
CLI and langchain-mcp-adapters in a LangGraph agent; plus Ctrl-C and disconnect cancelling a queued job.

Every server here is `python -m runcomfy_edit_tool mcp`, pointed at the loopback fake Model API by the
same environment variables the CLI reads (`api_env`).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import mcp.types as types
import pytest
from _mcp_support import IMAGE, PLAN_ARGS, REQUEST, submitted_once, wait_until
from fake_model_api import TOKEN, FakeModelAPI
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_mcp_adapters.tools import load_mcp_tools
from langgraph.prebuilt import create_react_agent
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from runcomfy_edit_tool._cli import main

REPO = Path(__file__).resolve().parents[2]
INSPECTOR = REPO / "tests" / "inspector" / "node_modules" / ".bin" / "mcp-inspector"
SERVER = [sys.executable, "-m", "runcomfy_edit_tool", "mcp", "--classifier", "rules"]
RUN_ARGS: dict[str, Any] = {**PLAN_ARGS, "confirm_paid_run": True}


def server_env(api_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The machine's environment plus the fake API's; no LLM endpoint, a private HOME for npm."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(api_env, HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


@asynccontextmanager
async def stdio_session(env: dict[str, str], *extra: str) -> AsyncIterator[ClientSession]:
    """The SDK's stdio client, launching the server as a desktop client would."""
    params = StdioServerParameters(command=SERVER[0], args=[*SERVER[1:], *extra], env=env)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


# --- the SDK's stdio client --------------------------------------------------------------------------


async def test_stdio_plan_and_paid_run(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Over stdio: five tools, a free plan (no request to RunComfy), then one confirmed run with links."""
    async with stdio_session(server_env(api_env, tmp_path)) as session:
        names = [t.name for t in (await session.list_tools()).tools]
        plan = await session.call_tool("plan_image_edit", PLAN_ARGS)
        assert fake_api.requests == []
        run = await session.call_tool("run_image_edit", RUN_ARGS)
    assert names == [
        "plan_image_edit",
        "run_image_edit",
        "get_image_edit_result",
        "cancel_image_edit",
        "list_edit_models",
    ]
    assert plan.structuredContent is not None
    assert plan.structuredContent["plan"]["route"] == "nano-banana-edit"
    assert run.isError is False
    assert run.structuredContent is not None
    assert run.structuredContent["request_id"] == submitted_once(fake_api)
    uris = [str(c.uri) for c in run.content if isinstance(c, types.ResourceLink)]
    assert uris == [fake_api.file_url("a.png"), fake_api.file_url("b.png")]
    assert TOKEN not in json.dumps([c.model_dump(mode="json") for c in run.content])


async def test_stdio_wait_bound_from_the_environment(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """RUNCOMFY_EDIT_MCP_WAIT_SECONDS bounds a run; get_image_edit_result then finishes the pending job."""
    fake_api.faults.queue_forever = True
    env = {**server_env(api_env, tmp_path), "RUNCOMFY_EDIT_MCP_WAIT_SECONDS": "0.2"}
    async with stdio_session(env) as session:
        run = await session.call_tool("run_image_edit", RUN_ARGS)
        assert run.structuredContent is not None
        assert run.structuredContent["state"] == "pending"
        fake_api.faults.queue_forever = False
        done = await session.call_tool(
            "get_image_edit_result", {"request_id": run.structuredContent["request_id"]}
        )
    assert done.structuredContent is not None
    assert done.structuredContent["state"] == "succeeded"
    submitted_once(fake_api)


async def test_stdio_disconnect_cancels_the_queued_job(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """The client closing the server's stdin mid-run: the server cancels the queued job, then exits."""
    fake_api.faults.queue_forever = True
    async with anyio.create_task_group() as group:
        async with stdio_session(server_env(api_env, tmp_path), "--wait-seconds", "600") as session:
            group.start_soon(session.call_tool, "run_image_edit", RUN_ARGS)
            await wait_until(lambda: fake_api.status_polls, "the job to be polled")
        # Leaving stdio_client closed stdin and waited for the server to exit; the client's own
        # call never gets an answer now, so it is dropped.
        group.cancel_scope.cancel()
    (job,) = fake_api.jobs.values()
    assert job.cancelled
    assert len(fake_api.cancels) == 1


def _rpc(process: subprocess.Popen[bytes], message: dict[str, Any]) -> None:
    assert process.stdin is not None
    process.stdin.write(json.dumps(message).encode() + b"\n")
    process.stdin.flush()


def _poll_until(check: Any, what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.mark.parametrize(("sig", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 0)])
def test_interrupt_cancels_the_queued_job(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, sig: signal.Signals, exit_code: int
) -> None:
    """Ctrl-C (SIGINT) or SIGTERM while run_image_edit waits: the job is cancelled before the server exits."""
    fake_api.faults.queue_forever = True
    process = subprocess.Popen(
        [*SERVER, "--wait-seconds", "600"],
        env=server_env(api_env, tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _rpc(
            process,
            {
                "jsonrpc": "2.0",
                "id": 0,
                "method": "initialize",
                "params": {
                    "protocolVersion": types.LATEST_PROTOCOL_VERSION,
                    "capabilities": {},
                    "clientInfo": {"name": "test", "version": "0"},
                },
            },
        )
        assert process.stdout is not None
        assert json.loads(process.stdout.readline())["id"] == 0
        _rpc(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        call = {"name": "run_image_edit", "arguments": RUN_ARGS}
        _rpc(process, {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": call})
        _poll_until(lambda: fake_api.status_polls, "the job to be polled")
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    (job,) = fake_api.jobs.values()
    assert job.cancelled, stderr.decode()
    assert len(fake_api.cancels) == 1
    assert process.returncode == exit_code, stderr.decode()
    assert TOKEN not in stderr.decode()


# --- Streamable HTTP ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_http_transport(api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path) -> None:
    """`mcp --http --port N` serves Streamable HTTP at /mcp: the SDK's HTTP client lists and runs."""
    port = _free_port()
    process = subprocess.Popen(
        [*SERVER, "--http", "--port", str(port)],
        env=server_env(api_env, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def listening() -> bool:
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0

        await wait_until(listening, "the HTTP server to listen")
        async with (
            streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (read, write, _),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            names = [t.name for t in (await session.list_tools()).tools]
            run = await session.call_tool("run_image_edit", RUN_ARGS)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert len(names) == 5
    assert run.structuredContent is not None
    assert run.structuredContent["state"] == "succeeded", stderr.decode()
    submitted_once(fake_api)


async def test_http_interrupt_cancels_the_queued_job(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Ctrl-C on an HTTP server while a run waits: the queued job is cancelled before it exits (130)."""
    fake_api.faults.queue_forever = True
    port = _free_port()
    process = subprocess.Popen(
        [*SERVER, "--http", "--port", str(port), "--wait-seconds", "600"],
        env=server_env(api_env, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def listening() -> bool:
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0

        await wait_until(listening, "the HTTP server to listen")
        async with (
            anyio.create_task_group() as group,
            streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (read, write, _),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            group.start_soon(session.call_tool, "run_image_edit", RUN_ARGS)
            await wait_until(lambda: fake_api.status_polls, "the job to be polled")
            process.send_signal(signal.SIGINT)
            await wait_until(lambda: process.poll() is not None, "the server to exit", seconds=60)
            group.cancel_scope.cancel()
    finally:
        if process.poll() is None:
            process.kill()
        _, stderr = process.communicate(timeout=30)
    (job,) = fake_api.jobs.values()
    assert job.cancelled, stderr.decode()
    assert len(fake_api.cancels) == 1
    assert process.returncode == 130


# --- the README's client configuration ---------------------------------------------------------------


def readme_configs() -> tuple[dict[str, Any], dict[str, Any], str]:
    """The stdio JSON, the HTTP JSON and the HTTP console line of the README's MCP section."""
    text = (REPO / "README.md").read_text(encoding="utf-8").split("## MCP server (chat assistants)", 1)[1]
    blocks = re.findall(r"```json\n(.*?)```", text, flags=re.S)
    console = re.findall(r"```console\n(.*?)```", text, flags=re.S)[0]
    return json.loads(blocks[0]), json.loads(blocks[1]), console


async def test_readme_stdio_config_starts_the_server(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """The README's Claude Desktop / Cursor JSON, with this checkout's runcomfy-edit, starts the server."""
    stdio, _, _ = readme_configs()
    entry = stdio["mcpServers"]["runcomfy-edit"]
    assert entry["command"].endswith("/runcomfy-edit")
    command = str(Path(sys.executable).with_name("runcomfy-edit"))
    env = {**server_env(api_env, tmp_path), **entry["env"], "RUNCOMFY_TOKEN": TOKEN}
    params = StdioServerParameters(command=command, args=entry["args"], env=env)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        planned = await session.call_tool("plan_image_edit", PLAN_ARGS)
    assert planned.isError is False


def test_readme_http_config_matches_its_command() -> None:
    """The README's HTTP JSON points at the path and port its `mcp --http` command line serves."""
    _, http, console = readme_configs()
    port = re.search(r"--port (\d+)", console)
    assert port is not None
    assert http["mcpServers"]["runcomfy-edit"]["url"] == f"http://127.0.0.1:{port[1]}/mcp"


# --- the MCP Inspector (npm), a client nobody here wrote ------------------------------------------------


def inspector(env: dict[str, str], *args: str) -> Any:
    """Run the Inspector's CLI mode against the server; its stdout is one JSON document."""
    assert INSPECTOR.exists(), "the MCP Inspector is not installed: run `make inspector` (npm ci)"
    done = subprocess.run(
        [str(INSPECTOR), "--cli", *SERVER, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_inspector_lists_tools_and_plans(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`mcp-inspector --cli`: tools/list shows the five tools; tools/call plan_image_edit returns the plan."""
    env = server_env(api_env, tmp_path)
    listed = inspector(env, "--method", "tools/list")
    assert [t["name"] for t in listed["tools"]] == [
        "plan_image_edit",
        "run_image_edit",
        "get_image_edit_result",
        "cancel_image_edit",
        "list_edit_models",
    ]
    planned = inspector(
        env,
        "--method",
        "tools/call",
        "--tool-name",
        "plan_image_edit",
        "--tool-arg",
        f"request={REQUEST}",
        "--tool-arg",
        f"image_urls={json.dumps([IMAGE])}",
    )
    assert planned.get("isError") in (None, False), planned
    assert planned["structuredContent"]["plan"]["route"] == "nano-banana-edit"
    assert planned["structuredContent"]["plan"]["body"]["image_urls"] == [IMAGE]
    assert fake_api.requests == []


# --- langchain-mcp-adapters in a LangGraph agent --------------------------------------------------------


class ConsentingAssistant(GenericFakeChatModel):
    """A chat model that behaves like a careful assistant: ask first, run after a yes, then report.

    On the person's request it calls run_image_edit without consent; on a tool result it relays the
    result's first line; on "yes" it calls run_image_edit again with the same arguments and consent.
    """

    edit_args: dict[str, Any]
    calls: int = 0

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[Any, Any]:
        """Tool binding is a no-op: this model already knows which call to make."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        last = messages[-1]
        if isinstance(last, ToolMessage):
            text = last.content if isinstance(last.content, str) else str(last.content[0])
            message = AIMessage(content=f"Tool said: {text.splitlines()[0]}")
        else:
            self.calls += 1
            consent = isinstance(last, HumanMessage) and str(last.content).lower().startswith("yes")
            args = {**self.edit_args, "confirm_paid_run": consent}
            call = {"name": "run_image_edit", "args": args, "id": f"call_{self.calls}"}
            message = AIMessage(content="", tool_calls=[call])
        return ChatResult(generations=[ChatGeneration(message=message)])


@pytest.mark.filterwarnings("ignore::langgraph.warnings.LangGraphDeprecatedSinceV10")
async def test_langgraph_agent_asks_then_runs_once(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Adapter tools in a ReAct agent: the plan is shown, nothing paid; after 'yes', one submit and links."""
    async with stdio_session(server_env(api_env, tmp_path)) as session:
        tools = await load_mcp_tools(session)
        assert {t.name for t in tools} >= {"plan_image_edit", "run_image_edit", "get_image_edit_result"}
        model = ConsentingAssistant(messages=iter([]), disable_streaming=True, edit_args=dict(PLAN_ARGS))
        agent = create_react_agent(model, tools)

        first = await agent.ainvoke({"messages": [HumanMessage(REQUEST)]})
        asked = [m for m in first["messages"] if isinstance(m, ToolMessage)][-1]
        assert asked.artifact["structured_content"]["state"] == "needs_confirmation"
        assert fake_api.requests == []

        second = await agent.ainvoke({"messages": [*first["messages"], HumanMessage("yes, run it")]})
    ran = [m for m in second["messages"] if isinstance(m, ToolMessage)][-1]
    structured = ran.artifact["structured_content"]
    assert structured["state"] == "succeeded"
    assert structured["request_id"] == submitted_once(fake_api)
    assert fake_api.submits[0].json() == structured["plan"]["body"]
    images = [b for b in ran.content if isinstance(b, dict) and b.get("type") == "image"]
    assert [b["url"] for b in images] == [fake_api.file_url("a.png"), fake_api.file_url("b.png")]
    assert all(b["mime_type"] == "image/png" for b in images)
    assert isinstance(second["messages"][-1], AIMessage)
    assert "Edited with google/nano-banana-2/edit" in str(second["messages"][-1].content)


# --- the command line ---------------------------------------------------------------------------------


def test_missing_extra_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the mcp package: exit 69 and one line naming the pip command; nothing else runs."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "mcp" else real(name, *a)
    )
    assert main(["mcp"]) == 69
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "pip install 'runcomfy-edit-tool[mcp]'" in err


def test_host_needs_http(capsys: pytest.CaptureFixture[str]) -> None:
    """--host or --port without --http is a usage error (64), not a silently ignored flag."""
    assert main(["mcp", "--port", "9000"]) == 64
    assert "--http" in capsys.readouterr().err


def test_cli_starts_without_importing_mcp() -> None:
    """`runcomfy-edit --help` (and every other command) does not import the mcp package."""
    code = (
        "import sys; from runcomfy_edit_tool._cli import main; main(['--help']);"
        "assert 'mcp' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_bad_wait_bound_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """A wait bound from the environment that is not a positive number stops the start (64), naming it."""
    monkeypatch.setenv("RUNCOMFY_EDIT_MCP_WAIT_SECONDS", value)
    assert main(["mcp", "--classifier", "rules"]) == 64
    assert "RUNCOMFY_EDIT_MCP_WAIT_SECONDS" in capsys.readouterr().err
