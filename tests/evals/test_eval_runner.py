"""The eval runner with a scripted router: results, failures, LLM accounting, concurrency, JSON contract."""

from __future__ import annotations

import json

import pytest
from _eval_fakes import IMG, FakeRouter, case_row, llm_info, make_intent, make_plan

from runcomfy_edit_tool._evals.dataset import EvalCase
from runcomfy_edit_tool._evals.runner import EvalReport, arun_eval, build_report, run_eval, select_cases

CONTRACT_KEYS = [
    "accuracy",
    "accuracy_ci95",
    "macro_f1",
    "per_route",
    "confusion",
    "by_lang",
    "by_tag",
    "checks",
    "tips",
    "fidelity",
    "fidelity_cases",
    "fidelity_by_route",
    "fidelity_by_lang",
    "latency_ms",
    "llm",
    "judge",
    "prompt_hash",
    "classifier",
    "dataset",
    "n",
    "cases",
]
CASE_KEYS = {
    "id",
    "request",
    "lang",
    "tags",
    "n_images",
    "has_mask",
    "expected",
    "predicted",
    "correct",
    "classifier",
    "fallback_reason",
    "prompt",
    "fidelity",
    "findings",
    "latency_ms",
    "usage",
    "reasons",
    "checks",
    "tips",
    "error",
    "judge",
}


def _cases() -> list[EvalCase]:
    rows = [
        case_row("bg-1", "beach background", "nano-banana-edit", tags=["background"]),
        case_row(
            "txt-1",
            "headline 夏のセール",
            "gpt-image-2-edit",
            lang="ja",
            tags=["text", "hard"],
            expect={"quoted_text": ["夏のセール"], "script": "Japanese"},
        ),
        case_row("umb-1", "orange umbrella", "flux-kontext-pro", tags=["local"]),
        case_row("bad-1", "broken input", "z-image-inpaint", mask="https://example.com/m.png", tags=["hard"]),
        case_row("var-1", "three options", "nano-banana-edit", expect={"num_images": 3}),
    ]
    return [EvalCase.model_validate(row) for row in rows]


def _router() -> FakeRouter:
    return FakeRouter(
        {
            "beach background": make_plan(
                "nano-banana-edit", "Keep the person unchanged. Replace the background."
            ),
            "headline 夏のセール": make_plan(
                "gpt-image-2-edit", 'Keep the layout. Replace the headline with "夏のセール" in Japanese.'
            ),
            # Misrouted on purpose: the policy says flux, the fake says nano.
            "orange umbrella": make_plan("nano-banana-edit", "She is now holding an orange umbrella."),
            "broken input": ValueError("mask needs exactly one image"),
            "three options": make_plan(
                "nano-banana-edit", "Keep the product. Make three looks.", body_extra={"num_images": 3}
            ),
        }
    )


def test_records_every_case_in_order() -> None:
    """Each case yields a record with expected/predicted/correct and the plan's prompt and reasons."""
    report = run_eval(_router(), _cases(), classifier="rules", dataset="tiny.jsonl")
    assert [c.id for c in report.cases] == ["bg-1", "txt-1", "umb-1", "bad-1", "var-1"]
    umbrella = report.cases[2]
    assert (umbrella.expected, umbrella.predicted, umbrella.correct) == (
        "flux-kontext-pro",
        "nano-banana-edit",
        False,
    )
    assert umbrella.prompt == "She is now holding an orange umbrella."
    assert umbrella.reasons == ["rule: nano-banana-edit"]
    assert umbrella.classifier == "rules"
    assert report.cases[0].correct
    assert report.n == 5
    assert report.dataset == "tiny.jsonl"


def test_failing_case_counts_as_wrong_and_keeps_message() -> None:
    """A case whose planning raises is recorded as wrong with its message; the run goes on."""
    report = run_eval(_router(), _cases())
    failed = report.cases[3]
    assert failed.predicted is None
    assert not failed.correct
    assert failed.error == "ValueError: mask needs exactly one image"
    assert failed.tips == {}
    assert report.errors == 1
    assert report.confusion["z-image-inpaint"]["error"] == 1


