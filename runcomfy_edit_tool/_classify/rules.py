"""The offline classifier: deterministic extraction of an `EditIntent` from the request's words.

No network, no model, no state: the same request always gives the same intent. It reads cue
patterns from `_lexicon` and leaves the route decision to `_policy`, exactly as the LLM path does.
"""

from __future__ import annotations

import re
from typing import Final

from .._catalog import ROUTE_IDS, RouteId
from .._cues import Cue
from .._intent import EditIntent, EditKind, ImageRole, MultiImageMode, QuotedText, Script
from .._mentions import INJECTION, MODEL_NAME, MODEL_NAMES, MODEL_NEGATION
from .._plan import ClassifierName
from .._policy import decide_route, reaches_rule_11
from . import lexicon as lx
from .base import Classification, ClassifyRequest
from .clauses import INLINE_ITEM, LIST_MARKER, kept_object, read_request
from .text import REMARK_BEFORE, detect_language, find_quotes, quoted_texts, without_quotes
from .tiebreak import local_probability

_ASPECT: Final = re.compile(r"(?<![\d:])(\d{1,2})\s*[:：x×]\s*(\d{1,2})(?![\d:])")
_RESOLUTION: Final = re.compile(r"(?<![\w.])(0\.5|1|2|4)\s*[kK]\b")
_SEED: Final = re.compile(
    r"\bseed\s*(?:=|:|of|is)?\s*(\d{1,10})\b|种子\s*[:：=]?\s*(\d{1,10})|シード\s*[:：=]?\s*(\d{1,10})",
    re.IGNORECASE,
)
# Languages the cue lexicon covers; in others, quoted text is the best evidence of a text edit.
_CUE_LANGUAGES: Final = frozenset({"en", "zh", "ja", "ko", "es", "fr", "de", "pt", "ru", "it"})
_SPACE: Final = re.compile(r"\s+")
_LEADING_JUNK: Final = re.compile(r"^[\s,;:，；：、.。?!？！-]+|[\s,;:，；：、-]+$")
_POLITE: Final = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so)[,!]?\s+)?(?:(?:can|could|would) you(?: please)?|please|pls|plz|kindly|"
    r"i (?:want|need|would like) (?:you )?to|i'?d like (?:you )?to|help me)\s+",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    return _LEADING_JUNK.sub("", _SPACE.sub(" ", text)).strip()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？\n])\s*", text) if s.strip()]


def _injection_spans(text: str) -> list[tuple[int, int]]:
    """Sentences that try to steer the classifier: their words are data, not choices."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in re.split(r"(?<=[.!?。！？\n])", text):
        if INJECTION.search(sentence):
            spans.append((pos, pos + len(sentence)))
        pos += len(sentence)
    return spans


def _named_model(scan: str, injections: list[tuple[int, int]]) -> tuple[RouteId | None, list[str]]:
    """The model the user plainly asks for; names inside injection lines or negations don't count."""
    found: list[tuple[int, RouteId]] = []
    notes: list[str] = []
    for route in ROUTE_IDS:
        for match in MODEL_NAMES[route].finditer(scan):
            if any(lo <= match.start() < hi for lo, hi in injections):
                notes.append(f"ignored {match.group(0)!r}: it appears in a line that tries to steer routing")
                continue
            if MODEL_NEGATION.search(scan[max(0, match.start() - 20) : match.start()]):
                notes.append(f"ignored {match.group(0)!r}: the request rules it out")
                continue
            found.append((match.start(), route))
    if not found:
        return None, notes
    found.sort()
    return found[0][1], notes


def _ordinal_index(word: str) -> int:
    """1-based index of an ordinal word; -1 means "the last one"; 0 if unknown."""
    if word in lx.ORDINALS:
        return lx.ORDINALS[word]
    return next((value for prefix, value in lx.ORDINAL_PREFIXES if word.startswith(prefix)), 0)


