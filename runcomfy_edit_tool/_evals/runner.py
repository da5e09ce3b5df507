"""Run an eval set through the planner users get and score it.

Every case goes through the router's own `plan`/`aplan`, so the eval measures the product, not a
test double of it. A case that fails to plan (an input error, a bug) is recorded as wrong with its
message and the run goes on: one bad case must not hide the score of the other three hundred.

With a `Judge`, every planned prompt is then judged (one LLM call per case, `judge.py`); a failed
judgement is that case's judge error, and the run goes on the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Protocol

from pydantic import BaseModel, ConfigDict

from .._catalog import RouteId
from .._exceptions import RunComfyEditError
from .._plan import ClassifierName, EditPlan, LLMCallInfo
from .._rewrite import script_names as localized_script_names
from .dataset import EvalCase
from .fidelity import Finding, fidelity_checks
from .judge import Judge, JudgedCase, JudgeInput, JudgeResult, JudgeSummary, summarize_judgements
from .metrics import (
    CheckSummary,
    LatencyStats,
    LLMUsage,
    PassRate,
    RouteScore,
    ScriptNames,
    SliceScore,
    accuracy,
    common_prompt_hash,
    confusion_matrix,
    extraction_checks,
    latency_stats,
    llm_usage,
    macro_f1,
    route_scores,
    slice_accuracy,
    summarize_checks,
    wilson_interval,
)
from .tips import tip_checks

__all__ = [
    "CaseResult",
    "EvalReport",
    "Planner",
    "ajudge_results",
    "arun_eval",
    "build_report",
    "evaluate_case",
    "judge_results",
    "run_eval",
    "select_cases",
]

# Script checks use the rewriter's names for each script in every template language, so a prompt
# written in the request's language ("日文", "кириллица") counts as naming it.
DEFAULT_SCRIPT_NAMES: Final[ScriptNames] = localized_script_names


class Planner(Protocol):
    """What the runner needs from a router (`EditRouter` is one): plan a request, sync and async."""

    def plan(self, request: str, *, images: list[str], mask: str | None) -> EditPlan:
        """Plan one request."""
        ...

    async def aplan(self, request: str, *, images: list[str], mask: str | None) -> EditPlan:
        """Plan one request without blocking the event loop."""
        ...


class CaseResult(BaseModel):
    """What happened to one case; `predicted` and `prompt` are null when planning failed (`error`)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    request: str
    lang: str
    tags: list[str]
    n_images: int
    has_mask: bool
    expected: RouteId
    predicted: RouteId | None
    correct: bool
    classifier: ClassifierName | None
    fallback_reason: str | None
    prompt: str | None
    latency_ms: float
    usage: LLMCallInfo | None
    reasons: list[str]
    checks: dict[str, bool]
    tips: dict[str, bool]
    fidelity: dict[str, bool]
    findings: list[Finding]
    error: str | None
    # Null unless the run was judged (`--judge`).
    judge: JudgeResult | None = None


class EvalReport(BaseModel):
    """The scored run. Its JSON keys are a contract (issue 3): scripts and CI read them.

    ``accuracy`` is exactly the share of ``cases`` whose ``predicted`` equals ``expected``.
    """

    model_config = ConfigDict(extra="forbid")

    accuracy: float
    accuracy_ci95: tuple[float, float]
    macro_f1: float
    per_route: dict[RouteId, RouteScore]
    confusion: dict[str, dict[str, int]]
    by_lang: dict[str, SliceScore]
    by_tag: dict[str, SliceScore]
    checks: CheckSummary
    tips: CheckSummary
    fidelity: CheckSummary
    fidelity_cases: PassRate
    fidelity_by_route: dict[str, PassRate]
    fidelity_by_lang: dict[str, PassRate]
    latency_ms: LatencyStats
    llm: LLMUsage
    judge: JudgeSummary | None
    prompt_hash: str | None
    classifier: str
    dataset: str
    n: int
    cases: list[CaseResult]

    @property
    def correct(self) -> int:
        """How many cases were routed right."""
        return sum(case.correct for case in self.cases)

    @property
    def errors(self) -> int:
        """How many cases failed to plan at all."""
        return sum(case.error is not None for case in self.cases)


def select_cases(
    cases: Sequence[EvalCase], *, tags: Iterable[str] = (), limit: int | None = None
) -> list[EvalCase]:
    """Cases carrying any of `tags` (all cases when none given), then the first `limit` of them."""
    wanted = set(tags)
    chosen = [case for case in cases if not wanted or wanted.intersection(case.tags)]
    return chosen if limit is None else chosen[:limit]


