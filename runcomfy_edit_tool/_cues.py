"""Cue patterns matched without regard to case, fast: the text is lowered, not every comparison.

Case-insensitive matching makes Python's regex engine fold every character it compares; on the cue
alternations of hundreds of words in many languages that doubled the classifier's time. A `Cue` lowers
its pattern's literals once and the text once per call instead. `lower` keeps the length, so match
offsets are offsets into the caller's text; `sub` and `split` return lower-case text, which only ever
feeds further matching.
"""

from __future__ import annotations

import functools
import importlib
import operator
import re
from collections.abc import Iterator
from typing import Any, Final

__all__ = ["Cue", "lower"]


# One request is lowered by dozens of cues in a row: the last few results are kept.
@functools.lru_cache(maxsize=64)
def lower(text: str) -> str:
    """`text` in lower case, same length (offsets stay valid): "İ" becomes "i", not "i̇"."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[:1] or c for c in text)


def _lower_pattern(pattern: str) -> str:
    """The pattern's literals in lower case; escapes (\\S, \\W, \\u00C0 …) untouched."""
    out: list[str] = []
    escaped = False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")  # named groups keep their syntax


def _required(items: Any, c: Any) -> set[str] | None:
    """Strings one of which every match of the parsed sequence `items` contains, or None if unknown."""
    options: list[set[str]] = []
    run = ""
    for op, arg in items:
        if op is c.LITERAL:
            run += chr(arg)
            continue
        if run:
            options.append({run})
            run = ""
        found: set[str] | None = None
        if op is c.SUBPATTERN:
            found = _required(arg[3].data, c)
        elif op is c.BRANCH:
            branches = [_required(branch.data, c) for branch in arg[1]]
            if all(branches):
                found = set().union(*(b for b in branches if b))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            found = _required(arg[2].data, c)
        elif op is c.IN and arg and all(kind is c.LITERAL for kind, _ in arg):
            found = {chr(code) for _, code in arg}  # "(?:个|种|张)" is parsed as the class [个种张]
        if found:
            options.append(found)
    if run:
        options.append({run})
    # The most selective choice: the longest shortest string, then the fewest strings. A letter beyond
    # ASCII counts double: "掉" rules out far more texts than "p".
    return max(options, key=lambda o: (min(map(_weight, o)), -len(o))) if options else None


def _weight(literal: str) -> int:
    """How selective a literal is, roughly: its length, non-ASCII characters counting double."""
    return sum(1 if ch.isascii() else 2 for ch in literal)


# Literals are looked up by their first few characters in the set of the text's character n-grams.
_GRAM: Final = 3  # `_runs` builds runs up to this length


def _runs(low: str) -> frozenset[str]:
    """Every run of one, two and three characters in the (lowered) text (built by `map`: C speed)."""
    pairs = list(map(operator.add, low, low[1:]))
    return frozenset(low).union(pairs, map(operator.add, pairs, low[2:]))


# The texts whose runs were built last, newest first. Cues read a request and then its clauses:
# a clause's runs are a subset of its request's, and a superset is all the prefilter needs.
# A tuple swapped whole, so concurrent readers never see it half-updated.
_RECENT_SIZE: Final = 8
_recent: tuple[tuple[str, frozenset[str]], ...] = ()


def _grams(low: str) -> frozenset[str]:
    """The runs of `low`, or of a recent text that contains it (a superset: sound for a prefilter)."""
    global _recent
    for text, runs in _recent:
        if low in text:
            return runs
    runs = _runs(low)
    _recent = ((low, runs), *_recent[: _RECENT_SIZE - 1])
    return runs


class _Prefilter:
    """A fast test for the literals every match must contain: no literal, no match.

    A cue alternation tries hundreds of words at every position. Most texts contain none of them: a
    set lookup of each literal's first characters among the text's n-grams rules them out at C speed,
    and only the literals whose start is present are searched for.
    """

    __slots__ = ("_by_gram", "_starts")

    def __init__(self, required: set[str]) -> None:
        by_gram: dict[str, list[str]] = {}
        for literal in sorted(required):
            by_gram.setdefault(literal[:_GRAM], []).append(literal)
        self._by_gram = {gram: tuple(literals) for gram, literals in by_gram.items()}
        self._starts = frozenset(self._by_gram)

    def rules_out(self, low: str, pos: int, end: int) -> bool:
        """True when none of the literals occurs in `low[pos:end]`."""
        present = self._starts.intersection(_grams(low))
        return not any(
            low.find(literal, pos, end) >= 0 for gram in present for literal in self._by_gram[gram]
        )


def _prefilter(pattern: str) -> _Prefilter | None:
    """The prefilter of `pattern`, built from the regex parser's tree (a private but stable module);
    a pattern it cannot read, or one without a required literal, simply gets none."""
    try:
        parser, constants = importlib.import_module("re._parser"), importlib.import_module("re._constants")
        required = _required(parser.parse(pattern).data, constants)
    except (ImportError, AttributeError, TypeError, re.error):
        return None
    if not required:
        return None
    return _Prefilter(required)


class Cue:
    """A pattern matched on lower-cased text: `re.Pattern`'s methods, ignoring case."""

    __slots__ = ("_pre", "_re")

    def __init__(self, pattern: str) -> None:
        self._re = re.compile(_lower_pattern(pattern), re.UNICODE)
        # Deriving the prefilter parses the pattern (tens of ms for a big table): done on first use,
        # not at import, so start-up and commands that never classify don't pay for it.
        self._pre: _Prefilter | bool | None = False

    @property
    def pattern(self) -> str:
        """The compiled (lower-case) pattern text."""
        return self._re.pattern

    def _read(self, text: str, pos: int, endpos: int | None) -> tuple[str, int, bool]:
        """The lowered text, the end of the span to read, and whether the prefilter rules a match out."""
        if self._pre is False:
            self._pre = _prefilter(self._re.pattern)
        low = lower(text)
        end = len(low) if endpos is None else endpos
        pre = self._pre
        return low, end, isinstance(pre, _Prefilter) and pre.rules_out(low, pos, end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `re.Pattern.search`, ignoring case."""
        low, end, none = self._read(text, pos, endpos)
        return None if none else self._re.search(low, pos, end)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `re.Pattern.match`, ignoring case."""
        low, end, none = self._read(text, pos, endpos)
        return None if none else self._re.match(low, pos, end)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """Like `re.Pattern.finditer`, ignoring case."""
        low, end, none = self._read(text, pos, endpos)
        return iter(()) if none else self._re.finditer(low, pos, end)

    def sub(self, repl: str, text: str) -> str:
        """Like `re.Pattern.sub` on the lower-cased text."""
        low, _, none = self._read(text, 0, None)
        return low if none else self._re.sub(repl, low)

    def split(self, text: str) -> list[str]:
        """Like `re.Pattern.split` on the lower-cased text."""
        low, _, none = self._read(text, 0, None)
        return [low] if none else self._re.split(low)
