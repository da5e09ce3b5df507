"""`RunComfyImageEditTool`: the router as a standard LangChain tool an agent can call.

One call plans the edit (route, rewritten prompt, exact body) and, unless ``execute=False``, runs it
on RunComfy's Model API and downloads the results. The tool answers with
``response_format="content_and_artifact"``: the content is one sentence an LLM can relay, the
artifact the whole result as JSON-ready data (for UIs, graphs and checkpointers).

Every failure the agent can do something about becomes a `ToolException` whose message says what
to do next (fix an argument, retry later, or stop and tell the user). ``handle_tool_error`` and
``handle_validation_error`` are on by default, so inside an agent a bad call comes back as a
``ToolMessage`` with ``status="error"`` instead of ending the run; pass ``handle_tool_error=False``
to get the exception instead. An error that happens once the paid step has started carries an
artifact with the job's ``request_id`` and last ``status``, so an agent can finish or cancel it with
the toolkit's result and cancel tools (see `toolkit.py`) instead of parsing text.

Configuration is the LangChain way: ``api_key`` (a `SecretStr`, never shown in a repr or a trace)
and ``base_url`` fall back to ``RUNCOMFY_TOKEN`` (or ``token.json``) and ``RUNCOMFY_MODEL_API_BASE``;
an unknown constructor argument is an error, not silently ignored.
"""

from __future__ import annotations

import contextvars
import dataclasses
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, Literal

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, CallbackManagerForToolRun
from langchain_core.messages import ToolMessage
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.config import patch_config
from langchain_core.tools import ArgsSchema, BaseTool, ToolException
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from .._catalog import MAX_IMAGES, RouteId
from .._exceptions import (
    AmbiguousSubmitError,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DownloadError,
    InputError,
    JobFailedError,
    RateLimitError,
    RunComfyEditError,
    ServerError,
    UsageError,
)
from .._execute import APISettings, Progress, RunResult
from .._plan import EditPlan
from .._router import EditRouter
from .runnables import EditInput, as_plan, run_runnable
from .wording import (
    PLAN_TOOL_NAME,
    RESULT_TOOL_NAME,
    RUN_TOOL_NAME,
    agent_message,
    blank_to_none,
    image_list,
    model_route,
)

__all__ = [
    "DEFAULT_OUTPUT_DIR",
    "TOOL_NAME",
    "EditToolError",
    "EditToolInput",
    "JobTracker",
    "RunComfyAPITool",
    "RunComfyImageEditTool",
    "describe_error",
    "error_artifact",
    "image_blocks",
    "outputs_sentence",
    "plan_artifact",
    "run_artifact",
    "tool_failure",
    "validation_message",
]

TOOL_NAME: Final = RUN_TOOL_NAME
# Relative to the working directory when the tool runs; the content and artifact give absolute paths.
DEFAULT_OUTPUT_DIR: Final = Path("runcomfy-edit-outputs")

_WHEN_TO_USE = (
    "Use it when the user wants to change images they already have, given as https URLs: replace a "
    "background or sky, remove, add or recolour an object, restyle, write, fix or translate text in the "
    "image, combine several images, inpaint a masked region, apply one edit to a batch, or make variants. "
    "Do not use it to create an image from text alone: at least one source image URL is required. "
    "It picks the best RunComfy edit model (Nano Banana 2, GPT Image 2, Flux Kontext Pro or Z-Image "
    "inpainting) and rewrites the prompt for it; pass the user's request in their own words."
)
RUN_DESCRIPTION: Final = (
    "Edit existing images with RunComfy's image-edit models. This is a paid call: it runs the edit and "
    "saves the results, and answers with the model used and the saved file paths. " + _WHEN_TO_USE
)
PLAN_DESCRIPTION: Final = (
    "Plan an edit of existing images for RunComfy's image-edit models without running it (free, nothing "
    "is submitted): answers with the model that would run and the exact prompt it would get. " + _WHEN_TO_USE
)


