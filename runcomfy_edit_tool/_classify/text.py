"""Script and language detection, and quoted-text extraction: pure functions over strings."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

from .._intent import QuotedText, Script

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

# Short function words that tell Latin-script languages apart; scored on whole words.
_LATIN_MARKERS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset(
        "the and of to in on with make put keep change this that her his it from into please all each "
        "every image photo picture background remove replace add give me is are a an can could would you she he they "
        "be my your for do".split()
    ),
    "es": frozenset(
        "el la los las de del y en con que por para una un esta este quita pon cambia haz mantén "
        "todas cada imagen foto fondo sin lleve unas unos gafas toques demás ponle ponga quiero déjalo zona rellena "
        "sea dale quítale bórrale hazle al novio azul tengo aplícales queden pajarita".split()
    ),
    "fr": frozenset(
        "remplace ciel lui chapeau noir rends fais déplace efface "
        "le la les des du et en avec pour une un cette ce sur dans mets change garde toutes chaque "
        "photo fond sans enlève ajoute l' d' qu' donne rendu genre très mon ma mes ton ta tes peux pouvez personne "
        "devrait doit passer cache produit porter là haut gauche droite bas".split()
    ),
    "de": frozenset(
        "der die das und mit von zu im auf ein eine bitte mach ändere entferne behalte alle jedes "
        "bild foto hintergrund ohne den dem ist markierten markierte bereich feld maske schwarz weiß rein hin".split()
    ),
    "pt": frozenset(
        "traduz pra você o a os as de do da dos das e em com que para um uma essa esse coloque mude "
        "mantenha todas cada imagem foto fundo sem tire não coloca dele dela pequena pequeno direito esquerdo deixa "
        "troca muda bota põe".split()
    ),
    "it": frozenset(
        "il lo la gli le di del della dello degli nella nel sulla sul al e con che per un una uno "
        "questa questo metti cambia mantieni tutte ogni immagine sfondo senza togli falle fagli rendi "
        "aggiungi mano lampada sinistra destra deve essere della nella resta borsa spalla donna accanto dalle dagli "
        "fai diventare dal dito vorrei usare applica stessa luce calda piatti anello sposa "
        "dai anni più fammi rendila compresa".split()
    ),
}
_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
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
    r"мені|будь|хлопця|дівчини|песику)(?![а-яА-Я])",
    re.IGNORECASE,
)
_OTHER_LATIN_MARKERS: Final[dict[str, frozenset[str]]] = {
    "nl": frozenset(
        "het een van voor maak zet verander achtergrond alle elke niet ook zijn haar graag kun je wil naar op met "
        "foto's afbeelding laat hetzelfde zoals vervang door blijven haal af aub deze allemaal iets maken veranderen "
        "houd hij zij wordt kleuren lichter donkerder weg de achter nieuwe nieuw bij uit wat".split()
    ),
    "id": frozenset(
        "dan yang ke dari untuk dengan ini itu latar belakang ganti tambah hapus semua jadi buat tolong pakai aja "
        "warna gambar biar tetap saja dong ya hapusin jangan diubah nya kak bikin tambahin tulisan pojok kanan kiri "
        "atas bawah dikasih kasih sama gitu deh".split()
    ),
    "tr": frozenset(
        "ve bir bu için ile gibi yap koy tüm her arka plan fotoğraf resim görsel olsun olarak ekle beyaz siyah "
        "rengini rengi yap yapın lütfen şu şunu gelinin yaz maskeli bölge bölgedeki tabela tabelaya".split()
    ),
    "sv": frozenset(
        "och att med för på till ändra bakgrund behåll alla varje bilden gör lägg ta bort inte inget annat ska "
        "ändras hennes hans är första andra sätt soffan resten orört tack den det ett som kan du göra av ska "
        "gärna lite mer vill ge tjejen killen mannen kvinnan gul röd blå grön svart vit".split()
    ),
    "pl": frozenset(
        "się nie jest jak ten zdjęcie tło zmień dodaj usuń wszystkie proszę zrób napis plakat kolor zdjęcia "
        "tę na niech być bez resztę zostaw zrob prosze zmien usun dodaj tam maska".split()
    ),
    "vi": frozenset(
        "và của cho các những một này với không là được trong thêm đổi giữ nguyên ảnh màu nền xóa bỏ hãy nha".split()
    ),
}


_MARKERS: Final = {**_LATIN_MARKERS, **_OTHER_LATIN_MARKERS}
_MARKER_LANGUAGES: Final = tuple(_MARKERS)
# word → the languages whose markers hold it, built once.
_MARKER_OWNERS: Final[dict[str, tuple[str, ...]]] = {
    word: tuple(lang for lang, found in _MARKERS.items() if word in found)
    for word in set().union(*_MARKERS.values())
}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the request's dominant language (quoted text should be removed first)."""
    counts = script_counts(text)
    non_latin = {s: n for s, n in counts.items() if s != "Latin"}
    if non_latin:
        if "Japanese" in non_latin:
            return "ja"
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
    # A word several languages share ("de", "foto") counts for each only in part: evidence is what's distinctive.
    scores = dict.fromkeys(_MARKER_LANGUAGES, 0.0)
    for word in _WORD.findall(text.lower()):
        for lang in _MARKER_OWNERS.get(word, ()):
            scores[lang] += 1 / len(_MARKER_OWNERS[word])
    # Letters and spellings one language owns count 2; letters neighbours share count 0.5 for each.
    owned = {
        "es": r"[ñ¿¡]|ción\b",
        "fr": r"[œîûëïÿ]|\b[ldjq]u?'",
        "de": r"ß",  # ä, ö and ü are Swedish or Turkish letters too
        "pt": r"[ãõ]|ção\b|ções\b",
        "it": r"\bc'è\b|\bè\b|\bpiù\b|\bperché\b|[ìò]",
        "sv": r"[åÅ]",
    }
    shared = {"es": r"[áíóú]", "pt": r"[áíóúçêô]", "fr": r"[èçê]", "it": r"[èé]"}
    for lang, pattern in owned.items():
        scores[lang] = scores.get(lang, 0) + 2 * len(re.findall(pattern, text))
    for lang, pattern in shared.items():
        scores[lang] = scores.get(lang, 0) + 0.5 * len(re.findall(pattern, text))
    ranked = sorted(scores, key=lambda lang: (scores[lang], lang == "en"), reverse=True)
    top, runner_up = ranked[0], ranked[1]
    if scores[top] == 0:
        return "en"
    # Neighbour languages share words ("foto", "cambia", "de"): a tie is no evidence for either, and
    # guidance in the wrong one reads worse than English around the user's own words.
    if top != "en" and (scores[top] - scores[runner_up] < 0.5 or scores[top] < 1):
        # Too little to tell; English words, if any, decide, else no neighbour is named.
        return "en" if scores["en"] >= scores[top] * 0.5 and scores["en"] > 0 else "und"
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
    + r"|(?<![\w])'([^'\n]{1,200}?)'(?![\w])"
)


def find_quotes(text: str) -> list[tuple[int, int, str]]:
    """Every quoted span as (start, end, inner text), in order; `start`/`end` include the marks."""
    spans: list[tuple[int, int, str]] = []
    for match in _QUOTE_RE.finditer(text):
        inner = next(group for group in match.groups() if group is not None)
        if inner.strip():
            spans.append((match.start(), match.end(), inner))
    return spans


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
