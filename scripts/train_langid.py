"""Train the Latin-script language identifier (`runcomfy_edit_tool/_classify/langid.json`).

Usage:
    python scripts/train_langid.py                 # train on the development sets, write the model
    python scripts/train_langid.py --check         # exit 1 if the shipped model is stale
    python scripts/train_langid.py --holdout evals/blind11-2026-12.jsonl --dry-run
                                                   # train without that set, score it

Multinomial naive Bayes with add-one smoothing over `langid.features` of every Latin-script request
of the development sets (the same list the tie-breaker trains on), labelled with the row's `lang`.
Hindi written in Latin letters is labelled English: its guidance is English, as the user typed it.
Features seen once are dropped (they change no decision; the file stays small). No randomness.
"""

from __future__ import annotations

import collections
import json
import math
import sys
from pathlib import Path

from _training import ROOT, TRAIN_SETS, arguments, ship, train_paths

from runcomfy_edit_tool._classify.langid import MODEL_FILE, features
from runcomfy_edit_tool._classify.text import script_counts, without_quotes

OUT = ROOT / "runcomfy_edit_tool" / "_classify" / MODEL_FILE
PRUNE = 2  # keep features seen at least this often in a language
DIGITS = 2  # log-probabilities rounded to this many decimals


def rows(paths: list[Path]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = without_quotes(row["request"])
            if "lang" not in row or set(script_counts(text)) - {"Latin"}:
                continue
            out.append((text, "en" if row["lang"] == "hi" else row["lang"]))
    return out


def train(data: list[tuple[str, str]]) -> dict[str, dict[str, object]]:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    docs: collections.Counter[str] = collections.Counter()
    for text, lang in data:
        docs[lang] += 1
        counts[lang].update(features(text))
    vocabulary = len(set().union(*counts.values()))
    model: dict[str, dict[str, object]] = {}
    for lang in sorted(counts):
        total = sum(counts[lang].values()) + vocabulary
        model[lang] = {
            "prior": round(math.log(docs[lang] / len(data)), DIGITS),
            "unknown": round(math.log(1 / total), DIGITS),
            "logp": {
                f: round(math.log((n + 1) / total), DIGITS)
                for f, n in sorted(counts[lang].items())
                if n >= PRUNE
            },
        }
    return model


def predict(model: dict[str, dict[str, object]], text: str) -> str:
    feats = features(text)
    scores: dict[str, float] = {}
    for lang, entry in model.items():
        logp = entry["logp"]
        assert isinstance(logp, dict)
        scores[lang] = float(entry["prior"]) + sum(float(logp.get(f, entry["unknown"])) for f in feats)  # type: ignore[arg-type]
    return max(scores, key=lambda lang: scores[lang])


def main() -> int:
    args = arguments(__doc__ or "")
    paths = train_paths(args.holdout)
    data = rows(paths)
    model = train(data)
    fit = sum(predict(model, text) == lang for text, lang in data)
    print(f"trained on {len(data)} Latin-script requests of {len(paths)} sets; fit {fit}/{len(data)}")
    for path in args.holdout:
        test = rows([path])
        right = sum(predict(model, text) == lang for text, lang in test)
        print(f"held out {path.name}: {right}/{len(test)} Latin-script requests right")
    payload = json.dumps({"languages": model, "trained_on": list(TRAIN_SETS)}, ensure_ascii=False, indent=0)
    return ship(OUT, payload, script="train_langid.py", check=args.check, dry_run=args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