def _image_refs(scan: str, n_images: int) -> list[int]:
    refs: list[int] = []
    for match in lx.IMAGE_REF.finditer(scan):
        raw = next(v for v in match.groupdict().values() if v is not None)
        index = int(raw) if raw.isdigit() else lx.ORDINALS.get(raw, 0)
        if 1 <= index <= max(n_images, 1) and index not in refs:
            refs.append(index)
    for match in lx.ORDINAL_REF.finditer(scan):
        raw = next(v for v in match.groupdict().values() if v is not None).lower()
        index = int(raw) if raw.isdigit() else _ordinal_index(raw)
        if index == -1:
            index = n_images
        if 1 <= index <= n_images and index not in refs:
            refs.append(index)
    return refs


_ROLE_EN: Final = re.compile(
    r"(?:the\s+)?(?P<role>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})\s+(?:from|of|in)\s+(?:the\s+)?"
    r"(?:image|img|photo|picture|pic|shot)\s*#?(?P<n>\d{1,2})\b",
    re.IGNORECASE,
)
_ROLE_STOP: Final = frozenset(
    {"and", "the", "put", "use", "take", "with", "into", "onto", "then", "keep", "me"}
)


def _roles(scan: str, refs: list[int]) -> list[ImageRole]:
    roles: dict[int, str] = {}
    for match in _ROLE_EN.finditer(scan):
        words = [w for w in match.group("role").split() if w.lower() not in _ROLE_STOP]
        index = int(match.group("n"))
        if words and index in refs and index not in roles:
            roles[index] = " ".join(words)
    return [ImageRole(index=i, role=roles.get(i, "reference")) for i in sorted(refs)]


def _num_outputs(scan: str) -> int | None:
    match = lx.VARIANTS.search(scan)
    if match is None:
        return None
    raw = next((v for v in match.groupdict().values() if v is not None), None)
    if raw is None:
        return None
    value = int(raw) if raw.isdigit() else lx.NUMBER_WORDS.get(raw.lower(), 0)
    return min(max(value, 2), 4) if value >= 2 else None


_ONLY_SOME: Final = re.compile(
    r"\b(?:only|just|solo|sólo|seulement|uniquement|nur|alleen|bara|endast|tylko|только|лише|тільки|sadece|yalnızca|"
    r"μόνο|hanya|cuma|chỉ)\s+(?:\w+\s+){0,2}?(?:(?:image|img|photo|picture|pic|shot|foto|imagen|imagem|bild|"
    r"zdjęci\w*|фото|fotoğraf\w*|resim\w*|φωτογραφί\w*|gambar|ảnh|hình)s?\s*#?\d|\d{1,2}\s*(?:and|,|y|et|und|e|en|och|i|и|ve|και|dan|và)\s*\d)"
    r"|(?:רק|केवल|सिर्फ|فقط|เฉพาะ|只|仅)\s*(?:\S+\s*){0,2}?\d|\d\s*(?:枚目|번)\S{0,6}(?:だけ|만)",
    re.IGNORECASE,
)


_ROLE_IS: Final = re.compile(
    r"\b(?:the\s+)?(?:first|second|third|last|other)\s+(?:\d{1,2}\s+)?(?:one|ones|pic|pics|photo|photos|image|images|"
    r"shot|shots)?\s*(?:is|are)\s+(?:the|our|my|a|an)\b",
    re.IGNORECASE,
)


def _multi_mode(scan: str, n_images: int, refs: list[int]) -> MultiImageMode:
    if n_images <= 1:
        return "single"
    combine = bool(lx.COMBINE.search(scan))
    batch = bool(lx.BATCH.search(scan))
    # "the first 11 are our pens and the last pic is the desk shot": images given roles by position.
    if refs and _ROLE_IS.search(scan):
        return "composition"
    # "Chỉ ở ảnh 2 và ảnh 5 thôi: …", "only on pics 3 and 5": the same edit on some of the images.
    if refs and not combine and _ONLY_SOME.search(scan):
        return "batch"
    # Images told apart by what they show ("in the other shot (the catalogue one)") have roles, even
    # when a batch word is in the description.
    if len(refs) >= 2 or (refs and (combine or lx.THE_REST.search(scan))) or lx.OTHER_IMAGE.search(scan):
        return "composition"
    if combine and not batch:
        return "composition"
    if refs and not batch:
        return "composition"
    return "batch"


