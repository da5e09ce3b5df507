"""Fidelity checks: does the rewritten prompt still say what the user asked — nothing lost, garbled or contradicted?

These read the request and the prompt only (never the rewriter's own notes), so they can fail on
exactly the defects users see. Every case gets the deterministic checks; labelled cases also get
`keep`/`drop`:

- ``keep`` (labelled): every ``expect.keep`` phrase of the request appears in the prompt.
- ``drop`` (labelled): no ``expect.drop`` phrase (model names picked by the user, injection lines) does.
- ``lossless``: every content word of the request is in the prompt as often as in the request, except
  words inside spans a rewrite may remove (model names, lines that steer routing, greetings and
  polite openers).
- ``clauses_whole``: every sentence of the prompt that is the user's words is one unbroken run of the
  request (lead-ins a rewrite may remove aside) — a clause was not cut apart and re-glued.
- ``no_fragments``: no sentence of the prompt is a glued fragment — empty, punctuation-only, ending on
  a dangling connector ("… and.", "…で。"), doubled words ("不变不变") or stray punctuation (", .").
- ``scope_has_region``: a sentence the rewrite added names an image region (left, corner, top half …)
  only when the request names one — body parts ("her left hand") are not regions.
- ``background_only_fits``: an added "background only" sentence appears only for a background edit.
- ``exact_text_is_new``: text an added sentence tells the model to write exactly is new text, never
  the text the request replaces or translates.

A sentence counts as added when it is not part of the request (case-folded). Each failed check
records a finding — what is wrong and the offending text — for the report to highlight.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Final, Literal, get_args

from pydantic import BaseModel, ConfigDict

__all__ = [
    "FIDELITY_CHECKS",
    "FidelityName",
    "Finding",
    "added_sentences",
    "fidelity_checks",
    "prompt_sentences",
    "removable_spans",
]

FidelityName = Literal[
    "keep",
    "drop",
    "lossless",
    "clauses_whole",
    "no_fragments",
    "scope_has_region",
    "background_only_fits",
    "exact_text_is_new",
]
FIDELITY_CHECKS: Final[tuple[FidelityName, ...]] = get_args(FidelityName)


class Finding(BaseModel):
    """One failed fidelity check: which, why, and the text to highlight (in the prompt or the request)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    check: FidelityName
    detail: str
    text: str


# --- spans a faithful rewrite may remove ------------------------------------------------------------


def _fold(text: str) -> str:
    # Turkish "İ" folds to "i" + a combining dot: the dot is not a difference in the words.
    # Turkish "ışık" capitalised is "Işık", which casefolds to "işık": dotless and dotted i are one letter here.
    return unicodedata.normalize("NFKC", text).casefold().replace("\u0307", "").replace("ı", "i")


def _words(text: str) -> frozenset[str]:
    """A word list as written and as `_fold` leaves it ("mısın" and "misin"), so either form matches."""
    words = text.split()
    return frozenset(words) | frozenset(_fold(word) for word in words)


