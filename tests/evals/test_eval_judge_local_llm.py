"""`eval --judge` through a real local LLM (llama-cpp-python + Qwen2.5-Coder-0.5B): plumbing, not judgement.

A 0.5B model copies the rubric rather than judging, so nothing here asserts a label or a score's
value: only that every case came back as a parsed verdict through llama.cpp's json_object+schema
fallback, with its tokens counted, in the JSON, the summary and the HTML.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runcomfy_edit_tool._cli import main
from runcomfy_edit_tool._evals.judge import ENV_JUDGE_MODEL, JudgeVerdict, make_judge

pytestmark = pytest.mark.local_llm

CASES = 2
# CPU inference on 2 cores: the ~1k-token rubric takes up to ~2 min cold while other processes share
# the cores; the 60 s default would turn that into judge errors, which is not what this test is about.
LOCAL_TIMEOUT_S = "300"
# The server serves whatever model it loaded whatever the name; record an honest one.
LOCAL_MODEL = "qwen2.5-coder-0.5b-instruct"


def test_judged_eval_through_the_local_llm(
    local_llm_base_url: str,
    no_llm_env: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`eval --judge` on 2 cases: parsed verdicts via json_object+schema, tokens summed, reports written."""
    monkeypatch.delenv(ENV_JUDGE_MODEL, raising=False)
    out, page = tmp_path / "eval.json", tmp_path / "eval.html"
    argv = [
        "eval",
        "--classifier",
        "rules",
        "--limit",
        str(CASES),
        "--judge",
        "--judge-base-url",
        local_llm_base_url,
        "--judge-model",
        LOCAL_MODEL,
        "--judge-timeout",
        LOCAL_TIMEOUT_S,
        "--json",
        str(out),
        "--report",
        str(page),
    ]
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(out.read_text(encoding="utf-8"))
    results = [case["judge"] for case in report["cases"]]
    assert [(r["status"], r["error"]) for r in results] == [("judged", None)] * CASES
    for result in results:
        JudgeVerdict.model_validate(result["verdict"])
        # llama.cpp refuses json_schema (a 500 naming response_format): json_object carrying the schema.
        assert result["method"] == "json_object_schema"
        assert result["model"] == LOCAL_MODEL
        assert result["prompt_tokens"] > 0
        assert result["completion_tokens"] > 0
    summary = report["judge"]
    assert (summary["judged"], summary["errors"], summary["skipped"]) == (CASES, 0, 0)
    assert sum(summary["labels"].values()) == CASES
    assert summary["calls"] >= CASES
    assert summary["total_tokens"] == sum(r["prompt_tokens"] + r["completion_tokens"] for r in results)
    assert summary["cost_usd"] is None
    assert summary["prompt_hash"] == make_judge(base_url=local_llm_base_url).prompt_hash
    assert f"judge {LOCAL_MODEL} (rubric {summary['prompt_hash']}): {CASES} judged" in captured.out
    assert "Judge ok" in page.read_text(encoding="utf-8")
