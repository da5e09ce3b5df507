"""What the training scripts share: the development sets they learn from, their flags, and shipping.

`train_tiebreak.py` and `train_langid.py` learn from the same sets and ship their model the same way:
written next to the code that reads it, or (with --check) compared with the shipped file so a test
fails when a lexicon or data change left it stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Final

ROOT = Path(__file__).resolve().parent.parent
# Development data only: every set here has been looked at or tuned on. A new blind set joins this
# list only after its first scoring is recorded in evals/README.md.
TRAIN_SETS = (
    "routing.jsonl",
    "holdout.jsonl",
    "fidelity-holdout.jsonl",
    "readset-2026-12.jsonl",
    "finalread-2026-12.jsonl",
    "lastread-2026-12.jsonl",
    "read4-2026-12.jsonl",
    "read5-2026-12.jsonl",
    "blind-2026-12.jsonl",
    "blind6-2026-12.jsonl",
    "blind7-2026-12.jsonl",
    "blind8-2026-12.jsonl",
    "blind9-2026-12.jsonl",
    "blind10-2026-12.jsonl",
    "blind11-2026-12.jsonl",
    "blind12-2026-12.jsonl",
    "blind13-2026-12.jsonl",
    "blind14-2026-12.jsonl",
    "blind15-2026-12.jsonl",
    "blind16-2026-12.jsonl",
    "blind17-2026-12.jsonl",
    "blind18-2026-12.jsonl",
    "blind19-2026-12.jsonl",
    "blind20-2026-12.jsonl",
    "blind21-2026-12.jsonl",
    "blind22-2026-12.jsonl",
    "blind23-2026-12.jsonl",
    "blind24-2026-12.jsonl",
    "blind25-2026-12.jsonl",
    "blind26-2026-12.jsonl",
    "blind27-2026-12.jsonl",
    "blind28-2026-12.jsonl",
    "blind29-2026-12.jsonl",
    "blind30-2026-12.jsonl",
    "tiebreak-train.jsonl",
)
# The tie-breaker learns from the sets up to blind17: trained with blind18-20 as well it fit their
# phrasing and lost cases on the older sets (routing.jsonl 99.7% -> 99.5%, tiebreak-train 95.6% ->
# 93.8%), a net loss, so those sets (and blind21-30) inform the lexicon and the language model only.
_LEXICON_ONLY: Final = frozenset(f"blind{n}-2026-12.jsonl" for n in range(18, 31))
TIEBREAK_SETS = tuple(name for name in TRAIN_SETS if name not in _LEXICON_ONLY)


def arguments(doc: str) -> argparse.Namespace:
    """The flags every training script takes (--holdout, --dry-run, --check)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--holdout", type=Path, action="append", default=[], help="leave this set out and score it"
    )
    parser.add_argument("--dry-run", action="store_true", help="do not write the model file")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the shipped model differs from a fresh training"
    )
    return parser.parse_args()


def train_paths(holdout: list[Path], sets: tuple[str, ...] = TRAIN_SETS) -> list[Path]:
    """The development sets to learn from, without the ones held out."""
    held = {p.resolve() for p in holdout}
    return [p for p in (ROOT / "evals" / name for name in sets) if p.resolve() not in held]


def ship(out: Path, payload: str, *, script: str, check: bool, dry_run: bool) -> int:
    """Write the model (or, with `check`, compare it with the shipped one); the exit code."""
    if check:
        shipped = out.read_text(encoding="utf-8") if out.exists() else ""
        if shipped.strip() != payload.strip():
            print(f"{out.relative_to(ROOT)} is stale: run `python scripts/{script}`", file=sys.stderr)
            return 1
        print("the shipped model matches a fresh training")
        return 0
    if not dry_run:
        out.write_text(payload + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KiB)")
    return 0
