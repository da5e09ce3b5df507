"""The eval's LLM judge with fakes: verdict schema, prices, aggregation, the runner, summary, JSON and HTML.

The judge runs on the classifier's real LangChain backend here, with a scripted fake chat model that
answers by the request it reads; the HTTP path is in test_eval_judge_openai.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from _eval_fakes import FakeRouter, case_row, make_plan
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from pydantic import Field, ValidationError

from runcomfy_edit_tool._evals import format_summary, render_html
from runcomfy_edit_tool._evals.dataset import EvalCase
from runcomfy_edit_tool._evals.judge import (
    JUDGE_WORST_CASES,
    KNOWN_PRICES_USD_PER_MTOK,
    MAX_REASON_CHARS,
    Judge,
    JudgedCase,
    JudgeInput,
    JudgeResult,
    JudgeVerdict,
    judge_rubric,
    make_judge,
    parse_price,
    render_case,
    summarize_judgements,
)
from runcomfy_edit_tool._evals.runner import EvalReport, arun_eval, judge_results, run_eval
from runcomfy_edit_tool._exceptions import UsageError

USAGE = {"input_tokens": 400, "output_tokens": 50, "total_tokens": 450}
OK: dict[str, Any] = {
    "reason": "Says exactly what was asked.",
    "fidelity": 1.0,
    "tip_adherence": 0.9,
    "fluency": 0.95,
    "label": "ok",
}


def verdict(label: str = "ok", fidelity: float = 1.0, **overrides: Any) -> dict[str, Any]:
    """A verdict's fields; the reason names the label so tests can find it."""
    return {**OK, "label": label, "fidelity": fidelity, "reason": f"{label} because", **overrides}


def tool_call(args: dict[str, Any]) -> AIMessage:
    """An answer the way function-calling models give it, with token usage."""
    return AIMessage(
        content="", tool_calls=[{"name": "JudgeVerdict", "args": args, "id": "call_1"}], usage_metadata=USAGE
    )


class JudgeChat(GenericFakeChatModel):
    """Answers by the first scripted request text found in the user message; a valid ok verdict otherwise.

    A scripted value is verdict arguments, an exception to raise, or a list consumed one per call.
    """

    by_request: dict[str, Any] = Field(default_factory=dict)
    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[Any, Any]:
        """Tool binding is a no-op: the scripted answers already are tool calls."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        user = str(messages[1].content)
        item: Any = OK
        for request, scripted in self.by_request.items():
            if f"<request>\n{request}\n</request>" in user:
                item = scripted.pop(0) if isinstance(scripted, list) else scripted
                break
        if isinstance(item, BaseException):
            raise item
        return ChatResult(generations=[ChatGeneration(message=tool_call(item))])


def chat(**by_request: Any) -> JudgeChat:
    """A judge chat model scripted by request text."""
    return JudgeChat(messages=iter([]), by_request=by_request)


ITEM = JudgeInput(
    request="keep her face, put her on a beach",
    route="nano-banana-edit",
    prompt="Keep her face unchanged. Put her on a beach.",
    n_images=1,
    has_mask=False,
)


# --- the verdict and its inputs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "valid"),
    [
        (OK, True),
        (verdict("awkward", 0.7), True),
        (verdict("garbled", 0.0), True),
        (verdict("distorted", 0.2), True),
        ({**OK, "fidelity": 0.0, "tip_adherence": 0.0, "fluency": 0.0}, True),
        ({**OK, "label": "fine"}, False),
        ({**OK, "label": "OK"}, False),
        ({**OK, "fidelity": 1.5}, False),
        ({**OK, "fluency": -0.1}, False),
        ({**OK, "tip_adherence": 7}, False),
        ({**OK, "extra": "chatter"}, False),
        ({k: v for k, v in OK.items() if k != "reason"}, False),
        ({k: v for k, v in OK.items() if k != "label"}, False),
    ],
)
def test_verdict_schema(fields: dict[str, Any], valid: bool) -> None:
    """A verdict is one of four labels with three 0–1 scores and a reason, nothing else."""
    if valid:
        assert JudgeVerdict.model_validate(fields).label == fields["label"]
    else:
        with pytest.raises(ValidationError):
            JudgeVerdict.model_validate(fields)


def test_reason_is_one_bounded_line() -> None:
    """A multi-line or rambling reason is folded to one line and cut at the limit."""
    folded = JudgeVerdict.model_validate({**OK, "reason": "  lost the\n kept  items\t"})
    assert folded.reason == "lost the kept items"
    long = JudgeVerdict.model_validate({**OK, "reason": "x" * (MAX_REASON_CHARS * 2)})
    assert len(long.reason) == MAX_REASON_CHARS
    assert long.reason.endswith("…")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.4,1.6", (0.4, 1.6)),
        (" 2 , 8 ", (2.0, 8.0)),
        ("0,0", (0.0, 0.0)),
        ("1", None),
        ("1,2,3", None),
        ("a,b", None),
        ("-1,2", None),
        ("nan,1", None),
        ("", None),
    ],
)
def test_parse_price(text: str, expected: tuple[float, float] | None) -> None:
    """`IN,OUT` in USD per million tokens; anything else is an error showing the expected form."""
    if expected is not None:
        assert parse_price(text) == expected
    else:
        with pytest.raises(ValueError, match=r"IN,OUT in USD per million tokens"):
            parse_price(text)


def test_case_message_carries_request_route_and_prompt_as_data() -> None:
    """The user message names inputs and route and delimits request and prompt; a closing tag is escaped."""
    message = render_case(
        JudgeInput(
            request="write </request> on the sign",
            route="z-image-inpaint",
            prompt="Inside the mask: </prompt> text",
            n_images=1,
            has_mask=True,
        )
    )
    assert message.splitlines() == [
        "<request>",
        "write <\\/request> on the sign",
        "</request>",
        "inputs: 1 image, a mask",
        "route: z-image-inpaint (Z-Image Turbo Inpaint)",
        "<prompt>",
        "Inside the mask: <\\/prompt> text",
        "</prompt>",
    ]


def test_rubric_names_every_label_and_route() -> None:
    """The packaged rubric defines the four labels, the three scores and every route's tips."""
    rubric = judge_rubric()
    for word in ("ok:", "awkward:", "garbled:", "distorted:", "fidelity:", "tip_adherence:", "fluency:"):
        assert f"- {word}" in rubric
    for route in ("nano-banana-edit", "gpt-image-2-edit", "flux-kontext-pro", "z-image-inpaint"):
        assert f"- {route} (" in rubric


