"""Test doubles for the eval tests: hand-built plans and a scripted router (no classifier involved)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from runcomfy_edit_tool._catalog import MODELS, RouteId
from runcomfy_edit_tool._exceptions import InputError
from runcomfy_edit_tool._intent import EditIntent
from runcomfy_edit_tool._plan import EditPlan, LLMCallInfo

IMG = "https://example.com/a.jpg"


def make_intent(**overrides: Any) -> EditIntent:
    """An intent with neutral defaults; override only what a test is about."""
    fields: dict[str, Any] = {
        "language": "en",
        "preserve": [],
        "change": "make it brighter",
        "scope": None,
        "quoted_text": [],
        "target_script": None,
        "image_roles": [],
        "multi_image_mode": "single",
        "edit_kinds": ["other"],
        "num_outputs": None,
        "named_model": None,
        "aspect_ratio": None,
        "resolution": None,
        "seed": None,
        "confidence": 0.9,
    }
    fields.update(overrides)
    return EditIntent(**fields)


def make_plan(
    route: RouteId,
    prompt: str = "Keep the subject unchanged. Make it brighter.",
    *,
    images: list[str] | None = None,
    intent: EditIntent | None = None,
    body_extra: Mapping[str, Any] | None = None,
    llm: LLMCallInfo | None = None,
    classifier: str = "rules",
    fallback_reason: str | None = None,
    reasons: list[str] | None = None,
    request: str = "make it brighter",
) -> EditPlan:
    """A plan as the router would return it (the body is not validated against the catalog here)."""
    images = images or [IMG]
    body: dict[str, Any] = {"prompt": prompt, MODELS[route].image_field: images, **(body_extra or {})}
    return EditPlan(
        route=route,
        model_id=MODELS[route].model_id,
        classifier=classifier,  # type: ignore[arg-type]
        fallback_reason=fallback_reason,
        confidence=0.9,
        reasons=reasons if reasons is not None else [f"rule: {route}"],
        intent=intent or make_intent(),
        prompt=prompt,
        body=body,
        request=request,
        images=images,
        mask=None,
        llm=llm,
    )


def llm_info(
    prompt_tokens: int | None = 100, completion_tokens: int | None = 20, model: str = "m"
) -> LLMCallInfo:
    """Accounting of one LLM call."""
    return LLMCallInfo(
        model=model,
        method="json_schema",
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        latency_ms=5.0,
        prompt_hash="abc123",
    )


Answer = EditPlan | Exception | Callable[[], EditPlan]


class FakeRouter:
    """Answers each request from a table (request text → plan or exception), sync and async.

    The async path sleeps a little and records how many calls were in flight at once, so tests can
    see that the runner's concurrency bound holds.
    """

    def __init__(self, answers: Mapping[str, Answer], delay: float = 0.0, name: str = "rules") -> None:
        # `classifier.name` is what the CLI reports as the deciding classifier, as on EditRouter.
        self.classifier = SimpleNamespace(name=name)
        self.answers = dict(answers)
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self.calls: list[tuple[str, list[str], str | None]] = []

    def _answer(self, request: str, images: list[str], mask: str | None) -> EditPlan:
        self.calls.append((request, images, mask))
        answer = self.answers.get(request)
        if answer is None:
            raise InputError(f"no scripted answer for {request!r}")
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer()
        return answer

    def plan(self, request: str, *, images: list[str], mask: str | None = None) -> EditPlan:
        return self._answer(request, images, mask)

    async def aplan(self, request: str, *, images: list[str], mask: str | None = None) -> EditPlan:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return self._answer(request, images, mask)
        finally:
            self.in_flight -= 1


def case_row(
    case_id: str,
    request: str,
    route: RouteId,
    *,
    lang: str = "en",
    tags: list[str] | None = None,
    images: list[str] | None = None,
    mask: str | None = None,
    expect: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One data-set row as a dict."""
    row: dict[str, Any] = {
        "id": case_id,
        "request": request,
        "images": images or [IMG],
        "mask": mask,
        "route": route,
        "lang": lang,
        "tags": tags or [],
    }
    if expect is not None:
        row["expect"] = dict(expect)
    return row


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write rows as JSONL (UTF-8, one object a line) and return the path."""
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path
