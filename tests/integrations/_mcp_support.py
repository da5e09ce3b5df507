"""Shared pieces of the MCP tests: the server on the fake Model API, a fake clock, a counting classifier.

The server under test is the real one; only the clock (so a 30-second wait bound passes in
milliseconds) and the classifier's call counter are test doubles.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

from fake_model_api import FakeModelAPI

from runcomfy_edit_tool import APISettings, ClassifyRequest, EditRouter, ModelAPIClient, RulesClassifier
from runcomfy_edit_tool._classify import Classification
from runcomfy_edit_tool._integrations.mcp_server import EditMCPServer, ServerOptions

REQUEST = "replace the sky with a sunset, keep the people"
IMAGE = "https://example.com/street.jpg"
PLAN_ARGS: dict[str, Any] = {"request": REQUEST, "image_urls": [IMAGE]}


class FakeTime:
    """A clock that only moves when the code under test sleeps: bounded waits pass instantly."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class CountingClassifier(RulesClassifier):
    """The rules classifier, counting its calls (to pin "plan once, run that plan")."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def classify(self, request: ClassifyRequest) -> Classification:
        self.calls += 1
        return super().classify(request)

    async def aclassify(self, request: ClassifyRequest) -> Classification:
        return self.classify(request)  # counted once, whichever entry the router takes


def make_server(
    *,
    wait_seconds: float = 30.0,
    output_dir: Path | None = None,
    inline_images: bool = False,
    fake_time: FakeTime | None = None,
    classifier: RulesClassifier | None = None,
) -> EditMCPServer:
    """The MCP server on the rules classifier, configured from the environment `api_env` set."""
    settings = APISettings.from_env()
    factory = None
    if fake_time is not None:
        time = fake_time

        def factory() -> ModelAPIClient:
            return ModelAPIClient(settings=settings, sleep=time.sleep, clock=time.clock)

    return EditMCPServer(
        EditRouter(classifier or "rules"),
        options=ServerOptions(wait_seconds=wait_seconds, output_dir=output_dir, inline_images=inline_images),
        settings=settings,
        client_factory=factory,
    )


def real_png(size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A real PNG (the fake's default bytes only look like one), for the preview tests."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


async def wait_until(check: Any, what: str, seconds: float = 20.0) -> None:
    """Poll `check()` until true; fail naming `what` after `seconds` (a bound, not a timing assert)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def submitted_once(api: FakeModelAPI) -> str:
    """The fake saw exactly one submit; returns its job's request id."""
    assert len(api.submits) == 1
    (request_id,) = api.jobs
    return request_id