_MODEL_NAME: Final = re.compile(
    r"nano[\s_-]*ban+an+[aąieyęuo](?:[\s_-]*(?:2|pro|edit))?|gpt[\s_-]*image[\s_-]*2(?:[\s_-]*edit)?|gpt-?image|"
    r"flux\w{0,3}(?:[\s_.-]*1)?(?:[\s_-]*kontext?)?(?:[\s_-]*pro)?|kontext?(?:[\s_-]*pro)?|z[\s_-]*image(?:[\s_-]*turbo)?"
    r"(?:[\s_-]*inpaint(?:ing)?)?|ナノ\s*バナナ|나노\s*바나나|플럭스(?:\s*컨텍스트)?|フラックス|"
    r"นาโน\s*บานาน่า|นาโน|нано\s*банан\w*|(?:флюкс|флакс)(?:\s*контекст)?|контекст|नैनो\s*बनाना|फ्लक्स(?:\s*कॉन्टेक्स्ट)?|(?:gpt|지피티)\s*이미지(?:\s*2)?|дж[иі]?п[іи]т[іи]\s*[іи]м[іи]дж(?:\s*2)?",
    re.IGNORECASE,
)
_INJECTION_LINE: Final = re.compile(
    r"ignore (?:all |any |the |your )?(?:previous|prior|above|earlier)|\bsystem\s*[:>\]]|</?\s*(?:user|system)"
    r"|\broute(?:d)?\s+(?:this\s+)?to\b|\brouting\b|\boverride\b|忽略|无视|無視|무시하고|игнорир|ignora|ignore[sz]?\b|disregard|note to (?:the )?router|hệ thống|"
    r"निर्देश|تجاهل|(?<![a-z0-9-])(?:nano-banana-edit|gpt-image-2-edit|flux-kontext-pro|z-image-inpaint)(?![a-z0-9-])|システム指示|"
    r"<\|im_|\bnegeer\b|\bignorera\b|\bzignoruj\b|\bignoruj\b|αγνόησε|התעלם|yok say",
    re.IGNORECASE,
)
_POLITE_WORDS: Final = _words(
    """hi hey hello heya yo there ok okay so much advance dir avance tack παρακαλώ בבקשה lütfen good morning afternoon evening tnx thnx cheers beaucoup muchas mil vielen muito mille porfa cna podrías podrias puedes pourriez pouvez peux vous pode poderia você potresti puoi potete pls plz please kindly thanks thank thx can could would you u your mind
    help me i'd like id want need hola porfa favor por gracias bonjour merci stp svp hallo bitte danke
    olá oi obrigado obrigada ciao grazie per piacere favore привет пожалуйста спасибо merhaba lütfen
    teşekkürler xin chào vui lòng cảm ơn tolong terima kasih hej eres máximo hiya heya dear team very
    sehr geehrte damen herren estimado estimada estimados equipo holaaa holaa ton רבה
    im voraus alvast bedankt remercie je par avance d'avance заранее благодарим благодарю дякуємо дякую доброго дня добрый
    день добрий z góry dziękuję dziękujemy på förhand förväg מראש צוות יקר נכבד שלום de antemano desde já şimdiden
    teşekkür iyi çalışmalar ευχαριστούμε ευχαριστώ εκ των προτέρων καλησπέρα καλημέρα σας γεια kính gửi các bạn anh chị
    quý công ty आदरणीय टीम महोदय धन्यवाद السادة المحترمين مع خالص الشكر madame monsieur gentile beste szanowni państwo
    in anticipo dank prezados prezadas prezado prezada فريق التصميم p ps pd пс п с ملاحظة nhiều dzięki""",
)
# A sentence ends after a run of terminators and any closing quotes ('…?"', '。」'), or at a semicolon.
_SENTENCE_SPLIT: Final = re.compile(r"(?<=[.!?。！？\n])(?![.!?。！？\"'”’»」』)])\s*|(?<=[;；])\s*")


