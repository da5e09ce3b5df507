"""The MCP server in process: the SDK's own client session over memory streams, the fake Model API behind it.

Every tool, its schemas and annotations; the paid-run consent (no submit without it, exactly one
with it); progress notifications; the resumable result after the wait bound; cancel; interruption
(client cancel, disconnect) cancelling the queued job; and every error path, as one-sentence
`isError` results in the tool's own words.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import mcp.types as types
import pytest
from _mcp_support import (
    IMAGE,
    PLAN_ARGS,
    REQUEST,
    CountingClassifier,
    FakeTime,
    make_server,
    real_png,
    submitted_once,
    wait_until,
)
from fake_model_api import TOKEN, FakeModelAPI
from mcp.client.session import ClientSession, ElicitationFnT
from mcp.shared.exceptions import McpError
from mcp.shared.memory import create_client_server_memory_streams, create_connected_server_and_client_session
from PIL import Image

from runcomfy_edit_tool import EditRouter
from runcomfy_edit_tool._integrations.mcp_schema import (
    CancelOutput,
    ModelsOutput,
    PlanOutput,
    ResultOutput,
    RunOutput,
)
from runcomfy_edit_tool._integrations.mcp_server import (
    PREVIEW_MAX_BYTES,
    PREVIEW_MAX_SIDE,
    EditMCPServer,
)

RUN_ARGS: dict[str, Any] = {**PLAN_ARGS, "confirm_paid_run": True}


@asynccontextmanager
async def connect(
    server: EditMCPServer, elicitation: ElicitationFnT | None = None
) -> AsyncIterator[ClientSession]:
    """A client session talking to `server` over memory streams (what the SDK's tests use)."""
    async with create_connected_server_and_client_session(
        server.server, elicitation_callback=elicitation
    ) as session:
        yield session


def text_of(result: types.CallToolResult) -> str:
    """The first content block's text."""
    block = result.content[0]
    assert isinstance(block, types.TextContent)
    return block.text


def json_in_text(result: types.CallToolResult) -> Any:
    """The JSON the text carries after its summary line (for clients that ignore structuredContent)."""
    return json.loads(text_of(result).split("\n\n", 1)[1])


def links(result: types.CallToolResult) -> list[types.ResourceLink]:
    """The resource links among the content blocks."""
    return [c for c in result.content if isinstance(c, types.ResourceLink)]


def nothing_sent(api: FakeModelAPI) -> None:
    """The fake Model API saw no request at all."""
    assert api.requests == []


# --- the tool list ---------------------------------------------------------------------------------

EXPECTED_ARGUMENTS = {
    "plan_image_edit": (
        ["request", "image_urls"],
        ["request", "image_urls", "mask_url", "model", "num_outputs", "aspect_ratio", "seed"],
    ),
    "run_image_edit": (
        ["request", "image_urls", "confirm_paid_run"],
        [
            "request",
            "image_urls",
            "mask_url",
            "model",
            "num_outputs",
            "aspect_ratio",
            "seed",
            "confirm_paid_run",
        ],
    ),
    "get_image_edit_result": (["request_id"], ["request_id", "wait_seconds"]),
    "cancel_image_edit": (["request_id"], ["request_id"]),
    "list_edit_models": ([], []),
}
# (readOnlyHint, destructiveHint, idempotentHint, openWorldHint) with the rules classifier, no --output-dir.
EXPECTED_HINTS = {
    "plan_image_edit": (True, False, True, False),
    "run_image_edit": (False, False, False, True),
    "get_image_edit_result": (True, False, True, True),
    "cancel_image_edit": (False, True, True, True),
    "list_edit_models": (True, False, True, False),
}
OUTPUT_MODELS = {
    "plan_image_edit": PlanOutput,
    "run_image_edit": RunOutput,
    "get_image_edit_result": ResultOutput,
    "cancel_image_edit": CancelOutput,
    "list_edit_models": ModelsOutput,
}


async def test_lists_exactly_the_five_tools(api_env: dict[str, str]) -> None:
    """tools/list answers the five contract names, in order, each with a title and a description."""
    async with connect(make_server()) as session:
        tools = (await session.list_tools()).tools
    assert [t.name for t in tools] == list(EXPECTED_ARGUMENTS)
    assert all(t.title and t.description for t in tools)


@pytest.mark.parametrize("name", list(EXPECTED_ARGUMENTS))
async def test_tool_schemas(api_env: dict[str, str], name: str) -> None:
    """Input schemas hold exactly the contract's arguments (no others); every tool has an output schema."""
    async with connect(make_server()) as session:
        tool = next(t for t in (await session.list_tools()).tools if t.name == name)
    required, properties = EXPECTED_ARGUMENTS[name]
    assert tool.inputSchema["type"] == "object"
    assert list(tool.inputSchema.get("properties", {})) == properties
    assert sorted(tool.inputSchema.get("required", [])) == sorted(required)
    assert tool.inputSchema["additionalProperties"] is False
    assert tool.outputSchema == OUTPUT_MODELS[name].model_json_schema(mode="serialization")


@pytest.mark.parametrize("name", list(EXPECTED_HINTS))
async def test_tool_annotations(api_env: dict[str, str], name: str) -> None:
    """Plan and list are read-only and closed-world; run is paid and not idempotent; cancel is destructive."""
    async with connect(make_server()) as session:
        tool = next(t for t in (await session.list_tools()).tools if t.name == name)
    hints = tool.annotations
    assert hints is not None
    got = (hints.readOnlyHint, hints.destructiveHint, hints.idempotentHint, hints.openWorldHint)
    assert got == EXPECTED_HINTS[name]


async def test_result_tool_is_not_read_only_when_it_saves_files(
    api_env: dict[str, str], tmp_path: Path
) -> None:
    """With --output-dir, get_image_edit_result writes files, so it no longer claims to be read-only."""
    async with connect(make_server(output_dir=tmp_path)) as session:
        tools = {t.name: t for t in (await session.list_tools()).tools}
    annotations = tools["get_image_edit_result"].annotations
    assert annotations is not None
    assert annotations.readOnlyHint is False


def test_plan_calls_an_llm_is_open_world(api_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """With the LLM classifier, plan_image_edit says it reaches the outside world."""
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    server = EditMCPServer(EditRouter("llm"))
    plan = next(t for t in server.tools if t.name == "plan_image_edit")
    assert plan.annotations is not None
    assert plan.annotations.openWorldHint is True


# --- free tools ------------------------------------------------------------------------------------


async def test_plan_image_edit(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """A plan: route, prompt, body as structuredContent and as JSON in the text; nothing sent to RunComfy."""
    async with connect(make_server()) as session:
        result = await session.call_tool("plan_image_edit", PLAN_ARGS)
    assert result.isError is False
    expected = EditRouter("rules").plan(REQUEST, [IMAGE])
    output = PlanOutput.model_validate(result.structuredContent)
    assert output.plan == expected
    assert json_in_text(result) == result.structuredContent
    assert text_of(result).startswith("Planned, not run (free, nothing submitted): nano-banana-edit")
    assert expected.prompt in text_of(result)
    nothing_sent(fake_api)


async def test_list_edit_models(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """The four routes with their ids, image limits, mask rule and fields; offline."""
    async with connect(make_server()) as session:
        result = await session.call_tool("list_edit_models", {})
    output = ModelsOutput.model_validate(result.structuredContent)
    rows = {m.route: m for m in output.models}
    assert list(rows) == ["nano-banana-edit", "gpt-image-2-edit", "flux-kontext-pro", "z-image-inpaint"]
    assert (rows["flux-kontext-pro"].min_images, rows["flux-kontext-pro"].max_images) == (1, 1)
    assert rows["z-image-inpaint"].mask == "required"
    assert rows["nano-banana-edit"].max_images == 20
    assert "16:9" in rows["nano-banana-edit"].fields["aspect_ratio"]
    nothing_sent(fake_api)


# --- consent ---------------------------------------------------------------------------------------


async def test_run_without_consent_submits_nothing(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """confirm_paid_run=false answers with the plan and a sentence to show it and ask; zero requests."""
    async with connect(make_server()) as session:
        result = await session.call_tool("run_image_edit", {**PLAN_ARGS, "confirm_paid_run": False})
    output = RunOutput.model_validate(result.structuredContent)
    assert (output.state, output.submitted, output.request_id) == ("needs_confirmation", False, None)
    assert output.plan.route == "nano-banana-edit"
    assert "confirm_paid_run=true" in output.next_step
    assert "ask" in text_of(result)
    nothing_sent(fake_api)


async def test_run_with_consent_submits_once(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """confirm_paid_run=true: one submit of the exact plan body; outputs as resource links with mime types."""
    async with connect(make_server()) as session:
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    assert result.isError is False, text_of(result)
    output = RunOutput.model_validate(result.structuredContent)
    request_id = submitted_once(fake_api)
    assert fake_api.submits[0].json() == output.plan.body
    assert (output.state, output.submitted, output.request_id, output.status) == (
        "succeeded",
        True,
        request_id,
        "succeeded",
    )
    urls = [fake_api.file_url("a.png"), fake_api.file_url("b.png")]
    assert [o.url for o in output.outputs] == urls
    assert [(str(link.uri), link.mimeType) for link in links(result)] == [(u, "image/png") for u in urls]
    assert not any(isinstance(c, types.ImageContent) for c in result.content)  # no base64 by default
    assert json_in_text(result) == result.structuredContent
    assert fake_api.downloads == []  # no --output-dir: the URLs are the result


async def test_confirmed_run_uses_the_plan_that_was_shown(
    api_env: dict[str, str], fake_api: FakeModelAPI
) -> None:
    """Plan, then run with the same arguments: one classification, and the run sends the shown plan's body."""
    counting = CountingClassifier()
    async with connect(make_server(classifier=counting)) as session:
        shown = PlanOutput.model_validate(
            (await session.call_tool("plan_image_edit", PLAN_ARGS)).structuredContent
        )
        ran = RunOutput.model_validate(
            (await session.call_tool("run_image_edit", RUN_ARGS)).structuredContent
        )
    assert counting.calls == 1
    assert ran.plan == shown.plan
    assert fake_api.submits[0].json() == shown.plan.body


async def test_different_arguments_are_planned_afresh(
    api_env: dict[str, str], fake_api: FakeModelAPI
) -> None:
    """A confirmed run whose arguments differ from the shown plan's is planned for what it asks."""
    counting = CountingClassifier()
    async with connect(make_server(classifier=counting)) as session:
        await session.call_tool("plan_image_edit", PLAN_ARGS)
        result = await session.call_tool("run_image_edit", {**RUN_ARGS, "request": "make it black and white"})
    assert counting.calls == 2
    assert "black and white" in fake_api.submits[0].json()["prompt"]
    assert result.isError is False


def _answer(run: bool | None, action: str = "accept") -> ElicitationFnT:
    async def respond(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        respond.asked.append(params)  # type: ignore[attr-defined]
        content = None if run is None else {"run": run}
        return types.ElicitResult(action=action, content=content)  # type: ignore[arg-type]

    respond.asked = []  # type: ignore[attr-defined]
    return respond


async def test_elicitation_yes_runs_once(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """A client that supports elicitation is asked directly; its yes runs the plan it was shown, once."""
    ask = _answer(True)
    async with connect(make_server(), elicitation=ask) as session:
        result = await session.call_tool("run_image_edit", {**PLAN_ARGS, "confirm_paid_run": False})
    output = RunOutput.model_validate(result.structuredContent)
    (question,) = ask.asked  # type: ignore[attr-defined]
    assert "paid" in question.message
    assert output.plan.prompt in question.message
    assert output.state == "succeeded"
    submitted_once(fake_api)


@pytest.mark.parametrize(("run", "action"), [(False, "accept"), (None, "decline"), (None, "cancel")])
async def test_elicitation_no_submits_nothing(
    api_env: dict[str, str], fake_api: FakeModelAPI, run: bool | None, action: str
) -> None:
    """Unticked, declined or dismissed: state 'declined' and not one request to RunComfy."""
    async with connect(make_server(), elicitation=_answer(run, action)) as session:
        result = await session.call_tool("run_image_edit", {**PLAN_ARGS, "confirm_paid_run": False})
    output = RunOutput.model_validate(result.structuredContent)
    assert (output.state, output.submitted) == ("declined", False)
    nothing_sent(fake_api)


async def test_confirmed_run_does_not_ask_again(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """confirm_paid_run=true means the person already agreed: no elicitation, one submit."""
    ask = _answer(False)
    async with connect(make_server(), elicitation=ask) as session:
        await session.call_tool("run_image_edit", RUN_ARGS)
    assert ask.asked == []  # type: ignore[attr-defined]
    submitted_once(fake_api)


# --- progress, the wait bound, the resumable result ------------------------------------------------


async def test_progress_notifications(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """With a progress token, each phase and status poll arrives as a notification, progress growing."""
    fake_api.faults.polls_in_queue = 2
    seen: list[tuple[float, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, message))

    async with connect(make_server()) as session:
        await session.call_tool("run_image_edit", RUN_ARGS, progress_callback=on_progress)
    request_id = submitted_once(fake_api)
    values = [p for p, _ in seen]
    assert values == sorted(set(values))
    assert len(values) >= 4
    messages = [m or "" for _, m in seen]
    assert all(request_id in m for m in messages)
    assert any("in_queue, queue position 2" in m for m in messages)
    assert any("in_progress" in m for m in messages)
    assert "done" in messages[-1]


async def test_no_progress_token_no_notifications(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """A call without a progress token gets no progress notifications (nothing the client did not ask for)."""
    received: list[Any] = []

    async def on_message(message: Any) -> None:
        received.append(message)

    server = make_server()
    async with create_connected_server_and_client_session(
        server.server, message_handler=on_message
    ) as session:
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    assert result.isError is False
    assert len(fake_api.status_polls) >= 2
    assert not [m for m in received if isinstance(m, types.ServerNotification)]


async def test_run_past_the_wait_bound_is_resumable(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """A job still queued at the bound answers 'pending' with its id; get_image_edit_result finishes it."""
    fake_api.faults.queue_forever = True
    async with connect(make_server(fake_time=FakeTime(), wait_seconds=30)) as session:
        first = RunOutput.model_validate(
            (await session.call_tool("run_image_edit", RUN_ARGS)).structuredContent
        )
        request_id = submitted_once(fake_api)
        assert (first.state, first.request_id, first.status, first.queue_position) == (
            "pending",
            request_id,
            "in_queue",
            3,
        )
        assert "get_image_edit_result" in first.next_step
        assert request_id in first.next_step
        still = await session.call_tool(
            "get_image_edit_result", {"request_id": request_id, "wait_seconds": 0}
        )
        assert still.structuredContent is not None, still.content
        assert ResultOutput.model_validate(still.structuredContent).state == "pending"
        fake_api.faults.queue_forever = False
        done = await session.call_tool("get_image_edit_result", {"request_id": request_id})
    output = ResultOutput.model_validate(done.structuredContent)
    assert (output.state, output.status) == ("succeeded", "succeeded")
    assert [str(link.uri) for link in links(done)] == [fake_api.file_url("a.png"), fake_api.file_url("b.png")]
    assert len(fake_api.submits) == 1  # coming back never resubmits


async def test_result_wait_is_cut_to_the_bound(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """wait_seconds above the server's bound waits only the bound (then answers pending)."""
    fake_api.faults.queue_forever = True
    clock = FakeTime()
    async with connect(make_server(fake_time=clock, wait_seconds=10)) as session:
        pending = await session.call_tool("run_image_edit", RUN_ARGS)
        request_id = RunOutput.model_validate(pending.structuredContent).request_id
        started = clock.now
        result = await session.call_tool(
            "get_image_edit_result", {"request_id": request_id, "wait_seconds": 3600}
        )
    assert ResultOutput.model_validate(result.structuredContent).state == "pending"
    assert 10 <= clock.now - started < 30


# --- cancel ----------------------------------------------------------------------------------------


async def test_cancel_a_queued_job(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """cancel_image_edit on a queued job: cancelled, said plainly."""
    fake_api.faults.queue_forever = True
    async with connect(make_server(fake_time=FakeTime(), wait_seconds=5)) as session:
        pending = RunOutput.model_validate(
            (await session.call_tool("run_image_edit", RUN_ARGS)).structuredContent
        )
        result = await session.call_tool("cancel_image_edit", {"request_id": pending.request_id})
    output = CancelOutput.model_validate(result.structuredContent)
    assert (output.cancelled, output.outcome) == (True, "cancelled")
    assert fake_api.jobs[str(pending.request_id)].cancelled


async def test_cancel_a_running_job_is_honest(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """A job already running is not cancellable: the answer says so, and that it will be billed."""
    async with connect(make_server()) as session:
        ran = RunOutput.model_validate(
            (await session.call_tool("run_image_edit", RUN_ARGS)).structuredContent
        )
        result = await session.call_tool("cancel_image_edit", {"request_id": ran.request_id})
    output = CancelOutput.model_validate(result.structuredContent)
    assert (output.cancelled, output.outcome) == (False, "not_cancellable")
    assert "billed" in output.next_step
    assert "not cancelled" in text_of(result)


async def test_client_cancellation_cancels_the_queued_job(
    api_env: dict[str, str], fake_api: FakeModelAPI
) -> None:
    """notifications/cancelled for a running run_image_edit sends RunComfy's cancel for its queued job."""
    fake_api.faults.queue_forever = True
    async with connect(make_server(wait_seconds=600)) as session:
        # The SDK's client numbers requests itself and has no public way to cancel one; the next id is this.
        call_id = session._request_id
        async with anyio.create_task_group() as group:

            async def call() -> None:
                with pytest.raises(Exception, match="cancelled"):
                    await session.call_tool("run_image_edit", RUN_ARGS)

            group.start_soon(call)
            await wait_until(lambda: fake_api.status_polls, "the job to be polled")
            await session.send_notification(
                types.ClientNotification(
                    types.CancelledNotification(
                        params=types.CancelledNotificationParams(requestId=call_id, reason="user stopped")
                    )
                )
            )
            await wait_until(lambda: fake_api.cancels, "RunComfy's cancel call")
    (job,) = fake_api.jobs.values()
    assert job.cancelled
    assert len(fake_api.submits) == 1
    assert len(fake_api.cancels) == 1


async def test_disconnect_cancels_the_queued_job(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """The client's stream closing mid-run (stdin EOF on stdio) cancels the queued job."""
    fake_api.faults.queue_forever = True
    server = make_server(wait_seconds=600)
    async with create_client_server_memory_streams() as (client_streams, server_streams):
        client_read, client_write = client_streams
        server_read, server_write = server_streams
        async with anyio.create_task_group() as group:
            group.start_soon(
                lambda: server.server.run(
                    server_read, server_write, server.server.create_initialization_options()
                )
            )
            session = ClientSession(client_read, client_write)
            async with session:
                await session.initialize()

                async def call() -> None:
                    with pytest.raises(McpError, match="Connection closed"):
                        await session.call_tool("run_image_edit", RUN_ARGS)

                group.start_soon(call)
                await wait_until(lambda: fake_api.status_polls, "the job to be polled")
                await client_write.aclose()  # end of input, as when a desktop client closes stdin
                await wait_until(lambda: fake_api.cancels, "RunComfy's cancel call")
    (job,) = fake_api.jobs.values()
    assert job.cancelled
    assert len(fake_api.cancels) == 1


# --- files and previews ----------------------------------------------------------------------------


async def test_output_dir_saves_files(
    api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """With --output-dir the outputs are downloaded there and their paths are in the result."""
    async with connect(make_server(output_dir=tmp_path)) as session:
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    output = RunOutput.model_validate(result.structuredContent)
    assert [o.path for o in output.outputs] == [str(tmp_path / "a.png"), str(tmp_path / "b.png")]
    assert all(o.bytes and o.sha256 for o in output.outputs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


async def test_inline_previews_are_small(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """--inline-images attaches one downscaled preview per output, under the size cap, beside the links."""
    big = real_png((1600, 1200))
    fake_api.faults.files = {"a.png": big, "b.png": big}
    async with connect(make_server(inline_images=True)) as session:
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    previews = [c for c in result.content if isinstance(c, types.ImageContent)]
    assert len(previews) == 2
    assert len(links(result)) == 2
    for preview in previews:
        data = base64.b64decode(preview.data)
        assert len(data) <= PREVIEW_MAX_BYTES
        with Image.open(__import__("io").BytesIO(data)) as image:
            assert max(image.size) == PREVIEW_MAX_SIDE
        assert preview.mimeType == "image/jpeg"


async def test_unreadable_outputs_get_no_preview(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """An output that is not a decodable image still comes back as a link, just without a preview."""
    async with connect(make_server(inline_images=True)) as session:
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    assert result.isError is False
    assert len(links(result)) == 2
    assert not any(isinstance(c, types.ImageContent) for c in result.content)


# --- errors ----------------------------------------------------------------------------------------

# (tool, arguments, words the one sentence must contain)
ARGUMENT_ERRORS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("plan_image_edit", {**PLAN_ARGS, "image_urls": []}, ["image_urls"]),
    (
        "plan_image_edit",
        {**PLAN_ARGS, "image_urls": ["http://example.com/a.jpg"]},
        ["image_urls[0]", "https"],
    ),
    ("plan_image_edit", {**PLAN_ARGS, "image_urls": [IMAGE, "file:///tmp/b.jpg"]}, ["image_urls[1]"]),
    ("plan_image_edit", {**PLAN_ARGS, "image_urls": [IMAGE] * 21}, ["image_urls", "20"]),
    ("plan_image_edit", {**PLAN_ARGS, "mask_url": "http://example.com/m.png"}, ["mask_url", "https"]),
    (
        "plan_image_edit",
        {**PLAN_ARGS, "image_urls": [IMAGE, IMAGE], "mask_url": "https://example.com/m.png"},
        ["mask_url", "image_urls", "null"],
    ),
    (
        "plan_image_edit",
        {**PLAN_ARGS, "image_urls": [IMAGE, IMAGE], "model": "flux-kontext-pro"},
        ["model", "null"],
    ),
    ("plan_image_edit", {**PLAN_ARGS, "model": "z-image-inpaint"}, ["model", "mask", "null"]),
    ("plan_image_edit", {**PLAN_ARGS, "model": "dall-e"}, ["model"]),
    ("plan_image_edit", {**PLAN_ARGS, "num_outputs": 5}, ["num_outputs"]),
    (
        "plan_image_edit",
        {**PLAN_ARGS, "model": "gpt-image-2-edit", "num_outputs": 2},
        ["num_outputs", "null"],
    ),
    ("plan_image_edit", {**PLAN_ARGS, "model": "flux-kontext-pro", "aspect_ratio": "5:4"}, ["aspect_ratio"]),
    ("plan_image_edit", {**PLAN_ARGS, "model": "gpt-image-2-edit", "aspect_ratio": "16:9"}, ["aspect_ratio"]),
    ("plan_image_edit", {**PLAN_ARGS, "model": "gpt-image-2-edit", "seed": 7}, ["seed", "null"]),
    ("plan_image_edit", {**PLAN_ARGS, "request": ""}, ["request"]),
    ("plan_image_edit", {**PLAN_ARGS, "request": "   "}, ["request"]),
    ("plan_image_edit", {**PLAN_ARGS, "images": [IMAGE]}, ["images", "not an argument"]),
    ("plan_image_edit", {"request": REQUEST}, ["image_urls", "required"]),
    ("run_image_edit", PLAN_ARGS, ["confirm_paid_run", "required"]),
    (
        "run_image_edit",
        {**RUN_ARGS, "mask_url": "https://example.com/m.png", "image_urls": [IMAGE] * 2},
        ["mask_url"],
    ),
    ("get_image_edit_result", {"request_id": "a/b"}, ["request id"]),
    ("get_image_edit_result", {"request_id": "x", "wait_seconds": -1}, ["wait_seconds"]),
    ("cancel_image_edit", {}, ["request_id", "required"]),
    ("list_edit_models", {"verbose": True}, ["verbose", "not an argument"]),
    ("edit_image", {}, ["not a tool", "plan_image_edit"]),
]


@pytest.mark.parametrize(("tool", "arguments", "words"), ARGUMENT_ERRORS)
async def test_argument_errors(
    api_env: dict[str, str], fake_api: FakeModelAPI, tool: str, arguments: dict[str, Any], words: list[str]
) -> None:
    """A bad call is an isError result: one line, naming the tool's argument, no CLI flag, nothing sent."""
    async with connect(make_server()) as session:
        result = await session.call_tool(tool, arguments)
    assert result.isError is True
    assert result.structuredContent is None
    (block,) = result.content
    assert isinstance(block, types.TextContent)
    message = block.text
    assert "\n" not in message
    assert "Traceback" not in message
    assert "--" not in message, message
    for word in words:
        assert word in message, message
    nothing_sent(fake_api)


async def test_missing_token(
    api_env: dict[str, str], fake_api: FakeModelAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No token: a paid run says how to configure one and sends nothing; planning still works."""
    monkeypatch.delenv("RUNCOMFY_TOKEN")
    async with connect(make_server()) as session:
        planned = await session.call_tool("plan_image_edit", PLAN_ARGS)
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    assert planned.isError is False
    assert result.isError is True
    assert "RUNCOMFY_TOKEN" in text_of(result)
    assert "retrying will not help" in text_of(result)
    nothing_sent(fake_api)


async def test_token_stored_while_running_is_used(
    api_env: dict[str, str], fake_api: FakeModelAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server started without a token uses one set later (as `runcomfy-edit login` would): no restart."""
    monkeypatch.delenv("RUNCOMFY_TOKEN")
    server = EditMCPServer(EditRouter("rules"))
    async with connect(server) as session:
        refused = await session.call_tool("run_image_edit", RUN_ARGS)
        monkeypatch.setenv("RUNCOMFY_TOKEN", TOKEN)
        ran = await session.call_tool("run_image_edit", RUN_ARGS)
    assert refused.isError is True
    assert ran.isError is False, text_of(ran)
    submitted_once(fake_api)


async def test_the_token_is_masked_in_every_answer(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """Even a request that contains the token (pasted by mistake) is answered with it masked."""
    leaky = {**PLAN_ARGS, "request": f'write "{TOKEN}" on the sign'}
    async with connect(make_server()) as session:
        results = [
            await session.call_tool("plan_image_edit", leaky),
            await session.call_tool("run_image_edit", {**leaky, "confirm_paid_run": False}),
            await session.call_tool(
                "plan_image_edit", {**leaky, "image_urls": [f"http://{TOKEN}.example.com/a"]}
            ),
        ]
    for result in results:
        dumped = json.dumps([c.model_dump(mode="json") for c in result.content]) + json.dumps(
            result.structuredContent
        )
        assert TOKEN not in dumped
        assert "***" in dumped


def _drop(api: FakeModelAPI) -> None:
    api.faults.submit_drop = True


def _reject(api: FakeModelAPI) -> None:
    api.faults.submit_status = 422
    api.faults.submit_detail = f"prompt too long (token {TOKEN} echoed back)"


def _server_500(api: FakeModelAPI) -> None:
    api.faults.submit_status = 500


def _fail(api: FakeModelAPI) -> None:
    api.faults.job_error = "content policy"


def _refuse(api: FakeModelAPI) -> None:
    api.token = "another-token"


def _bad_download(api: FakeModelAPI) -> None:
    api.faults.truncate = {"a.png"}


# (fault, submits the fake must see, words in the sentence)
RUN_FAILURES = [
    (_drop, 1, ["NOT re-sent", "do not call run_image_edit again"]),
    (_reject, 1, ["HTTP 422", "prompt too long"]),
    (_server_500, 1, ["may exist", "do not call run_image_edit again"]),
    (_fail, 1, ["failed on RunComfy", "content policy"]),
    (_refuse, 1, ["RUNCOMFY_TOKEN"]),
    (_bad_download, 1, ["succeeded", "do not run it again", "get_image_edit_result"]),
]


@pytest.mark.parametrize(
    ("fault", "submits", "words"), RUN_FAILURES, ids=lambda v: getattr(v, "__name__", "")
)
async def test_run_failures(
    api_env: dict[str, str],
    fake_api: FakeModelAPI,
    tmp_path: Path,
    fault: Any,
    submits: int,
    words: list[str],
) -> None:
    """Each failure of a paid run is one sentence saying what to do, never resubmitted, never the token."""
    fault(fake_api)
    async with connect(make_server(output_dir=tmp_path)) as session:
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    assert result.isError is True
    message = text_of(result)
    assert "\n" not in message
    assert "--" not in message
    assert TOKEN not in message
    for word in words:
        assert word in message, message
    assert len(fake_api.submits) == submits


async def test_result_of_a_failed_job(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """get_image_edit_result on a job that failed says so with RunComfy's text, as an error."""
    fake_api.faults.queue_forever = True
    async with connect(make_server(fake_time=FakeTime(), wait_seconds=5)) as session:
        pending = RunOutput.model_validate(
            (await session.call_tool("run_image_edit", RUN_ARGS)).structuredContent
        )
        fake_api.faults.queue_forever = False
        fake_api.faults.job_error = "NSFW filter"
        result = await session.call_tool("get_image_edit_result", {"request_id": pending.request_id})
    assert result.isError is True
    assert "NSFW filter" in text_of(result)


async def test_unknown_request_id(api_env: dict[str, str], fake_api: FakeModelAPI) -> None:
    """A request id RunComfy does not know: check request_id (the tool's word), not a CLI command."""
    async with connect(make_server()) as session:
        results = [
            await session.call_tool("get_image_edit_result", {"request_id": "no-such-job"}),
            await session.call_tool("cancel_image_edit", {"request_id": "no-such-job"}),
        ]
    for result in results:
        assert result.isError is True
        assert "check request_id" in text_of(result)
        assert "runcomfy-edit" not in text_of(result)


async def test_polling_failure_after_submit_points_to_the_result_tool(
    api_env: dict[str, str], fake_api: FakeModelAPI
) -> None:
    """If RunComfy stops answering after the submit, the sentence gives the request id and forbids a rerun."""
    fake_api.faults.status_503 = 100
    async with connect(make_server(fake_time=FakeTime())) as session:
        result = await session.call_tool("run_image_edit", RUN_ARGS)
    request_id = submitted_once(fake_api)
    assert result.isError is True
    assert request_id in text_of(result)
    assert "do not run it again" in text_of(result)
