"""LangChain 1.x agents: approval of the exact plan, progress in the stream, the toolkit, agent wording.

`create_agent` runs with a fake tool-calling chat model against the loopback fake Model API; every
test that must not pay asserts the fake saw no request at all.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from _langchain_fakes import IMAGE, REQUEST, fake_chat
from fake_model_api import TOKEN, FakeModelAPI
from langchain.agents import create_agent
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, ToolCall, ToolMessage
from langchain_core.runnables import RunnableLambda
from langchain_tests.integration_tests import ToolsIntegrationTests
from langchain_tests.unit_tests import ToolsUnitTests
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.types import Command

from runcomfy_edit_tool import (
    EditRouter,
    InputError,
    RunComfyEditCancelTool,
    RunComfyEditResultTool,
    RunComfyEditToolkit,
    RunComfyImageEditTool,
    UsageError,
)
from runcomfy_edit_tool._integrations.runnables import graph_stream_writer
from runcomfy_edit_tool._integrations.wording import MODEL_ALIASES, agent_message
from runcomfy_edit_tool.langgraph import (
    PLAN_ARG,
    RunComfyApprovalMiddleware,
    approved_plan,
    build_approval_graph,
    review_text,
)

MASK = "https://example.com/mask.png"
CONFIG: Any = {"configurable": {"thread_id": "t1"}}


def rules() -> EditRouter:
    """The offline classifier: deterministic, never on the network."""
    return EditRouter(classifier="rules")


def toolkit(out: Path, **kwargs: Any) -> RunComfyEditToolkit:
    """The toolkit on the rules router, writing into `out`."""
    return RunComfyEditToolkit(router=rules(), output_dir=out, **kwargs)


def approval_agent(out: Path, *, mode: str = "batched", **chat: Any) -> Any:
    """`create_agent` + `RunComfyApprovalMiddleware` + a checkpointer, as docs/langchain.md shows it."""
    kit = toolkit(out)
    middleware = RunComfyApprovalMiddleware(kit, interrupt_mode=mode)
    return create_agent(
        fake_chat(**chat), kit.get_tools(), middleware=[middleware], checkpointer=InMemorySaver()
    )


def user(text: str = f"{REQUEST}: {IMAGE}") -> dict[str, Any]:
    """The agent's input: one user message."""
    return {"messages": [("user", text)]}


def paused(state: dict[str, Any]) -> dict[str, Any]:
    """The one action request of the interrupt the agent stopped at."""
    (pause,) = state["__interrupt__"]
    (action,) = pause.value["action_requests"]
    result: dict[str, Any] = action
    return result


def tool_message(state: dict[str, Any]) -> ToolMessage:
    """The (last) ToolMessage of a finished agent run."""
    return [m for m in state["messages"] if isinstance(m, ToolMessage)][-1]


def edit_call(args: dict[str, Any], call_id: str = "call_1", name: str = "runcomfy_image_edit") -> ToolCall:
    """A ToolCall as a chat model emits it."""
    return ToolCall(name=name, args=args, id=call_id, type="tool_call")


# --- create_agent + HumanInTheLoopMiddleware: approve, edit, reject ---------------------------------