def _error_text(exc: Exception) -> str:
    # The package's own errors already read as one line meant for users; anything else is a bug
    # worth seeing by its type.
    if isinstance(exc, RunComfyEditError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def evaluate_case(
    case: EvalCase,
    plan: EditPlan | None,
    latency_ms: float,
    error: str | None = None,
    names: ScriptNames = DEFAULT_SCRIPT_NAMES,
) -> CaseResult:
    """Score one case from its plan (or from the error that stopped it)."""
    expect = case.expect
    fidelity, findings = fidelity_checks(
        case.request,
        plan.prompt if plan else None,
        keep=expect.keep if expect else None,
        drop=expect.drop if expect else None,
    )
    return CaseResult(
        id=case.id,
        request=case.request,
        lang=case.lang,
        tags=list(case.tags),
        n_images=len(case.images),
        has_mask=case.mask is not None,
        expected=case.route,
        predicted=plan.route if plan else None,
        correct=plan is not None and plan.route == case.route,
        classifier=plan.classifier if plan else None,
        fallback_reason=plan.fallback_reason if plan else None,
        prompt=plan.prompt if plan else None,
        latency_ms=latency_ms,
        usage=plan.llm if plan else None,
        reasons=list(plan.reasons) if plan else [],
        checks=extraction_checks(
            case.expect, plan.prompt if plan else None, plan.body if plan else None, names
        ),
        tips=dict(tip_checks(plan)) if plan else {},
        fidelity=fidelity,
        findings=findings,
        error=None if plan else (error or "no plan was returned"),
    )


def _plan_sync(router: Planner, case: EvalCase, names: ScriptNames) -> CaseResult:
    start = time.perf_counter()
    try:
        plan = router.plan(case.request, images=list(case.images), mask=case.mask)
    except Exception as exc:  # never crash the run: the failure is this case's result
        return evaluate_case(case, None, (time.perf_counter() - start) * 1000, _error_text(exc), names)
    return evaluate_case(case, plan, (time.perf_counter() - start) * 1000, None, names)


async def _plan_async(
    router: Planner, case: EvalCase, gate: asyncio.Semaphore, names: ScriptNames
) -> CaseResult:
    async with gate:
        # Timed inside the gate so latency is the plan's own, not time spent queueing.
        start = time.perf_counter()
        try:
            plan = await router.aplan(case.request, images=list(case.images), mask=case.mask)
        except Exception as exc:  # never crash the run: the failure is this case's result
            return evaluate_case(case, None, (time.perf_counter() - start) * 1000, _error_text(exc), names)
        return evaluate_case(case, plan, (time.perf_counter() - start) * 1000, None, names)


def _resolve_classifier(requested: str, results: Sequence[CaseResult]) -> str:
    # "auto" picks the LLM only when an endpoint is configured; report what it picked.
    if requested != "auto":
        return requested
    used_llm = any(
        r.usage is not None or r.fallback_reason is not None or r.classifier == "llm" for r in results
    )
    return "llm" if used_llm else "rules"


def _all_passed(
    results: Sequence[CaseResult], keys: Callable[[CaseResult], list[str]]
) -> dict[str, PassRate]:
    """Per slice, how many cases passed every fidelity check (a case is faithful only as a whole)."""
    counts: dict[str, list[int]] = {}
    for result in results:
        for key in keys(result):
            seen = counts.setdefault(key, [0, 0])
            seen[0] += 1
            seen[1] += all(result.fidelity.values())
    return {
        key: PassRate(n=n, passed=passed, rate=passed / n if n else None)
        for key, (n, passed) in sorted(counts.items())
    }


def _judge_summary(results: Sequence[CaseResult], judge: Judge | None) -> JudgeSummary | None:
    if judge is None:
        return None
    judged = [
        JudgedCase(id=r.id, route=r.predicted, lang=r.lang, result=r.judge)
        for r in results
        if r.judge is not None
    ]
    return summarize_judgements(judged, model=judge.model, prompt_hash=judge.prompt_hash, price=judge.price)


def build_report(
    results: Sequence[CaseResult],
    *,
    classifier: str,
    dataset: str,
    prompt_hash: str | None = None,
    judge: Judge | None = None,
) -> EvalReport:
    """Aggregate per-case results into the report (pure: no planning or judging happens here).

    `prompt_hash` names the LLM prompt the run used even when every call fell back to the rules;
    without it the hash the plans carried is reported. `judge` (the one that judged `results`)
    adds the judge's summary.
    """
    expected = [r.expected for r in results]
    predicted = [r.predicted for r in results]
    correct = [r.correct for r in results]
    per_route = route_scores(expected, predicted)
    usages = [r.usage for r in results]
    return EvalReport(
        accuracy=accuracy(expected, predicted),
        accuracy_ci95=wilson_interval(sum(correct), len(results)),
        macro_f1=macro_f1(per_route),
        per_route=per_route,
        confusion=confusion_matrix(expected, predicted),
        by_lang=slice_accuracy([[r.lang] for r in results], correct),
        by_tag=slice_accuracy([r.tags for r in results], correct),
        checks=summarize_checks([r.checks for r in results]),
        tips=summarize_checks([r.tips for r in results]),
        fidelity=summarize_checks([r.fidelity for r in results]),
        fidelity_cases=_all_passed(results, lambda r: ["all"]).get("all", PassRate(n=0, passed=0, rate=None)),
        fidelity_by_route=_all_passed(results, lambda r: [r.expected]),
        fidelity_by_lang=_all_passed(results, lambda r: [r.lang]),
        latency_ms=latency_stats([r.latency_ms for r in results]),
        llm=llm_usage(usages, [r.fallback_reason for r in results]),
        judge=_judge_summary(results, judge),
        prompt_hash=prompt_hash or common_prompt_hash(usages),
        classifier=_resolve_classifier(classifier, results),
        dataset=dataset,
        n=len(results),
        cases=list(results),
    )


def _judge_input(result: CaseResult) -> JudgeInput | None:
    if result.prompt is None or result.predicted is None:
        return None
    return JudgeInput(
        request=result.request,
        route=result.predicted,
        prompt=result.prompt,
        n_images=result.n_images,
        has_mask=result.has_mask,
    )


async def ajudge_results(
    judge: Judge, results: Sequence[CaseResult], *, concurrency: int
) -> list[CaseResult]:
    """Every result with its `judge` field filled, at most `concurrency` judge calls at a time."""
    if concurrency < 1:
        raise ValueError(f"judge concurrency must be at least 1, got {concurrency}")
    gate = asyncio.Semaphore(concurrency)

    async def one(result: CaseResult) -> CaseResult:
        item = _judge_input(result)
        if item is None:
            return result.model_copy(update={"judge": judge.skipped()})
        async with gate:
            verdict = await judge.ajudge(item)
        return result.model_copy(update={"judge": verdict})

    return list(await asyncio.gather(*(one(result) for result in results)))


def judge_results(judge: Judge, results: Sequence[CaseResult], *, concurrency: int = 1) -> list[CaseResult]:
    """`ajudge_results` from sync code: one call after another at concurrency 1, else on a fresh loop."""
    if concurrency < 1:
        raise ValueError(f"judge concurrency must be at least 1, got {concurrency}")
    if concurrency > 1:
        return asyncio.run(ajudge_results(judge, results, concurrency=concurrency))
    judged = []
    for result in results:
        item = _judge_input(result)
        verdict = judge.skipped() if item is None else judge.judge(item)
        judged.append(result.model_copy(update={"judge": verdict}))
    return judged


async def arun_eval(
    router: Planner,
    cases: Sequence[EvalCase],
    *,
    concurrency: int = 4,
    classifier: str = "auto",
    dataset: str = "",
    names: ScriptNames = DEFAULT_SCRIPT_NAMES,
    prompt_hash: str | None = None,
    judge: Judge | None = None,
    judge_concurrency: int | None = None,
) -> EvalReport:
    """Plan every case with `router.aplan`, at most `concurrency` at a time; results keep the set's order.

    With `judge`, the planned prompts are then judged, `judge_concurrency` (default: `concurrency`)
    calls at a time.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    gate = asyncio.Semaphore(concurrency)
    results = list(await asyncio.gather(*(_plan_async(router, case, gate, names) for case in cases)))
    if judge is not None:
        results = await ajudge_results(judge, results, concurrency=judge_concurrency or concurrency)
    return build_report(results, classifier=classifier, dataset=dataset, prompt_hash=prompt_hash, judge=judge)


def run_eval(
    router: Planner,
    cases: Sequence[EvalCase],
    *,
    concurrency: int = 1,
    classifier: str = "auto",
    dataset: str = "",
    names: ScriptNames = DEFAULT_SCRIPT_NAMES,
    prompt_hash: str | None = None,
    judge: Judge | None = None,
    judge_concurrency: int | None = None,
) -> EvalReport:
    """Plan every case and score the run.

    With ``concurrency`` 1 the cases are planned one after another with `router.plan` (the rules
    classifier needs no event loop: 300 cases take well under a second). Above 1 they go through
    `arun_eval` on a fresh event loop; call `arun_eval` yourself from code that already runs one.
    With `judge`, every planned prompt is then judged, `judge_concurrency` (default: `concurrency`)
    calls at a time.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    if concurrency > 1:
        return asyncio.run(
            arun_eval(
                router,
                cases,
                concurrency=concurrency,
                classifier=classifier,
                dataset=dataset,
                names=names,
                prompt_hash=prompt_hash,
                judge=judge,
                judge_concurrency=judge_concurrency,
            )
        )
    results = [_plan_sync(router, case, names) for case in cases]
    if judge is not None:
        results = judge_results(judge, results, concurrency=judge_concurrency or concurrency)
    return build_report(results, classifier=classifier, dataset=dataset, prompt_hash=prompt_hash, judge=judge)
