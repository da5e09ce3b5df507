"""Plan latency of the offline classifier (`make bench` times it; `make test` runs it once)."""

from __future__ import annotations

from pytest_benchmark.fixture import BenchmarkFixture

from runcomfy_edit_tool import EditRouter

ROUTER = EditRouter(classifier="rules")
IMAGES = ["https://cdn.example.com/a.jpg"]


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