def test_library_input_error_message_is_kept_verbatim() -> None:
    """The package's own errors keep their one-line message without a type prefix."""
    router = FakeRouter({})  # every request raises InputError("no scripted answer ...")
    report = run_eval(router, _cases()[:1])
    assert report.cases[0].error == "no scripted answer for 'beach background'"


def test_accuracy_equals_share_of_correct_cases() -> None:
    """`accuracy` equals the share of cases whose predicted equals expected (the JSON contract)."""
    report = run_eval(_router(), _cases())
    data = json.loads(report.model_dump_json())
    share = sum(c["predicted"] == c["expected"] for c in data["cases"]) / len(data["cases"])
    assert data["accuracy"] == share == 3 / 5
    low, high = data["accuracy_ci95"]
    assert low < data["accuracy"] < high


def test_json_has_exactly_the_contract_keys() -> None:
    """The report's JSON has exactly the agreed top-level keys, and every case the agreed fields."""
    data = json.loads(run_eval(_router(), _cases(), classifier="rules").model_dump_json())
    assert list(data) == CONTRACT_KEYS
    assert all(set(case) == CASE_KEYS for case in data["cases"])
    assert set(data["per_route"]) == {
        "nano-banana-edit",
        "gpt-image-2-edit",
        "flux-kontext-pro",
        "z-image-inpaint",
    }
    assert set(data["per_route"]["nano-banana-edit"]) == {"precision", "recall", "f1", "support", "predicted"}
    assert set(data["latency_ms"]) == {"p50", "p95", "mean", "max"}
    assert data["classifier"] == "rules"
    assert data["prompt_hash"] is None
    assert data["judge"] is None  # no --judge: null, and null on every case
    assert all(case["judge"] is None for case in data["cases"])
    assert EvalReport.model_validate(data).n == 5  # round-trips


def test_slices_checks_and_tips_are_aggregated() -> None:
    """by_lang, by_tag, extraction checks and tip compliance come out of the per-case records."""
    report = run_eval(_router(), _cases())
    assert report.by_lang["ja"].accuracy == 1.0
    assert (report.by_tag["hard"].n, report.by_tag["hard"].correct) == (2, 1)
    assert report.cases[1].checks == {"quoted_text": True, "script": True}
    assert report.cases[4].checks == {"num_images": True}
    assert report.checks.by_name["num_images"].rate == 1.0
    # The umbrella prompt starts with the change, not preservation.
    assert report.cases[2].tips == {"preservation_first": False}
    assert report.tips.by_name["preservation_first"].passed == 3


def test_llm_usage_is_summed_and_auto_resolves_to_llm() -> None:
    """LLM tokens, calls and fallbacks are summed, the prompt hash recorded, and "auto" reports "llm"."""
    router = FakeRouter(
        {
            "a": make_plan("nano-banana-edit", classifier="llm", llm=llm_info(100, 10)),
            "b": make_plan("nano-banana-edit", classifier="llm", llm=llm_info(120, 12)),
            "c": make_plan("nano-banana-edit", classifier="rules", fallback_reason="timeout after 20s"),
        }
    )
    cases = [EvalCase.model_validate(case_row(r, r, "nano-banana-edit")) for r in "abc"]
    report = run_eval(router, cases, classifier="auto")
    assert (report.llm.calls, report.llm.fallbacks) == (2, 1)
    assert (report.llm.prompt_tokens, report.llm.completion_tokens, report.llm.total_tokens) == (220, 22, 242)
    assert report.prompt_hash == "abc123"
    assert report.classifier == "llm"
    assert report.cases[0].usage is not None
    assert report.cases[2].fallback_reason == "timeout after 20s"


def test_auto_without_llm_reports_rules() -> None:
    """When "auto" found no LLM configured, the report says the rules decided."""
    assert run_eval(_router(), _cases()[:1], classifier="auto").classifier == "rules"


async def test_async_run_respects_the_concurrency_bound() -> None:
    """`arun_eval` keeps at most `concurrency` plans in flight, uses all of it, and keeps the set's order."""
    plans = {f"r{i}": make_plan("nano-banana-edit") for i in range(12)}
    router = FakeRouter(plans, delay=0.01)
    cases = [EvalCase.model_validate(case_row(f"c{i}", f"r{i}", "nano-banana-edit")) for i in range(12)]
    report = await arun_eval(router, cases, concurrency=3)
    assert router.max_in_flight == 3
    assert [c.id for c in report.cases] == [f"c{i}" for i in range(12)]
    assert report.accuracy == 1.0