def _kept_object(clause: str) -> str:
    """What a preservation clause keeps: "keep her face and pose the same" → "her face and pose"."""
    return _clean(kept_object(clause))


def _strip_model_mentions(text: str) -> str:
    return lx.MODEL_MENTION.sub(" ", text)


def _edit_kinds(
    scan: str,
    change_scan: str,
    mode: MultiImageMode,
    has_quotes: bool,
    translate: bool,
    language: str,
    *,
    quote_is_new: bool = False,
) -> list[EditKind]:
    kinds: list[EditKind] = []
    # "make the neon sign glow pink" lights a sign; a sign is text only when something is written on it.
    first = lx.TEXT.search(scan)
    sign_only = (
        first is not None
        and first.group(0) in _SIGN_WORDS
        and {m.group(0) for m in lx.TEXT.finditer(scan)} <= _SIGN_WORDS
        and not (has_quotes or lx.WRITES.search(change_scan))
    )
    text_cue = (first is not None and not sign_only) or translate
    # A style word elsewhere ("make the paint pop") doesn't make "change the price to '$14,500'" a style name.
    quotes_as_text = has_quotes and (quote_is_new or not lx.RESTYLE.search(scan))
    # A quote with a writing word ("the banner said 'X'", "mudar para 'X'") is text to write.
    is_text = text_cue or (
        quotes_as_text
        and (
            quote_is_new
            or lx.EDIT_VERB.search(scan)
            or lx.WRITES.search(scan)
            or language not in _CUE_LANGUAGES
        )
    )
    # Taking a sign or a label away writes nothing: a removal (policy rule 9), not a text edit.
    if is_text and not translate and lx.REMOVAL.search(change_scan) and not lx.WRITES.search(change_scan):
        is_text = False
    if is_text:
        kinds.append("text")
    if lx.LAYOUT_ELEMENT.search(scan) and lx.MOVE.search(scan):
        kinds.append("layout")
    if lx.BACKGROUND.search(scan):
        kinds.append("background")
    if lx.REMOVAL.search(scan):
        kinds.append("removal")
    if lx.POSITIONAL.search(change_scan):
        kinds.append("positional")
    if lx.LOCAL.search(change_scan):
        kinds.append("local")
    if lx.RESTYLE.search(change_scan) or lx.VAGUE.search(change_scan):
        kinds.append("restyle")
    elif not kinds and lx.EDIT_VERB.search(change_scan):
        # A concrete edit on a named thing with no broader cue is a local change (rule 11's domain).
        kinds.append("local")
    if mode == "composition":
        kinds.insert(0, "composition")
    if not kinds:
        kinds.append("other")
    return kinds


