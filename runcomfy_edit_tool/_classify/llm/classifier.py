"""The LLM classifier: one structured-output call turns a request into an intent and a route.

The conversation is written once, as a generator that yields the messages to send and receives
the backend's reply (`_conversation`); `classify` and `aclassify` only drive it, sync or async.
Normally that is one call. Only a schema-invalid answer earns a second call, with the validation
errors appended. Any fault hands the request to the offline rules, with the reason recorded.

`make_llm_classifier` is what `EditRouter` calls; it accepts nothing (an OpenAI-compatible client
is built from the environment), an `openai.OpenAI` / `openai.AsyncOpenAI` client, or any LangChain
`BaseChatModel`.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..._exceptions import UsageError
from ..._plan import ClassifierName, LLMCallInfo
from ..._sanitize import safe_text
from ..base import Classification, ClassifyRequest
from ..rules import RulesClassifier
from .answer import (
    Backend,
    ChatTurn,
    InvalidAnswer,
    LLMFault,
    Reply,
    add_tokens,
    read_answer,
    shorten,
)
from .prompt import RoutedIntent, llm_prompt, render_request, validation_feedback
from .settings import DEFAULT_LLM_MODEL, LangChainMethod, OpenAIMethod
from .trust import answer_problem, token_count

__all__ = ["DEFAULT_LLM_MODEL", "LLMClassifier", "make_llm_classifier"]

# The evidence quoted in `reasons` is the model's own `change` field, kept to one short line.
REASON_EVIDENCE_CHARS: Final = 100
MS_PER_S: Final = 1000.0
FALLBACK_REASON_CHARS: Final = 300


@dataclass(frozen=True)
class _Outcome:
    answer: RoutedIntent
    method: str
    prompt_tokens: int | None
    completion_tokens: int | None
    reasked: bool


class _Spent:
    """Tokens used so far, so a fallback after a real answer still accounts for them."""

    def __init__(self) -> None:
        self.replies = 0
        self.method = ""
        self.prompt_tokens: int | None = None
        self.completion_tokens: int | None = None

    def add(self, reply: Reply) -> None:
        self.replies += 1
        self.method = reply.method if isinstance(reply.method, str) else "unknown"
        # Usage is whatever the server reported: a count that is not a plausible number is unknown.
        self.prompt_tokens = add_tokens(self.prompt_tokens, token_count(reply.prompt_tokens))
        self.completion_tokens = add_tokens(self.completion_tokens, token_count(reply.completion_tokens))


_Conversation = Generator[Sequence[ChatTurn], Reply, _Outcome]


def _conversation(request: ClassifyRequest, spent: _Spent) -> _Conversation:
    """Yield the messages of each call; receive its reply; return the validated outcome."""
    turns = [ChatTurn("system", llm_prompt().system), ChatTurn("user", render_request(request))]
    reply = yield turns
    spent.add(reply)
    try:
        answer = read_answer(reply)
    except InvalidAnswer as bad:
        retry = [
            *turns,
            ChatTurn("assistant", bad.previous),
            ChatTurn("user", validation_feedback(bad.errors)),
        ]
        reply = yield retry
        spent.add(reply)
        try:
            answer = read_answer(reply)
        except InvalidAnswer as again:
            raise LLMFault(
                "llm output failed validation twice: " + shorten("; ".join(again.errors))
            ) from again
        return _Outcome(answer, reply.method, spent.prompt_tokens, spent.completion_tokens, reasked=True)
    return _Outcome(answer, reply.method, spent.prompt_tokens, spent.completion_tokens, reasked=False)


class LLMClassifier:
    """Classifies with one structured-output LLM call; falls back to the offline rules on any fault."""

    def __init__(self, backend: Backend, *, fallback: RulesClassifier | None = None) -> None:
        self.backend = backend
        self._rules = fallback or RulesClassifier()

    @property
    def name(self) -> ClassifierName:
        """Always "llm" (a plan that fell back says "rules" and carries the reason)."""
        return "llm"

    @property
    def model(self) -> str:
        """The model this classifier asks."""
        return self.backend.model

    def classify(self, request: ClassifyRequest) -> Classification:
        """Classify one request; never raises for an LLM fault."""
        spent, started = _Spent(), time.perf_counter()
        talk = _conversation(request, spent)
        try:
            turns = next(talk)
            while True:
                turns = talk.send(self.backend.complete(turns))
        except StopIteration as done:
            outcome: _Outcome = done.value
            return self._checked(request, outcome, spent, started)
        except Exception as exc:  # a fault of any kind must never break the caller's plan
            return self._fallback(request, self._reason(exc), spent, started)

    async def aclassify(self, request: ClassifyRequest) -> Classification:
        """Async `classify`: the call is awaited on the caller's event loop."""
        spent, started = _Spent(), time.perf_counter()
        talk = _conversation(request, spent)
        try:
            turns = next(talk)
            while True:
                turns = talk.send(await self.backend.acomplete(turns))
        except StopIteration as done:
            outcome: _Outcome = done.value
            return self._checked(request, outcome, spent, started)
        except Exception as exc:  # a fault of any kind must never break the caller's plan
            return self._fallback(request, self._reason(exc), spent, started)

    def _reason(self, exc: Exception) -> str:
        try:
            reason = exc.reason if isinstance(exc, LLMFault) else self.backend.fault_reason(exc)
        except Exception:  # a backend's describer failing must not hide the fault itself
            reason = f"llm error ({type(exc).__name__})"
        # Reasons quote server text and endpoints: no credentials, no terminal control, one line.
        return safe_text(reason, FALLBACK_REASON_CHARS)

    def _checked(
        self, request: ClassifyRequest, outcome: _Outcome, spent: _Spent, started: float
    ) -> Classification:
        """Use the answer only if it fits the request; otherwise the rules decide, saying why."""
        try:
            problem = answer_problem(outcome.answer, request)
            if problem is None:
                return self._success(outcome, started)
        except Exception as exc:  # an answer that breaks a check is as unusable as one that fails it
            problem = f"llm answer unusable ({type(exc).__name__})"
        return self._fallback(request, safe_text(problem, FALLBACK_REASON_CHARS), spent, started)

    def _info(
        self, method: str, prompt: int | None, completion: int | None, started: float, calls: int
    ) -> LLMCallInfo:
        return LLMCallInfo(
            model=self.backend.model,
            method=method,
            prompt_tokens=prompt,
            completion_tokens=completion,
            latency_ms=round((time.perf_counter() - started) * MS_PER_S, 1),
            calls=calls,
            prompt_hash=llm_prompt().prompt_hash,
        )

    def _success(self, outcome: _Outcome, started: float) -> Classification:
        answer = outcome.answer
        calls = 2 if outcome.reasked else 1
        info = self._info(outcome.method, outcome.prompt_tokens, outcome.completion_tokens, started, calls)
        reasons = [
            f"llm ({info.model}, {info.method}): rule {answer.rule} -> {answer.route}: "
            f"{shorten(answer.change, REASON_EVIDENCE_CHARS)}"
        ]
        if outcome.reasked:
            reasons.append("llm: the first answer failed schema validation; the one re-ask fixed it")
        return Classification(
            intent=answer.intent(), route=answer.route, classifier="llm", reasons=reasons, llm=info
        )

    def _fallback(
        self, request: ClassifyRequest, reason: str, spent: _Spent, started: float
    ) -> Classification:
        result = self._rules.classify(request)
        # Tokens spent on answers that could not be used are still a cost the eval should count.
        info = (
            self._info(spent.method, spent.prompt_tokens, spent.completion_tokens, started, spent.replies)
            if spent.replies
            else None
        )
        return result.model_copy(
            update={
                "fallback_reason": reason,
                "llm": info,
                "reasons": [*result.reasons, f"fallback: {reason}"],
            }
        )


