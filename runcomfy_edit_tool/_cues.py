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
    """A fast test for the literals a match must contain, per alternative: no literal, no search.

    A cue alternation tries hundreds of words at every position. Most texts contain none of them: a
    set lookup of each literal's first characters among the text's n-grams rules them out at C speed,
    and only the literals whose start is present are searched for. A cue split into its top-level
    alternatives (one per language, say) learns which of them can match, and searches only those.
    """

    __slots__ = ("_always", "_by_gram", "_starts")

    def __init__(self, required: list[set[str] | None]) -> None:
        by_gram: dict[str, list[tuple[str, int]]] = {}
        always = 0
        for index, literals in enumerate(required):
            if literals is None:
                always |= 1 << index  # an alternative without a required literal is always searched
                continue
            for literal in sorted(literals):
                by_gram.setdefault(literal[:_GRAM], []).append((literal, index))
        self._always = always
        self._by_gram = {gram: tuple(literals) for gram, literals in by_gram.items()}
        self._starts = frozenset(self._by_gram)

    def candidates(self, low: str, pos: int, end: int) -> int:
        """The alternatives (a bit mask) whose required literal occurs in `low[pos:end]`."""
        found = self._always
        for gram in self._starts.intersection(_grams(low)):
            for literal, index in self._by_gram[gram]:
                bit = 1 << index
                if not found & bit and low.find(literal, pos, end) >= 0:
                    found |= bit
        return found


# A backreference or a conditional ties one alternative to a group of another; global flags apply to
# all: such patterns are searched whole.
_UNSPLITTABLE: Final = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|^\(\?[aiLmsux]+\)")


def _syntax(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each character of the pattern outside escapes and character classes, with the group depth
    after it: what "|" and "(…)" mean there is syntax, not a literal."""
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        ch = pattern[index]
        if ch == "\\":
            index += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            index += 1
            # "[]…]" and "[^]…]": a "]" right after the opening is a literal.
            index += pattern.startswith("^", index)
            index += pattern.startswith("]", index)
            continue
        else:
            depth += (ch == "(") - (ch == ")")
            yield index, ch, depth
        index += 1


def _alternatives(pattern: str) -> list[str]:
    """The pattern's top-level alternatives, a group that encloses a whole one opened up:
    "(?:a|b)|c(?:d|e)" gives a, b and c(?:d|e). `A|B` tries A, then B, at each position, so searching
    each alternative and taking the leftmost (the first on a tie) finds where the whole would."""
    bars = [index for index, ch, depth in _syntax(pattern) if ch == "|" and depth == 0]
    if not bars:
        inner = _enclosed(pattern)
        return [pattern] if inner is None else _alternatives(inner)
    bounds = zip([-1, *bars], [*bars, len(pattern)], strict=True)
    return [alt for lo, hi in bounds for alt in _alternatives(pattern[lo + 1 : hi])]


def _enclosed(pattern: str) -> str | None:
    """The inside of "(?:…)" when that one group is the whole pattern, else None."""
    if not pattern.startswith("(?:") or not pattern.endswith(")"):
        return None
    closes = next((index for index, ch, depth in _syntax(pattern) if ch == ")" and depth == 0), None)
    return pattern[3:-1] if closes == len(pattern) - 1 else None


class _Plan:
    """How a cue is searched: its alternatives (compiled apart when there are several) and their prefilter."""

    __slots__ = ("parts", "prefilter")

    def __init__(self, pattern: str) -> None:
        self.parts: tuple[re.Pattern[str], ...] = ()
        self.prefilter: _Prefilter | None = None
        try:
            parser, constants = (
                importlib.import_module("re._parser"),
                importlib.import_module("re._constants"),
            )
        except ImportError:
            return
        alternatives = [pattern] if _UNSPLITTABLE.search(pattern) else _alternatives(pattern)
        try:
            if len(alternatives) > 1:
                self.parts = tuple(re.compile(alt, re.UNICODE) for alt in alternatives)
            required = [_required(parser.parse(alt).data, constants) or None for alt in alternatives]
        except (AttributeError, TypeError, re.error):
            # An alternative that does not stand alone (or a parser this module cannot read): the whole
            # pattern, unfiltered.
            self.parts = ()
            return
        if any(literals is not None for literals in required):
            self.prefilter = _Prefilter(required)


class Cue:
    """A pattern matched on lower-cased text: `re.Pattern`'s methods, ignoring case."""

    __slots__ = ("_plan", "_re")

    def __init__(self, pattern: str) -> None:
        self._re = re.compile(_lower_pattern(pattern), re.UNICODE)
        # Splitting and prefiltering parse the pattern (tens of ms for a big table): done on first use,
        # not at import, so start-up and commands that never classify don't pay for it.
        self._plan: _Plan | None = None

    @property
    def pattern(self) -> str:
        """The compiled (lower-case) pattern text."""
        return self._re.pattern

    def _read(self, text: str, pos: int, endpos: int | None) -> tuple[str, int, int]:
        """The lowered text, the end of the span to read, and the alternatives that may match there
        (a bit mask; 0: none can)."""
        plan = self._plan
        if plan is None:
            plan = self._plan = _Plan(self._re.pattern)
        low = lower(text)
        end = len(low) if endpos is None else endpos
        pre = plan.prefilter
        return low, end, -1 if pre is None else pre.candidates(low, pos, end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `re.Pattern.search`, ignoring case."""
        low, end, candidates = self._read(text, pos, endpos)
        if not candidates:
            return None
        parts = self._plan.parts if self._plan is not None else ()
        if not parts:
            return self._re.search(low, pos, end)
        # The leftmost start among the alternatives that may match; the whole pattern matched there
        # gives the very match (span, groups) its own search would: nothing matches further left.
        first = -1
        for index, part in enumerate(parts):
            if candidates >> index & 1:
                found = part.search(low, pos, end)
                if found is not None and (first < 0 or found.start() < first):
                    first = found.start()
                    if first == pos:
                        break
        return None if first < 0 else self._re.match(low, first, end)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `re.Pattern.match`, ignoring case."""
        low, end, candidates = self._read(text, pos, endpos)
        return self._re.match(low, pos, end) if candidates else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """Like `re.Pattern.finditer`, ignoring case."""
        low, end, candidates = self._read(text, pos, endpos)
        return self._re.finditer(low, pos, end) if candidates else iter(())

    def sub(self, repl: str, text: str) -> str:
        """Like `re.Pattern.sub` on the lower-cased text."""
        low, _, candidates = self._read(text, 0, None)
        return self._re.sub(repl, low) if candidates else low

    def split(self, text: str) -> list[str]:
        """Like `re.Pattern.split` on the lower-cased text."""
        low, _, candidates = self._read(text, 0, None)
        return self._re.split(low) if candidates else [low]
