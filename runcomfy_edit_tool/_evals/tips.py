"""Checks that a rewritten prompt follows its model's prompting tips (the eval's tip-compliance).

Each check is a pure function of the prompt and the extracted intent, kept deliberately simple so a
reader can predict its verdict:

1. ``preservation_first`` (every route): the prompt's first sentence carries the preservation
   clause — it names one of ``intent.preserve`` or has a "keep … unchanged" marker in one of the
   supported languages.
2. ``flux_single_instruction`` (flux-kontext-pro): one instruction — at most one sentence that is not
   a preservation sentence (BFL: one instruction, with what to preserve said explicitly).
3. ``zimage_outside_mask`` (z-image-inpaint): the prompt names what stays outside the mask — one of
   ``intent.preserve`` or an "outside the mask" phrase.
4. ``gpt_refs_numbered`` (gpt-image-2-edit with several images): every input image is referred to
   by number ("image 1", "图2", "2枚目", …).

Markers are regular expressions matched case-insensitively; preserved items from the intent are
matched as case-folded substrings (they are the user's own words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal, get_args

from .._classify import find_quotes
from .._intent import EditIntent
from .._plan import EditPlan
from .metrics import image_ref_numbers

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

# "Keep … unchanged" in the languages the rewriter writes (prompts/rewrite/*.toml).
# Latin and Cyrillic markers are whole word forms (\b on both sides) so "garden" is not "garde".
KEEP_MARKERS: Final[tuple[str, ...]] = (
    r"\bkeep(?:s|ing)?\b", r"\bunchanged\b", r"\bpreserv(?:e|es|ing)\b", r"\bretain(?:s|ing)?\b",
    r"\bintact\b", r"\b(?:nothing|everything) else\b", r"\bthe rest\b", r"\bsame\b",
    "保持", "保留", "不变", "维持", "不要改变",
    "そのまま", "維持", "変えず", "変更せず", "変えないで",
    "유지", "그대로", "보존", "손대지",
    r"\bmant(?:én|en|ener|enga|eniendo)\b", r"\bconserv(?:a|ar|ando)\b", r"\bsin cambios\b",
    r"\bintact[oa]s?\b",
    r"\bgard(?:e|ez|er|ant)\b", r"\bconserv(?:e|ez|er|ant)\b", r"\binchangée?s?\b", r"\bà l'identique\b",
    r"\bpréserv(?:e|ez|er|ant)\b",
    r"\bunverändert\b", r"\bbehalt(?:e|en)\b", r"\bbeibehalten\b", r"\bbewahr(?:e|en)\b",
    r"\bmant(?:enha|er|ém|endo)\b", r"\bsem alteraç(?:ão|ões)\b", r"\binalterad[oa]s?\b",
    r"\bсохран(?:и|ите|яя|ить)\b", r"\bбез изменений\b", r"\bнеизменн\w*", r"\bоставь(?:те)?\b",
    r"\bmantieni\b", r"\binvariat[oaie]\b", r"\blascia\b",
    r"\bongewijzigd\b", r"\blaat\b", r"\bbehoud\b", r"\boförändra\w*\b", r"\bbehåll\b",
    r"\bbez zmian\b", r"\bpozostaw\b", r"\bzachowaj\b", r"olduğu gibi", r"\bkoru\b",
    r"\bбез змін\b", r"\bзалиш\w*\b", r"αμετάβλητ\w*", r"\bάφησε\b", r"\bκράτα\b",
    r"\btetap\b", r"\bbiarkan\b", r"\bpertahankan\b", r"giữ nguyên", r"बिना बदले", r"वैसा ही", r"वैसे ही",
    r"دون تغيير", r"أبق", r"كما هو", r"ללא שינוי", r"השאר", r"ไว้ตามเดิม", r"ตามเดิม",
)  # fmt: skip

# "Outside the mask" in the same languages: what the z-image tip asks the prompt to talk about.
OUTSIDE_MASK_MARKERS: Final[tuple[str, ...]] = (
    r"\boutside (?:of )?the mask", r"\boutside the masked\b", r"\bunmasked\b",
    "遮罩外", "蒙版外", "遮罩以外", "蒙版以外", "遮罩之外", "蒙版之外",
    "マスク外", "マスクの外", "マスク以外",
    "마스크 밖", "마스크 외부", "마스크 바깥",
    r"\bfuera de la máscara\b",
    r"\bhors du masque\b", r"\ben dehors du masque\b", r"\bà l'extérieur du masque\b",
    r"\bau(?:ß|ss)erhalb der maske\b",
    r"\bfora da máscara\b",
    r"\bвне маски\b", r"\bза пределами маски\b",
    r"\bfuori dalla maschera\b",
    r"\bbuiten het masker\b", r"\butanför masken\b", r"\bpoza maską\b", r"maskenin dışında",
    r"за межами маски", r"έξω από τη μάσκα", r"di luar mask", r"bên ngoài vùng mặt nạ", r"मास्क के बाहर",
    r"خارج القناع", r"מחוץ למסכה", r"นอกมาสก์",
)  # fmt: skip

_KEEP: Final = re.compile("|".join(KEEP_MARKERS), re.IGNORECASE)
_OUTSIDE_MASK: Final = re.compile("|".join(OUTSIDE_MASK_MARKERS), re.IGNORECASE)

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


def _mentions(text: str, items: Iterable[str]) -> bool:
    folded = text.casefold()
    return any(item.strip() and item.strip().casefold() in folded for item in items)


def preservation_first(prompt: str, intent: EditIntent) -> bool:
    """The first sentence names something to keep (from the intent) or says "keep … unchanged"."""
    lead = first_sentence(prompt)
    return _mentions(lead, intent.preserve) or _KEEP.search(lead) is not None


def flux_single_instruction(prompt: str) -> bool:
    """One instruction, as Flux Kontext's tips ask: at most one sentence that is not saying what to keep."""
    return sum(1 for s in sentences(prompt) if s.strip() and not _KEEP.search(s)) <= 1


def zimage_outside_mask(prompt: str, intent: EditIntent) -> bool:
    """The prompt names what stays outside the mask: a preserved item or an "outside the mask" phrase."""
    return _mentions(prompt, intent.preserve) or _OUTSIDE_MASK.search(prompt) is not None


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