_SIGN_WORDS: Final = frozenset({"sign", "signs", "signage"})
# The tie-breaker's probability from which a request is one local change (rule 11).
_LOCAL: Final = 0.5
_WHOLE_PICTURE: Final = re.compile(
    r"\b(?:(?:the\s+)?whole\s+(?:scene|image|photo|picture|shot|thing)|entire\s+(?:scene|image|photo|picture)|overall|"
    r"toda la (?:foto|imagen|escena)|toute l'(?:image|photo)|das ganze bild|"
    r"(?:tutta|l'intera) (?:la )?(?:foto|immagine)|"
    r"(?:a )?foto (?:toda|inteira)|всё изображение|всю фотографию|весь кадр)\b|整体|整张|全体|画面全体|전체",
    re.IGNORECASE,
)
_LIST_ITEM: Final = re.compile(rf"(?m)^\s*{LIST_MARKER}\S|{INLINE_ITEM}\s*\S")
# "The same room, but with terracotta walls and an arc lamp …": a described result with two new things.
_WITH_TWO_THINGS: Final = re.compile(
    r"\b(?:but|pero|mais|aber|ma|mas|maar|men)\s+(?:with|con|avec|mit|com|met|med)\b[^.;!?\n]{2,60}?\s"
    r"(?:and|e|y|et|und|en|och)\s+(?:a|an|the|some|un|una|uno|une|des|le|la|les|el|los|las|um|uma|o|os|as|"
    r"il|lo|gli|ein|eine|einen|einem|een|de|het|ett|en)\s(?P<second>[^.;!?\n,]*)",
    re.IGNORECASE,
)
# A brief's field line ("Obrus: biały lniany", "Add: a vase of peonies"): one instruction per field.
_FIELD_LINE: Final = re.compile(rf"(?m)^\s*(?:{LIST_MARKER})?[^\W\d][\w .'’-]{{0,24}}\s*[:：]\s*\S")
_DESCRIBES: Final = re.compile(
    # "…, something really retro": a description of the change just asked for, not a second edit.
    r"\b(?:vibe|vibes|look|feel|aesthetic|energy)\w*|"
    r"^\s*(?:something|nåt|något|algo|quelque chose|qualcosa|etwas|iets|coś|что-то|щось|bir şey)\b|"
    # "…, like he's about to style someone's hair", "kayak baru di-polish": a simile for the same change.
    r"^\s*(?:(?:a bit|a little|kind of|un peu|un poco|un po'|ein bisschen|ein wenig|meio|um pouco)\s+)?"
    r"(?:like|kayak|seperti|como|comme|wie|come|zoals|som|jak|как|як|gibi|σαν)\s",
    re.IGNORECASE,
)


# Verb-final imperatives: "Mama paketinin rengini yeşil yap, yanına da tahta bir kase koy".
_IMPERATIVE_END: Final = Cue(
    r"\b(?:yap|koy|ekle|değiştir|kaldır|sil|boya|tak|giydir|çıkar)(?:ın|sana|abilir misin)?\b"
    r"[^,.;!?]{0,25}[.!]?\s*$"
)
# A clause that opens with an edit verb (Polish "tak, żeby …" is "so that", not Turkish "tak", "put on").
_IMPERATIVE_START: Final = Cue(
    r"^\s*(?:(?:please|pls|just|also|then|and)\s+)?(?!tak\s+(?:żeby|aby|by)\b)(?:"
    + lx.EDIT_VERB.pattern
    + ")"
)


def _two_imperatives(change: str) -> bool:
    """Whether two clauses of the change each open with an edit verb (an expression aside)."""
    parts = [p for p in lx.CLAUSE_SPLIT.split(change) if p and p.strip()]
    restated = _restated(parts)
    return (
        sum(
            1
            for index, p in enumerate(parts)
            if index not in restated
            and (_IMPERATIVE_START.match(p) or _IMPERATIVE_END.search(p))
            and not lx.EXPRESSION.search(p)
        )
        >= 2
    )


def _restated(parts: list[str]) -> set[int]:
    """The clauses that restate the one before instead of adding an edit: a self-correction ("…, sorry,
    maroon", "… — actually no, make it a bandana") or the state a thing should be in ("…, it should be
    green")."""
    return {
        index
        for index, part in enumerate(parts)
        if index
        and (
            lx.CORRECTION.match(part)
            or lx.TARGET_STATE.match(part)
            or lx.CORRECTION_AFTER.search(parts[index - 1])
        )
    }


