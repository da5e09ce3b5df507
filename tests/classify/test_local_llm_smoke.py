"""Pin the llama-cpp-python server behaviour the LLM classifier's structured-output fallback relies on."""

from __future__ import annotations

from typing import Any, Literal

import openai
import pytest
from pydantic import BaseModel, ConfigDict

pytestmark = pytest.mark.local_llm

# A cold ~2k-token prompt takes 10-20 s on 2 CPU cores; the SDK's default 600 s would hide a hang.
REQUEST_TIMEOUT_S = 120.0


class TinyIntent(BaseModel):
    """A small stand-in for the classifier's intent: an enum, an int, a string, nothing else."""

    model_config = ConfigDict(extra="forbid")

    subject: str
    image_count: int
    route: Literal["nano", "flux", "qwen", "seededit"]


# The prompt asks for keys and values outside the schema, so only a schema-constrained answer validates.
CONTRARY_PROMPT = (
    'Reply with exactly this JSON and nothing else: {"colour": "red", "route": "zzz", "count": "three"}'
)


@pytest.fixture(scope="module")
def client(local_llm_base_url: str) -> openai.OpenAI:
    # No retries: we pin what one request gets (the SDK would otherwise retry the 500 below twice).
    return openai.OpenAI(
        base_url=local_llm_base_url, api_key="local", max_retries=0, timeout=REQUEST_TIMEOUT_S
    )


@pytest.fixture(scope="module")
def model_id(client: openai.OpenAI) -> str:
    return client.models.list().data[0].id


def test_json_schema_response_format_is_refused_with_500(client: openai.OpenAI, model_id: str) -> None:
    """response_format type json_schema is refused: HTTP 500 whose message names response_format."""
    with pytest.raises(openai.InternalServerError) as excinfo:
        client.chat.completions.create(
            model=model_id,
            messages=[{"role": "user", "content": "Say hi."}],
            response_format={
                "type": "json_schema",
                "json_schema": {
                    "name": "tiny_intent",
                    "schema": TinyIntent.model_json_schema(),
                    "strict": True,
                },
            },
        )
    assert excinfo.value.status_code == 500
    # The server's pydantic validation error, passed through as the message.
    assert "'response_format'" in excinfo.value.message
    assert "Input should be 'text' or 'json_object'" in excinfo.value.message


def test_json_object_with_schema_constrains_the_answer(client: openai.OpenAI, model_id: str) -> None:
    """response_format json_object with a schema is enforced: the answer validates though told otherwise."""
    # Not in the SDK's ResponseFormatJSONObject type (no `schema` key), but sent as-is and honoured.
    response_format: Any = {"type": "json_object", "schema": TinyIntent.model_json_schema()}
    completion = client.chat.completions.create(
        model=model_id,
        messages=[{"role": "user", "content": CONTRARY_PROMPT}],
        response_format=response_format,
        temperature=0,
        max_tokens=100,
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.message.content is not None
    TinyIntent.model_validate_json(choice.message.content)


def test_usage_reports_prompt_and_completion_tokens(client: openai.OpenAI, model_id: str) -> None:
    """Every completion carries usage with prompt and completion token counts (the plan's accounting)."""
    completion = client.chat.completions.create(
        model=model_id,
        messages=[{"role": "user", "content": "Say hi."}],
        temperature=0,
        max_tokens=8,
    )
    assert completion.usage is not None
    assert completion.usage.prompt_tokens > 0
    assert completion.usage.completion_tokens > 0
    assert (
        completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    )