def test_pause_shows_the_plan_and_approve_runs_exactly_that_body(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """The interrupt carries the plan (args and description); approve → one submit of exactly that body."""
    agent = approval_agent(tmp_path)
    action = paused(agent.invoke(user(), CONFIG))
    assert fake_api.requests == []  # planning is free: nothing reached the API before the decision
    plan = action["args"][PLAN_ARG]
    description = action["description"]
    assert plan["route"] == "nano-banana-edit"
    assert "PAID" in description
    assert "charges" in description
    assert "google/nano-banana-2/edit" in description
    assert plan["prompt"] in description
    assert "Images: 1 source image" in description
    state = agent.invoke(Command(resume={"decisions": [{"type": "approve"}]}), CONFIG)
    assert len(fake_api.submits) == 1
    assert fake_api.submits[0].json() == plan["body"]
    message = tool_message(state)
    assert message.status == "success"
    assert message.artifact["body"] == plan["body"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


async def test_async_agent_approves_and_runs_the_shown_plan(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`ainvoke`: the plan is made with `aplan` before the pause and the approved body is submitted once."""
    agent = approval_agent(tmp_path)
    action = paused(await agent.ainvoke(user(), CONFIG))
    assert fake_api.requests == []
    await agent.ainvoke(Command(resume={"decisions": [{"type": "approve"}]}), CONFIG)
    assert [s.json() for s in fake_api.submits] == [action["args"][PLAN_ARG]["body"]]


def test_the_tool_never_classifies_again_after_approval(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """A router that would now answer differently cannot change what runs: the shown plan is run."""
    kit = toolkit(tmp_path)
    agent = create_agent(
        fake_chat(),
        kit.get_tools(),
        middleware=[RunComfyApprovalMiddleware(kit)],
        checkpointer=InMemorySaver(),
    )
    action = paused(agent.invoke(user(), CONFIG))
    calls: list[str] = []

    def must_not_plan(*args: Any, **kwargs: Any) -> Any:
        calls.append("plan")
        raise AssertionError("planned again after approval")

    kit.router.plan = must_not_plan  # type: ignore[method-assign]
    kit.router.aplan = must_not_plan  # type: ignore[method-assign]
    agent.invoke(Command(resume={"decisions": [{"type": "approve"}]}), CONFIG)
    assert calls == []
    assert fake_api.submits[0].json() == action["args"][PLAN_ARG]["body"]


def test_reject_sends_nothing(api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path) -> None:
    """Reject → the model is told the call did not run; zero requests reach the API."""
    agent = approval_agent(tmp_path)
    paused(agent.invoke(user(), CONFIG))
    state = agent.invoke(Command(resume={"decisions": [{"type": "reject", "message": "too pricey"}]}), CONFIG)
    assert fake_api.requests == []
    assert tool_message(state).status == "error"
    assert "too pricey" in str(tool_message(state).content)
    assert list(tmp_path.iterdir()) == []


def test_edit_of_the_model_is_validated_then_run(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Edit `model` to a human name → mapped, body rebuilt for that model, validated, submitted once."""
    agent = approval_agent(tmp_path)
    action = paused(agent.invoke(user(), CONFIG))
    args = {**action["args"], "model": "gpt image 2"}
    edit = {"type": "edit", "edited_action": {"name": action["name"], "args": args}}
    state = agent.invoke(Command(resume={"decisions": [edit]}), CONFIG)
    assert len(fake_api.submits) == 1
    submit = fake_api.submits[0]
    assert submit.path.endswith("/openai/gpt-image-2/edit")
    assert submit.json() == {"prompt": action["args"][PLAN_ARG]["prompt"], "images": [IMAGE]}
    message = tool_message(state)
    assert message.status == "success"
    assert message.artifact["route"] == "gpt-image-2-edit"
    assert "edited by the reviewer" in message.artifact["reasons"][0]
    assert "human reviewer replaced this tool call" in str(message.content)


def test_edit_of_the_prompt_runs_the_new_prompt(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Edit `plan.prompt` → the same model gets the reviewer's prompt; nothing else changes."""
    agent = approval_agent(tmp_path, mode="per_call")
    state = agent.invoke(user(), CONFIG)
    (pause,) = state["__interrupt__"]
    args = pause.value["args"]
    edited = {**args, PLAN_ARG: {**args[PLAN_ARG], "prompt": "Make the sky a purple sunset."}}
    edit = {"type": "edit", "edited_action": {"name": pause.value["name"], "args": edited}}
    agent.invoke(Command(resume={pause.id: edit}), CONFIG)
    assert [s.json() for s in fake_api.submits] == [
        {"prompt": "Make the sky a purple sunset.", "image_urls": [IMAGE]}
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"model": "flux"}, None),  # flux takes exactly one image: fine here, checked below with two
        ({"image_urls": ["https://example.com/other.jpg"]}, "image_urls cannot change"),
        ({"request": "something else"}, "request cannot change"),
        ({"model": "dall-e"}, "leave model null"),
        ({"model": "z-image-inpaint"}, "cannot use 'z-image-inpaint'"),
        ({"num_outputs": 9}, "num_outputs"),
        ({PLAN_ARG: None}, "has no 'plan'"),
    ],
)
def test_an_invalid_edit_is_an_error_and_sends_nothing(
    api_env: dict[str, str],
    fake_api: FakeModelAPI,
    tmp_path: Path,
    change: dict[str, Any],
    expected: str | None,
) -> None:
    """Each edit is re-validated before it runs: an invalid one is answered with the reason, zero requests."""
    agent = approval_agent(tmp_path)
    action = paused(agent.invoke(user(), CONFIG))
    args = {**action["args"], **change}
    edit = {"type": "edit", "edited_action": {"name": action["name"], "args": args}}
    state = agent.invoke(Command(resume={"decisions": [edit]}), CONFIG)
    message = tool_message(state)
    if expected is None:
        assert message.status == "success"
        assert message.artifact["route"] == "flux-kontext-pro"
        assert len(fake_api.submits) == 1
        return
    assert message.status == "error"
    assert expected in str(message.content)
    assert fake_api.requests == []


def test_an_unplannable_call_pauses_with_the_reason_and_never_runs(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """An http:// image: the description says it cannot run; approving returns the error, sends nothing."""
    agent = approval_agent(
        tmp_path, call_args={"request": REQUEST, "image_urls": ["http://example.com/a.jpg"]}
    )
    action = paused(agent.invoke(user(), CONFIG))
    assert action["description"].startswith("This call cannot run")
    assert "image_urls[0]" in action["description"]
    state = agent.invoke(Command(resume={"decisions": [{"type": "approve"}]}), CONFIG)
    assert tool_message(state).status == "error"
    assert "https://" in str(tool_message(state).content)
    assert fake_api.requests == []


def test_the_free_plan_tool_is_not_gated(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Only the paid tool pauses: a call of the plan tool runs at once and costs nothing."""
    agent = approval_agent(tmp_path, tool_name="runcomfy_image_edit_plan")
    state = agent.invoke(user(), CONFIG)
    assert "__interrupt__" not in state
    assert "nothing was paid" in str(tool_message(state).content)
    assert fake_api.requests == []


# --- approved_plan: what a reviewer may change ------------------------------------------------------


def shown_args(**extra: Any) -> dict[str, Any]:
    """A call's arguments with the plan the reviewer saw."""
    plan = rules().plan(REQUEST, [IMAGE], **extra).model_dump(mode="json")
    return {"request": REQUEST, "image_urls": [IMAGE], PLAN_ARG: plan}


def with_plan(args: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """`args` with some of the plan's fields replaced."""
    return {**args, PLAN_ARG: {**args[PLAN_ARG], **fields}}


@pytest.mark.parametrize(
    ("edit", "route", "body"),
    [
        (lambda a: a, "nano-banana-edit", None),
        (lambda a: {**a, "model": "nano banana"}, "nano-banana-edit", None),
        (lambda a: {**a, "model": "flux"}, "flux-kontext-pro", {"image_url": IMAGE}),
        (lambda a: {**a, "model": "FLUX.1 Kontext Pro"}, "flux-kontext-pro", {"image_url": IMAGE}),
        (lambda a: {**a, "model": "gpt-image-2"}, "gpt-image-2-edit", {"images": [IMAGE]}),
        (lambda a: with_plan(a, route="gpt-image-2-edit"), "gpt-image-2-edit", {"images": [IMAGE]}),
        (lambda a: {**a, "seed": 7}, "nano-banana-edit", {"image_urls": [IMAGE], "seed": 7}),
        (lambda a: {**a, "num_outputs": 3}, "nano-banana-edit", {"image_urls": [IMAGE], "num_images": 3}),
        (lambda a: {**a, "aspect_ratio": ""}, "nano-banana-edit", None),
    ],
)
def test_approved_plan_applies_valid_edits(edit: Any, route: str, body: dict[str, Any] | None) -> None:
    """Approval returns the shown plan; model, prompt and option edits rebuild a valid body for the route."""
    shown = shown_args()
    plan = approved_plan(shown, edit(dict(shown)))
    assert plan.route == route
    if body is None:
        assert plan.body == shown[PLAN_ARG]["body"]
    else:
        assert plan.body == {"prompt": shown[PLAN_ARG]["prompt"], **body}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda a: with_plan(a, body={"prompt": "x", "image_urls": [IMAGE]}), "plan.body cannot be edited"),
        (lambda a: with_plan(a, prompt="  "), "plan.prompt is empty"),
        (lambda a: with_plan(a, images=["https://example.com/b.jpg"]), "plan.images cannot change"),
        (lambda a: with_plan(a, mask=MASK), "plan.mask cannot change"),
        (lambda a: with_plan(a, route="dall-e"), "not a valid plan"),
        (lambda a: {**a, "mask_url": MASK}, "mask_url cannot change"),
        (lambda a: {**a, "aspect_ratio": "7:1"}, "aspect_ratio"),
        (lambda a: {k: v for k, v in a.items() if k != PLAN_ARG}, "has no 'plan'"),
    ],
)
def test_approved_plan_refuses_invalid_edits(edit: Any, message: str) -> None:
    """An edit that changes the inputs, the body by hand, or fails the model's schema is an `InputError`."""
    shown = shown_args()
    with pytest.raises(InputError, match=message):
        approved_plan(shown, edit(dict(shown)))


def test_review_text_for_a_masked_edit_and_an_error() -> None:
    """The description names the mask, the output count; a failed plan says nothing will be submitted."""
    plan = rules().plan("remove the cable", [IMAGE], MASK).model_dump(mode="json")
    text = review_text(plan)
    assert "Model: tongyi-mai/z-image/turbo/inpainting (z-image-inpaint)" in text
    assert "Images: 1 source image + a mask; outputs: 1" in text
    assert review_text({"error": "InputError: nope"}).endswith("nope")
    assert "chosen only when it runs" in review_text(None)  # the stock middleware with our description


# --- progress in stream_mode="custom" ----------------------------------------------------------------

PROGRESS_KEYS = {"phase", "status", "queue_position", "elapsed", "request_id"}


def check_progress(chunks: list[Any], request_id: str) -> None:
    """Submitted → queued → running → downloading → done, the callback events' payload, for this job."""
    assert chunks, "no custom stream chunk"
    assert all(set(c) == PROGRESS_KEYS for c in chunks)
    assert chunks[0]["phase"] == "submitted"
    assert chunks[-1]["phase"] == "done"
    assert any(c["status"] == "in_queue" and c["queue_position"] == 1 for c in chunks)
    assert {c["request_id"] for c in chunks} == {request_id}


def tool_node_graph(tool: RunComfyImageEditTool) -> Any:
    """START → ToolNode([tool])."""
    builder = StateGraph(MessagesState)
    builder.add_node("tools", ToolNode([tool]))
    builder.add_edge(START, "tools")
    return builder.compile()


def test_custom_stream_from_create_agent_sync(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """`create_agent(...).stream(stream_mode=["custom", "values"])` yields every progress report."""
    agent = create_agent(fake_chat(), toolkit(tmp_path).get_tools())
    chunks: list[Any] = []
    state: Any = None
    for mode, chunk in agent.stream(user(), stream_mode=["custom", "values"]):
        if mode == "custom":
            chunks.append(chunk)
        else:
            state = chunk
    check_progress(chunks, tool_message(state).artifact["request_id"])
    assert len(fake_api.submits) == 1


async def test_custom_stream_from_create_agent_async(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """The async path writes the same reports to `astream(stream_mode="custom")`."""
    agent = create_agent(fake_chat(), toolkit(tmp_path).get_tools())
    chunks = [chunk async for chunk in agent.astream(user(), stream_mode="custom")]
    assert len(fake_api.submits) == 1
    check_progress(chunks, next(iter(fake_api.jobs)))


@pytest.mark.parametrize("use_async", [False, True])
def test_custom_stream_from_a_state_graph_tool_node(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, use_async: bool
) -> None:
    """A `StateGraph` with `ToolNode([tool])`, sync and async, streams the progress as custom chunks."""
    graph = tool_node_graph(RunComfyImageEditTool(router=rules(), output_dir=tmp_path))
    inputs = {
        "messages": [
            AIMessage(content="", tool_calls=[edit_call({"request": REQUEST, "image_urls": [IMAGE]})])
        ]
    }

    async def collect() -> list[Any]:
        return [chunk async for chunk in graph.astream(inputs, stream_mode="custom")]

    chunks = asyncio.run(collect()) if use_async else list(graph.stream(inputs, stream_mode="custom"))
    check_progress(chunks, next(iter(fake_api.jobs)))


async def test_custom_stream_from_the_approval_graph(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """The packaged approval graph streams the approved run's progress in `stream_mode="custom"` too."""
    graph = build_approval_graph(fake_chat(), router=rules(), output_dir=tmp_path)
    await graph.ainvoke(user(), CONFIG)
    chunks = [c async for c in graph.astream(Command(resume=True), CONFIG, stream_mode="custom")]
    check_progress(chunks, next(iter(fake_api.jobs)))


def test_no_stream_writer_outside_a_graph() -> None:
    """Outside a graph — top level, or inside a plain runnable — there is no writer, and no error."""
    assert graph_stream_writer() is None
    assert RunnableLambda(lambda _: graph_stream_writer()).invoke(None) is None
    inside = StateGraph(MessagesState)
    inside.add_node("probe", lambda state: {"messages": [AIMessage(str(graph_stream_writer() is not None))]})
    inside.add_edge(START, "probe")
    assert inside.compile().invoke({"messages": []})["messages"][-1].content == "True"


# --- the toolkit: resume after a timeout, cancel, images ---------------------------------------------


def test_toolkit_tools_and_names(api_env: dict[str, str]) -> None:
    """`get_tools()` → plan (free), run (paid), result, cancel, with distinct names and one configuration."""
    tools = toolkit(Path("out"), api_key="kit-key-9", timeout=5, result_timeout=9).get_tools()
    assert [t.name for t in tools] == [
        "runcomfy_image_edit_plan",
        "runcomfy_image_edit",
        "runcomfy_edit_result",
        "runcomfy_edit_cancel",
    ]
    assert "nothing is submitted" in tools[0].description
    assert "paid" in tools[1].description
    for tool in tools:
        assert isinstance(tool, RunComfyImageEditTool | RunComfyEditResultTool | RunComfyEditCancelTool)
        assert tool.settings.token is not None
        assert tool.settings.token.get_secret_value() == "kit-key-9"
    assert [getattr(t, "timeout", None) for t in tools] == [None, 5, 9, None]


async def test_a_timed_out_run_is_finished_by_the_result_tool(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Timeout → error ToolMessage whose artifact holds id and status; the result tool finishes it."""
    fake_api.faults.queue_forever = True
    _, run, result, _ = toolkit(tmp_path, timeout=0.2).get_tools()
    failed = await run.ainvoke(edit_call({"request": REQUEST, "image_urls": [IMAGE]}))
    assert failed.status == "error"
    assert "APITimeoutError" in failed.content
    assert "runcomfy-edit" not in failed.content
    assert "runcomfy_edit_result" in failed.content
    request_id = failed.artifact["request_id"]
    assert request_id in fake_api.jobs
    assert failed.artifact["status"] == "in_queue"
    assert failed.artifact["executed"] is True
    fake_api.faults.queue_forever = False
    done = await result.ainvoke(edit_call({"request_id": request_id}, name=result.name))
    assert done.status == "success"
    assert done.artifact["request_id"] == request_id
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]
    assert len(fake_api.submits) == 1  # finishing never submits again


def test_sync_timeout_artifact_and_cancel_tool(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Sync path: the timed-out job's id comes back in the artifact, and the cancel tool cancels it."""
    fake_api.faults.queue_forever = True
    _, run, _, cancel = toolkit(tmp_path, timeout=0.2).get_tools()
    failed = run.invoke(edit_call({"request": REQUEST, "image_urls": [IMAGE]}))
    request_id = failed.artifact["request_id"]
    answer = cancel.invoke(edit_call({"request_id": request_id}, name=cancel.name))
    assert answer.status == "success"
    assert answer.artifact == {"request_id": request_id, "outcome": "cancelled", "cancelled": True}
    assert len(fake_api.cancels) == 1


@pytest.mark.parametrize(
    ("fault", "status", "executed"),
    [
        ("job_failed", "completed", True),
        ("submit_dropped", "unknown", False),
        ("rejected", "not_submitted", False),
    ],
)
async def test_every_error_after_the_plan_carries_id_and_status(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, fault: str, status: str, executed: bool
) -> None:
    """Failed job, lost submit answer, rejected submit: the error's artifact says where the job stands."""
    if fault == "job_failed":
        fake_api.faults.job_error = "NSFW content detected"
    elif fault == "submit_dropped":
        fake_api.faults.submit_drop = True
    else:
        fake_api.faults.submit_status = 422
    run = toolkit(tmp_path).get_tools()[1]
    message = await run.ainvoke(edit_call({"request": REQUEST, "image_urls": [IMAGE]}))
    assert message.status == "error"
    assert message.artifact["status"] == status
    assert message.artifact["executed"] is executed
    assert (message.artifact["request_id"] in fake_api.jobs) is executed
    assert message.artifact["route"] == "nano-banana-edit"


def test_result_tool_unknown_id_is_an_error_with_artifact(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """An id the API does not know → error ToolMessage naming it; artifact keeps the id."""
    result = toolkit(tmp_path).get_tools()[2]
    message = result.invoke(
        edit_call({"request_id": "0b7c0c57-0000-0000-0000-000000000000"}, name=result.name)
    )
    assert message.status == "error"
    assert message.artifact["request_id"] == "0b7c0c57-0000-0000-0000-000000000000"
    assert fake_api.submits == []


@pytest.mark.parametrize("use_async", [False, True])
def test_include_images_gives_image_blocks_and_keeps_the_artifact(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, use_async: bool
) -> None:
    """`include_images=True`: text block then one URL image block per output; the artifact is unchanged."""
    run = toolkit(tmp_path, include_images=True).get_tools()[1]
    call = edit_call({"request": REQUEST, "image_urls": [IMAGE]})
    message = asyncio.run(run.ainvoke(call)) if use_async else run.invoke(call)
    text, *images = message.content
    assert text["type"] == "text"
    assert text["text"].startswith("Edited with google/nano-banana-2/edit")
    assert images == [{"type": "image", "url": url} for url in message.artifact["output_urls"]]
    assert len(images) == 2
    assert message.artifact["files"][0]["path"] == str(tmp_path / "a.png")


# --- langchain-tests standard suites for every tool of the toolkit -----------------------------------


class TestResultToolStandardUnit(ToolsUnitTests):
    """langchain-tests' unit suite for the result tool (construction, schema, init from env)."""

    @property
    def tool_constructor(self) -> type[RunComfyEditResultTool]:
        return RunComfyEditResultTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"api_key": "k"}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"request_id": "5e7b0c1a-0000-0000-0000-000000000000"}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        env = {"RUNCOMFY_TOKEN": "env-token-77", "RUNCOMFY_MODEL_API_BASE": "https://api.example.test/v1/"}
        return env, {}, {"api_key": "env-token-77", "base_url": "https://api.example.test/v1"}


class TestCancelToolStandardUnit(TestResultToolStandardUnit):
    """The same unit suite for the cancel tool."""

    @property
    def tool_constructor(self) -> type[RunComfyEditCancelTool]:  # type: ignore[override]
        return RunComfyEditCancelTool


class TestPlanToolStandardUnit(ToolsUnitTests):
    """The unit suite for the toolkit's plan tool (the edit tool with execute=False)."""

    @property
    def tool_constructor(self) -> type[RunComfyImageEditTool]:
        return RunComfyImageEditTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"router": rules(), "execute": False}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"request": REQUEST, "image_urls": [IMAGE]}


class _OnFakeAPI:
    """Runs before the suite's `tool` fixture: the tool reads the fake's environment; a job exists."""

    @pytest.fixture(autouse=True)
    def _fake_api(self, api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path) -> None:
        self.out = tmp_path
        plan = rules().plan(REQUEST, [IMAGE])
        self.request_id = asyncio.run(_submit(plan.model_id, plan.body))


async def _submit(model_id: str, body: dict[str, Any]) -> str:
    """Submit a job to the fake (as an earlier run would have) and return its request id."""
    from runcomfy_edit_tool import ModelAPIClient

    async with ModelAPIClient() as client:
        return (await client.submit(model_id, body)).request_id


class TestResultToolStandardIntegration(_OnFakeAPI, ToolsIntegrationTests):
    """langchain-tests' integration suite for the result tool on the fake API (a job submitted first)."""

    @property
    def tool_constructor(self) -> type[RunComfyEditResultTool]:
        return RunComfyEditResultTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"output_dir": self.out}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"request_id": self.request_id}


