"""The Model API's answers as typed models, and the rules for reading them (terminal states, output URLs).

The server may add fields at any time, so unknown keys are kept (``extra="allow"``) rather than
rejected: a new field must never break a paid job's download.

Every string the server sends and this package may print (status, outcome, request id, error
text) is passed through the one sanitizer, `_sanitize.clean`, when the answer is parsed: terminal
escape sequences and control characters never reach a terminal or a log. Two vocabularies exist:
the status endpoint says ``in_queue``, ``in_progress``, ``completed``, ``cancelled``; the result
endpoint ``succeeded``, ``failed``, ``cancelled`` (and the non-terminal words while running). Both
are read here, case-insensitively; an unknown word is treated as still running.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from .._sanitize import clean

__all__ = [
    "SUCCESS_STATUSES",
    "TERMINAL_STATUSES",
    "CancelOutcome",
    "CancelResponse",
    "ResultResponse",
    "StatusResponse",
    "SubmitResponse",
    "collect_output_urls",
    "is_queued",
    "is_success",
    "is_terminal",
    "request_id_problem",
]

# Compared case-insensitively: the status endpoint says "completed", the result endpoint "succeeded".
TERMINAL_STATUSES: Final = frozenset({"completed", "succeeded", "failed", "cancelled", "canceled"})
SUCCESS_STATUSES: Final = frozenset({"completed", "succeeded"})
_QUEUED_STATUSES: Final = frozenset({"in_queue", "queued", "pending"})

CancelOutcome = Literal["cancelled", "not_cancellable"]
# Larger queue positions are a broken counter: shown as unknown rather than as a 5,000-digit number.
MAX_QUEUE_POSITION: Final = 10**9
# Output trees deeper than this are not walked (a hostile answer must not exhaust the stack).
MAX_OUTPUT_DEPTH: Final = 32
MAX_REQUEST_ID_CHARS: Final = 200
ERROR_TEXT_CHARS: Final = 500


def request_id_problem(request_id: str) -> str | None:
    """Why `request_id` cannot be used in a request path (one phrase), or None when it can."""
    rid = request_id.strip()
    if not rid:
        return "it is empty"
    if len(rid) > MAX_REQUEST_ID_CHARS:
        return f"it is {len(rid)} characters long"
    if rid in (".", "..") or any(c in rid for c in "/\\?#%"):
        return "it holds a path character"
    if any(c.isspace() or not c.isprintable() for c in rid):
        return "it holds whitespace or control characters"
    return None


def is_terminal(status: str) -> bool:
    """Whether a job in this status will not change any more."""
    return status.strip().lower() in TERMINAL_STATUSES


def is_success(status: str) -> bool:
    """Whether this terminal status means the job produced its outputs."""
    return status.strip().lower() in SUCCESS_STATUSES


def is_queued(status: str) -> bool:
    """Whether the job is still waiting for a worker (so it can still be cancelled)."""
    return status.strip().lower() in _QUEUED_STATUSES


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


def _clean_text(value: object) -> object:
    return clean(value) if isinstance(value, str) else value


class SubmitResponse(_Answer):
    """``POST /models/{model_id}``: the job was accepted."""

    request_id: str
    status_url: str | None = None
    result_url: str | None = None
    cancel_url: str | None = None


class StatusResponse(_Answer):
    """``GET /requests/{id}/status``."""

    request_id: str
    status: str
    queue_position: int | None = None

    _clean = field_validator("request_id", "status", mode="after")(_clean_text)

    @field_validator("queue_position", mode="before")
    @classmethod
    def _plausible_position(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if value != value or not 0 <= value <= MAX_QUEUE_POSITION:  # nan, inf, negative, absurd
            return None
        return int(value)


class ResultResponse(_Answer):
    """``GET /requests/{id}/result``: ``output`` holds the URLs, ``error`` the failure text."""

    request_id: str
    status: str
    output: Any = None
    error: Any = None
    created_at: str | None = None
    finished_at: str | None = None

    _clean = field_validator("request_id", "status", "created_at", "finished_at", mode="after")(_clean_text)

    @property
    def output_urls(self) -> list[str]:
        """Every http(s) URL in ``output``, in order."""
        return collect_output_urls(self.output)

    @property
    def error_text(self) -> str:
        """The server's error as one clean line (it may send a string or an object with a message)."""
        error = self.error
        text = ""
        if isinstance(error, dict):
            text = next(
                (
                    error[k]
                    for k in ("message", "error_message", "detail", "error")
                    if isinstance(error.get(k), str)
                ),
                "",
            )
        elif isinstance(error, str):
            text = error
        if not text and error:
            try:
                text = str(error)[: ERROR_TEXT_CHARS * 2]
            except (RecursionError, ValueError):  # nested too deep, or a number past the digit limit
                text = "an error too large to show"
        text = clean(" ".join(text.split()), ERROR_TEXT_CHARS)
        return text or "no error text was given"


class CancelResponse(_Answer):
    """``POST /requests/{id}/cancel``: only queued jobs can be cancelled."""

    outcome: str

    _clean = field_validator("outcome", mode="after")(_clean_text)

    @property
    def cancelled(self) -> bool:
        """Whether the server cancelled the job."""
        return self.outcome.strip().lower() in {"cancelled", "canceled"}


def _walk(value: Any, depth: int = 0) -> Iterator[str]:
    if isinstance(value, str):
        text = value.strip()
        if text.lower().startswith(("http://", "https://")):
            yield text
    elif depth >= MAX_OUTPUT_DEPTH:
        return
    elif isinstance(value, dict):
        for item in value.values():  # dicts keep insertion order, i.e. the server's order
            yield from _walk(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item, depth + 1)


def collect_output_urls(output: Any) -> list[str]:
    """Every http(s) URL in a result's ``output``, recursively, in order, each once.

    ``output`` may be one URL string, or lists of them under keys such as ``image``, ``images`` or
    ``videos``, possibly nested in objects (``{"images": [{"url": ...}]}``). A URL repeated under two
    keys is downloaded once.
    """
    seen: set[str] = set()
    urls: list[str] = []
    for url in _walk(output):
        if url not in seen:
            seen.add(url)
            urls.append(url)
    return urls
