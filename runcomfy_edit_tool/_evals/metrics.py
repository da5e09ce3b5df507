"""Pure scoring functions for the routing eval: no I/O, no router, easy to test on hand-made tables.

Conventions (stated once, used everywhere):

- A case whose planning failed has ``predicted = None``: it is wrong, it is a false negative of its
  expected route and a false positive of no route.
- Precision/recall/F1 with a zero denominator are 0.0 (scikit-learn's ``zero_division=0``).
- Macro-F1 averages F1 over the routes that occur in the expected or the predicted labels, as
  scikit-learn does by default, so a ``--tag`` slice with two routes is not dragged down by the
  two routes it never contains.
- Percentiles interpolate linearly between order statistics (NumPy's default method).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from .._catalog import ROUTE_IDS, RouteId
from .._intent import Script
from .._plan import LLMCallInfo
from .dataset import CaseExpect

__all__ = [
    "ERROR_COLUMN",
    "CheckSummary",
    "LLMUsage",
    "LatencyStats",
    "PassRate",
    "RouteScore",
    "ScriptNames",
    "SliceScore",
    "accuracy",
    "check_num_images",
    "check_quoted_text",
    "check_refs",
    "check_script",
    "common_prompt_hash",
    "confusion_matrix",
    "extraction_checks",
    "image_ref_numbers",
    "latency_stats",
    "llm_usage",
    "macro_f1",
    "percentile",
    "route_scores",
    "script_names",
    "slice_accuracy",
    "summarize_checks",
    "wilson_interval",
]

# How a prompt may name a script: the rewriter's localized names ("日文", "японский", ...).
ScriptNames = Callable[[Script], Iterable[str]]

# Two-sided 95% normal quantile.
Z95: Final = 1.959963984540054
# Confusion column for cases that raised instead of producing a plan (present only when some did).
ERROR_COLUMN: Final = "error"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RouteScore(_Frozen):
    """One route's precision, recall and F1; `support` is how many cases expect it."""

    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


class SliceScore(_Frozen):
    """Accuracy on a slice of the set (one language, one tag)."""

    n: int
    correct: int
    accuracy: float


class PassRate(_Frozen):
    """How many of the cases a check applied to passed it; `rate` is null when it applied to none."""

    n: int
    passed: int
    rate: float | None


class CheckSummary(_Frozen):
    """Pass rates of a family of per-case checks, overall and per check name."""

    n: int
    passed: int
    rate: float | None
    by_name: dict[str, PassRate]


class LatencyStats(_Frozen):
    """Per-case planning latency in milliseconds."""

    p50: float
    p95: float
    mean: float
    max: float


class LLMUsage(_Frozen):
    """LLM accounting summed over the run; all zero for the rules classifier."""

    calls: int
    fallbacks: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    models: list[str]


# --- accuracy ---------------------------------------------------------------------------------