class TestCancelToolStandardIntegration(TestResultToolStandardIntegration):
    """The integration suite for the cancel tool."""

    @property
    def tool_constructor(self) -> type[RunComfyEditCancelTool]:  # type: ignore[override]
        return RunComfyEditCancelTool


class TestPlanToolStandardIntegration(_OnFakeAPI, ToolsIntegrationTests):
    """The integration suite for the plan tool: it answers with a plan artifact and sends nothing."""

    @property
    def tool_constructor(self) -> type[RunComfyImageEditTool]:
        return RunComfyImageEditTool

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"router": rules(), "execute": False}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"request": REQUEST, "image_urls": [IMAGE]}


# --- agent-facing wording ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            {"image_urls": IMAGE},
            'image_urls: image_urls must be a list of URLs, not a string: pass a JSON list, e.g. ["https://…"]',
        ),
        (
            {"image_urls": [IMAGE, IMAGE], "mask_url": MASK},
            "pass exactly one URL in image_urls with mask_url",
        ),
        (
            {"image_urls": ["http://example.com/a.jpg"]},
            "image_urls[0] 'http://example.com/a.jpg' is not an https:// URL",
        ),
        (
            {"mask_url": "ftp://example.com/m.png"},
            "mask_url 'ftp://example.com/m.png' is not an https:// URL",
        ),
        ({"model": "dall-e"}, "leave model null and the tool chooses"),
        ({"model": "flux", "image_urls": [IMAGE, IMAGE]}, "cannot use 'flux-kontext-pro'"),
        ({"colour": "red"}, "colour: not an argument of this tool (it takes request, image_urls, mask_url"),
        ({"num_outputs": 2, "model": "flux"}, "flux-kontext-pro does not take 'num_images'"),
    ],
)
def test_errors_name_the_tool_arguments_never_cli_flags(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, args: dict[str, Any], expected: str
) -> None:
    """Each error names the tool's own argument and the fix; no `--flag` or `runcomfy-edit` command."""
    tool = RunComfyImageEditTool(router=rules(), output_dir=tmp_path)
    message = tool.invoke(edit_call({"request": REQUEST, "image_urls": [IMAGE], **args}))
    assert message.status == "error"
    assert expected in message.content
    assert "--" not in message.content
    assert "runcomfy-edit " not in message.content
    assert fake_api.requests == []


