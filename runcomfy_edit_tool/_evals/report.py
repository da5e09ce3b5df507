"""The eval's HTML report: one self-contained page (inline CSS, no script, no network).

People read this page to see where routing goes wrong, so it leads with the headline numbers and
the confusion heat map, then the per-route, per-language and per-tag breakdowns, and ends with every
misrouted case and why the router chose what it did. All text from the data set or the router is
escaped: requests are user input and may contain markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Final

from .._catalog import MODELS, ROUTE_IDS
from .judge import JUDGE_LABELS, JudgeSummary
from .metrics import ERROR_COLUMN, CheckSummary, SliceScore, wilson_interval
from .runner import CaseResult, EvalReport

__all__ = ["render_html"]

# The page's palette; diagonal (right) cells are green, off-diagonal (wrong) cells red, both scaled
# by the share of their row, so a glance shows which expected route leaks where.
_GOOD_RGB: Final = (22, 163, 74)
_BAD_RGB: Final = (220, 38, 38)
# Cases that failed to plan are a different problem from misrouting: amber, not red.
_ERROR_RGB: Final = (217, 119, 6)

_CSS: Final = """
:root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --soft:#f8fafc; --accent:#4f46e5;
  --p:#6366f1; --r:#0ea5e9; --f:#f59e0b; --good:#16a34a; --bad:#dc2626; }
