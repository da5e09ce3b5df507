"""The LangChain tool and runnables: standard tests, ToolNode, a prebuilt ReAct agent, errors, events.

Everything that runs a job talks to the loopback fake Model API (`fake_api` / `api_env`), and every
test that should not pay asserts the fake saw no request at all.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from _langchain_fakes import ANSWER_PREFIX, IMAGE, REQUEST, fake_chat
from fake_model_api import PNG, TOKEN, FakeModelAPI
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, ToolCall, ToolMessage
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import ToolException
from langchain_tests.integration_tests import ToolsIntegrationTests
from langchain_tests.unit_tests import ToolsUnitTests
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode, create_react_agent
from pydantic import SecretStr

from runcomfy_edit_tool import (
    PROGRESS_EVENT,
    APISettings,
    Classification,
    EditPlan,
    EditRouter,
    EditToolInput,
    InputError,
    RunComfyImageEditTool,
    RunResult,
)

ARGS: dict[str, Any] = {"request": REQUEST, "image_urls": [IMAGE]}
# create_react_agent still works in langgraph 1.x but warns that it moved to `langchain.agents`
# (the `langchain` package, which this project does not depend on).
IGNORE_REACT_DEPRECATION = pytest.mark.filterwarnings(
    "ignore::langgraph.warnings.LangGraphDeprecatedSinceV10"
)


def rules_router() -> EditRouter:
    """The offline classifier: deterministic and never on the network."""
    return EditRouter(classifier="rules")


def tool_call(args: dict[str, Any] | None = None, call_id: str = "call_1") -> ToolCall:
    """A ToolCall for the edit tool, as a chat model would emit it."""
    return ToolCall(name="runcomfy_image_edit", args=args or ARGS, id=call_id, type="tool_call")


def edit_tool(out: Path, **kwargs: Any) -> RunComfyImageEditTool:
    """The tool with the rules router, writing into `out`."""
    return RunComfyImageEditTool(router=rules_router(), output_dir=out, **kwargs)


def assert_ran_once(fake_api: FakeModelAPI, artifact: dict[str, Any], out: Path) -> None:
    """One submit of the plan's exact body; both outputs on disk and named in the artifact."""
    assert len(fake_api.submits) == 1
    assert fake_api.submits[0].json() == artifact["body"]
    assert artifact["executed"] is True
    assert artifact["request_id"] in fake_api.jobs
    assert sorted(p.name for p in out.iterdir()) == ["a.png", "b.png"]
    assert [Path(f["path"]) for f in artifact["files"]] == [out / "a.png", out / "b.png"]
    assert Path(artifact["files"][0]["path"]).read_bytes() == PNG


# --- langchain-tests standard suites ---------------------------------------------------------------


class TestEditToolStandardUnit(ToolsUnitTests):
    """langchain-tests' unit suite: construction, name, schema, example args, init from env."""

    @property
    def tool_constructor(self) -> type[RunComfyImageEditTool]:
        return RunComfyImageEditTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"router": rules_router(), "execute": False}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return dict(ARGS)

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        env = {
            "RUNCOMFY_TOKEN": "env-token-3d9a",
            "RUNCOMFY_MODEL_API_BASE": "https://api.example.test/v1/",
            "RUNCOMFY_EDIT_DOWNLOAD_HOSTS": "cdn.example.test",
            "RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "1000",
            "RUNCOMFY_EDIT_POLL_INTERVAL": "0.5",
            "RUNCOMFY_EDIT_CACHE_DIR": "/tmp/runcomfy-edit-test-cache",
        }
        expected = APISettings(
            base_url="https://api.example.test/v1",
            token=SecretStr("env-token-3d9a"),
            download_hosts=("cdn.example.test",),
            max_download_bytes=1000,
            poll_interval=0.5,
            schema_cache_dir=Path("/tmp/runcomfy-edit-test-cache/schemas"),
        )
        attrs = {
            "api_settings": expected,
            "api_key": "env-token-3d9a",
            "base_url": "https://api.example.test/v1",
        }
        return env, {"router": rules_router()}, attrs


