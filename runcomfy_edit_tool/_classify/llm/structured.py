"""Any structured-output call on the classifier's backends: a system prompt, a pydantic answer, accounting.

The classifier is one user of the backends; the eval's judge is another. This is the generic path:
one call with the answer's strict schema, one re-ask only when the answer fails validation (as the
classifier does), and every fault raised as `StructuredCallError` carrying a one-line reason and the
tokens already spent — the caller decides what a fault means (the classifier falls back to the
rules; the judge records an error for that case). Endpoint settings follow the classifier's:
OPENAI_BASE_URL / OPENAI_API_KEY, RUNCOMFY_EDIT_LLM_MODEL; timeout and retries are the caller's.
"""

from __future__ import annotations

import os
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

import openai
from pydantic import BaseModel

from ..._exceptions import UsageError
from .answer import Backend, ChatTurn, InvalidAnswer, LLMFault, Reply, add_tokens, read_model, shorten
from .prompt import LLMPrompt, structured_prompt, validation_feedback
from .settings import ENV_API_KEY, ENV_BASE_URL, PLACEHOLDER_API_KEY, OpenAIMethod, resolve_model

__all__ = ["StructuredCallError", "StructuredLLM", "StructuredResult", "make_structured_llm"]

M = TypeVar("M", bound=BaseModel)
MS_PER_S: Final = 1000.0


@dataclass(frozen=True)
class StructuredResult(Generic[M]):
    """One validated answer and what it cost."""

    value: M
    model: str
    method: str
    calls: int
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_ms: float


class StructuredCallError(Exception):
    """The call produced no valid answer; `reason` is one line, the token counts what was spent anyway."""

    def __init__(
        self,
        reason: str,
        *,
        method: str | None,
        calls: int,
        prompt_tokens: int | None,
        completion_tokens: int | None,
        latency_ms: float,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.method = method
        self.calls = calls
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.latency_ms = latency_ms


class _Spent:
    def __init__(self) -> None:
        self.calls = 0
        self.method: str | None = None
        self.prompt_tokens: int | None = None
        self.completion_tokens: int | None = None
        self.started = time.perf_counter()

    def add(self, reply: Reply) -> None:
        self.calls += 1
        self.method = reply.method
        self.prompt_tokens = add_tokens(self.prompt_tokens, reply.prompt_tokens)
        self.completion_tokens = add_tokens(self.completion_tokens, reply.completion_tokens)

    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * MS_PER_S, 1)


_Talk = Generator[Sequence[ChatTurn], Reply, Any]


class StructuredLLM(Generic[M]):
    """One system prompt and one answer model on one backend; `call`/`acall` per user message."""

    def __init__(self, backend: Backend, prompt: LLMPrompt, output: type[M]) -> None:
        self.backend = backend
        self.prompt = prompt
        self._output = output

    @property
    def model(self) -> str:
        """The model name every call is sent with."""
        return self.backend.model

    @property
    def prompt_hash(self) -> str:
        """Short hash of the system prompt and schema: runs with different prompts are not comparable."""
        return self.prompt.prompt_hash

    def _talk(self, user: str, spent: _Spent) -> _Talk:
        turns = [ChatTurn("system", self.prompt.system), ChatTurn("user", user)]
        reply = yield turns
        spent.add(reply)
        try:
            return read_model(reply, self._output)
        except InvalidAnswer as bad:
            retry = [
                *turns,
                ChatTurn("assistant", bad.previous),
                ChatTurn("user", validation_feedback(bad.errors)),
            ]
        reply = yield retry
        spent.add(reply)
        try:
            return read_model(reply, self._output)
        except InvalidAnswer as again:
            raise LLMFault(
                "llm output failed validation twice: " + shorten("; ".join(again.errors))
            ) from again

    def _result(self, value: M, spent: _Spent) -> StructuredResult[M]:
        return StructuredResult(
            value=value,
            model=self.model,
            method=spent.method or "",
            calls=spent.calls,
            prompt_tokens=spent.prompt_tokens,
            completion_tokens=spent.completion_tokens,
            latency_ms=spent.elapsed_ms(),
        )

    def _error(self, exc: Exception, spent: _Spent) -> StructuredCallError:
        reason = exc.reason if isinstance(exc, LLMFault) else self.backend.fault_reason(exc)
        return StructuredCallError(
            reason,
            method=spent.method,
            calls=spent.calls,
            prompt_tokens=spent.prompt_tokens,
            completion_tokens=spent.completion_tokens,
            latency_ms=spent.elapsed_ms(),
        )

    def call(self, user: str) -> StructuredResult[M]:
        """One answer to `user`; raises `StructuredCallError` for any fault (never anything else)."""
        spent = _Spent()
        talk = self._talk(user, spent)
        try:
            turns = next(talk)
            while True:
                turns = talk.send(self.backend.complete(turns))
        except StopIteration as done:
            return self._result(done.value, spent)
        except Exception as exc:  # any client fault becomes this call's error, with its cost
            raise self._error(exc, spent) from exc

    async def acall(self, user: str) -> StructuredResult[M]:
        """Async `call`, awaited on the caller's event loop."""
        spent = _Spent()
        talk = self._talk(user, spent)
        try:
            turns = next(talk)
            while True:
                turns = talk.send(await self.backend.acomplete(turns))
        except StopIteration as done:
            return self._result(done.value, spent)
        except Exception as exc:  # any client fault becomes this call's error, with its cost
            raise self._error(exc, spent) from exc