# --- one judgement on the real LangChain backend --------------------------------------------------------


def test_judge_returns_the_verdict_with_its_cost() -> None:
    """One call: the rubric as system message, the case as user message, verdict and tokens recorded."""
    model = chat()
    judge = make_judge(llm=model)
    result = judge.judge(ITEM)
    assert result.status == "judged"
    assert result.verdict == JudgeVerdict.model_validate(OK)
    assert (result.calls, result.prompt_tokens, result.completion_tokens) == (1, 400, 50)
    assert result.model == "generic-fake-chat-model"
    assert result.error is None
    [messages] = model.seen
    assert messages[0].content == judge_rubric()
    assert messages[1].content == render_case(ITEM)


def test_invalid_answer_is_reasked_once() -> None:
    """A schema-invalid verdict (a score of 7) earns one re-ask; both calls' tokens count."""
    model = chat(**{ITEM.request: [{**OK, "fidelity": 7}, OK]})
    result = make_judge(llm=model).judge(ITEM)
    assert result.status == "judged"
    assert (result.calls, result.prompt_tokens, result.completion_tokens) == (2, 800, 100)
    assert "fidelity" in str(model.seen[1][-1].content)  # the validation error went back to the model


def test_invalid_twice_is_a_judge_error_with_its_cost() -> None:
    """Two invalid answers: a judge error naming the field, tokens still counted, nothing raised."""
    model = chat(**{ITEM.request: [{**OK, "label": "fine"}, {**OK, "label": "fine"}]})
    result = make_judge(llm=model).judge(ITEM)
    assert result.status == "error"
    assert result.verdict is None
    assert result.error is not None
    assert result.error.startswith("llm output failed validation twice: label")
    assert (result.calls, result.prompt_tokens) == (2, 800)


@pytest.mark.parametrize(
    ("exc", "reason_start"),
    [
        (ConnectionError("refused"), "llm connection error (ConnectionError)"),
        (TimeoutError("slow"), "llm timeout"),
        (RuntimeError("boom"), "llm error (RuntimeError): boom"),
    ],
)
def test_failed_call_is_a_judge_error(exc: Exception, reason_start: str) -> None:
    """Whatever the chat model raises becomes this case's one-line judge error; nothing propagates."""
    result = make_judge(llm=chat(**{ITEM.request: exc})).judge(ITEM)
    assert result.status == "error"
    assert result.error is not None
    assert result.error.startswith(reason_start), result.error
    assert result.calls == 0


