"""Reading a backend's reply into a validated answer, or into the reason it cannot be one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from runcomfy_edit_tool._classify.llm.answer import (
    InvalidAnswer,
    LLMFault,
    Reply,
    add_tokens,
    read_answer,
    shorten,
)
from runcomfy_edit_tool._classify.llm.prompt import RoutedIntent

VALID: dict[str, Any] = {
    "language": "ja",
    "preserve": ["レイアウト"],
    "change": "見出しを「夏のセール」に変える",
    "scope": None,
    "quoted_text": [{"text": "夏のセール", "script": "Japanese"}],
    "target_script": "Japanese",
    "image_roles": [],
    "multi_image_mode": "single",
    "edit_kinds": ["text"],
    "num_outputs": None,
    "named_model": None,
    "aspect_ratio": None,
    "resolution": None,
    "seed": None,
    "confidence": 0.8,
    "rule": 6,
    "route": "gpt-image-2-edit",
}
TEXT = json.dumps(VALID, ensure_ascii=False)


def reply(payload: Any, **kwargs: Any) -> Reply:
    """A reply from the json_schema method."""
    return Reply(payload, "json_schema", **kwargs)


# (payload, how it reads)
ACCEPTED: list[tuple[str, Any]] = [
    ("json text", TEXT),
    ("json text with whitespace", f"\n  {TEXT}\n"),
    ("fenced json", f"```json\n{TEXT}\n```"),
    ("bare fence", f"```\n{TEXT}\n```"),
    ("decoded tool args", dict(VALID)),
    ("parsed model", RoutedIntent.model_validate(VALID)),
    ("numbers as strings are coerced", json.dumps({**VALID, "rule": "6", "confidence": "0.8"})),
]


@pytest.mark.parametrize(("label", "payload"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_accepted_payloads(label: str, payload: Any) -> None:
    """Every accepted form reads to the same answer."""
    answer = read_answer(reply(payload))
    assert answer.route == "gpt-image-2-edit"
    assert answer.quoted_text[0].text == "夏のセール"


# (label, reply, start of the fallback reason)
FAULTS: list[tuple[str, Reply, str]] = [
    ("none", reply(None), "llm returned no output"),
    ("empty string", reply(""), "llm returned no output"),
    ("blank string", reply("  \n"), "llm returned no output"),
    ("refusal", reply(None, refusal="I can't help"), "llm refused: I can't help"),
    ("refusal wins over content", reply(TEXT, refusal="no"), "llm refused: no"),
    ("truncated", reply(TEXT[:30], truncated=True), "llm output was cut off at the token limit"),
    ("broken json", reply('{"language": "en", '), "llm output is not valid JSON"),
    ("prose", reply("Sure! The route is nano."), "llm output is not valid JSON"),
]


@pytest.mark.parametrize(("label", "given", "reason"), FAULTS, ids=[row[0] for row in FAULTS])
def test_faults_that_are_not_worth_a_reask(label: str, given: Reply, reason: str) -> None:
    """No output, refusals, truncation and unparseable text are faults, not validation errors."""
    with pytest.raises(LLMFault) as excinfo:
        read_answer(given)
    assert excinfo.value.reason.startswith(reason)


# (label, payload, a fragment of one error line)
INVALID: list[tuple[str, Any, str]] = [
    ("unknown route", {**VALID, "route": "midjourney"}, "route: Input should be"),
    ("missing field", {k: v for k, v in VALID.items() if k != "confidence"}, "confidence: Field required"),
    ("extra field", {**VALID, "mood": "happy"}, "mood: Extra inputs are not permitted"),
    ("rule out of range", {**VALID, "rule": 13}, "rule: Input should be less than or equal to 12"),
    (
        "confidence above 1",
        {**VALID, "confidence": 1.5},
        "confidence: Input should be less than or equal to 1",
    ),
    ("bad script", {**VALID, "target_script": "Klingon"}, "target_script: Input should be"),
    (
        "bad nested script",
        {**VALID, "quoted_text": [{"text": "a", "script": "Elvish"}]},
        "quoted_text.0.script",
    ),
    ("bad edit kind", {**VALID, "edit_kinds": ["teleport"]}, "edit_kinds.0"),
    ("image index 0", {**VALID, "image_roles": [{"index": 0, "role": "x"}]}, "image_roles.0.index"),
    ("num_outputs 9", {**VALID, "num_outputs": 9}, "num_outputs: Input should be less than or equal to 4"),
    ("a list, not an object", [VALID], "(root): expected a JSON object, got list"),
    ("a string, not an object", "just text", "(root): expected a JSON object, got str"),
]


@pytest.mark.parametrize(("label", "payload", "fragment"), INVALID, ids=[row[0] for row in INVALID])
def test_schema_invalid_answers_are_reaskable(label: str, payload: Any, fragment: str) -> None:
    """A schema-invalid answer raises InvalidAnswer with readable error lines and the previous text."""
    text = json.dumps(payload, ensure_ascii=False)
    with pytest.raises(InvalidAnswer) as excinfo:
        read_answer(reply(text))
    assert any(fragment in line for line in excinfo.value.errors), excinfo.value.errors
    assert excinfo.value.previous == text


def test_decoded_args_keep_a_json_copy_as_previous() -> None:
    """Invalid tool arguments are echoed back as JSON text on the re-ask."""
    with pytest.raises(InvalidAnswer) as excinfo:
        read_answer(reply({**VALID, "route": "x"}))
    assert json.loads(excinfo.value.previous)["route"] == "x"


@pytest.mark.parametrize(
    ("a", "b", "total"),
    [(None, None, None), (3, None, 3), (None, 4, 4), (3, 4, 7), (0, 0, 0)],
)
def test_add_tokens(a: int | None, b: int | None, total: int | None) -> None:
    """Unknown counts add nothing; both unknown stays unknown."""
    assert add_tokens(a, b) == total


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("a  b\n c", 20, "a b c"), ("x" * 10, 5, "xxxx…"), ("short", 5, "short")],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    """Reasons are one line, cut with an ellipsis."""
    assert shorten(text, limit) == expected
