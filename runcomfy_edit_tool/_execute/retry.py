"""Which Model API calls are retried, on what, and how long to wait: the one place these rules live.

The rules (the numbers are in `_settings`):

- **submit** (``POST /models/{model_id}``) is re-sent only when the server answered **429** or
  **503**: the two answers that say the job was not taken. Any other 5xx, a timeout, or a dropped
  connection after the body went out may have created a job, so it is never re-sent: a 5xx becomes
  `ServerError`, a timeout or drop `AmbiguousSubmitError`. A connection that never opened sent
  nothing; it is reported (`APIConnectionError`), not retried, so "exactly one submit" stays simple.
- **reads** (status, result) and **cancel** are retried on 429, any 5xx, and any transport error
  (connect failure, timeout, dropped connection), up to ``READ_MAX_ATTEMPTS``: they change nothing.
- **downloads** are retried on 5xx and transport errors (a truncated body included), up to
  ``DOWNLOAD_MAX_ATTEMPTS``; a refusal (4xx, a host off the list, a file over the cap) is final.
- **how long**: the server's ``Retry-After`` when it sends one (seconds or an HTTP date; above
  ``RETRY_AFTER_MAX_SECONDS`` the call fails at once, naming the wait), else a capped exponential
  backoff with jitter.

Sleeping and the clock are parameters everywhere (`Sleep`, `Clock`), so tests run instantly.
"""

from __future__ import annotations

import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Final, Literal

from .settings import (
    BACKOFF_BASE_SECONDS,
    BACKOFF_MAX_SECONDS,
    DOWNLOAD_MAX_ATTEMPTS,
    READ_MAX_ATTEMPTS,
    SUBMIT_MAX_ATTEMPTS,
)

__all__ = [
    "SUBMIT_RETRY_STATUSES",
    "Backoff",
    "CallKind",
    "Clock",
    "Sleep",
    "max_attempts",
    "parse_retry_after",
    "status_is_retryable",
]

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
CallKind = Literal["submit", "read", "download"]

# The only answers that prove a submit was not taken.
SUBMIT_RETRY_STATUSES: Final = frozenset({429, 503})


def max_attempts(kind: CallKind) -> int:
    """How many times a call of this kind is sent at most (the first try included)."""
    return {"submit": SUBMIT_MAX_ATTEMPTS, "read": READ_MAX_ATTEMPTS, "download": DOWNLOAD_MAX_ATTEMPTS}[kind]


def status_is_retryable(kind: CallKind, status_code: int) -> bool:
    """Whether an HTTP answer with this status may be retried for this kind of call."""
    if kind == "submit":
        return status_code in SUBMIT_RETRY_STATUSES
    if kind == "read":
        return status_code == 429 or 500 <= status_code <= 599
    return 500 <= status_code <= 599


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with "equal jitter": half the step fixed, half random.

    The fixed half keeps a retry from firing immediately; the random half keeps many clients that
    failed together from retrying together.
    """

    base: float = BACKOFF_BASE_SECONDS
    cap: float = BACKOFF_MAX_SECONDS

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait before retry number `attempt` (0 for the first retry)."""
        step = min(self.cap, self.base * (2.0**attempt))
        return step / 2 + rng.uniform(0.0, step / 2)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None if absent or bad."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if not math.isfinite(seconds):  # NaN or inf ("1e400"): a malformed header is treated as absent
        return None
    return max(0.0, seconds)