async def test_async_judgement() -> None:
    """`ajudge` gives the same verdict on the caller's event loop."""
    result = await make_judge(llm=chat(**{ITEM.request: verdict("awkward", 0.8)})).ajudge(ITEM)
    assert result.verdict is not None
    assert (result.verdict.label, result.verdict.fidelity) == ("awkward", 0.8)


def test_unusable_llm_is_a_usage_error() -> None:
    """An object that is neither a chat model nor an openai client is refused up front."""
    with pytest.raises(UsageError, match=r"llm must be a LangChain chat model"):
        make_judge(llm=object())


def test_missing_endpoint_is_a_usage_error_in_judge_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """No client, no base URL, no key: the error says what --judge needs."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(UsageError, match=r"^--judge needs an endpoint: .*--judge-base-url"):
        make_judge()


@pytest.mark.parametrize(
    ("model", "price", "expected"),
    [
        ("gpt-4.1-mini", None, KNOWN_PRICES_USD_PER_MTOK["gpt-4.1-mini"]),
        ("gpt-4.1-mini", (1.0, 2.0), (1.0, 2.0)),
        ("my-local-model", None, None),
        ("my-local-model", (0.0, 0.0), (0.0, 0.0)),
    ],
)
def test_price_known_or_given(model: str, price: tuple[float, float] | None, expected: Any) -> None:
    """A listed model has its list price; a given price wins; an unknown model has none (tokens only)."""
    assert make_judge(llm=chat(), model=model, price=price).price == expected


# --- aggregation --------------------------------------------------------------------------------------


def judged(label: str, fidelity: float = 1.0, tokens: int | None = 100) -> JudgeResult:
    """A judged case's result."""
    return JudgeResult(
        status="judged",
        verdict=JudgeVerdict.model_validate(verdict(label, fidelity)),
        error=None,
        model="m",
        method="json_schema",
        calls=1,
        prompt_tokens=tokens,
        completion_tokens=None if tokens is None else 10,
        latency_ms=1.0,
    )


def errored(reason: str = "llm timeout after 60s (3 attempts)") -> JudgeResult:
    """A case whose judge call failed after one attempt that reported tokens."""
    return JudgeResult(
        status="error",
        verdict=None,
        error=reason,
        model="m",
        method="json_schema",
        calls=1,
        prompt_tokens=100,
        completion_tokens=10,
        latency_ms=1.0,
    )


SKIPPED = make_judge(llm=chat()).skipped()


def case(
    case_id: str, result: JudgeResult, route: str | None = "nano-banana-edit", lang: str = "en"
) -> JudgedCase:
    """One case for the summary."""
    return JudgedCase(id=case_id, route=route, lang=lang, result=result)


def test_summary_counts_rates_scores_and_tokens() -> None:
    """Counts per label, ok rate over verdicts plus errors, mean scores, tokens and cost at the price."""
    cases = [
        case("a", judged("ok", 1.0)),
        case("b", judged("ok", 0.8), route="flux-kontext-pro", lang="fr"),
        case("c", judged("garbled", 0.6)),
        case("d", errored()),
        case("e", SKIPPED, route=None),
    ]
    summary = summarize_judgements(cases, model="m", prompt_hash="h", price=(1.0, 2.0))
    assert (summary.judged, summary.errors, summary.skipped) == (3, 1, 1)
    assert summary.labels.model_dump() == {"ok": 2, "awkward": 0, "garbled": 1, "distorted": 0}
    assert summary.ok_rate == 2 / 4
    assert summary.mean.fidelity == pytest.approx(0.8)
    assert summary.mean.tip_adherence == pytest.approx(0.9)
    assert (summary.calls, summary.prompt_tokens, summary.completion_tokens) == (4, 400, 40)
    assert summary.total_tokens == 440
    assert summary.latency_ms.max == 1.0  # four calls of 1 ms each; the skipped case adds none
    assert summary.cost_usd == pytest.approx((400 * 1.0 + 40 * 2.0) / 1e6)
    assert summary.by_route["flux-kontext-pro"].ok == 1
    assert summary.by_route["nano-banana-edit"].model_dump() == {
        "ok": 1,
        "awkward": 0,
        "garbled": 1,
        "distorted": 0,
    }
    assert set(summary.by_lang) == {"en", "fr"}
    assert summary.error_examples == ["d: llm timeout after 60s (3 attempts)"]


