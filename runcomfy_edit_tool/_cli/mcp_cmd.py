"""`runcomfy-edit mcp`: serve the edit tools to chat assistants over the Model Context Protocol.

`mcp` is an optional extra, imported only when this command runs: the CLI starts as fast without it,
and a missing extra is one line saying what to install (exit 69, EX_UNAVAILABLE).
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import signal
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import click

from ._group import CLIError, UsageError, cli
from ._options import classifier_options, make_router

EXIT_UNAVAILABLE = 69
DEFAULT_HTTP_HOST = "127.0.0.1"
DEFAULT_HTTP_PORT = 8765
MISSING_EXTRA = (
    "the MCP server needs the mcp extra: pip install 'runcomfy-edit-tool[mcp]' "
    "(into the same environment as runcomfy-edit)"
)


def _configure_logging() -> None:
    # stdout is the stdio transport: every log line goes to stderr, which clients keep in their logs.
    logging.basicConfig(
        stream=sys.stderr, level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("runcomfy_edit_tool").setLevel(logging.INFO)


@cli.command("mcp")
@click.option("--http", "use_http", is_flag=True, help="Serve Streamable HTTP instead of stdio.")
@click.option("--host", default=None, help=f"HTTP address to listen on [default: {DEFAULT_HTTP_HOST}].")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help=f"HTTP port [default: {DEFAULT_HTTP_PORT}]."
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also save every output here (off by default: the result is the output URLs).",
)
@click.option("--inline-images", is_flag=True, help="Attach a small preview of each output to results.")
@click.option(
    "--wait-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Longest a tool call waits for a job before answering with its request id "
    "[env RUNCOMFY_EDIT_MCP_WAIT_SECONDS; default 40].",
)
@classifier_options
def mcp_command(
    use_http: bool,
    host: str | None,
    port: int | None,
    output_dir: Path | None,
    inline_images: bool,
    wait_seconds: float | None,
    classifier: str,
    llm_model: str | None,
    llm_base_url: str | None,
    llm_timeout: float | None,
) -> None:
    """Serve the edit tools to chat assistants (Claude Desktop, Cursor, any MCP client).

    Tools: plan_image_edit and list_edit_models (free), run_image_edit (paid; submits nothing
    without confirm_paid_run=true), get_image_edit_result and cancel_image_edit. Configured from the
    same environment as `run` (RUNCOMFY_TOKEN or `runcomfy-edit login`, RUNCOMFY_MODEL_API_BASE,
    OPENAI_API_KEY / OPENAI_BASE_URL for the LLM classifier). Logs go to stderr.

    \b
    Examples:
      runcomfy-edit mcp                                   # stdio: what desktop clients launch
      runcomfy-edit mcp --http --port 8765                # Streamable HTTP on http://127.0.0.1:8765/mcp
      runcomfy-edit mcp --output-dir ~/Pictures/edits --inline-images
      npx @modelcontextprotocol/inspector --cli runcomfy-edit mcp --method tools/list
    """
    if not use_http and (host is not None or port is not None):
        raise UsageError("--host and --port need --http (the default transport is stdio)")
    if importlib.util.find_spec("mcp") is None:
        raise CLIError(MISSING_EXTRA, EXIT_UNAVAILABLE)
    from .._integrations.mcp_server import EditMCPServer, ServerOptions, wait_seconds_from_env

    options = ServerOptions(
        wait_seconds=wait_seconds if wait_seconds is not None else wait_seconds_from_env(),
        output_dir=output_dir.expanduser().absolute() if output_dir is not None else None,
        inline_images=inline_images,
    )
    router = make_router(classifier, llm_model, llm_base_url, llm_timeout)
    server = EditMCPServer(router, options=options)
    _configure_logging()
    if use_http:
        bind = host or DEFAULT_HTTP_HOST
        if bind not in ("127.0.0.1", "localhost", "::1"):
            logging.getLogger("runcomfy_edit_tool").warning(
                "listening on %s: anyone who can reach it can run paid edits with this server's token", bind
            )
        click.echo(f"MCP server on http://{bind}:{port or DEFAULT_HTTP_PORT}/mcp", err=True)
        asyncio.run(server.run_http(bind, port or DEFAULT_HTTP_PORT))
        return
    asyncio.run(_until_terminated(server.run_stdio()))


async def _until_terminated(work: Coroutine[Any, Any, None]) -> None:
    """Run `work`; SIGTERM cancels it like Ctrl-C does, so an in-flight job is cancelled, not orphaned.

    Ctrl-C still ends as an interruption (exit 130); SIGTERM, a request to stop, ends quietly.
    """
    task = asyncio.ensure_future(work)
    terminated = False

    def _terminate() -> None:
        nonlocal terminated
        terminated = True
        task.cancel()

    if sys.platform != "win32":  # asyncio has no signal handlers on Windows
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, _terminate)
    try:
        await task
    except asyncio.CancelledError:
        if not terminated:
            raise
