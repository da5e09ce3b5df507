"""`runcomfy-edit eval`: outputs, the --min-accuracy gate, filters, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _eval_fakes import FakeRouter, case_row, make_plan, write_jsonl

from runcomfy_edit_tool._cli import eval_cmd, main

ROWS = [
    case_row("bg-1", "beach background", "nano-banana-edit", tags=["background"]),
    case_row("txt-1", "headline SALE", "gpt-image-2-edit", tags=["text"], expect={"quoted_text": ["SALE"]}),
    case_row("umb-1", "orange umbrella", "flux-kontext-pro", lang="fr", tags=["local"]),
    case_row("var-1", "three options", "nano-banana-edit", tags=["variants"]),
    case_row("msk-1", "remove cable", "z-image-inpaint", mask="https://example.com/m.png", tags=["mask"]),
]


def _router(**kwargs: Any) -> FakeRouter:
    return FakeRouter(
        {
            "beach background": make_plan("nano-banana-edit"),
            "headline SALE": make_plan(
                "gpt-image-2-edit", 'Keep the layout. Replace the headline with "SALE".'
            ),
            "orange umbrella": make_plan("nano-banana-edit"),  # wrong on purpose
            "three options": make_plan("nano-banana-edit"),
            "remove cable": make_plan(
                "z-image-inpaint", "Keep everything outside the mask unchanged. Fill it."
            ),
        },
        **kwargs,
    )


@pytest.fixture
def router(monkeypatch: pytest.MonkeyPatch) -> FakeRouter:
    """The CLI's router replaced by a scripted one (4 of 5 right)."""
    fake = _router()
    monkeypatch.setattr(eval_cmd, "make_router", lambda *args: fake)
    return fake


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A five-case data set file."""
    return write_jsonl(tmp_path / "cases.jsonl", ROWS)


def test_writes_json_report_and_summary(
    router: FakeRouter, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run exits 0, prints the summary, and writes the JSON and the HTML report."""
    json_path, html_path = tmp_path / "out" / "e.json", tmp_path / "out" / "e.html"
    json_path.parent.mkdir()
    code = main(
        ["eval", str(dataset), "--classifier", "rules", "--json", str(json_path), "--report", str(html_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "accuracy 80.0% (4/5" in out
    assert "nano-banana-edit" in out
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["accuracy"] == sum(c["predicted"] == c["expected"] for c in data["cases"]) / len(
        data["cases"]
    )
    assert data["dataset"] == str(dataset)
    assert data["classifier"] == "rules"
    assert html_path.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in json_path.parent.iterdir()) == ["e.html", "e.json"]  # no temp files left


def test_min_accuracy_not_met_exits_1_with_one_line(
    router: FakeRouter, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Below --min-accuracy: exit 1, one stderr line with measured vs required; outputs still written."""
    json_path = tmp_path / "e.json"
    code = main(["eval", str(dataset), "--min-accuracy", "0.9", "--json", str(json_path)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.strip().splitlines() == [
        "Error: routing accuracy 0.8000 (4/5) is below the required --min-accuracy 0.9000"
    ]
    assert "accuracy 80.0%" in captured.out
    assert json_path.exists()


def test_min_accuracy_met_exits_0(router: FakeRouter, dataset: Path) -> None:
    """At or above --min-accuracy the run exits 0."""
    assert main(["eval", str(dataset), "--min-accuracy", "0.8"]) == 0


@pytest.mark.parametrize(
    ("args", "n"),
    [
        (["--tag", "text"], 1),
        (["--tag", "text", "--tag", "mask"], 2),
        (["--limit", "3"], 3),
        (["--tag", "background", "--tag", "variants", "--limit", "1"], 1),
    ],
)
def test_tag_and_limit_select_cases(
    router: FakeRouter, dataset: Path, tmp_path: Path, args: list[str], n: int
) -> None:
    """--tag keeps cases with any given tag and --limit the first N; the JSON counts only those."""
    json_path = tmp_path / "e.json"
    assert main(["eval", str(dataset), "--json", str(json_path), *args]) == 0
    assert json.loads(json_path.read_text())["n"] == n
    assert len(router.calls) == n


def test_unknown_tag_is_a_usage_error(
    router: FakeRouter, dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --tag no case carries exits 64 with one line naming it."""
    assert main(["eval", str(dataset), "--tag", "nope"]) == 64
    assert "'nope'" in capsys.readouterr().err


def test_concurrency_runs_cases_in_parallel(
    monkeypatch: pytest.MonkeyPatch, dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--concurrency N plans through aplan with up to N cases in flight."""
    fake = _router(delay=0.01)
    monkeypatch.setattr(eval_cmd, "make_router", lambda *args: fake)
    assert main(["eval", str(dataset), "--concurrency", "3"]) == 0
    assert fake.max_in_flight == 3
    assert "accuracy 80.0%" in capsys.readouterr().out


def test_bad_row_exits_65_naming_the_line(
    router: FakeRouter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid data set row exits 65 with `path:LINE: …` on one line and no traceback."""
    path = write_jsonl(tmp_path / "bad.jsonl", [ROWS[0], {**ROWS[1], "route": "gpt"}])
    assert main(["eval", str(path)]) == 65
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [err.strip()]
    assert f"{path}:2: 'route'" in err
    assert "Traceback" not in err


def test_missing_dataset_exits_65(
    router: FakeRouter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A DATASET that does not exist exits 65 saying so."""
    assert main(["eval", str(tmp_path / "nope.jsonl")]) == 65
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [["--min-accuracy", "93"], ["--concurrency", "0"], ["--limit", "0"], ["--classifier", "gpt"]],
)
def test_bad_options_exit_64(router: FakeRouter, dataset: Path, args: list[str]) -> None:
    """Out-of-range or unknown option values are usage errors (64)."""
    assert main(["eval", str(dataset), *args]) == 64


def test_unwritable_output_exits_1_with_one_line(
    router: FakeRouter, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --json path in a missing folder exits 1 with one line naming the path."""
    target = tmp_path / "missing" / "e.json"
    assert main(["eval", str(dataset), "--json", str(target)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: cannot write the JSON results to ")
    assert "\n" not in err


def test_default_dataset_is_the_packaged_set(
    router: FakeRouter, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without DATASET the packaged evals/routing.jsonl is used and labelled by that stable name."""
    monkeypatch.setattr(eval_cmd, "data_path", lambda *parts: dataset)
    json_path = tmp_path / "e.json"
    assert main(["eval", "--json", str(json_path)]) == 0
    assert json.loads(json_path.read_text())["dataset"] == "evals/routing.jsonl"


def test_missing_packaged_dataset_exits_65(
    router: FakeRouter, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the packaged set cannot be found the run exits 65 and says to pass a file."""

    def missing(*parts: str) -> Path:
        raise FileNotFoundError("nowhere")

    monkeypatch.setattr(eval_cmd, "data_path", missing)
    assert main(["eval"]) == 65
    assert "pass a DATASET file" in capsys.readouterr().err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """`eval --help` shows an Examples block with unwrapped command lines."""
    assert main(["eval", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Examples:\n    runcomfy-edit eval --classifier rules\n" in out


def test_real_router_rules_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With the real rules router the command runs end to end (plumbing only, not accuracy)."""
    rows = [
        case_row("a", "keep her face, put her on a rainy neon street", "nano-banana-edit"),
        case_row("b", "remove the cables", "z-image-inpaint", mask="https://example.com/m.png"),
    ]
    path = write_jsonl(tmp_path / "real.jsonl", rows)
    json_path = tmp_path / "e.json"
    assert main(["eval", str(path), "--classifier", "rules", "--json", str(json_path)]) == 0
    data = json.loads(json_path.read_text())
    assert data["classifier"] == "rules"
    assert data["n"] == 2
    assert all(case["error"] is None for case in data["cases"])
    assert data["llm"]["calls"] == 0


def test_llm_run_records_the_prompt_hash(
    monkeypatch: pytest.MonkeyPatch, dataset: Path, tmp_path: Path
) -> None:
    """When the LLM classifier decides, the JSON carries the LLM prompt hash even if every call fell back."""
    from runcomfy_edit_tool._classify.llm.prompt import llm_prompt

    fake = _router(name="llm")
    monkeypatch.setattr(eval_cmd, "make_router", lambda *args: fake)
    json_path = tmp_path / "e.json"
    assert main(["eval", str(dataset), "--classifier", "llm", "--json", str(json_path)]) == 0
    data = json.loads(json_path.read_text())
    assert data["classifier"] == "llm"
    assert data["prompt_hash"] == llm_prompt().prompt_hash