* { box-sizing:border-box; }
body { margin:0;
  font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",
  "Helvetica Neue",Arial,sans-serif; color:var(--ink); background:#f1f5f9; }
main { max-width:1200px; margin:0 auto; padding:28px 32px 48px; }
header h1 { margin:0; font-size:26px; letter-spacing:-0.01em; }
header .meta { color:var(--muted); margin-top:4px; }
header .meta code { background:#e2e8f0; padding:1px 6px; border-radius:4px; color:var(--ink); }
.cards { display:grid; grid-template-columns:repeat(4,1fr); gap:14px; margin:22px 0 8px; }
.card { background:#fff; border:1px solid var(--line); border-radius:12px; padding:14px 16px; }
.card .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.06em; }
.card .value small { font-size:14px; font-weight:500; color:var(--muted); }
.card .value { font-size:28px; font-weight:700; margin-top:2px; font-variant-numeric:tabular-nums; }
.card .sub { color:var(--muted); font-size:12.5px; }
.card.hero { grid-column:span 2; border-color:#c7d2fe;
  background:linear-gradient(180deg,#eef2ff,#fff); }
.card.hero .value { color:var(--accent); font-size:34px; }
section { background:#fff; border:1px solid var(--line); border-radius:12px;
  padding:18px 22px 20px; margin-top:18px; }
section h2 { font-size:17px; margin:0 0 4px; }
section p.note { color:var(--muted); margin:0 0 14px; font-size:13px; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:18px; }
.grid2 > section { margin-top:18px; }
table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; }
th, td { padding:7px 10px; text-align:left; vertical-align:top; }
thead th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase;
  letter-spacing:.04em;
  border-bottom:1px solid var(--line); }
tbody tr + tr td { border-top:1px solid var(--line); }
td.num, th.num { text-align:right; white-space:nowrap; }
.route { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12.5px;
  white-space:nowrap; }
.confusion { width:auto; }
.confusion th.corner { font-size:11px; text-transform:none; letter-spacing:0; }
.confusion td.cell { width:128px; height:64px; text-align:center; vertical-align:middle;
  border:3px solid #fff;
  border-radius:10px; }
.confusion td.cell .n { font-size:20px; font-weight:700; display:block; line-height:1.1; }
.confusion td.cell .s { font-size:11.5px; opacity:.85; }
.confusion td.diag { outline:2px solid #15803d; outline-offset:-3px; }
.confusion tbody tr + tr td { border-top:3px solid #fff; }
.confusion th.rowhead { text-align:right; padding-right:14px; vertical-align:middle; }
.confusion thead th.colhead { text-align:center; text-transform:none; letter-spacing:0;
  color:var(--ink); }
.legend { display:flex; gap:18px; align-items:center; color:var(--muted); font-size:12.5px;
  margin-top:12px; }
.swatch { display:inline-block; width:14px; height:14px; border-radius:4px; vertical-align:-2px;
  margin-right:6px; }
.bars .route-row { display:grid; grid-template-columns:190px 1fr; gap:14px; padding:10px 0;
  border-top:1px solid var(--line); }
.bars .route-row:first-child { border-top:none; }
.support { color:var(--muted); font-size:12px; }
.fail { display:inline-block; white-space:nowrap; background:#fef2f2; color:#b91c1c; border-radius:999px;
  padding:0 8px; font-size:11.5px; margin:1px 2px 1px 0; }
.prompt { font-size:13px; white-space:pre-wrap; }
.metric { display:grid; grid-template-columns:74px 1fr 52px; gap:8px; align-items:center;
  font-size:12.5px; }
.track { background:#eef2f7; border-radius:6px; height:12px; overflow:hidden; }
.fill { height:100%; border-radius:6px; }
.fill.p { background:var(--p); } .fill.r { background:var(--r); } .fill.f { background:var(--f); }
.fill.acc { background:var(--good); } .fill.acc.mid { background:#eab308;
  } .fill.acc.low { background:var(--bad); }
.mini { display:flex; align-items:center; gap:8px; min-width:160px; }
.mini .track { flex:1; }
.tag { display:inline-block; white-space:nowrap; background:#eef2ff; color:#3730a3;
  border-radius:999px; padding:0 8px; font-size:11.5px;
  margin:1px 2px 1px 0; }
.lang { display:inline-block; background:#f1f5f9; border-radius:4px; padding:0 6px; font-size:12px;
  font-weight:600; }
.arrow { color:var(--muted); }
.exp { color:var(--good); } .pred { color:var(--bad); }
.cases { table-layout:fixed; }
.cases td { overflow-wrap:anywhere; }
.request { font-size:13.5px; }
.small-label { color:var(--muted); font-size:11px; text-transform:uppercase; letter-spacing:.04em; }
.reasons { margin:0; padding-left:16px; color:#334155; font-size:12.5px; }
.err { color:var(--bad); font-size:12.5px; }
details summary { cursor:pointer; color:var(--accent); font-size:12px; }
details pre { white-space:pre-wrap; background:var(--soft); border:1px solid var(--line);
  border-radius:6px;
  padding:8px; font-size:12px; margin:6px 0 0; }
.ok { color:var(--good); font-weight:600; }
.empty { color:var(--muted); font-style:italic; }
footer { color:var(--muted); font-size:12px; margin-top:22px; text-align:center; }
.jl { display:inline-block; white-space:nowrap; border-radius:999px; padding:0 9px; font-size:12px;
  font-weight:600; }
.jl-ok { background:#dcfce7; color:#166534; } .jl-awkward { background:#fef9c3; color:#854d0e; }
.jl-garbled { background:#ffedd5; color:#9a3412; } .jl-distorted { background:#fee2e2; color:#991b1b; }
.scores { color:var(--muted); font-size:12px; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def _tint(rgb: tuple[int, int, int], share: float) -> tuple[str, str]:
    """Background and text colour for a heat-map cell at `share` (0–1) of its row."""
    if share <= 0:
        return "#f8fafc", "#94a3b8"
    alpha = 0.12 + 0.78 * share
    red, green, blue = (round(255 + (channel - 255) * alpha) for channel in rgb)
    text = "#ffffff" if alpha > 0.55 else "#0f172a"
    return f"rgb({red},{green},{blue})", text


def _accuracy_css(value: float) -> str:
    """Bar colour classes: green from 90%, amber from 75%, red below."""
    return "acc" if value >= 0.9 else ("acc mid" if value >= 0.75 else "acc low")


def _mini_bar(value: float, css: str) -> str:
    width = max(0.0, min(1.0, value)) * 100
    return (
        f'<div class="mini"><div class="track"><div class="fill {css}" style="width:{width:.1f}%">'
        f"</div></div><span>{_pct(value)}</span></div>"
    )


def _card(label: str, value: str, sub: str, hero: bool = False) -> str:
    return (
        f'<div class="card{" hero" if hero else ""}"><div class="label">{_e(label)}</div>'
        f'<div class="value">{value}</div><div class="sub">{sub}</div></div>'
    )


def _header(report: EvalReport) -> str:
    low, high = report.accuracy_ci95
    prompt = f" · prompt <code>{_e(report.prompt_hash)}</code>" if report.prompt_hash else ""
    latency = report.latency_ms
    llm = report.llm
    failed = f" · {report.errors} failed to plan" if report.errors else ""
    cards = [
        _card(
            "Accuracy",
            _pct(report.accuracy),
            f"95% CI {_pct(low)} – {_pct(high)}<br>{report.correct} of {report.n} routed right{failed}",
            hero=True,
        ),
        _card("Macro-F1", f"{report.macro_f1:.3f}", "mean F1 over routes"),
        _card("Cases", str(report.n), f"{len(report.by_lang)} languages · {len(report.by_tag)} tags"),
        _card(
            "Extraction checks",
            _pct(report.checks.rate),
            f"{report.checks.passed} of {report.checks.n} passed",
        ),
        _card("Tip compliance", _pct(report.tips.rate), f"{report.tips.passed} of {report.tips.n} passed"),
        _card(
            "Latency p50",
            f"{latency.p50:.2f}<small> ms</small>",
            f"p95 {latency.p95:.2f} ms · max {latency.max:.1f} ms",
        ),
        _card(
            "LLM",
            f"{llm.calls}<small> calls</small>",
            f"{llm.total_tokens:,} tokens · {llm.fallbacks} fallbacks",
        ),
    ]
    if report.judge is not None:
        judge = report.judge
        cards.append(
            _card(
                "Judge ok",
                _pct(judge.ok_rate),
                f"{judge.labels.ok} ok · {judge.labels.awkward} awkward · {judge.labels.garbled} garbled · "
                f"{judge.labels.distorted} distorted · {judge.errors} errors",
            )
        )
    return (
        "<header><h1>Routing eval</h1>"
        f'<div class="meta">{_e(report.dataset)} · {report.n} cases · '
        f"classifier <code>{_e(report.classifier)}</code>{prompt}</div></header>"
        f'<div class="cards">{"".join(cards)}</div>'
    )


def _confusion(report: EvalReport) -> str:
    columns: list[str] = list(ROUTE_IDS)
    if any(ERROR_COLUMN in row for row in report.confusion.values()):
        columns.append(ERROR_COLUMN)
    head = "".join(f'<th class="colhead"><span class="route">{_e(c)}</span></th>' for c in columns)
    rows = []
    for expected in ROUTE_IDS:
        counts = report.confusion.get(expected, {})
        total = sum(counts.values())
        cells = []
        for predicted in columns:
            count = counts.get(predicted, 0)
            share = count / total if total else 0.0
            diagonal = predicted == expected
            rgb = _GOOD_RGB if diagonal else (_ERROR_RGB if predicted == ERROR_COLUMN else _BAD_RGB)
            background, ink = _tint(rgb, share)
            title = f"expected {expected}, predicted {predicted}: {count} of {total}"
            cells.append(
                f'<td class="cell{" diag" if diagonal else ""}" style="background:{background};color:{ink}" '
                f'title="{_e(title)}"><span class="n">{count}</span>'
                f'<span class="s">{_pct(share, 0) if total else ""}</span></td>'
            )
        recall = report.per_route[expected].recall if expected in report.per_route else 0.0
        rows.append(
            f'<tr><th class="rowhead"><span class="route">{_e(expected)}</span></th>{"".join(cells)}'
            f'<td class="num" style="vertical-align:middle">{total}</td>'
            f'<td class="num" style="vertical-align:middle">{_pct(recall)}</td></tr>'
        )
    legend = (
        '<div class="legend"><span><span class="swatch" style="background:rgb(59,180,104)"></span>'
        "routed right (diagonal)</span>"
        '<span><span class="swatch" style="background:rgb(228,94,94)"></span>routed elsewhere</span>'
        + (
            '<span><span class="swatch" style="background:rgb(226,146,61)"></span>failed to plan</span>'
            if ERROR_COLUMN in columns
            else ""
        )
        + "<span>colour strength = share of the row (the expected route's cases)</span></div>"
    )
    return (
        "<section><h2>Confusion matrix</h2>"
        '<p class="note">Rows: the route the policy expects. Columns: the route the router chose.</p>'
        '<table class="confusion"><thead><tr><th class="corner">expected ↓ / predicted →</th>'
        f'{head}<th class="num">cases</th><th class="num">recall</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{legend}</section>"
    )


def _route_bars(report: EvalReport) -> str:
    rows = []
    for route, score in report.per_route.items():
        metrics = "".join(
            f'<div class="metric"><span>{label}</span><div class="track"><div class="fill {css}" '
            f'style="width:{value * 100:.1f}%"></div></div><span class="num">{value:.3f}</span></div>'
            for label, css, value in (
                ("precision", "p", score.precision),
                ("recall", "r", score.recall),
                ("F1", "f", score.f1),
            )
        )
        title = MODELS[route].title if route in MODELS else route
        rows.append(
            f'<div class="route-row"><div><div class="route">{_e(route)}</div>'
            f'<div class="support">{_e(title)} · {score.support} expected · '
            f"{score.predicted} predicted</div></div>"
            f"<div>{metrics}</div></div>"
        )
    return (
        "<section><h2>Per route</h2>"
        '<p class="note">Precision: of the cases sent to a route, the share that belonged there. '
        "Recall: of the cases that belong to a route, the share sent there.</p>"
        f'<div class="bars">{"".join(rows)}</div></section>'
    )


def _slice_table(
    title: str, note: str, key_label: str, slices: Iterable[tuple[str, SliceScore]], pill: str
) -> str:
    rows = []
    for key, score in slices:
        low, high = wilson_interval(score.correct, score.n)
        rows.append(
            f'<tr><td><span class="{pill}">{_e(key)}</span></td><td class="num">{score.n}</td>'
            f'<td class="num">{score.correct}</td>'
            f"<td>{_mini_bar(score.accuracy, _accuracy_css(score.accuracy))}</td>"
            f'<td class="num">{_pct(low, 0)}–{_pct(high, 0)}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="5" class="empty">no cases</td></tr>'
    return (
        f'<section><h2>{_e(title)}</h2><p class="note">{note}</p>'
        f'<table><thead><tr><th>{_e(key_label)}</th><th class="num">cases</th><th class="num">right</th>'
        f'<th>accuracy</th><th class="num">CI95</th></tr></thead><tbody>{body}</tbody></table></section>'
    )


def _checks_table(title: str, note: str, summary: CheckSummary) -> str:
    rows = [
        f'<tr><td>{_e(name)}</td><td class="num">{rate.passed}/{rate.n}</td>'
        f"<td>{_mini_bar(rate.rate or 0.0, _accuracy_css(rate.rate or 0.0))}</td></tr>"
        for name, rate in summary.by_name.items()
    ]
    body = "".join(rows) or '<tr><td colspan="3" class="empty">no case asked for one</td></tr>'
    return (
        f'<section><h2>{_e(title)}</h2><p class="note">{note}</p>'
        f'<table><thead><tr><th>check</th><th class="num">passed</th><th>rate</th></tr></thead>'
        f"<tbody>{body}</tbody></table></section>"
    )


def _case_row(case: CaseResult) -> str:
    tags = "".join(f'<span class="tag">{_e(tag)}</span>' for tag in case.tags)
    inputs = f"{case.n_images} image{'s' if case.n_images != 1 else ''}" + (
        " + mask" if case.has_mask else ""
    )
    predicted = (
        f'<span class="route pred">{_e(case.predicted)}</span>'
        if case.predicted
        else '<span class="err">error</span>'
    )
    if case.error:
        why = f'<div class="err">{_e(case.error)}</div>'
    else:
        items = "".join(f"<li>{_e(reason)}</li>" for reason in case.reasons) or "<li>(no reasons given)</li>"
        why = f'<ul class="reasons">{items}</ul>'
        if case.fallback_reason:
            why += f'<div class="err">LLM fallback: {_e(case.fallback_reason)}</div>'
    prompt = (
        f"<details><summary>rewritten prompt</summary><pre>{_e(case.prompt)}</pre></details>"
        if case.prompt
        else ""
    )
    return (
        f'<tr><td><div class="route">{_e(case.id)}</div><span class="lang">{_e(case.lang)}</span> {tags}'
        f'<div class="support">{_e(inputs)}</div></td>'
        f'<td class="request">{_e(case.request)}{prompt}</td>'
        f'<td><div class="small-label">expected</div><span class="route exp">{_e(case.expected)}</span>'
        f'<div class="small-label" style="margin-top:4px">routed to</div>{predicted}</td>'
        f"<td>{why}</td></tr>"
    )


def _misrouted(cases: Sequence[CaseResult]) -> str:
    # Grouped by (expected, predicted) so each block matches one off-diagonal cell of the heat map.
    order: dict[str, int] = {route: index for index, route in enumerate(ROUTE_IDS)}
    wrong = sorted(
        (case for case in cases if not case.correct),
        key=lambda case: (order[case.expected], order.get(case.predicted or "", len(order)), case.id),
    )
    if not wrong:
        body = '<p class="ok">Every case was routed as expected.</p>'
    else:
        body = (
            '<table class="cases"><colgroup><col style="width:17%"><col style="width:37%">'
            '<col style="width:17%"><col style="width:29%"></colgroup>'
            "<thead><tr><th>case</th><th>request</th><th>route</th><th>router reasons</th></tr></thead>"
            f"<tbody>{''.join(_case_row(case) for case in wrong)}</tbody></table>"
        )
    return (
        f"<section><h2>Misrouted cases ({len(wrong)})</h2>"
        '<p class="note">Each case the router sent somewhere other than the policy says, '
        "with the reasons it gave, grouped by expected and chosen route (one block per red cell above). "
        "Open a row's prompt to see what the model would have received.</p>"
        f"{body}</section>"
    )


def _failed_checks(cases: Sequence[CaseResult]) -> str:
    """Cases that planned but whose prompt missed an extraction check or a prompting tip."""
    failing = [
        case
        for case in cases
        if case.prompt is not None and not all([*case.checks.values(), *case.tips.values()])
    ]
    if not failing:
        body = '<p class="ok">Every planned prompt passed its checks and tips.</p>'
    else:
        rows = []
        for case in failing:
            missed = [f"check: {name}" for name, ok in case.checks.items() if not ok]
            missed += [f"tip: {name}" for name, ok in case.tips.items() if not ok]
            pills = "".join(f'<span class="fail">{_e(item)}</span>' for item in missed)
            rows.append(
                f'<tr><td><div class="route">{_e(case.id)}</div><span class="lang">{_e(case.lang)}</span> '
                f'<span class="route">{_e(case.predicted)}</span></td><td>{pills}</td>'
                f'<td class="request">{_e(case.request)}</td><td class="prompt">{_e(case.prompt)}</td></tr>'
            )
        body = (
            '<table class="cases"><colgroup><col style="width:17%"><col style="width:17%">'
            '<col style="width:30%"><col style="width:36%"></colgroup>'
            "<thead><tr><th>case</th><th>missed</th><th>request</th><th>rewritten prompt</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return (
        f"<section><h2>Prompts that missed a check or tip ({len(failing)})</h2>"
        '<p class="note">Routed right or not, these prompts lost something the case expects (quoted text, '
        "the script, numbered references, the output count) or broke a prompting tip of the route they "
        "were written for.</p>"
        f"{body}</section>"
    )


def _highlight(text: str, needles: Sequence[str]) -> str:
    """`text` escaped, with every occurrence of each needle wrapped in <mark> (case-insensitive)."""
    wanted = sorted({n for n in needles if n and n.casefold() in text.casefold()}, key=len, reverse=True)
    if not wanted:
        return _e(text)
    pattern = re.compile("|".join(re.escape(n) for n in wanted), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [_e(text[last : match.start()]), f"<mark>{_e(match.group(0))}</mark>"]
        last = match.end()
    return "".join([*out, _e(text[last:])])


def _fidelity_findings(report: EvalReport) -> str:
    """Every case with a fidelity finding: request and prompt side by side, the finding highlighted."""
    flagged = [case for case in report.cases if case.findings]
    faithful = report.fidelity_cases
    if not flagged:
        body = '<p class="ok">Every prompt passed every fidelity check.</p>'
    else:
        rows = []
        for case in flagged:
            pills = "".join(
                f'<span class="fail">{_e(f.check)}</span> {_e(f.detail)}<br>' for f in case.findings
            )
            needles = [f.text for f in case.findings if f.text]
            rows.append(
                f'<tr><td><div class="route">{_e(case.id)}</div><span class="lang">{_e(case.lang)}</span> '
                f'<span class="route">{_e(case.predicted or "error")}</span></td><td>{pills}</td>'
                f'<td class="request">{_highlight(case.request, needles)}</td>'
                f'<td class="prompt">{_highlight(case.prompt or "", needles)}</td></tr>'
            )
        body = (
            '<table class="cases"><colgroup><col style="width:14%"><col style="width:22%">'
            '<col style="width:30%"><col style="width:34%"></colgroup>'
            "<thead><tr><th>case</th><th>finding</th><th>request</th><th>rewritten prompt</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return (
        f"<section><h2>Fidelity findings ({len(flagged)} cases; {faithful.passed}/{faithful.n} faithful)</h2>"
        '<p class="note">Does the prompt still say what the user asked? Labelled phrases kept and model '
        "names dropped, no request word lost, no glued fragment, no added sentence that narrows or "
        "contradicts the request. The offending text is highlighted in both columns.</p>"
        f"{body}</section>"
    )


def _label(label: str) -> str:
    return f'<span class="jl jl-{_e(label)}">{_e(label)}</span>'


def _judge_overview(judge: JudgeSummary) -> str:
    labels = judge.labels.model_dump()
    asked = judge.judged + judge.errors
    rows = "".join(
        f'<tr><td>{_label(label)}</td><td class="num">{labels[label]}</td>'
        f"<td>{_mini_bar(labels[label] / asked if asked else 0.0, 'acc' if label == 'ok' else 'acc low')}"
        "</td></tr>"
        for label in JUDGE_LABELS
    )
    route_rows = "".join(
        f'<tr><td><span class="route">{_e(route)}</span></td>'
        + "".join(f'<td class="num">{getattr(counts, label)}</td>' for label in JUDGE_LABELS)
        + "</tr>"
        for route, counts in judge.by_route.items()
    )
    cost = f"${judge.cost_usd:.4f}" if judge.cost_usd is not None else "no price known (tokens only)"
    mean = judge.mean

    def score(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    errors = "".join(f'<div class="err">{_e(example)}</div>' for example in judge.error_examples)
    return (
        '<div class="grid2"><div>'
        f'<table><thead><tr><th>label</th><th class="num">cases</th><th>share of {asked} asked</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
        f'<p class="scores">mean fidelity {score(mean.fidelity)} · '
        f"tip adherence {score(mean.tip_adherence)} · fluency {score(mean.fluency)}<br>"
        f"{judge.calls} calls · {judge.total_tokens:,} tokens "
        f"({judge.prompt_tokens:,} prompt + {judge.completion_tokens:,} completion) · {_e(cost)}"
        f"{' · ' + str(judge.skipped) + ' skipped (no prompt)' if judge.skipped else ''}</p>{errors}</div>"
        "<div><table><thead><tr><th>judged route</th>"
        + "".join(f'<th class="num">{_e(label)}</th>' for label in JUDGE_LABELS)
        + f"</tr></thead><tbody>{route_rows}</tbody></table></div></div>"
    )


def _judged_cases(report: EvalReport) -> str:
    """The judge's summary, then every prompt it did not label ok, worst first, beside its request."""
    judge = report.judge
    if judge is None:
        return ""
    severity = {label: index for index, label in enumerate(JUDGE_LABELS)}
    flagged = []
    for case in report.cases:
        verdict = case.judge.verdict if case.judge is not None else None
        if verdict is not None and verdict.label != "ok":
            flagged.append((-severity[verdict.label], verdict.fidelity, case.id, case, verdict))
    flagged.sort(key=lambda item: item[:3])
    if not flagged:
        body = '<p class="ok">The judge labelled every judged prompt ok.</p>'
    else:
        rows = [
            f'<tr><td><div class="route">{_e(case.id)}</div><span class="lang">{_e(case.lang)}</span> '
            f'<span class="route">{_e(case.predicted or "error")}</span></td>'
            f'<td>{_label(verdict.label)}<div>{_e(verdict.reason)}</div><div class="scores">fidelity '
            f"{verdict.fidelity:.2f} · tips {verdict.tip_adherence:.2f} · fluency {verdict.fluency:.2f}"
            "</div></td>"
            f'<td class="request">{_e(case.request)}</td><td class="prompt">{_e(case.prompt or "")}</td></tr>'
            for *_, case, verdict in flagged
        ]
        body = (
            '<table class="cases"><colgroup><col style="width:14%"><col style="width:22%">'
            '<col style="width:30%"><col style="width:34%"></colgroup>'
            "<thead><tr><th>case</th><th>judge</th><th>request</th><th>rewritten prompt</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return (
        f"<section><h2>Judge: {_e(judge.model)} ({len(flagged)} prompts not ok)</h2>"
        '<p class="note">An LLM read each request and its prompt '
        f"(rubric <code>{_e(judge.prompt_hash)}</code>, prompts/judge/system.md): "
        "<b>ok</b> says exactly what was asked; <b>awkward</b> keeps the meaning but reads clumsily; "
        "<b>garbled</b> has fragments or glued pieces; <b>distorted</b> lost, reversed, "
        "narrowed or contradicted the request. Worst first.</p>"
        f"{_judge_overview(judge)}{body}</section>"
    )


def render_html(report: EvalReport) -> str:
    """The whole report page as one HTML string (no external resources)."""
    worst_tags = sorted(report.by_tag.items(), key=lambda item: (item[1].accuracy, -item[1].n, item[0]))
    sections = [
        _header(report),
        _confusion(report),
        _route_bars(report),
        '<div class="grid2">'
        + _slice_table(
            "By language",
            "Accuracy per request language (the set's <code>lang</code>), with its 95% Wilson interval.",
            "lang",
            sorted(report.by_lang.items(), key=lambda item: (-item[1].n, item[0])),
            "lang",
        )
        + _slice_table(
            "By tag",
            "Accuracy per tag, weakest first: tags name policy rules and hard-case kinds.",
            "tag",
            worst_tags,
            "tag",
        )
        + "</div>",
        '<div class="grid2">'
        + _checks_table(
            "Extraction checks",
            "From each case's <code>expect</code>: quoted text verbatim, script named, "
            "numbered image references, <code>num_images</code> in the body.",
            report.checks,
        )
        + _checks_table(
            "Prompting-tip compliance",
            "Preservation clause first (all routes); one sentence (flux); names what stays outside the mask "
            "(z-image); every image referred to by number (gpt, several images).",
            report.tips,
        )
        + "</div>",
        _checks_table(
            "Fidelity checks",
            "Meaning, not marker words: keep/drop labels, lossless, fragments, contradictions "
            "(see <code>_evals/fidelity.py</code>).",
            report.fidelity,
        ),
        _misrouted(report.cases),
        _fidelity_findings(report),
        _judged_cases(report),
        _failed_checks(report.cases),
    ]
    title = f"Routing eval · {_pct(report.accuracy)} · {report.dataset}"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
        + "".join(sections)
        + "<footer>runcomfy-edit eval · self-contained report: no scripts, no network</footer>"
        "</main></body></html>\n"
    )
