"""An LLM judge for prompt quality: does the rewritten prompt still say what the user asked?

The deterministic fidelity checks (`fidelity.py`) catch the defects a rule can name; the judge reads
request and prompt the way a person would. One structured-output call per case (the classifier's
backends and endpoint settings, via `make_structured_llm`) returns a `JudgeVerdict`: a label
(ok / awkward / garbled / distorted, rubric in prompts/judge/system.md), a one-line reason and 0–1
scores for fidelity, tip adherence and fluency. A failed call is that case's judge error, never the
run's: the verdicts of the other cases still count.

Entry points (through the package): `make_judge`, `Judge`, `JudgeSummary`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .._catalog import MODELS, RouteId
from .._classify import StructuredCallError, StructuredLLM, StructuredResult, make_structured_llm
from .._resources import data_path
from .metrics import LatencyStats, latency_stats

__all__ = [
    "JUDGE_LABELS",
    "Judge",
    "JudgeInput",
    "JudgeLabel",
    "JudgeResult",
    "JudgeSummary",
    "JudgeVerdict",
    "JudgedCase",
    "judge_rubric",
    "make_judge",
    "parse_price",
    "render_case",
    "summarize_judgements",
]

JudgeLabel = Literal["ok", "awkward", "garbled", "distorted"]
# Best to worst; the worst-case list sorts by this order, reversed.
JUDGE_LABELS: Final[tuple[JudgeLabel, ...]] = ("ok", "awkward", "garbled", "distorted")
SCORE_NAMES: Final = ("fidelity", "tip_adherence", "fluency")

JUDGE_PROMPT_PARTS: Final = ("prompts", "judge", "system.md")
JUDGE_SCHEMA_NAME: Final = "prompt_judgement"
JUDGE_SCHEMA_DESCRIPTION: Final = "A judgement of one rewritten image-edit prompt against the user's request."
# Seconds per attempt. Longer than the classifier's 20 s: a judge model is often a larger one.
JUDGE_TIMEOUT_S: Final = 60.0
# The openai SDK's bounded retries (429, 5xx, connection errors, timeouts) for a client built here.
JUDGE_MAX_RETRIES: Final = 2
# Worst cases kept in the report (the terminal shows the first few of them).
JUDGE_WORST_CASES: Final = 20
# A reason is one line; a rambling model is cut here rather than bloating every report.
MAX_REASON_CHARS: Final = 240
# Judge errors quoted in the report, so a broken endpoint is diagnosable without the JSON.
JUDGE_ERROR_EXAMPLES: Final = 3
TOKENS_PER_PRICE_UNIT: Final = 1_000_000
# USD per million tokens (input, output), list prices as published by OpenAI when this was written;
# a model not listed reports tokens only. `--judge-price IN,OUT` overrides or adds one.
KNOWN_PRICES_USD_PER_MTOK: Final[Mapping[str, tuple[float, float]]] = {
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
}
ENV_JUDGE_MODEL: Final = "RUNCOMFY_EDIT_JUDGE_MODEL"

_MISSING_ENDPOINT: Final = (
    "--judge needs an endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL / --judge-base-url "
    "(any OpenAI-compatible server), or drop --judge"
)


class JudgeVerdict(BaseModel):
    """The judge's answer. The reason and scores come before the label: the model reasons, then decides."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(description="One short sentence: the main problem, or why the prompt is ok.")
    fidelity: float = Field(
        ge=0.0, le=1.0, description="How fully and exactly the request's meaning is kept."
    )
    tip_adherence: float = Field(
        ge=0.0, le=1.0, description="How well the route's prompting tips are followed."
    )
    fluency: float = Field(ge=0.0, le=1.0, description="How well the prompt reads as instructions.")
    label: JudgeLabel

    @field_validator("reason")
    @classmethod
    def _one_line(cls, value: str) -> str:
        flat = " ".join(value.split())
        return flat if len(flat) <= MAX_REASON_CHARS else flat[: MAX_REASON_CHARS - 1] + "…"


JudgeStatus = Literal["judged", "error", "skipped"]


class JudgeResult(BaseModel):
    """One case's judgement: a verdict, or the error that prevented one, and what the call cost.

    `skipped` means there was no prompt to judge (the case failed to plan); no call was made.
    """

    model_config = ConfigDict(extra="forbid")

    status: JudgeStatus
    verdict: JudgeVerdict | None
    error: str | None
    model: str
    method: str | None
    calls: int
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_ms: float


@dataclass(frozen=True)
class JudgeInput:
    """What the judge reads about one case."""

    request: str
    route: RouteId
    prompt: str
    n_images: int
    has_mask: bool


class LabelCounts(BaseModel):
    """How many judged cases got each label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ok: int = 0
    awkward: int = 0
    garbled: int = 0
    distorted: int = 0


class MeanScores(BaseModel):
    """Mean 0–1 scores over the judged cases; null when none was judged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fidelity: float | None
    tip_adherence: float | None
    fluency: float | None