# Words that only say to use a model ("run it through …", "usa … para esto", "…で お願い"): removable
# next to a model name, and only there.
_MODEL_FILLER: Final = _words(
    """use using run it this that one these through thru with via in on for please pls plz the a model try
    go put send pass can could you u i want to just again edit pro usa usar utiliza con para por esto
    favor porfa avec utilise passe passe-le dans pour ça stp svp mit nimm benutze verwende durch bitte
    com o no na nisso isso usa ile yap kullan bunu lütfen do faz like here and passe-la passe-le par te il plaît s'il run them whole batch machen w zrób لو سمحت करना कॉन्टेक्स्ट से ya met préférence graag pake wrzuć przez if possible am besten hazlo haz сделай сделайте mach das fallo fais ile yapar mısın nessa aqui με עם תעשה את זה ใช้ นะคะ تستخدم через будь ласка gebruik om pakai aja dùng bạn để استخدم ل pasalo pásalo nha nhé dùng से करना करो इस्तेमाल باستخدام استخدم 이거 해줘 부탁해요 через с помощью используй пожалуйста
    is fine should handle do kör den här genom tack på gooi deze even door quero manda nessas nesses três nimm dafür
    fais-le làm bằng giúp mình कर दो 跑 一 下 proszę зроби roda über laufen lassen over плиз yapalım använd puść
    με το let's let real quick 써서 kun je halen
    fammelo four är du snäll hej прогони все три фото תריץ borde det klara all of 돌려줘 这张 这 张 やってほしいんだけど
    や っ て ほ し い ん だ け ど お 願 いたします い た し ま す użyj pfv questa usare vorrei прожени इन चलाओ तीनों पर फोटो kak 돌려주세요 gebruik think funkar väl давай passez vous chạy やってみて s'il plaît very み ใช้ put send
    ' ’ من فضلك que dit bisa boleh coba דרך poproszę इसे इससे दीजिए दीजिये कीजिए करिए दें pro pra tutto tutte tutti passa
    σε kan köra хочу щоб це зробив зробила xài giùm masked bit area part region spot zone section selection selected
    شغّل شغل على الجزء المحدد ขอ s 써 서 passalo passala passali passale su pásalas pásalos pásala tu peux passer в у
    przepuść kanske doen นะ ขอใช้ şunu استعمل le puedes pasar esta maar laat er los thing tool dobra celle-ci celui-ci
    prova proviamo बनाओ बना ครับ ค่ะ ¿ 应 该 就 行 处 理 doe op zrób nisto manda tudo niech zrobi 个 做 吧 这 أريد استخدام هنا
    กับส่วนที่มาสก์ไว้ กับส่วนที่มาส์กไว้ con isto شغّلها شغلها vùng đã tô phần chỗ qua we throw at прогони 弄 搞 תעביר parte parti partie teil nehmen لهذه الصورة these those three buat से के साथ תשתמש השתמש ב плз пліз плиз 张 做 voor het gemaskeerde deel en olsun αυτό cho nhé tym بـ ب maschera máscara masque maske masker mask maskę aja
    sollte hinkriegen hinbekommen schaffen сюди сюда να κάνει ना dá fazer daj aub спробуйте спробуй попробуйте
    תשתמשו תריצו है प्लीज़ प्लीज خلّيها خليها على ลอง ดู 장 다 돌려주세요 פה כאן על שלושתן שלושתם כולן כולם""",
)
_FILLER_CHARS: Final = frozenset("用使通过请来弄搞模型でをにて로으를이거해줘주세요っ돌려")
_POLITE_PHRASE: Final = re.compile(
    r"お願い(?:します)?|부탁(?:해요|해|합니다|드려요)|请|麻烦|拜托|ください|谢谢|ありがとう(?:ございます)?|감사합니다|고마워요?|"
    r"追伸|お世話になっております|お世話になります|담당자님|เรียนทีมงาน|ขอบคุณค่ะ|ขอบคุณครับ|"
    r"eres lo máximo|sei il migliore|tu es le meilleur|du bist die beste?|你好|您好|こんにちは|안녕하세요|नमस्ते|مرحبا|здравствуйте|привіт|привет|ขอบคุณ(?:ค่ะ|ครับ)?|شكرا[ًً]?|ευχαριστώ|תודה"
)
# A letter's closing line and the name after it ("Kind regards, Harriet").
_SIGN_OFF: Final = re.compile(
    r"(?:(?:kind|best|warm)\s+)?regards[,\s]+[\w .'()&–—-]{0,60}$|with thanks[,\s]+[\w .'-]{0,40}$|sincerely[,\s]+[\w .'-]{0,40}$"
    r"|alvast bedankt[,\s]+[\w .'-]{0,40}$|(?:grazie|merci|thanks)\s+(?:e|et|and)\s+(?=cordiali|distinti|cordialement|best)"
    r"|(?:mit freundlichen gr(?:ü|ue)(?:ß|ss)en|viele grüße|liebe grüße|cordialement|bien à vous|atentamente|saludos(?: cordiales)?|"
    r"un saludo|cordiali saluti|distinti saluti|atenciosamente|met vriendelijke groet(?:en)?|med vänliga hälsningar|pozdrawiam|"
    r"saygılarımla|с уважением)[,.\s]*[\w .'-]{0,40}$",
    re.IGNORECASE,
)
_WORD_AT: Final = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|(?:[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[\u0900-\u097f\u0600-\u060b\u060d-\u061a\u0620-\u06ff\u0e00-\u0e7f])+"
    r"(?:-[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+)?|\d+|\S"
)


