"""`runcomfy-edit run`, `status`, `result` and `cancel`: execute a plan on RunComfy's Model API.

stdout carries only the answer (a summary, the saved paths with --quiet, or one JSON object with
--json); progress goes to stderr, and only when stderr is a terminal and neither --json nor
--quiet was given. Ctrl-C while a job is queued or running cancels it on the server (`_execute`)
and exits 130; what the server answered to the cancel is always said on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from .._exceptions import RunComfyEditError
from .._execute import (
    APISettings,
    JobOutputs,
    ModelAPIClient,
    OutputFile,
    Progress,
    RunResult,
    fetch_result,
    parse_seconds,
)
from .._plan import EditPlan
from .._sanitize import clean, json_for_terminal
from ._group import UsageError, cli
from ._options import body_options, classifier_options, make_router, request_options
from ._signals import run_async

__all__ = ["ProgressPrinter", "outputs_json", "progress_enabled"]


def progress_enabled(stream: TextIO, *, as_json: bool, quiet: bool) -> bool:
    """Live progress only for a person watching a terminal: never into a pipe, a log, or JSON mode."""
    if as_json or quiet:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class ProgressPrinter:
    """Turns progress reports into one self-rewriting stderr line; cancel outcomes are always printed."""

    def __init__(self, stream: TextIO, *, live: bool) -> None:
        self._stream = stream
        self._live = live
        self._open = False  # a live line is on screen without its newline

    def __call__(self, progress: Progress) -> None:
        if progress.phase == "cancel":
            self._end_line()
            self._stream.write(_cancel_message(progress) + "\n")
            self._stream.flush()
            return
        if not self._live:
            return
        where = f" (queue position {progress.queue_position})" if progress.queue_position is not None else ""
        text = f"{progress.request_id}  {clean(progress.status)}{where}  {progress.elapsed:.0f}s"
        # \r plus "erase to end of line": the line is rewritten in place instead of scrolling.
        self._stream.write(f"\r\x1b[K{text}")
        self._stream.flush()
        self._open = True
        if progress.phase == "done":
            self._end_line()

    def _end_line(self) -> None:
        if self._open:
            self._stream.write("\n")
            self._open = False


def _cancel_message(progress: Progress) -> str:
    rid = progress.request_id
    if progress.status == "not_submitted":
        return (
            "Interrupted before the job was submitted (the server had answered 429/503): nothing was created"
        )
    if rid is None:
        return (
            "Interrupted while submitting: the job may have been created; check the recent requests "
            "in your RunComfy account"
        )
    if progress.status in ("cancelled", "canceled"):
        return f"Cancelled request {rid} on RunComfy."
    if progress.status == "not_cancellable":
        return (
            f"Request {rid} is already running and cannot be cancelled; it will finish: fetch it with "
            f"`runcomfy-edit result {rid} --output-dir DIR`"
        )
    return f"Could not confirm the cancel of request {rid}; check it with `runcomfy-edit status {rid}`"


def outputs_json(outputs: JobOutputs) -> list[dict[str, Any]]:
    """``[{url, path, bytes, sha256}]``, one per output URL; the local fields are null if not downloaded."""
    by_url: dict[str, OutputFile] = {f.url: f for f in outputs.files}
    rows: list[dict[str, Any]] = []
    for url in outputs.output_urls:
        file = by_url.get(url)
        rows.append(
            {
                "url": url,
                "path": str(file.path) if file else None,
                "bytes": file.bytes if file else None,
                "sha256": file.sha256 if file else None,
            }
        )
    return rows


def _echo_json(payload: dict[str, Any]) -> None:
    click.echo(json_for_terminal(json.dumps(payload, ensure_ascii=False, indent=2)))


def _echo_files(outputs: JobOutputs, *, quiet: bool) -> None:
    if quiet:
        for file in outputs.files:
            click.echo(str(file.path))
        if not outputs.files:
            for url in outputs.output_urls:
                click.echo(url)
        return
    click.echo(f"request_id  {outputs.request_id}")
    click.echo(f"status      {outputs.status}")
    for file in outputs.files:
        click.echo(f"saved       {file.path}  ({file.bytes} bytes, sha256 {file.sha256[:16]}…)")
    if not outputs.files:
        for url in outputs.output_urls:
            click.echo(f"output      {url}")


def _client() -> ModelAPIClient:
    settings = APISettings.from_env()
    settings.require_token()  # fail before any work (and before an LLM call is paid for)
    return ModelAPIClient(settings=settings)


def _printer(as_json: bool, quiet: bool) -> ProgressPrinter:
    return ProgressPrinter(sys.stderr, live=progress_enabled(sys.stderr, as_json=as_json, quiet=quiet))


_OUTPUT_DIR = click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory to save the outputs in (created if missing).",
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout; no progress.")
_QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress; print only the saved paths.")


class _Seconds(click.ParamType):  # type: ignore[type-arg]
    """A positive, finite number of seconds (parsed by the one settings parser); bad values are exit 64."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_seconds(value, f"--{param.name if param else 'timeout'}")
        except RunComfyEditError as exc:
            self.fail(str(exc), param, ctx)


_TIMEOUT = click.option(
    "--timeout",
    type=_Seconds(),
    default=None,
    metavar="SECONDS",
    help="Stop waiting after this long (the job keeps running). Default: wait as long as it takes.",
)
_OVERWRITE = click.option(
    "--overwrite", is_flag=True, help="Replace existing files instead of adding -2, -3 …."
)


