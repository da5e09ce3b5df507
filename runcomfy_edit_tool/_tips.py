"""Checks that a rewritten prompt follows its model's prompting tips (the eval's tip-compliance).

Each check is a pure function of the prompt and the extracted intent, kept deliberately simple so a
reader can predict its verdict:

1. ``preservation_first`` (every route): the prompt's first sentence carries the preservation
   clause — it names one of ``intent.preserve`` or has a "keep … unchanged" marker in one of the
   supported languages.
2. ``flux_single_instruction`` (flux-kontext-pro): the prompt is one sentence.
3. ``zimage_outside_mask`` (z-image-inpaint): the prompt names what stays outside the mask — one of
   ``intent.preserve`` or an "outside the mask" phrase.
4. ``gpt_refs_numbered`` (gpt-image-2-edit with several images): every input image is referred to
   by number ("image 1", "图2", "2枚目", …).

Markers are matched as case-folded substrings, so "Keep", "KEEP" and German "ß"/"ss" all match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal, get_args

from ._eval_metrics import image_ref_numbers
from ._intent import EditIntent
from ._plan import EditPlan
from ._text import find_quotes

__all__ = [
    "KEEP_MARKERS",
    "OUTSIDE_MASK_MARKERS",
    "TIP_NAMES",
    "TipName",
    "first_sentence",
    "flux_single_instruction",
    "gpt_refs_numbered",
    "preservation_first",
    "sentences",
    "tip_checks",
    "zimage_outside_mask",
]

TipName = Literal["preservation_first", "flux_single_instruction", "zimage_outside_mask", "gpt_refs_numbered"]
TIP_NAMES: Final[tuple[TipName, ...]] = get_args(TipName)

# "Keep … unchanged" in the languages the rewriter writes (en, zh, ja, ko, es, fr, de, pt, ru, it).
KEEP_MARKERS: Final[tuple[str, ...]] = (
    "keep", "unchanged", "preserve", "retain", "intact",
    "保持", "保留", "不变", "维持", "不要改变",
    "そのまま", "維持", "変えず", "変更せず", "残し",
    "유지", "그대로", "보존",
    "mantén", "mantener", "mantenga", "conserva", "sin cambios", "intacto", "intacta",
    "garde", "conserve", "inchangé", "préserve",
    "unverändert", "behalte", "beibehalten", "bewahre",
    "mantenha", "manter", "mantém", "inalterad", "preserve",
    "сохрани", "сохраняя", "без изменений", "неизменн", "оставь",
    "mantieni", "invariat",
)  # fmt: skip

# "Outside the mask" in the same languages: what the z-image tip asks the prompt to talk about.
OUTSIDE_MASK_MARKERS: Final[tuple[str, ...]] = (
    "outside the mask", "outside of the mask", "outside the masked", "unmasked",
    "遮罩外", "蒙版外", "遮罩以外", "蒙版以外", "遮罩之外", "蒙版之外",
    "マスク外", "マスクの外", "マスク以外",
    "마스크 밖", "마스크 외부", "마스크 바깥",
    "fuera de la máscara",
    "hors du masque", "en dehors du masque", "à l'extérieur du masque",
    "außerhalb der maske",
    "fora da máscara",
    "вне маски", "за пределами маски",
    "fuori dalla maschera",
)  # fmt: skip

# A sentence ends at . ! ? followed by whitespace (so "1.5" and "e-mail.com" do not split), at a
# CJK full stop wherever it is, or at a line break.
_ENDERS: Final = frozenset(".!?。！？")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")


def _mask_quotes(text: str) -> str:
    """Blank out quoted spans (same length, so offsets still match) using the classifier's quote finder.

    Quoted in-image text may hold sentence punctuation ("OPEN. COME IN.") that must not split a
    sentence. A quote that itself ends a sentence (`… to "OPEN."` then more text) keeps its final
    mark at the closing quote's position so that boundary survives.
    """
    chars = list(text)
    for start, end, inner in find_quotes(text):
        chars[start:end] = "_" * (end - start)
        if inner.rstrip()[-1:] in _ENDERS:
            chars[end - 1] = inner.rstrip()[-1]
    return "".join(chars)


def sentences(text: str) -> list[str]:
    """Split a prompt into its sentences (quoted text never splits one)."""
    masked = _mask_quotes(text)
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(masked):
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip(" \t\n.!?。！？")]


def first_sentence(text: str) -> str:
    """The prompt's first sentence ("" for an empty prompt)."""
    found = sentences(text)
    return found[0] if found else ""


def _mentions(text: str, needles: Iterable[str]) -> bool:
    folded = text.casefold()
    return any(needle.strip() and needle.strip().casefold() in folded for needle in needles)


def preservation_first(prompt: str, intent: EditIntent) -> bool:
    """The first sentence names something to keep (from the intent) or says "keep … unchanged"."""
    lead = first_sentence(prompt)
    return _mentions(lead, intent.preserve) or _mentions(lead, KEEP_MARKERS)


def flux_single_instruction(prompt: str) -> bool:
    """The prompt is exactly one sentence, as Flux Kontext's tips ask."""
    return len(sentences(prompt)) == 1


def zimage_outside_mask(prompt: str, intent: EditIntent) -> bool:
    """The prompt names what stays outside the mask: a preserved item or an "outside the mask" phrase."""
    return _mentions(prompt, intent.preserve) or _mentions(prompt, OUTSIDE_MASK_MARKERS)


def gpt_refs_numbered(prompt: str, n_images: int) -> bool:
    """Each of the `n_images` inputs is referred to by its number somewhere in the prompt."""
    return set(range(1, n_images + 1)) <= image_ref_numbers(prompt)


def tip_checks(plan: EditPlan) -> dict[TipName, bool]:
    """The tips that apply to a plan's route and inputs, each with its verdict."""
    results: dict[TipName, bool] = {"preservation_first": preservation_first(plan.prompt, plan.intent)}
    if plan.route == "flux-kontext-pro":
        results["flux_single_instruction"] = flux_single_instruction(plan.prompt)
    elif plan.route == "z-image-inpaint":
        results["zimage_outside_mask"] = zimage_outside_mask(plan.prompt, plan.intent)
    elif plan.route == "gpt-image-2-edit" and len(plan.images) > 1:
        results["gpt_refs_numbered"] = gpt_refs_numbered(plan.prompt, len(plan.images))
    return results