def test_sync_entry_point_with_concurrency_uses_aplan() -> None:
    """`run_eval(concurrency>1)` runs the async path; failures there are recorded, not raised."""
    router = _router()
    router.delay = 0.001
    report = run_eval(router, _cases(), concurrency=2)
    assert router.max_in_flight == 2
    assert report.errors == 1
    assert report.accuracy == 3 / 5


def test_router_receives_the_case_inputs() -> None:
    """The router is called with the case's request, images (in order) and mask."""
    router = _router()
    run_eval(router, _cases())
    assert router.calls[3] == ("broken input", [IMG], "https://example.com/m.png")


@pytest.mark.parametrize("concurrency", [0, -1])
def test_concurrency_below_one_is_rejected(concurrency: int) -> None:
    """A concurrency under 1 is a ValueError, not a hang."""
    with pytest.raises(ValueError, match="concurrency"):
        run_eval(_router(), _cases(), concurrency=concurrency)


@pytest.mark.parametrize(
    ("tags", "limit", "ids"),
    [
        ((), None, ["bg-1", "txt-1", "umb-1", "bad-1", "var-1"]),
        (("hard",), None, ["txt-1", "bad-1"]),
        (("hard", "local"), None, ["txt-1", "umb-1", "bad-1"]),
        ((), 2, ["bg-1", "txt-1"]),
        (("hard",), 1, ["txt-1"]),
        (("nope",), None, []),
    ],
)
def test_select_cases_filters_by_any_tag_then_limits(
    tags: tuple[str, ...], limit: int | None, ids: list[str]
) -> None:
    """`--tag` keeps cases with any of the tags; `--limit` then keeps the first N."""
    assert [c.id for c in select_cases(_cases(), tags=tags, limit=limit)] == ids


def test_build_report_is_pure_aggregation() -> None:
    """build_report on an empty result list gives zeros, not errors."""
    report = build_report([], classifier="rules", dataset="x")
    assert (report.n, report.accuracy, report.macro_f1) == (0, 0.0, 0.0)
    assert report.accuracy_ci95 == (0.0, 1.0)


def test_plan_with_intent_preserve_passes_preservation_tip() -> None:
    """A prompt whose first sentence names a preserved item passes the preservation tip."""
    plan = make_plan(
        "flux-kontext-pro",
        "Her face stays as it is, and she is now holding an orange umbrella.",
        intent=make_intent(preserve=["her face"]),
    )
    router = FakeRouter({"x": plan})
    report = run_eval(router, [EvalCase.model_validate(case_row("x", "x", "flux-kontext-pro"))])
    assert report.cases[0].tips == {"preservation_first": True, "flux_single_instruction": True}
    assert report.tips.rate == 1.0


def test_script_check_accepts_the_rewriters_localized_names() -> None:
    """By default a prompt naming the script in another language (the rewriter's wording) passes."""
    from runcomfy_edit_tool._rewrite.templates import script_names

    localized = sorted(name for name in script_names("Japanese") if "Japanese" not in name)
    assert localized, "the rewriter should know non-English names for Japanese"
    plan = make_plan("gpt-image-2-edit", f"标题改为「夏のセール」，用{localized[0]}书写。")
    row = case_row("t", "t", "gpt-image-2-edit", lang="zh", expect={"script": "Japanese"})
    report = run_eval(FakeRouter({"t": plan}), [EvalCase.model_validate(row)])
    assert report.cases[0].checks == {"script": True}


def test_explicit_prompt_hash_wins_even_when_every_call_fell_back() -> None:
    """A run given the LLM prompt hash reports it although no plan carried one (all fell back)."""
    router = FakeRouter({"a": make_plan("nano-banana-edit", fallback_reason="timeout")}, name="llm")
    cases = [EvalCase.model_validate(case_row("a", "a", "nano-banana-edit"))]
    assert run_eval(router, cases, prompt_hash="feed1234").prompt_hash == "feed1234"
    assert run_eval(router, cases).prompt_hash is None
