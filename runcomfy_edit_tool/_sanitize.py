"""The one sanitizer for text this package did not write: server answers, LLM text, URLs in messages.

- `clean` removes terminal control: escape sequences (CSI, OSC, DCS …, 7- and 8-bit), every other
  C0/C1 control character and the bidirectional overrides that reorder what a reader sees. Line
  breaks and tabs become spaces, so a message stays one line. Applied to every server-supplied
  string before it is printed, terminal or not (a log file is read in a terminal later).
- `redact_urls` masks credentials inside URLs: the ``user:pass@`` part and the values of query
  parameters named like a key (``api_key=…``, ``token=…``, ``sig=…``).
- `safe_text` is both, for any message that may carry either.
- `human_seconds` / `human_bytes` print figures a person can read (never ``inf``, ``nan`` or ``2.3e+09``).
"""

from __future__ import annotations

import math
import re
from typing import Final

__all__ = [
    "MAX_SHOWN_CHARS",
    "clean",
    "human_bytes",
    "human_seconds",
    "json_for_terminal",
    "redact_urls",
    "safe_text",
]

# A server string quoted in a message is cut here: an id or a status is never legitimately longer.
MAX_SHOWN_CHARS: Final = 200

# Escape sequences: OSC/DCS/SOS/PM/APC strings (ended by BEL or ST, or by the end of the text),
# CSI sequences, two-byte ESC sequences; and their 8-bit (C1) forms.
_ESCAPE: Final = re.compile(
    r"""
      (?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f]) [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?
    | (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]?
    | \x1b [ -/]* [0-~]?
    """,
    re.VERBOSE,
)
# Whatever control is left after the sequences: C0 (but tab/newline/CR, which become spaces), DEL,
# C1, and the bidi embeddings/overrides/isolates (U+202A-202E, U+2066-2069).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK: Final = re.compile(r"[\t\n\r\u2028\u2029\x85]+")

# What json.dumps(ensure_ascii=False) leaves raw but a terminal would act on: DEL, C1, bidi controls.
_JSON_UNSAFE: Final = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_USERINFO: Final = re.compile(r"(?i)([a-z][a-z0-9+.\-]*://)[^/?#\s@]*@")
_SECRET_PARAM: Final = re.compile(
    r"(?i)([?&;](?:[a-z0-9_\-]*(?:key|token|secret|password|passwd|pwd|sig|signature|auth|credential)"
    r"[a-z0-9_\-]*)=)[^&#\s]*"
)


def clean(text: str, limit: int | None = MAX_SHOWN_CHARS) -> str:
    """`text` without escape sequences or control characters, on one line, cut at `limit` characters."""
    text = _ESCAPE.sub("", text)
    text = _LINE_BREAK.sub(" ", text)
    text = _CONTROL.sub("", text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def redact_urls(text: str) -> str:
    """`text` with the credentials of every URL in it masked (``https://***@host/?key=***``)."""
    return _SECRET_PARAM.sub(r"\1***", _USERINFO.sub(r"\1***@", text))


def safe_text(text: str, limit: int | None = None) -> str:
    """`clean` then `redact_urls`: what every message built from foreign text goes through."""
    return redact_urls(clean(text, limit))


def json_for_terminal(text: str) -> str:
    """JSON text written with ``ensure_ascii=False``, terminal controls as ``\\u``-escapes (``\\u009b``).

    The data is unchanged (a JSON parser reads the same strings back); only the bytes a terminal
    would interpret are spelled as escapes. C0 controls are already escaped by `json.dumps`.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def human_seconds(seconds: float) -> str:
    """``0.5 s``, ``3 s``, ``2 min 5 s``, ``3.2 h``, ``12 days``; ``forever`` for inf/nan."""
    if not math.isfinite(seconds):
        return "forever"
    seconds = max(0.0, seconds)
    if seconds < 10:
        return f"{seconds:.3g} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    days = seconds / 86400
    return f"{days:,.0f} days"


def human_bytes(count: float) -> str:
    """``512 bytes``, ``1.5 KiB``, ``2 GiB``, with the exact count kept for anything under 1 KiB."""
    if not math.isfinite(count):
        return "unlimited"
    if count < 1024:
        return f"{int(count)} bytes"
    for unit in ("KiB", "MiB", "GiB", "TiB", "PiB"):
        count /= 1024
        if count < 1024:
            return f"{count:.3g} {unit}"
    return f"{count:,.0f} PiB"