class EditToolInput(BaseModel):
    """The arguments an agent passes. The descriptions are what the LLM reads: keep them exact."""

    model_config = ConfigDict(extra="forbid")

    request: str = Field(
        description="What to change, in the user's own words and language, e.g. 'replace the sky with a "
        "sunset, keep the people'. Include what must stay unchanged, any exact text to write in quotes, "
        "and a model name only if the user named one."
    )
    image_urls: list[str] = Field(
        min_length=1,
        max_length=MAX_IMAGES,
        description=f"A JSON list of public https URLs of the source images (1 to {MAX_IMAGES}), in the "
        "user's order: the first is the main image and 'image 2' means the second. One URL per item, even "
        "for one image. Local file paths do not work.",
    )
    mask_url: str | None = Field(
        default=None,
        description="https URL of a black-and-white mask for inpainting (white = repaint, black = keep); "
        "needs exactly one image. Null when the user gave no mask.",
    )
    model: RouteId | None = Field(
        default=None,
        description="Force a model only when the user asked for one: nano-banana-edit, gpt-image-2-edit, "
        "flux-kontext-pro (exactly one image) or z-image-inpaint (one image plus mask_url). Null lets "
        "the tool choose, which is usually best (it also honours a model named in request).",
    )
    num_outputs: int | None = Field(
        default=None,
        ge=1,
        le=4,
        description="How many variants to make (1-4, nano-banana-edit only); null for the default of one.",
    )
    aspect_ratio: str | None = Field(
        default=None,
        description="Output aspect ratio such as '16:9' or '1:1', only if the user asked for one; the "
        "accepted values depend on the model. Null keeps the input's.",
    )
    seed: int | None = Field(default=None, description="Random seed, only if the user gave one.")

    # Models often send "" for an optional argument they mean to leave out: that is "not given".
    _blank_is_absent = field_validator("mask_url", "num_outputs", "aspect_ratio", "seed", mode="before")(
        blank_to_none
    )
    _model_names = field_validator("model", mode="before")(model_route)
    _image_list = field_validator("image_urls", mode="before")(image_list)


# What the agent should do about each failure, most specific class first (isinstance order matters:
# DisallowedHostError is a DownloadError, and every API error is a ModelAPIError).
_ADVICE: Final[tuple[tuple[type[RunComfyEditError], str], ...]] = (
    (InputError, "Fix the arguments and call the tool again."),
    (UsageError, "The tool is misconfigured; tell the user, retrying will not help."),
    (
        AuthenticationError,
        "Tell the user to set RUNCOMFY_TOKEN or pass api_key to the tool; retrying will not help.",
    ),
    (BadRequestError, "RunComfy rejected the input: change the arguments (model, image_urls, values) first."),
    (
        AmbiguousSubmitError,
        "Do NOT call the tool again for this edit: the job may be running and would be paid twice. "
        "Tell the user to check the recent requests in their RunComfy account.",
    ),
    (RateLimitError, "RunComfy is busy: wait a minute before trying again."),
    (ServerError, "RunComfy is having trouble: try again later, or tell the user."),
    (APIConnectionError, "RunComfy could not be reached: try again later, or tell the user."),
    (
        APITimeoutError,
        f"Do not resubmit: the job keeps running; call {RESULT_TOOL_NAME} with the request_id later to "
        "finish it.",
    ),
    (JobFailedError, "The edit failed on RunComfy: rephrase the request or choose another model."),
    (
        DownloadError,
        f"The edit itself succeeded: do not run it again; call {RESULT_TOOL_NAME} with the request_id "
        "to download it again.",
    ),
)


def describe_error(error: RunComfyEditError) -> str:
    """One line for the agent: what went wrong (in the tool's own words) and what to do about it."""
    advice = next((text for kind, text in _ADVICE if isinstance(error, kind)), "Tell the user.")
    request_id = getattr(error, "request_id", None)
    if request_id and not isinstance(error, JobFailedError):
        # After a paid submit, "try again" would pay twice: the only safe next step is to resume.
        advice = (
            f"Do NOT call the tool again for this edit: job {request_id} was already submitted (paid). "
            f"Resume it by its request_id {request_id!r} (the toolkit's result tool)."
        )
    return f"{type(error).__name__}: {agent_message(str(error)).rstrip('.')}. {advice}"


