"""Fidelity checks: each one fails on the defect it names and passes on a faithful prompt."""

from __future__ import annotations

import pytest

from runcomfy_edit_tool._evals.fidelity import added_sentences, fidelity_checks, removable_spans


@pytest.mark.parametrize(
    ("request_text", "prompt", "failed"),
    [
        # Faithful prompts pass everything.
        (
            "run it through flux kontext: make her jacket yellow, keep her face and pose the same",
            "Keep her face and pose the same. Make her jacket yellow.",
            set(),
        ),
        ("把背景换成海滩，保持她的脸不变", "保持她的脸不变。把背景换成海滩。", set()),
        # The old defects, one per row.
        (
            "Keep the subject identity, pose, and clothing unchanged. Convert the background into a neon street.",
            "Keep the subject identity unchanged. Pose, and clothing unchanged. Convert the background into a neon street.",
            {"clauses_whole"},
        ),
        (
            "make it pop, but don't touch the logo or the price",
            "Keep the logo or the price unchanged. Make it pop, but.",
            {"lossless", "no_fragments"},
        ),
        ("保持脸不变，把背景换成海滩", "保持脸不变不变。把背景换成海滩。", {"no_fragments"}),
        (
            "add an orange umbrella in her left hand",
            "Keep everything else unchanged. Add an orange umbrella in her left hand. Apply the change only to the left part of the image.",
            {"scope_has_region"},
        ),
        (
            "make her smile",
            "Keep the subject unchanged. Make her smile. Change the background only.",
            {"background_only_fits"},
        ),
        (
            "change the headline from 'Summer Sale' to 'Winter Sale'",
            "Change the headline from 'Summer Sale' to 'Winter Sale'. Write exactly: \"Summer Sale\" and \"Winter Sale\".",
            {"exact_text_is_new"},
        ),
        (
            "translate 'Summer Sale' into Spanish",
            "Translate 'Summer Sale' into Spanish. Write exactly: \"Summer Sale\".",
            {"exact_text_is_new"},
        ),
        (
            "fix the typo on the menu board: 'Expresso' should read 'Espresso'",
            "Fix the typo on the menu board: 'Expresso' should read 'Espresso'. Write exactly: \"Expresso\".",
            {"exact_text_is_new"},
        ),
        # A Turkish model lead-in is removable in either form of its dotless i ("mısın" / "misin").
        ("Flux ile yapar mısın: sepeti kaldır", "Sepeti kaldır.", set()),
        ("gpt image 2 please, make it brighter", "To make it brighter.", set()),
        ("remove the cables and the lamp", "Remove the cables.", {"lossless"}),
        # A short clause that only picks the model may go whole; a longer one has words of its own.
        ("con kontext pro debería bastar: cámbiale el fondo", "Cámbiale el fondo.", set()),
        ("ممكن تستخدم kontext pro؟ خلّي القبعة زرقاء", "خلّي القبعة زرقاء.", set()),
        (
            "with flux the old barn on the hill gets new paint: make it red",
            "Make it red.",
            {"lossless"},
        ),
        (
            "pasalo por flux kontext: ponle una gorra roja",
            "Pasalo por : ponle una gorra roja.",
            {"no_fragments"},
        ),
    ],
)
def test_checks(request_text: str, prompt: str, failed: set[str]) -> None:
    """Exactly the named checks fail on each prompt."""
    checks, findings = fidelity_checks(request_text, prompt)
    assert {name for name, ok in checks.items() if not ok} == failed, findings


def test_keep_and_drop_labels() -> None:
    """A labelled phrase that went missing fails `keep`; a model name still present fails `drop`."""
    checks, findings = fidelity_checks(
        "use flux: make the mug black, keep the handle",
        "Use flux: make the mug black.",
        keep=["the handle", "the mug"],
        drop=["flux"],
    )
    assert checks["keep"] is False
    assert checks["drop"] is False
    assert {f.text for f in findings if f.check in ("keep", "drop")} == {"the handle", "flux"}


def test_no_prompt_fails_everything() -> None:
    """A case that failed to plan fails every check it would have had."""
    checks, _ = fidelity_checks("make it pop", None, keep=["pop"])
    assert checks
    assert not any(checks.values())


def test_removable_spans_cover_model_lead_ins_only() -> None:
    """A model name and the filler words next to it may be left out; the edit beside it may not."""
    request = "run it through flux kontext: make her jacket yellow"
    spans = removable_spans(request)
    removed = "".join(request[lo:hi] for lo, hi in spans)
    assert "flux kontext" in removed
    assert "run it through" in removed
    assert "jacket" not in removed


def test_added_sentences_are_the_rewriters() -> None:
    """User sentences (even with a model lead-in cut out) are not counted as added guidance."""
    request = "For this poster, could you use nano banana to replace 'A' with 'B'?"
    prompt = "For this poster, could you replace 'A' with 'B'? Write exactly: \"B\"."
    assert added_sentences(request, prompt) == ['Write exactly: "B".']
