"""The plan: the chosen route, the extracted intent, the rewritten prompt and the exact body."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._catalog import RouteId
from ._intent import EditIntent

ClassifierName = Literal["rules", "llm"]


class LLMCallInfo(BaseModel):
    """Accounting for the LLM call behind a plan (two when an invalid answer was re-asked)."""

    model_config = ConfigDict(extra="forbid")

    model: str
    method: str = Field(
        description="How structured output was obtained: json_schema, json_object, tools, ..."
    )
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_ms: float
    calls: int = Field(
        default=1,
        ge=0,
        description="Chat completions behind this plan: 1, or 2 after a re-ask for an invalid answer.",
    )
    prompt_hash: str = Field(description="Short hash of the system prompt + schema, to compare eval runs.")


class EditPlan(BaseModel):
    """A routed, rewritten, validated edit, ready to submit."""

    model_config = ConfigDict(extra="forbid")

    route: RouteId
    model_id: str
    classifier: ClassifierName
    fallback_reason: str | None
    confidence: float
    reasons: list[str]
    intent: EditIntent
    prompt: str
    body: dict[str, Any]
    request: str
    images: list[str]
    mask: str | None
    llm: LLMCallInfo | None = None
