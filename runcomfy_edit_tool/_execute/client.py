"""`ModelAPIClient`: RunComfy's Model API (submit, status, result, cancel, wait, download) over httpx.

The protocol::

    POST {base}/models/{model_id}          body → {request_id, status_url, result_url, cancel_url}
    GET  {base}/requests/{id}/status       → {request_id, status, queue_position?}
    GET  {base}/requests/{id}/result       → {request_id, status, output?, error?, created_at, finished_at}
    POST {base}/requests/{id}/cancel       → {outcome: cancelled | not_cancellable}

Status and result URLs are always built from the configured base, never taken from the server's
answer, so the bearer token only ever goes to ``RUNCOMFY_MODEL_API_BASE``. Which call retries on
what is in `_retry`; how answers become errors is in `_api_errors`; downloads are in `_download`
(a separate HTTP client that never carries the token).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from .._exceptions import (
    AmbiguousSubmitError,
    APIConnectionError,
    APITimeoutError,
    InputError,
    JobFailedError,
    ModelAPIError,
    ServerError,
)
from .._sanitize import MAX_SHOWN_CHARS, clean, human_seconds
from .download import Downloader, OutputFile
from .errors import error_from_body, error_from_status, server_detail
from .models import (
    CancelResponse,
    ResultResponse,
    StatusResponse,
    SubmitResponse,
    is_queued,
    is_success,
    is_terminal,
    request_id_problem,
)
from .progress import Progress, ProgressCallback, emit_progress
from .retry import Backoff, CallKind, Clock, Sleep, max_attempts, parse_retry_after, status_is_retryable
from .settings import (
    POLL_QUEUED_BACKOFF,
    POLL_QUEUED_MAX_INTERVAL_SECONDS,
    RETRY_AFTER_MAX_SECONDS,
    APISettings,
    default_timeout,
)

__all__ = ["ModelAPIClient", "SubmitTracker"]

_log = logging.getLogger("runcomfy_edit_tool")
_M = TypeVar("_M", bound=BaseModel)

# Errors raised before a single byte of the request left this machine: a submit that hits one of
# these provably created no job.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)

_CHECK_HINT: Final = (
    "check the recent requests in your RunComfy account (or `runcomfy-edit status ID` if you have the id) "
    "before running it again"
)


def _user_agent() -> str:
    try:
        return f"runcomfy-edit-tool/{version('runcomfy-edit-tool')}"
    except PackageNotFoundError:
        return "runcomfy-edit-tool"


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _model_path(model_id: str) -> str:
    """``models/<segments>``: the model id's slashes stay path segments, each one escaped."""
    segments = model_id.strip().split("/")
    if not model_id.strip() or any(s in ("", ".", "..") for s in segments):
        raise InputError(f"{model_id!r} is not a model id like 'google/nano-banana-2/edit'")
    return "models/" + "/".join(quote(s, safe="") for s in segments)


def _request_path(request_id: str, action: str) -> str:
    """The path of a call about a request id the caller gave (a bad one is the caller's input error)."""
    if request_id_problem(request_id) is not None:
        shown = clean(request_id, MAX_SHOWN_CHARS)
        raise InputError(f"{shown!r} is not a request id; pass the id printed by `runcomfy-edit run`")
    return f"requests/{quote(request_id.strip(), safe='')}/{action}"


class SubmitTracker:
    """Whether a submit is on the wire right now: False while waiting between attempts (no job exists)."""

    def __init__(self) -> None:
        self.in_flight = False