class TestEditToolStandardIntegration(ToolsIntegrationTests):
    """langchain-tests' integration suite: invoke/ainvoke with and without a ToolCall, on the fake API."""

    @pytest.fixture(autouse=True)
    def _fake_api(self, api_env: dict[str, str], tmp_path: Path) -> None:
        """Runs before the suite's `tool` fixture, so the tool reads the fake's environment."""
        self.out = tmp_path

    @property
    def tool_constructor(self) -> type[RunComfyImageEditTool]:
        return RunComfyImageEditTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"router": rules_router(), "output_dir": self.out}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return dict(ARGS)


# --- the tool on its own ---------------------------------------------------------------------------


def test_name_description_and_schema_tell_an_agent_when_to_use_it() -> None:
    """The name, description and every argument description are there for the LLM to read."""
    tool = RunComfyImageEditTool(router=rules_router())
    assert tool.name == "runcomfy_image_edit"
    assert "paid" in tool.description
    assert "at least one source image URL" in tool.description
    assert "from text alone" in tool.description
    schema = tool.tool_call_schema.model_json_schema()  # type: ignore[union-attr]
    assert schema["required"] == ["request", "image_urls"]
    assert set(schema["properties"]) == set(EditToolInput.model_fields)
    assert all(prop.get("description") for prop in schema["properties"].values())
    assert EditToolInput.model_json_schema()["additionalProperties"] is False
    assert "nothing is submitted" in RunComfyImageEditTool(execute=False, router=rules_router()).description


def test_works_with_no_arguments_and_never_shows_the_token(api_env: dict[str, str]) -> None:
    """`RunComfyImageEditTool()` configures itself from the environment; its repr masks the token."""
    tool = RunComfyImageEditTool()
    assert tool.api_settings.token is not None
    assert tool.api_settings.token.get_secret_value() == TOKEN
    assert tool.execute is True
    assert TOKEN not in repr(tool)
    assert TOKEN not in str(tool.model_dump())