def _clause_count(change_scan: str, language: str = "") -> int:
    """How many separate edits the request asks for ("add a hat and make it winter" is two)."""
    # "i" is "and" in Polish but "in" in Swedish and Italian; "en" is "and" only in Dutch.
    if language != "pl":
        change_scan = re.sub(r"(?<=\s)i(?=\s)", "·", change_scan)
    if language != "nl":
        change_scan = re.sub(r"(?<=\s)en(?=\s)", "··", change_scan)
    parts = [p for p in lx.CLAUSE_SPLIT.split(change_scan) if p and p.strip()]
    signals = (lx.EDIT_VERB, lx.LOCAL, lx.RESTYLE, lx.REMOVAL, lx.BACKGROUND, lx.TEXT)
    restated = _restated(parts)
    edits = [
        part
        for index, part in enumerate(parts)
        if any(s.search(part) for s in signals) and not lx.NOTHING_ELSE.search(part)
        if not (index in restated and any(s.search(p) for p in parts[:index] for s in signals))
    ]
    # An expression that goes with another change ("… and smiling") is part of that instruction, and
    # so is a vibe that describes it ("…, like a biker jacket vibe", "yang vibe-nya summery gitu").
    others = [
        part
        for part in edits
        if (not lx.EXPRESSION.search(part) or len(part.split()) > 6)
        and not (_DESCRIBES.search(part) and not lx.EDIT_VERB.search(part) and len(part.split()) <= 8)
    ]
    return len(others) if others else len(edits)


def _aspect_ratio(scan: str) -> str | None:
    match = _ASPECT.search(scan)
    return f"{int(match.group(1))}:{int(match.group(2))}" if match else None


def _resolution(scan: str) -> str | None:
    match = _RESOLUTION.search(scan)
    return f"{match.group(1)}K" if match else None


def _seed(scan: str) -> int | None:
    match = _SEED.search(scan)
    if match is None:
        return None
    return int(next(g for g in match.groups() if g is not None))


def _target_script(scan: str) -> Script | None:
    """The script of the language the text should end up in: the last language named wins
    ("translate the Chinese copy into English", "中文说明翻译成英文", "중국어를 한국어로")."""
    best: tuple[int, Script] | None = None
    aimed: tuple[int, Script] | None = None  # one named right after "into" ("ins Russische", "на русский")
    for pattern, script in lx.TARGET_LANGUAGE:
        for match in pattern.finditer(scan):
            if best is None or match.start() > best[0]:
                best = (match.start(), script)
            into = bool(
                _INTO_BEFORE.search(scan[max(0, match.start() - 12) : match.start()])
                or _INTO_AFTER.match(scan, match.end())
            )
            if into and (aimed is None or match.start() > aimed[0]):
                aimed = (match.start(), script)
    # "ins Russische übersetzt, der Rest bleibt deutsch": the language aimed at, not the last one named.
    chosen = aimed or best
    return chosen[1] if chosen else None


_INTO_BEFORE: Final = re.compile(
    r"(?:\b(?:into|to|ins|in|auf|en|al|em|para|на|в|naar|till|på|na|do|ke|sang|thành|σε|dil[ie]ne)\s*(?:the\s+|het\s+|o\s+)?|"
    r"译成|翻译成|改成|换成|成|ל|إلى|में)$",
    re.IGNORECASE,
)
_INTO_AFTER: Final = re.compile(r"\s*(?:に|へ|로|으로|ya\b|e\b|a\b|'?(?:ya|ye|a|e)\b)")


# The new text follows "to/with/read …" (or, in Japanese and Korean, is followed by に/로).
_NEW_TEXT_BEFORE: Final = re.compile(
    r"(?:\b(?:to|into|with|read|reads|say|says|by|for|por|par|durch|zu|para|em|на|в|till|naar|auf|à|på|до|için|σε|ke|thành)|"
    r"成|为|為|→|->|:|：|ל|إلى|เป็น|में)\s*$",
    re.IGNORECASE,
)
_NEW_TEXT_AFTER: Final = re.compile(
    # "soit « 39,90 € » au lieu de 45 €": the text that replaces another is the text to write.
    r"^\s*(?:に|へ|と|로|으로|라고|이라고|(?:instead of|rather than|au lieu de|en lugar de|en vez de|"
    r"statt|anstatt|invece di|em vez de|in plaats van|istället för|zamiast|вместо|замість|αντί)\b)",
    re.IGNORECASE,
)