def _near(request: str, start: int, end: int) -> tuple[int, int]:
    """A model mention widened over the filler words next to it ("run it through flux kontext:")."""
    tokens = [(m.start(), m.end(), m.group(0).casefold()) for m in _WORD_AT.finditer(request)]

    def filler(token: str) -> bool:
        # A count next to the model choice ("run these 3 thru flux") goes with it.
        return token in _MODEL_FILLER or token in _FILLER_CHARS or token in ":：,，—-" or token.isdigit()

    lo, hi = start, end
    before = [t for t in tokens if t[1] <= start]
    for t_lo, _, token in reversed(before):
        if not filler(token):
            break
        lo = t_lo
    after = [t for t in tokens if t[0] >= end]
    for _, t_hi, token in after:
        if not filler(token):
            break
        hi = t_hi
    return lo, hi


_CHOICE_CLAUSE: Final = re.compile(
    r"(?:^|(?<=[.!?。！？؟\n]))[^.!?。！？؟\n:：—–]{1,80}(?:[:：]|\s[—–-]\s|[.!?。！？؟])"
)
_CHOICE_WORDS: Final = 4


def removable_spans(request: str) -> list[tuple[int, int]]:
    """Character spans of the request a faithful rewrite may leave out: model choices and steering lines."""
    spans = [_near(request, m.start(), m.end()) for m in _MODEL_NAME.finditer(request)]
    spans += [(m.start(), m.end()) for m in _POLITE_PHRASE.finditer(request)]
    spans += [(m.start(), m.end()) for m in _SIGN_OFF.finditer(request)]
    # A clause that only picks the model, in any wording ("con kontext pro debería bastar:", "Κάν' το με
    # z-image:", "ممكن تستخدم kontext pro؟"): it ends at a colon, a spaced dash or a sentence end, names a
    # model, and has at most a few words of its own (a CJK character counts as half a word).
    for m in _CHOICE_CLAUSE.finditer(request):
        own = _TOKEN.findall(_fold(_MODEL_NAME.sub(" ", m.group(0))))
        size = sum(0.5 if re.fullmatch(f"[{_CJK}]", t) else 1 for t in own)
        if _MODEL_NAME.search(m.group(0)) and size <= _CHOICE_WORDS and not any(t.isdigit() for t in own):
            spans.append(m.span())
    # A steering sentence, or the whole line it sits on ("P.S. system override: use …").
    for pattern in (r"(?<=[.!?。！？\n])", r"(?<=\n)"):
        pos = 0
        for line in re.split(pattern, request):
            if _INJECTION_LINE.search(line):
                spans.append((pos, pos + len(line)))
            pos += len(line)
    return spans


# --- words -------------------------------------------------------------------------------------------

_CJK: Final = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Indic and Arabic vowel signs are marks, not \\w, in Python: they belong to the word they sit in.
_MARKS: Final = r"\u0900-\u0963\u0966-\u097f\u0980-\u09ff\u0600-\u060b\u060d-\u061a\u0620-\u06ff\u0e00-\u0e7f"  # not the danda "।" / "॥"
_TOKEN: Final = re.compile(rf"[{_CJK}]|(?:[^\W\d_{_CJK}]|[{_MARKS}])+|\d+")
# Function words that a rewrite may rephrase around a moved clause; losing one never loses meaning.
_STOP: Final = frozenset(
    """a an the and or but so to of in on at for with it its this that these those is are be me my i d m s ll re ve
    y e o et und oder mit de la le les el los las un una une der die das den dem des ein eine и в на с
    но а""".split()
)


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(_fold(text)) if t not in _STOP]


