"""Running a plan end to end: submit → wait → result → download, and cancelling on interruption.

Interruption (Ctrl-C in the CLI, `task.cancel()` in a library caller) is the one moment money can
be wasted, so it is handled explicitly:

- while the submit is in flight, the submit is allowed to finish (for up to ``CANCEL_GRACE_SECONDS``)
  so that the job, if it was created, is known and can be cancelled; while it only waits to retry
  (the server answered 429/503, so no job exists) it is stopped at once (``not_submitted``);
- while the job is queued or running, ``POST …/cancel`` is sent (the server cancels queued jobs
  and answers ``not_cancellable`` for running ones; the outcome is reported as a ``cancel`` progress);
- then the `CancelledError` is re-raised: the caller still sees the interruption.

During the download the job is already paid for: an interruption only removes temporary files.

After the server accepted the submit, every failure (an API error, an answer too deep or too large
to read, a bad output URL, anything unexpected) is raised as a `ModelAPIError` that carries the
request id (``error.request_id``) and says how to resume: ``runcomfy-edit result ID``. Before the
submit, the output directory is checked (created if missing, writable) so a bad one costs nothing.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .._catalog import RouteId
from .._exceptions import DownloadError, InputError, JobFailedError, ModelAPIError, RunComfyEditError
from .._plan import EditPlan
from .._sanitize import clean, human_seconds
from .client import ModelAPIClient, SubmitTracker
from .download import OutputFile, prepare_output_dir
from .models import StatusResponse, SubmitResponse, is_queued, is_success
from .progress import Progress, ProgressCallback, emit_progress
from .schema import SchemaCache, body_problems
from .settings import CANCEL_GRACE_SECONDS, MAX_OUTPUT_FILES, parse_seconds

__all__ = ["JobOutputs", "RunResult", "Timings", "execute_plan", "fetch_result"]

_log = logging.getLogger("runcomfy_edit_tool")


class Timings(BaseModel):
    """Seconds spent in each phase (on the client's clock)."""

    model_config = ConfigDict(frozen=True)

    submit_seconds: float
    queued_seconds: float | None = None  # until the first poll that was no longer queued
    wait_seconds: float | None = None  # from the accepted submit to a terminal status
    download_seconds: float | None = None
    total_seconds: float


class JobOutputs(BaseModel):
    """What a finished job produced: its output URLs and, when downloaded, the local files."""

    request_id: str
    status: str
    output_urls: list[str]
    files: list[OutputFile]


class RunResult(JobOutputs):
    """A plan that ran: the job's id and outputs, what was sent, and how long each phase took."""

    route: RouteId
    model_id: str
    body: dict[str, Any]
    timings: Timings


async def _cancel_job(
    client: ModelAPIClient, request_id: str, on_progress: ProgressCallback | None, elapsed: float
) -> None:
    """Ask the server to cancel, bounded by the grace period; report the outcome, never raise.

    The call runs in its own task: the current task is being cancelled, and a fresh task lets the
    HTTP request run normally instead of inheriting that cancellation.
    """
    task = asyncio.ensure_future(client.cancel(request_id))
    done, _ = await asyncio.wait({task}, timeout=CANCEL_GRACE_SECONDS)
    outcome = "unknown"
    if task not in done:
        task.cancel()
    elif task.cancelled():
        pass
    elif (error := task.exception()) is not None:
        _log.warning("could not cancel request %s: %s", request_id, error)
    else:
        outcome = task.result().outcome
    await emit_progress(on_progress, Progress("cancel", request_id, outcome, None, elapsed))


async def _submit(
    client: ModelAPIClient,
    plan: EditPlan,
    on_progress: ProgressCallback | None,
    started: float,
    deadline: float | None,
) -> SubmitResponse:
    """Submit, and if interrupted meanwhile, let the submit land so its job can be cancelled."""
    tracker = SubmitTracker()
    task = asyncio.ensure_future(client.submit(plan.model_id, plan.body, deadline=deadline, tracker=tracker))
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        if not task.done() and not tracker.in_flight:
            # Waiting out a 429/503 between attempts: the server has not taken the job, so stop now.
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await emit_progress(
                on_progress, Progress("cancel", None, "not_submitted", None, client.clock() - started)
            )
            raise
        done, _ = await asyncio.wait({task}, timeout=CANCEL_GRACE_SECONDS)
        if task not in done:
            task.cancel()
            await emit_progress(
                on_progress, Progress("cancel", None, "unknown", None, client.clock() - started)
            )
        elif not task.cancelled() and task.exception() is None:
            await _cancel_job(client, task.result().request_id, on_progress, client.clock() - started)
        raise


class _QueueTimer:
    """Notes when the job first left the queue, while passing each poll on to the user's callback."""

    def __init__(self, client: ModelAPIClient, on_progress: ProgressCallback | None) -> None:
        self._client = client
        self._on_progress = on_progress
        self.left_queue_at: float | None = None

    async def __call__(self, progress: Progress) -> None:
        if self.left_queue_at is None and not is_queued(progress.status):
            self.left_queue_at = self._client.clock()
        await emit_progress(self._on_progress, progress)


async def _outputs(
    client: ModelAPIClient,
    request_id: str,
    output_dir: Path | None,
    *,
    overwrite: bool,
    on_progress: ProgressCallback | None,
    elapsed: float,
) -> JobOutputs:
    result = await client.result(request_id)
    if not is_success(result.status):
        raise ModelAPIError(
            f"request {request_id!r} is {clean(result.status)}, not finished; fetch it later with "
            f"`runcomfy-edit result {request_id}`"
        )
    urls = result.output_urls
    if not urls:
        raise ModelAPIError(f"request {request_id!r} {clean(result.status)} but its output holds no URL")
    if len(urls) > MAX_OUTPUT_FILES:
        raise ModelAPIError(
            f"request {request_id!r} lists {len(urls)} outputs; at most {MAX_OUTPUT_FILES} are downloaded, "
            "so none were"
        )
    files: list[OutputFile] = []
    if output_dir is not None:
        await emit_progress(on_progress, Progress("downloading", request_id, "downloading", None, elapsed))
        try:
            files = await client.download_all(urls, output_dir, overwrite=overwrite)
        except DownloadError as exc:
            # Same class (a DisallowedHostError stays one), plus how to retry without paying again.
            raise type(exc)(
                f"{exc}; the job itself succeeded: download again with "
                f"`runcomfy-edit result {request_id} --output-dir DIR`"
            ) from exc
    return JobOutputs(request_id=request_id, status=result.status, output_urls=urls, files=files)


async def execute_plan(
    plan: EditPlan,
    *,
    client: ModelAPIClient,
    output_dir: Path | None = None,
    wait: bool = True,
    timeout: float | None = None,
    on_progress: ProgressCallback | None = None,
    overwrite: bool = False,
) -> RunResult:
    """Run `plan` on the Model API and download its outputs into `output_dir` (skipped when None).

    `wait=False` returns right after the submit (status ``submitted``, no outputs). `timeout` bounds
    the submit and the wait together (default: none); on expiry `APITimeoutError` is raised and the
    job keeps running. Cancelling the calling task cancels the job (see the module docstring).
    """
    if timeout is not None:
        timeout = parse_seconds(timeout, "timeout")
    if output_dir is not None:
        prepare_output_dir(output_dir)  # a bad directory is found before paying, not after
    _check_live_schema(plan, client)
    clock = client.clock
    started = clock()
    deadline = started + timeout if timeout is not None else None
    submitted = await _submit(client, plan, on_progress, started, deadline)
    request_id = submitted.request_id
    try:
        return await _after_submit(
            plan,
            client,
            request_id,
            started,
            output_dir=output_dir,
            wait=wait,
            timeout=timeout,
            on_progress=on_progress,
            overwrite=overwrite,
        )
    except ModelAPIError as exc:
        raise _keeping_id(exc, request_id) from exc
    except RunComfyEditError:
        raise
    except Exception as exc:  # a paid job must never end in a traceback that loses its id
        raise _keeping_id(
            ModelAPIError(
                f"reading RunComfy's answer about request {request_id!r} failed ({type(exc).__name__})"
            ),
            request_id,
        ) from exc


def _check_live_schema(plan: EditPlan, client: ModelAPIClient) -> None:
    """Refuse a body the cached live schema would reject (no network: only what `models` cached)."""
    directory = client.settings.schema_cache_dir
    if directory is None:
        return
    cached = SchemaCache(directory).load(plan.model_id)
    if cached is None:
        return
    schema, age = cached
    problems = body_problems(plan.body, schema)
    if problems:
        raise InputError(
            f"the body for {plan.model_id} does not match RunComfy's live input schema "
            f"(fetched {human_seconds(age)} ago): {'; '.join(problems)}; nothing was submitted: "
            "run `runcomfy-edit models --check` to see the drift"
        )


def _keeping_id(error: ModelAPIError, request_id: str) -> ModelAPIError:
    """`error` (same class) with the request id attached and, unless it says so already, how to resume."""
    message = str(error)
    if f"runcomfy-edit result {request_id}" not in message and not isinstance(error, JobFailedError):
        message = (
            f"{message}; request {request_id} was submitted (a paid job): resume with "
            f"`runcomfy-edit result {request_id} --output-dir DIR`"
        )
    kept = type(error)(message) if message != str(error) else error
    kept.request_id = request_id
    return kept


async def _after_submit(
    plan: EditPlan,
    client: ModelAPIClient,
    request_id: str,
    started: float,
    *,
    output_dir: Path | None,
    wait: bool,
    timeout: float | None,
    on_progress: ProgressCallback | None,
    overwrite: bool,
) -> RunResult:
    clock = client.clock
    accepted = clock()
    await emit_progress(on_progress, Progress("submitted", request_id, "submitted", None, accepted - started))

    def _result(outputs: JobOutputs, timings: Timings) -> RunResult:
        return RunResult(
            **outputs.model_dump(),
            route=plan.route,
            model_id=plan.model_id,
            body=plan.body,
            timings=timings,
        )

    if not wait:
        pending = JobOutputs(request_id=request_id, status="submitted", output_urls=[], files=[])
        return _result(pending, Timings(submit_seconds=accepted - started, total_seconds=accepted - started))

    timer = _QueueTimer(client, on_progress)
    try:
        final: StatusResponse = await client.wait(
            request_id, timeout=timeout, on_progress=timer, started_at=started
        )
    except asyncio.CancelledError:
        await _cancel_job(client, request_id, on_progress, clock() - started)
        raise
    finished = clock()
    outputs = await _outputs(
        client,
        request_id,
        output_dir,
        overwrite=overwrite,
        on_progress=on_progress,
        elapsed=finished - started,
    )
    done = clock()
    await emit_progress(on_progress, Progress("done", request_id, final.status, None, done - started))
    timings = Timings(
        submit_seconds=accepted - started,
        queued_seconds=(timer.left_queue_at - accepted) if timer.left_queue_at is not None else None,
        wait_seconds=finished - accepted,
        download_seconds=(done - finished) if output_dir is not None else None,
        total_seconds=done - started,
    )
    return _result(outputs, timings)


async def fetch_result(
    request_id: str,
    *,
    client: ModelAPIClient,
    output_dir: Path | None = None,
    wait: bool = True,
    timeout: float | None = None,
    on_progress: ProgressCallback | None = None,
    overwrite: bool = False,
) -> JobOutputs:
    """Finish a job submitted earlier (``run --no-wait``): wait for it, then download its outputs.

    Unlike `execute_plan`, an interruption here does not cancel the job: this call only watches it.
    """
    if timeout is not None:
        timeout = parse_seconds(timeout, "timeout")
    if output_dir is not None:
        prepare_output_dir(output_dir)
    started = client.clock()
    try:
        if wait:
            await client.wait(request_id, timeout=timeout, on_progress=on_progress, started_at=started)
        return await _outputs(
            client,
            request_id,
            output_dir,
            overwrite=overwrite,
            on_progress=on_progress,
            elapsed=client.clock() - started,
        )
    except RunComfyEditError:
        raise
    except Exception as exc:  # an unreadable answer is reported, never a traceback
        error = ModelAPIError(
            f"reading RunComfy's answer about request {request_id!r} failed ({type(exc).__name__}); "
            f"try `runcomfy-edit result {request_id}` again later"
        )
        error.request_id = request_id
        raise error from exc