def _new_text_script(request: str, quotes: list[QuotedText]) -> Script | None:
    """The script of the quoted text that is to be written (not the text it replaces)."""
    spans = find_quotes(request)
    if not spans or not quotes:
        return None
    for (start, end, _), quote in zip(spans, quotes, strict=False):
        if _introduces_new_text(request, start, end):
            return quote.script
    return quotes[-1].script


def _introduces_new_text(request: str, start: int, end: int) -> bool:
    """Whether the quote at request[start:end] is marked as the text to write ("to 'X'", "「X」に")."""
    before = request[max(0, start - 12) : start]
    return bool(_NEW_TEXT_BEFORE.search(before) or _NEW_TEXT_AFTER.search(request[end : end + 16]))


# Words before "everything except X" that keep everything: X is then the one thing to change.
_KEPT_BUT: Final = re.compile(
    r"\b(?:keep|leave|signed off on|approved?|happy with|like|love|fine with|lass\w*|behalte\w*|laisse\w*|"
    r"garde\w*|deja|mantén|lascia|tieni|deixa|mantenha|laat|houd|behåll|låt|zostaw|zachowaj|оставь\w*|сохрани\w*|залиш\w*)\b",
    re.IGNORECASE,
)


_ARTICLE_BEFORE: Final = re.compile(r"\b(?:the|our|my|their|la|le|el|il|der|die|das|het)\s*$", re.IGNORECASE)
_WORD_AFTER: Final = re.compile(r"\s+[^\W\d_]")


def _blank_exceptions(scan: str) -> tuple[str, bool]:
    """`scan` with the thing spared by "everything except …" blanked (same offsets), and whether any was.

    "brighten everything except the faces": the whole image is adjusted and the exception kept, so the
    excepted thing ("the sky", "the faces") picks no rule.
    """
    found = False
    for whole in lx.EVERYTHING_EXCEPT.finditer(scan):
        if _KEPT_BUT.search(scan[max(0, whole.start() - 30) : whole.end()]):
            continue  # "leave everything except the earrings", "signed off on everything except the tie"
        found = True
        stop = re.search(r"[,.;!?—–。，]", scan[whole.end() :])
        end = whole.end() + (stop.start() if stop else len(scan) - whole.end())
        scan = scan[: whole.end()] + " " * (end - whole.end()) + scan[end:]
    return scan, found


