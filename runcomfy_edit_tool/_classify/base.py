"""The interface every classifier implements: request in, intent (and a proposed route) out.

Two implementations exist: the offline rules classifier (`_rules.RulesClassifier`) and the LLM
classifier (`_llm_classifier.LLMClassifier`). The router applies the same hard guards to whatever
route they propose.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from .._catalog import RouteId
from .._intent import EditIntent
from .._plan import ClassifierName, LLMCallInfo


class ClassifyRequest(BaseModel):
    """What a classifier sees. Inputs are already validated (count, https, mask rules)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    request: str
    images: tuple[str, ...]
    mask: str | None


class Classification(BaseModel):
    """A classifier's answer: the intent, the route it proposes and how it got there."""

    model_config = ConfigDict(extra="forbid")

    intent: EditIntent
    route: RouteId
    classifier: ClassifierName
    reasons: list[str]
    fallback_reason: str | None = None
    llm: LLMCallInfo | None = None


@runtime_checkable
class Classifier(Protocol):
    """Anything that can classify a request, sync and async."""

    @property
    def name(self) -> ClassifierName:
        """Which classifier this is ("rules" or "llm")."""
        ...

    def classify(self, request: ClassifyRequest) -> Classification:
        """Classify one request."""
        ...

    async def aclassify(self, request: ClassifyRequest) -> Classification:
        """Classify one request without blocking the event loop."""
        ...