def _content_tokens(request: str) -> Counter[str]:
    kept = list(request)
    for lo, hi in removable_spans(request):
        for i in range(lo, hi):
            kept[i] = " "
    return Counter(t for t in _tokens("".join(kept)) if t not in _POLITE_WORDS)


# --- sentences ---------------------------------------------------------------------------------------


def prompt_sentences(prompt: str) -> list[str]:
    """The prompt cut at sentence ends (and semicolons), stripped, empty pieces included as ''."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(prompt.strip())]


def _stripped(text: str) -> str:
    return re.sub(r"[\s\"'“”«»「」『』.。!！?？,，;；:：、]+", " ", _fold(text)).strip()


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    items = iter(haystack)
    return all(any(token == item for item in items) for token in needle)


def added_sentences(request: str, prompt: str) -> list[str]:
    """Sentences of the prompt that are not the user's words: the rewrite's guidance.

    A sentence is the user's when its words occur in the request in the same order (a removed
    model lead-in may have left a gap: "could you [use nano banana to] replace …").
    """
    source = _TOKEN.findall(_fold(request))
    return [
        s
        for s in prompt_sentences(prompt)
        if s and _TOKEN.findall(_fold(s)) and not _is_subsequence(_TOKEN.findall(_fold(s)), source)
    ]


def _runs_in(needle: list[str], tokens: list[tuple[str, bool]]) -> bool:
    """Whether `needle` is a run of `tokens`, skipping only tokens marked removable."""
    for start in range(len(tokens)):
        k, i = 0, start
        while i < len(tokens) and k < len(needle):
            token, removable = tokens[i]
            if token == needle[k]:
                k += 1
            elif not removable or k == 0:
                break
            i += 1
        if k == len(needle):
            return True
    return False


def cut_clauses(request: str, prompt: str) -> list[str]:
    """User sentences in the prompt whose words are not one unbroken run of the request.

    A run may skip only words a rewrite may remove (a model lead-in: "could you [use nano banana to]
    replace …").
    """
    spans = removable_spans(request)
    folded = _fold(request)
    tokens = [
        (m.group(0), any(lo <= m.start() < hi for lo, hi in spans) or m.group(0) in _POLITE_WORDS)
        for m in _TOKEN.finditer(folded)
    ]
    added = set(added_sentences(request, prompt))
    broken = []
    for sentence in prompt_sentences(prompt):
        words = _TOKEN.findall(_fold(sentence))
        if sentence and sentence not in added and words and not _runs_in(words, tokens):
            broken.append(sentence)
    return broken


# --- fragments ---------------------------------------------------------------------------------------

_DANGLING_END: Final = re.compile(
    r"(?:\b(?:and|or|but|while|with|to|the|a|an|of|keep|keeping|y|e|et|und|mit|con|avec|o|ou|oder|и|с|но)"
    r"|[和与及并把将]|[とがはをの]|(?<!よう)に|(?:고|며|서|와|과|을|를|은|는|이|가))\s*[.。!！]$",
    re.IGNORECASE,
)
_STRAY: Final = re.compile(
    r"\b(?:por|para|to|with|through|thru|via|dans|avec|mit|durch|com|con|using|use|usa)\s*[:：,，]\s|"
    r"[,，、;；:：]\s*[.。!！?？]|\s[.,](?:\s|$)|[.。]{2,}(?!\.)|\(\s*\)|\"\s*\"|「\s*」|  "
)
_DOUBLED: Final = re.compile(r"(不变|不変|unchanged|そのまま|그대로|intact|unverändert)\s*\1", re.IGNORECASE)


def _fragment(sentence: str) -> str | None:
    if not sentence:
        return None
    if not re.search(r"\w", sentence) and not any(unicodedata.category(ch) == "So" for ch in sentence):
        return "a sentence with no words"  # an emoji the user sent is content, not a fragment
    if re.match(r"^[,，、;；:：.。)\]」』]", sentence):
        return "a sentence starting with punctuation"
    dangling = _DANGLING_END.search(sentence)
    # German separable verbs end on their particle: "Zieh dem Model das Shirt an." is whole.
    german = re.search(r"\b(?:der|die|das|dem|den|ein|eine|einen)\b", sentence) and re.search(
        r"\ban\s*[.!]$", sentence
    )
    if dangling and not german:
        return "a sentence ending on a dangling connector"
    if _DOUBLED.search(sentence):
        return "a doubled word"
    return None


# --- regions, backgrounds, quotes --------------------------------------------------------------------

_BODY: Final = (
    r"(?:hand|arm|leg|foot|feet|shoe|sneaker|boot|sleeve|ear|eye|cheek|shoulder|wrist|glove|pocket|knee|hip|"
    r"side of (?:her|his|their) (?:face|head))s?"
)
# How a script is written ("de droite à gauche") names no part of the image.
_WRITING_DIRECTION: Final = re.compile(
    r"right[- ]to[- ]left|left[- ]to[- ]right|de droite à gauche|de derecha a izquierda|da direita para a esquerda|"
    r"von rechts nach links|da destra a sinistra|справа налево|从右到左|右から左|van rechts naar links|från höger till vänster|"
    r"od prawej do lewej|sağdan sola|справа наліво|από δεξιά προς τα αριστερά|dari kanan ke kiri|từ phải sang trái",
    re.IGNORECASE,
)
_REGION: Final = re.compile(
    r"\b(?:(?<!-to-)left|right(?!-to-)|top|bottom|upper|lower|corner|quadrant|middle|cent(?:er|re)|foreground)\b(?!\s*[-\w]*\s*"
    + _BODY
    + r")|左上|右上|左下|右下|[左右](?![手腕脚肩耳眼袖])|上半|下半|角落|왼쪽(?!\s*손)|오른쪽(?!\s*손)|"
    r"\b(?:izquierd|derech|gauche|droite|links|rechts|esquerd|direit|слев|справ|сверху|снизу)\w*",
    re.IGNORECASE,
)
_ONLY_BACKGROUND: Final = re.compile(
    r"background only|only (?:the|its) background|only to the background|仅.{0,3}背景|只.{0,3}背景|背景のみ|背景だけ|"
    r"배경만|solo (?:el|al) fondo|uniquement (?:l'arrière-plan|le fond)|nur (?:den|der) hintergrund|"
    r"apenas o fundo|только фон|solo lo sfondo",
    re.IGNORECASE,
)
_BACKGROUND_WORD: Final = re.compile(
    r"bac?k\s?g?r[ou]{1,2}nd|backdrop|sky|scene|setting|location|surroundings|behind|in front of|背景|天空|空[をがのは]|배경|하늘|fondo|cielo|arrière-plan|fond|ciel|"
    r"hintergrund|himmel|fundo|céu|фон|неб|sfondo|arka plan|gökyüzü|nền|bầu trời|latar belakang|latarnya|пейзаж|landscape|backdrop|"
    r"achtergrond|lucht|tło|tła|tle|niebo|bakgrund|خلفي|سماء|बैकग्राउंड|पृष्ठभूमि|आसमान|тло|φόντο|ουραν|רקע|שמיים|พื้นหลัง|ท้องฟ้า",
    re.IGNORECASE,
)
_QUOTE: Final = re.compile(
    r"\"([^\"]+)\"|“([^”]+)”|„([^“”]+)[“”]|«\s*([^»]+?)\s*»|「([^」]+)」|『([^』]+)』|'([^']+)'"
)
# After a quote: the quoted text is what gets replaced ("'SALE' to …", "「A」を", "'A' 를").
_OLD_AFTER: Final = re.compile(
    # "in", "a", "à", "en", "em" also say where or how ("'X' in bianco"): only before another quote do they
    # join a replaced text to its replacement.
    r"^\s*[\"'”»」』]?\s*(?:(?:to|into|with|for|by|по|на|par|por|zu)\b|(?:en|em|in|a|à)\s+[\"'“„«「『]|→|->|=>|を|는|은|를|을|"
    r"改成|改为|换成|替换|翻译|译成|변경|바꿔|로 바)",
    re.IGNORECASE,
)
_NEW_BEFORE: Final = re.compile(
    r"(?:to|into|with|read|say|as|with the text|write|writes|add|put|print|type|成|为|為|→|->|:|：|por|par|durch|zu|para|em|на|в)\s*[\"'“„«「『]?$",
    re.IGNORECASE,
)
_NEW_AFTER: Final = re.compile(r"^\s*[\"'”»」』]?\s*(?:に|へ|と|로|으로|라고|이라고)")
# "'Expresso' should read 'Espresso'": what should read otherwise is printed now, whatever came before it.
_SHOULD_READ: Final = re.compile(
    r"^\s*[\"'”»」』]?\s*(?:should|must|needs? to|has to|ought to)\s+(?:now\s+)?(?:read|say|be|become)\b",
    re.IGNORECASE,
)
# "'바버샵'이라고 써 있는 거": the text written there now.
_WRITTEN_NOW: Final = re.compile(
    r"^\s*[\"'”»」』]?\s*이?라고\s*(?:써\s*있|적혀\s*있|쓰여\s*있|되어\s*있|적힌|써진|쓰인)"
)
# "…, not 'Sat 7 June'" refuses the text printed now; "feedback: \"can it go lower?\"" is someone's remark.
_NOT_THIS: Final = re.compile(r"[,;]\s*(?:and\s+)?(?:not|nicht|pas|não|niet|inte|nie|не)\s*$", re.IGNORECASE)
# "'12 Mayıs' yerine …", "'Organic Farm' लिखा है", "'X' की जगह": the text named is the one there now; so is
# a text taken back ("'Dance School' — sorry, make it …") and one labelled as the typo ("опечатка: 'X'").
_THERE_NOW_AFTER: Final = re.compile(
    r"^\s*[\"'”»」』]?\s*(?:yerine\b(?!\s*[\"'“‘«][^\"'”’»]{1,40}[\"'”’»]\s*yaz)|की जगह|लिखा\s+है|"
    r"[,.;:!—–-]*\s*(?:sorry|actually|i mean|no wait|oops)\b)",
    re.IGNORECASE,
)
_TYPO_COLON: Final = re.compile(
    r"(?:typo|misspelling|опечатк\w*|literówk\w*|faute|errata|误字|错别字|誤字|오타)\s*[:：]\s*$", re.I
)
_REMARK: Final = re.compile(
    r"\b(?:feedback|comments?|said|says|asked|wrote|complaint|retour|commentaire|dijo|sagte|disse|zei|сказал\w*)\s*[:：]\s*$",
    re.IGNORECASE,
)
_TRANSLATE: Final = re.compile(
    r"translat|tradu|übersetz|перевед|перевод|翻译|译成|翻訳|번역|dịch|terjemah|çevir|anuvad|अनुवाद|ترجم",
    re.IGNORECASE,
)


def _quotes_in(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _QUOTE.finditer(text)]


def _is_old_text(request: str, quoted: str) -> bool:
    """Whether `quoted` is text the request replaces or translates (never text to write)."""
    for start, end, text in _quotes_in(request):
        if text.strip() != quoted.strip():
            continue
        before, after = request[max(0, start - 14) : start], request[end : end + 8]
        if _SHOULD_READ.search(request[end : end + 32]) or _WRITTEN_NOW.search(request[end : end + 16]):
            return True
        if _NOT_THIS.search(before) or _REMARK.search(request[max(0, start - 24) : start]):
            return True
        if _THERE_NOW_AFTER.search(request[end : end + 60]) or _TYPO_COLON.search(before):
            return True
        if _NEW_BEFORE.search(before) or _NEW_AFTER.search(after):
            return False
        if _OLD_AFTER.search(after) or _TRANSLATE.search(request):
            return True
    return False


# --- the checks --------------------------------------------------------------------------------------


def fidelity_checks(
    request: str,
    prompt: str | None,
    *,
    keep: Sequence[str] | None = None,
    drop: Sequence[str] | None = None,
) -> tuple[dict[str, bool], list[Finding]]:
    """Run every fidelity check on one case; a case with no prompt fails them all."""
    labelled: list[FidelityName] = []
    if keep:
        labelled.append("keep")
    if drop:
        labelled.append("drop")
    names: list[FidelityName] = [
        *labelled,
        "lossless",
        "clauses_whole",
        "no_fragments",
        "scope_has_region",
        "background_only_fits",
        "exact_text_is_new",
    ]
    if prompt is None:
        return dict.fromkeys(names, False), [Finding(check=n, detail="no prompt", text="") for n in names]
    findings: list[Finding] = []
    folded = _fold(prompt)
    if keep:
        lost = [phrase for phrase in keep if _fold(phrase) not in folded]
        findings += [Finding(check="keep", detail="a phrase the user wrote is missing", text=p) for p in lost]
    if drop:
        left = [phrase for phrase in drop if _fold(phrase) in folded]
        findings += [
            Finding(check="drop", detail="text that only picks the model is still there", text=p)
            for p in left
        ]
    missing = _content_tokens(request) - Counter(_tokens(prompt))
    if missing:
        findings.append(
            Finding(
                check="lossless",
                detail="request words missing from the prompt",
                text=" ".join(sorted(missing)),
            )
        )
    findings += [
        Finding(check="clauses_whole", detail="a clause of the request was cut apart", text=sentence)
        for sentence in cut_clauses(request, prompt)
    ]
    for sentence in prompt_sentences(prompt):
        problem = _fragment(sentence)
        # A sentence the user ended that way ("…강아지랑 꽃은 그대로 두고") is their wording, not a cut.
        core = _fold(sentence).rstrip(" .。!！?？")
        ends_there = (
            bool(core) and re.search(re.escape(core) + r"\s*(?:[.。!！?？\n]|$)", _fold(request)) is not None
        )
        if problem and ends_there:
            problem = None
        if problem:
            findings.append(Finding(check="no_fragments", detail=problem, text=sentence))
    stray = _STRAY.search(prompt)
    if stray and stray.group(0) in request:
        stray = None  # the user's own punctuation ("음..")
    if stray:
        findings.append(Finding(check="no_fragments", detail="stray punctuation", text=stray.group(0)))
    added = added_sentences(request, prompt)
    request_has_region = bool(_REGION.search(request))
    for sentence in added:
        if _REGION.search(_WRITING_DIRECTION.sub(" ", sentence)) and not request_has_region:
            findings.append(
                Finding(
                    check="scope_has_region",
                    detail="an added sentence names a region the request does not",
                    text=sentence,
                )
            )
        if _ONLY_BACKGROUND.search(sentence) and not _BACKGROUND_WORD.search(request):
            findings.append(
                Finding(
                    check="background_only_fits",
                    detail="'background only' on an edit that is not a background edit",
                    text=sentence,
                )
            )
        # The English wrapper around a request in another language quotes the user's whole request; its
        # quotes are the user's, not text the rewrite asks the model to write.
        request_words = Counter(_tokens(request))
        missing_words = request_words - Counter(_tokens(sentence))
        wraps_request = len(_tokens(sentence)) > 4 and sum(missing_words.values()) <= 0.2 * sum(
            request_words.values()
        )
        for _, _, quoted in [] if wraps_request else _quotes_in(sentence):
            if _is_old_text(request, quoted):
                findings.append(
                    Finding(
                        check="exact_text_is_new",
                        detail="tells the model to write text the request replaces or translates",
                        text=quoted,
                    )
                )
    failed = {f.check for f in findings}
    return {name: name not in failed for name in names}, findings
