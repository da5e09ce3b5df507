"""Script and language detection, and quoted-text extraction: pure functions over strings."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

from .._cues import Cue
from .._intent import QuotedText, Script
from .langid import MIN_MARGIN, latin_language

# (script, inclusive code point ranges). Kana decides Japanese; Han alone is Chinese.
_RANGES: Final[tuple[tuple[Script, tuple[tuple[int, int], ...]], ...]] = (
    ("Japanese", ((0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9D))),
    ("Hangul", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))),
    ("Chinese", ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))),
    ("Cyrillic", ((0x0400, 0x052F),)),
    ("Greek", ((0x0370, 0x03FF),)),
    ("Arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ("Hebrew", ((0x0590, 0x05FF),)),
    ("Devanagari", ((0x0900, 0x097F),)),
    ("Thai", ((0x0E00, 0x0E7F),)),
)


@functools.lru_cache(maxsize=4096)
def char_script(char: str) -> Script | None:
    """The script of one character, or None for digits, punctuation and symbols."""
    code = ord(char)
    for script, ranges in _RANGES:
        if any(lo <= code <= hi for lo, hi in ranges):
            return script
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
        return "Latin"
    return None


def script_counts(text: str) -> dict[Script, int]:
    """How many letters of each script the text holds."""
    if text.isascii():
        letters = sum(1 for char in text if char.isalpha())
        return {"Latin": letters} if letters else {}
    counts: dict[Script, int] = {}
    for char in text:
        script = char_script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return counts


def detect_script(text: str, *, han_as: Script = "Chinese") -> Script | None:
    """The script of a piece of text; Han-only text counts as `han_as` (Japanese requests quote kanji)."""
    counts = script_counts(text)
    if not counts:
        return None
    if "Japanese" in counts:
        return "Japanese"
    if "Hangul" in counts:
        return "Hangul"
    best = max(counts, key=lambda s: counts[s])
    if best == "Chinese":
        return han_as
    return best


_SCRIPT_LANG: Final[dict[Script, str]] = {
    "Japanese": "ja",
    "Hangul": "ko",
    "Chinese": "zh",
    "Cyrillic": "ru",
    "Greek": "el",
    "Arabic": "ar",
    "Hebrew": "he",
    "Devanagari": "hi",
    "Thai": "th",
}

# Letters only one Latin-script language uses: two of them settle it before any word counting, so a
# Turkish or Vietnamese request never gets a neighbour language's wording.
_LETTERS: Final[dict[str, re.Pattern[str]]] = {
    "vi": re.compile(r"[ăơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE),
    "tr": re.compile(r"[ğışİ]"),
    "pl": re.compile(r"[ąęłśżźćń]", re.IGNORECASE),
    "cs": re.compile(r"[ěščřůťďň]", re.IGNORECASE),
}
_UKRAINIAN: Final = re.compile(r"[іїєґІЇЄҐ]")
# Ukrainian without і ї є ґ: the apostrophe inside a word ("пов'яжи"; Russian writes ъ) and words Russian lacks.
_UKRAINIAN_WORDS: Final = re.compile(
    r"[а-яА-Я]['’][а-яА-Я]|(?<![а-яА-Я])(?:з|зроби|зробіть|додай|прибери|заміни|поміняй|щоб|цей|ця|цю|трохи|або|дуже|"
    r"мені|будь|хлопця|дівчини|песику|праворуч|ліворуч|перефарбуй|червон\w*|синю|жовт\w*|"
    r"зверху|знизу|тло|на\s+тлі)(?![а-яА-Я])",
    re.IGNORECASE,
)


_ROMANIZED: Final = Cue(
    r"\b(?:sdelai|sdelay|sdelat|pozhal\w*|pojal\w*|zameni|pomenyai|nichego|bol'?she|trogai|takogo|tsvet\w*|khochu|"
    r"nuzhno|spasibo|fotku|chtoby|"
    r"vapse|valte|dwse|dose|kane|opws|einai|xamogel\w*|kokkin\w*|mple|prasin\w*|ston|stin|afto|ayto|efharist\w*|"
    r"parakal\w*|thelw|mporeis|"
    r"kudasai|onegai\w*|shite|kaete|keshite|desu|masu|yatsu|kono|sono|tokoro|kaite|naoshi\w*|"
    r"kar do|kar dena|karo|mein|wala|wali|wale|isko|usko|uske|uski|jagah|rakh do|nahi|thoda|bhai|yaar|se kar|"
    r"momken|3ayez|3ayza|sama7t|yeb2a|esta5dem)\b",
)
# Arabic in Latin letters writes some sounds with digits ("sa3a", "2eedo", "sama7t").
_ARABIZI: Final = re.compile(r"\b[a-z]+[2357][a-z]+\b", re.IGNORECASE)


# Words before a quote that make it a person's remark, not text to write (the rules and the rewriter
# both read quotes this way).
REMARK_BEFORE: Final = re.compile(
    # A person's words ("Sarah from marketing says the sky '…'"); "the sign says 'OPEN'" is what the sign
    # says, and "should say 'X'" asks for text.
    r"(?:\b(?:he|she|they|colleague|client|customer|boss|designer|manager|wife|husband|friend|mum|mom|dad|team|"
    r"marketing|someone|everyone|people|coworker|co-worker)\b[^.!?\"“«]{0,25}\b(?:says|said|commented|wrote|remarked)\b|"
    r"\b(?:comment\w*|ha detto|dijo|coment[óo]|a dit|sagte|meinte|zei|sade|"
    r"powiedział\w*|dedi|сказал\w*|сказав|написал\w*|είπε|nói|bilang)\b|אמר\w*|कहा|قال\w*|说|說|言って|말했|บอกว่า)"
    r"[^.!?\"“«„「]{0,20}$",
    re.IGNORECASE,
)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the request's dominant language (quoted text should be removed first)."""
    counts = script_counts(text)
    non_latin = {s: n for s, n in counts.items() if s != "Latin"}
    # A Japanese word in an English sentence ("make it feel more 侘び寂び") does not make it Japanese:
    # kana and kanji carry about four Latin letters' worth of words each.
    if "Japanese" in non_latin:
        if (non_latin["Japanese"] + non_latin.get("Chinese", 0)) * 4 >= counts.get("Latin", 0):
            return "ja"
        non_latin = {}
    if non_latin:
        if "Hangul" in non_latin:
            return "ko"
        best = max(non_latin, key=lambda s: non_latin[s])
        # A CJK request with English product terms is still a CJK request: CJK letters carry more words.
        weight = 2 if best == "Chinese" else 1
        if non_latin[best] * weight * 2 >= counts.get("Latin", 0) or best == "Chinese":
            if best == "Cyrillic" and (_UKRAINIAN.search(text) or _UKRAINIAN_WORDS.search(text)):
                return "uk"  # і ї є ґ are Ukrainian only; Russian wording would be a neighbour's
            return _SCRIPT_LANG[best]
    for lang, letters in _LETTERS.items():
        if letters.search(text):  # one of these letters already rules out every neighbour
            return lang
    # Russian, Greek, Japanese, Hindi or Arabic typed in Latin letters ("sdelai …", "vapse to …",
    # "… kaete kudasai", "… kar do", "momken tesheel …") is no Latin-script language the model knows: any
    # guess would name a neighbour, so none is named.
    # (a few such words in an English sentence, "Bhai just make it … thoda faded", leave it English)
    romanized = {m.group(0) for m in _ROMANIZED.finditer(text)}
    if any(digit in text for digit in "2357"):
        romanized |= {m.group(0).lower() for m in _ARABIZI.finditer(text)}
    if len(romanized) >= 2 and len(romanized) * 5 >= len(text.split()):
        return "und"
    # Which Latin-script language: the model shipped as data (`langid.py`). When its two likeliest
    # languages are too close to call, English words decide if English is one of them; otherwise no
    # neighbour is named (guidance in the wrong one reads worse than English around the user's words).
    guess = latin_language(text)
    if guess is None:
        return "en"
    top, second, margin = guess
    if margin < MIN_MARGIN:
        return "en" if "en" in (top, second) else "und"
    return top


