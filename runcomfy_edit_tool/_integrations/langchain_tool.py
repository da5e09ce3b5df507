"""`RunComfyImageEditTool`: the router as a standard LangChain tool an agent can call.

One call plans the edit (route, rewritten prompt, exact body) and, unless ``execute=False``, runs it
on RunComfy's Model API and downloads the results. The tool answers with
``response_format="content_and_artifact"``: the content is one sentence an LLM can relay, the
artifact the whole result as JSON-ready data (for UIs, graphs and checkpointers).

Every failure the agent can do something about becomes a `ToolException` whose message says what
to do next (fix an argument, retry later, or stop and tell the user). ``handle_tool_error`` and
``handle_validation_error`` are on by default, so inside an agent a bad call comes back as a
``ToolMessage`` with ``status="error"`` instead of ending the run; pass ``handle_tool_error=False``
to get the exception instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, Literal

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, CallbackManagerForToolRun
from langchain_core.messages import ToolMessage
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.config import patch_config
from langchain_core.tools import ArgsSchema, BaseTool, ToolException
from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
from .._execute import APISettings, RunResult
from .._plan import EditPlan
from .._router import EditRouter
from .runnables import EditInput, as_plan

__all__ = [
    "DEFAULT_OUTPUT_DIR",
    "TOOL_NAME",
    "EditToolInput",
    "RunComfyImageEditTool",
    "describe_error",
    "plan_artifact",
    "run_artifact",
]

TOOL_NAME: Final = "runcomfy_image_edit"
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
        description=f"Public https URLs of the source images (1 to {MAX_IMAGES}), in the user's order: the "
        "first is the main image and 'image 2' means the second. Local file paths do not work.",
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
        "the tool choose, which is usually best.",
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


# What the agent should do about each failure, most specific class first (isinstance order matters:
# DisallowedHostError is a DownloadError, and every API error is a ModelAPIError).
_ADVICE: Final[tuple[tuple[type[RunComfyEditError], str], ...]] = (
    (InputError, "Fix the arguments and call the tool again."),
    (UsageError, "The tool is misconfigured; tell the user, retrying will not help."),
    (
        AuthenticationError,
        "Tell the user to set RUNCOMFY_TOKEN or run `runcomfy-edit login`; retrying will not help.",
    ),
    (BadRequestError, "RunComfy rejected the input: change the arguments (model, images, values) first."),
    (
        AmbiguousSubmitError,
        "Do NOT call the tool again for this edit: the job may be running and would be paid twice. "
        "Tell the user how to check it.",
    ),
    (RateLimitError, "RunComfy is busy: wait a minute before trying again."),
    (ServerError, "RunComfy is having trouble: try again later, or tell the user."),
    (APIConnectionError, "RunComfy could not be reached: try again later, or tell the user."),
    (APITimeoutError, "Do not resubmit right away: the job may still finish. Tell the user."),
    (JobFailedError, "The edit failed on RunComfy: rephrase the request or choose another model."),
    (
        DownloadError,
        "The edit itself succeeded: do not run it again; tell the user how to download it.",
    ),
)


def describe_error(error: RunComfyEditError) -> str:
    """One line for the agent: what went wrong and what to do about it."""
    advice = next((text for kind, text in _ADVICE if isinstance(error, kind)), "Tell the user.")
    request_id = getattr(error, "request_id", None)
    if request_id and not isinstance(error, JobFailedError):
        # After a paid submit, "try again" would pay twice: the only safe next step is to resume.
        advice = (
            f"Do NOT call the tool again for this edit: job {request_id} was already submitted (paid). "
            f"Tell the user to resume it with `runcomfy-edit result {request_id} --output-dir DIR`."
        )
    return f"{type(error).__name__}: {str(error).rstrip('.')}. {advice}"


def _validation_message(error: Any) -> str:
    """Arguments that do not fit the schema, named one by one so the agent can fix its call."""
    if not isinstance(error, ValidationError):
        return f"Invalid arguments: {error}. Fix them and call the tool again."
    problems = "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'arguments'}: {item['msg']}" for item in error.errors()
    )
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


def _what(plan: EditPlan) -> str:
    change = plan.intent.change.strip().rstrip(".")
    return change or plan.request.strip().rstrip(".")


def _plan_content(plan: EditPlan) -> str:
    return (
        f"Planned, not run (nothing was paid): {plan.route} ({plan.model_id}) would {_what(plan)!r} "
        f"with the prompt {plan.prompt!r}."
    )


def _run_content(plan: EditPlan, result: RunResult) -> str:
    head = f"Edited with {plan.model_id} ({plan.route}): {_what(plan)}."
    if result.files:
        paths = ", ".join(str(f.path) for f in result.files)
        noun = "file" if len(result.files) == 1 else "files"
        return f"{head} Saved {len(result.files)} {noun}: {paths} (request {result.request_id})."
    return f"{head} Output URLs: {', '.join(result.output_urls)} (request {result.request_id})."


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


class RunComfyImageEditTool(BaseTool):
    """Plan and run an image edit on RunComfy from an agent; see the module docstring.

    `RunComfyImageEditTool()` is configured from the environment like the CLI: the classifier
    (an LLM when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the offline rules) and the Model API
    (RUNCOMFY_TOKEN or token.json, RUNCOMFY_MODEL_API_BASE, …, read once when the tool is built).
    Pass `router=EditRouter(llm=chat_model)` to route with your own chat model, `output_dir=` for
    where files go (None: do not download, answer with URLs), and `execute=False` to plan only.
    """

    name: str = TOOL_NAME
    description: str = RUN_DESCRIPTION
    args_schema: ArgsSchema | None = EditToolInput
    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    # On by default: an agent should get an error it can act on, not a crashed run.
    handle_tool_error: bool | str | Callable[[ToolException], str] | None = True
    handle_validation_error: bool | str | Callable[[Any], str] | None = _validation_message

    router: EditRouter = Field(default_factory=EditRouter, exclude=True)
    output_dir: Path | None = DEFAULT_OUTPUT_DIR
    execute: bool = True
    timeout: float | None = Field(
        default=None, description="Seconds to wait for a job before giving up (it keeps running)."
    )
    api_settings: APISettings = Field(default_factory=APISettings.from_env, exclude=True)

    def __init__(self, **kwargs: Any) -> None:
        # A plan-only tool must not tell the agent it edits and saves files.
        if kwargs.get("execute") is False and "description" not in kwargs:
            kwargs["description"] = PLAN_DESCRIPTION
        super().__init__(**kwargs)

    # --- planning and running ----------------------------------------------------------------

    def _directory(self) -> Path | None:
        return self.output_dir.absolute() if self.output_dir is not None else None

    def _run_step(self) -> Runnable[EditPlan | Mapping[str, Any], RunResult]:
        return self.router.run_runnable(self._directory(), timeout=self.timeout, settings=self.api_settings)

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
    ) -> tuple[str, dict[str, Any]]:
        """Plan (and run) synchronously; the steps are child runs of this tool run."""
        child = patch_config(config, callbacks=run_manager.get_child() if run_manager else None)
        edit = _edit_input(request, image_urls, mask_url, model, num_outputs, aspect_ratio, seed)
        try:
            plan = self.router.plan_runnable().invoke(edit, child)
            if not self.execute:
                return _plan_content(plan), plan_artifact(plan)
            result: RunResult = self._run_step().invoke(plan, child)
        except RunComfyEditError as exc:
            raise ToolException(describe_error(exc)) from exc
        return _run_content(plan, result), run_artifact(plan, result)

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
    ) -> tuple[str, dict[str, Any]]:
        """Plan (and run) on the event loop: the LLM call, the API calls and the waiting are awaited."""
        child = patch_config(config, callbacks=run_manager.get_child() if run_manager else None)
        edit = _edit_input(request, image_urls, mask_url, model, num_outputs, aspect_ratio, seed)
        try:
            plan = await self.router.plan_runnable().ainvoke(edit, child)
            if not self.execute:
                return _plan_content(plan), plan_artifact(plan)
            result: RunResult = await self._run_step().ainvoke(plan, child)
        except RunComfyEditError as exc:
            raise ToolException(describe_error(exc)) from exc
        return _run_content(plan, result), run_artifact(plan, result)

    # --- running a plan someone approved ---------------------------------------------------------

    def _answer(self, plan: EditPlan, result: RunResult, tool_call_id: str) -> ToolMessage:
        return ToolMessage(
            content=_run_content(plan, result),
            artifact=run_artifact(plan, result),
            tool_call_id=tool_call_id,
            name=self.name,
        )

    def _failure(self, error: RunComfyEditError, tool_call_id: str) -> ToolMessage:
        request_id = getattr(error, "request_id", None)
        # After a paid submit the artifact keeps the job, so a graph can resume it instead of re-running.
        artifact = (
            {"request_id": request_id, "resume": f"runcomfy-edit result {request_id} --output-dir DIR"}
            if request_id
            else None
        )
        return ToolMessage(
            content=describe_error(error),
            artifact=artifact,
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
        back as a ``ToolMessage`` with ``status="error"``; progress is sent as custom events.
        """
        try:
            checked = as_plan(plan)
            result: RunResult = await self._run_step().ainvoke(checked, config)
        except RunComfyEditError as exc:
            return self._failure(exc, tool_call_id)
        return self._answer(checked, result, tool_call_id)

    def run_plan(
        self,
        plan: EditPlan | Mapping[str, Any],
        *,
        tool_call_id: str,
        config: RunnableConfig | None = None,
    ) -> ToolMessage:
        """Sync `arun_plan`."""
        try:
            checked = as_plan(plan)
            result: RunResult = self._run_step().invoke(checked, config)
        except RunComfyEditError as exc:
            return self._failure(exc, tool_call_id)
        return self._answer(checked, result, tool_call_id)
