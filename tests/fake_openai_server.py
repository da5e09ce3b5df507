"""A tiny OpenAI-compatible chat-completions server on loopback, with scripted misbehaviour.

Registered from tests/conftest.py. It answers `POST /v1/chat/completions` from the schema the
request carries (strict json_schema, llama.cpp's json_object + schema, the schema pasted into the
system prompt, or a forced tool call), so the classifier's real HTTP path is exercised end to end
without any network beyond 127.0.0.1. Tests queue `Step`s to script faults; with no step queued,
every request gets a valid answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final, Literal

import pytest

StepKind = Literal[
    "valid", "status", "sleep", "invalid_json", "schema_invalid", "refusal", "empty", "truncated"
]
WireMethod = Literal["json_schema", "json_object_schema", "json_object", "tools", "none"]

# Sent with scripted 429/5xx so the SDK's backoff waits 1 ms instead of ~0.5-8 s.
FAST_RETRY_HEADERS: Final = {"retry-after-ms": "1"}
# How often serve_forever checks for shutdown (its 0.5 s default would dominate each test's teardown).
SHUTDOWN_POLL_S: Final = 0.01
USAGE: Final = {"prompt_tokens": 700, "completion_tokens": 90, "total_tokens": 790}
# What a valid answer says unless a step overrides it: a plain global restyle (rule 12).
DEFAULT_ANSWER: Final[Mapping[str, Any]] = {
    "language": "en",
    "change": "make it look like a watercolour",
    "edit_kinds": ["restyle"],
    "multi_image_mode": "single",
    "confidence": 0.9,
    "rule": 12,
    "route": "nano-banana-edit",
}
# llama-cpp-python's own wording when it refuses response_format json_schema (a 500).
LLAMA_CPP_REFUSAL: Final = (
    "1 validation error for CreateChatCompletionRequest\nresponse_format.type\n"
    "  Input should be 'text' or 'json_object' [type=literal_error, input_value='json_schema']"
)


@dataclass(frozen=True)
class Step:
    """One scripted answer, consumed by the next request that reaches the scripted stage."""

    kind: StepKind = "valid"
    status: int = 200
    answer: Mapping[str, Any] = field(default_factory=dict)
    delay_s: float = 0.0
    message: str = "scripted failure"


def example_from_schema(schema: Mapping[str, Any]) -> Any:
    """The simplest value that validates against `schema` (the subset strict mode allows)."""
    if "anyOf" in schema:
        options = schema["anyOf"]
        nullable = [o for o in options if o.get("type") == "null"]
        return None if nullable else example_from_schema(options[0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: example_from_schema(sub) for name, sub in schema["properties"].items()}
    if kind == "array":
        return []
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0.0))
    if kind == "boolean":
        return False
    return "x"


def wire_method(body: Mapping[str, Any]) -> WireMethod:
    """Which structured-output method a request used."""
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return "json_schema"
    if fmt.get("type") == "json_object":
        return "json_object_schema" if "schema" in fmt else "json_object"
    return "tools" if body.get("tools") else "none"


def request_schema(body: Mapping[str, Any]) -> Any:
    """The schema the request carries, wherever its method puts it."""
    fmt = body.get("response_format") or {}
    method = wire_method(body)
    if method == "json_schema":
        return fmt["json_schema"]["schema"]
    if method == "json_object_schema":
        return fmt["schema"]
    if method == "tools":
        return body["tools"][0]["function"]["parameters"]
    system = next(m["content"] for m in body["messages"] if m["role"] == "system")
    marker = "JSON schema:\n"
    if marker not in system:
        raise AssertionError("a json_object request without the schema in its system prompt")
    return json.loads(system.split(marker, 1)[1])


class FakeOpenAI:
    """The server plus its script, the requests it saw, and the methods it refuses."""

    def __init__(self) -> None:
        self.script: deque[Step] = deque()
        self.requests: list[dict[str, Any]] = []
        self.refused_methods: set[WireMethod] = set()
        self.refusal_status = 500
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_S}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/v1`."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def methods(self) -> list[WireMethod]:
        """The structured-output method of every request received, in order."""
        return [wire_method(body) for body in self.requests]

    def queue(self, *steps: Step) -> None:
        """Script the next answers (after them, answers are valid again)."""
        with self._lock:
            self.script.extend(steps)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def handle(self, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Status, JSON body and headers for one chat-completions request."""
        method = wire_method(body)
        with self._lock:
            self.requests.append(body)
            if method in self.refused_methods:
                text = LLAMA_CPP_REFUSAL if method != "tools" else "tools are not supported by this server"
                return self.refusal_status, {"error": {"message": text, "type": "invalid_request_error"}}, {}
            step = self.script.popleft() if self.script else Step()
        if step.delay_s:
            time.sleep(step.delay_s)
        if step.kind == "status":
            error = {"error": {"message": step.message, "type": "server_error"}}
            return step.status, error, dict(FAST_RETRY_HEADERS)
        return 200, self._completion(body, method, step), {}

    def _completion(self, body: Mapping[str, Any], method: WireMethod, step: Step) -> dict[str, Any]:
        example = example_from_schema(request_schema(body))
        # The classifier's defaults only where the schema has the field (the eval's judge has others).
        defaults = {key: value for key, value in DEFAULT_ANSWER.items() if key in example}
        answer = {**example, **defaults, **step.answer}
        full = json.dumps(answer, ensure_ascii=False)
        content: str | None = full
        refusal = None
        finish = "stop"
        if step.kind == "invalid_json":
            content = '{"language": "en", "change": '
        elif step.kind == "schema_invalid":
            broken = {**answer, "route": "midjourney-v7"}
            broken.pop("confidence")
            content = json.dumps(broken)
        elif step.kind == "refusal":
            content, refusal = None, "I can't help with that request."
        elif step.kind == "empty":
            content = None
        elif step.kind == "truncated":
            content, finish = full[:40], "length"
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
        if method == "tools" and content is not None and step.kind != "truncated":
            name = body["tools"][0]["function"]["name"]
            call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}
            message.update(content=None, tool_calls=[call])
            finish = "tool_calls"
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": dict(USAGE),
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeOpenAI

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out closes the socket under a sleeping handler; that is the test.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, payload: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]}, {})
        else:
            self._send(404, {"error": {"message": "not found"}}, {})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}"}}, {})
            return
        status, payload, headers = self.server.fake.handle(body)
        self._send(status, payload, headers)


LLM_ENV_VARS: Final = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "RUNCOMFY_EDIT_LLM_MODEL",
    "RUNCOMFY_EDIT_LLM_TIMEOUT",
)


@pytest.fixture
def no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No LLM configuration leaks in from the environment."""
    for name in LLM_ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_llm(no_llm_env: None) -> Iterator[FakeOpenAI]:
    """A fresh fake OpenAI-compatible server on a free loopback port."""
    server = FakeOpenAI()
    server.start()
    try:
        yield server
    finally:
        server.stop()