def _problem(item: Mapping[str, Any], fields: tuple[str, ...]) -> str:
    where = ".".join(str(p) for p in item["loc"]) or "arguments"
    if item["type"] == "extra_forbidden":
        return f"{where}: not an argument of this tool (it takes {', '.join(fields)})"
    return f"{where}: {str(item['msg']).removeprefix('Value error, ')}"


def validation_message(error: Any) -> str:
    """Arguments that do not fit the schema, named one by one so the agent can fix its call."""
    if not isinstance(error, ValidationError):
        return f"Invalid arguments: {error}. Fix them and call the tool again."
    fields = tuple(EditToolInput.model_fields)
    problems = "; ".join(_problem(item, fields) for item in error.errors())
    return f"Invalid arguments: {problems}. Fix them and call the tool again."


def plan_artifact(plan: EditPlan) -> dict[str, Any]:
    """The artifact of a planned (not run) edit: the whole plan as JSON-ready data."""
    return {"executed": False, **plan.model_dump(mode="json")}


def run_artifact(plan: EditPlan, result: RunResult) -> dict[str, Any]:
    """The artifact of an edit that ran: the plan plus request id, status, output URLs, files, timings."""
    return {
        "executed": True,
        **plan.model_dump(mode="json"),
        "request_id": result.request_id,
        "status": result.status,
        "output_urls": list(result.output_urls),
        "files": [
            {"url": f.url, "path": str(f.path), "bytes": f.bytes, "sha256": f.sha256} for f in result.files
        ],
        "timings": result.timings.model_dump(mode="json"),
    }


def error_artifact(error: RunComfyEditError, plan: EditPlan | None, tracker: JobTracker) -> dict[str, Any]:
    """The artifact of a failure in the paid step: which job (if one exists) and its last known status.

    ``status`` is the job's last status; ``"not_submitted"`` when no job was created, ``"unknown"``
    when a submit's answer was lost (the job may exist: never resubmit it blindly).
    """
    if tracker.request_id is not None:
        status = tracker.status or "submitted"
    elif isinstance(error, AmbiguousSubmitError):
        status = "unknown"
    else:
        status = "not_submitted"
    artifact: dict[str, Any] = {
        "executed": tracker.request_id is not None,
        "error": type(error).__name__,
        "message": describe_error(error),
        "request_id": tracker.request_id,
        "status": status,
    }
    if plan is not None:
        artifact.update(route=plan.route, model_id=plan.model_id, prompt=plan.prompt, body=plan.body)
    return artifact


def image_blocks(text: str, urls: list[str]) -> list[str | dict[str, Any]]:
    """Standard content blocks: the text, then each output as an image block in URL form."""
    return [{"type": "text", "text": text}, *({"type": "image", "url": url} for url in urls)]


class JobTracker:
    """Remembers the job a paid step created (its id and last status) from the progress reports."""

    def __init__(self) -> None:
        self.request_id: str | None = None
        self.status: str | None = None

    def __call__(self, progress: Progress) -> None:
        if progress.request_id is not None:
            self.request_id = progress.request_id
        if progress.phase != "cancel":
            self.status = progress.status


# Where a failing call leaves its artifact for `run`/`arun` to attach to the error ToolMessage.
# LangChain builds that message from the exception's text alone; the box travels in a context var
# (the tool body runs in a copy of the caller's context, which still points at the same box).
_ERROR_BOX: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "runcomfy_edit_error_box", default=None
)