def make_llm_classifier(
    *,
    llm: Any = None,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    method: OpenAIMethod | LangChainMethod | None = None,
) -> LLMClassifier:
    """Build the LLM classifier `EditRouter` uses.

    `llm` may be None (an OpenAI-compatible client is built from `base_url` / OPENAI_BASE_URL and
    OPENAI_API_KEY), an `openai.OpenAI` or `openai.AsyncOpenAI` client, or a LangChain chat model.
    `method` pins the structured-output method to start from (default: strict json_schema).
    """
    from .openai_backend import OpenAIBackend, is_openai_client

    if llm is None or is_openai_client(llm):
        if method is not None and method not in OpenAIBackend.METHODS:
            raise UsageError(
                f"unknown method {method!r} for an OpenAI client; use one of {list(OpenAIBackend.METHODS)}"
            )
        return LLMClassifier(
            OpenAIBackend.build(client=llm, model=model, base_url=base_url, timeout=timeout, method=method)
        )
    from .langchain_backend import LangChainBackend, is_chat_model

    if is_chat_model(llm):
        if method is not None and method not in LangChainBackend.METHODS:
            raise UsageError(
                f"unknown method {method!r} for a chat model; use one of {LangChainBackend.METHODS}"
            )
        return LLMClassifier(LangChainBackend(llm, model=model, timeout=timeout, method=method))
    raise UsageError(
        f"llm must be a LangChain chat model or an openai.OpenAI / openai.AsyncOpenAI client, "
        f"not {type(llm).__name__!r}"
    )
