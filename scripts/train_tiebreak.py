"""Train the rules classifier's rule-11-versus-12 tie-breaker on the development sets.

Usage:
    python scripts/train_tiebreak.py                       # train on TIEBREAK_SETS, write the model
    python scripts/train_tiebreak.py --check               # exit 1 if the shipped model is stale
    python scripts/train_tiebreak.py --holdout evals/blind-2026-12.jsonl --dry-run
                                                           # train without that set, score it

Only development data trains it (sets already tuned on; see evals/README.md). A row takes part when
rules 1-10 leave it undecided for the rules classifier; its label is whether the set says flux
(rule 11, one local change). Logistic regression, L2, full-batch gradient descent with a fixed
number of steps: no randomness, so the same data always gives the same file.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from _training import ROOT, TIEBREAK_SETS, arguments, ship, train_paths

from runcomfy_edit_tool._classify.rules import extract_intent
from runcomfy_edit_tool._classify.tiebreak import MODEL_FILE, features
from runcomfy_edit_tool._policy import reaches_rule_11

OUT = ROOT / "runcomfy_edit_tool" / "_classify" / MODEL_FILE
STEPS = 400
RATE = 0.5
L2 = 1e-2
# Weights smaller than this change no decision; dropping them keeps the file small.
PRUNE = 0.02


def rows(paths: list[Path]) -> list[tuple[list[str], int]]:
    out: list[tuple[list[str], int]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            n_images, has_mask = len(row["images"]), row.get("mask") is not None
            intent, _, compound = extract_intent(row["request"], n_images)
            if not reaches_rule_11(intent, n_images=n_images, has_mask=has_mask):
                continue
            out.append((features(intent, compound=compound), int(row["route"] == "flux-kontext-pro")))
    return out


def train(data: list[tuple[list[str], int]]) -> tuple[float, dict[str, float]]:
    index: dict[str, int] = {}
    encoded = [([index.setdefault(f, len(index)) for f in feats], y) for feats, y in data]
    weights = [0.0] * len(index)
    bias = 0.0
    n = len(encoded)
    for _ in range(STEPS):
        grad = [0.0] * len(index)
        grad_bias = 0.0
        for feats, y in encoded:
            z = bias + sum(weights[i] for i in feats)
            err = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y
            grad_bias += err
            for i in feats:
                grad[i] += err
        bias -= RATE * grad_bias / n
        for i in range(len(weights)):
            weights[i] -= RATE * (grad[i] / n + L2 * weights[i])
    names = {i: f for f, i in index.items()}
    kept = {names[i]: round(w, 4) for i, w in enumerate(weights) if abs(w) >= PRUNE}
    return round(bias, 4), dict(sorted(kept.items()))


def predict(model: tuple[float, dict[str, float]], feats: list[str]) -> int:
    bias, weights = model
    return int(bias + sum(weights.get(f, 0.0) for f in feats) > 0)


def main() -> int:
    args = arguments(__doc__ or "")
    paths = train_paths(args.holdout, TIEBREAK_SETS)
    data = rows(paths)
    model = train(data)
    bias, weights = model
    fit = sum(predict(model, f) == y for f, y in data)
    print(
        f"trained on {len(data)} undecided rows of {len(paths)} sets: {sum(y for _, y in data)} local; "
        f"fit {fit}/{len(data)}; {len(weights)} weights"
    )
    for path in args.holdout:
        test = rows([path])
        right = sum(predict(model, f) == y for f, y in test)
        print(f"held out {path.name}: {right}/{len(test)} undecided rows right")
    payload = json.dumps(
        {"bias": bias, "weights": weights, "trained_on": list(TIEBREAK_SETS)}, ensure_ascii=False, indent=0
    )
    return ship(OUT, payload, script="train_tiebreak.py", check=args.check, dry_run=args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
