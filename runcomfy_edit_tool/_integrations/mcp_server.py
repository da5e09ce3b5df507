"""The MCP server: five tools that plan, run (after consent), finish and cancel image edits.

Built on the official `mcp` SDK's low-level `Server` (the `[mcp]` extra), so every answer is exactly
what is written here: a short sentence plus the full JSON in the text, the same JSON as
``structuredContent`` (each tool has an ``outputSchema``), outputs as resource links, and failures as
``isError`` results with one sentence naming the tool's own arguments (`mcp_errors`).

The paid path keeps the library's guarantees and adds the ones a chat client needs:

- **Consent.** ``run_image_edit`` without ``confirm_paid_run: true`` submits nothing: it asks the
  person through elicitation when the client supports it, else returns the plan for the assistant
  to show. A plan that was shown is remembered by its arguments, so the confirmed call runs *that*
  plan object, not a second classification of the same words.
- **Bounded wait.** A run waits at most ``wait_seconds`` (default `DEFAULT_WAIT_SECONDS`, well under
  the ~60 s after which clients give up), sending a progress notification per status poll when the
  client sent a progress token; then it answers with the request id and status, and
  ``get_image_edit_result`` finishes the job later.
- **Interruption cancels.** The job runs in its own asyncio task, outside the SDK's cancel scopes.
  When the tool call is cancelled (the client's ``notifications/cancelled``, the client closing
  stdin, Ctrl-C or SIGTERM on the server), that task is cancelled — `execute_plan` then lets an
  in-flight submit land and sends ``POST …/cancel`` — and the call waits for it under a shielded
  scope (at most `CLEANUP_GRACE_SECONDS`) before the server goes away.
- **No secret in any answer.** Every text the server sends is scrubbed of the token as a last step.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import logging
import mimetypes
import os
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final

import anyio
import mcp.types as types
from mcp.server.lowlevel import Server
from mcp.server.session import ServerSession
from pydantic import BaseModel, ValidationError

from .._catalog import MODELS
from .._classify import RulesClassifier
from .._exceptions import APITimeoutError, RunComfyEditError, UsageError
from .._execute import (
    APISettings,
    JobOutputs,
    ModelAPIClient,
    Progress,
    RunResult,
    execute_plan,
    fetch_result,
)
from .._plan import EditPlan
from .._router import EditRouter
from .mcp_errors import describe_failure, validation_message
from .mcp_schema import (
    CANCEL_TOOL,
    LIST_TOOL,
    PLAN_TOOL,
    RESULT_TOOL,
    RUN_TOOL,
    CancelArgs,
    CancelOutput,
    ListModelsArgs,
    ModelInfo,
    ModelsOutput,
    OutputImage,
    PlanArgs,
    PlanOutput,
    ResultArgs,
    ResultOutput,
    RunArgs,
    RunOutput,
)

__all__ = [
    "CLEANUP_GRACE_SECONDS",
    "DEFAULT_WAIT_SECONDS",
    "PREVIEW_MAX_BYTES",
    "PREVIEW_MAX_SIDE",
    "SERVER_NAME",
    "SHOWN_PLANS_MAX",
    "WAIT_SECONDS_ENV",
    "EditMCPServer",
    "ServerOptions",
    "wait_seconds_from_env",
]

_log = logging.getLogger("runcomfy_edit_tool")

SERVER_NAME: Final = "runcomfy-edit"
# Clients give up on a tool call after about 60 s (a progress notification resets that only when
# they sent a progress token): answer well before, with the request id, and let the assistant return.
DEFAULT_WAIT_SECONDS: Final = 40.0
WAIT_SECONDS_ENV: Final = "RUNCOMFY_EDIT_MCP_WAIT_SECONDS"
# How long an interrupted run may take to cancel its job: the executor's grace for an in-flight
# submit plus its grace for the cancel call, and a little slack.
CLEANUP_GRACE_SECONDS: Final = 35.0
# The shortest wait handed to the library when a caller asks only to look ("wait_seconds": 0).
MIN_WAIT_SECONDS: Final = 0.05
SHOWN_PLANS_MAX: Final = 64  # plans remembered for a later confirmed run (oldest dropped first)
# --inline-images: previews small enough for every client's result limit (~1 MB, ~25k tokens).
PREVIEW_MAX_SIDE: Final = 512
PREVIEW_MAX_BYTES: Final = 200 * 1024
PREVIEW_MAX_COUNT: Final = 4

INSTRUCTIONS: Final = (
    "Edits existing images (https URLs) with RunComfy's edit models; the server picks the model and writes "
    "the prompt. Pass the person's request in their own words. plan_image_edit and list_edit_models are "
    "free. run_image_edit is paid: call it with confirm_paid_run=false (or call plan_image_edit) first, "
    "show the person the plan (model, prompt), and only after they agree call it again with the same "
    "arguments and confirm_paid_run=true. If it answers state 'pending', call get_image_edit_result with "
    "the request_id; never run the same edit twice to get its result."
)

_DESCRIPTIONS: Final[dict[str, str]] = {
    PLAN_TOOL: "Free, read-only: plan an edit of existing images without running it. Answers with the "
    "chosen RunComfy model (route, model id), why it was chosen, the rewritten prompt and the exact request "
    "body. Use it to show the person what a paid run would do.",
    RUN_TOOL: "PAID: run an edit of existing images on RunComfy (one submit, never retried when its outcome "
    "is unknown). With confirm_paid_run=false it submits nothing and answers with the plan to show the "
    "person. With confirm_paid_run=true (only after the person agreed) it submits exactly that plan, waits "
    "a bounded time with progress, and answers with the output image links, or with state 'pending' and a "
    "request_id to pass to get_image_edit_result.",
    RESULT_TOOL: "Free: the status of an edit run_image_edit submitted and, once it has finished, its output "
    "image links. Waits up to wait_seconds for it to finish. Never submits anything.",
    CANCEL_TOOL: "Free: cancel a submitted edit. Only a job still waiting in RunComfy's queue can be "
    "cancelled; a running one finishes and is billed (the answer says which happened).",
    LIST_TOOL: "Free, offline: the four edit models the router chooses from, what each is for, how many "
    "images it takes, whether it needs a mask, and its fields.",
}
_TITLES: Final[dict[str, str]] = {
    PLAN_TOOL: "Plan an image edit (free)",
    RUN_TOOL: "Run an image edit (paid)",
    RESULT_TOOL: "Get an image edit's result",
    CANCEL_TOOL: "Cancel an image edit",
    LIST_TOOL: "List the edit models",
}
_ARGS: Final[dict[str, type[BaseModel]]] = {
    PLAN_TOOL: PlanArgs,
    RUN_TOOL: RunArgs,
    RESULT_TOOL: ResultArgs,
    CANCEL_TOOL: CancelArgs,
    LIST_TOOL: ListModelsArgs,
}
_OUTPUTS: Final[dict[str, type[BaseModel]]] = {
    PLAN_TOOL: PlanOutput,
    RUN_TOOL: RunOutput,
    RESULT_TOOL: ResultOutput,
    CANCEL_TOOL: CancelOutput,
    LIST_TOOL: ModelsOutput,
}
_CONFIRM_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "run": {
            "type": "boolean",
            "title": "Run this paid edit",
            "description": "Yes submits the job to RunComfy (billed to your account).",
            "default": False,
        }
    },
    "required": ["run"],
}


def wait_seconds_from_env(env: Mapping[str, str] | None = None) -> float:
    """The run wait bound from RUNCOMFY_EDIT_MCP_WAIT_SECONDS, else `DEFAULT_WAIT_SECONDS`."""
    env = os.environ if env is None else env
    raw = env.get(WAIT_SECONDS_ENV, "").strip()
    if not raw:
        return DEFAULT_WAIT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(
            f"{WAIT_SECONDS_ENV}={raw!r} is not a number of seconds; set it or unset it"
        ) from None
    if not value > 0:
        raise UsageError(f"{WAIT_SECONDS_ENV}={raw!r} must be a positive number of seconds")
    return value


@dataclass(frozen=True)
class ServerOptions:
    """How the server answers: the wait bound, where outputs are saved (None: nowhere), previews."""

    wait_seconds: float = DEFAULT_WAIT_SECONDS
    output_dir: Path | None = None
    inline_images: bool = False


def _package_version() -> str:
    try:
        return version("runcomfy-edit-tool")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "0"


def _mime_type(url: str) -> str:
    guessed, _ = mimetypes.guess_type(url.split("?", 1)[0])
    return guessed or "application/octet-stream"


def _outputs(result: JobOutputs) -> list[OutputImage]:
    files = {f.url: f for f in result.files}
    rows: list[OutputImage] = []
    for url in result.output_urls:
        file = files.get(url)
        rows.append(
            OutputImage(
                url=url,
                mime_type=_mime_type(url),
                path=str(file.path) if file else None,
                bytes=file.bytes if file else None,
                sha256=file.sha256 if file else None,
            )
        )
    return rows


def _what(plan: EditPlan) -> str:
    return (plan.intent.change.strip() or plan.request.strip()).rstrip(".")


def _plan_sentence(plan: EditPlan) -> str:
    return f"{plan.route} ({plan.model_id}) would {_what(plan)!r} with the prompt {plan.prompt!r}"


class _Notifier:
    """Progress reports → MCP progress notifications (only when the client sent a progress token).

    Also remembers the job's id and last status, which a timed-out or failed run answers with.
    """

    def __init__(self, session: ServerSession | None, token: str | int | None, related: str | None) -> None:
        self._session = session
        self._token = token
        self._related = related
        self._count = 0
        self._closed = False
        self.request_id: str | None = None
        self.status: str | None = None
        self.queue_position: int | None = None
        self.cancel_outcome: str | None = None

    async def __call__(self, progress: Progress) -> None:
        if progress.request_id is not None:
            self.request_id = progress.request_id
        if progress.phase == "cancel":
            self.cancel_outcome = progress.status
        elif progress.phase in ("submitted", "polling"):
            self.status = progress.status
            self.queue_position = progress.queue_position
        await self.send(_progress_text(progress))

    async def send(self, message: str) -> None:
        if self._session is None or self._token is None or self._closed:
            return
        self._count += 1  # the spec wants `progress` to grow with every notification
        try:
            await self._session.send_progress_notification(
                self._token, float(self._count), None, message=message, related_request_id=self._related
            )
        except (anyio.ClosedResourceError, anyio.BrokenResourceError):
            self._closed = True  # the client went away; the job's own handling goes on


def _progress_text(progress: Progress) -> str:
    where = f", queue position {progress.queue_position}" if progress.queue_position is not None else ""
    rid = f"request {progress.request_id}: " if progress.request_id else ""
    same = progress.phase in ("polling", progress.status)
    what = progress.status if same else f"{progress.phase} {progress.status}"
    return f"{rid}{what}{where} ({progress.elapsed:.0f} s)"


def _make_preview(path: Path) -> tuple[bytes, str] | None:
    """A JPEG (or PNG, when it has transparency) at most `PREVIEW_MAX_SIDE` px, or None if unreadable."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        _log.warning("--inline-images needs Pillow: pip install 'runcomfy-edit-tool[mcp]'")
        return None
    try:
        with Image.open(path) as image:
            image.thumbnail((PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE))
            buffer = io.BytesIO()
            if image.mode in ("RGBA", "LA", "P"):
                image.save(buffer, format="PNG", optimize=True)
                mime = "image/png"
            else:
                image.convert("RGB").save(buffer, format="JPEG", quality=80)
                mime = "image/jpeg"
    except (UnidentifiedImageError, OSError) as exc:
        _log.info("no preview for %s: %s", path.name, exc)
        return None
    data = buffer.getvalue()
    return (data, mime) if len(data) <= PREVIEW_MAX_BYTES else None


