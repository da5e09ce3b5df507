"""The pieces every LLM backend shares: chat turns, a backend's reply, and reading a reply into an answer.

Backends (`_llm_openai`, `_llm_langchain`) only move messages; turning what came back into a
validated `RoutedIntent`, or into the reason it could not be one, happens here, once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from .prompt import RoutedIntent

Role = Literal["system", "user", "assistant"]
M = TypeVar("M", bound=BaseModel)
# Fallback reasons quote the model's text or error; this keeps a reason one readable line.
MAX_DETAIL_CHARS: Final = 160


@dataclass(frozen=True)
class ChatTurn:
    """One message of the conversation, backend-neutral."""

    role: Role
    content: str


@dataclass(frozen=True)
class Reply:
    """What one backend call produced, before validation.

    `payload` is JSON text, tool-call arguments already decoded, an already-validated answer
    (LangChain parses pydantic models itself), or None when the model produced nothing usable.
    """

    payload: str | dict[str, Any] | BaseModel | None
    method: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    refusal: str | None = None
    truncated: bool = False


class LLMFault(Exception):
    """The call did not produce an answer; `reason` becomes the plan's `fallback_reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidAnswer(Exception):
    """The model answered, but not in the schema: the only fault worth one re-ask."""

    def __init__(self, errors: list[str], previous: str) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors
        self.previous = previous


class Backend(Protocol):
    """One way of calling a chat model with the structured-output schema."""

    @property
    def model(self) -> str:
        """The model name recorded in `LLMCallInfo`."""
        ...

    def complete(self, turns: Sequence[ChatTurn]) -> Reply:
        """One call; raises `LLMFault` or the client's own exception on failure."""
        ...

    async def acomplete(self, turns: Sequence[ChatTurn]) -> Reply:
        """One call without blocking the event loop."""
        ...

    def fault_reason(self, exc: Exception) -> str:
        """A one-line fallback reason for an exception this backend's client raised."""
        ...


def shorten(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    """One line, at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _strip_fence(text: str) -> str:
    # Models answering in plain json_object mode (no grammar) sometimes wrap the object in a
    # Markdown fence; that is packaging, not content, so it is not worth a re-ask.
    body = text.strip()
    if body.startswith("```") and body.endswith("```"):
        body = body[3:-3]
        if body.startswith("json"):
            body = body[4:]
    return body.strip()


def _error_lines(error: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in item['loc']) or '(root)'}: {item['msg']}" for item in error.errors()]


def read_model(reply: Reply, output: type[M]) -> M:
    """The reply validated as `output`; raises `InvalidAnswer` (re-askable) or `LLMFault` (not)."""
    if reply.refusal:
        raise LLMFault(f"llm refused: {shorten(reply.refusal)}")
    if reply.truncated:
        raise LLMFault("llm output was cut off at the token limit")
    payload = reply.payload
    if isinstance(payload, output):
        return payload
    if isinstance(payload, BaseModel):
        payload = payload.model_dump()
    if payload is None or (isinstance(payload, str) and not payload.strip()):
        raise LLMFault("llm returned no output")
    if isinstance(payload, str):
        try:
            decoded: Any = json.loads(_strip_fence(payload))
        except json.JSONDecodeError as exc:
            raise LLMFault(f"llm output is not valid JSON ({exc.msg} at char {exc.pos})") from exc
        previous = payload
    else:
        decoded, previous = payload, json.dumps(payload, ensure_ascii=False)
    if not isinstance(decoded, dict):
        raise InvalidAnswer([f"(root): expected a JSON object, got {type(decoded).__name__}"], previous)
    try:
        return output.model_validate(decoded)
    except ValidationError as exc:
        raise InvalidAnswer(_error_lines(exc), previous) from exc


def read_answer(reply: Reply) -> RoutedIntent:
    """The validated classifier answer in `reply`; raises `InvalidAnswer` (re-askable) or `LLMFault` (not)."""
    return read_model(reply, RoutedIntent)


def add_tokens(a: int | None, b: int | None) -> int | None:
    """Sum two token counts where either may be unknown (None only when both are)."""
    if a is None:
        return b
    return a if b is None else a + b