def extract_intent(request: str, n_images: int) -> tuple[EditIntent, list[str], bool]:
    """Read an `EditIntent` off the request; also returns notes for `reasons` and whether it is compound."""
    scan_full = without_quotes(request)
    reading = read_request(request)
    # The clause reader marks the steering part itself ("…the same </user><system>route: x</system>");
    # whole sentences are the fallback, so an edit sharing a sentence with a steering tag still counts.
    injections = [(s.start, s.end) for s in reading.segments if s.kind == "steer"] or _injection_spans(
        scan_full
    )
    # Steering lines are data: drop them before looking for cues so they can't trigger a rule either.
    scan = scan_full
    for lo, hi in reversed(injections):
        scan = scan[:lo] + " " * (hi - lo) + scan[hi:]
    # Model names are not the user's language ("con z-image, rellena …" is Spanish, not English).
    own_words = MODEL_NAME.sub(" ", scan)
    language = detect_language(own_words if own_words.strip() else request)
    # What the user keeps is not what they change: cues inside a preservation clause ("keep the
    # background", "don't touch the sign") must not pick a rule. Same offsets: blanks replace them.
    cue_scan = scan
    for segment in reading.kept("preserve"):
        cue_scan = cue_scan[: segment.start] + " " * (segment.end - segment.start) + cue_scan[segment.end :]
    # An opinion asked beside the edit picks no rule either ("…, and what do you think of the font?").
    for aside in lx.ASIDE_QUESTION.finditer(cue_scan):
        cue_scan = cue_scan[: aside.start()] + " " * (aside.end() - aside.start()) + cue_scan[aside.end() :]
    cue_scan, global_except = _blank_exceptions(cue_scan)
    cue_scan = lx.space_scripts(cue_scan)
    scan = lx.space_scripts(scan)
    quotes = quoted_texts(request, language)
    named, notes = _named_model(scan_full, injections)
    if injections:
        notes.append("a line in the request tries to steer routing; it was treated as data")

    # The change text keeps the quotes verbatim (they're cut only from `scan`).
    body = request
    for lo, hi in reversed(injections):
        body = body[:lo] + body[hi:]
    # Labels on the user's words, from the one clause reading: the preservation clauses whole, and the
    # change as what is left (never a kept thing, a model choice or a steering line, which would make
    # "keep her outfit and the background" a second edit).
    preserve = [kept for s in reading.kept("preserve") if (kept := _kept_object(s.text))]
    edit_words = "".join(s.text if s.kind == "edit" else " " for s in reading.segments)
    change = (
        _clean(_POLITE.sub("", _clean(_strip_model_mentions(edit_words)))) or _clean(body) or request.strip()
    )
    # An opinion asked beside the edit is not part of the change ("…, and what do you think of the font?").
    change = _clean(lx.ASIDE_QUESTION.sub(" ", change)) or change
    # A reason given after the edit ("…, weil das die neue Firmenfarbe ist", "…, бо на фото вже осінь")
    # explains it; its words are no second edit, no season and no place.
    change_scan = lx.NOT_A_REGION.sub(" ", lx.space_scripts(without_quotes(lx.REASON.sub(" ", change))))

    refs = _image_refs(scan, n_images)
    mode = _multi_mode(scan, n_images, refs)
    # Named in the edit, not in what is kept ("ins Russische übersetzt, der Rest bleibt deutsch").
    cue_target = _target_script(cue_scan)
    translate = bool(lx.TRANSLATE.search(cue_scan)) and bool(lx.TEXT.search(cue_scan) or cue_target)
    # A quote inside a preservation clause ("번호판 '12가 3456'도 건드리지 말고"): text to keep, not write.
    # A remark someone made ('Sarah says the sky "looks like a wet Tuesday"') or a name ('the "Sunny" cider
    # can') is quoted, but it is no text to write.
    edit_quotes = []
    for lo, hi, inner in reading.unkept_quotes():
        remark = REMARK_BEFORE.search(request, max(0, lo - 30), lo)
        if remark:
            # ("says" then names a person speaking, not what a sign says)
            cue_scan = (
                cue_scan[: remark.start()] + " " * (remark.end() - remark.start()) + cue_scan[remark.end() :]
            )
        elif not (_ARTICLE_BEFORE.search(request, max(0, lo - 6), lo) and _WORD_AFTER.match(request, hi)):
            edit_quotes.append((lo, hi, inner))
    quote_is_new = any(_introduces_new_text(request, lo, hi) for lo, hi, _ in edit_quotes)
    change_scan, _ = _blank_exceptions(change_scan)
    kinds = _edit_kinds(
        cue_scan if cue_scan.strip() else scan,
        change_scan,
        mode,
        bool(edit_quotes),
        translate,
        language,
        quote_is_new=quote_is_new,
    )
    if global_except and not {"text", "layout", "removal"} & set(kinds):
        kinds = ["restyle"]  # the whole image adjusted, one part spared: a global edit (rule 12)
    target: Script | None = None
    # Moving a labelled element ("انقل زر «احجز الآن» إلى أسفل") writes nothing: its label is no new text.
    moves_only = "layout" in kinds and not (quote_is_new or translate or lx.WRITES.search(change_scan))
    if "text" in kinds and not moves_only:
        # A quoted new text in a non-Latin script names its own script; else a named target language.
        quoted = _new_text_script(request, quotes)
        named_target = cue_target or _target_script(scan)
        # A new text quoted in Latin letters ("add 'Kalimera apo to katafygio!' for our Greek guests") is
        # written as quoted; a named language sets the script only when the text is translated.
        if quoted == "Latin" and not translate:
            target = "Latin"
        else:
            target = quoted if quoted not in (None, "Latin") else (named_target or quoted)
    # A list of two or more items ("- black apron\n- silver scissors") is one instruction per item.
    compound = (
        _clause_count(change_scan, language) >= 2
        or len(_LIST_ITEM.findall(edit_words)) >= 2
        or len(_FIELD_LINE.findall(edit_words)) >= 2
        # (an expression that goes with the change, "… and a smile", is part of it)
        or bool(
            (two := _WITH_TWO_THINGS.search(change_scan)) and not lx.EXPRESSION.search(two.group("second"))
        )
    )

    scope = _scope(kinds, change_scan)
    strong = named is not None or mode != "single" or kinds[0] in ("text", "layout", "background", "removal")
    confidence = 0.9 if strong else (0.5 if kinds == ["other"] else 0.75)
    intent = EditIntent(
        language=language,
        preserve=preserve,
        change=change,
        scope=scope,
        quoted_text=quotes,
        target_script=target,
        image_roles=_roles(scan, refs) if mode == "composition" else [],
        multi_image_mode=mode,
        edit_kinds=kinds,
        num_outputs=_num_outputs(scan),
        named_model=named,
        aspect_ratio=_aspect_ratio(scan),
        resolution=_resolution(scan),
        seed=_seed(scan),
        confidence=confidence,
    )
    return intent, notes, compound