class ModelAPIClient:
    """Async client of RunComfy's Model API; use as ``async with ModelAPIClient() as client: ...``.

    Settings come from the environment (`APISettings.from_env`) unless given; `token` and `base_url`
    override them. `sleep`, `clock` and `rng` are injectable so retries and polling run instantly in
    tests. The token is only needed when a call is made (a missing one is an `AuthenticationError`).
    """

    def __init__(
        self,
        *,
        settings: APISettings | None = None,
        token: str | SecretStr | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        resolved = settings if settings is not None else APISettings.from_env()
        if token is not None:
            resolved = replace(resolved, token=token if isinstance(token, SecretStr) else SecretStr(token))
        if base_url is not None:
            resolved = replace(resolved, base_url=base_url.rstrip("/"))
        self.settings = resolved
        self._timeout = timeout or default_timeout()
        self._sleep = sleep
        self.clock = clock  # public: callers time their phases on the same clock as `wait`
        self._rng = rng or random.Random()
        self._backoff = backoff or Backoff()
        # The token is added per request (not as a default header) so it is never part of this
        # client's state that a debugger, a repr or a copied client could expose.
        self._http = httpx.AsyncClient(
            timeout=self._timeout,
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": _user_agent()},
        )
        self._downloader: Downloader | None = None

    def __repr__(self) -> str:
        return f"ModelAPIClient(base_url={self.settings.base_url!r})"

    async def __aenter__(self) -> ModelAPIClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the API and download connections."""
        await self._http.aclose()
        if self._downloader is not None:
            await self._downloader.aclose()

    # --- the four calls ------------------------------------------------------------------------

    async def submit(
        self,
        model_id: str,
        body: Mapping[str, Any],
        *,
        deadline: float | None = None,
        tracker: SubmitTracker | None = None,
    ) -> SubmitResponse:
        """Submit a job; re-sent only after a 429/503. A lost answer raises `AmbiguousSubmitError`.

        `deadline` (on this client's clock) is never overrun by a retry: a Retry-After that would
        pass it fails at once, and nothing is sent after it. `tracker` says, at any moment, whether
        a submit is on the wire (so an interruption knows whether a job may exist).
        """
        action = f"the submit to {model_id!r}"
        payload, _ = await self._call(
            "POST",
            _model_path(model_id),
            kind="submit",
            action=action,
            body=body,
            deadline=deadline,
            tracker=tracker,
        )
        try:
            submitted = SubmitResponse.model_validate(payload)
        except ValidationError:
            # A 2xx without a request id: the server may well have created the job.
            raise AmbiguousSubmitError(
                f"{action} was answered without a request id; it was NOT re-sent, to avoid paying twice; "
                + _CHECK_HINT
            ) from None
        problem = request_id_problem(submitted.request_id)
        if problem is not None:
            # The server's fault, after a paid submit: the id cannot be used in a path, so the job
            # cannot be watched from here. Cancel it through the server's own cancel URL when that
            # URL is under the configured base (the only place the token may go).
            cancelled = await self._cancel_by_url(submitted.cancel_url)
            shown = clean(submitted.request_id, MAX_SHOWN_CHARS)
            fate = (
                "it was cancelled on RunComfy"
                if cancelled
                else "it may be running: check the recent requests in your RunComfy account"
            )
            raise AmbiguousSubmitError(
                f"RunComfy accepted {action} but answered with an unusable request id {shown!r} "
                f"({problem}); {fate}; it was NOT re-sent"
            )
        return submitted

    async def _cancel_by_url(self, cancel_url: str | None) -> bool:
        """POST the server's cancel URL if it lies under the API base; True when it says cancelled."""
        base = self.settings.base_url + "/requests/"
        if (
            not isinstance(cancel_url, str)
            or not cancel_url.startswith(base)
            or not cancel_url.endswith("/cancel")
            or any(c in cancel_url for c in "?#\\")
            or ".." in cancel_url
            or "//" in cancel_url[len(base) - 1 :]
            or any(c.isspace() or not c.isprintable() for c in cancel_url)
        ):
            return False
        try:
            payload, _ = await self._call(
                "POST", cancel_url[len(self.settings.base_url) + 1 :], kind="read", action="the cancel"
            )
            return CancelResponse.model_validate(payload).cancelled
        except (ModelAPIError, ValidationError):
            return False

    async def input_schema(self, model_id: str) -> dict[str, Any]:
        """The model's live input schema (``GET {base}/models/{model_id}``, its ``input_schema``)."""
        action = f"the schema of {model_id!r}"
        payload, _ = await self._call("GET", _model_path(model_id), kind="read", action=action)
        schema = payload.get("input_schema")
        if not isinstance(schema, dict):
            raise ModelAPIError(f"RunComfy's answer to {action} has no input_schema object")
        return schema

    async def status(self, request_id: str) -> StatusResponse:
        """The job's status and queue position (retried freely: reading changes nothing)."""
        status, _ = await self._status(request_id)
        return status

    async def result(self, request_id: str, *, raise_on_failure: bool = True) -> ResultResponse:
        """The job's result; a failed or cancelled job raises `JobFailedError` with the server's text."""
        action = f"the result of request {request_id!r}"
        payload, _ = await self._call("GET", _request_path(request_id, "result"), kind="read", action=action)
        result = self._parse(ResultResponse, payload, action)
        if raise_on_failure and is_terminal(result.status) and not is_success(result.status):
            raise JobFailedError(f"request {request_id!r} ended as {result.status}: {result.error_text}")
        return result

    async def cancel(self, request_id: str) -> CancelResponse:
        """Ask the server to cancel; only queued jobs can be (``outcome`` says which happened)."""
        action = f"the cancel of request {request_id!r}"
        payload, _ = await self._call("POST", _request_path(request_id, "cancel"), kind="read", action=action)
        return self._parse(CancelResponse, payload, action)

    # --- waiting -------------------------------------------------------------------------------

    async def wait(
        self,
        request_id: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
        started_at: float | None = None,
    ) -> StatusResponse:
        """Poll until the job is terminal; report each poll to `on_progress`.

        The wait starts at ``settings.poll_interval``; while the job is queued each wait grows by
        ``POLL_QUEUED_BACKOFF`` up to ``POLL_QUEUED_MAX_INTERVAL_SECONDS`` (a long queue does not
        need a poll every two seconds); a ``Retry-After`` on a status answer is honoured. `timeout`
        (seconds since `started_at`, default now) raises `APITimeoutError`; the job keeps running.
        """
        start = self.clock() if started_at is None else started_at
        interval = self.settings.poll_interval
        queued_interval = interval
        while True:
            deadline = start + timeout if timeout is not None else None
            status, headers = await self._status(request_id, deadline=deadline)
            elapsed = self.clock() - start
            await emit_progress(
                on_progress, Progress("polling", request_id, status.status, status.queue_position, elapsed)
            )
            if is_terminal(status.status):
                return status
            if is_queued(status.status):
                delay = queued_interval
                queued_interval = min(POLL_QUEUED_MAX_INTERVAL_SECONDS, queued_interval * POLL_QUEUED_BACKOFF)
            else:
                delay = interval
            retry_after = parse_retry_after(headers.get("retry-after"))
            if retry_after is not None:
                delay = min(max(delay, retry_after), RETRY_AFTER_MAX_SECONDS)
            if timeout is not None:
                remaining = timeout - elapsed
                if remaining <= 0:
                    raise APITimeoutError(
                        f"request {request_id!r} was still {status.status} after {human_seconds(timeout)}; "
                        f"it keeps running: fetch it later with `runcomfy-edit result {request_id}` "
                        f"or stop it with `runcomfy-edit cancel {request_id}`"
                    )
                delay = min(delay, remaining)
            await self._sleep(delay)

    # --- downloads -----------------------------------------------------------------------------

    @property
    def downloader(self) -> Downloader:
        """The token-free downloader this client uses (created on first use)."""
        if self._downloader is None:
            self._downloader = Downloader(
                extra_hosts=self.settings.download_hosts,
                max_bytes=self.settings.max_download_bytes,
                timeout=self._timeout,
                sleep=self._sleep,
                rng=self._rng,
                backoff=self._backoff,
            )
        return self._downloader

    async def download(
        self, url: str, output_dir: Path, *, filename: str | None = None, overwrite: bool = False
    ) -> OutputFile:
        """Download one output URL into `output_dir` (see `_download` for the rules)."""
        return await self.downloader.download(url, output_dir, filename=filename, overwrite=overwrite)

    async def download_all(
        self, urls: Sequence[str], output_dir: Path, *, overwrite: bool = False
    ) -> list[OutputFile]:
        """Download several output URLs concurrently, in order."""
        return await self.downloader.download_all(urls, output_dir, overwrite=overwrite)

    # --- plumbing ------------------------------------------------------------------------------

    async def _status(
        self, request_id: str, *, deadline: float | None = None
    ) -> tuple[StatusResponse, httpx.Headers]:
        action = f"the status of request {request_id!r}"
        payload, headers = await self._call(
            "GET", _request_path(request_id, "status"), kind="read", action=action, deadline=deadline
        )
        return self._parse(StatusResponse, payload, action), headers

    @staticmethod
    def _parse(model: type[_M], payload: dict[str, Any], action: str) -> _M:
        try:
            return model.model_validate(payload)
        except ValidationError as exc:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) or "body" for e in exc.errors())
            raise ModelAPIError(
                f"RunComfy's answer to {action} is missing or has bad fields: {fields}"
            ) from None

    async def _call(
        self,
        method: str,
        path: str,
        *,
        kind: CallKind,
        action: str,
        body: Mapping[str, Any] | None = None,
        deadline: float | None = None,
        tracker: SubmitTracker | None = None,
    ) -> tuple[dict[str, Any], httpx.Headers]:
        """Send one call with the retry rules of `kind`; return its JSON object and headers."""
        secret = self.settings.require_token().get_secret_value()
        url = f"{self.settings.base_url}/{path}"
        headers = {"Authorization": f"Bearer {secret}"}
        attempts = max_attempts(kind)
        for attempt in range(attempts):
            last = attempt + 1 >= attempts
            if kind == "submit" and deadline is not None and self.clock() >= deadline:
                raise APITimeoutError(
                    f"the timeout passed before {action} could be sent; nothing was submitted"
                )
            try:
                if tracker is not None:
                    tracker.in_flight = True
                try:
                    response = await self._http.request(method, url, json=body, headers=headers)
                finally:
                    if tracker is not None:
                        tracker.in_flight = False
            except _NOT_SENT as exc:
                if kind == "submit" or last:
                    raise APIConnectionError(
                        f"could not reach the Model API at {self.settings.base_url!r} for {action}: "
                        f"{_why(exc)}; nothing was sent: check the network or RUNCOMFY_MODEL_API_BASE "
                        "and run again"
                    ) from exc
            except httpx.TransportError as exc:
                if kind == "submit":
                    raise AmbiguousSubmitError(
                        f"{action} may have reached RunComfy but the answer was lost ({_why(exc)}); "
                        f"it was NOT re-sent, to avoid paying twice; {_CHECK_HINT}"
                    ) from exc
                if last:
                    error_cls = (
                        APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
                    )
                    raise error_cls(
                        f"{action} failed after {attempts} attempts: {_why(exc)}; try again later"
                    ) from exc
            else:
                _log.debug("%s %s -> HTTP %s (attempt %d)", method, path, response.status_code, attempt + 1)
                if response.is_success:
                    return self._decode(response, kind, action, secret), response.headers
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                can_retry = not last and status_is_retryable(kind, response.status_code)
                if can_retry and (retry_after is None or retry_after <= RETRY_AFTER_MAX_SECONDS):
                    delay = (
                        retry_after if retry_after is not None else self._backoff.delay(attempt, self._rng)
                    )
                    self._check_deadline(deadline, delay, action, response.status_code, kind)
                    _log.info("%s: HTTP %s; retrying in %.1f s", action, response.status_code, delay)
                    await self._sleep(delay)
                    continue
                error = error_from_status(
                    response.status_code,
                    server_detail(response.text, secret=secret),
                    action=action,
                    attempts=attempt + 1,
                    retry_after=retry_after,
                )
                if kind == "submit" and isinstance(error, ServerError) and response.status_code != 503:
                    # Only 503 says "not taken"; after any other 5xx the job may exist.
                    error = ServerError(
                        f"{error}; it was not re-sent in case the job was created: {_CHECK_HINT}"
                    )
                raise error
            delay = self._backoff.delay(attempt, self._rng)
            self._check_deadline(deadline, delay, action, None, kind)
            await self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _check_deadline(
        self, deadline: float | None, delay: float, action: str, status_code: int | None, kind: CallKind
    ) -> None:
        """Fail now rather than sleep past the caller's deadline (a retry after it would overrun it)."""
        if deadline is None or self.clock() + delay < deadline:
            return
        answered = f"HTTP {status_code}" if status_code is not None else "a network error"
        taken = "; nothing was submitted (the server had not taken the job)" if kind == "submit" else ""
        raise APITimeoutError(
            f"the timeout would pass during the {human_seconds(delay)} wait before retrying {action} "
            f"(it answered {answered}){taken}; run again later or with a longer --timeout"
        )

    def _decode(self, response: httpx.Response, kind: CallKind, action: str, secret: str) -> dict[str, Any]:
        try:
            payload = response.json()
        except (ValueError, RecursionError):
            # Not JSON, a number past Python's digit limit, or nesting deeper than the stack:
            # all the same here, an answer that cannot be read.
            payload = None
        if not isinstance(payload, dict):
            message = f"RunComfy answered {action} with HTTP {response.status_code} but not a JSON object"
            if kind == "submit":
                raise AmbiguousSubmitError(
                    f"{message}; it was NOT re-sent, to avoid paying twice; {_CHECK_HINT}"
                )
            raise ModelAPIError(f"{message} (or one too deep or too large to read)")
        error = error_from_body(payload, action=action, secret=secret)
        if error is not None:
            raise error
        return payload
