"""Eval metrics on hand-computed tables: accuracy/CI, per-route scores, confusion, slices, checks."""

from __future__ import annotations

from typing import Any

import pytest
from _eval_fakes import llm_info

from runcomfy_edit_tool._catalog import RouteId
from runcomfy_edit_tool._evals.dataset import CaseExpect
from runcomfy_edit_tool._evals.metrics import (
    accuracy,
    check_num_images,
    check_quoted_text,
    check_refs,
    check_script,
    common_prompt_hash,
    confusion_matrix,
    extraction_checks,
    image_ref_numbers,
    latency_stats,
    llm_usage,
    macro_f1,
    percentile,
    route_scores,
    slice_accuracy,
    summarize_checks,
    wilson_interval,
)

N: RouteId = "nano-banana-edit"
G: RouteId = "gpt-image-2-edit"
F: RouteId = "flux-kontext-pro"
Z: RouteId = "z-image-inpaint"

# Worked by hand in the comments of the tests below. None = the case failed to plan.
EXPECTED: list[RouteId] = [N, N, N, G, G, F, Z, Z]
PREDICTED: list[RouteId | None] = [N, N, G, G, None, F, Z, N]


@pytest.mark.parametrize(
    ("correct", "n", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),  # the textbook example
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
        (1, 1, 0.2065, 1.0),
    ],
)
def test_wilson_interval_matches_published_values(correct: int, n: int, low: float, high: float) -> None:
    """The 95% Wilson interval matches reference values to 4 decimals and stays within [0, 1]."""
    got_low, got_high = wilson_interval(correct, n)
    assert got_low == pytest.approx(low, abs=1e-4)
    assert got_high == pytest.approx(high, abs=1e-4)


def test_wilson_interval_edge_cases() -> None:
    """No cases give the uninformative [0, 1]; an impossible count is a ValueError."""
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError, match="between 0 and n"):
        wilson_interval(11, 10)


def test_accuracy_counts_failures_as_wrong() -> None:
    """Accuracy is the share of exact matches: 5 of 8, the failed case counting as wrong."""
    assert accuracy(EXPECTED, PREDICTED) == 5 / 8
    assert accuracy([], []) == 0.0
    with pytest.raises(ValueError, match="length mismatch"):
        accuracy([N], [])


@pytest.mark.parametrize(
    ("route", "precision", "recall", "f1", "support", "predicted"),
    [
        (N, 2 / 3, 2 / 3, 2 / 3, 3, 3),  # tp 2; predicted at 0,1,7
        (G, 1 / 2, 1 / 2, 1 / 2, 2, 2),  # tp 1; the failed gpt case is a miss, not a prediction
        (F, 1.0, 1.0, 1.0, 1, 1),
        (Z, 1.0, 1 / 2, 2 / 3, 2, 1),  # one z case went to nano
    ],
)
def test_route_scores_hand_table(
    route: RouteId, precision: float, recall: float, f1: float, support: int, predicted: int
) -> None:
    """Per-route precision/recall/F1/support match the hand-computed table."""
    score = route_scores(EXPECTED, PREDICTED)[route]
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(f1)
    assert (score.support, score.predicted) == (support, predicted)


def test_macro_f1_is_unweighted_mean() -> None:
    """Macro-F1 is the plain mean of the four F1s: (2/3 + 1/2 + 1 + 2/3) / 4 = 17/24."""
    assert macro_f1(route_scores(EXPECTED, PREDICTED)) == pytest.approx(17 / 24)


def test_macro_f1_ignores_routes_absent_from_a_slice() -> None:
    """A slice holding only flux cases, all right, scores macro-F1 1.0, not 0.25."""
    assert macro_f1(route_scores([F, F], [F, F])) == 1.0


def test_zero_denominators_are_zero() -> None:
    """A route never predicted has precision 0.0 rather than a division error."""
    score = route_scores([G], [N])[G]
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_confusion_rows_are_expected_columns_predicted() -> None:
    """The matrix is expected→predicted with all four routes, plus an error column when a case failed."""
    matrix = confusion_matrix(EXPECTED, PREDICTED)
    assert list(matrix) == [N, G, F, Z]
    assert matrix[N] == {N: 2, G: 1, F: 0, Z: 0, "error": 0}
    assert matrix[G] == {N: 0, G: 1, F: 0, Z: 0, "error": 1}
    assert matrix[F] == {N: 0, G: 0, F: 1, Z: 0, "error": 0}
    assert matrix[Z] == {N: 1, G: 0, F: 0, Z: 1, "error": 0}
    for route, row in matrix.items():
        assert sum(row.values()) == EXPECTED.count(route)


