"""The routing guide's 17 examples are golden: right model, every kept phrase, clean sentences, its strength.

`tests/data/seed-examples.jsonl` is a copy of the guide's examples (the repo stands alone). The
prompts are pinned in a snapshot that a person read before accepting it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from runcomfy_edit_tool import EditRouter
from runcomfy_edit_tool._evals.fidelity import fidelity_checks
from runcomfy_edit_tool._evals.tips import flux_single_instruction, tip_checks

SEEDS: list[dict[str, Any]] = [
    json.loads(line)
    for line in (Path(__file__).resolve().parents[1] / "data" / "seed-examples.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]
ROUTER = EditRouter(classifier="rules")
MASK = "https://cdn.example.com/seed/mask.png"


def _plan(seed: dict[str, Any]):  # type: ignore[no-untyped-def]
    images = [f"https://cdn.example.com/seed/{seed['id']}-{i}.jpg" for i in range(seed["images"])]
    return ROUTER.plan(seed["request"], images, MASK if seed["mask"] else None)


def test_there_are_seventeen_seeds() -> None:
    """The copy holds the guide's 17 examples."""
    assert len(SEEDS) == 17


@pytest.mark.parametrize("seed", SEEDS, ids=[s["id"] for s in SEEDS])
def test_seed_routes_to_the_guides_model(seed: dict[str, Any]) -> None:
    """Each example goes to the model the guide uses for it."""
    assert _plan(seed).route == seed["route"]


@pytest.mark.parametrize("seed", SEEDS, ids=[s["id"] for s in SEEDS])
def test_seed_prompt_is_faithful(seed: dict[str, Any]) -> None:
    """Every kept phrase survives; no fragment, loss or contradicting sentence; the route's tips hold."""
    plan = _plan(seed)
    checks, findings = fidelity_checks(seed["request"], plan.prompt, keep=seed["keep"])
    assert all(checks.values()), findings
    assert all(tip_checks(plan).values()), tip_checks(plan)
    if seed["route"] == "flux-kontext-pro":
        assert flux_single_instruction(plan.prompt)


@pytest.mark.parametrize("seed", [s for s in SEEDS if s["strength"]], ids=lambda s: s["id"])
def test_seed_strength_is_the_guides(seed: dict[str, Any]) -> None:
    """Strength is in the guide's range: cleanup 0.3–0.5 with kept things too, full region 0.8–1."""
    low, high = seed["strength"]
    assert low <= _plan(seed).body["strength"] <= high


def test_seed_prompts_snapshot(snapshot: SnapshotAssertion) -> None:
    """The 17 prompts, exactly as a person read and accepted them."""
    assert {seed["id"]: _plan(seed).prompt for seed in SEEDS} == snapshot
