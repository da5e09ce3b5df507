"""`RunComfyEditToolkit`: plan (free), run (paid), result and cancel — everything an agent needs.

The result and cancel tools take a ``request_id``, so an agent can finish what a timeout or a
failed download left (the run tool's error artifact carries the id) or stop a queued job, without
the CLI. All four tools share one configuration: router, output directory, ``api_key`` /
``base_url`` (or the environment), ``timeout`` and ``include_images``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, CallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import ArgsSchema, BaseTool, BaseToolkit
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from .._exceptions import RunComfyEditError
from .._execute import APISettings, JobOutputs, ModelAPIClient, ProgressCallback, fetch_result
from .._router import EditRouter
from .langchain_tool import (
    DEFAULT_OUTPUT_DIR,
    JobTracker,
    RunComfyAPITool,
    RunComfyImageEditTool,
    describe_error,
    outputs_sentence,
    tool_failure,
)
from .runnables import progress_forwarder, run_blocking
from .wording import CANCEL_TOOL_NAME, RESULT_TOOL_NAME

__all__ = ["RequestIdInput", "RunComfyEditCancelTool", "RunComfyEditResultTool", "RunComfyEditToolkit"]

RESULT_DESCRIPTION: Final = (
    "Finish a RunComfy image edit that was already submitted: wait for it, download its outputs and "
    "answer with the saved files. Use it with the request_id from an earlier runcomfy_image_edit answer "
    "or error (after a timeout, or when a download failed). It never submits or pays again."
)
CANCEL_DESCRIPTION: Final = (
    "Cancel a RunComfy image edit that was submitted but is still queued, by its request_id. A job "
    "that already started cannot be cancelled; it will finish (fetch it with runcomfy_edit_result)."
)


class RequestIdInput(BaseModel):
    """The one argument of the result and cancel tools."""

    model_config = ConfigDict(extra="forbid")

    request_id: str = Field(
        min_length=1,
        description="The request_id of an earlier run, from its answer or from its error's artifact.",
    )


def _job_artifact(outputs: JobOutputs) -> dict[str, Any]:
    return {
        "request_id": outputs.request_id,
        "status": outputs.status,
        "output_urls": list(outputs.output_urls),
        "files": [
            {"url": f.url, "path": str(f.path), "bytes": f.bytes, "sha256": f.sha256} for f in outputs.files
        ],
    }


def _failure_artifact(error: RunComfyEditError, request_id: str, tracker: JobTracker) -> dict[str, Any]:
    return {
        "error": type(error).__name__,
        "message": describe_error(error),
        "request_id": request_id,
        "status": tracker.status or "unknown",
    }


class RunComfyEditResultTool(RunComfyAPITool):
    """Wait for a submitted job, download its outputs; never submits anything."""

    name: str = RESULT_TOOL_NAME
    description: str = RESULT_DESCRIPTION
    args_schema: ArgsSchema | None = RequestIdInput

    async def _fetch(self, request_id: str, events: ProgressCallback, tracker: JobTracker) -> JobOutputs:
        async def report(progress: Any) -> None:
            tracker(progress)
            outcome = events(progress)
            if outcome is not None:
                await outcome

        async with ModelAPIClient(settings=self.settings) as client:
            return await fetch_result(
                request_id.strip(),
                client=client,
                output_dir=self._directory(),
                timeout=self.timeout,
                on_progress=report,
            )

    def _answer(self, outputs: JobOutputs) -> tuple[str | list[Any], dict[str, Any]]:
        text = f"Request {outputs.request_id} is {outputs.status}. " + outputs_sentence(
            outputs.files, outputs.output_urls, outputs.request_id
        )
        return self._content(text, outputs.output_urls), _job_artifact(outputs)

    def _run(
        self,
        request_id: str,
        *,
        config: RunnableConfig,
        run_manager: CallbackManagerForToolRun | None = None,
    ) -> tuple[str | list[Any], dict[str, Any]]:
        tracker = JobTracker()
        try:
            outputs = run_blocking(self._fetch(request_id, progress_forwarder(config, sync=True), tracker))
        except RunComfyEditError as exc:
            raise tool_failure(exc, _failure_artifact(exc, request_id, tracker)) from exc
        return self._answer(outputs)

    async def _arun(
        self,
        request_id: str,
        *,
        config: RunnableConfig,
        run_manager: AsyncCallbackManagerForToolRun | None = None,
    ) -> tuple[str | list[Any], dict[str, Any]]:
        tracker = JobTracker()
        try:
            outputs = await self._fetch(request_id, progress_forwarder(config, sync=False), tracker)
        except RunComfyEditError as exc:
            raise tool_failure(exc, _failure_artifact(exc, request_id, tracker)) from exc
        return self._answer(outputs)


class RunComfyEditCancelTool(RunComfyAPITool):
    """Ask RunComfy to cancel a queued job; says whether it was cancelled or is already running."""

    name: str = CANCEL_TOOL_NAME
    description: str = CANCEL_DESCRIPTION
    args_schema: ArgsSchema | None = RequestIdInput

    async def _cancel(self, request_id: str) -> tuple[str, dict[str, Any]]:
        async with ModelAPIClient(settings=self.settings) as client:
            answer = await client.cancel(request_id.strip())
        if answer.cancelled:
            text = f"Request {request_id} was cancelled: it will not run or be charged."
        else:
            text = (
                f"Request {request_id} could not be cancelled ({answer.outcome}): it is already running "
                f"and will finish; fetch it with {RESULT_TOOL_NAME}."
            )
        return text, {"request_id": request_id, "outcome": answer.outcome, "cancelled": answer.cancelled}

    def _run(
        self, request_id: str, *, run_manager: CallbackManagerForToolRun | None = None
    ) -> tuple[str, dict[str, Any]]:
        try:
            return run_blocking(self._cancel(request_id))
        except RunComfyEditError as exc:
            raise tool_failure(exc, _failure_artifact(exc, request_id, JobTracker())) from exc

    async def _arun(
        self, request_id: str, *, run_manager: AsyncCallbackManagerForToolRun | None = None
    ) -> tuple[str, dict[str, Any]]:
        try:
            return await self._cancel(request_id)
        except RunComfyEditError as exc:
            raise tool_failure(exc, _failure_artifact(exc, request_id, JobTracker())) from exc


class RunComfyEditToolkit(BaseToolkit):
    """The four RunComfy edit tools with one configuration; ``get_tools()`` → plan, run, result, cancel.

    ``RunComfyEditToolkit()`` reads the environment like the CLI (RUNCOMFY_TOKEN or token.json,
    RUNCOMFY_MODEL_API_BASE, and the LLM classifier when OPENAI_API_KEY / OPENAI_BASE_URL is set);
    `api_key`, `base_url`, `router`, `output_dir`, `include_images`, `timeout` (the run tool's wait:
    on expiry it answers with the job's id, and the job runs on) and `result_timeout` (the result
    tool's wait, default until done) override it.
    Unknown arguments are refused.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    router: EditRouter = Field(default_factory=EditRouter, exclude=True)
    output_dir: Path | None = DEFAULT_OUTPUT_DIR
    timeout: float | None = Field(
        default=None,
        description="Seconds the run tool waits before answering with the job's id (it runs on).",
    )
    result_timeout: float | None = Field(
        default=None, description="Seconds the result tool waits for a job (None: until it finishes)."
    )
    include_images: bool = False
    api_key: SecretStr | None = Field(default=None, exclude=True)
    base_url: str | None = None
    api_settings: APISettings | None = Field(default=None, exclude=True)

    def _shared(self) -> dict[str, Any]:
        shared: dict[str, Any] = {
            "output_dir": self.output_dir,
            "include_images": self.include_images,
            "api_key": self.api_key,
            "base_url": self.base_url,
            "api_settings": self.api_settings,
        }
        return shared

    def get_tools(self) -> list[BaseTool]:
        """Plan (free), run (paid), result and cancel, in that order."""
        shared = self._shared()
        run = RunComfyImageEditTool(router=self.router, timeout=self.timeout, **shared)
        # The run tool resolved the settings once (environment included): the others reuse them.
        shared.update(api_key=run.api_key, base_url=run.base_url, api_settings=run.api_settings)
        return [
            RunComfyImageEditTool(router=self.router, execute=False, **shared),
            run,
            RunComfyEditResultTool(timeout=self.result_timeout, **shared),
            RunComfyEditCancelTool(**shared),
        ]