def test_confusion_is_plain_4x4_without_failures() -> None:
    """Without failed cases there is no error column: the matrix is exactly 4×4."""
    matrix = confusion_matrix([N, Z], [N, N])
    assert all(list(row) == [N, G, F, Z] for row in matrix.values())


def test_slice_accuracy_by_single_and_multiple_keys() -> None:
    """Slices count a case once per distinct key; a case can sit in several tag slices."""
    keys = [["en"], ["en"], ["ja"], ["ja"], ["ja"]]
    correct = [True, False, True, True, False]
    by_lang = slice_accuracy(keys, correct)
    assert list(by_lang) == ["en", "ja"]
    assert (by_lang["en"].n, by_lang["en"].correct, by_lang["en"].accuracy) == (2, 1, 0.5)
    assert by_lang["ja"].accuracy == pytest.approx(2 / 3)
    by_tag = slice_accuracy([["hard", "text"], ["text", "text"], []], [True, False, True])
    assert {k: (v.n, v.correct) for k, v in by_tag.items()} == {"hard": (1, 1), "text": (2, 1)}


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([1.0, 2.0, 3.0, 4.0], 95, 3.85),
        ([4.0, 1.0, 3.0, 2.0], 0, 1.0),
        ([4.0, 1.0, 3.0, 2.0], 100, 4.0),
        ([7.0], 95, 7.0),
        ([], 50, 0.0),
        ([float(i) for i in range(1, 101)], 95, 95.05),
    ],
)
def test_percentile_interpolates_linearly(values: list[float], q: float, expected: float) -> None:
    """Percentiles match NumPy's default (linear) method."""
    assert percentile(values, q) == pytest.approx(expected)


def test_latency_stats() -> None:
    """Latency summary is p50/p95/mean/max, all zero for no values."""
    stats = latency_stats([1.0, 2.0, 3.0, 10.0])
    assert (stats.p50, stats.mean, stats.max) == (2.5, 4.0, 10.0)
    assert stats.p95 == pytest.approx(8.95)
    assert latency_stats([]).max == 0.0


def test_llm_usage_sums_calls_tokens_and_fallbacks() -> None:
    """LLM usage sums tokens over calls, treats unknown counts as 0 and counts fallbacks separately."""
    calls = [llm_info(100, 20, "a"), None, llm_info(None, 5, "b"), llm_info(50, None, "a")]
    usage = llm_usage(calls, [None, "timeout", None, None])
    assert usage.calls == 3
    assert usage.fallbacks == 1
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (150, 25, 175)
    assert usage.models == ["a", "b"]
    assert llm_usage([None], [None]).total_tokens == 0


def test_llm_usage_counts_reasks_as_calls() -> None:
    """A plan whose invalid answer was re-asked counts as two LLM calls."""
    reasked = llm_info(100, 20, "a").model_copy(update={"calls": 2})
    assert llm_usage([reasked, llm_info(10, 2, "a")], [None, None]).calls == 3


def test_common_prompt_hash() -> None:
    """The run's prompt hash is the one most calls carried; None without LLM calls."""
    assert common_prompt_hash([None, llm_info(), None]) == "abc123"
    assert common_prompt_hash([None, None]) is None


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("the subject from image 1 in the room of image 2", {1, 2}),
        ("Image 1, Image #2 and IMAGE 3", {1, 2, 3}),
        ("photo 2 lighting", {2}),
        ("把图1的人物放进图2的房间", {1, 2}),
        ("图片1的风格，图像3的颜色", {1, 3}),
        ("第2张图的背景", {2}),
        ("1枚目の人物を2枚目の部屋に", {1, 2}),
        ("画像1の被写体、画像 2 の背景", {1, 2}),
        ("이미지 1의 인물을 이미지 2의 방에", {1, 2}),
        ("1번 사진의 인물, 2번 배경", {1, 2}),
        ("el sujeto de la imagen 1 en la imagen 2", {1, 2}),
        ("le sujet de l'image 1 dans l'image 2", {1, 2}),
        ("die Person aus Bild 1 in Bild 2", {1, 2}),
        ("o sujeito da imagem 1 na imagem 2", {1, 2}),
        ("человека с изображения 1 в комнату на изображении 2", {1, 2}),
        ("изображение 3", {3}),
        ("l'immagine 2", {2}),
        ("图１和图２", {1, 2}),  # full-width digits
        ("the first image and the second one", set()),
        ("imagery 1", set()),
        ("a 2K image", set()),
        ("image 123", set()),
    ],
)
def test_image_ref_numbers_recognises_numbered_refs(text: str, numbers: set[int]) -> None:
    """Numbered image references are recognised across the supported languages, ordinals are not."""
    assert image_ref_numbers(text) == numbers


