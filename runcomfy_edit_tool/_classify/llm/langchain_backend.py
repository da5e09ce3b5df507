"""The LangChain backend: any `BaseChatModel`, via `with_structured_output(RoutedIntent, include_raw=True)`.

`include_raw=True` keeps the raw `AIMessage`, which carries the token usage and, when LangChain's
own parsing failed, the arguments we validate ourselves (so both backends report the same errors
and re-ask the same way). The chat model's own timeout and retry settings govern its calls; a
`timeout` given here adds an outer deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, ClassVar, Final

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable
from pydantic import BaseModel

from ..._exceptions import UsageError
from .answer import ChatTurn, LLMFault, Reply, shorten
from .openai_backend import METHOD_MARKERS, REFUSAL_STATUSES
from .openai_backend import fault_reason as openai_fault_reason
from .prompt import LLMPrompt, llm_prompt
from .settings import LANGCHAIN_METHODS, LLM_MAX_RETRIES, LangChainMethod

# Every chat model that has structured output at all supports it through tool calling.
FALLBACK_METHOD: Final[LangChainMethod] = "function_calling"
# json_mode shows the server no schema, so the schema goes into the system prompt.
SCHEMA_IN_PROMPT: Final = frozenset({"json_mode"})


def is_chat_model(obj: object) -> bool:
    """Whether `obj` is a LangChain chat model."""
    return isinstance(obj, BaseChatModel)


def _model_name(chat_model: BaseChatModel) -> str:
    for attribute in ("model_name", "model", "model_id"):
        value = getattr(chat_model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return chat_model._llm_type


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


class LangChainBackend:
    """Structured output from a LangChain chat model, sync `invoke` and async `ainvoke`."""

    METHODS: ClassVar[tuple[LangChainMethod, ...]] = LANGCHAIN_METHODS

    def __init__(
        self,
        chat_model: BaseChatModel,
        *,
        model: str | None = None,
        timeout: float | None = None,
        method: str | None = None,
        prompt: LLMPrompt | None = None,
    ) -> None:
        self._chat = chat_model
        # None: the classifier's prompt; another structured call (the eval's judge) passes its own.
        self._prompt = prompt
        self._model = model or _model_name(chat_model)
        self._timeout = timeout
        start: LangChainMethod = next((m for m in LANGCHAIN_METHODS if m == method), "json_schema")
        self._method, self._runnable = self._structured(start)

    def _structured(self, method: LangChainMethod) -> tuple[LangChainMethod, Runnable[Any, Any]]:
        """The structured-output runnable for `method`, or for tool calling when the model lacks it."""
        errors: list[str] = []
        for candidate in dict.fromkeys((method, FALLBACK_METHOD)):
            try:
                runnable = self._chat.with_structured_output(
                    self._static().output, include_raw=True, method=candidate
                )
            # Providers refuse an unknown method with ValueError/TypeError; BaseChatModel without
            # tool binding raises its not-implemented error, which is a RuntimeError.
            except (ValueError, TypeError, RuntimeError) as exc:
                errors.append(f"{candidate}: {shorten(str(exc))}")
                continue
            return candidate, runnable
        raise UsageError(f"chat model {self._model!r} offers no structured output ({'; '.join(errors)})")

    def _static(self) -> LLMPrompt:
        return self._prompt or llm_prompt()

    @property
    def model(self) -> str:
        """The chat model's name, as recorded in `LLMCallInfo`."""
        return self._model

    @property
    def method(self) -> LangChainMethod:
        """The `with_structured_output` method in use."""
        return self._method

    def _messages(self, turns: Sequence[ChatTurn]) -> list[AnyMessage]:
        prompt = self._static()
        system = prompt.system_with_schema() if self._method in SCHEMA_IN_PROMPT else prompt.system
        messages: list[AnyMessage] = []
        for turn in turns:
            if turn.role == "system":
                messages.append(SystemMessage(content=system))
            elif turn.role == "user":
                messages.append(HumanMessage(content=turn.content))
            else:
                messages.append(AIMessage(content=turn.content))
        return messages

    def _reply(self, output: Any, method: LangChainMethod) -> Reply:
        schema = self._static().output
        if not isinstance(output, dict):
            return Reply(None, method)
        raw = output.get("raw")
        parsed = output.get("parsed")
        if not isinstance(raw, AIMessage):
            return Reply(parsed if isinstance(parsed, schema) else None, method)
        usage: Mapping[str, Any] = raw.usage_metadata or {}
        metadata = raw.response_metadata or {}
        stop = metadata.get("finish_reason") or metadata.get("stop_reason")
        payload: str | dict[str, Any] | BaseModel | None
        if isinstance(parsed, schema):
            payload = parsed
        elif raw.tool_calls:
            payload = raw.tool_calls[0]["args"]
        elif raw.invalid_tool_calls:
            payload = raw.invalid_tool_calls[0].get("args")
        else:
            payload = raw.text
        refusal = raw.additional_kwargs.get("refusal")
        return Reply(
            payload,
            method,
            usage.get("input_tokens"),
            usage.get("output_tokens"),
            refusal=refusal if isinstance(refusal, str) else None,
            truncated=stop in ("length", "max_tokens") and not isinstance(parsed, schema),
        )

    def _refused_json_schema(self, exc: Exception) -> bool:
        """A server behind ChatOpenAI refused json_schema: switch to tool calling for good."""
        if self._method != "json_schema" or not isinstance(exc, openai.APIStatusError):
            return False
        if exc.status_code not in REFUSAL_STATUSES:
            return False
        text = str(exc.message).lower()
        if not any(marker in text for marker in METHOD_MARKERS["json_schema"]):
            return False
        self._method, self._runnable = self._structured(FALLBACK_METHOD)
        return True

    def complete(self, turns: Sequence[ChatTurn]) -> Reply:
        """One `invoke` (a json_schema refusal costs one resend, once per backend)."""
        try:
            return self._invoke(turns)
        except openai.APIStatusError as exc:
            if self._refused_json_schema(exc):
                return self._invoke(turns)
            raise

    def _invoke(self, turns: Sequence[ChatTurn]) -> Reply:
        method, runnable, messages = self._method, self._runnable, self._messages(turns)
        if self._timeout is None:
            return self._reply(runnable.invoke(messages), method)
        pool = ThreadPoolExecutor(max_workers=1)
        try:
            output = pool.submit(runnable.invoke, messages).result(timeout=self._timeout)
        except FutureTimeout as exc:
            raise LLMFault(f"llm timeout after {self._timeout:g}s") from exc
        finally:
            # Never wait for an abandoned call; it ends under the chat model's own timeout.
            pool.shutdown(wait=False)
        return self._reply(output, method)

    async def acomplete(self, turns: Sequence[ChatTurn]) -> Reply:
        """One `ainvoke` on the caller's event loop."""
        try:
            return await self._ainvoke(turns)
        except openai.APIStatusError as exc:
            if self._refused_json_schema(exc):
                return await self._ainvoke(turns)
            raise

    async def _ainvoke(self, turns: Sequence[ChatTurn]) -> Reply:
        method, runnable, messages = self._method, self._runnable, self._messages(turns)
        if self._timeout is None:
            return self._reply(await runnable.ainvoke(messages), method)
        try:
            output = await asyncio.wait_for(runnable.ainvoke(messages), timeout=self._timeout)
        except TimeoutError as exc:
            raise LLMFault(f"llm timeout after {self._timeout:g}s") from exc
        return self._reply(output, method)

    def fault_reason(self, exc: Exception) -> str:
        """The fallback reason for whatever the chat model raised."""
        timeout = self._timeout or _number(getattr(self._chat, "request_timeout", None))
        if isinstance(exc, openai.OpenAIError):
            retries = getattr(self._chat, "max_retries", None)
            return openai_fault_reason(
                exc,
                timeout_s=timeout,
                retries=retries if isinstance(retries, int) else LLM_MAX_RETRIES,
                endpoint=self._model,
            )
        kind = type(exc).__name__
        if isinstance(exc, TimeoutError) or "timeout" in kind.lower():
            return "llm timeout" + (f" after {timeout:g}s" if timeout else "") + f" ({kind})"
        if isinstance(exc, ConnectionError) or "connect" in kind.lower():
            return f"llm connection error ({kind}): {shorten(str(exc))}"
        return f"llm error ({kind}): {shorten(str(exc))}"
