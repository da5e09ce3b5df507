"""Rewrite a request into the chosen model's prompt, following that model's prompting tips.

Deterministic: the prompt is built from the extracted intent and the wording files in
`prompts/rewrite/`, never by a second LLM call. Prompts are written in the request's language
when it has wording (en, zh, ja, ko, es, fr, de, pt, ru); other languages get English wording with
the user's own words quoted, so no sentence mixes template English with untranslated fragments.
Quoted in-image text is carried byte-for-byte.
"""

from __future__ import annotations

import re
from typing import Final

from .._catalog import RouteId
from .._intent import EditIntent, EditKind
from .templates import TEMPLATE_LANGUAGES, PromptWording, wording

_CJK_LANGUAGES: Final = frozenset({"zh", "ja"})
_TRAILING: Final = re.compile(r"[\s.。!！?？,，;；:：、]+$")
_INNER_STOP: Final = re.compile(r"(?<=\S)[.!?。！？]+\s*(?=\S)")
_LANGUAGE_NAMES: Final[dict[str, str]] = {
    "it": "Italian",
    "ar": "Arabic",
    "hi": "Hindi",
    "nl": "Dutch",
    "pl": "Polish",
    "tr": "Turkish",
    "vi": "Vietnamese",
    "th": "Thai",
    "id": "Indonesian",
    "he": "Hebrew",
    "el": "Greek",
    "uk": "Ukrainian",
}

# Which default preservation phrase fits which kind of edit (first match wins).
_KEEP_FOR: Final[tuple[EditKind, ...]] = (
    "text",
    "layout",
    "composition",
    "background",
    "removal",
    "positional",
    "local",
    "restyle",
)


def _strip_end(text: str) -> str:
    return _TRAILING.sub("", text.strip())


def _sentences_joined(parts: list[str], language: str) -> str:
    glue = "" if language in _CJK_LANGUAGES else " "
    return glue.join(p for p in parts if p)


def _lower_first(text: str, language: str) -> str:
    # Lower-case the first letter so the clause reads inside a sentence; keep "I", acronyms and "GPT".
    if language in _CJK_LANGUAGES or len(text) < 2 or text[:2].isupper() or text.startswith("I "):
        return text
    return text[0].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class _Writer:
    """Builds one prompt; holds the wording and the intent so each tip is one small method."""

    def __init__(self, intent: EditIntent, *, n_images: int) -> None:
        self.intent = intent
        self.n_images = n_images
        self.foreign = intent.language not in TEMPLATE_LANGUAGES
        self.lang = "en" if self.foreign else intent.language
        self.w: PromptWording = wording(self.lang)

    def end(self, text: str) -> str:
        return _strip_end(text) + self.w.sentence_end

    def change_clause(self) -> str:
        change = _strip_end(self.intent.change)
        if self.foreign:
            name = _LANGUAGE_NAMES.get(self.intent.language, self.intent.language)
            return _strip_end(self.w.render("foreign", language=name, change=change))
        return change

    def change_sentence(self) -> str:
        clause = self.change_clause()
        return self.end(_upper_first(clause) if self.lang not in _CJK_LANGUAGES else clause)

    def things(self, fallback_key: str | None = None) -> str:
        if self.intent.preserve:
            return self.w.join(self.intent.preserve)
        key = fallback_key or next((k for k in _KEEP_FOR if k in self.intent.edit_kinds), "other")
        if self.intent.multi_image_mode == "batch" and fallback_key is None:
            key = "batch"
        phrase: str = getattr(self.w.default_keep, key)
        return phrase

    def keep(self) -> str:
        return self.w.render("keep", things=self.things())

    def scope(self) -> str:
        if self.intent.scope is None:
            return ""
        if "background" in self.intent.edit_kinds:
            return self.w.scope_background
        return self.w.render("scope_position", scope=self.intent.scope)

    def text_lines(self) -> list[str]:
        lines: list[str] = []
        if self.intent.quoted_text:
            quotes = self.w.join([self.w.render("quote", text=q.text) for q in self.intent.quoted_text])
            lines.append(self.w.render("text_exact", quotes=quotes))
        if self.intent.target_script is not None:
            lines.append(self.w.render("text_script", script=self.w.script_name(self.intent.target_script)))
        return lines

    def reference_lines(self) -> list[str]:
        if self.n_images < 2:
            return []
        roles = {r.index: r.role for r in self.intent.image_roles if r.role and r.role != "reference"}
        lines = [self.w.primary]
        if 1 in roles:
            lines.append(self.w.render("ref_role", role=roles[1], n=1))
        for n in range(2, self.n_images + 1):
            lines.append(
                self.w.render("ref_role", role=roles[n], n=n)
                if n in roles
                else self.w.render("ref_plain", n=n)
            )
        return lines


def rewrite(route: RouteId, intent: EditIntent, *, n_images: int) -> str:
    """The prompt for `route`: preservation first, then the change, then that model's specifics."""
    writer = _Writer(intent, n_images=n_images)
    w = writer.w
    if route == "flux-kontext-pro":
        # One declarative sentence, preservation first: inner sentence breaks become commas.
        clause = _INNER_STOP.sub(
            w.list_sep if writer.lang in _CJK_LANGUAGES else ", ", writer.change_clause()
        )
        sentence = w.render("flux", things=writer.things("local"), change=_lower_first(clause, writer.lang))
        return _strip_end(sentence) + w.sentence_end
    if route == "z-image-inpaint":
        keep = (
            w.render("zimage_keep_things", things=w.join(intent.preserve))
            if intent.preserve
            else w.zimage_keep
        )
        key = "zimage_remove" if "removal" in intent.edit_kinds else "zimage_fill"
        fill = w.render(key, change=writer.change_clause())
        return _sentences_joined([keep, fill, *writer.text_lines()], writer.lang)
    parts = [writer.keep()]
    if route == "nano-banana-edit":
        if intent.multi_image_mode == "batch" and n_images > 1:
            parts.append(writer.end(w.render("batch", change=writer.change_clause())))
        else:
            parts.append(writer.change_sentence())
        parts.append(writer.scope())
        if "text" in intent.edit_kinds:
            parts.extend(writer.text_lines())
    else:  # gpt-image-2-edit
        parts.append(writer.change_sentence())
        parts.extend(writer.text_lines())
        if "layout" in intent.edit_kinds:
            parts.append(w.layout)
        parts.extend(writer.reference_lines())
    return _sentences_joined(parts, writer.lang)


def z_image_strength(intent: EditIntent) -> float:
    """Inpainting strength by intent: cleanup 0.5, object replacement 0.65, whole-region replacement 0.9."""
    kinds = intent.edit_kinds
    if "background" in kinds or "restyle" in kinds:
        return 0.9
    if "removal" in kinds:
        return 0.5
    return 0.65