@pytest.mark.parametrize(
    ("prompt", "quoted", "ok"),
    [
        ('Replace the headline with "夏のセール".', ["夏のセール"], True),
        ("Write AURA and NOIR on the bottle.", ["AURA", "NOIR"], True),
        ("Write Aura on the bottle.", ["AURA"], False),  # byte-for-byte, case included
        ("Write NOIR.", ["AURA", "NOIR"], False),
        ("anything", [], True),
    ],
)
def test_check_quoted_text_is_verbatim(prompt: str, quoted: list[str], ok: bool) -> None:
    """Quoted text must appear exactly as written."""
    assert check_quoted_text(prompt, quoted) is ok


@pytest.mark.parametrize(
    ("prompt", "ok"),
    [
        ("Write it in Japanese kana.", True),
        ("write it in japanese", True),
        ("用日文书写", False),  # localized names come from the rewriter's table, not this fallback
        ("Write it in Chinese.", False),
    ],
)
def test_check_script_english_fallback(prompt: str, ok: bool) -> None:
    """Without localized names, only the English script name (any case) counts."""
    assert check_script(prompt, "Japanese") is ok


def test_check_script_accepts_localized_names() -> None:
    """A localized name from the given table counts as naming the script."""
    names = {"Japanese": {"日文", "日语"}}
    assert check_script("用日文书写", "Japanese", lambda s: names.get(s, set()))
    assert not check_script("用中文书写", "Japanese", lambda s: names.get(s, set()))


@pytest.mark.parametrize(
    ("prompt", "refs", "ok"),
    [
        ("subject from image 1, room of image 2", 2, True),
        ("subject from image 1, room of image 1", 2, False),  # distinct numbers
        ("图1、图2、图3", 2, True),
        ("the first and the second", 1, False),
    ],
)
def test_check_refs_counts_distinct_numbers(prompt: str, refs: int, ok: bool) -> None:
    """At least `refs` distinct numbered references are needed."""
    assert check_refs(prompt, refs) is ok


@pytest.mark.parametrize(
    ("body", "n", "ok"),
    [({"num_images": 3}, 3, True), ({"num_images": 2}, 3, False), ({}, 1, False)],
)
def test_check_num_images_reads_the_body(body: dict[str, Any], n: int, ok: bool) -> None:
    """`num_images` must be set in the body to exactly the expected count."""
    assert check_num_images(body, n) is ok


def test_extraction_checks_run_only_what_expect_asks() -> None:
    """Only the keys present in `expect` are checked; a failed plan fails them all."""
    expect = CaseExpect(quoted_text=["SALE"], refs=2, num_images=3)
    prompt = 'Replace the text with "SALE" using the font of image 1 and the colours of image 2.'
    assert extraction_checks(expect, prompt, {"num_images": 3}) == {
        "quoted_text": True,
        "refs": True,
        "num_images": True,
    }
    assert extraction_checks(expect, None, None) == {"quoted_text": False, "refs": False, "num_images": False}
    assert extraction_checks(None, prompt, {}) == {}
    assert extraction_checks(CaseExpect(script="Cyrillic"), "in Cyrillic", {}) == {"script": True}


def test_summarize_checks_overall_and_by_name() -> None:
    """Check summaries count each applied check once, overall and per name; no checks gives rate null."""
    summary = summarize_checks([{"a": True, "b": False}, {"a": True}, {}])
    assert (summary.n, summary.passed, summary.rate) == (3, 2, 2 / 3)
    assert summary.by_name["a"].rate == 1.0
    assert summary.by_name["b"].rate == 0.0
    assert summarize_checks([{}, {}]).rate is None