# Opening → closing quote marks. Straight quotes pair with themselves.
_QUOTE_PAIRS: Final[dict[str, str]] = {
    '"': '"',
    "“": "”",
    "„": "“",
    "«": "»",
    "「": "」",
    "『": "』",
    "‘": "’",
    "‹": "›",
    "《": "》",
    "＂": "＂",
}
_QUOTE_RE: Final = re.compile(
    "|".join(f"{re.escape(o)}([^{re.escape(c)}\\n]{{1,200}}?){re.escape(c)}" for o, c in _QUOTE_PAIRS.items())
    # Single straight quotes only around words, so apostrophes (don't, it's) never open a quote.
    # CJK, Hangul and Thai glue particles straight onto the closing quote ("'5,000원'으로"): only a letter
    # of a spaced script next to the mark makes it an apostrophe.
    + r"|(?<![^\W\u0E00-\u0E7F\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF])'([^'\n]{1,200}?)'"
    + r"(?![^\W\u0E00-\u0E7F\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF])"
)


def find_quotes(text: str) -> list[tuple[int, int, str]]:
    """Every quoted span as (start, end, inner text), in order; `start`/`end` include the marks."""
    spans: list[tuple[int, int, str]] = []
    for match in _QUOTE_RE.finditer(text):
        inner = next(group for group in match.groups() if group is not None)
        if inner.strip():
            spans.append((match.start(), match.end(), inner))
    return spans


