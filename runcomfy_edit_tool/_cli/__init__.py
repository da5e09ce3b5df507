"""Command-line interface: `runcomfy-edit` (also `python -m runcomfy_edit_tool`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from . import eval_cmd, login_cmd, mcp_cmd, models_cmd, plan_cmd, routes_cmd, run_cmd  # noqa: F401  (each registers its commands)
from ._group import EXIT_INTERRUPTED, EXIT_USAGE, cli
from ._signals import EXIT_TERMINATED, Terminated

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of letting click call `sys.exit` with 2 for usage."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name="runcomfy-edit", standalone_mode=False
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except Terminated:
        click.echo("Terminated.", err=True)
        return EXIT_TERMINATED
    return 0


def _entry() -> None:
    sys.exit(main())
