"""`runcomfy-edit login`: save a RunComfy token where `run` finds it (token.json, mode 0600)."""

from __future__ import annotations

import sys

import click
from pydantic import SecretStr

from .._execute import save_token
from ._group import UsageError, cli

# One line of stdin is a token; more than this is a file piped by mistake.
_MAX_STDIN_BYTES = 64 * 1024


def _read_stdin_line() -> str:
    """The first line of stdin; non-UTF-8 bytes survive as escapes, so the token check refuses them."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream (tests, some embedders)
        return sys.stdin.readline(_MAX_STDIN_BYTES)
    data: bytes = buffer.readline(_MAX_STDIN_BYTES)
    return data.decode("utf-8", errors="surrogateescape")


@cli.command("login")
@click.option("--token-stdin", is_flag=True, help="Read the token from standard input instead of prompting.")
def login_command(token_stdin: bool) -> None:
    """Save a RunComfy token to token.json (mode 0600) in the RunComfy config directory.

    The directory is RUNCOMFY_CONFIG_DIR, else $XDG_CONFIG_HOME/runcomfy, else ~/.config/runcomfy;
    other keys in an existing token.json are kept. RUNCOMFY_TOKEN, when set, still wins.

    \b
    Examples:
      runcomfy-edit login
      printf '%s' "$RUNCOMFY_TOKEN" | runcomfy-edit login --token-stdin
    """
    # Prompted with hidden input (or read from stdin) so the token never lands in shell history.
    raw = _read_stdin_line() if token_stdin else click.prompt("RunComfy token", hide_input=True)
    token = raw.strip()
    if not token:
        raise UsageError("no token was given; paste the token from your RunComfy account")
    # save_token checks the token (printable ASCII, no whitespace inside): a bad one is exit 77, unsaved.
    path = save_token(SecretStr(token))
    click.echo(f"Saved the token to {path} (mode 0600).")
