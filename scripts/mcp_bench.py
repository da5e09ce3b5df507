"""Measure the MCP server: start time over stdio, and what a plan_image_edit call adds to planning itself.

    .venv/bin/python scripts/mcp_bench.py [--starts 5] [--calls 200]

- start: launching ``python -m runcomfy_edit_tool mcp --classifier rules`` with the SDK's stdio client
  until ``initialize`` has answered (what a desktop client waits for), median of ``--starts`` launches;
- per call: the median of ``--calls`` plan_image_edit calls next to the median of `EditRouter.aplan`
  on the same arguments: the server's handler alone (argument validation, plan, result JSON), then
  through the SDK's client session in process (memory streams) and over stdio. The SDK's client
  checks every result against the tool's output schema with `jsonschema` (metaschema included), so
  the last two include that client-side cost.

Offline (rules classifier, nothing paid). Prints the figures and the load average, since the machine
these run on is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.memory import create_connected_server_and_client_session

from runcomfy_edit_tool import EditRouter
from runcomfy_edit_tool._integrations.mcp_server import EditMCPServer

ARGS: dict[str, Any] = {
    "request": "keep her face, put her on a rainy neon street",
    "image_urls": ["https://cdn.example.com/portrait.jpg"],
}
SERVER = [sys.executable, "-m", "runcomfy_edit_tool", "mcp", "--classifier", "rules"]


async def _median_ms(calls: int, once: Callable[[], Awaitable[Any]]) -> float:
    for _ in range(5):  # warm-up: first-call imports and caches are not per-call overhead
        await once()
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        await once()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


async def _start_seconds(env: dict[str, str]) -> float:
    params = StdioServerParameters(command=SERVER[0], args=SERVER[1:], env=env)
    started = time.perf_counter()
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        return time.perf_counter() - started


async def main(starts: int, calls: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    start_times = [await _start_seconds(env) for _ in range(starts)]

    router = EditRouter("rules")
    direct = await _median_ms(calls, lambda: router.aplan(ARGS["request"], ARGS["image_urls"]))

    server = EditMCPServer(EditRouter("rules"))
    handler = await _median_ms(calls, lambda: server.call("plan_image_edit", ARGS))
    async with create_connected_server_and_client_session(server.server) as session:
        await session.list_tools()  # the client validates results against the listed output schemas
        in_process = await _median_ms(calls, lambda: session.call_tool("plan_image_edit", ARGS))

    params = StdioServerParameters(command=SERVER[0], args=SERVER[1:], env=env)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        await session.list_tools()
        over_stdio = await _median_ms(calls, lambda: session.call_tool("plan_image_edit", ARGS))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"server start to initialized (stdio, median of {starts}): {statistics.median(start_times):.2f} s")
    print(f"  each launch: {', '.join(f'{s:.2f}' for s in start_times)} s")
    rows = [
        ("EditRouter.aplan directly", direct),
        ("the server's handler (EditMCPServer.call)", handler),
        ("SDK client session, memory streams", in_process),
        ("SDK client session, stdio subprocess", over_stdio),
    ]
    print(f"plan_image_edit, median of {calls} calls:")
    for name, value in rows:
        print(f"  {name:<44} {value:8.2f} ms  (+{value - direct:.2f} ms over planning)")
    print(f"load average (1 min) while measuring: {load:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--calls", type=int, default=200)
    options = parser.parse_args()
    asyncio.run(main(options.starts, options.calls))