class EditToolError(ToolException):
    """A `ToolException` that also carries the failure's artifact (request id, status)."""

    def __init__(self, message: str, artifact: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.artifact = artifact


def tool_failure(error: RunComfyEditError, artifact: dict[str, Any] | None) -> EditToolError:
    """The `ToolException` to raise for `error`; its artifact also goes to the error ToolMessage."""
    box = _ERROR_BOX.get()
    if box is not None and artifact is not None:
        box["artifact"] = artifact
    return EditToolError(describe_error(error), artifact)


@contextmanager
def _error_box() -> Iterator[dict[str, Any]]:
    box: dict[str, Any] = {}
    token = _ERROR_BOX.set(box)
    try:
        yield box
    finally:
        _ERROR_BOX.reset(token)


def _with_error_artifact(output: Any, box: Mapping[str, Any]) -> Any:
    if isinstance(output, ToolMessage) and output.status == "error" and box.get("artifact") is not None:
        output.artifact = box["artifact"]
    return output


def _what(plan: EditPlan) -> str:
    change = plan.intent.change.strip().rstrip(".")
    return change or plan.request.strip().rstrip(".")


def _plan_content(plan: EditPlan) -> str:
    return (
        f"Planned, not run (nothing was paid): {plan.route} ({plan.model_id}) would {_what(plan)!r} "
        f"with the prompt {plan.prompt!r}."
    )


def outputs_sentence(files: list[Any], urls: list[str], request_id: str) -> str:
    """'Saved 2 files: …' or 'Output URLs: …', with the request id."""
    if files:
        paths = ", ".join(str(f.path) for f in files)
        noun = "file" if len(files) == 1 else "files"
        return f"Saved {len(files)} {noun}: {paths} (request {request_id})."
    return f"Output URLs: {', '.join(urls)} (request {request_id})."


def _run_content(plan: EditPlan, result: RunResult) -> str:
    head = f"Edited with {plan.model_id} ({plan.route}): {_what(plan)}."
    return f"{head} {outputs_sentence(result.files, result.output_urls, result.request_id)}"


def _edit_input(
    request: str,
    image_urls: list[str],
    mask_url: str | None,
    model: str | None,
    num_outputs: int | None,
    aspect_ratio: str | None,
    seed: int | None,
) -> EditInput:
    return {
        "request": request,
        "images": image_urls,
        "mask": mask_url,
        "model": model,
        "num_outputs": num_outputs,
        "aspect_ratio": aspect_ratio,
        "seed": seed,
    }


class RunComfyAPITool(BaseTool):
    """Base of the RunComfy tools: Model API configuration the LangChain way, and error artifacts.

    ``api_key`` and ``base_url`` default to the environment (``RUNCOMFY_TOKEN`` or ``token.json``,
    ``RUNCOMFY_MODEL_API_BASE``), read once when the tool is built; ``api_settings`` gives every other
    setting at once (explicit ``api_key`` / ``base_url`` win over it). Unknown arguments are refused.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    # On by default: an agent should get an error it can act on, not a crashed run.
    handle_tool_error: bool | str | Callable[[ToolException], str] | None = True
    handle_validation_error: bool | str | Callable[[Any], str] | None = validation_message

    api_key: SecretStr | None = Field(default=None, exclude=True)
    base_url: str | None = None
    api_settings: APISettings | None = Field(default=None, exclude=True)
    output_dir: Path | None = DEFAULT_OUTPUT_DIR
    timeout: float | None = Field(
        default=None, description="Seconds to wait for a job before giving up (it keeps running)."
    )
    include_images: bool = Field(
        default=False,
        description="Also return the outputs as image content blocks (URL form), for a multimodal model.",
    )

    def __init__(self, **kwargs: Any) -> None:
        unknown = sorted(set(kwargs) - set(type(self).model_fields))
        if unknown:
            own = ", ".join(name for name in type(self).model_fields if name not in BaseTool.model_fields)
            raise UsageError(
                f"{type(self).__name__} got an unknown argument {unknown[0]!r}: pass one of {own} "
                "(or a standard BaseTool field such as name, description, tags)"
            )
        super().__init__(**kwargs)

    @model_validator(mode="after")
    def _resolve_api(self) -> RunComfyAPITool:
        settings = self.api_settings if self.api_settings is not None else APISettings.from_env()
        if self.api_key is not None:
            settings = dataclasses.replace(settings, token=self.api_key)
        if self.base_url is not None:
            base = self.base_url.strip()
            if not base.startswith(("https://", "http://")):
                raise UsageError(
                    f"base_url {base[:120]!r} is not an http(s) URL: pass the Model API's base URL"
                )
            settings = dataclasses.replace(settings, base_url=base.rstrip("/"))
        self.__dict__.update(api_key=settings.token, base_url=settings.base_url, api_settings=settings)
        return self

    @property
    def settings(self) -> APISettings:
        """The resolved Model API settings (token, base URL, download hosts, …)."""
        assert self.api_settings is not None  # set by the validator
        return self.api_settings

    def _directory(self) -> Path | None:
        return self.output_dir.absolute() if self.output_dir is not None else None

    def _content(self, text: str, urls: list[str]) -> str | list[str | dict[str, Any]]:
        return image_blocks(text, urls) if self.include_images and urls else text

    # LangChain turns a ToolException into a ToolMessage from its text alone; these attach the
    # failure's artifact (request id, status) to that message.
    def run(self, tool_input: str | dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        with _error_box() as box:
            return _with_error_artifact(super().run(tool_input, *args, **kwargs), box)

    async def arun(self, tool_input: str | dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        with _error_box() as box:
            return _with_error_artifact(await super().arun(tool_input, *args, **kwargs), box)


class RunComfyImageEditTool(RunComfyAPITool):
    """Plan and run an image edit on RunComfy from an agent; see the module docstring.

    `RunComfyImageEditTool()` is configured from the environment like the CLI: the classifier
    (an LLM when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the offline rules) and the Model API
    (`api_key` / `base_url`, else RUNCOMFY_TOKEN or token.json and RUNCOMFY_MODEL_API_BASE).
    Pass `router=EditRouter(llm=chat_model)` to route with your own chat model, `output_dir=` for
    where files go (None: do not download, answer with URLs), `execute=False` to plan only (the tool
    is then named ``runcomfy_image_edit_plan``), and `include_images=True` to return the outputs as
    image content blocks.
    """

    name: str = TOOL_NAME
    description: str = RUN_DESCRIPTION
    args_schema: ArgsSchema | None = EditToolInput

    router: EditRouter = Field(default_factory=EditRouter, exclude=True)
    execute: bool = True
    # Set only on a copy made by `with_plan`: the reviewed plan this copy runs instead of planning.
    _approved_plan: EditPlan | None = PrivateAttr(default=None)

    def __init__(self, **kwargs: Any) -> None:
        # A plan-only tool must not tell the agent it edits and saves files, nor share the paid tool's name.
        if kwargs.get("execute") is False:
            kwargs.setdefault("description", PLAN_DESCRIPTION)
            kwargs.setdefault("name", PLAN_TOOL_NAME)
        super().__init__(**kwargs)

    def with_plan(self, plan: EditPlan | Mapping[str, Any]) -> RunComfyImageEditTool:
        """A copy of this tool that runs exactly `plan` whatever the call's arguments would plan.

        For approval flows: the plan a person approved is the plan that runs; no second classification
        happens. The plan is checked to be a valid `EditPlan` (an `InputError` otherwise).
        """
        copy = self.model_copy()
        copy._approved_plan = as_plan(plan)
        return copy

    # --- planning and running ----------------------------------------------------------------

    def _run_step(self, tracker: JobTracker) -> Runnable[EditPlan | Mapping[str, Any], RunResult]:
        return run_runnable(
            self.router, self._directory(), timeout=self.timeout, settings=self.settings, on_progress=tracker
        )

    def _answer(self, plan: EditPlan, result: RunResult) -> tuple[str | list[Any], dict[str, Any]]:
        return self._content(_run_content(plan, result), result.output_urls), run_artifact(plan, result)

    def _run(
        self,
        request: str,
        image_urls: list[str],
        mask_url: str | None = None,
        model: str | None = None,
        num_outputs: int | None = None,
        aspect_ratio: str | None = None,
        seed: int | None = None,
        *,
        config: RunnableConfig,
        run_manager: CallbackManagerForToolRun | None = None,
    ) -> tuple[str | list[Any], dict[str, Any]]:
        """Plan (and run) synchronously; the steps are child runs of this tool run."""
        child = patch_config(config, callbacks=run_manager.get_child() if run_manager else None)
        edit = _edit_input(request, image_urls, mask_url, model, num_outputs, aspect_ratio, seed)
        plan: EditPlan | None = self._approved_plan
        tracker = JobTracker()
        try:
            if plan is None:
                plan = self.router.plan_runnable().invoke(edit, child)
            if not self.execute:
                return _plan_content(plan), plan_artifact(plan)
            result: RunResult = self._run_step(tracker).invoke(plan, child)
        except RunComfyEditError as exc:
            raise tool_failure(exc, error_artifact(exc, plan, tracker) if plan is not None else None) from exc
        return self._answer(plan, result)

    async def _arun(
        self,
        request: str,
        image_urls: list[str],
        mask_url: str | None = None,
        model: str | None = None,
        num_outputs: int | None = None,
        aspect_ratio: str | None = None,
        seed: int | None = None,
        *,
        config: RunnableConfig,
        run_manager: AsyncCallbackManagerForToolRun | None = None,
    ) -> tuple[str | list[Any], dict[str, Any]]:
        """Plan (and run) on the event loop: the LLM call, the API calls and the waiting are awaited."""
        child = patch_config(config, callbacks=run_manager.get_child() if run_manager else None)
        edit = _edit_input(request, image_urls, mask_url, model, num_outputs, aspect_ratio, seed)
        plan: EditPlan | None = self._approved_plan
        tracker = JobTracker()
        try:
            if plan is None:
                plan = await self.router.plan_runnable().ainvoke(edit, child)
            if not self.execute:
                return _plan_content(plan), plan_artifact(plan)
            result: RunResult = await self._run_step(tracker).ainvoke(plan, child)
        except RunComfyEditError as exc:
            raise tool_failure(exc, error_artifact(exc, plan, tracker) if plan is not None else None) from exc
        return self._answer(plan, result)

    # --- running a plan someone approved ---------------------------------------------------------

    def _message(self, plan: EditPlan, result: RunResult, tool_call_id: str) -> ToolMessage:
        content, artifact = self._answer(plan, result)
        return ToolMessage(content=content, artifact=artifact, tool_call_id=tool_call_id, name=self.name)

    def _failure(
        self, error: RunComfyEditError, plan: EditPlan | None, tracker: JobTracker, tool_call_id: str
    ) -> ToolMessage:
        return ToolMessage(
            content=describe_error(error),
            artifact=error_artifact(error, plan, tracker) if plan is not None else None,
            tool_call_id=tool_call_id,
            name=self.name,
            status="error",
        )

    async def arun_plan(
        self,
        plan: EditPlan | Mapping[str, Any],
        *,
        tool_call_id: str,
        config: RunnableConfig | None = None,
    ) -> ToolMessage:
        """Run exactly `plan` (an `EditPlan` or the plan-only artifact) and answer as the tool would.

        For approval flows: plan with ``execute=False``, show the plan, and on approval run that
        same plan here, so a second classification cannot change what was approved. Failures come
        back as a ``ToolMessage`` with ``status="error"`` (and the job's artifact); progress is sent
        as custom events and to LangGraph's stream writer.
        """
        tracker = JobTracker()
        checked: EditPlan | None = None
        try:
            checked = as_plan(plan)
            result: RunResult = await self._run_step(tracker).ainvoke(checked, config)
        except RunComfyEditError as exc:
            return self._failure(exc, checked, tracker, tool_call_id)
        return self._message(checked, result, tool_call_id)

    def run_plan(
        self,
        plan: EditPlan | Mapping[str, Any],
        *,
        tool_call_id: str,
        config: RunnableConfig | None = None,
    ) -> ToolMessage:
        """Sync `arun_plan`."""
        tracker = JobTracker()
        checked: EditPlan | None = None
        try:
            checked = as_plan(plan)
            result: RunResult = self._run_step(tracker).invoke(checked, config)
        except RunComfyEditError as exc:
            return self._failure(exc, checked, tracker, tool_call_id)
        return self._message(checked, result, tool_call_id)
