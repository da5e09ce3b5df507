"""LLM settings: the defaults, the environment variables, and how arguments override them.

Default model: ``gpt-4.1-mini``. The call is a short classification into a strict schema, so what
matters is schema-following, multilingual reading, latency and price, not deep reasoning.
gpt-4.1-mini is a current, small, non-reasoning OpenAI model with strict structured outputs,
temperature 0 and sub-second-to-few-second latency. A reasoning model such as gpt-5-mini spends
hidden reasoning tokens on every request (slower, dearer) and rejects ``temperature`` and
``max_tokens``; it still works here (the client adapts to those refusals), but it is not the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Final, Literal

from ..._exceptions import UsageError

DEFAULT_LLM_MODEL: Final = "gpt-4.1-mini"
# Seconds per attempt. The SDK retries timeouts too, so the worst case is (1 + retries) attempts.
DEFAULT_LLM_TIMEOUT_S: Final = 20.0
# The openai SDK's own bounded retries (429, 5xx, connection errors, timeouts), with its backoff.
LLM_MAX_RETRIES: Final = 2
# Enough for the whole answer in any language; a small model stuck in a loop stops here.
LLM_MAX_OUTPUT_TOKENS: Final = 1024
# Classification should be as repeatable as the provider allows.
LLM_TEMPERATURE: Final = 0.0
# Local servers (llama.cpp, vLLM, Ollama) ignore the key, but the SDK insists on one.
PLACEHOLDER_API_KEY: Final = "not-needed"

ENV_MODEL: Final = "RUNCOMFY_EDIT_LLM_MODEL"
ENV_TIMEOUT: Final = "RUNCOMFY_EDIT_LLM_TIMEOUT"
ENV_BASE_URL: Final = "OPENAI_BASE_URL"
ENV_API_KEY: Final = "OPENAI_API_KEY"

# Structured-output methods on an OpenAI-compatible endpoint, in the order they are tried:
#   json_schema         strict response_format json_schema (OpenAI, Azure, vLLM, Ollama, OpenRouter)
#   json_object_schema  response_format json_object carrying the schema (llama.cpp's server)
#   json_object         response_format json_object, the schema only in the prompt
#   tools               one forced function call whose parameters are the schema
OpenAIMethod = Literal["json_schema", "json_object_schema", "json_object", "tools"]
OPENAI_METHODS: Final[tuple[OpenAIMethod, ...]] = (
    "json_schema",
    "json_object_schema",
    "json_object",
    "tools",
)
# LangChain's own names for `with_structured_output(method=...)`.
LangChainMethod = Literal["json_schema", "function_calling", "json_mode"]
LANGCHAIN_METHODS: Final[tuple[LangChainMethod, ...]] = ("json_schema", "function_calling", "json_mode")


@dataclass(frozen=True)
class EndpointSettings:
    """Where and how the OpenAI-compatible client connects."""

    model: str
    base_url: str | None
    api_key: str
    timeout: float


# One LLM call taking longer than this is a hang, not a slow model.
MAX_LLM_TIMEOUT_S: Final = 3600.0


def resolve_model(model: str | None) -> str:
    """The argument, else RUNCOMFY_EDIT_LLM_MODEL, else the default."""
    return model or os.environ.get(ENV_MODEL) or DEFAULT_LLM_MODEL


def resolve_timeout(timeout: float | None) -> float:
    """The argument, else RUNCOMFY_EDIT_LLM_TIMEOUT, else 20 s; not a positive number: a usage error."""
    source = "--llm-timeout"
    value: float | str | None = timeout
    if value is None:
        raw = os.environ.get(ENV_TIMEOUT)
        if not raw:
            return DEFAULT_LLM_TIMEOUT_S
        source, value = ENV_TIMEOUT, raw
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        seconds = -1.0
    # nan, inf and absurd values are refused here, so no call ever waits forever.
    if not 0 < seconds <= MAX_LLM_TIMEOUT_S:
        shown = str(value)[:40]
        raise UsageError(
            f"{source} must be a positive number of seconds up to {MAX_LLM_TIMEOUT_S:g}, not {shown!r}"
        )
    return seconds


def resolve_endpoint(model: str | None, base_url: str | None, timeout: float | None) -> EndpointSettings:
    """Settings for a client built here; raises `UsageError` when no endpoint is configured at all."""
    url = base_url or os.environ.get(ENV_BASE_URL) or None
    key = os.environ.get(ENV_API_KEY) or None
    if key is None and url is None:
        raise UsageError(
            "--classifier llm needs an endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL / "
            "--llm-base-url (any OpenAI-compatible server), or use --classifier rules"
        )
    return EndpointSettings(
        model=resolve_model(model),
        base_url=url,
        api_key=key or PLACEHOLDER_API_KEY,
        timeout=resolve_timeout(timeout),
    )