@pytest.mark.parametrize(
    ("results", "price", "cost"),
    [
        ([judged("ok")], None, None),
        ([judged("ok", tokens=None)], (1.0, 1.0), None),
        ([judged("ok"), judged("ok")], (0.0, 0.0), 0.0),
        ([], (1.0, 1.0), 0.0),
    ],
)
def test_cost_only_when_price_and_every_token_count_are_known(
    results: list[JudgeResult], price: tuple[float, float] | None, cost: float | None
) -> None:
    """No price, or a call that did not report tokens: cost is null (tokens only), never a partial sum."""
    cases = [case(str(n), result) for n, result in enumerate(results)]
    assert summarize_judgements(cases, model="m", prompt_hash="h", price=price).cost_usd == cost


def test_nothing_judged_has_null_rates() -> None:
    """Only skipped cases: no ok rate and no mean scores, rather than a misleading 0."""
    summary = summarize_judgements([case("e", SKIPPED)], model="m", prompt_hash="h", price=None)
    assert summary.ok_rate is None
    assert summary.mean.model_dump() == {"fidelity": None, "tip_adherence": None, "fluency": None}


def test_worst_cases_distorted_first_then_lowest_fidelity() -> None:
    """Worst list: distorted, then garbled, then awkward, lowest fidelity first; ok cases never in it."""
    cases = [
        case("ok-1", judged("ok", 0.1)),
        case("awk", judged("awkward", 0.2)),
        case("gar-hi", judged("garbled", 0.9)),
        case("dis-hi", judged("distorted", 0.5)),
        case("gar-lo", judged("garbled", 0.3)),
        case("dis-lo", judged("distorted", 0.1)),
    ]
    worst = summarize_judgements(cases, model="m", prompt_hash="h", price=None).worst
    assert [w.id for w in worst] == ["dis-lo", "dis-hi", "gar-lo", "gar-hi", "awk"]
    assert worst[0].reason == "distorted because"


def test_worst_list_is_capped() -> None:
    """The worst list keeps at most JUDGE_WORST_CASES entries; the counts still cover every case."""
    cases = [case(f"c{n:03}", judged("garbled", 0.5)) for n in range(JUDGE_WORST_CASES + 5)]
    summary = summarize_judgements(cases, model="m", prompt_hash="h", price=None)
    assert len(summary.worst) == JUDGE_WORST_CASES
    assert summary.labels.garbled == JUDGE_WORST_CASES + 5


# --- through the runner, the summary, the JSON and the HTML ------------------------------------------------

ROWS = [
    case_row("bg-1", "beach background", "nano-banana-edit"),
    case_row("txt-1", "headline <b>SALE</b>", "gpt-image-2-edit", lang="de"),
    case_row("umb-1", "orange umbrella", "flux-kontext-pro"),
    case_row("bad-1", "broken input", "z-image-inpaint", mask="https://example.com/m.png"),
]
CASES = [EvalCase.model_validate(row) for row in ROWS]


def router() -> FakeRouter:
    """Three planned cases and one that fails to plan."""
    return FakeRouter(
        {
            "beach background": make_plan("nano-banana-edit", "Keep the subject. Beach background."),
            "headline <b>SALE</b>": make_plan("gpt-image-2-edit", 'Write "SALE" <b>'),
            "orange umbrella": make_plan("flux-kontext-pro", "She holds an orange umbrella."),
        }
    )


def scripted_judge() -> tuple[Judge, JudgeChat]:
    """A judge that finds the text edit distorted and cannot judge the umbrella case."""
    model = chat(
        **{
            "headline <b>SALE</b>": verdict("distorted", 0.2, reason="writes the <b> tag, not SALE"),
            "orange umbrella": ConnectionError("refused"),
        }
    )
    return make_judge(llm=model), model


def test_run_eval_judges_every_planned_case() -> None:
    """Each planned case gets a verdict or a judge error; the unplanned one is skipped without a call."""
    judge, model = scripted_judge()
    report = run_eval(router(), CASES, judge=judge)
    statuses = {c.id: c.judge.status if c.judge else None for c in report.cases}
    assert statuses == {"bg-1": "judged", "txt-1": "judged", "umb-1": "error", "bad-1": "skipped"}
    labels = {c.id: c.judge.verdict.label for c in report.cases if c.judge and c.judge.verdict}
    assert labels == {"bg-1": "ok", "txt-1": "distorted"}
    assert len(model.seen) == 3
    summary = report.judge
    assert summary is not None
    assert (summary.judged, summary.errors, summary.skipped) == (2, 1, 1)
    assert summary.ok_rate == pytest.approx(1 / 3)
    assert [w.id for w in summary.worst] == ["txt-1"]
    assert summary.prompt_hash == judge.prompt_hash
    assert report.accuracy == 3 / 4  # judging changes no routing figure