class WorstCase(BaseModel):
    """A case the judge liked least: distorted first, then garbled, then awkward; lowest fidelity first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: JudgeLabel
    reason: str
    fidelity: float
    fluency: float
    route: str | None
    lang: str


class JudgeSummary(BaseModel):
    """The judge's figures for a run.

    `ok_rate` is ok verdicts over the cases the judge was asked about (verdicts + judge errors): an
    error counts as not ok, so a broken judge cannot pass a gate. Skipped cases (no prompt) are out.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    prompt_hash: str
    judged: int
    errors: int
    skipped: int
    labels: LabelCounts
    ok_rate: float | None
    mean: MeanScores
    by_route: dict[str, LabelCounts]
    by_lang: dict[str, LabelCounts]
    calls: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    latency_ms: LatencyStats
    price_usd_per_mtok: tuple[float, float] | None
    cost_usd: float | None
    worst: list[WorstCase]
    error_examples: list[str]


def render_case(item: JudgeInput) -> str:
    """The user message for one case: request and prompt delimited as data, inputs and route named."""

    def data(text: str, tag: str) -> str:
        # Only the closing tag could end a data block early; everything else is kept byte-for-byte.
        return text.strip().replace(f"</{tag}>", f"<\\/{tag}>")

    images = f"{item.n_images} image{'s' if item.n_images != 1 else ''}"
    title = MODELS[item.route].title
    return "\n".join(
        [
            "<request>",
            data(item.request, "request"),
            "</request>",
            f"inputs: {images}, {'a mask' if item.has_mask else 'no mask'}",
            f"route: {item.route} ({title})",
            "<prompt>",
            data(item.prompt, "prompt"),
            "</prompt>",
        ]
    )


def parse_price(text: str) -> tuple[float, float]:
    """`"IN,OUT"` (USD per million input and output tokens) → a pair; ValueError naming the form otherwise."""
    parts = [part.strip() for part in text.split(",")]
    try:
        prices = tuple(float(part) for part in parts)
    except ValueError:
        prices = ()
    if len(prices) != 2 or any(not price >= 0 for price in prices):
        raise ValueError(f"expected IN,OUT in USD per million tokens, e.g. 0.4,1.6; got {text!r}")
    return prices[0], prices[1]


class Judge:
    """Judges one case at a time, sync or async; never raises for a failed call."""

    def __init__(self, llm: StructuredLLM[JudgeVerdict], *, price: tuple[float, float] | None = None) -> None:
        self.llm = llm
        self.price = price if price is not None else KNOWN_PRICES_USD_PER_MTOK.get(llm.model)

    @property
    def model(self) -> str:
        """The judge model's name."""
        return self.llm.model

    @property
    def prompt_hash(self) -> str:
        """Short hash of rubric and schema: judge runs with different rubrics are not compared blindly."""
        return self.llm.prompt_hash

    def skipped(self) -> JudgeResult:
        """The result for a case with no prompt to judge."""
        return JudgeResult(
            status="skipped",
            verdict=None,
            error="not judged: the case has no prompt (planning failed)",
            model=self.model,
            method=None,
            calls=0,
            prompt_tokens=None,
            completion_tokens=None,
            latency_ms=0.0,
        )

    def _error(self, exc: Exception) -> JudgeResult:
        if isinstance(exc, StructuredCallError):
            return JudgeResult(
                status="error",
                verdict=None,
                error=exc.reason,
                model=self.model,
                method=exc.method,
                calls=exc.calls,
                prompt_tokens=exc.prompt_tokens,
                completion_tokens=exc.completion_tokens,
                latency_ms=exc.latency_ms,
            )
        # Not a call fault but a bug on this side: still this case's error, named by its type.
        return JudgeResult(
            status="error",
            verdict=None,
            error=f"judge error ({type(exc).__name__}): {exc}",
            model=self.model,
            method=None,
            calls=0,
            prompt_tokens=None,
            completion_tokens=None,
            latency_ms=0.0,
        )

    @staticmethod
    def _judged(result: StructuredResult[JudgeVerdict]) -> JudgeResult:
        return JudgeResult(
            status="judged",
            verdict=result.value,
            error=None,
            model=result.model,
            method=result.method,
            calls=result.calls,
            prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens,
            latency_ms=result.latency_ms,
        )

    def judge(self, item: JudgeInput) -> JudgeResult:
        """Judge one case (blocking)."""
        try:
            return self._judged(self.llm.call(render_case(item)))
        except Exception as exc:  # one failed judgement must not end the run
            return self._error(exc)

    async def ajudge(self, item: JudgeInput) -> JudgeResult:
        """Judge one case without blocking the event loop."""
        try:
            return self._judged(await self.llm.acall(render_case(item)))
        except Exception as exc:  # one failed judgement must not end the run
            return self._error(exc)


def judge_rubric() -> str:
    """The packaged rubric (prompts/judge/system.md)."""
    return data_path(*JUDGE_PROMPT_PARTS).read_text(encoding="utf-8").strip()


