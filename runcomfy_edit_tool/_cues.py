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
import re
from collections.abc import Iterator
from typing import Any

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
        if found:
            options.append(found)
    if run:
        options.append({run})
    # The most selective choice: the longest shortest string, then the fewest strings.
    return max(options, key=lambda o: (min(map(len, o)), -len(o))) if options else None


def _prefilter(pattern: str) -> re.Pattern[str] | None:
    """A fast search for the literals every match must contain: no literal, no match.

    A cue alternation tries hundreds of words at every position; one alternation of plain strings is
    several times faster and rules most texts out. Built from the regex parser's tree (a private but
    stable module); anything it cannot read simply gets no prefilter.
    """
    try:
        parser, constants = importlib.import_module("re._parser"), importlib.import_module("re._constants")
        required = _required(parser.parse(pattern).data, constants)
    except (ImportError, AttributeError, TypeError, re.error):
        return None
    if not required:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(required, key=len, reverse=True)))


class Cue:
    """A pattern matched on lower-cased text: `re.Pattern`'s methods, ignoring case."""

    __slots__ = ("_pre", "_re")

    def __init__(self, pattern: str) -> None:
        self._re = re.compile(_lower_pattern(pattern), re.UNICODE)
        # Deriving the prefilter parses the pattern (tens of ms for a big table): done on first use,
        # not at import, so start-up and commands that never classify don't pay for it.
        self._pre: re.Pattern[str] | bool | None = False

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
        return low, end, isinstance(pre, re.Pattern) and pre.search(low, pos, end) is None

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
