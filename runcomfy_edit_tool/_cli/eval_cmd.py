"""`runcomfy-edit eval`: score routing, extraction and prompt quality on a labelled set."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .._atomic import write_text_atomic
from .._evals import (
    ENV_JUDGE_MODEL,
    JUDGE_TIMEOUT_S,
    Judge,
    format_summary,
    load_eval_set,
    make_judge,
    parse_price,
    render_html,
    run_eval,
    select_cases,
)
from .._exceptions import EvalDatasetError, UsageError
from .._resources import data_path
from ._group import EXIT_FAILURE, CLIError, cli
from ._options import classifier_options, make_router

# How the packaged set is named in reports: stable across machines, unlike its install path.
_PACKAGED_LABEL = "evals/routing.jsonl"


def _dataset_path(dataset: Path | None) -> tuple[Path, str]:
    """The file to load and the label reports show for it."""
    if dataset is not None:
        return dataset, str(dataset)
    try:
        return data_path("evals", "routing.jsonl"), _PACKAGED_LABEL
    except FileNotFoundError as exc:
        raise EvalDatasetError(f"the packaged eval set is missing ({exc}); pass a DATASET file") from None


def _llm_prompt_hash() -> str:
    """The LLM prompt+schema hash, so runs stay comparable even when every call fell back to the rules."""
    from .._classify import llm_prompt  # only LLM runs pay for building the schema

    return llm_prompt().prompt_hash


def _price(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        return parse_price(text)
    except ValueError as exc:
        raise UsageError(f"--judge-price: {exc}") from None


def _judge_flags_need_judge(judge: bool, flags: dict[str, object]) -> None:
    """A judge setting without --judge is almost certainly a forgotten --judge: say so."""
    if judge:
        return
    given = [name for name, value in flags.items() if value is not None]
    if given:
        raise UsageError(f"{', '.join(given)} only apply with --judge: add --judge or drop them")


def _make_judge(model: str | None, base_url: str | None, timeout: float, price: str | None) -> Judge:
    return make_judge(model=model, base_url=base_url, timeout=timeout, price=_price(price))


def _write(path: Path, text: str, what: str) -> None:
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise CLIError(
            f"cannot write the {what} to {str(path)!r}: {exc.strerror or exc}", EXIT_FAILURE
        ) from None


@cli.command("eval")
@click.argument("dataset", required=False, type=click.Path(path_type=Path))
@classifier_options
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Write the metrics and every case's result as JSON.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Write a self-contained HTML report (heat map, per-route bars, misrouted cases).",
)
@click.option(
    "--min-accuracy",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    metavar="X",
    help="Exit 1 when routing accuracy is below X (a share, 0-1).",
)
@click.option(
    "--min-fidelity",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    metavar="X",
    help="Exit 1 when the share of prompts passing every fidelity check is below X (0-1).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Plan N cases at once (async); raise it for --classifier llm.",
)
@click.option(
    "--judge",
    is_flag=True,
    help="Also have an LLM judge every prompt (one call per case): ok / awkward / garbled / distorted.",
)
@click.option(
    "--judge-model",
    default=None,
    metavar="NAME",
    help="Judge model [env RUNCOMFY_EDIT_JUDGE_MODEL; else --llm-model / RUNCOMFY_EDIT_LLM_MODEL].",
)
@click.option(
    "--judge-base-url",
    default=None,
    metavar="URL",
    help="Judge's OpenAI-compatible endpoint [default: --llm-base-url, env OPENAI_BASE_URL].",
)
@click.option(
    "--judge-timeout",
    type=click.FloatRange(min=0.0, min_open=True),
    default=None,
    metavar="S",
    help=f"Seconds per judge call attempt [default: {JUDGE_TIMEOUT_S:g}].",
)
@click.option(
    "--judge-concurrency",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Judge N cases at once [default: --concurrency].",
)
@click.option(
    "--judge-price",
    default=None,
    metavar="IN,OUT",
    help="USD per million input,output tokens, to report the judge's cost (known OpenAI models built in).",
)
@click.option(
    "--min-judge-ok",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    metavar="X",
    help="Exit 1 when the share of prompts the judge labels ok is below X (a judge error counts as not ok).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, metavar="N", help="Only the first N cases."
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="T",
    help="Only cases tagged T; repeat to take cases with any of several tags.",
)
def eval_command(
    dataset: Path | None,
    classifier: str,
    llm_model: str | None,
    llm_base_url: str | None,
    llm_timeout: float | None,
    json_path: Path | None,
    report_path: Path | None,
    min_accuracy: float | None,
    min_fidelity: float | None,
    concurrency: int,
    judge: bool,
    judge_model: str | None,
    judge_base_url: str | None,
    judge_timeout: float | None,
    judge_concurrency: int | None,
    judge_price: str | None,
    min_judge_ok: float | None,
    limit: int | None,
    tags: tuple[str, ...],
) -> None:
    """Score routing and prompts on a labelled set: accuracy, per-route F1, checks, tips, fidelity, latency.

    DATASET is a JSONL file, one case a line (see the README); it defaults to the packaged
    evals/routing.jsonl. Every case goes through the same plan path as `runcomfy-edit plan`.
    A summary table is always printed.

    \b
    Examples:
      runcomfy-edit eval --classifier rules
      runcomfy-edit eval --classifier rules --min-accuracy 0.93 --json eval.json --report eval.html
      runcomfy-edit eval evals/fidelity-holdout.jsonl --classifier rules --min-fidelity 1.0
      runcomfy-edit eval my_cases.jsonl --tag text --tag layout --limit 50
      runcomfy-edit eval --classifier llm --llm-base-url http://127.0.0.1:8080/v1 --concurrency 8
      runcomfy-edit eval evals/fidelity-holdout.jsonl --judge --judge-model gpt-4.1 --min-judge-ok 0.95
    """
    _judge_flags_need_judge(
        judge,
        {
            "--judge-model": judge_model,
            "--judge-base-url": judge_base_url,
            "--judge-timeout": judge_timeout,
            "--judge-concurrency": judge_concurrency,
            "--judge-price": judge_price,
            "--min-judge-ok": min_judge_ok,
        },
    )
    path, label = _dataset_path(dataset)
    cases = load_eval_set(path)
    chosen = select_cases(cases, tags=tags, limit=limit)
    if not chosen:
        wanted = ", ".join(repr(tag) for tag in tags)
        raise UsageError(f"no case in {label} has any of the tags {wanted}; drop --tag or pick another")
    router = make_router(classifier, llm_model, llm_base_url, llm_timeout)
    # Built before planning, so a missing endpoint is a usage error up front, not after the run.
    the_judge = (
        _make_judge(
            # The judge's own setting first, then the classifier's (make_judge ends at its env/default).
            judge_model or os.environ.get(ENV_JUDGE_MODEL) or llm_model,
            judge_base_url or llm_base_url,
            judge_timeout or JUDGE_TIMEOUT_S,
            judge_price,
        )
        if judge
        else None
    )
    # What actually decides (auto resolves to the rules or the LLM), not the flag's spelling.
    deciding = router.classifier.name
    report = run_eval(
        router,
        chosen,
        concurrency=concurrency,
        classifier=deciding,
        dataset=label,
        prompt_hash=_llm_prompt_hash() if deciding == "llm" else None,
        judge=the_judge,
        judge_concurrency=judge_concurrency,
    )
    if json_path is not None:
        _write(json_path, report.model_dump_json(indent=2) + "\n", "JSON results")
    if report_path is not None:
        _write(report_path, render_html(report), "HTML report")
    click.echo(format_summary(report))
    if min_accuracy is not None and report.accuracy < min_accuracy:
        raise CLIError(
            f"routing accuracy {report.accuracy:.4f} ({report.correct}/{report.n}) is below the required "
            f"--min-accuracy {min_accuracy:.4f}",
            EXIT_FAILURE,
        )
    faithful = report.fidelity_cases
    if min_fidelity is not None and (faithful.rate or 0.0) < min_fidelity:
        raise CLIError(
            f"faithful prompts {faithful.passed}/{faithful.n} ({(faithful.rate or 0.0):.4f}) are below the "
            f"required --min-fidelity {min_fidelity:.4f}",
            EXIT_FAILURE,
        )
    verdicts = report.judge
    if min_judge_ok is not None and verdicts is not None and (verdicts.ok_rate or 0.0) < min_judge_ok:
        asked = verdicts.judged + verdicts.errors
        raise CLIError(
            f"the judge labelled {verdicts.labels.ok}/{asked} prompts ok ({(verdicts.ok_rate or 0.0):.4f}; "
            f"{verdicts.errors} judge errors count as not ok), below the required --min-judge-ok "
            f"{min_judge_ok:.4f}",
            EXIT_FAILURE,
        )
