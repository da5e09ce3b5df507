"""`runcomfy-edit eval --judge` over real HTTP: the loopback fake OpenAI server, the CLI, gates and faults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openai
import pytest
from fake_openai_server import USAGE, FakeOpenAI, Step

from runcomfy_edit_tool._cli import main
from runcomfy_edit_tool._evals.judge import (
    ENV_JUDGE_MODEL,
    JUDGE_SCHEMA_NAME,
    KNOWN_PRICES_USD_PER_MTOK,
    JudgeInput,
    judge_rubric,
    make_judge,
)

CASES = 3
# The packaged set's first three cases, planned by the offline rules: no classifier LLM involved.
BASE = ["eval", "--classifier", "rules", "--limit", str(CASES)]


@pytest.fixture
def judge_env(fake_llm: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    """The fake server, with no judge model leaking in from the environment either."""
    monkeypatch.delenv(ENV_JUDGE_MODEL, raising=False)
    return fake_llm


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI; exit code, stdout, stderr."""
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def judged(fake: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    """`eval --judge` against the fake; the JSON report (the run must succeed)."""
    out = tmp_path / "eval.json"
    argv = [*BASE, "--judge", "--judge-base-url", fake.base_url, "--json", str(out), *extra]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8"))


def test_one_structured_call_per_case(
    judge_env: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each case is one strict json_schema request: the rubric as system message, the case as data."""
    data = judged(judge_env, tmp_path, capsys, "--judge-model", "judge-test")
    assert len(judge_env.requests) == CASES
    body = judge_env.requests[0]
    assert body["model"] == "judge-test"
    assert body["response_format"]["json_schema"]["name"] == JUDGE_SCHEMA_NAME
    schema = body["response_format"]["json_schema"]["schema"]
    assert list(schema["properties"]) == ["reason", "fidelity", "tip_adherence", "fluency", "label"]
    assert schema["properties"]["label"]["enum"] == ["ok", "awkward", "garbled", "distorted"]
    system, user = body["messages"]
    assert system == {"role": "system", "content": judge_rubric()}
    first = data["cases"][0]
    assert user["content"].startswith(f"<request>\n{first['request']}\n</request>")
    assert f"<prompt>\n{first['prompt']}\n</prompt>" in user["content"]
    assert f"route: {first['predicted']} (" in user["content"]
    for case in data["cases"]:
        judge = case["judge"]
        assert judge["status"] == "judged"
        assert judge["method"] == "json_schema"
        assert (judge["calls"], judge["prompt_tokens"], judge["completion_tokens"]) == (
            1,
            USAGE["prompt_tokens"],
            USAGE["completion_tokens"],
        )
    summary = data["judge"]
    assert summary["model"] == "judge-test"
    assert (summary["judged"], summary["errors"], summary["calls"]) == (CASES, 0, CASES)
    assert summary["total_tokens"] == CASES * USAGE["total_tokens"]
    assert summary["cost_usd"] is None  # unknown model, no --judge-price: tokens only


def test_llama_cpp_refusal_moves_to_json_object_with_schema(
    judge_env: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server that refuses json_schema (llama.cpp's 500) costs one probe; the rest go as json_object."""
    judge_env.refused_methods = {"json_schema"}
    data = judged(judge_env, tmp_path, capsys, "--judge-concurrency", "1")
    assert judge_env.methods == ["json_schema", *["json_object_schema"] * CASES]
    assert {case["judge"]["method"] for case in data["cases"]} == {"json_object_schema"}
    assert data["judge"]["errors"] == 0


def test_labels_worst_cases_and_the_gate(
    judge_env: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scripted verdicts are counted, the distorted one leads the worst cases, and --min-judge-ok fails."""
    judge_env.queue(
        Step(answer={"label": "distorted", "fidelity": 0.1, "reason": "drops the kept items"}),
        Step(answer={"label": "ok", "fidelity": 1.0, "fluency": 1.0, "tip_adherence": 1.0}),
        Step(answer={"label": "awkward", "fidelity": 0.9}),
    )
    out = tmp_path / "eval.json"
    argv = [
        *BASE,
        "--judge",
        "--judge-base-url",
        judge_env.base_url,
        "--judge-concurrency",
        "1",
        "--json",
        str(out),
        "--min-judge-ok",
        "0.5",
    ]
    code, stdout, err = run(argv, capsys)
    assert code == 1
    assert err.strip() == (
        "Error: the judge labelled 1/3 prompts ok (0.3333; 0 judge errors count as not ok), "
        "below the required --min-judge-ok 0.5000"
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["judge"]["labels"] == {"ok": 1, "awkward": 1, "garbled": 0, "distorted": 1}
    assert [w["label"] for w in data["judge"]["worst"]] == ["distorted", "awkward"]
    assert data["judge"]["worst"][0]["reason"] == "drops the kept items"
    assert "ok 1   awkward 1   garbled 0   distorted 1   ok rate 1/3 33.3%" in stdout
    assert "drops the kept items" in stdout


def test_gate_passes_when_enough_prompts_are_ok(
    judge_env: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every verdict ok (the fake's default answer): --min-judge-ok 1.0 passes."""
    judged(judge_env, tmp_path, capsys, "--min-judge-ok", "1.0")


def test_server_errors_become_judge_errors_and_the_run_completes(
    judge_env: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 400 on every judge call: each case records the error, the run exits 0, the gate then fails."""
    judge_env.queue(*[Step(kind="status", status=400, message="model not found")] * CASES)
    data = judged(judge_env, tmp_path, capsys, "--judge-concurrency", "1")
    errors = [case["judge"]["error"] for case in data["cases"]]
    assert errors == ["llm request rejected (HTTP 400): Error code: 400 - model not found"] * CASES
    assert (data["judge"]["judged"], data["judge"]["errors"], data["judge"]["ok_rate"]) == (0, CASES, 0.0)
    assert data["accuracy"] == 1.0  # routing is scored as without the judge
    judge_env.queue(*[Step(kind="status", status=400, message="model not found")] * CASES)
    code, stdout, err = run(
        [*BASE, "--judge", "--judge-base-url", judge_env.base_url, "--min-judge-ok", "0.1"], capsys
    )
    assert code == 1
    assert "3 judge errors count as not ok" in err
    assert "judge error: " in stdout


def test_unparseable_answer_is_a_judge_error(
    judge_env: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Invalid JSON from the server is that case's judge error, with the tokens it cost."""
    judge_env.queue(Step(kind="invalid_json"))
    data = judged(judge_env, tmp_path, capsys, "--judge-concurrency", "1")
    first = data["cases"][0]["judge"]
    assert first["status"] == "error"
    assert first["error"].startswith("llm output is not valid JSON")
    assert first["prompt_tokens"] == USAGE["prompt_tokens"]
    assert [case["judge"]["status"] for case in data["cases"][1:]] == ["judged"] * (CASES - 1)


@pytest.mark.parametrize(
    ("extra", "price"),
    [
        (["--judge-price", "1,2"], (1.0, 2.0)),
        (["--judge-model", "gpt-4.1-mini"], KNOWN_PRICES_USD_PER_MTOK["gpt-4.1-mini"]),
    ],
)
def test_cost_with_a_known_or_given_price(
    judge_env: FakeOpenAI,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    price: tuple[float, float],
) -> None:
    """With a price the JSON and the summary report the judge's cost from the tokens the server counted."""
    data = judged(judge_env, tmp_path, capsys, *extra)
    expected = (
        CASES * USAGE["prompt_tokens"] * price[0] + CASES * USAGE["completion_tokens"] * price[1]
    ) / 1e6
    assert data["judge"]["cost_usd"] == pytest.approx(expected)
    assert tuple(data["judge"]["price_usd_per_mtok"]) == price


def test_judge_endpoint_defaults_to_the_classifier_settings(
    judge_env: FakeOpenAI,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Endpoint from OPENAI_BASE_URL; model: --judge-model, then RUNCOMFY_EDIT_JUDGE_MODEL, then the LLM's."""
    monkeypatch.setenv("OPENAI_BASE_URL", judge_env.base_url)
    monkeypatch.setenv("RUNCOMFY_EDIT_LLM_MODEL", "from-env")
    out = tmp_path / "eval.json"
    code, _, err = run([*BASE, "--judge", "--json", str(out)], capsys)
    assert code == 0, err
    assert {body["model"] for body in judge_env.requests} == {"from-env"}
    monkeypatch.setenv(ENV_JUDGE_MODEL, "judge-from-env")
    code, _, err = run([*BASE, "--judge", "--llm-model", "classifier-flag", "--json", str(out)], capsys)
    assert code == 0, err
    assert judge_env.requests[-1]["model"] == "judge-from-env"  # the judge's own setting wins
    code, _, err = run([*BASE, "--judge", "--judge-model", "judge-flag", "--json", str(out)], capsys)
    assert code == 0, err
    assert judge_env.requests[-1]["model"] == "judge-flag"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [*BASE, "--judge"],
            "Error: --judge needs an endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL / "
            "--judge-base-url (any OpenAI-compatible server), or drop --judge",
        ),
        (
            [*BASE, "--judge-model", "gpt-4.1", "--min-judge-ok", "0.9"],
            "Error: --judge-model, --min-judge-ok only apply with --judge: add --judge or drop them",
        ),
        (
            [*BASE, "--judge", "--judge-base-url", "http://127.0.0.1:9/v1", "--judge-price", "cheap"],
            "Error: --judge-price: expected IN,OUT in USD per million tokens, e.g. 0.4,1.6; got 'cheap'",
        ),
    ],
)
def test_usage_errors(
    no_llm_env: None, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Judge misconfiguration is exit 64 with one line saying what to change, before any case is planned."""
    code, stdout, err = run(argv, capsys)
    assert code == 64
    assert err.strip().splitlines()[-1] == message
    assert stdout == ""


ITEM = JudgeInput(
    request="she's now holding an orange umbrella",
    route="flux-kontext-pro",
    prompt="Keeping everything else unchanged, she's now holding an orange umbrella.",
    n_images=1,
    has_mask=False,
)


def test_callers_sync_openai_client(judge_env: FakeOpenAI) -> None:
    """A caller's `openai.OpenAI` client is used as given: one request with the judge's schema."""
    client = openai.OpenAI(base_url=judge_env.base_url, api_key="test-key", max_retries=0)
    result = make_judge(llm=client, model="client-model").judge(ITEM)
    assert result.status == "judged", result.error
    assert result.model == "client-model"
    assert judge_env.requests[0]["response_format"]["json_schema"]["name"] == JUDGE_SCHEMA_NAME


async def test_callers_async_openai_client(judge_env: FakeOpenAI) -> None:
    """A caller's `openai.AsyncOpenAI` client is awaited on the caller's loop."""
    client = openai.AsyncOpenAI(base_url=judge_env.base_url, api_key="test-key", max_retries=0)
    result = await make_judge(llm=client).ajudge(ITEM)
    assert result.status == "judged", result.error
    assert (result.calls, result.prompt_tokens) == (1, USAGE["prompt_tokens"])