def _scope(kinds: list[EditKind], change_scan: str) -> str | None:
    if "background" in kinds:
        return "background"
    match = lx.POSITIONAL.search(change_scan)
    if match and "positional" in kinds:
        return match.group(0)
    return None


class RulesClassifier:
    """The embedded offline classifier: no key, no network, deterministic."""

    @property
    def name(self) -> ClassifierName:
        """Always "rules"."""
        return "rules"

    def classify(self, request: ClassifyRequest) -> Classification:
        """Extract the intent and route it by the policy."""
        n_images, has_mask = len(request.images), request.mask is not None
        intent, notes, compound = extract_intent(request.request, n_images)
        local: bool | None = None
        if reaches_rule_11(intent, n_images=n_images, has_mask=has_mask):
            # One local change or the default: the learned tie-breaker weighs the wording (see tiebreak.py).
            p = local_probability(intent, compound=compound)
            # A style said to cover the whole picture ("golden-hour lighting across the whole scene") is
            # a global edit (rule 12) whatever the wording's probability.
            # So is "everything except the faces": the whole picture with one part spared.
            whole = "restyle" in intent.edit_kinds and bool(
                _WHOLE_PICTURE.search(intent.change) or _blank_exceptions(intent.change)[1]
            )
            # So is a list of two or more edits ("1) … 2) …", "- … \n- …"): the user counted them; and so are
            # two clauses that each open with an edit verb ("Змініть светр … і дайте їй …").
            listed = len(_LIST_ITEM.findall(intent.change)) >= 2 or _two_imperatives(intent.change)
            local = p >= _LOCAL and not whole and not listed
            notes.append(f"rule 11 or 12 decided by the learned tie-breaker: P(one local change) = {p:.2f}")
        route, reasons = decide_route(
            intent, n_images=n_images, has_mask=has_mask, compound=compound, local=local
        )
        return Classification(intent=intent, route=route, classifier="rules", reasons=[*reasons, *notes])

    async def aclassify(self, request: ClassifyRequest) -> Classification:
        """Same as `classify`: the work is microseconds of CPU, so no thread is needed."""
        return self.classify(request)
