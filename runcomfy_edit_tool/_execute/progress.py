"""Progress reports while a job runs: one plain callback, sync or async, so any front end can use it.

The CLI prints them on stderr; a LangChain tool can forward them as custom events. A callback that
raises does not stop the job (progress is advisory; the job is what the user pays for).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Phase", "Progress", "ProgressCallback", "emit_progress"]

_log = logging.getLogger("runcomfy_edit_tool")

# submitted: the server accepted the job; polling: a status poll answered; downloading: outputs
# are being fetched; done: files are on disk; cancel: an interruption asked the server to cancel
# (`status` holds the outcome: cancelled, not_cancellable, or unknown when the call failed).
Phase = Literal["submitted", "polling", "downloading", "done", "cancel"]


@dataclass(frozen=True)
class Progress:
    """One report: which job, what it is doing, its queue position if queued, seconds since submit."""

    phase: Phase
    request_id: str | None
    status: str
    queue_position: int | None
    elapsed: float


ProgressCallback = Callable[[Progress], Awaitable[None] | None]


async def emit_progress(callback: ProgressCallback | None, progress: Progress) -> None:
    """Call `callback` (awaiting it if it is async); log and swallow its errors."""
    if callback is None:
        return
    try:
        outcome = callback(progress)
        if inspect.isawaitable(outcome):
            await outcome
    except Exception:
        _log.warning("progress callback failed; the job continues", exc_info=True)