# A quote that names a look to imitate ("like the 'before/after' ads", "как в инстаграме «Ретро-Москва»",
# "“小红书爆款”的感觉", "'봄 소풍' 포스터 같은 느낌"): a style reference, not text to write.
_STYLE_BEFORE: Final = re.compile(
    r"(?:\b(?:like|as in|in the style of|inspired by|à la|comme|façon|como|estilo|tipo|wie|im stil|come|alla|zoals|"
    r"som|jak|gibi|как|як|σαν|seperti|giống|như|مثل|كما)\b|\b(?:kayak|kaya)\s+(?:poster|iklan|foto|gaya|konten|feed|yang)\b|"
    # (Indonesian "kayak" is Turkish "kayak", a ski: only with what it likens to)
    r"כמו|जैसे|जैसा|जैसी)[^'\"“„«「『\n]{0,25}$",
    re.IGNORECASE,
)
_STYLE_AFTER: Final = re.compile(
    r"^[^.。,，;；\n'\"]{0,12}?(?:的)?(?:感觉|感覺|风格|風格|风|風|느낌|같은|스타일|みたい|っぽ|की तरह|जैसा|जैसे|"
    r"\s(?:style|look|vibe|feel|aesthetic)\b)"
)


def style_reference(text: str, start: int, end: int) -> bool:
    """Whether the quote at text[start:end] names a style to imitate rather than text to write."""
    return bool(
        _STYLE_BEFORE.search(text[max(0, start - 40) : start]) or _STYLE_AFTER.search(text[end : end + 20])
    )


def quoted_texts(text: str, language: str) -> list[QuotedText]:
    """The quoted in-image text, byte-for-byte, with its script (kanji in a Japanese request is Japanese)."""
    han_as: Script = "Japanese" if language == "ja" else "Chinese"
    return [
        QuotedText(text=inner, script=detect_script(inner, han_as=han_as))
        for _, _, inner in find_quotes(text)
    ]


def without_quotes(text: str) -> str:
    """The text with quoted spans blanked out, so quoted words never count as instructions."""
    out = text
    for start, end, _ in reversed(find_quotes(text)):
        out = out[:start] + " " * (end - start) + out[end:]
    return out
