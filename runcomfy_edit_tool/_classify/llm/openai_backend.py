"""The OpenAI-compatible backend: one chat-completions call with the strict schema, via the `openai` SDK.

Servers differ in which structured-output method they accept, so the backend starts with strict
`json_schema` and, when the server refuses a method (an HTTP 400/422/500 whose message names it),
moves to the next one and remembers that for the rest of this client's life: only the first
request pays for the probe. Until one request has succeeded, requests go out without the SDK's
retries, so a refusal costs one request rather than 1 + retries with backoff (a probe that fails
for a transient reason is sent again with the remaining retries). The same adaptation drops
`temperature` and swaps `max_tokens` for `max_completion_tokens` when a model (OpenAI's reasoning
models, for instance) refuses them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, Final, Literal

import openai

from ..._sanitize import redact_urls
from .answer import ChatTurn, LLMFault, Reply, shorten
from .prompt import LLMPrompt, llm_prompt
from .settings import (
    LLM_MAX_OUTPUT_TOKENS,
    LLM_MAX_RETRIES,
    LLM_TEMPERATURE,
    OPENAI_METHODS,
    OpenAIMethod,
    resolve_endpoint,
    resolve_model,
    resolve_timeout,
)

# Statuses a server uses to refuse a request parameter: 400/422 as validation errors, 500/501 from
# servers that crash or bail out on an unknown response_format.
REFUSAL_STATUSES: Final = frozenset({400, 422, 500, 501})
# Words in a refusal that name each method's request parameter.
METHOD_MARKERS: Final[Mapping[OpenAIMethod, tuple[str, ...]]] = {
    "json_schema": ("response_format", "json_schema"),
    "json_object_schema": ("response_format", "json_object", "schema"),
    "json_object": ("response_format", "json_object"),
    "tools": ("tool",),
}
# Methods whose server never sees the schema: it goes into the system prompt instead.
SCHEMA_IN_PROMPT: Final[frozenset[OpenAIMethod]] = frozenset({"json_object"})
TokenParam = Literal["max_tokens", "max_completion_tokens"]


def is_openai_client(obj: object) -> bool:
    """Whether `obj` is an `openai` SDK client (sync or async, including Azure's)."""
    return isinstance(obj, openai.OpenAI | openai.AsyncOpenAI)


def _client_timeout(client: openai.OpenAI | openai.AsyncOpenAI) -> float | None:
    timeout: Any = client.timeout
    if isinstance(timeout, int | float):
        return float(timeout)
    read = getattr(timeout, "read", None)
    return float(read) if isinstance(read, int | float) else None


Refusal = Literal["method", "temperature", "max_tokens", "max_completion_tokens"]
# Statuses the SDK itself retries; a probe (sent without retries) that hits one is sent again.
TRANSIENT_STATUSES: Final = frozenset({408, 409, 429})


def _transient(exc: openai.APIStatusError) -> bool:
    return exc.status_code in TRANSIENT_STATUSES or exc.status_code >= 500


class _Adaptation:
    """What this endpoint has been found to accept. Changes only move forward, under a lock,
    so concurrent first requests that all hit the same refusal agree on the outcome."""

    def __init__(self, start: OpenAIMethod) -> None:
        self._lock = threading.Lock()
        self._method_index = OPENAI_METHODS.index(start)
        self.temperature = True
        self.token_param: TokenParam | None = "max_tokens"
        # Until one request succeeds, requests go out without SDK retries: a refusal (llama.cpp
        # answers json_schema with a 500) then costs one request, not 1 + retries with backoff.
        self.confirmed = False

    @property
    def method(self) -> OpenAIMethod:
        return OPENAI_METHODS[self._method_index]

    def refusal(self, exc: openai.APIStatusError, tried: OpenAIMethod) -> Refusal | None:
        """Which request parameter `exc` refuses, if it is a refusal this client can work around."""
        if exc.status_code not in REFUSAL_STATUSES:
            return None
        text = str(exc.message).lower()
        if any(marker in text for marker in METHOD_MARKERS[tried]):
            return "method"
        if self.temperature and "temperature" in text:
            return "temperature"
        if self.token_param == "max_tokens" and "max_tokens" in text:
            return "max_tokens"
        if self.token_param == "max_completion_tokens" and "max_completion_tokens" in text:
            return "max_completion_tokens"
        return None

    def adapt(self, exc: openai.APIStatusError, tried: OpenAIMethod) -> bool:
        """Learn from a refusal; True when the request is worth sending again differently."""
        with self._lock:
            kind = self.refusal(exc, tried)
            if kind == "method":
                index = OPENAI_METHODS.index(tried)
                if index + 1 >= len(OPENAI_METHODS):
                    raise LLMFault(
                        f"llm endpoint refused every structured-output method ({', '.join(OPENAI_METHODS)}): "
                        f"{shorten(exc.message)}"
                    ) from exc
                self._method_index = max(self._method_index, index + 1)
            elif kind == "temperature":
                self.temperature = False
            elif kind == "max_tokens":
                self.token_param = "max_completion_tokens"
            elif kind == "max_completion_tokens":
                self.token_param = None
            return kind is not None


def fault_reason(exc: Exception, *, timeout_s: float | None, retries: int, endpoint: str) -> str:
    """A one-line fallback reason for an `openai` SDK exception (also what ChatOpenAI raises)."""
    if isinstance(exc, openai.APITimeoutError):
        after = f" after {timeout_s:g}s" if timeout_s is not None else ""
        return f"llm timeout{after} ({retries + 1} attempts)"
    if isinstance(exc, openai.APIConnectionError):
        return f"llm connection error: {endpoint} unreachable ({retries + 1} attempts)"
    if isinstance(exc, openai.RateLimitError):
        return f"llm rate limited (HTTP 429) after {retries} retries"
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500:
            return f"llm server error (HTTP {exc.status_code}) after {retries} retries: " + shorten(
                exc.message
            )
        return f"llm request rejected (HTTP {exc.status_code}): {shorten(exc.message)}"
    return f"llm error ({type(exc).__name__}): {shorten(str(exc))}"


class OpenAIBackend:
    """Chat completions on any OpenAI-compatible endpoint, with method fallback."""

    METHODS: ClassVar[tuple[OpenAIMethod, ...]] = OPENAI_METHODS
    # Bounds the refuse-and-resend loop even if a server's messages name several parameters.
    MAX_ADAPTATIONS: ClassVar[int] = len(OPENAI_METHODS) + 3

    def __init__(
        self,
        *,
        model: str,
        sync_client: openai.OpenAI | None,
        async_client: openai.AsyncOpenAI | None,
        timeout_s: float | None,
        method: OpenAIMethod = "json_schema",
        prompt: LLMPrompt | None = None,
    ) -> None:
        if sync_client is None and async_client is None:
            raise ValueError("OpenAIBackend needs a sync or an async client")
        self._model = model
        # None: the classifier's prompt; another structured call (the eval's judge) passes its own.
        self._prompt = prompt
        self._sync = sync_client
        self._async = async_client
        self._timeout_s = timeout_s
        self._state = _Adaptation(method)
        some: openai.OpenAI | openai.AsyncOpenAI | None = sync_client or async_client
        self._retries = some.max_retries if some is not None else LLM_MAX_RETRIES
        # Quoted in fallback reasons: never with the credentials a URL may carry.
        self._endpoint = redact_urls(str(some.base_url)) if some is not None else "the endpoint"

    @classmethod
    def build(
        cls,
        *,
        client: openai.OpenAI | openai.AsyncOpenAI | None,
        model: str | None,
        base_url: str | None,
        timeout: float | None,
        method: str | None,
        prompt: LLMPrompt | None = None,
    ) -> OpenAIBackend:
        """From a caller's client, or a sync + async pair built from the arguments and environment."""
        start: OpenAIMethod = next((m for m in OPENAI_METHODS if m == method), "json_schema")
        if client is None:
            settings = resolve_endpoint(model, base_url, timeout)
            common: dict[str, Any] = {
                "api_key": settings.api_key,
                "base_url": settings.base_url,
                "timeout": settings.timeout,
                "max_retries": LLM_MAX_RETRIES,
            }
            return cls(
                model=settings.model,
                sync_client=openai.OpenAI(**common),
                async_client=openai.AsyncOpenAI(**common),
                timeout_s=settings.timeout,
                method=start,
                prompt=prompt,
            )
        # A caller's client keeps its own settings unless a timeout was asked for explicitly.
        if timeout is not None:
            client = client.with_options(timeout=resolve_timeout(timeout))
        sync_client = client if isinstance(client, openai.OpenAI) else None
        async_client = client if isinstance(client, openai.AsyncOpenAI) else None
        return cls(
            model=resolve_model(model),
            sync_client=sync_client,
            async_client=async_client,
            timeout_s=_client_timeout(client),
            method=start,
            prompt=prompt,
        )

    @property
    def model(self) -> str:
        """The model name sent with every request."""
        return self._model

    @property
    def method(self) -> OpenAIMethod:
        """The method the next request will use (what this endpoint was found to accept)."""
        return self._state.method

    def _request(self, turns: Sequence[ChatTurn], method: OpenAIMethod) -> dict[str, Any]:
        prompt = self._prompt or llm_prompt()
        system = prompt.system_with_schema() if method in SCHEMA_IN_PROMPT else prompt.system
        messages = [
            {"role": turn.role, "content": system if turn.role == "system" else turn.content}
            for turn in turns
        ]
        request: dict[str, Any] = {"model": self._model, "messages": messages}
        if self._state.temperature:
            request["temperature"] = LLM_TEMPERATURE
        if self._state.token_param is not None:
            request[self._state.token_param] = LLM_MAX_OUTPUT_TOKENS
        if method == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": prompt.name,
                    "description": prompt.description,
                    "schema": prompt.schema,
                    "strict": True,
                },
            }
        elif method == "json_object_schema":
            request["response_format"] = {"type": "json_object", "schema": prompt.schema}
        elif method == "json_object":
            request["response_format"] = {"type": "json_object"}
        else:
            function = {
                "name": prompt.name,
                "description": prompt.description,
                "parameters": prompt.schema,
                "strict": True,
            }
            request["tools"] = [{"type": "function", "function": function}]
            request["tool_choice"] = {"type": "function", "function": {"name": prompt.name}}
        return request

    @staticmethod
    def _reply(completion: Any, method: OpenAIMethod) -> Reply:
        usage = getattr(completion, "usage", None)
        prompt_tokens = getattr(usage, "prompt_tokens", None)
        completion_tokens = getattr(usage, "completion_tokens", None)
        choices = getattr(completion, "choices", None) or []
        if not choices:
            return Reply(None, method, prompt_tokens, completion_tokens)
        choice = choices[0]
        message = choice.message
        refusal = getattr(message, "refusal", None)
        if not refusal and choice.finish_reason == "content_filter":
            refusal = "the provider's content filter stopped the answer"
        payload: str | None = message.content
        calls = getattr(message, "tool_calls", None) or []
        function = getattr(calls[0], "function", None) if calls else None
        if function is not None:
            payload = function.arguments
        return Reply(
            payload,
            method,
            prompt_tokens,
            completion_tokens,
            refusal=refusal,
            truncated=choice.finish_reason == "length",
        )

    def _resend(self, exc: Exception, method: OpenAIMethod) -> bool:
        """Whether a failed probe (sent without retries) should go out again with the SDK's retries."""
        if self._retries == 0:
            return False
        if isinstance(exc, openai.APIStatusError):
            return self._state.refusal(exc, method) is None and _transient(exc)
        return isinstance(exc, openai.APIConnectionError)

    def _create(self, client: openai.OpenAI, request: dict[str, Any], method: OpenAIMethod) -> Any:
        if self._state.confirmed:
            return client.chat.completions.create(**request)
        try:
            return client.with_options(max_retries=0).chat.completions.create(**request)
        except openai.APIError as exc:
            if not self._resend(exc, method):
                raise
        # The probe used up the first attempt; the rest keep the SDK's bound and backoff.
        return client.with_options(max_retries=max(self._retries - 1, 0)).chat.completions.create(**request)

    async def _acreate(
        self, client: openai.AsyncOpenAI, request: dict[str, Any], method: OpenAIMethod
    ) -> Any:
        if self._state.confirmed:
            return await client.chat.completions.create(**request)
        try:
            return await client.with_options(max_retries=0).chat.completions.create(**request)
        except openai.APIError as exc:
            if not self._resend(exc, method):
                raise
        retrying = client.with_options(max_retries=max(self._retries - 1, 0))
        return await retrying.chat.completions.create(**request)

    def complete(self, turns: Sequence[ChatTurn]) -> Reply:
        """One call (plus, on a fresh endpoint, one resend per refused method or parameter)."""
        if self._sync is None:
            # An async-only client: run it on a private event loop in a worker thread, so this
            # works even when the caller's thread already runs a loop.
            with ThreadPoolExecutor(max_workers=1) as pool:
                return pool.submit(asyncio.run, self.acomplete(turns)).result()
        for _ in range(self.MAX_ADAPTATIONS):
            method = self._state.method
            try:
                completion = self._create(self._sync, self._request(turns, method), method)
            except openai.APIStatusError as exc:
                if self._state.adapt(exc, method):
                    continue
                raise
            self._state.confirmed = True
            return self._reply(completion, method)
        raise LLMFault("llm endpoint kept refusing the request's parameters")

    async def acomplete(self, turns: Sequence[ChatTurn]) -> Reply:
        """Async `complete`, awaited on the caller's loop (a sync-only client runs in a thread)."""
        if self._async is None:
            return await asyncio.to_thread(self.complete, turns)
        for _ in range(self.MAX_ADAPTATIONS):
            method = self._state.method
            try:
                completion = await self._acreate(self._async, self._request(turns, method), method)
            except openai.APIStatusError as exc:
                if self._state.adapt(exc, method):
                    continue
                raise
            self._state.confirmed = True
            return self._reply(completion, method)
        raise LLMFault("llm endpoint kept refusing the request's parameters")

    def fault_reason(self, exc: Exception) -> str:
        """The fallback reason for an SDK exception, naming the timeout, retries and endpoint."""
        return fault_reason(exc, timeout_s=self._timeout_s, retries=self._retries, endpoint=self._endpoint)
