"""The eval's terminal summary: plain aligned text, printed after every run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from .judge import JUDGE_LABELS, JudgeSummary
from .metrics import CheckSummary
from .runner import EvalReport

__all__ = ["format_summary"]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Columns padded to their widest cell: the first (a name) left-aligned, the numbers right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return (indent + "  ".join([first, *rest])).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def _checks_table(title: str, summary: CheckSummary) -> list[str]:
    if not summary.by_name:
        return [f"  {title}: none applied"]
    rows = [[name, f"{rate.passed}/{rate.n}", _pct(rate.rate)] for name, rate in summary.by_name.items()]
    rows.append(["all", f"{summary.passed}/{summary.n}", _pct(summary.rate)])
    return _table([title, "passed", "rate"], rows)


# The terminal shows this many of the judge's worst cases; the JSON and HTML keep all of them.
WORST_SHOWN: Final = 10


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _judge_lines(judge: JudgeSummary) -> list[str]:
    labels = judge.labels.model_dump()
    asked = judge.judged + judge.errors
    lines = [
        f"  judge {judge.model} (rubric {judge.prompt_hash}): {judge.judged} judged, "
        f"{judge.errors} judge errors" + (f", {judge.skipped} skipped (no prompt)" if judge.skipped else ""),
        "  "
        + "   ".join(f"{label} {labels[label]}" for label in JUDGE_LABELS)
        + f"   ok rate {judge.labels.ok}/{asked} {_pct(judge.ok_rate)}",
        f"  mean scores: fidelity {_score(judge.mean.fidelity)}   tip adherence "
        f"{_score(judge.mean.tip_adherence)}   fluency {_score(judge.mean.fluency)}",
    ]
    if judge.by_route:
        rows = [
            [route, *(str(getattr(counts, label)) for label in JUDGE_LABELS)]
            for route, counts in judge.by_route.items()
        ]
        lines += _table(["judged route", *JUDGE_LABELS], rows)
    cost = f", cost ${judge.cost_usd:.4f}" if judge.cost_usd is not None else " (no price known: tokens only)"
    lines.append(
        f"  judge usage: {judge.calls} calls, {judge.total_tokens} tokens "
        f"({judge.prompt_tokens} prompt + {judge.completion_tokens} completion){cost}; "
        f"latency per case p50 {judge.latency_ms.p50 / 1000:.1f} s, p95 {judge.latency_ms.p95 / 1000:.1f} s"
    )
    lines += [f"  judge error: {example}" for example in judge.error_examples]
    if judge.worst:
        not_ok = judge.judged - judge.labels.ok
        lines.append(f"  worst cases ({min(len(judge.worst), WORST_SHOWN)} of {not_ok} not ok):")
        lines += [
            f"    {case.label:<9}  {case.id}  {case.route or 'error'}  fidelity {case.fidelity:.2f}  "
            + case.reason
            for case in judge.worst[:WORST_SHOWN]
        ]
    return lines


def format_summary(report: EvalReport) -> str:
    """A compact, aligned text summary of a run (what a person reads in the terminal)."""
    low, high = report.accuracy_ci95
    lines = [
        f"Routing eval: {report.dataset} | {report.n} cases | classifier {report.classifier}"
        + (f" | prompt {report.prompt_hash}" if report.prompt_hash else ""),
        f"  accuracy {_pct(report.accuracy)} ({report.correct}/{report.n}, 95% CI {_pct(low)}-{_pct(high)})"
        f"   macro-F1 {report.macro_f1:.3f}"
        + (f"   failed to plan: {report.errors}" if report.errors else ""),
        "",
    ]
    route_rows = [
        [route, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support)]
        for route, s in report.per_route.items()
    ]
    lines += _table(["route", "precision", "recall", "F1", "support"], route_rows)
    lines.append("")
    lang_rows = [[lang, str(s.n), str(s.correct), _pct(s.accuracy)] for lang, s in report.by_lang.items()]
    lines += _table(["language", "n", "correct", "accuracy"], lang_rows)
    lines.append("")
    lines += _checks_table("extraction check", report.checks)
    lines.append("")
    lines += _checks_table("prompting tip", report.tips)
    lines.append("")
    lines += _checks_table("fidelity check", report.fidelity)
    faithful = report.fidelity_cases
    lines.append(
        f"  faithful prompts (every fidelity check): {faithful.passed}/{faithful.n} {_pct(faithful.rate)}"
    )
    for title, rates in (("route", report.fidelity_by_route), ("language", report.fidelity_by_lang)):
        cells = [f"{name} {rate.passed}/{rate.n}" for name, rate in rates.items()]
        lines.append(f"  faithful by {title}: " + ", ".join(cells))
    lines.append("")
    latency = report.latency_ms
    lines.append(
        f"  latency per plan: p50 {latency.p50:.2f} ms   p95 {latency.p95:.2f} ms   max {latency.max:.2f} ms"
    )
    llm = report.llm
    lines.append(
        f"  LLM: {llm.calls} calls, {llm.fallbacks} fallbacks to rules, {llm.total_tokens} tokens "
        f"({llm.prompt_tokens} prompt + {llm.completion_tokens} completion)"
        + (f", models {', '.join(llm.models)}" if llm.models else "")
    )
    if report.judge is not None:
        lines.append("")
        lines += _judge_lines(report.judge)
    if report.by_tag:
        lines.append(f"  by tag ({len(report.by_tag)} tags): see --report or --json")
    return "\n".join(lines)
