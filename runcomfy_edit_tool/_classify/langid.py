"""Which Latin-script language a request is written in: a small naive-Bayes model shipped as data.

Word lists told Spanish from Portuguese and Italian from English well enough on the sets they were
written for, and fell back to "und" on new phrasing ("Riempi l'area mascherata con un prato…"):
guidance then came in English around the user's Italian. Character trigrams of each word, plus the
words themselves, carry the spelling habits of a language that no list enumerates.

It is data, not code: `langid.json`, trained by `scripts/train_langid.py` on the development sets
only, deterministic, read once. Inference is dictionary lookups. Scripts other than Latin, and the
letters only one language uses (ğ, ą, ơ …), are settled before this model is asked (`text.py`).
"""

from __future__ import annotations

import functools
import json
import re
from importlib.resources import files
from typing import Final

__all__ = ["MIN_MARGIN", "MODEL_FILE", "features", "latin_language"]

MODEL_FILE: Final = "langid.json"
# Below this log-odds margin between the two likeliest languages the text does not say which it is.
MIN_MARGIN: Final = 1.0
_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def features(text: str) -> list[str]:
    """Each word, and the character trigrams of each word with its edges marked (quotes removed first)."""
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        out.append("w:" + word)
        edged = f" {word} "
        out.extend("c:" + edged[i : i + 3] for i in range(len(edged) - 2))
    return out


@functools.cache
def _model() -> tuple[
    tuple[str, ...], tuple[float, ...], tuple[float, ...], dict[str, tuple[tuple[int, float], ...]]
]:
    """Languages, their priors and unseen-feature log-probabilities, and per feature the languages that
    saw it with how much more likely it is there than unseen (sparse: most features belong to one or two)."""
    raw = json.loads(files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    languages = tuple(sorted(raw["languages"]))
    entries = [raw["languages"][lang] for lang in languages]
    unknown = tuple(float(e["unknown"]) for e in entries)
    seen: dict[str, list[tuple[int, float]]] = {}
    for index, entry in enumerate(entries):
        for feature, logp in entry["logp"].items():
            seen.setdefault(str(feature), []).append((index, float(logp) - unknown[index]))
    priors = tuple(float(e["prior"]) for e in entries)
    return languages, priors, unknown, {f: tuple(pairs) for f, pairs in seen.items()}


# Words repeat across requests ("the", "background", "fondo"): each word's score vector is kept.
_WORD_CACHE_SIZE: Final = 8192


@functools.lru_cache(maxsize=_WORD_CACHE_SIZE)
def _word_scores(word: str) -> tuple[float, ...]:
    """Per language, the log-probability of one word's features (the word and its edged trigrams)."""
    _, _, unknown, seen = _model()
    edged = f" {word} "
    feats = ["w:" + word, *("c:" + edged[i : i + 3] for i in range(len(edged) - 2))]
    scores = [len(feats) * unseen for unseen in unknown]
    for feature in feats:
        for index, delta in seen.get(feature, ()):
            scores[index] += delta
    return tuple(scores)


def latin_language(text: str) -> tuple[str, str, float] | None:
    """The likeliest language, the runner-up and the margin between them; None when there are no words."""
    words = _WORD.findall(text.lower())
    if not words:
        return None
    languages, priors, _, _ = _model()
    # Column sums over the words' cached vectors: the per-feature arithmetic is done once per word.
    columns = zip(*map(_word_scores, words), strict=True)
    scores = [prior + sum(column) for prior, column in zip(priors, columns, strict=True)]
    ranked = sorted(range(len(languages)), key=lambda i: (scores[i], languages[i]), reverse=True)
    best, second = ranked[0], ranked[1]
    return languages[best], languages[second], scores[best] - scores[second]
