"""`Cue`: case-insensitive cue matching by lowering the text, same answers and offsets as re.IGNORECASE."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _all_cues() -> list[Cue]:
    from runcomfy_edit_tool import _mentions
    from runcomfy_edit_tool._classify import clauses, lexicon

    return [
        value
        for module in (lexicon, clauses, _mentions)
        for value in vars(module).values()
        if isinstance(value, Cue)
    ]


_CUES = _all_cues()
_EVALS = Path(__file__).resolve().parents[2] / "evals"
_REQUESTS = [
    json.loads(line)["request"]
    for name in ("blind16-2026-12.jsonl", "holdout.jsonl")
    for line in (_EVALS / name).read_text(encoding="utf-8").splitlines()
]


def _unfiltered(cue: Cue, text: str, pos: int = 0) -> tuple[int, int] | None:
    found = re.compile(cue.pattern).search(lower(text), pos)
    return None if found is None else found.span()


def _filtered(cue: Cue, text: str, pos: int = 0) -> tuple[int, int] | None:
    found = cue.search(text, pos)
    return None if found is None else found.span()


@pytest.mark.parametrize("cue", _CUES, ids=lambda cue: cue.pattern[:40])
def test_prefilter_never_hides_a_match_in_real_requests(cue: Cue) -> None:
    """Every lexicon cue finds what its bare pattern finds in 400+ real requests in 22 languages."""
    assert [_filtered(cue, text) for text in _REQUESTS] == [_unfiltered(cue, text) for text in _REQUESTS]


@settings(max_examples=300, deadline=None)
@given(
    index=st.integers(min_value=0), start=st.integers(min_value=0, max_value=400), size=st.integers(0, 400)
)
def test_prefilter_is_sound_on_slices_after_their_request(index: int, start: int, size: int) -> None:
    """A clause read right after its request (runs borrowed from the request) matches as the bare pattern."""
    request = _REQUESTS[index % len(_REQUESTS)]
    piece = request[start : start + size]
    for cue in _CUES:
        cue.search(request)  # the request's runs are now the recent superset
        assert _filtered(cue, piece) == _unfiltered(cue, piece)
        assert _filtered(cue, request, start) == _unfiltered(cue, request, start)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?:个|种|张)\s*版本", "两个版本"),  # a class of single characters is a required literal
        (r"[pP]\s?掉|去掉", "P掉 the logo"),  # the rarer literal is the one looked for
        (r"(?:\d|two)\s+(?:options|versions)", "give me 3 OPTIONS"),
        (r"\bsky\b|天空", "replace the sky"),
        (r"x", ""),
    ],
)
def test_prefiltered_cue_matches_where_the_pattern_does(pattern: str, text: str) -> None:
    """Prefilters built from classes, mixed scripts and digits never rule a real match out."""
    cue = Cue(pattern)
    assert _filtered(cue, text) == _unfiltered(cue, text)


@pytest.mark.parametrize(
    ("pattern", "alternatives"),
    [
        ("a|b", ["a", "b"]),
        ("(?:a|b)|c(?:d|e)", ["a", "b", "c(?:d|e)"]),
        ("(?:(?:a)|(?:b|c))", ["a", "b", "c"]),
        (r"\b(?:x|y)\b", [r"\b(?:x|y)\b"]),
        ("[|]|a", ["[|]", "a"]),
        ("[]|]x|y", ["[]|]x", "y"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        ("(?:a)?|b", ["(?:a)?", "b"]),
        ("(?:a)(?:b)", ["(?:a)(?:b)"]),
    ],
)
def test_alternatives_are_read_from_the_pattern_text(pattern: str, alternatives: list[str]) -> None:
    """A cue is split at its top-level bars only: not inside classes, escapes or groups it cannot open."""
    from runcomfy_edit_tool._cues import _alternatives

    assert _alternatives(pattern) == alternatives


@pytest.mark.parametrize("cue", _CUES, ids=lambda cue: cue.pattern[:40])
def test_split_search_gives_the_whole_patterns_match(cue: Cue) -> None:
    """Searched alternative by alternative, a cue returns the whole pattern's match: span and groups."""
    whole = re.compile(cue.pattern)
    for text in _REQUESTS:
        ours, theirs = cue.search(text), whole.search(lower(text))
        assert (None if ours is None else (ours.span(), ours.groupdict())) == (
            None if theirs is None else (theirs.span(), theirs.groupdict())
        )