def test_plan_only_never_touches_the_api(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`execute=False`, sync and async: says nothing was paid, the artifact holds the plan, zero requests."""
    tool = edit_tool(tmp_path, execute=False)
    message = tool.invoke(tool_call())
    again = asyncio.run(tool.ainvoke(tool_call()))
    assert fake_api.requests == []
    assert list(tmp_path.iterdir()) == []
    for msg in (message, again):
        assert msg.status == "success"
        assert "nothing was paid" in msg.content
        assert msg.artifact["executed"] is False
        assert msg.artifact["route"] == "nano-banana-edit"
        assert msg.artifact["body"]["prompt"] == msg.artifact["prompt"]
        assert msg.artifact["prompt"] in msg.content


def test_content_names_the_model_and_the_files(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """The content sentence names the model, the change and the absolute paths; the artifact has it all."""
    message = edit_tool(tmp_path).invoke(tool_call())
    artifact = message.artifact
    assert_ran_once(fake_api, artifact, tmp_path)
    assert message.content.startswith("Edited with google/nano-banana-2/edit (nano-banana-edit)")
    assert str(tmp_path / "a.png") in message.content
    assert artifact["request_id"] in message.content
    for key in ("route", "model_id", "prompt", "body", "reasons", "request_id", "output_urls", "files"):
        assert key in artifact
    assert artifact["output_urls"] == [fake_api.file_url("a.png"), fake_api.file_url("b.png")]


def test_without_output_dir_answers_with_urls(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """`output_dir=None` downloads nothing and gives the output URLs instead."""
    message = RunComfyImageEditTool(router=rules_router(), output_dir=None).invoke(tool_call())
    assert fake_api.downloads == []
    assert message.artifact["files"] == []
    assert fake_api.file_url("a.png") in message.content


async def test_async_path_awaits_without_threads(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`ainvoke` plans and runs on the calling event loop: nothing goes to an executor or a thread."""
    loop = asyncio.get_running_loop()
    offloaded: list[Any] = []

    def record(executor: Any, func: Any, *args: Any) -> Any:
        offloaded.append(func)
        raise AssertionError(f"offloaded to a thread: {func!r}")

    original = loop.run_in_executor
    loop.run_in_executor = record  # type: ignore[method-assign, assignment]
    try:
        message = await edit_tool(tmp_path).ainvoke(tool_call())
    finally:
        loop.run_in_executor = original  # type: ignore[method-assign]
    assert offloaded == []
    assert_ran_once(fake_api, message.artifact, tmp_path)


async def test_sync_invoke_inside_a_running_loop_still_works(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """A sync `invoke` from async code (a notebook cell) runs the job on its own loop instead of failing."""
    message = edit_tool(tmp_path).invoke(tool_call())
    assert message.status == "success"
    assert_ran_once(fake_api, message.artifact, tmp_path)


# --- errors become ToolMessages the agent can act on ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"request": REQUEST, "image_urls": ["http://example.com/a.jpg"]}, "is not an https:// URL"),
        ({"request": "  ", "image_urls": [IMAGE]}, "request is empty"),
        (
            {"request": REQUEST, "image_urls": [IMAGE, IMAGE], "mask_url": "https://example.com/m.png"},
            "a mask needs exactly one image",
        ),
        ({"request": REQUEST, "image_urls": [IMAGE, IMAGE], "model": "flux-kontext-pro"}, "flux"),
        ({"request": REQUEST, "image_urls": [IMAGE], "aspect_ratio": "7:1"}, "aspect_ratio"),
        ({"request": REQUEST, "image_urls": []}, "image_urls"),
        ({"request": REQUEST, "image_urls": [IMAGE], "model": "dall-e"}, "model"),
        ({"request": REQUEST, "image_urls": [IMAGE], "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_an_error_message_not_an_exception(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, args: dict[str, Any], expected: str
) -> None:
    """Bad arguments → ToolMessage status="error" naming the problem and saying to fix it; nothing sent."""
    message = edit_tool(tmp_path).invoke(tool_call(args))
    assert isinstance(message, ToolMessage)
    assert message.status == "error"
    assert expected in message.content
    assert "call the tool again" in message.content
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("fault", "expected", "submits"),
    [
        ("bad_token", "RUNCOMFY_TOKEN", 1),
        ("job_failed", "rephrase the request", 1),
        ("submit_dropped", "Do NOT call the tool again", 1),
        ("rejected", "change the arguments", 1),
    ],
)
async def test_api_faults_are_error_messages_with_advice(
    api_env: dict[str, str],
    fake_api: FakeModelAPI,
    tmp_path: Path,
    fault: str,
    expected: str,
    submits: int,
) -> None:
    """Model API faults → ToolMessage status="error" with advice; an ambiguous submit is never re-sent."""
    if fault == "bad_token":
        fake_api.token = "a-different-token"
    elif fault == "job_failed":
        fake_api.faults.job_error = "NSFW content detected"
    elif fault == "submit_dropped":
        fake_api.faults.submit_drop = True
    else:
        fake_api.faults.submit_status = 422
        fake_api.faults.submit_detail = "image_urls[0] could not be fetched"
    message = await edit_tool(tmp_path).ainvoke(tool_call())
    assert message.status == "error"
    assert expected in message.content
    assert len(fake_api.submits) == submits
    assert TOKEN not in message.content
    assert list(tmp_path.iterdir()) == []


def test_no_token_is_an_error_message_and_nothing_is_sent(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any token the agent is told how to configure one, and no request leaves the machine."""
    monkeypatch.delenv("RUNCOMFY_TOKEN")
    message = edit_tool(tmp_path).invoke(tool_call())
    assert message.status == "error"
    assert "AuthenticationError" in message.content
    assert "RUNCOMFY_TOKEN" in message.content
    assert fake_api.requests == []


async def test_cancelling_the_agent_task_cancels_the_job(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Cancelling `ainvoke` while the job is queued sends one cancel and re-raises `CancelledError`."""
    fake_api.faults.queue_forever = True
    task = asyncio.ensure_future(edit_tool(tmp_path).ainvoke(tool_call()))
    for _ in range(500):
        if fake_api.status_polls:
            break
        await asyncio.sleep(0.01)
    assert fake_api.status_polls, "the job never started polling"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(fake_api.submits) == 1
    assert len(fake_api.cancels) == 1
    assert list(tmp_path.iterdir()) == []


def test_handle_tool_error_false_raises_tool_exception(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """With `handle_tool_error=False` the caller gets the `ToolException` (chained to the package's error)."""
    fake_api.faults.job_error = "out of credits"
    tool = edit_tool(tmp_path, handle_tool_error=False)
    with pytest.raises(ToolException, match="out of credits") as caught:
        tool.invoke(tool_call())
    assert caught.value.__cause__ is not None


# --- inside LangGraph: ToolNode and the prebuilt ReAct agent --------------------------------------


def tool_node_graph(tool: RunComfyImageEditTool) -> Any:
    """A one-node graph around `ToolNode([tool])`: how LangGraph 1.x runs a ToolNode (it needs a runtime)."""
    builder = StateGraph(MessagesState)
    builder.add_node("tools", ToolNode([tool]))
    builder.add_edge(START, "tools")
    return builder.compile()


def called(*calls: ToolCall) -> dict[str, Any]:
    """A graph input whose last message is an AIMessage asking for `calls`."""
    return {"messages": [AIMessage(content="", tool_calls=list(calls))]}


def test_tool_node_sync(api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path) -> None:
    """`ToolNode([tool]).invoke` runs the call and returns a ToolMessage with content and artifact."""
    result = tool_node_graph(edit_tool(tmp_path)).invoke(called(tool_call()))
    message = result["messages"][-1]
    assert message.status == "success"
    assert message.tool_call_id == "call_1"
    assert_ran_once(fake_api, message.artifact, tmp_path)


async def test_tool_node_async(api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path) -> None:
    """`ToolNode([tool]).ainvoke` takes the async path and returns the same kind of ToolMessage."""
    result = await tool_node_graph(edit_tool(tmp_path)).ainvoke(called(tool_call()))
    message = result["messages"][-1]
    assert message.status == "success"
    assert_ran_once(fake_api, message.artifact, tmp_path)


async def test_tool_node_error_is_a_tool_message(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Inside a ToolNode a bad call comes back as status="error" (the node's own default would re-raise)."""
    bad = tool_call({"request": REQUEST, "image_urls": ["ftp://example.com/a.jpg"]})
    result = await tool_node_graph(edit_tool(tmp_path)).ainvoke(called(bad))
    message = result["messages"][-1]
    assert message.status == "error"
    assert "https://" in message.content
    assert fake_api.requests == []


@IGNORE_REACT_DEPRECATION
def test_react_agent_sync(api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path) -> None:
    """A prebuilt ReAct agent (sync): user message → tool call → files → an answer naming them."""
    agent = create_react_agent(fake_chat(), [edit_tool(tmp_path)])
    state = agent.invoke({"messages": [("user", f"{REQUEST}: {IMAGE}")]})
    tool_message = next(m for m in state["messages"] if isinstance(m, ToolMessage))
    assert_ran_once(fake_api, tool_message.artifact, tmp_path)
    final = state["messages"][-1]
    assert isinstance(final, AIMessage)
    assert final.text.startswith(ANSWER_PREFIX)
    assert str(tmp_path / "a.png") in final.text


@IGNORE_REACT_DEPRECATION
async def test_react_agent_async_error_reaches_the_model(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """A prebuilt ReAct agent (async): a failed job reaches the model as an error ToolMessage, no crash."""
    fake_api.faults.job_error = "NSFW content detected"
    agent = create_react_agent(fake_chat(), [edit_tool(tmp_path)])
    state = await agent.ainvoke({"messages": [("user", f"{REQUEST}: {IMAGE}")]})
    tool_message = next(m for m in state["messages"] if isinstance(m, ToolMessage))
    assert tool_message.status == "error"
    assert "NSFW content detected" in state["messages"][-1].content
    assert len(fake_api.submits) == 1


@IGNORE_REACT_DEPRECATION
async def test_react_agent_async_success(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """A prebuilt ReAct agent (async) on the happy path: one submit, both files, the answer names them."""
    agent = create_react_agent(fake_chat(), [edit_tool(tmp_path)])
    state = await agent.ainvoke({"messages": [("user", f"{REQUEST}: {IMAGE}")]})
    tool_message = next(m for m in state["messages"] if isinstance(m, ToolMessage))
    assert_ran_once(fake_api, tool_message.artifact, tmp_path)
    assert str(tmp_path / "b.png") in state["messages"][-1].content


# --- progress as custom events, and named runs -----------------------------------------------------


class Recorder(BaseCallbackHandler):
    """Records chain run names and custom events, with their parent runs."""

    def __init__(self) -> None:
        self.chains: list[str] = []
        self.events: list[tuple[str, Any]] = []

    def on_chain_start(
        self, serialized: dict[str, Any] | None, inputs: Any, *, run_id: UUID, **kwargs: Any
    ) -> None:
        self.chains.append(str(kwargs.get("name")))

    def on_custom_event(self, name: str, data: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self.events.append((name, data))


def assert_progress(events: list[dict[str, Any]], request_id: str) -> None:
    """Submitted → queued (with a position) → running → downloading → done, all for this job."""
    phases = [e["phase"] for e in events]
    assert phases[0] == "submitted"
    assert phases[-1] == "done"
    assert "downloading" in phases
    queued = [e for e in events if e["status"] == "in_queue"]
    assert queued
    assert queued[0]["queue_position"] == 1
    assert any(e["status"] == "in_progress" for e in events)
    assert {e["request_id"] for e in events} == {request_id}
    assert all(set(e) == {"phase", "status", "queue_position", "elapsed", "request_id"} for e in events)


async def test_progress_custom_events_in_astream_events(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`astream_events` yields the progress custom events, and the plan/run steps as named child runs."""
    tool = edit_tool(tmp_path)
    events: list[dict[str, Any]] = []
    names: list[str] = []
    output: Any = None
    async for event in tool.astream_events(tool_call(), version="v2"):
        names.append(f"{event['event']}:{event['name']}")
        if event["event"] == "on_custom_event" and event["name"] == PROGRESS_EVENT:
            events.append(dict(event["data"]))
        if event["event"] == "on_tool_end":
            output = event["data"]["output"]
    assert_progress(events, output.artifact["request_id"])
    assert "on_chain_start:runcomfy_edit.plan" in names
    assert "on_chain_start:runcomfy_edit.run" in names
    assert names.index("on_tool_start:runcomfy_image_edit") < names.index("on_chain_start:runcomfy_edit.plan")


def test_progress_custom_events_on_the_sync_path(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """A sync `invoke` sends the same events to a callback handler."""
    recorder = Recorder()
    message = edit_tool(tmp_path).invoke(tool_call(), config={"callbacks": [recorder]})
    progress = [data for name, data in recorder.events if name == PROGRESS_EVENT]
    assert_progress(progress, message.artifact["request_id"])
    assert recorder.chains == ["runcomfy_edit.plan", "runcomfy_edit.run"]


# --- the router's runnables --------------------------------------------------------------------------


def test_plan_runnable_composes_in_lcel_and_is_named() -> None:
    """`router.plan_runnable() | …` composes; invoke, batch and the run name `runcomfy_edit.plan`."""
    router = rules_router()
    chain = router.plan_runnable() | RunnableLambda(lambda plan: plan.route, name="route_of")
    recorder = Recorder()
    assert chain.invoke({"request": REQUEST, "images": [IMAGE]}, {"callbacks": [recorder]}) == (
        "nano-banana-edit"
    )
    assert "runcomfy_edit.plan" in recorder.chains
    assert chain.batch(
        [
            {"request": "she is now holding an orange umbrella", "images": [IMAGE]},
            {"request": REQUEST, "images": [IMAGE], "model": "gpt-image-2-edit"},
        ]
    ) == ["flux-kontext-pro", "gpt-image-2-edit"]
    assert router.plan_runnable().get_name() == "runcomfy_edit.plan"
    assert set(router.plan_runnable().get_input_jsonschema()["$defs"]["EditInput"]["required"]) == {
        "request",
        "images",
    }


async def test_classify_runnable_async_and_bad_input() -> None:
    """`classify_runnable` returns the classifier's answer; bad input is the package's `InputError`."""
    router = rules_router()
    result = await router.classify_runnable().ainvoke({"request": REQUEST, "images": [IMAGE]})
    assert isinstance(result, Classification)
    assert result.route == "nano-banana-edit"
    assert router.classify_runnable().get_name() == "runcomfy_edit.classify"
    with pytest.raises(InputError, match="'images'"):
        await router.plan_runnable().ainvoke({"request": REQUEST})  # type: ignore[typeddict-item]


async def test_plan_then_run_runnables_compose_and_report_progress(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`plan_runnable() | run_runnable(output_dir)` runs the job: one submit, files, events, named runs."""
    router = rules_router()
    chain = router.plan_runnable() | router.run_runnable(output_dir=tmp_path)
    recorder = Recorder()
    result = await chain.ainvoke({"request": REQUEST, "images": [IMAGE]}, {"callbacks": [recorder]})
    assert isinstance(result, RunResult)
    assert len(fake_api.submits) == 1
    assert [f.path for f in result.files] == [tmp_path / "a.png", tmp_path / "b.png"]
    assert recorder.chains[1:] == ["runcomfy_edit.plan", "runcomfy_edit.run"]
    assert_progress([d for n, d in recorder.events if n == PROGRESS_EVENT], result.request_id)


def test_run_runnable_takes_a_plan_dict_and_explicit_settings(fake_api: FakeModelAPI, tmp_path: Path) -> None:
    """The run step accepts a plan's JSON dump (e.g. from graph state) and `settings` instead of env vars."""
    router = rules_router()
    plan = router.plan(REQUEST, [IMAGE])
    settings = APISettings(
        base_url=fake_api.base_url,
        token=SecretStr(TOKEN),
        download_hosts=("127.0.0.1",),
        poll_interval=0.01,
    )
    result = router.run_runnable(tmp_path, settings=settings).invoke(plan.model_dump(mode="json"))
    assert result.route == plan.route
    assert fake_api.submits[0].json() == plan.body
    with pytest.raises(InputError, match="not a valid plan"):
        router.run_runnable(tmp_path, settings=settings).invoke({"route": "nano-banana-edit"})
    assert len(fake_api.submits) == 1


async def test_arun_plan_runs_exactly_the_approved_plan(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`arun_plan` submits the plan-only artifact's body as is and answers like the tool would."""
    planner = edit_tool(tmp_path, execute=False)
    planned = await planner.ainvoke(tool_call())
    assert fake_api.requests == []
    runner = edit_tool(tmp_path)
    message = await runner.arun_plan(planned.artifact, tool_call_id="call_1")
    assert message.status == "success"
    assert message.tool_call_id == "call_1"
    assert_ran_once(fake_api, message.artifact, tmp_path)
    assert message.artifact["prompt"] == planned.artifact["prompt"]
    fake_api.faults.job_error = "gone wrong"
    plan = EditPlan.model_validate({k: v for k, v in planned.artifact.items() if k != "executed"})
    failed = runner.run_plan(plan, tool_call_id="x")
    assert failed.status == "error"
    assert "gone wrong" in failed.content


# --- packaging ------------------------------------------------------------------------------------


def test_importing_the_package_does_not_import_langgraph() -> None:
    """LangGraph is an optional extra: importing the package, the tool and `route_edit` never loads it."""
    code = (
        "import sys, runcomfy_edit_tool\n"
        "from runcomfy_edit_tool import RunComfyImageEditTool, route_edit\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'langgraph')\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- after a paid submit: keep the job, never invite a second run -------------------------------


@pytest.mark.parametrize(
    ("fault", "value"),
    [
        ("status_raw", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("status_raw", b'{"request_id":"r","status":1' + b"0" * 5000 + b"}"),
        ("output_override", "https://xn--zz.runcomfy.net/a.png"),
        ("result_raw", b"not json"),
    ],
)
async def test_post_submit_faults_keep_the_job_in_the_message_and_the_artifact(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, fault: str, value: Any
) -> None:
    """A fault after the paid submit: "do not call again", how to resume, the id in the artifact."""
    setattr(fake_api.faults, fault, value)
    planner = edit_tool(tmp_path, execute=False)
    planned = await planner.ainvoke(tool_call())
    message = await edit_tool(tmp_path).arun_plan(planned.artifact, tool_call_id="call_9")
    request_id = next(iter(fake_api.jobs))
    assert message.status == "error"
    assert "Do NOT call the tool again" in message.content
    assert request_id in message.content
    assert message.artifact is not None
    assert message.artifact["request_id"] == request_id
    assert len(fake_api.submits) == 1
    via_tool = await edit_tool(tmp_path).ainvoke(tool_call())
    assert via_tool.status == "error"
    assert "Do NOT call the tool again" in via_tool.content
    assert "Invalid arguments" not in via_tool.content