def wilson_interval(correct: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion.

    Chosen over the normal approximation because it stays inside [0, 1] and is honest at 100%
    accuracy or on small slices, which is exactly where eval sets live.
    """
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= correct <= n:
        raise ValueError(f"correct must be between 0 and n={n}, got {correct}")
    p = correct / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def accuracy(expected: Sequence[RouteId], predicted: Sequence[RouteId | None]) -> float:
    """Share of cases whose predicted route equals the expected one (0.0 for no cases)."""
    _same_length(expected, predicted)
    if not expected:
        return 0.0
    return sum(e == p for e, p in zip(expected, predicted, strict=True)) / len(expected)


# --- per-route scores -------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def route_scores(
    expected: Sequence[RouteId], predicted: Sequence[RouteId | None]
) -> dict[RouteId, RouteScore]:
    """Precision, recall, F1, support and prediction count for each of the four routes."""
    _same_length(expected, predicted)
    scores: dict[RouteId, RouteScore] = {}
    for route in ROUTE_IDS:
        tp = sum(e == route and p == route for e, p in zip(expected, predicted, strict=True))
        support = sum(e == route for e in expected)
        n_predicted = sum(p == route for p in predicted)
        precision = _ratio(tp, n_predicted)
        recall = _ratio(tp, support)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[route] = RouteScore(
            precision=precision, recall=recall, f1=f1, support=support, predicted=n_predicted
        )
    return scores


def macro_f1(scores: Mapping[RouteId, RouteScore]) -> float:
    """Unweighted mean F1 over the routes that were expected or predicted at least once."""
    present = [score.f1 for score in scores.values() if score.support or score.predicted]
    return sum(present) / len(present) if present else 0.0


def confusion_matrix(
    expected: Sequence[RouteId], predicted: Sequence[RouteId | None]
) -> dict[str, dict[str, int]]:
    """Counts by expected route (rows) then predicted route (columns), all four routes always present.

    A failed case is counted in an extra ``"error"`` column, which exists only when some case failed,
    so the usual output is the plain 4×4 matrix and rows always sum to the route's support.
    """
    _same_length(expected, predicted)
    columns: list[str] = list(ROUTE_IDS)
    if any(p is None for p in predicted):
        columns.append(ERROR_COLUMN)
    matrix: dict[str, dict[str, int]] = {row: dict.fromkeys(columns, 0) for row in ROUTE_IDS}
    for e, p in zip(expected, predicted, strict=True):
        matrix[e][ERROR_COLUMN if p is None else p] += 1
    return matrix


# --- slices -----------------------------------------------------------------------------------


def slice_accuracy(keys: Sequence[Iterable[str]], correct: Sequence[bool]) -> dict[str, SliceScore]:
    """Accuracy per key, where each case has any number of keys (one language, several tags).

    Sorted by key so the JSON and the report are stable across runs.
    """
    _same_length(keys, correct)
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for case_keys, ok in zip(keys, correct, strict=True):
        for key in set(case_keys):
            totals[key] += 1
            hits[key] += ok
    return {
        key: SliceScore(n=totals[key], correct=hits[key], accuracy=hits[key] / totals[key])
        for key in sorted(totals)
    }


# --- latency and LLM accounting ----------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation; 0.0 for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0..100, got {q}")
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_stats(values: Sequence[float]) -> LatencyStats:
    """p50, p95, mean and max of per-case latencies (all 0.0 for no values)."""
    if not values:
        return LatencyStats(p50=0.0, p95=0.0, mean=0.0, max=0.0)
    return LatencyStats(
        p50=percentile(values, 50),
        p95=percentile(values, 95),
        mean=sum(values) / len(values),
        max=max(values),
    )


def llm_usage(calls: Sequence[LLMCallInfo | None], fallback_reasons: Sequence[str | None]) -> LLMUsage:
    """Sum the LLM calls behind the plans; a fallback is a plan the rules decided after the LLM failed.

    Unknown token counts (a server that reports no usage) add nothing rather than failing the sum.
    """
    infos = [info for info in calls if info is not None]
    prompt_tokens = sum(info.prompt_tokens or 0 for info in infos)
    completion_tokens = sum(info.completion_tokens or 0 for info in infos)
    return LLMUsage(
        calls=sum(info.calls for info in infos),
        fallbacks=sum(reason is not None for reason in fallback_reasons),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        total_tokens=prompt_tokens + completion_tokens,
        models=sorted({info.model for info in infos}),
    )


def common_prompt_hash(calls: Iterable[LLMCallInfo | None]) -> str | None:
    """The prompt hash most plans carried (one per run in practice); None when no LLM answered."""
    hashes = Counter(info.prompt_hash for info in calls if info is not None)
    return hashes.most_common(1)[0][0] if hashes else None


# --- extraction checks from a case's `expect` ----------------------------------------------------

# Numbered image references as people write them in the supported languages. Each pattern captures
# the number; \d also matches full-width digits (图１), which int() reads correctly.
_REF_PATTERNS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:image|photo|picture|img)\s*(?:#|no\.\s*)?(\d{1,2})(?!\d)",  # en, fr: "image 1", "Image #2"
        r"\bimagen\s*(\d{1,2})(?!\d)",  # es
        r"\bimagem\s*(\d{1,2})(?!\d)",  # pt
        r"\bimmagine\s*(\d{1,2})(?!\d)",  # it
        r"\bbild\s*(\d{1,2})(?!\d)",  # de
        r"(?:изображени[еяюи]|фото|картинк[аиуе])\s*(?:№\s*)?(\d{1,2})(?!\d)",  # ru
        r"图(?:片|像)?\s*(\d{1,2})(?!\d)",  # zh: 图1, 图片1, 图像1
        r"第\s*(\d{1,2})\s*张",  # zh: 第1张(图)
        r"画像\s*(\d{1,2})(?!\d)",  # ja: 画像1
        r"(\d{1,2})\s*枚目",  # ja: 1枚目
        r"이미지\s*(\d{1,2})(?!\d)",  # ko: 이미지 1
        r"(\d{1,2})\s*번",  # ko: 1번 (이미지)
    )
)


def image_ref_numbers(text: str) -> set[int]:
    """The distinct image numbers a text refers to ("image 1", "图2", "1枚目", "Bild 3", …)."""
    found: set[int] = set()
    for pattern in _REF_PATTERNS:
        found.update(int(match.group(1)) for match in pattern.finditer(text))
    return found


def script_names(script: Script) -> set[str]:
    """Names that count as naming `script` when no localized table is given: the English name only.

    The runner passes the rewriter's table (``_templates.script_names``), so a prompt written in
    the request's language ("日文", "кириллица") also counts; this default keeps the pure
    functions free of the template files.
    """
    return {script}


def check_quoted_text(prompt: str, quoted: Sequence[str]) -> bool:
    """Every expected quote appears byte-for-byte in the prompt."""
    return all(text in prompt for text in quoted)


def check_script(prompt: str, script: Script, names: ScriptNames | None = None) -> bool:
    """The prompt names the script by its English name or one of `names(script)` (case-insensitive)."""
    folded = prompt.casefold()
    candidates = set((names or script_names)(script))
    candidates.add(script)
    return any(name.casefold() in folded for name in candidates if name)


def check_refs(prompt: str, refs: int) -> bool:
    """The prompt carries at least `refs` distinct numbered image references."""
    return len(image_ref_numbers(prompt)) >= refs


def check_num_images(body: Mapping[str, Any], num_images: int) -> bool:
    """The model body asks for exactly `num_images` outputs."""
    return body.get("num_images") == num_images


def extraction_checks(
    expect: CaseExpect | None,
    prompt: str | None,
    body: Mapping[str, Any] | None,
    names: ScriptNames | None = None,
) -> dict[str, bool]:
    """Run the checks a case's `expect` asks for; a case without a plan (prompt None) fails them all.

    `names` gives a script's localized names (default: `script_names`, the English name only).
    """
    if expect is None:
        return {}
    checks: dict[str, bool] = {}
    text = prompt or ""
    if expect.quoted_text is not None:
        checks["quoted_text"] = prompt is not None and check_quoted_text(text, expect.quoted_text)
    if expect.script is not None:
        checks["script"] = prompt is not None and check_script(text, expect.script, names)
    if expect.refs is not None:
        checks["refs"] = prompt is not None and check_refs(text, expect.refs)
    if expect.num_images is not None:
        checks["num_images"] = body is not None and check_num_images(body, expect.num_images)
    return checks


def summarize_checks(per_case: Sequence[Mapping[str, bool]]) -> CheckSummary:
    """Pass rates per check name and overall, counting each applied check once."""
    totals: Counter[str] = Counter()
    passes: Counter[str] = Counter()
    for checks in per_case:
        for name, ok in checks.items():
            totals[name] += 1
            passes[name] += ok
    n = sum(totals.values())
    passed = sum(passes.values())
    by_name = {
        name: PassRate(n=totals[name], passed=passes[name], rate=passes[name] / totals[name])
        for name in sorted(totals)
    }
    return CheckSummary(n=n, passed=passed, rate=passed / n if n else None, by_name=by_name)


def _same_length(left: Sequence[Any], right: Sequence[Any]) -> None:
    if len(left) != len(right):
        raise ValueError(f"length mismatch: {len(left)} vs {len(right)}")
