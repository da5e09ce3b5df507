"""A loopback fake of RunComfy's Model API: a real HTTP server on 127.0.0.1 with fault injection.

It speaks the protocol of `runcomfy_edit_tool._execute.client` (submit, status, result, cancel — the
status endpoint's words ``in_queue``/``in_progress``/``completed``/``cancelled``, the result endpoint's
``succeeded``/``failed``/``cancelled``, cancel answering 202 ``cancelled``/``not_cancellable``), serves
the output files itself under ``/files/``, and records every request it saw (method, path, headers,
body) so tests assert what actually went over the wire: how many submits, which calls carried the
bearer token, which downloads did not.

Faults are set per test on `Faults` before the call (or changed while a job runs). Registered as a
pytest plugin in tests/conftest.py; fixtures: ``fake_api`` (the running server) and ``api_env``
(the environment variables that point the package at it).
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import pytest

from runcomfy_edit_tool._catalog import MODELS, RouteId
from runcomfy_edit_tool._intent import EditIntent
from runcomfy_edit_tool._plan import EditPlan

TOKEN = "test-token-5f0c1e"  # distinctive, so a leak is easy to grep for in any output
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8  # 2056 bytes that look like a PNG header
IMAGE = "https://example.com/in.jpg"


def sample_plan(route: RouteId = "nano-banana-edit", **body: Any) -> EditPlan:
    """A hand-built plan (no classifier involved): what the executor is given."""
    spec = MODELS[route]
    images: Any = [IMAGE] if spec.images_as_list else IMAGE
    fields: dict[str, Any] = {
        "prompt": "Keep the subject unchanged. Replace the sky with a sunset.",
        spec.image_field: images,
    }
    if spec.needs_mask:
        fields["mask_image_url"] = "https://example.com/mask.png"
    fields.update(body)
    intent = EditIntent(
        language="en",
        preserve=["the subject"],
        change="replace the sky with a sunset",
        scope="background",
        quoted_text=[],
        target_script=None,
        image_roles=[],
        multi_image_mode="single",
        edit_kinds=["background"],
        num_outputs=None,
        named_model=None,
        aspect_ratio=None,
        resolution=None,
        seed=None,
        confidence=0.9,
    )
    return EditPlan(
        route=route,
        model_id=spec.model_id,
        classifier="rules",
        fallback_reason=None,
        confidence=0.9,
        reasons=["hand-built for a test"],
        intent=intent,
        prompt=fields["prompt"],
        body=fields,
        request="replace the sky with a sunset, keep the subject",
        images=[IMAGE],
        mask=fields.get("mask_image_url"),
    )


def live_schema(route: RouteId) -> dict[str, Any]:
    """A model's input schema the way RunComfy serves it: flat properties (no anyOf), required, enums."""
    raw = MODELS[route].body.model_json_schema()
    properties: dict[str, Any] = {}
    for name, node in raw["properties"].items():
        options = node.get("anyOf", [node])
        flat: dict[str, Any] = {}
        for option in options:
            if option.get("type") == "null":
                continue
            flat.update(
                {k: v for k, v in option.items() if k in ("type", "enum", "items", "minimum", "maximum")}
            )
        properties[name] = flat
    return {"type": "object", "properties": properties, "required": raw.get("required", [])}


def drifted_schemas() -> dict[str, dict[str, Any]]:
    """The drift the catalog fears: nano's output count spelled `number_of_images`; GPT's sizes as `WxH`."""
    nano = live_schema("nano-banana-edit")
    nano["properties"]["number_of_images"] = nano["properties"].pop("num_images")
    gpt = live_schema("gpt-image-2-edit")
    gpt["properties"]["size"]["enum"] = ["auto", "1024x1024", "1024x1536", "1536x1024"]
    return {MODELS["nano-banana-edit"].model_id: nano, MODELS["gpt-image-2-edit"].model_id: gpt}


