"""The HTML report, the terminal summary and the atomic writer behind --json/--report."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from _eval_fakes import FakeRouter, case_row, llm_info, make_plan

from runcomfy_edit_tool import _atomic
from runcomfy_edit_tool._atomic import write_text_atomic
from runcomfy_edit_tool._evals.dataset import EvalCase
from runcomfy_edit_tool._evals.report import render_html
from runcomfy_edit_tool._evals.runner import EvalReport, run_eval
from runcomfy_edit_tool._evals.summary import format_summary

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=1>'


def _report(all_right: bool = False) -> EvalReport:
    rows = [
        case_row("ok-1", "beach background", "nano-banana-edit", lang="en", tags=["background"]),
        case_row("bad-1", HOSTILE, "flux-kontext-pro", lang="ja", tags=["<b>tag</b>"]),
        case_row("err-1", "boom", "gpt-image-2-edit", lang="zh", tags=["hard"]),
    ]
    wrong_route = "flux-kontext-pro" if all_right else "nano-banana-edit"
    router = FakeRouter(
        {
            "beach background": make_plan("nano-banana-edit", llm=llm_info(), classifier="llm"),
            HOSTILE: make_plan(wrong_route, prompt="Make it </pre> brighter.", reasons=["rule 12 <default>"]),
            "boom": make_plan("gpt-image-2-edit") if all_right else ValueError("<boom>"),
        }
    )
    cases = [EvalCase.model_validate(row) for row in rows]
    return run_eval(router, cases, classifier="llm", dataset="<set>.jsonl")


def test_report_is_self_contained() -> None:
    """The page loads nothing: no scripts, no external stylesheets, images or fonts."""
    page = render_html(_report())
    assert page.startswith("<!doctype html>")
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.IGNORECASE)
    assert "@import" not in page
    assert "url(" not in page


def test_report_escapes_all_user_text() -> None:
    """Requests, tags, reasons, prompts, errors and the dataset name are HTML-escaped."""
    page = render_html(_report())
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=1&gt;" in page
    assert "&lt;b&gt;tag&lt;/b&gt;" in page
    assert "rule 12 &lt;default&gt;" in page
    assert "Make it &lt;/pre&gt; brighter." in page
    assert "ValueError: &lt;boom&gt;" in page
    assert "&lt;set&gt;.jsonl" in page
    assert "<img" not in page


def test_report_shows_the_sections_people_read() -> None:
    """Header numbers, heat map with an error column, route bars, slices, checks and misrouted cases."""
    report = _report()
    page = render_html(report)
    for heading in (
        "Confusion matrix",
        "Per route",
        "By language",
        "By tag",
        "Extraction checks",
        "Prompting-tip compliance",
        "Misrouted cases (2)",
    ):
        assert heading in page
    assert "33.3%" in page  # accuracy 1/3
    assert "abc123" in page  # prompt hash
    assert 'class="cell diag"' in page
    assert ">error</span></th>" in page  # one case failed, so the matrix gains its error column
    assert 'title="expected flux-kontext-pro, predicted nano-banana-edit: 1 of 1"' in page


def test_heat_map_colour_follows_row_share() -> None:
    """A full-row wrong cell is strong red with white text; an empty cell is neutral."""
    page = render_html(_report())
    wrong_cell = re.search(
        r'<td class="cell" style="background:([^;]+);color:([^"]+)" '
        r'title="expected flux-kontext-pro, predicted nano',
        page,
    )
    assert wrong_cell is not None
    assert wrong_cell.group(2) == "#ffffff"
    assert 'style="background:#f8fafc;color:#94a3b8"' in page


def test_report_lists_prompts_that_missed_checks_or_tips() -> None:
    """Planned cases whose prompt failed a check or tip are listed with what they missed."""
    page = render_html(_report())
    assert "Prompts that missed a check or tip (1)" in page
    assert '<span class="fail">tip: preservation_first</span>' in page


def test_report_when_everything_is_right() -> None:
    """With no misrouted case the page says so and the matrix is plain 4×4."""
    page = render_html(_report(all_right=True))
    assert "Every case was routed as expected." in page
    assert ">error</span></th>" not in page


def test_summary_is_aligned_text() -> None:
    """The terminal summary shows accuracy ± CI, routes, languages, checks, tips, latency and LLM use."""
    text = format_summary(_report())
    assert "accuracy 33.3% (1/3, 95% CI" in text
    assert "failed to plan: 1" in text
    assert "prompt abc123" in text
    route_lines = [line for line in text.splitlines() if line.strip().startswith(("route ", "nano-", "gpt-"))]
    # Right-aligned numeric columns end at the same position on every row.
    assert len({len(line) for line in route_lines}) == 1
    for fragment in (
        "language",
        "extraction check",
        "prompting tip",
        "latency per plan: p50",
        "LLM: 1 calls",
    ):
        assert fragment in text


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    """The target gets the new text in full, with normal permissions, and no temp file remains."""
    target = tmp_path / "r.json"
    target.write_text("old")
    write_text_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_atomic_write_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the rename fails the old file is untouched and the temp file is removed."""
    target = tmp_path / "r.json"
    target.write_text("old")

    def fail(src: str, dst: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_atomic.os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