@pytest.mark.parametrize("field", ["mask_url", "model", "aspect_ratio", "num_outputs", "seed"])
def test_empty_string_for_an_optional_argument_means_absent(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path, field: str
) -> None:
    """`""` (as models often send) for an optional argument plans exactly as if it were left out."""
    tool = RunComfyImageEditTool(router=rules(), execute=False)
    plain = tool.invoke(edit_call({"request": REQUEST, "image_urls": [IMAGE]}))
    blank = tool.invoke(edit_call({"request": REQUEST, "image_urls": [IMAGE], field: ""}))
    assert blank.status == "success"
    assert blank.artifact == plain.artifact


@pytest.mark.parametrize(("alias", "route"), sorted(MODEL_ALIASES.items()))
def test_every_documented_model_alias_maps(alias: str, route: str) -> None:
    """Each alias in MODEL_ALIASES (and its upper-case, dashed spelling) forces its model."""
    tool = RunComfyImageEditTool(router=rules(), execute=False)
    mask = MASK if route == "z-image-inpaint" else None
    for spelling in (alias, alias.upper().replace(" ", "-")):
        message = tool.invoke(
            edit_call({"request": REQUEST, "image_urls": [IMAGE], "mask_url": mask, "model": spelling})
        )
        assert message.artifact["route"] == route, spelling


