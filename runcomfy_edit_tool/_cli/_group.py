"""The `runcomfy-edit` click group and the one place library errors become exit codes."""

from __future__ import annotations

from typing import Any

import click

from .._exceptions import RunComfyEditError
from .._sanitize import safe_text

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 64
EXIT_INTERRUPTED = 130
# An error line is one line; past this it is a dump, not a message.
MAX_ERROR_CHARS = 2000


class CLIError(click.ClickException):
    """A library error shown as one line, with the exit code its class documents."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        # click reads `exit_code` off the instance; it is a class default there, hence the setattr.
        setattr(self, "exit_code", exit_code)  # noqa: B010


class UsageError(click.UsageError):
    """Bad command-line usage: exit 64 (EX_USAGE), as RunComfy's CLI does, not click's 2."""

    exit_code = EXIT_USAGE


class Group(click.Group):
    """Turns this package's errors into `CLIError` so no expected failure prints a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RunComfyEditError as exc:
            # The last net: whatever foreign text a message quotes, no escape sequence, control
            # character or URL credential reaches the terminal.
            raise CLIError(safe_text(str(exc), MAX_ERROR_CHARS), exc.exit_code) from exc


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="runcomfy-edit-tool")
def cli() -> None:
    """Route an image-edit request to the right RunComfy edit model.

    Plans offline by default (no key, no network); `run` executes on RunComfy's Model API.

    \b
    Examples:
      runcomfy-edit plan "keep her face, put her on a rainy neon street" --image https://example.com/a.jpg
      runcomfy-edit routes
    """
