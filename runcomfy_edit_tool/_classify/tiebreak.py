"""The learned tie-breaker between rule 11 (one local change → flux) and rule 12 (default → nano).

The cue tables decide everything they can name: a mask, image counts, roles, in-image text, layout,
background, removals, positions, variants. What is left — one image, no such cue — is the one
decision a keyword list generalises worst: is "mettigli una cravatta bordeaux" one precise change,
or is "fai qualcosa, è piatta" a vague ask? Across 18 languages that is a question of wording, not of
a few keywords, so a small logistic regression over character n-grams of the change text (plus the
rules' own reading: edit kinds, clause count) answers it.

It is data, not code: `tiebreak.json`, trained by `scripts/train_tiebreak.py` on the development
sets only (never on a set kept blind), deterministic, a few hundred kilobytes, read once. Inference is
dictionary lookups: no numpy, no network.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from importlib.resources import files
from typing import Final

from .._intent import EditIntent
from .text import without_quotes

__all__ = ["MODEL_FILE", "features", "local_probability", "normalise"]

MODEL_FILE: Final = "tiebreak.json"
_SPACES: Final = re.compile(r"\s+")
_DIGITS: Final = re.compile(r"\d")
_WORD: Final = re.compile(r"\w+", re.UNICODE)
# Character n-grams from 1 to 3 (with the words themselves for the longer stems): short enough for
# CJK words, which have no spaces to split on (2-4 was no better on any held-out set, worse on one).
_NGRAMS: Final = (1, 2, 3)


def normalise(text: str) -> str:
    """The change text as the model reads it: quotes blanked, lower case, digits as 0, one space."""
    text = _DIGITS.sub("0", without_quotes(text).lower())
    return " " + _SPACES.sub(" ", text).strip() + " "


def features(intent: EditIntent, *, compound: bool) -> list[str]:
    """The sparse binary features of one request (names only; each present feature has value 1)."""
    return sorted(_feature_set(intent, compound=compound))


def _feature_set(intent: EditIntent, *, compound: bool) -> set[str]:
    text = normalise(intent.change)
    out: list[str] = [f"k:{kind}" for kind in intent.edit_kinds]
    out.append(f"compound:{compound}")
    out.append(f"lang:{intent.language}")
    out.append(f"preserve:{bool(intent.preserve)}")
    words = _WORD.findall(text)
    out.append(f"len:{min(len(words), 24) // 4}")
    out.extend(f"w:{word}" for word in words)
    for n in _NGRAMS:
        out.extend(["c:" + text[i : i + n] for i in range(len(text) - n + 1)])
    return set(out)


@functools.cache
def _model() -> tuple[float, dict[str, float]]:
    raw = json.loads(files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    return float(raw["bias"]), {str(k): float(v) for k, v in raw["weights"].items()}


def local_probability(intent: EditIntent, *, compound: bool) -> float:
    """P(the request is one local change, rule 11) for a request that rules 1-10 left undecided."""
    bias, weights = _model()
    z = bias + sum(map(weights.get, _feature_set(intent, compound=compound), itertools.repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
