"""The learned tie-breaker of rules 11 and 12: shipped data, deterministic, used only after rules 1-10."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from runcomfy_edit_tool._classify import ClassifyRequest, RulesClassifier
from runcomfy_edit_tool._classify.rules import extract_intent
from runcomfy_edit_tool._classify.tiebreak import features, local_probability, normalise
from runcomfy_edit_tool._policy import decide_route, reaches_rule_11

ROOT = Path(__file__).resolve().parents[2]
ONE = ("https://cdn.example.com/a.jpg",)


def _classify(text: str, images: tuple[str, ...] = ONE, mask: str | None = None) -> tuple[str, list[str]]:
    result = RulesClassifier().classify(ClassifyRequest(request=text, images=images, mask=mask))
    return result.route, result.reasons


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("mettigli una cravatta bordeaux, grazie mille", "flux-kontext-pro"),
        ("Niech pies ma na szyi niebieską apaszkę", "flux-kontext-pro"),
        ("강아지 목에 빨간 리본 하나 달아주세요 🎀", "flux-kontext-pro"),
        ("she is now holding an orange umbrella and smiling", "flux-kontext-pro"),
        ("make it pop, idk, more premium", "nano-banana-edit"),
        ("turn the whole photo into a watercolour painting", "nano-banana-edit"),
        ("change her top to white and add a red handbag and brighten everything", "nano-banana-edit"),
    ],
)
def test_undecided_requests_are_settled_by_the_wording(text: str, route: str) -> None:
    """One local change goes to flux, a restyle, vague ask or compound edit to nano, in any language."""
    got, reasons = _classify(text)
    assert got == route
    assert any("tie-breaker" in r for r in reasons)


@pytest.mark.parametrize(
    ("text", "images", "mask"),
    [
        ("add a hat", ONE, "https://cdn.example.com/m.png"),
        ("add a hat", (*ONE, "https://cdn.example.com/b.jpg"), None),
        ("use flux: make it pop", ONE, None),
        ("change the headline to 'SALE'", ONE, None),
        ("replace the background with a beach", ONE, None),
        ("give me 3 versions with different hats", ONE, None),
    ],
)
def test_rules_1_to_10_never_reach_the_tie_breaker(
    text: str, images: tuple[str, ...], mask: str | None
) -> None:
    """A mask, several images, a named model, text, background or variants decide first."""
    intent, _, _ = extract_intent(text, len(images))
    assert not reaches_rule_11(intent, n_images=len(images), has_mask=mask is not None)
    _, reasons = _classify(text, images, mask)
    assert not any("tie-breaker" in r for r in reasons)


def test_local_flag_overrides_only_rule_11_versus_12() -> None:
    """`decide_route(local=…)` flips flux/nano at rules 11-12 and changes nothing an earlier rule decides."""
    intent, _, compound = extract_intent("make the mug matte black", 1)
    assert (
        decide_route(intent, n_images=1, has_mask=False, compound=compound, local=False)[0]
        == "nano-banana-edit"
    )
    assert (
        decide_route(intent, n_images=1, has_mask=False, compound=compound, local=True)[0]
        == "flux-kontext-pro"
    )
    masked = decide_route(intent, n_images=1, has_mask=True, compound=compound, local=True)
    assert masked[0] == "z-image-inpaint"


def test_features_are_deterministic_and_ignore_quoted_text() -> None:
    """Same request, same features; quoted text (the text to write) never feeds the decision."""
    a, _, ca = extract_intent("make the mug say 'HELLO THERE' in red", 1)
    b, _, _ = extract_intent("make the mug say 'GOODBYE' in red", 1)
    assert features(a, compound=ca) == features(a, compound=ca)
    assert "hello" not in normalise(a.change)
    assert "goodbye" not in normalise(b.change)
    assert 0.0 <= local_probability(a, compound=ca) <= 1.0


def test_shipped_model_matches_a_fresh_training() -> None:
    """tiebreak.json is exactly what scripts/train_tiebreak.py trains from the development sets today."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_tiebreak.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
