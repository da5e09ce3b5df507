"""Cue patterns matched without regard to case, fast: the text is lowered, not every comparison.

Case-insensitive matching makes Python's regex engine fold every character it compares; on the cue
alternations of hundreds of words in many languages that doubled the classifier's time. A `Cue` lowers
its pattern's literals once and the text once per call instead. `lower` keeps the length, so match
offsets are offsets into the caller's text; `sub` and `split` return lower-case text, which only ever
feeds further matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["Cue", "lower"]


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


class Cue:
    """A pattern matched on lower-cased text: `re.Pattern`'s methods, ignoring case."""

    __slots__ = ("_re",)

    def __init__(self, pattern: str) -> None:
        self._re = re.compile(_lower_pattern(pattern), re.UNICODE)

    @property
    def pattern(self) -> str:
        """The compiled (lower-case) pattern text."""
        return self._re.pattern

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `re.Pattern.search`, ignoring case."""
        low = lower(text)
        return self._re.search(low, pos, len(low) if endpos is None else endpos)

    def match(self, text: str) -> re.Match[str] | None:
        """Like `re.Pattern.match`, ignoring case."""
        return self._re.match(lower(text))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Like `re.Pattern.finditer`, ignoring case."""
        return self._re.finditer(lower(text))

    def sub(self, repl: str, text: str) -> str:
        """Like `re.Pattern.sub` on the lower-cased text."""
        return self._re.sub(repl, lower(text))

    def split(self, text: str) -> list[str]:
        """Like `re.Pattern.split` on the lower-cased text."""
        return self._re.split(lower(text))
