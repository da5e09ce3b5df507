"""The one sanitizer for foreign text: escapes and controls stripped, URL credentials masked, figures."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runcomfy_edit_tool._sanitize import (
    clean,
    human_bytes,
    human_seconds,
    json_for_terminal,
    redact_urls,
    safe_text,
)

ESC = "\x1b"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"{ESC}]0;pwned{ESC}\\in_queue", "in_queue"),  # OSC title set, ST-terminated
        (f"{ESC}]8;;https://evil.example\x07click{ESC}]8;;\x07", "click"),  # OSC 8 hyperlink, BEL
        (f"{ESC}]52;c;cGF5bG9hZA==\x07done", "done"),  # OSC 52: write to the clipboard
        (f"{ESC}]0;unterminated title", ""),  # an OSC never closed swallows the rest
        (f"{ESC}[31mred{ESC}[0m", "red"),  # CSI colour
        (f"{ESC}[2J{ESC}[Hcleared", "cleared"),  # clear screen, cursor home
        (f"{ESC}[?1049h", ""),  # alternate screen
        (f"{ESC}Pq#0;2;0;0;0{ESC}\\sixel", "sixel"),  # DCS
        (f"{ESC}_apc{ESC}\\x", "x"),  # APC
        (f"{ESC}c", ""),  # full reset (two-byte ESC sequence)
        (f"{ESC}(B", ""),  # charset designation
        ("\x9b31mC1 CSI", "C1 CSI"),  # 8-bit CSI
        ("\x9d0;title\x9cafter", "after"),  # 8-bit OSC ended by 8-bit ST
        ("a\x00b\x07c\x08d\x7fe", "abcde"),  # NUL, BEL, BS, DEL
        ("line one\nline two\r\nthree\tfour", "line one line two three four"),
        ("abc\u202edcba", "abcdcba"),  # right-to-left override
        ("\u2066isolate\u2069", "isolate"),
        ("succeeded", "succeeded"),
        ("見出しを「夏のセール」に", "見出しを「夏のセール」に"),  # text stays text
        ("مرحبا", "مرحبا"),
    ],
)
def test_clean_strips_escape_sequences_and_controls(raw: str, expected: str) -> None:
    """Every escape-sequence family and control character goes; printable text of any script stays."""
    assert clean(raw) == expected


@given(st.text())
def test_clean_never_leaves_a_control_character(text: str) -> None:
    """Whatever the input, the output has no ESC, no C0/C1 control and no line break."""
    out = clean(text, None)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)


def test_clean_cuts_long_text() -> None:
    """A 100 KB server string is cut to the limit, with an ellipsis."""
    out = clean("x" * 100_000, 50)
    assert len(out) == 50
    assert out.endswith("…")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://user:pass@host.example/v1", "https://***@host.example/v1"),
        ("http://sk-abc123@127.0.0.1:8080/v1", "http://***@127.0.0.1:8080/v1"),
        (
            "see https://a:b@x.example/p and https://c@y.example/",
            "see https://***@x.example/p and https://***@y.example/",
        ),
        ("https://x.example/v1?api_key=sk-secret&model=m", "https://x.example/v1?api_key=***&model=m"),
        ("https://x.example/v1?key=abc", "https://x.example/v1?key=***"),
        (
            "https://x.example/f.png?X-Amz-Signature=deadbeef&x=1",
            "https://x.example/f.png?X-Amz-Signature=***&x=1",
        ),
        ("https://x.example/?access_token=t#frag", "https://x.example/?access_token=***#frag"),
        ("https://x.example/a@b.png", "https://x.example/a@b.png"),  # an @ in the path is not userinfo
        ("mail me at a@b.example", "mail me at a@b.example"),
        ("https://x.example/?page=2", "https://x.example/?page=2"),
    ],
)
def test_redact_urls_masks_credentials_only(raw: str, expected: str) -> None:
    """User info and key-like query values are masked; the rest of the URL stays readable."""
    assert redact_urls(raw) == expected


def test_safe_text_redacts_and_cleans() -> None:
    """`safe_text` is both: no credentials and no escapes in one pass."""
    assert safe_text(f"{ESC}[31mhttps://u:p@h.example/{ESC}[0m") == "https://***@h.example/"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.05, "0.05 s"),
        (1.0, "1 s"),
        (3, "3 s"),
        (45, "45 s"),
        (125, "2 min 5 s"),
        (3600, "60 min"),
        (5400, "90 min"),
        (3 * 3600, "3.0 h"),
        (2.29981e9, "26,618 days"),
        (float("inf"), "forever"),
        (float("nan"), "forever"),
        (-5, "0 s"),
    ],
)
def test_human_seconds(seconds: float, text: str) -> None:
    """Durations read like a person would say them; never 'inf s' or '2.29981e+09 s'."""
    assert human_seconds(seconds) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 bytes"),
        (512, "512 bytes"),
        (1536, "1.5 KiB"),
        (2 * 1024**3, "2 GiB"),
        (1024**5, "1 PiB"),
        (float("inf"), "unlimited"),
    ],
)
def test_human_bytes(count: float, text: str) -> None:
    """Sizes in binary units with three significant digits."""
    assert human_bytes(count) == text


@given(st.dictionaries(st.text(), st.text()))
def test_json_for_terminal_keeps_the_data(data: dict[str, str]) -> None:
    """Escaping C1 and bidi controls changes the bytes, never the parsed data."""
    text = json_for_terminal(json.dumps(data, ensure_ascii=False))
    assert json.loads(text) == data
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066" for c in text)
