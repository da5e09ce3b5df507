"""Plan latency of the offline classifier (`make bench` times it; `make test` runs it once)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from pytest_benchmark.fixture import BenchmarkFixture

from runcomfy_edit_tool import EditRouter
from runcomfy_edit_tool._catalog import ROUTE_IDS
from runcomfy_edit_tool._classify import read_request

ROUTER = EditRouter(classifier="rules")
IMAGES = ["https://cdn.example.com/a.jpg"]
EVALS = Path(__file__).resolve().parents[1] / "evals"
# Each cue table derives its prefilter on first use (a one-time start-up cost of tens of ms): plan a few
# requests before timing, so the first benchmark measures steady-state plans like the others.
for _warm in ("keep her face, put her on a rainy neon street", "見出しを「夏のセール」に変えて"):
    ROUTER.plan(_warm, IMAGES)


def test_plan_background_swap(benchmark: BenchmarkFixture) -> None:
    """Classify + rewrite + build of a typical English request completes and routes."""
    plan = benchmark(ROUTER.plan, "keep her face, put her on a rainy neon street", IMAGES)
    assert plan.route == "nano-banana-edit"


def test_plan_japanese_text_edit(benchmark: BenchmarkFixture) -> None:
    """Classify + rewrite + build of a Japanese in-image text edit completes and routes."""
    plan = benchmark(ROUTER.plan, "見出しを「夏のセール」に変えて、ロゴはそのままで", IMAGES)
    assert plan.route == "gpt-image-2-edit"


def test_plan_long_batch(benchmark: BenchmarkFixture) -> None:
    """A long batch request over 12 images plans without blowing up."""
    request = "give every product shot the same soft grey studio background, keep the shadows natural " * 4
    images = [f"https://cdn.example.com/sku/{n}.jpg" for n in range(12)]
    plan = benchmark(ROUTER.plan, request, images)
    assert plan.route == "nano-banana-edit"


def test_plan_distinct_requests(benchmark: BenchmarkFixture) -> None:
    """Planning requests never seen before (the clause reading uncached), drawn from a blind set in turn."""
    rows = [
        json.loads(line) for line in (EVALS / "blind7-2026-12.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    cases = itertools.cycle([(r["request"], r["images"], r.get("mask")) for r in rows])

    def plan_next() -> str:
        request, images, mask = next(cases)
        read_request.cache_clear()
        return ROUTER.plan(request, images, mask=mask).route

    assert benchmark(plan_next) in ROUTE_IDS
