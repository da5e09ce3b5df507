"""`Cue`: case-insensitive cue matching by lowering the text, same answers and offsets as re.IGNORECASE."""

from __future__ import annotations

import re

import pytest

from runcomfy_edit_tool._cues import Cue, lower


@pytest.mark.parametrize("text", ["İstanbul'da", "STRASSE ß", "ǅungla", "Ärmel LINKS", "BACKGROUND 背景", ""])
def test_lower_keeps_the_length(text: str) -> None:
    """Offsets into the lowered text are offsets into the caller's text."""
    assert len(lower(text)) == len(text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\b(?:background|sky)\b", "Replace the BACKGROUND with a Beach"),
        (r"\b(?:hintergrund\w*)\b", "Den HINTERGRUNDBILD bitte"),
        (r"(?:фон\w*)", "Замени ФОН на пляж"),
        (r"\bİkinci\b|\bikinci\b", "İkinci fotoğraftaki köpek"),
        (r"(?P<n>\d+)\s*IMAGES?", "use 3 Images"),
        (r"\bCTA\b", "move the cta button"),
        (r"[A-Z]{2}\S*", "ok ZZtop"),
    ],
)
def test_cue_answers_like_ignorecase(pattern: str, text: str) -> None:
    """Same match span and groups as the IGNORECASE pattern on the original text."""
    ours, theirs = Cue(pattern).search(text), re.compile(pattern, re.IGNORECASE).search(text)
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert ours.span() == theirs.span()
        assert ours.groupdict().keys() == theirs.groupdict().keys()


def test_escapes_keep_their_meaning() -> None:
    """\\S, \\W and \\D are not lowered into \\s, \\w and \\d."""
    assert Cue(r"a\Sb").search("A-B") is not None
    assert Cue(r"a\Sb").search("a b") is None
    assert Cue(r"x\Dy").search("X_Y") is not None