@dataclass
class Faults:
    """What the fake does wrong. Defaults: a healthy server whose jobs succeed with two outputs."""

    submit_429: int = 0  # answer this many submits with 429 first
    retry_after: str | None = "1"  # Retry-After sent with those 429s
    submit_503: int = 0  # answer this many submits with 503 first
    submit_status: int | None = None  # answer every submit with this status (e.g. 500, 422)
    submit_detail: str = "bad input"  # the detail sent with `submit_status`
    submit_drop: bool = False  # read the submit's body, then close the connection without answering
    submit_delay: float = 0.0  # seconds to wait before answering a submit
    submit_error_body: dict[str, Any] | None = None  # answer submits 200 with this body
    status_503: int = 0  # answer this many status polls with 503 first
    status_retry_after: str | None = None  # Retry-After on every 200 status answer
    polls_in_queue: int = 1  # status polls answered in_queue (position counting down) ...
    polls_running: int = 1  # ... then in_progress, then completed
    queue_forever: bool = False  # in_queue on every poll
    job_error: str | None = None  # the job fails with this error text
    outputs: list[str] = field(default_factory=lambda: ["a.png", "b.png"])  # files under /files/
    output_override: Any = None  # send this as the result's `output` instead
    files: dict[str, bytes] = field(default_factory=lambda: {"a.png": PNG, "b.png": PNG[::-1]})
    redirects: dict[str, str] = field(default_factory=dict)  # file name → Location
    truncate: set[str] = field(default_factory=set)  # Content-Length larger than the body sent
    chunked: set[str] = field(default_factory=set)  # no Content-Length (chunked encoding)
    file_status: dict[str, int] = field(default_factory=dict)  # file name → error status
    # --- hostile or odd-but-valid answers (issue 16) ---
    submit_request_id: str | None = None  # answer submits with this request id (a bad one, say)
    status_raw: bytes | None = None  # answer status polls 200 with these bytes (deep nesting, huge numbers)
    result_raw: bytes | None = None  # answer result calls 200 with these bytes
    status_word: str | None = None  # the status endpoint says this instead of its own word
    result_word: str | None = None  # the result endpoint says this instead of "succeeded"
    job_request_id_echo: str | None = None  # request_id echoed in status/result answers
    cancel_outcome: str | None = None  # the cancel endpoint's outcome instead of the real one
    stall: set[str] = field(default_factory=set)  # send headers and half the body, then stop sending
    stall_seconds: float = 2.0  # how long a stalled body hangs before the connection is dropped
    no_location: set[str] = field(default_factory=set)  # 302 without a Location header
    schemas: dict[str, Any] = field(default_factory=dict)  # model id → input schema served instead


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass
class _Job:
    request_id: str
    model_id: str
    body: Any
    polls: int = 0
    cancelled: bool = False


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer (a cancelled download) is expected here, not a test failure.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FakeModelAPI:
    """The server. `base_url` is the API base (``.../v1``); `file_url(name)` an output's URL."""

    def __init__(self) -> None:
        self.faults = Faults()
        self.token = TOKEN
        self.requests: list[SeenRequest] = []
        self.jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        self._counters: dict[str, int] = {}
        handler = type("Handler", (_Handler,), {"api": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self.port = self._server.server_address[1]
        # A short poll interval so stop() returns at once (the default half second adds up over a suite).
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="fake-model-api",
            daemon=True,
        )

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The Model API base to put in RUNCOMFY_MODEL_API_BASE."""
        return f"{self.origin}/v1"

    def file_url(self, name: str) -> str:
        """The URL the fake serves output `name` at."""
        return f"{self.origin}/files/{name}"

    def start(self) -> FakeModelAPI:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    # --- what the server saw ---------------------------------------------------------------------

    def seen(self, method: str | None = None, prefix: str = "") -> list[SeenRequest]:
        """Requests seen so far, optionally only one method and paths starting with `prefix`."""
        with self._lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method) and r.path.startswith(prefix)
            ]

    @property
    def submits(self) -> list[SeenRequest]:
        """Every submit the server received (answered or not)."""
        return self.seen("POST", "/v1/models/")

    @property
    def cancels(self) -> list[SeenRequest]:
        """Every cancel the server received."""
        return [r for r in self.seen("POST", "/v1/requests/") if r.path.endswith("/cancel")]

    @property
    def status_polls(self) -> list[SeenRequest]:
        """Every status poll the server received."""
        return [r for r in self.seen("GET", "/v1/requests/") if r.path.endswith("/status")]

    @property
    def api_calls(self) -> list[SeenRequest]:
        """Every request to the API (not to /files/)."""
        return self.seen(prefix="/v1/")

    @property
    def downloads(self) -> list[SeenRequest]:
        """Every request for an output file."""
        return self.seen("GET", "/files/")

    # --- state used by the handler -------------------------------------------------------------

    def record(self, request: SeenRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def take(self, counter: str, budget: int) -> bool:
        """True for the first `budget` calls with this counter name (a fault still to inject)."""
        with self._lock:
            used = self._counters.get(counter, 0)
            self._counters[counter] = used + 1
            return used < budget


class _Handler(BaseHTTPRequestHandler):
    api: FakeModelAPI
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse (and its failure modes) is real
    disable_nagle_algorithm = (
        True  # headers and body are separate writes: without this each answer waits ~40 ms
    )

    def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows failures, not traffic
        return

    # --- plumbing ------------------------------------------------------------------------------

    def _read(self) -> SeenRequest:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        seen = SeenRequest(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        self.api.record(seen)
        return seen

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _drop(self) -> None:
        """Close the connection without a response (what a crashed proxy or a cut cable looks like)."""
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    # --- routes --------------------------------------------------------------------------------

    def do_GET(self) -> None:
        seen = self._read()
        if seen.path.startswith("/files/"):
            self._file(seen.path.removeprefix("/files/").split("?")[0])
        elif not self._authorised(seen):
            return
        elif seen.path.startswith("/v1/models/"):
            self._schema(unquote(seen.path.removeprefix("/v1/models/")))
        else:
            self._requests_route(seen)

    def do_POST(self) -> None:
        seen = self._read()
        if not self._authorised(seen):
            return
        if seen.path.startswith("/v1/models/"):
            self._submit(seen)
        else:
            self._requests_route(seen)

    def _authorised(self, seen: SeenRequest) -> bool:
        if seen.headers.get("authorization") == f"Bearer {self.api.token}":
            return True
        self._send(401, {"detail": "Invalid or expired token"})
        return False

    def _submit(self, seen: SeenRequest) -> None:
        faults = self.api.faults
        if faults.submit_delay:
            time.sleep(faults.submit_delay)
        if self.api.take("submit_429", faults.submit_429):
            extra = {"Retry-After": faults.retry_after} if faults.retry_after is not None else {}
            self._send(429, {"detail": "Too many requests"}, extra)
        elif self.api.take("submit_503", faults.submit_503):
            self._send(503, {"detail": "Service unavailable"})
        elif faults.submit_drop:
            self._drop()
        elif faults.submit_status is not None:
            self._send(faults.submit_status, {"detail": faults.submit_detail})
        elif faults.submit_error_body is not None:
            self._send(200, faults.submit_error_body)
        else:
            request_id = (
                faults.submit_request_id if faults.submit_request_id is not None else str(uuid.uuid4())
            )
            model_id = seen.path.removeprefix("/v1/models/")
            self.api.jobs[request_id] = _Job(request_id, model_id, seen.json())
            base = f"{self.api.base_url}/requests/{request_id}"
            self._send(
                200,
                {
                    "request_id": request_id,
                    "status_url": f"{base}/status",
                    "result_url": f"{base}/result",
                    "cancel_url": f"{base}/cancel",
                },
            )

    def _schema(self, model_id: str) -> None:
        """``GET /v1/models/{model_id}``: the model and its ``input_schema``."""
        route = next((r for r, spec in MODELS.items() if spec.model_id == model_id), None)
        if route is None:
            self._send(404, {"detail": f"Model {model_id} not found"})
            return
        schema = self.api.faults.schemas.get(model_id) or live_schema(route)
        self._send(200, {"model_id": model_id, "input_schema": schema})

    def _requests_route(self, seen: SeenRequest) -> None:
        # /v1/requests/{id}/{action}: the id is everything up to the last slash (a server that hands
        # out ids with slashes in them still finds its own jobs by them).
        rid, _, verb = seen.path.removeprefix("/v1/requests/").rpartition("/")
        rid = unquote(rid)
        job = self.api.jobs.get(rid)
        if job is None:
            self._send(404, {"detail": f"Request {rid} not found"})
            return
        action = (seen.method, verb)
        if action == ("GET", "status"):
            self._status(job)
        elif action == ("GET", "result"):
            self._result(job)
        elif action == ("POST", "cancel"):
            self._cancel(job)
        else:
            self._send(404, {"detail": "Not found"})

    def _state(self, job: _Job) -> tuple[str, int | None]:
        faults = self.api.faults
        if job.cancelled:
            return "cancelled", None
        if faults.queue_forever or job.polls <= faults.polls_in_queue:
            return "in_queue", (3 if faults.queue_forever else faults.polls_in_queue - job.polls + 1)
        if job.polls <= faults.polls_in_queue + faults.polls_running:
            return "in_progress", None
        return "completed", None

    def _raw(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _status(self, job: _Job) -> None:
        faults = self.api.faults
        if self.api.take("status_503", faults.status_503):
            self._send(503, {"detail": "Service unavailable"})
            return
        job.polls += 1
        if faults.status_raw is not None:
            self._raw(faults.status_raw)
            return
        status, position = self._state(job)
        if faults.status_word is not None:
            status = faults.status_word
        echo = faults.job_request_id_echo if faults.job_request_id_echo is not None else job.request_id
        payload: dict[str, Any] = {"request_id": echo, "status": status}
        if position is not None:
            payload["queue_position"] = position
        extra = {"Retry-After": faults.status_retry_after} if faults.status_retry_after else {}
        self._send(200, payload, extra)

    def _result(self, job: _Job) -> None:
        faults = self.api.faults
        if faults.result_raw is not None:
            self._raw(faults.result_raw)
            return
        status, _ = self._state(job)
        echo = faults.job_request_id_echo if faults.job_request_id_echo is not None else job.request_id
        payload: dict[str, Any] = {
            "request_id": echo,
            "created_at": "2025-01-01T00:00:00Z",
            "finished_at": "2025-01-01T00:00:09Z",
        }
        if status == "cancelled":
            payload.update(status="cancelled", error="cancelled by the user")
        elif status != "completed":
            payload.update(status=status)
        elif faults.job_error is not None:
            payload.update(status="failed", error={"message": faults.job_error})
        else:
            output = faults.output_override
            if output is None:
                output = {"images": [self.api.file_url(name) for name in faults.outputs]}
            payload.update(status=faults.result_word or "succeeded", output=output)
        self._send(200, payload)

    def _cancel(self, job: _Job) -> None:
        # RunComfy answers 202 Accepted; only a queued job can be cancelled.
        faults = self.api.faults
        status, _ = self._state(job)
        if status == "in_queue":
            job.cancelled = True
            outcome = "cancelled"
        else:
            outcome = "not_cancellable"
        self._send(202, {"outcome": faults.cancel_outcome or outcome})

    def _file(self, name: str) -> None:
        faults = self.api.faults
        if name in faults.no_location:
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if name in faults.redirects:
            self.send_response(302)
            self.send_header("Location", faults.redirects[name])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if name in faults.file_status:
            self._send(faults.file_status[name], {"detail": "nope"})
            return
        data = faults.files.get(name)
        if data is None:
            self._send(404, {"detail": "no such file"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        if name in faults.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(data), 1024):
                piece = data[start : start + 1024]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        if name in faults.stall:
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            time.sleep(faults.stall_seconds)  # the client's read timeout fires first
            self._drop()
            return
        if name in faults.truncate:
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self._drop()
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def fake_api() -> Iterator[FakeModelAPI]:
    """A running fake Model API, stopped after the test."""
    api = FakeModelAPI().start()
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture
def api_env(
    fake_api: FakeModelAPI, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """Point the package at `fake_api` (token, base, download host, no real config dir); returns the env."""
    env = {
        "RUNCOMFY_MODEL_API_BASE": fake_api.base_url,
        "RUNCOMFY_TOKEN": TOKEN,
        "RUNCOMFY_EDIT_DOWNLOAD_HOSTS": "127.0.0.1",
        "RUNCOMFY_CONFIG_DIR": str(tmp_path_factory.mktemp("runcomfy-config")),
        "RUNCOMFY_EDIT_POLL_INTERVAL": "0.01",
        "RUNCOMFY_EDIT_CACHE_DIR": str(tmp_path_factory.mktemp("runcomfy-cache")),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES", raising=False)
    return env