def endpoint_configured(base_url: str | None) -> bool:
    """Whether an OpenAI-compatible endpoint is configured (argument, OPENAI_BASE_URL or OPENAI_API_KEY)."""
    return bool(base_url or os.environ.get(ENV_BASE_URL) or os.environ.get(ENV_API_KEY))


def make_structured_llm(
    output: type[M],
    system: str,
    *,
    name: str,
    description: str,
    timeout: float,
    max_retries: int,
    missing_endpoint: str,
    llm: Any = None,
    model: str | None = None,
    base_url: str | None = None,
    method: str | None = None,
) -> StructuredLLM[M]:
    """A structured call answering with `output`.

    `llm` may be None (an OpenAI-compatible client pair is built from `base_url` / OPENAI_BASE_URL
    and OPENAI_API_KEY, with `timeout` seconds per attempt and `max_retries` SDK retries), an
    `openai.OpenAI` / `openai.AsyncOpenAI` client (its own retries; `timeout` applied) or a LangChain
    chat model (`timeout` as an outer deadline). `missing_endpoint` is the usage error raised when
    nothing is configured, in the words of the caller's interface.
    """
    from .langchain_backend import LangChainBackend, is_chat_model
    from .openai_backend import OpenAIBackend, is_openai_client

    prompt = structured_prompt(system, output, name=name, description=description)
    start: OpenAIMethod = next((m for m in OpenAIBackend.METHODS if m == method), "json_schema")
    backend: Backend
    if llm is None:
        if not endpoint_configured(base_url):
            raise UsageError(missing_endpoint)
        common: dict[str, Any] = {
            "api_key": os.environ.get(ENV_API_KEY) or PLACEHOLDER_API_KEY,
            "base_url": base_url or os.environ.get(ENV_BASE_URL) or None,
            "timeout": timeout,
            "max_retries": max_retries,
        }
        backend = OpenAIBackend(
            model=resolve_model(model),
            sync_client=openai.OpenAI(**common),
            async_client=openai.AsyncOpenAI(**common),
            timeout_s=timeout,
            method=start,
            prompt=prompt,
        )
    elif is_openai_client(llm):
        backend = OpenAIBackend.build(
            client=llm, model=model, base_url=None, timeout=timeout, method=start, prompt=prompt
        )
    elif is_chat_model(llm):
        backend = LangChainBackend(llm, model=model, timeout=timeout, method=method, prompt=prompt)
    else:
        raise UsageError(
            f"llm must be a LangChain chat model or an openai.OpenAI / openai.AsyncOpenAI client, "
            f"not {type(llm).__name__!r}"
        )
    return StructuredLLM(backend, prompt, output)