def test_judge_concurrency_runs_on_an_event_loop() -> None:
    """Above concurrency 1 the judge calls go through the async path; results keep the set's order."""
    judge, _ = scripted_judge()
    report = run_eval(router(), CASES, judge=judge, judge_concurrency=3)
    assert [c.id for c in report.cases] == ["bg-1", "txt-1", "umb-1", "bad-1"]
    assert [c.judge.status for c in report.cases if c.judge] == ["judged", "judged", "error", "skipped"]


async def test_arun_eval_judges_too() -> None:
    """The async runner judges with the planning concurrency when no judge concurrency is given."""
    judge, _ = scripted_judge()
    report = await arun_eval(router(), CASES, concurrency=2, judge=judge)
    assert report.judge is not None
    assert report.judge.labels.distorted == 1


def test_judge_concurrency_must_be_positive() -> None:
    """A judge concurrency below 1 is a programming error, said plainly."""
    judge, _ = scripted_judge()
    with pytest.raises(ValueError, match="judge concurrency must be at least 1"):
        judge_results(judge, [], concurrency=0)


def test_json_carries_the_judgement() -> None:
    """`judge` in the JSON: the summary's agreed keys, each case's status, verdict and cost; round-trips."""
    judge, _ = scripted_judge()
    data = json.loads(run_eval(router(), CASES, judge=judge).model_dump_json())
    assert list(data["judge"]) == [
        "model",
        "prompt_hash",
        "judged",
        "errors",
        "skipped",
        "labels",
        "ok_rate",
        "mean",
        "by_route",
        "by_lang",
        "calls",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "latency_ms",
        "price_usd_per_mtok",
        "cost_usd",
        "worst",
        "error_examples",
    ]
    assert set(data["cases"][0]["judge"]) == {
        "status",
        "verdict",
        "error",
        "model",
        "method",
        "calls",
        "prompt_tokens",
        "completion_tokens",
        "latency_ms",
    }
    assert list(data["cases"][0]["judge"]["verdict"]) == [
        "reason",
        "fidelity",
        "tip_adherence",
        "fluency",
        "label",
    ]
    assert EvalReport.model_validate(data).judge is not None


def test_summary_shows_labels_scores_usage_and_worst_cases() -> None:
    """The terminal summary: judge model, label counts, ok rate, scores, usage, errors and worst cases."""
    judge, _ = scripted_judge()
    text = format_summary(run_eval(router(), CASES, judge=judge))
    lines = text.splitlines()
    head = f"  judge generic-fake-chat-model (rubric {judge.prompt_hash}): "
    assert head + "2 judged, 1 judge errors, 1 skipped (no prompt)" in lines
    assert "  ok 1   awkward 0   garbled 0   distorted 1   ok rate 1/3 33.3%" in lines
    assert "  mean scores: fidelity 0.60   tip adherence 0.90   fluency 0.95" in lines
    assert any(
        line.startswith("  judge usage: 2 calls, 900 tokens") and "tokens only" in line for line in lines
    )
    assert any(line.startswith("  judge error: umb-1: llm connection error") for line in lines)
    assert "    distorted  txt-1  gpt-image-2-edit  fidelity 0.20  writes the <b> tag, not SALE" in lines


def test_summary_without_judge_has_no_judge_lines() -> None:
    """Without --judge the summary is unchanged: no judge line at all."""
    assert "judge" not in format_summary(run_eval(router(), CASES))


def test_html_shows_not_ok_prompts_beside_their_requests_escaped() -> None:
    """The HTML: a judge card and section, each not-ok prompt beside its request, all text escaped."""
    judge, _ = scripted_judge()
    page = render_html(run_eval(router(), CASES, judge=judge))
    assert "Judge ok" in page
    assert "Judge: generic-fake-chat-model (1 prompts not ok)" in page
    assert '<span class="jl jl-distorted">distorted</span>' in page
    assert "headline &lt;b&gt;SALE&lt;/b&gt;" in page
    assert "writes the &lt;b&gt; tag, not SALE" in page
    assert "<b>SALE</b>" not in page
    assert "umb-1: llm connection error" in page


def test_html_without_judge_has_no_judge_section() -> None:
    """Without --judge the page has no judge card or section."""
    page = render_html(run_eval(router(), CASES))
    assert "Judge ok" not in page
    assert 'jl-distorted">' not in page
