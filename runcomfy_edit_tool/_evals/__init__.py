"""Evaluation: a labelled data set → scores for routing, extraction and prompt fidelity.

`dataset.py` loads and validates the JSONL set; `runner.py` plans every case and scores it with
`metrics.py` (accuracy, confusion, intervals) and `tips.py` (each model's prompting rules);
`summary.py` prints the terminal summary and `report.py` renders the HTML report. `judge.py` is the
optional LLM judge of prompt quality (`runcomfy-edit eval --judge`).

Entry points: `load_eval_set`, `run_eval`, `select_cases`, `format_summary`, `render_html`,
`make_judge`, `parse_price`, the judge's defaults.
"""

from .dataset import load_eval_set
from .judge import ENV_JUDGE_MODEL, JUDGE_TIMEOUT_S, Judge, make_judge, parse_price
from .report import render_html
from .runner import run_eval, select_cases
from .summary import format_summary

__all__ = [
    "ENV_JUDGE_MODEL",
    "JUDGE_TIMEOUT_S",
    "Judge",
    "format_summary",
    "load_eval_set",
    "make_judge",
    "parse_price",
    "render_html",
    "run_eval",
    "select_cases",
]