class EditMCPServer:
    """The five tools on an `mcp` low-level `Server` (`self.server`); see the module docstring.

    `router` plans (default: `EditRouter()`, configured from the environment like the CLI);
    `settings` configure the Model API (default: the environment, read at each call); `client_factory`
    makes one `ModelAPIClient` per paid or job call (tests inject fast clocks through it).
    """

    def __init__(
        self,
        router: EditRouter | None = None,
        *,
        options: ServerOptions | None = None,
        settings: APISettings | None = None,
        client_factory: Callable[[], ModelAPIClient] | None = None,
    ) -> None:
        self.router = router if router is not None else EditRouter()
        self.options = options or ServerOptions()
        self._fixed_settings = settings
        if settings is None:
            APISettings.from_env()  # a bad environment fails at start, not in the middle of a chat
        self._client_factory = client_factory or (lambda: ModelAPIClient(settings=self.settings))
        self._shown: OrderedDict[str, EditPlan] = OrderedDict()
        self._tools = self._tool_list()
        self.server: Server[Any, Any] = Server(
            SERVER_NAME, version=_package_version(), instructions=INSTRUCTIONS
        )
        self.server.list_tools()(self._list_tools)  # type: ignore[no-untyped-call]  # untyped in the SDK
        # Arguments are validated here (pydantic), so that an error names the argument in one sentence.
        self.server.call_tool(validate_input=False)(self.call)

    @property
    def settings(self) -> APISettings:
        """The Model API settings: as given, else the environment read now, so a token stored with
        `runcomfy-edit login` while the server runs is used without a restart."""
        return self._fixed_settings if self._fixed_settings is not None else APISettings.from_env()

    # --- the tool list ---------------------------------------------------------------------------

    def _tool_list(self) -> list[types.Tool]:
        plan_calls_llm = not isinstance(self.router.classifier, RulesClassifier)
        saves_files = self.options.output_dir is not None
        # (read-only, destructive, idempotent, open world) per tool.
        hints: dict[str, tuple[bool, bool, bool, bool]] = {
            PLAN_TOOL: (True, False, True, plan_calls_llm),
            RUN_TOOL: (False, False, False, True),
            RESULT_TOOL: (not saves_files, False, True, True),
            CANCEL_TOOL: (False, True, True, True),
            LIST_TOOL: (True, False, True, False),
        }
        tools: list[types.Tool] = []
        for name, args in _ARGS.items():
            description = _DESCRIPTIONS[name]
            if name in (RUN_TOOL, RESULT_TOOL):
                description += f" Waits at most {self.options.wait_seconds:g} s per call."
            tools.append(
                types.Tool(
                    name=name,
                    title=_TITLES[name],
                    description=description,
                    inputSchema=args.model_json_schema(),
                    outputSchema=_OUTPUTS[name].model_json_schema(mode="serialization"),
                    annotations=_annotations(_TITLES[name], *hints[name]),
                )
            )
        return tools

    async def _list_tools(self) -> list[types.Tool]:
        return list(self._tools)

    @property
    def tools(self) -> list[types.Tool]:
        """The tool definitions clients see."""
        return list(self._tools)

    # --- dispatch --------------------------------------------------------------------------------

    async def call(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        """Run one tool call; every outcome, including every failure, is a `CallToolResult`."""
        started = time.perf_counter()
        try:
            result = await self._dispatch(name, arguments)
        except asyncio.CancelledError:
            _log.info("%s cancelled after %.0f ms", name, (time.perf_counter() - started) * 1000)
            raise
        except Exception:
            # A bug, not an expected failure: the log gets the traceback, the client one sentence.
            _log.exception("%s failed unexpectedly", name)
            result = self._error(f"{name} failed inside the server (a bug); tell the person.")
        outcome = "error" if result.isError else "ok"
        _log.info("%s -> %s in %.0f ms", name, outcome, (time.perf_counter() - started) * 1000)
        return result

    async def _dispatch(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        if name not in _ARGS:
            return self._error(f"{name!r} is not a tool of this server: use one of {', '.join(_ARGS)}.")
        try:
            args = _ARGS[name].model_validate(arguments or {})
        except ValidationError as exc:
            return self._error(validation_message(name, exc, tuple(_ARGS[name].model_fields)))
        if isinstance(args, RunArgs):
            return await self._run(args)
        if isinstance(args, PlanArgs):
            return await self._guard(PLAN_TOOL, self._plan_tool(args))
        if isinstance(args, ResultArgs):
            return await self._guard(RESULT_TOOL, self._result_tool(args))
        if isinstance(args, CancelArgs):
            return await self._guard(CANCEL_TOOL, self._cancel_tool(args))
        return self._answer(ModelsOutput(models=_model_infos()), "The four edit models the router uses.")

    async def _guard(self, tool: str, work: Any) -> types.CallToolResult:
        try:
            result: types.CallToolResult = await work
        except RunComfyEditError as exc:
            return self._error(describe_failure(tool, exc))
        return result

    # --- answers ---------------------------------------------------------------------------------

    def _redactor(self) -> Callable[[str], str]:
        """Masks the token in a text (read once per answer; an unreadable token file was never sent)."""
        try:
            token = self.settings.token
        except RunComfyEditError:
            token = None
        secret = token.get_secret_value() if token is not None else ""
        return lambda text: text.replace(secret, "***") if secret and secret in text else text

    def _error(self, sentence: str) -> types.CallToolResult:
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=self._redactor()(sentence))], isError=True
        )

    def _answer(
        self,
        output: BaseModel,
        summary: str,
        outputs: list[OutputImage] | None = None,
        previews: list[types.ImageContent] | None = None,
    ) -> types.CallToolResult:
        redact = self._redactor()
        structured = json.loads(redact(output.model_dump_json()))
        text = f"{summary}\n\n{json.dumps(structured, ensure_ascii=False, indent=2)}"
        content: list[types.ContentBlock] = [types.TextContent(type="text", text=redact(text))]
        for index, image in enumerate(outputs or [], start=1):
            name = image.url.split("?", 1)[0].rsplit("/", 1)[-1] or f"output-{index}"
            content.append(
                types.ResourceLink(
                    type="resource_link",
                    uri=image.url,
                    name=name,
                    title=f"Edited image {index}",
                    mimeType=image.mime_type,
                    size=image.bytes,
                )
            )
        content.extend(previews or [])
        return types.CallToolResult(content=content, structuredContent=structured, isError=False)

    # --- plan --------------------------------------------------------------------------------------

    @staticmethod
    def _key(args: PlanArgs) -> str:
        return json.dumps(args.model_dump(include=set(PlanArgs.model_fields)), sort_keys=True)

    async def _make_plan(self, args: PlanArgs) -> EditPlan:
        plan = await self.router.aplan(
            args.request,
            args.image_urls,
            args.mask_url,
            args.model,
            num_outputs=args.num_outputs,
            aspect_ratio=args.aspect_ratio,
            seed=args.seed,
        )
        key = self._key(args)
        self._shown[key] = plan
        self._shown.move_to_end(key)
        while len(self._shown) > SHOWN_PLANS_MAX:
            self._shown.popitem(last=False)
        return plan

    async def _plan_tool(self, args: PlanArgs) -> types.CallToolResult:
        plan = await self._make_plan(args)
        summary = f"Planned, not run (free, nothing submitted): {_plan_sentence(plan)}."
        return self._answer(PlanOutput(plan=plan), summary)

    # --- run ---------------------------------------------------------------------------------------

    async def _run(self, args: RunArgs) -> types.CallToolResult:
        try:
            if args.confirm_paid_run:
                self.settings.require_token()  # before planning: an LLM plan costs money too
            plan = self._shown.get(self._key(args)) if args.confirm_paid_run else None
            if plan is None:
                plan = await self._make_plan(args)
        except RunComfyEditError as exc:
            return self._error(describe_failure(RUN_TOOL, exc))
        if not args.confirm_paid_run:
            consent = await self._ask(plan)
            if consent is None:
                return self._unconfirmed(plan)
            if not consent:
                return self._answer(
                    RunOutput(
                        state="declined",
                        submitted=False,
                        plan=plan,
                        next_step="The person declined: nothing was submitted or paid.",
                    ),
                    f"Not run: the person declined the paid edit ({plan.route}). Nothing was submitted.",
                )
        return await self._execute(plan)

    def _unconfirmed(self, plan: EditPlan) -> types.CallToolResult:
        step = (
            "Show the person this plan (model and prompt) and ask whether to run it; it is paid. If they "
            f"agree, call {RUN_TOOL} again with the same arguments and confirm_paid_run=true."
        )
        output = RunOutput(state="needs_confirmation", submitted=False, plan=plan, next_step=step)
        return self._answer(output, f"Not run yet (nothing submitted): {_plan_sentence(plan)}. {step}")

    async def _ask(self, plan: EditPlan) -> bool | None:
        """Ask the person through elicitation: True/False, or None when the client cannot be asked."""
        context = self.server.request_context
        params = context.session.client_params
        if params is None or params.capabilities.elicitation is None:
            return None
        message = f"Run this paid edit on RunComfy? {_plan_sentence(plan)}."
        try:
            answer = await context.session.elicit_form(
                self._redactor()(message), _CONFIRM_SCHEMA, related_request_id=context.request_id
            )
        except Exception as exc:  # a client that advertised elicitation but failed it: fall back
            _log.info("elicitation failed (%s); returning the plan for the assistant to show", exc)
            return None
        return answer.action == "accept" and bool((answer.content or {}).get("run"))

    def _notifier(self) -> _Notifier:
        try:
            context = self.server.request_context
        except LookupError:  # called outside a request (direct use in tests)
            return _Notifier(None, None, None)
        token = context.meta.progressToken if context.meta is not None else None
        return _Notifier(context.session, token, str(context.request_id))

    async def _execute(self, plan: EditPlan) -> types.CallToolResult:
        notifier = self._notifier()
        options = self.options

        async def job() -> tuple[RunResult, list[types.ImageContent]]:
            async with self._client_factory() as client:
                result = await execute_plan(
                    plan,
                    client=client,
                    output_dir=options.output_dir,
                    timeout=options.wait_seconds,
                    on_progress=notifier,
                )
                previews = await self._previews(client, result) if options.inline_images else []
                return result, previews

        # Its own task: the SDK cancels a handler by cancel scope, re-delivering the cancellation at
        # every await, which would cut short the executor's submit grace and its cancel call.
        task = asyncio.ensure_future(job())
        try:
            result, previews = await asyncio.shield(task)
        except asyncio.CancelledError:
            task.cancel()
            with anyio.CancelScope(shield=True):
                await asyncio.wait({task}, timeout=CLEANUP_GRACE_SECONDS)
            _log.info("run cancelled; RunComfy's answer to the cancel: %s", notifier.cancel_outcome or "none")
            raise
        except APITimeoutError as exc:
            if notifier.request_id is None:
                return self._error(describe_failure(RUN_TOOL, exc))
            return self._pending_run(plan, notifier)
        except RunComfyEditError as exc:
            return self._error(describe_failure(RUN_TOOL, exc, notifier.request_id))
        outputs = _outputs(result)
        noun = "image" if len(outputs) == 1 else "images"
        summary = (
            f"Edited with {plan.model_id} ({plan.route}): {_what(plan)}. {len(outputs)} output {noun} "
            f"(request {result.request_id}): {', '.join(o.url for o in outputs)}"
        )
        output = RunOutput(
            state="succeeded",
            submitted=True,
            plan=plan,
            request_id=result.request_id,
            status=result.status,
            outputs=outputs,
            next_step="Show the person the output images.",
        )
        return self._answer(output, summary, outputs, previews)

    def _pending_run(self, plan: EditPlan, notifier: _Notifier) -> types.CallToolResult:
        rid = notifier.request_id
        step = (
            f"Still running: call {RESULT_TOOL} with request_id {rid!r} to get the outputs (do not run the "
            f"edit again), or {CANCEL_TOOL} to stop it while it is queued."
        )
        output = RunOutput(
            state="pending",
            submitted=True,
            plan=plan,
            request_id=rid,
            status=notifier.status,
            queue_position=notifier.queue_position,
            next_step=step,
        )
        summary = (
            f"Submitted to {plan.model_id} ({plan.route}) as request {rid}, status {notifier.status}. {step}"
        )
        return self._answer(output, summary)

    async def _previews(self, client: ModelAPIClient, result: JobOutputs) -> list[types.ImageContent]:
        """Small inline previews (--inline-images), fetched with the library's safe downloader."""
        files = {f.url: f.path for f in result.files}
        previews: list[types.ImageContent] = []
        with tempfile.TemporaryDirectory(prefix="runcomfy-preview-") as scratch:
            for url in result.output_urls[:PREVIEW_MAX_COUNT]:
                path = files.get(url)
                try:
                    if path is None:
                        path = (await client.download(url, Path(scratch))).path
                except RunComfyEditError as exc:
                    _log.info("no preview for %s: %s", url, exc)
                    continue
                made = await asyncio.to_thread(_make_preview, path)
                if made is not None:
                    data, mime = made
                    previews.append(
                        types.ImageContent(type="image", data=base64.b64encode(data).decode(), mimeType=mime)
                    )
        return previews

    # --- result and cancel -------------------------------------------------------------------------

    async def _result_tool(self, args: ResultArgs) -> types.CallToolResult:
        bound = self.options.wait_seconds
        wait = bound if args.wait_seconds is None else min(args.wait_seconds, bound)
        notifier = self._notifier()
        async with self._client_factory() as client:
            try:
                outputs = await fetch_result(
                    args.request_id,
                    client=client,
                    output_dir=self.options.output_dir,
                    # "wait_seconds": 0 means look once; the library wants a positive bound.
                    timeout=max(wait, MIN_WAIT_SECONDS),
                    on_progress=notifier,
                )
            except APITimeoutError:
                if notifier.status is None:
                    raise
                return self._pending_result(args.request_id, notifier)
            previews = await self._previews(client, outputs) if self.options.inline_images else []
        images = _outputs(outputs)
        output = ResultOutput(
            state="succeeded",
            request_id=outputs.request_id,
            status=outputs.status,
            outputs=images,
            next_step="Show the person the output images.",
        )
        summary = f"Request {outputs.request_id} {outputs.status}: {', '.join(o.url for o in images)}"
        return self._answer(output, summary, images, previews)

    def _pending_result(self, request_id: str, notifier: _Notifier) -> types.CallToolResult:
        step = f"Still {notifier.status}: call {RESULT_TOOL} again later with the same request_id."
        output = ResultOutput(
            state="pending",
            request_id=request_id,
            status=notifier.status or "unknown",
            queue_position=notifier.queue_position,
            next_step=step,
        )
        return self._answer(output, f"Request {request_id} is not finished. {step}")

    async def _cancel_tool(self, args: CancelArgs) -> types.CallToolResult:
        async with self._client_factory() as client:
            answer = await client.cancel(args.request_id)
        rid = args.request_id
        if answer.cancelled:
            step = "It was still queued, so it will not run."
            summary = f"Cancelled request {rid} on RunComfy. {step}"
        else:
            step = (
                f"RunComfy did not cancel it ({answer.outcome}): only queued jobs can be; it will finish and "
                f"is billed: call {RESULT_TOOL} to get its outputs."
            )
            summary = f"Request {rid} was not cancelled. {step}"
        output = CancelOutput(
            request_id=rid, cancelled=answer.cancelled, outcome=answer.outcome, next_step=step
        )
        return self._answer(output, summary)

    # --- transports --------------------------------------------------------------------------------

    async def run_stdio(self) -> None:
        """Serve one client on stdin/stdout until it closes stdin (what desktop clients launch)."""
        from mcp.server.stdio import stdio_server

        async with stdio_server() as (read_stream, write_stream):
            await self.server.run(read_stream, write_stream, self.server.create_initialization_options())

    def http_app(self, host: str) -> Any:
        """A Starlette app serving the Streamable HTTP transport at ``/mcp``."""
        from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
        from mcp.server.transport_security import TransportSecuritySettings
        from starlette.applications import Starlette
        from starlette.routing import Route

        security = None
        if host in ("127.0.0.1", "localhost", "::1"):
            # A loopback server must not be reachable from a web page through DNS rebinding.
            security = TransportSecuritySettings(
                enable_dns_rebinding_protection=True,
                allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*"],
                allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
            )
        manager = StreamableHTTPSessionManager(app=self.server, security_settings=security)

        class _Endpoint:
            async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
                await manager.handle_request(scope, receive, send)

        return Starlette(routes=[Route("/mcp", endpoint=_Endpoint())], lifespan=lambda _app: manager.run())

    async def run_http(self, host: str, port: int) -> None:
        """Serve the Streamable HTTP transport on ``http://host:port/mcp`` until interrupted."""
        import uvicorn

        config = uvicorn.Config(self.http_app(host), host=host, port=port, log_level="warning")
        await uvicorn.Server(config).serve()


def _annotations(
    title: str, read_only: bool, destructive: bool, idempotent: bool, open_world: bool
) -> types.ToolAnnotations:
    return types.ToolAnnotations(
        title=title,
        readOnlyHint=read_only,
        destructiveHint=destructive,
        idempotentHint=idempotent,
        openWorldHint=open_world,
    )


def _model_infos() -> list[ModelInfo]:
    return [
        ModelInfo(
            route=spec.route,
            model_id=spec.model_id,
            title=spec.title,
            min_images=spec.min_images,
            max_images=spec.max_images,
            mask="required" if spec.needs_mask else "not accepted",
            fields={name: list(spec.field_choices(name)) for name in spec.fields},
            use_for=spec.summary,
        )
        for spec in MODELS.values()
    ]
