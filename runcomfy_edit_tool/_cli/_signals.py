"""Signals for the commands that talk to RunComfy: SIGINT and SIGTERM both cancel the work in progress.

- **SIGINT** (Ctrl-C): `asyncio.run` turns it into a cancellation of the command's task, so a
  queued job gets its cancel call and temporary files are removed; then exit 130. When the process
  *started* with SIGINT ignored (a shell's background job, ``nohup``), Python installs no handler
  and the signal stays ignored: the Unix convention, respected on purpose. Such a run is stopped
  with SIGTERM.
- **SIGTERM** (``timeout``, ``docker stop``, CI cancellation, ``kill``): handled the same way
  whatever its disposition at start — the task is cancelled (cancel the queued job, remove temp
  files) — then exit 143 (128 + 15).
"""

from __future__ import annotations

import asyncio
import signal
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

__all__ = ["EXIT_TERMINATED", "Terminated", "run_async"]

EXIT_TERMINATED = 128 + signal.SIGTERM  # 143
_T = TypeVar("_T")


class Terminated(Exception):
    """The command was stopped by SIGTERM after cleaning up (exit 143)."""


def run_async(main: Callable[[], Awaitable[_T]]) -> _T:
    """`asyncio.run(main())`, with SIGTERM cancelling the task like SIGINT does."""

    async def _guarded() -> _T:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        received: list[int] = []

        def _on_term() -> None:
            received.append(signal.SIGTERM)
            if task is not None:
                task.cancel()

        installed = False
        # Only the main thread of a Unix process can own signal handlers; elsewhere (a CLI call
        # from a worker thread, Windows) SIGTERM keeps its default action.
        if sys.platform != "win32" and threading.current_thread() is threading.main_thread():
            loop.add_signal_handler(signal.SIGTERM, _on_term)
            installed = True
        try:
            return await main()
        except asyncio.CancelledError:
            if received:
                raise Terminated() from None
            raise
        finally:
            if installed:
                loop.remove_signal_handler(signal.SIGTERM)

    return asyncio.run(_guarded())
