"""Schema-valid but unusable LLM answers: checked against the request, then the rules decide with a reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from runcomfy_edit_tool import EditRouter
from runcomfy_edit_tool._classify.base import ClassifyRequest
from runcomfy_edit_tool._classify.llm.answer import ChatTurn, Reply
from runcomfy_edit_tool._classify.llm.classifier import LLMClassifier
from runcomfy_edit_tool._classify.llm.prompt import RoutedIntent
from runcomfy_edit_tool._classify.llm.trust import answer_problem, token_count

IMAGE = "https://cdn.example.com/poster.jpg"
REQUEST = ClassifyRequest(request='change the headline to "Summer Sale"', images=(IMAGE,), mask=None)
GOOD: dict[str, Any] = {
    "language": "en",
    "preserve": [],
    "change": 'change the headline to "Summer Sale"',
    "scope": None,
    "quoted_text": [{"text": "Summer Sale", "script": "Latin"}],
    "target_script": None,
    "image_roles": [],
    "multi_image_mode": "single",
    "edit_kinds": ["text"],
    "num_outputs": None,
    "named_model": None,
    "aspect_ratio": None,
    "resolution": None,
    "seed": None,
    "confidence": 0.9,
    "rule": 6,
    "route": "gpt-image-2-edit",
}


class ScriptedBackend:
    """A backend that answers every call with the same payload and usage (the protocol, no network)."""

    def __init__(self, payload: Any, prompt_tokens: Any = 10, completion_tokens: Any = 5) -> None:
        self.payload = payload
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.calls = 0

    @property
    def model(self) -> str:
        return "scripted"

    def complete(self, turns: Sequence[ChatTurn]) -> Reply:
        self.calls += 1
        return Reply(self.payload, "json_schema", self.prompt_tokens, self.completion_tokens)

    async def acomplete(self, turns: Sequence[ChatTurn]) -> Reply:
        return self.complete(turns)

    def fault_reason(self, exc: Exception) -> str:
        return f"llm error ({type(exc).__name__})"


def _answer(**changes: Any) -> dict[str, Any]:
    return {**GOOD, **changes}


BAD_ANSWERS: list[tuple[str, dict[str, Any], str]] = [
    ("empty change", _answer(change=""), "change is empty"),
    ("blank change", _answer(change="   \n "), "change is empty"),
    ("100 KB change", _answer(change="x" * 100_000), "far longer than the request"),
    ("huge scope", _answer(scope="y" * 5000), "scope is"),
    ("huge preserve", _answer(preserve=["z" * 3000, "w" * 3000]), "preserve is"),
    ("huge role", _answer(image_roles=[{"index": 1, "role": "r" * 5000}]), "roles is"),
    ("escape in change", _answer(change="\x1b]0;pwn\x07change it"), "control characters"),
    ("NUL in scope", _answer(scope="back\x00ground"), "control characters"),
    ("bidi override", _answer(change="change \u202e the headline"), "control characters"),
    ("invented quote", _answer(quoted_text=[{"text": "BUY NOW", "script": "Latin"}]), "quoted text"),
    ("empty quote", _answer(quoted_text=[{"text": "", "script": None}]), "quoted text"),
    ("role past the images", _answer(image_roles=[{"index": 3, "role": "scene"}]), "image 3 of 1"),
    ("no edit kinds", _answer(edit_kinds=[]), "no kind of edit"),
    ("named model not in request", _answer(named_model="flux-kontext-pro", rule=1), "does not mention"),
    ("invented seed", _answer(seed=42), "seed is not in the request"),
    ("language essay", _answer(language="the request is in English"), "not a language code"),
    ("ratio essay", _answer(aspect_ratio="a" * 1000), "aspect_ratio is"),
]


@pytest.mark.parametrize(("label", "answer", "says"), BAD_ANSWERS, ids=[b[0] for b in BAD_ANSWERS])
def test_unusable_answers_are_named(label: str, answer: dict[str, Any], says: str) -> None:
    """Each unusable-but-valid answer is named by the check."""
    problem = answer_problem(RoutedIntent.model_validate(answer), REQUEST)
    assert problem is not None
    assert says in problem


@pytest.mark.parametrize(("label", "answer", "says"), BAD_ANSWERS, ids=[b[0] for b in BAD_ANSWERS])
def test_unusable_answers_fall_back_to_the_rules_with_a_reason(
    label: str, answer: dict[str, Any], says: str
) -> None:
    """Through the router: the rules plan, `fallback_reason` says why, the tokens spent are kept."""
    backend = ScriptedBackend(answer)
    router = EditRouter(LLMClassifier(backend))
    plan = router.plan(REQUEST.request, [IMAGE])
    assert plan.classifier == "rules"
    assert plan.fallback_reason is not None
    assert says in plan.fallback_reason
    assert plan.llm is not None
    assert plan.llm.prompt_tokens == 10
    assert "Summer Sale" in plan.prompt
    assert "BUY NOW" not in plan.prompt
    assert "x" * 200 not in plan.prompt
    assert backend.calls == 1  # a usable-schema answer is not re-asked


@pytest.mark.parametrize(
    ("answer", "request_text", "images"),
    [
        (GOOD, REQUEST.request, (IMAGE,)),
        (
            _answer(named_model="gpt-image-2-edit", rule=1),
            'with gpt image 2, change the headline to "Summer Sale"',
            (IMAGE,),
        ),
        (_answer(seed=1234), 'change the headline to "Summer Sale", seed 1234', (IMAGE,)),
        (
            _answer(image_roles=[{"index": 2, "role": "logo"}]),
            'change the headline to "Summer Sale"',
            (IMAGE, IMAGE),
        ),
        (_answer(language="zh-Hant"), 'change the headline to "Summer Sale"', (IMAGE,)),
    ],
)
def test_usable_answers_pass(answer: dict[str, Any], request_text: str, images: tuple[str, ...]) -> None:
    """Answers that fit the request are used as they are."""
    request = ClassifyRequest(request=request_text, images=images, mask=None)
    assert answer_problem(RoutedIntent.model_validate(answer), request) is None


@pytest.mark.parametrize(
    ("value", "count"),
    [
        (812, 812),
        (0, 0),
        (12.0, 12),
        (None, None),
        ("812", None),
        (-1, None),
        (1.5, None),
        (True, None),
        (float("nan"), None),
        (float("inf"), None),
        (10**40, None),
        ([1], None),
        ({"n": 1}, None),
    ],
)
def test_token_count(value: Any, count: int | None) -> None:
    """A reported usage count is kept only when it is a plausible whole number."""
    assert token_count(value) == count


@pytest.mark.parametrize("usage", ["812", -5, 1.5, float("nan"), 10**40, [3], True])
def test_bad_usage_counts_never_escape(usage: Any) -> None:
    """Absurd usage counts become unknown; the plan is the LLM's, with no error raised anywhere."""
    router = EditRouter(LLMClassifier(ScriptedBackend(GOOD, usage, usage)))
    plan = router.plan(REQUEST.request, [IMAGE])
    assert plan.classifier == "llm"
    assert plan.llm is not None
    assert plan.llm.prompt_tokens is None
    assert plan.llm.completion_tokens is None