R = "runcomfy_edit_result"

WORDING: list[tuple[str, str]] = [
    ("no image given (--image URL)", "no image given in image_urls"),
    (
        "2 were given: pass one image with --mask",
        "2 were given: pass exactly one URL in image_urls with mask_url",
    ),
    ("image 3 'x' is not an https:// URL", "image_urls[2] 'x' is not an https:// URL"),
    ("the mask is empty: give an https:// URL", "mask_url is empty: give an https:// URL"),
    (
        "fetch it later with `runcomfy-edit result ab`",
        f"fetch it later with the {R} tool with request_id='ab'",
    ),
    (
        "or stop it with `runcomfy-edit cancel ab`",
        "or stop it with the runcomfy_edit_cancel tool with request_id='ab'",
    ),
    (
        "download again with `runcomfy-edit result ab --output-dir DIR`",
        f"download again with the {R} tool with request_id='ab'",
    ),
    ("set RUNCOMFY_TOKEN, or run `runcomfy-edit login`", "set RUNCOMFY_TOKEN, or pass api_key to the tool"),
    ("(or `runcomfy-edit status ID` if you have the id)", f"(or the {R} tool if you have the id)"),
    ("pass the id printed by `runcomfy-edit run`", "pass the request_id of an earlier run"),
    ("put the sofa from image 2 in the room", "put the sofa from image 2 in the room"),
]