@cli.command("run")
@request_options
@classifier_options
@body_options
@_OUTPUT_DIR
@_JSON
@_QUIET
@_TIMEOUT
@click.option("--no-wait", is_flag=True, help="Submit, print the request id and return (see `result`).")
@_OVERWRITE
def run_command(
    request: str,
    images: tuple[str, ...],
    mask: str | None,
    model: str | None,
    classifier: str,
    llm_model: str | None,
    llm_base_url: str | None,
    llm_timeout: float | None,
    num_outputs: int | None,
    aspect_ratio: str | None,
    seed: int | None,
    output_dir: Path | None,
    as_json: bool,
    quiet: bool,
    timeout: float | None,
    no_wait: bool,
    overwrite: bool,
) -> None:
    """Plan an edit, run it on RunComfy's Model API (paid) and download the results.

    Needs a token (RUNCOMFY_TOKEN or `runcomfy-edit login`). A submit is never sent twice by
    accident; Ctrl-C while the job is queued or running cancels it on RunComfy and exits 130.

    \b
    Examples:
      runcomfy-edit run "keep her face, put her on a rainy neon street" \\
          --image https://example.com/me.jpg --output-dir out/
      runcomfy-edit run "she is now holding an orange umbrella" --image https://example.com/me.jpg \\
          --output-dir out/ --json
      runcomfy-edit run "replace the sky with a sunset" --image https://example.com/a.jpg --no-wait
    """
    if output_dir is None and not no_wait:
        raise UsageError("--output-dir DIR is required (or pass --no-wait and fetch the result later)")
    client = _client()
    router = make_router(classifier, llm_model, llm_base_url, llm_timeout)
    plan = router.plan(
        request, list(images), mask, model, num_outputs=num_outputs, aspect_ratio=aspect_ratio, seed=seed
    )

    async def _go() -> RunResult:
        async with client:
            return await router.arun(
                plan,
                output_dir,
                wait=not no_wait,
                timeout=timeout,
                on_progress=_printer(as_json, quiet),
                overwrite=overwrite,
                client=client,
            )

    result = run_async(_go)
    if as_json:
        _echo_json(_run_json(plan, result))
    elif no_wait:
        _echo_submitted(result.request_id, quiet=quiet)
    else:
        if not quiet:
            click.echo(f"route       {plan.route}  ({plan.model_id})")
        _echo_files(result, quiet=quiet)


def _run_json(plan: EditPlan, result: RunResult) -> dict[str, Any]:
    payload = plan.model_dump(mode="json")
    payload.update(
        request_id=result.request_id,
        status=result.status,
        outputs=outputs_json(result),
        timings=result.timings.model_dump(mode="json"),
    )
    return payload


def _echo_submitted(request_id: str, *, quiet: bool) -> None:
    if quiet:
        click.echo(request_id)
        return
    click.echo(f"request_id  {request_id}")
    click.echo(f"check       runcomfy-edit status {request_id}")
    click.echo(f"fetch       runcomfy-edit result {request_id} --output-dir DIR")
    click.echo(f"cancel      runcomfy-edit cancel {request_id}")


@cli.command("status")
@click.argument("request_id")
@_JSON
def status_command(request_id: str, as_json: bool) -> None:
    """Show a request's status (and queue position while queued).

    \b
    Examples:
      runcomfy-edit status 7f9c2e1a-0000-4000-8000-000000000000
      runcomfy-edit status 7f9c2e1a-0000-4000-8000-000000000000 --json
    """

    async def _go() -> Any:
        async with _client() as client:
            return await client.status(request_id)

    status = run_async(_go)
    if as_json:
        _echo_json(status.model_dump(mode="json"))
        return
    where = f"  (queue position {status.queue_position})" if status.queue_position is not None else ""
    click.echo(f"{request_id.strip()}  {status.status}{where}")


@cli.command("result")
@click.argument("request_id")
@_OUTPUT_DIR
@_JSON
@_QUIET
@_TIMEOUT
@_OVERWRITE
def result_command(
    request_id: str,
    output_dir: Path | None,
    as_json: bool,
    quiet: bool,
    timeout: float | None,
    overwrite: bool,
) -> None:
    """Wait for a request to finish, then print its outputs (and download them with --output-dir).

    Ctrl-C here only stops watching; the job is not cancelled (use `runcomfy-edit cancel`).

    \b
    Examples:
      runcomfy-edit result 7f9c2e1a-0000-4000-8000-000000000000 --output-dir out/
      runcomfy-edit result 7f9c2e1a-0000-4000-8000-000000000000 --json
    """

    async def _go() -> JobOutputs:
        async with _client() as client:
            return await fetch_result(
                request_id,
                client=client,
                output_dir=output_dir,
                timeout=timeout,
                on_progress=_printer(as_json, quiet),
                overwrite=overwrite,
            )

    outputs = run_async(_go)
    if as_json:
        _echo_json(
            {"request_id": outputs.request_id, "status": outputs.status, "outputs": outputs_json(outputs)}
        )
    else:
        _echo_files(outputs, quiet=quiet)


@cli.command("cancel")
@click.argument("request_id")
@_JSON
def cancel_command(request_id: str, as_json: bool) -> None:
    """Cancel a request. Only a queued job can be cancelled; a running one finishes (and is billed).

    \b
    Examples:
      runcomfy-edit cancel 7f9c2e1a-0000-4000-8000-000000000000
    """

    async def _go() -> Any:
        async with _client() as client:
            return await client.cancel(request_id)

    answer = run_async(_go)
    if as_json:
        _echo_json({"request_id": request_id, **answer.model_dump(mode="json")})
    elif answer.cancelled:
        click.echo(f"Cancelled request {request_id}.")
    else:
        click.echo(
            f"Request {request_id} was not cancelled ({clean(answer.outcome)}): only queued jobs can be; "
            f"fetch it with `runcomfy-edit result {request_id} --output-dir DIR`"
        )