async def test_async_path_checks_the_answer_too() -> None:
    """`aplan` applies the same check: an invented quote falls back to the rules."""
    router = EditRouter(
        LLMClassifier(ScriptedBackend(_answer(quoted_text=[{"text": "NOPE", "script": None}])))
    )
    plan = await router.aplan(REQUEST.request, [IMAGE])
    assert plan.classifier == "rules"
    assert plan.fallback_reason is not None
    assert "quoted text" in plan.fallback_reason


def test_fallback_reason_never_shows_endpoint_credentials() -> None:
    """A fault reason quoting a URL with user info or a key is redacted and cleaned."""

    class Leaky(ScriptedBackend):
        def complete(self, turns: Sequence[ChatTurn]) -> Reply:
            raise ConnectionError("cannot reach https://bob:s3cret@llm.example/v1?api_key=sk-live-1 \x1b[31m")

        def fault_reason(self, exc: Exception) -> str:
            return f"llm connection error: {exc}"

    plan = EditRouter(LLMClassifier(Leaky(GOOD))).plan(REQUEST.request, [IMAGE])
    assert plan.fallback_reason is not None
    assert "s3cret" not in plan.fallback_reason
    assert "sk-live-1" not in plan.fallback_reason
    assert "\x1b" not in plan.fallback_reason