@pytest.mark.parametrize(("library", "agent"), WORDING)
def test_agent_message_translates_cli_wording(library: str, agent: str) -> None:
    """Library/CLI wording → the tool's arguments and tools; a user's own words are left alone."""
    assert agent_message(library) == agent


def test_runnables_refuse_a_bare_string_like_the_tool() -> None:
    """The plan runnable refuses `images="https://…"` with the same fix the tool gives."""
    with pytest.raises(InputError, match=r'pass a JSON list, e\.g\. \["https://…"\]'):
        rules().plan_runnable().invoke({"request": REQUEST, "images": IMAGE})  # type: ignore[typeddict-item]


# --- configuration the LangChain way -----------------------------------------------------------------


def test_api_key_and_base_url_override_the_environment(
    fake_api: FakeModelAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`api_key=` / `base_url=` configure the client (env unset); the key never shows in repr or dumps."""
    for name in ("RUNCOMFY_TOKEN", "RUNCOMFY_MODEL_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RUNCOMFY_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("RUNCOMFY_EDIT_DOWNLOAD_HOSTS", "127.0.0.1")
    monkeypatch.setenv("RUNCOMFY_EDIT_POLL_INTERVAL", "0.01")
    tool = RunComfyImageEditTool(
        router=rules(), output_dir=tmp_path, api_key=TOKEN, base_url=fake_api.base_url + "/"
    )
    assert tool.base_url == fake_api.base_url
    for shown in (repr(tool), str(tool), str(tool.model_dump()), repr(tool.settings)):
        assert TOKEN not in shown
    message = tool.invoke(edit_call({"request": REQUEST, "image_urls": [IMAGE]}))
    assert message.status == "success"
    assert TOKEN not in str(message)
    assert fake_api.submits[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_the_token_never_reaches_a_trace(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """No callback payload of a whole run (starts, ends, custom events) contains the token."""

    class Everything(BaseCallbackHandler):
        def __init__(self) -> None:
            self.seen: list[str] = []

        def __getattribute__(self, name: str) -> Any:
            if name.startswith("on_"):
                return lambda *a, **k: self.seen.append(repr((a, k)))
            return super().__getattribute__(name)

    recorder = Everything()
    tool = RunComfyImageEditTool(router=rules(), output_dir=tmp_path, api_key=TOKEN)
    tool.invoke(edit_call({"request": REQUEST, "image_urls": [IMAGE]}), config={"callbacks": [recorder]})
    assert recorder.seen
    assert not [line for line in recorder.seen if TOKEN in line]


@pytest.mark.parametrize("cls", [RunComfyImageEditTool, RunComfyEditResultTool, RunComfyEditToolkit])
def test_unknown_constructor_arguments_are_refused(api_env: dict[str, str], cls: Any) -> None:
    """A misspelt argument (`api_kye=`) is an error, not silently ignored."""
    with pytest.raises((UsageError, ValueError), match="api_kye"):
        cls(api_kye="x")


def test_a_bad_base_url_is_a_usage_error(api_env: dict[str, str]) -> None:
    """`base_url` must be an http(s) URL; the message names the argument."""
    with pytest.raises(UsageError, match=r"base_url 'model-api\.example' is not an http"):
        RunComfyImageEditTool(base_url="model-api.example")