def make_judge(
    *,
    llm: Any = None,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float = JUDGE_TIMEOUT_S,
    method: str | None = None,
    price: tuple[float, float] | None = None,
) -> Judge:
    """A judge on `llm` (None: an OpenAI-compatible endpoint from `base_url` / OPENAI_BASE_URL and
    OPENAI_API_KEY; or an `openai` client; or a LangChain chat model).

    The model is `model`, else RUNCOMFY_EDIT_JUDGE_MODEL, else the classifier's RUNCOMFY_EDIT_LLM_MODEL
    and default. `price` (USD per million input, output tokens) overrides the known list prices.
    """
    return Judge(
        make_structured_llm(
            JudgeVerdict,
            judge_rubric(),
            name=JUDGE_SCHEMA_NAME,
            description=JUDGE_SCHEMA_DESCRIPTION,
            timeout=timeout,
            max_retries=JUDGE_MAX_RETRIES,
            missing_endpoint=_MISSING_ENDPOINT,
            llm=llm,
            model=model or os.environ.get(ENV_JUDGE_MODEL) or None,
            base_url=base_url,
            method=method,
        ),
        price=price,
    )


# --- aggregation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgedCase:
    """What the summary needs of one case besides its judgement."""

    id: str
    route: str | None
    lang: str
    result: JudgeResult


def _counts(verdicts: Sequence[JudgeVerdict]) -> LabelCounts:
    tally = dict.fromkeys(JUDGE_LABELS, 0)
    for verdict in verdicts:
        tally[verdict.label] += 1
    return LabelCounts(**tally)


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _sliced(cases: Sequence[JudgedCase], key: str) -> dict[str, LabelCounts]:
    groups: dict[str, list[JudgeVerdict]] = {}
    for case in cases:
        if case.result.verdict is not None:
            name = (case.route or "error") if key == "route" else case.lang
            groups.setdefault(name, []).append(case.result.verdict)
    return {name: _counts(verdicts) for name, verdicts in sorted(groups.items())}


def _worst(cases: Sequence[JudgedCase]) -> list[WorstCase]:
    severity = {label: index for index, label in enumerate(JUDGE_LABELS)}
    bad = [case for case in cases if case.result.verdict is not None and case.result.verdict.label != "ok"]

    def order(case: JudgedCase) -> tuple[int, float, float, str]:
        verdict = case.result.verdict
        assert verdict is not None
        return (-severity[verdict.label], verdict.fidelity, verdict.fluency, case.id)

    worst = []
    for case in sorted(bad, key=order)[:JUDGE_WORST_CASES]:
        verdict = case.result.verdict
        assert verdict is not None
        worst.append(
            WorstCase(
                id=case.id,
                label=verdict.label,
                reason=verdict.reason,
                fidelity=verdict.fidelity,
                fluency=verdict.fluency,
                route=case.route,
                lang=case.lang,
            )
        )
    return worst


def summarize_judgements(
    cases: Sequence[JudgedCase], *, model: str, prompt_hash: str, price: tuple[float, float] | None
) -> JudgeSummary:
    """Counts per label (overall, per route, per language), mean scores, tokens, cost and the worst cases."""
    verdicts = [c.result.verdict for c in cases if c.result.verdict is not None]
    errors = [c for c in cases if c.result.status == "error"]
    attempted = len(verdicts) + len(errors)
    labels = _counts(verdicts)
    prompt_tokens = sum(c.result.prompt_tokens or 0 for c in cases)
    completion_tokens = sum(c.result.completion_tokens or 0 for c in cases)
    # Cost only when every call that ran reported its tokens; a partial sum would under-report.
    tokens_known = all(
        c.result.prompt_tokens is not None and c.result.completion_tokens is not None
        for c in cases
        if c.result.calls
    )
    cost = (
        round((prompt_tokens * price[0] + completion_tokens * price[1]) / TOKENS_PER_PRICE_UNIT, 6)
        if price is not None and tokens_known
        else None
    )
    return JudgeSummary(
        model=model,
        prompt_hash=prompt_hash,
        judged=len(verdicts),
        errors=len(errors),
        skipped=sum(c.result.status == "skipped" for c in cases),
        labels=labels,
        ok_rate=labels.ok / attempted if attempted else None,
        mean=MeanScores(
            **{name: _mean([getattr(v, name) for v in verdicts]) for name in SCORE_NAMES},
        ),
        by_route=_sliced(cases, "route"),
        by_lang=_sliced(cases, "lang"),
        calls=sum(c.result.calls for c in cases),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        total_tokens=prompt_tokens + completion_tokens,
        # Per judged-or-failed case (re-asks included); skipped cases made no call.
        latency_ms=latency_stats([c.result.latency_ms for c in cases if c.result.calls]),
        price_usd_per_mtok=price,
        cost_usd=cost,
        worst=_worst(cases),
        error_examples=[f"{c.id}: {c.result.error}" for c in errors[:JUDGE_ERROR_EXAMPLES]],
    )
