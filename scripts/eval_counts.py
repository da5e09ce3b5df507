"""Regenerate the counts section of evals/README.md from the data sets (run after editing a set)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from runcomfy_edit_tool._catalog import ROUTE_IDS
from runcomfy_edit_tool._evals.dataset import load_eval_set

REPO = Path(__file__).resolve().parent.parent
RULE_TAGS = (
    "named-model", "mask", "many-images", "batch", "composition", "text", "layout",
    "background", "removal", "positional", "variants", "local", "default",
)  # fmt: skip


def table(title: str, counts: Counter[str], keys: list[str]) -> list[str]:
    return [f"| {title} | cases |", "|---|---|", *(f"| {k} | {counts[k]} |" for k in keys), ""]


def section(name: str) -> list[str]:
    cases = load_eval_set(REPO / "evals" / name)
    routes = Counter(str(c.route) for c in cases)
    langs = Counter(c.lang for c in cases)
    tags = Counter(t for c in cases for t in c.tags)
    hard = [c for c in cases if "hard" in c.tags]
    kinds = Counter(t for c in hard for t in c.tags if t not in RULE_TAGS and t != "hard")
    english = langs["en"]
    expect = Counter(k for c in cases if c.expect for k, v in c.expect.model_dump().items() if v is not None)
    return [
        f"`{name}`: {len(cases)} cases, {len(langs)} languages, "
        f"{len(cases) - english} non-English ({(len(cases) - english) / len(cases):.0%}), {len(hard)} hard.",
        "",
        *table("route", routes, list(ROUTE_IDS)),
        *table("lang", langs, sorted(langs, key=lambda k: (-langs[k], k))),
        *table("rule tag", tags, list(RULE_TAGS)),
        *table("hard kind", kinds, sorted(kinds, key=lambda k: (-kinds[k], k))),
        *table("expect key", expect, sorted(expect)),
    ]


def main() -> None:
    readme = REPO / "evals" / "README.md"
    text = readme.read_text(encoding="utf-8")
    sets = [*section("routing.jsonl"), *section("holdout.jsonl")]
    body = "\n".join(["<!-- counts -->", *sets, "<!-- /counts -->"])
    new, n = re.subn(r"<!-- counts -->.*?<!-- /counts -->", lambda _: body, text, flags=re.S)
    if n != 1:
        sys.exit("evals/README.md has no <!-- counts --> … <!-- /counts --> section")
    readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
