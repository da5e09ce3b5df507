"""The Model API's answers as typed models, and the rules for reading them (terminal states, output URLs).

The server may add fields at any time, so unknown keys are kept (``extra="allow"``) rather than
rejected: a new field must never break a paid job's download.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

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
]

# Compared case-insensitively: the status endpoint says "completed", the result endpoint "succeeded".
TERMINAL_STATUSES: Final = frozenset({"completed", "succeeded", "failed", "cancelled", "canceled"})
SUCCESS_STATUSES: Final = frozenset({"completed", "succeeded"})
_QUEUED_STATUSES: Final = frozenset({"in_queue", "queued", "pending"})

CancelOutcome = Literal["cancelled", "not_cancellable"]


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


class ResultResponse(_Answer):
    """``GET /requests/{id}/result``: ``output`` holds the URLs, ``error`` the failure text."""

    request_id: str
    status: str
    output: Any = None
    error: Any = None
    created_at: str | None = None
    finished_at: str | None = None

    @property
    def output_urls(self) -> list[str]:
        """Every http(s) URL in ``output``, in order."""
        return collect_output_urls(self.output)

    @property
    def error_text(self) -> str:
        """The server's error as one line (it may send a string or an object with a message)."""
        error = self.error
        if isinstance(error, dict):
            for key in ("message", "error_message", "detail", "error"):
                if isinstance(error.get(key), str) and error[key].strip():
                    return " ".join(str(error[key]).split())
        if isinstance(error, str) and error.strip():
            return " ".join(error.split())
        if error:
            return " ".join(str(error).split())
        return "no error text was given"


class CancelResponse(_Answer):
    """``POST /requests/{id}/cancel``: only queued jobs can be cancelled."""

    outcome: str

    @property
    def cancelled(self) -> bool:
        """Whether the server cancelled the job."""
        return self.outcome.strip().lower() in {"cancelled", "canceled"}


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        text = value.strip()
        if text.lower().startswith(("http://", "https://")):
            yield text
    elif isinstance(value, dict):
        for item in value.values():  # dicts keep insertion order, i.e. the server's order
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)


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
