"""Write the chosen model's prompt from the user's own words, the way that model's makers describe it.

Lossless by construction: the prompt is the request's clauses, verbatim and in the user's order
(`clauses.read_request`), with whole preservation clauses moved to the front and whole guidance
sentences added around them. The only words left out are the ones that pick the model, steer the
router or greet; each is named in the plan's reasons. The extracted intent is used as labels only —
which guidance sentences apply — never as text, so an extraction slip can cost a guidance sentence
but never the user's meaning.

Guidance sentences are written in the request's language when it has wording (`prompts/rewrite/`);
other languages get English guidance around the user's words, quoted whole. Each one follows from the
user's words and never narrows them:

- every route: "keep everything the request does not mention unchanged" when the user named nothing
  to keep (Google, OpenAI and BFL all ask for the preserved part to be said);
- nano-banana-edit: "the same edit to every image" for a batch; "change only the background" for an
  edit that is only a background change;
- gpt-image-2-edit: the new in-image text to write exactly (never the text it replaces or translates)
  and its script; the input images numbered in order when there are several;
- flux-kontext-pro: nothing more — one instruction, preservation said (BFL);
- z-image-inpaint: what stays outside the mask; for a removal that does not say what fills the area, a
  positive description of the fill (the model takes no negative prompt).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

from .._catalog import RouteId
from .._classify import (
    CORRECTION,
    LIST_MARKER,
    REMARK_BEFORE,
    Reading,
    Segment,
    find_quotes,
    read_request,
    script_counts,
)
from .._intent import EditIntent
from .templates import TEMPLATE_LANGUAGES, PromptWording, wording

__all__ = ["Rewrite", "new_quoted_text", "rewrite", "z_image_strength"]

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
    "sv": "Swedish",
    "cs": "Czech",
}
_CJK: Final = re.compile(r"[\u3000-\u303f\uff00-\uffef\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_EDGE_SEPARATORS: Final = " \t\n,，、:：;；—–-،؛"
_TERMINAL: Final = re.compile(r"[.!?。！？…।؟][\"'”’»)」』]*$")
_WHY: Final[dict[str, str]] = {
    "model": "it only picks the model, which the route already does",
    "steer": "it tries to steer routing",
    "greeting": "a greeting or polite opener",
}

# Words a person said or wrote ("client feedback: \"can it go in the corner?\"", "she said: '…'"): reported
# speech, never text to write.
_SPEECH_BEFORE: Final = re.compile(
    r"\b(?:feedback|comments?|notes?|remarks?|said|says|asked|asks|wrote|message|complaint|review|quote|"
    r"retour|commentaire|a dit|dijo|comentario|sagte|schrieb|Rückmeldung|disse|ha detto|zei|schreef|"
    r"opmerking|sa|skrev|powiedział\w*|napisał\w*|dedi|yazdı|сказал\w*|написал\w*|отзыв|сказав|"
    r"написав|відгук|είπε|έγραψε|אמר|אמרה|כתב|כתבה|nói|viết|bilang|kata|कहा|لكتب|قال|قالت|说|寫道|写道|"
    r"言って|と言|말했|피드백)\s*[:：]\s*$",
    re.IGNORECASE,
)
# Where a quote is the text to write ("to 'X'", "→ 'X'", "「X」に") and where it is the text replaced or
# translated ("'X' to …", "from 'X'", "「X」を").
_NEW_BEFORE: Final = re.compile(
    # "say"/"read" only as what the text is to become ("make it say", "should read"): "the cards all say 'X'"
    # names the text that is there.
    r"(?:\b(?:to|into|with|as|by|write|writes|add|print|type|por|par|durch|zu|para|em|на|в)|"
    r"\b(?:make (?:it|them)|should|to|will|must|can|could|now|it'?ll)\s+(?:say|read)|\bmake (?:it|them|that)|"
    r"\b(?:devrait|doit|debería|debe|deveria|deve|dovrebbe|sollte|soll)\s+(?:dire|decir|dizer|lauten|heißen)|"
    r"成|为|為|→|->|=>|:|：|إلى|में)\s*$",
    re.IGNORECASE,
)
_NEW_AFTER: Final = re.compile(
    # "'X' लिख दो" (write X), but not "'X' लिखा है" (X is written there now). "en vez del horario": the
    # phrase may run into an article.
    r"^\s*(?:に|へ|と|로|으로|라고|이라고|लिख(?:ो|ें|िए|िये|\s*(?:दो|दें|दीजिए|दीजिये|देना|दे\b))|लिखा\s+हो|"
    r"(?:olarak|yap|yaz|olsun)\b|(?:instead of|rather than|in plaats van|en lugar de|"
    r"en vez de|au lieu de|statt|anstelle von|em vez de|invece di|zamiast|istället för|вместо|замість))",
    re.IGNORECASE,
)
# Words that introduce text to write: "add the caption 'X'", "make it say 'X'", "写上「X」", "लिख दो".
_WRITE_NEAR: Final = re.compile(
    r"\b(?:write|writes|add|print|put|type|say|says|read|text|caption|title|headline|heading|label|slogan|tagline|"
    r"words?|lettering|escribe|pon|añade|écris|ajoute|schreib\w*|füge|escreva|coloque|scrivi|aggiungi|напиши|"
    r"добавь|надпись|tulis|yaz|viết|thêm|dopisz|napisz)\b|写|加上|写上|字体|字样|文字|文案|标语|标题|見出し|文字列|書いて|入れて|"
    r"써|추가|문구|제목|لكتابة|اكتب|أضف|लिख",
    re.IGNORECASE,
)
_OLD_BEFORE: Final = re.compile(
    # "should read 'Sat 14 June', not 'Sat 7 June'": the text refused is the one printed now.
    r"(?:[,;]\s*(?:and\s+)?(?:not|no|nicht|pas|non|não|niet|inte|nie|не|όχι|לא|không|bukan)|"
    # "पुराना 'Summer Sale' हटाकर", "the old 'SALE' banner": the text there now.
    r"\b(?:old|former|existing|current)|पुराना|पुरानी|पुराने|旧的?|原来的|古い|기존|예전|"
    r"\b(?:from|says|saying|reads|reading|labell?ed|de|von|от|из|instead of|rather than|en lugar de|au lieu de|statt|em vez de|вместо|"
    r"in plaats van|invece di|zamiast|istället för|замість)|把|将|從|从|من|而不是)\s*$",
    re.IGNORECASE,
)
_OLD_AFTER: Final = re.compile(
    # "'12 Mayıs' yerine …", "'A' की जगह …", "'Organic Farm' लिखा है": the text replaced, named first.
    r"^\s*(?:(?:to|into|with|for|by|por|par|en|em|zu|a|à|на|в|yerine|yazıyor|yazılmış|yazılı)\b|की जगह|के बजाय|के स्थान पर|लिखा\s+है|"
    r"लिखा हुआ|の代わりに|대신|→|->|=>|を|는|은|를|을|改成|改为|换成|替换|翻译|译成|को|إلى)",
    re.IGNORECASE,
)
# "英語版", "Russian version", "versión en inglés": a whole text to translate, like "translate".
_LANGUAGE_VERSION: Final = re.compile(
    r"[語语文]版|어\s*버전|\b\w+\s+version\b|\bversi[oó]n\s+en\b|\bversão\s+em\b|\bversion\s+(?:en|in)\b|"
    r"\bversione\s+\w+|\bwersj\w+|\bversiyon\w*",
    re.IGNORECASE,
)
_ARROW_AFTER: Final = re.compile(r"\s*(?:→|->|=>|⇒|➡)")
# "간판에 '바버샵'이라고 써 있는 거": the text that is written there now ("that says X").
_WRITTEN_NOW_AFTER: Final = re.compile(
    # … and "'Ferry Timings' लिखा है" (is written), "'Dürum' yazıyor" (it says).
    r"\s*(?:이?라고\s*(?:써\s*있|적혀\s*있|쓰여\s*있|되어\s*있|적힌|써진|쓰인|써 놓은)|लिखा\s+(?:है|हुआ)|"
    r"(?:yazıyor|yazılı|yazılmış)\b)"
)
# "'Expresso' should read 'Espresso'": what should read otherwise is the text printed now.
_SHOULD_READ_AFTER: Final = re.compile(
    r"\s*(?:should|must|needs? to|has to|ought to)\s+(?:now\s+)?(?:read|say|be|become|be changed to|be spelled)\b|"
    r"\s*(?:sollte|soll|muss)\s+\w*\s*(?:heißen|lauten)|\s*(?:doit|devrait)\s+(?:être|devenir|dire)\b|"
    r"\s*(?:debería|debe)\s+(?:decir|ser|poner)\b|\s*(?:deveria|deve)\s+(?:dizer|ser)\b|\s*(?:dovrebbe|deve)\s+(?:dire|essere)\b",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE: Final = re.compile(r"(?:में|\bin|\ben|\bem|\bв|\bна)\s*$", re.IGNORECASE)
# "Wrote it wrongly": the Chinese verbs of a misspelling, in the typo cue and on both sides of a quote.
_MISWRITTEN: Final = "错写|写错|误写|錯寫|寫錯|誤寫"
# A typo fix names the wrong text first: "misspelled as 'Recieves'", "'temepratury' zamiast 'temperatury'"
# (there "X instead of Y" means X is what is printed, the reverse of "use red instead of blue").
_TYPO: Final = re.compile(
    r"\b(?:typo\w*|misspel\w*|misprint\w*|spelling|spelled wrong|literówk\w*|błąd\w* ortograficzn\w*|errata|"
    r"faute\w*|tippfehler|rechtschreibfehler|opechat\w*|yazım hata\w*|yanlış yazıl\w*|stavfel\w*|tikfout\w*|spelfout\w*|"
    r"salah ketik|lỗi chính tả|ορθογραφικ\w*)\b|опечатк\w*|помилк\w*|ошибк\w*|错别字|錯字|誤字|打错|오타|टाइपो|"
    rf"إملائي|שגיאת כתיב|שגיאה|พิมพ์ผิด|{_MISWRITTEN}|誤記|書き間違",
    re.IGNORECASE,
)
_INSTEAD: Final = re.compile(
    r"instead of|rather than|in plaats van|en lugar de|en vez de|au lieu de|statt|anstelle von|em vez de|invece di|"
    r"zamiast|yerine|istället för|вместо|замість|而不是",
    re.IGNORECASE,
)
_INSTEAD_END: Final = re.compile(rf"(?:{_INSTEAD.pattern})\s*$", re.IGNORECASE)
# "опечатка: 'Обсерватроия'": the text labelled as the typo is the one printed now.
_TYPO_LABEL: Final = re.compile(rf"(?:{_TYPO.pattern})\w*\s*[:：]\s*$", re.IGNORECASE)
# "'A' to 'B'", "「A」を「B」に", "'A' thành 'B'": a quote followed by a joining word and the next quote.
_PAIR_AHEAD: Final = re.compile(
    r"\s*(?:to|into|→|->|=>|thành|jadi|ke|a|à|en|em|zu|na|naar|in|olarak|на|в|成|为|為|に|へ|로|으로|を|를|을)\s*"
    r"[\"'“‘«「『„]",
    re.IGNORECASE,
)
# "Tahtada 'Dürüm' yerine 'Dürum' yazıyor": the board says B instead of A, so A is the text to write.
_WRITTEN_INSTEAD_AFTER: Final = re.compile(
    r"\s*yerine\s*[\"'“‘«][^\"'”’»]{1,40}[\"'”’»]\s*(?:yazıyor|yazılmış|yazılı|basılmış|yazmış)",
    re.IGNORECASE,
)
_WRONGLY_AS: Final = re.compile(
    r"(?:misspel\w*|spelled|written|printed|typed|reads|says)\s+(?:\w+\s+)?(?:as\s+)?$"
    rf"|(?:{_MISWRITTEN})成了?\s*$",
    re.IGNORECASE,
)
# "把'麻辣烫'错写成了'麻辣汤'", "'Noodles' is misspelled as 'Nodles'": the quote before is the right spelling.
_WRONGLY_AFTER: Final = re.compile(
    r"\s*(?:(?:is|was|got|has\s+been)\s+)?(?:misspel\w*|mistyped|spelled\s+wrong\w*|written\s+wrong\w*)\s+as\b"
    rf"|\s*(?:被)?(?:{_MISWRITTEN})成",
    re.IGNORECASE,
)
_TRANSLATE: Final = re.compile(
    r"translat|tradu|übersetz|перевед|перевод|翻译|译成|翻成|翻訳|번역|dịch|terjemah|çevir|अनुवाद|ترجم|"
    r"(?:हिंदी|हिन्दी|अंग्रेज़ी|अंग्रेजी|इंग्लिश)\s+में\s+(?:कर|बदल)",
    re.IGNORECASE,
)
# Words that say what fills a masked area ("with sand", "into plain wall", "continue the floor").
_FILL_WORDS: Final = re.compile(
    r"\b(?:with|into|instead|replace\w*|fill\w*|continu\w*|extend\w*|match\w*|turn\w*|make it|become\w*|"
    r"con|por|rellen\w*|avec|par|rempli\w*|mit|durch|füll\w*|com|preench\w*|на|заполн\w*|"
    r"sky|wall|floor|grass|sand|water)\b|换成|替换|填充|变成|改成|生成|補|埋め|로|으로|채워",
    re.IGNORECASE,
)


# Words that say several images get one edit ("all of these", "每张", "すべて", "cada foto").
_BATCH_WORDS: Final = re.compile(
    r"\b(?:all|each|every|these|both|consistent|todas?|todos|cada|toutes?|tous|chaque|alle|jede[snmr]?|tutte|tutti|ogni|"
    r"все|всех|каждое|каждую|tüm|hepsi|semua|setiap|tất cả|mỗi|alla|varje|wszystkie|każd\w*|всі|кожн\w*)\b|"
    r"全部|每张|每一张|所有|都|一致|統一|统一|すべて|全て|全部|各|모든|각|전부|다\s|सभी|हर|كل|جميع",
    re.IGNORECASE,
)
# The user's words already keep something ("狗狗保持原样", "وخلّي السيارة زي ما هي"), even inside the edit's
# sentence: "change only the background; keep the subject" would say it twice.
_SAYS_KEEP: Final = re.compile(
    r"\b(?:keep|keeping|unchanged|untouched|intact|as (?:it|they|he|she) (?:is|are)|the same|igual\w*|mant\w+|"
    r"stays?\s+(?:exactly\s+)?(?:where|as|put|the same)|remains?\s+(?:exactly\s+)?(?:where|as|the same)|"
    r"zosta(?:ć|je|nie|ną)|identyczn\w*|не меняется|не изменяется|не должн\w* меняться|не міняється|не змінюється|"
    r"inchangé\w*|unverändert|gleich|behalt\w*|zoals|hetzelfde|aynı|kalsın|olduğu gibi|bez zmian|nguyên|tetap|як є|"
    r"без изменений|как есть|оставь|сохрани\w*|ως έχει|ίδι\w+|не чіпай\w*|не змінюй\w*|без змін|не трогай\w*|не меняй\w*|"
    r"tal cual|tal como est\w+|idéntic\w+|identic\w+|identique\w*|identisch\w*|rest(?:are|ino|ano)|rimang\w+|"
    r"behåll\w*|oförändrad\w*|som (?:hon|han|den|det|de) är|zostaw\w*|nietknięt\w*|aynen|koru\w*|değiştirme\w*|"
    r"ongewijzigd|onveranderd|blijft|blijven|biarkan|jangan diubah|giữ|κράτα\w*|άθικτ\w*)\b|"
    r"השאר|שמור|בלי לשנות|ללא שינוי|כמו שהוא|כמו שהיא|คงเดิม|เหมือนเดิม|ไม่ต้องเปลี่ยน|बरकरार|रहने द|मत बदल|لا تغي|"
    r"保持|原样|不变|别动|不要动|그대로|유지|そのまま|変えない|"
    r"زي ما|كما هي|كما هو|كما هما|الحفاظ|الإبقاء|على حال|वैसे ही|वैसा ही",
    re.IGNORECASE,
)
# The user already asks for the images to match ("same look on every one", "保持风格一致"): the batch
# sentence would only repeat it.
_SAYS_CONSISTENT: Final = re.compile(
    r"\bconsistent\b|\bsame\s+(?:look|style|edit|treatment|feel|tone|grade|background)\b|\bmatch(?:es|ing)?\b|"
    r"一致|統一|统一|揃え|일관|통일|einheitlich|cohérent\w*|coherente\w*|consistente\w*|uniform\w*|mesmo\s+\w+|mismo\s+\w+|"
    r"même\s+\w+|gleiche\w*\s+\w+|stesso\s+\w+|одинаков\w*",
    re.IGNORECASE,
)
# A request that refers to its images by number gives them roles ("image 2", "图1", "2枚目", "the first photo").
_IMAGE_NUMBER: Final = re.compile(
    r"\b(?:image|img|photo|pic|picture|shot|foto|imagen|imagem|immagine|bild|afbeelding|gambar|ảnh|resim|görsel|"
    r"фото|изображени\w*|картинк\w*|зображенн\w*)\s*#?\d{1,2}\b|\b(?:first|second|third|1st|2nd|3rd|primera|segunda|"
    r"première|deuxième|erste|zweite|primeira|prima|seconda|перв\w+|втор\w+)\s+(?:image|photo|pic|picture|shot|one|foto|"
    r"imagen|bild|фото)\b|[图圖]\s*\d|第[一二三四五六七八九十\d]+张|\d\s*枚目|[一二三]枚目|\d\s*번째|이미지\s*\d|사진\s*\d|"
    r"तस्वीर\s*\d|صورة\s*\d",
    re.IGNORECASE,
)
_BACKGROUND: Final = re.compile(
    r"bac?k\s?g?r[ou]{1,2}nd|backdrop|\bsky\b|scene|setting|location|behind|in front of|背景|天空|空[をがのは]|배경|하늘|"
    r"fondo|cielo|arrière-plan|\bfond\b|ciel|hintergrund|himmel|fundo|céu|\bфон|неб[оа]|sfondo|arka plan|gökyüzü|"
    r"nền|bầu trời|latar belakang|latarnya|achtergrond|bakgrund|tło|पृष्ठभूमि|خلفية",
    re.IGNORECASE,
)


_SKY: Final = re.compile(
    r"\bsky\b|\bskies\b|天空|空[をがのは]|하늘|cielo|ciel|himmel|céu|неб[оа]|gökyüzü|bầu trời|lucht|niebo|himlen|langit|"
    r"آسمان|السماء|आसमान|ท้องฟ้า|שמיים|ουραν\w*|蓝天|天",
    re.IGNORECASE,
)


_OUTSIDE_MASK: Final = re.compile(
    r"outside (?:the|of the|this) mask|außerhalb der maske|fuera de la máscara|en dehors du masque|fora da máscara|"
    r"fuori dalla maschera|buiten het masker|utanför masken|poza maską|maskenin dışı|вне маски|за межами маски|"
    r"έξω από τη μάσκα|מחוץ למסכה|蒙版以外|蒙版外|マスクの外|마스크 밖|di luar mask|bên ngoài (?:vùng )?mask|خارج القناع|"
    r"मास्क के बाहर|นอกมาสก์",
    re.IGNORECASE,
)
# A background named only to keep it ("Não mexe no fundo …", "Arka plana … dokunma", "niet aanpassen").
_NEGATED: Final = re.compile(
    r"\b(?:not|don'?t|do not|never|no|nor|nem|não|niet|nicht|kein\w*|ne|pas|non|nie|ani|inte|ej|μην|δεν|jangan|"
    r"đừng|không|dokunma\w*|değiştirme\w*|elleme\w*)\b|не|ні|אל|לא|别|不要|不|말고|마세요|하지\s*마|ไม่|อย่า|لا|मत|न",
    re.IGNORECASE,
)
# Sentences, not comma parts: "Arka plana, yüzüne ve ellerine dokunma" keeps a list of things, the verb last.
_CLAUSE_CUT: Final = re.compile(r"[.;!?。；！？:：—–]|\s-\s")
_CONDITIONAL: Final = re.compile(
    # ("si" only where it is Spanish or French "if", not Italian "si toccano"; no "se", "als", "om": see, as, about)
    r"\b(?:if|unless|otherwise|si\s+(?:el|la|los|las|le|les|ya|no|hay|está|il|elle|c'est|tu|vous)|sinon|wenn|falls|sonst|"
    r"altrimenti|annars|jeśli|jeżeli|eğer|если|иначе|якщо|інакше|αν|εάν|αλλιώς|jika|kalau|nếu)\b|אם\s|אחרת|如果|要是|否则|"
    r"もし|なら|만약|라면|إذا|وإلا|अगर|ถ้า",
    re.IGNORECASE,
)
# The user already said everything else stays: a generic keep sentence would only repeat it.
_GLOBAL_KEEP: Final = re.compile(
    r"\b(?:everything else|nothing else|the rest|anything else|all else|el resto|nada más|le reste|rien d'autre|"
    r"der rest|sonst nichts|alles andere|o resto|nada mais|il resto|nient'altro|остальное|больше ничего|"
    r"решта|resten|inget annat|reszta|nic więcej|de rest|verder niets|verder niks|більше нічого|geri kalan|başka hiçbir şey\w*|sisanya|"
    r"yang lain|phần còn lại|còn lại|τίποτα άλλο|λοιπ\w*)\b|बाकी|שום דבר אחר|כל השאר|其余|其他|其它|别的|他は|ほかは|"
    r"その他|나머지|다른\s*건|الباقي|ที่เหลือ",
    re.IGNORECASE,
)


_REFERS_TO_EDIT: Final = re.compile(
    r"\b(?:else|rest|other|others|otherwise|the left one|the right one|that one|them all|consistent|geri kalan|kalan|sisanya|"
    r"resto|demás|iguales|reste|autres|rest|sonst|andere\w*|outros|restante|altri|остальн\w*|другие|"
    r"resten|annat|reszta|inne|overige|lainnya|còn lại|diğer|verder|autre|más|altro|więcej|ничего|нічого|başka|geris\w*|baaki|baki)\b|其余|其他|其它|别的|以外|他は|ほか|その他|나머지|다른|الباقي|باقی|آخر|أخرى|बाकी",
    re.IGNORECASE,
)
# A preservation clause that points back at the edit ("keep that", "keep them consistent", "dont touch
# the others", "保持风格一致"): even as an instruction, in front of the edit it would point at nothing.
_POINTS_BACK: Final = re.compile(
    # "…make it nicer? but keep the shed": a clause opening with "but" qualifies what came before it.
    r"^\s*(?:but|aber|mais|pero|ma|mas|maar|men|ale|но|але|ama|αλλά|אבל|tapi|nhưng)\s|"
    r"\b(?:keep|leave|preserve|don'?t\s+touch|do\s+not\s+touch|don'?t\s+change)\s+(?:that|them|those|it|this|these|"
    r"the\s+others?|the\s+other\s+\w+)\b(?!\s+(?:photo|image|picture|pic|shot|one)s?\b)|\bconsistent\b|\b(?:on|for|in|across)\s+"
    r"(?:every|each|all)\b|\bevery\s+one\b|\b(?:itself|themselves|himself|herself|hijzelf|zijzelf|zichzelf|lui-même|elle-même)\b|"
    r"\bkeep\s+the\s+same\b|"
    # An object pronoun points at someone the edit names first ("keep him and the kit", "keep their faces").
    r"\b(?:keep|leave|don'?t\s+touch)\s+(?:him|them|their|its)\b|一致|統一|统一|일관|einheitlich|"
    # "Leave the rest", "same pose same face": the rest of, the same as, what the edit names.
    r"\b(?:leave|keep|don'?t\s+touch)\s+the\s+rest\b|^\s*(?:the\s+)?same\s+\w+(?:\s*,?\s*(?:and\s+)?same\s+\w+)*\s*[.!]?\s*$|"
    # A bare property of the edited thing ("…, keep the shape") is the shape of what the edit names.
    r"\b(?:keep|preserve|maintain|retain)\s+(?:the\s+)?(?:shape|size|proportions|texture|pattern|finish|material|font|"
    r"colou?r|angle|perspective|position|design|form|outline|silhouette|fit|cut)\b(?!\s+(?:of|from)\b)|"
    r"cohérent\w*|coherente\w*|consistente\w*|"
    # The same bare property in Chinese ("…，颜色不变", "字体保持原样"): of the text or thing the edit names.
    r"^\s*(?:颜色|顏色|字体|字體|字号|字號|大小|形状|形狀|位置|样式|樣式|风格|風格)(?:保持|都)?(?:不变|不變|原样|原樣)\s*[。.!！]?\s*$",
    re.IGNORECASE,
)
# A word that joins a replaced text to its replacement, in the languages seen.
_TO_WORD: Final = re.compile(
    r"\b(?:to|into|in|for|with|by|a|à|en|em|para|por|par|zu|auf|in|naar|op|na|na|ke|jadi|thành|olarak|на|в)\b|"
    r"→|->|=>|成|为|為|に|へ|로|으로|を|를|을|إلى",
    re.IGNORECASE,
)
# A full instruction ("Keep everything else exactly as in the input.") reads well in front; a bare
# statement ("Nothing else changes", "lo demás igual") does not.
_IMPERATIVE_KEEP: Final = re.compile(
    r"^\s*(?:leave|don'?t|do not|lass|lascia|оставь|не\s)|\b(?:keep|preserve|maintain|retain|mant[ée]n\w*|conserv\w*|"
    r"gard(?:e|ez)|behalt\w*|bewahr\w*|mantenha|mantieni|сохрани\w*)\b|保持|保留|维持",
    re.IGNORECASE,
)
_LIST_JOIN: Final = re.compile(
    r"^\s*(?:,|，|、|&|\band\b|\by\b|\bet\b|\bund\b|\be\b|\bи\b|和|と|및|\bve\b|\bdan\b|\bvà\b|और|و)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Rewrite:
    """A prompt and how it was made from the request: its reading and the notes for the plan's reasons."""

    prompt: str
    reading: Reading
    notes: list[str] = field(default_factory=list)


def new_quoted_text(request: str, *, strict: bool = False, kept: Reading | None = None) -> list[str]:
    """The quoted strings of the request that are text to write (not text to replace or translate).

    With `kept`, quotes inside a preservation clause ("keep the 「HANA WEDDING」 watermark") are existing
    text, never text to write.
    """
    translating = bool(_TRANSLATE.search(request))
    found: list[str] = []
    quotes = kept.unkept_quotes() if kept else find_quotes(request)
    status: list[bool | None] = []
    # Cues are read on the user's kept words: the colon of a removed "Nano Banana ile:" says nothing.
    context = request
    for segment in kept.removed if kept else []:
        context = context[: segment.start] + " " * (segment.end - segment.start) + context[segment.end :]
    typo = bool(_TYPO.search(request))
    for start, end, _ in quotes:
        before, after = context[max(0, start - 16) : start], context[end : end + 16]
        # Strong cues first ("to 'X'", "「X」に"), then what marks replaced text ("'X' for …", "from 'X'"),
        # then weak ones ("the text 'X'"), which say only that X is text.
        if REMARK_BEFORE.search(context[max(0, start - 30) : start]):
            is_new = (
                False  # 'Sarah says the sky "looks like a wet Tuesday"': someone's remark, not text to write
            )
        elif _PAIR_AHEAD.match(context[end : end + 16]):
            is_new = False  # "'Tiem Nail Hoa' thành 'Tiệm Nail Hoa Mai'": a text followed by its replacement
        elif _SPEECH_BEFORE.search(context[max(0, start - 24) : start]):
            is_new = False  # what someone said about the image, not text to put in it
        elif _WRITTEN_INSTEAD_AFTER.match(context[end : end + 60]):
            is_new = True  # "'Dürüm' yerine 'Dürum' yazıyor": the other is what is printed instead of this
        elif CORRECTION.match(context[end : end + 24]) and len(quotes) > 1:
            is_new = False  # corrected straight after: the quote that follows replaces it
        elif typo and _WRONGLY_AFTER.match(after):
            is_new = True  # the right spelling, named before the wrong one it was printed as
        elif typo and (
            _WRONGLY_AS.search(before) or _TYPO_LABEL.search(before) or _INSTEAD.match(after.strip())
        ):
            is_new = False  # the misspelling that is printed now
        elif typo and _INSTEAD_END.search(before):
            is_new = True  # "'temepratury' zamiast 'temperatury'": the correct spelling to write
        elif (
            _ARROW_AFTER.match(after)
            or _SHOULD_READ_AFTER.match(context[end : end + 32])
            or _WRITTEN_NOW_AFTER.match(context[end : end + 16])
        ):
            is_new = False  # "'Boulangrie' → 'Boulangerie'": the text before an arrow is the old one
        elif strict and _LOCATIVE_BEFORE.search(before):
            is_new = (
                None  # "पोस्टर में 'Book Now' बटन": in a layout edit "in" places the element, it writes nothing
            )
        elif _NEW_BEFORE.search(before) or _NEW_AFTER.search(after):
            is_new = True
        elif _OLD_AFTER.search(after) or _OLD_BEFORE.search(before) or translating:
            is_new = False
        else:
            is_new = None  # decided below, from its neighbours
        status.append(is_new)

    # Unmarked quotes, last to first: the last is new (from → to ends with the new text in every word
    # order seen: "「A」を「B」に", "'A' yazısını 'B' yap", "غيّر 'A' إلى 'B'"); one joined to the next by
    # "and"/"," shares its status ("'Carbonara €12' and 'Panna cotta €6'"); any other is the replaced text.
    def pair_link(left: int) -> bool:
        """Whether quotes `left` and `left + 1` are joined as from → to ("'A' in 'B'", "「A」を「B」に")."""
        between = request[quotes[left][1] : quotes[left + 1][0]]
        return len(between) <= 24 and bool(_TO_WORD.search(between)) and not _LIST_JOIN.match(between)

    for index in range(len(quotes) - 1, -1, -1):
        if status[index] is not None:
            continue
        if index > 0 and pair_link(index - 1):
            status[index] = True  # the "to" of a pair
        elif index < len(quotes) - 1 and pair_link(index):
            status[index] = False  # the "from" of a pair
        elif index == len(quotes) - 1:
            # Unmarked and alone: new only when a writing word stands right before it ("add the caption
            # 'X'", "make it say 'X'"); a quote that just names something ("the sign 'X'") is existing text.
            before = request[max(0, quotes[index][0] - 24) : quotes[index][0]]
            status[index] = not strict and bool(_WRITE_NEAR.search(before))
        else:
            between = request[quotes[index][1] : quotes[index + 1][0]]
            # Listed with the next ("'A' and 'B'", "'A' लिख दो और 'B'"), or else the text being replaced.
            status[index] = bool(status[index + 1]) and bool(
                _LIST_JOIN.match(between) or _WRITE_NEAR.search(between)
            )
    for (_, _, inner), is_new in zip(quotes, status, strict=True):
        if is_new and inner.strip() not in found:
            found.append(inner.strip())
    return found


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _cjk_joint(left: str, right: str) -> bool:
    """Whether two runs of CJK text meet with no space between (a Chinese dash "——" takes none either)."""
    return (_is_cjk(left[-1]) or left.endswith("——")) and _is_cjk(right[0])


def _upper(ch: str, language: str) -> str:
    """The capital of a first letter; Turkish and Azerbaijani dot their capital i ("ilk" → "İlk")."""
    return "İ" if ch == "i" and language in ("tr", "az") else ch.upper()


def _finish(text: str, *, question: bool, capitalize: bool, language: str = "") -> str:
    """A piece of the user's words as a sentence: edges tidied, first letter up, a full stop if none."""
    # A brief's field separator ("Background: beach / Keep: face") goes when its field moves.
    piece = re.sub(r"\s+[/|]$", "", text.rstrip()).strip(_EDGE_SEPARATORS)
    # A list's first bullet stays a bullet: its siblings below still carry theirs.
    bullet = re.match(r"\s*([-*•])\s+", text)
    if bullet and re.search(rf"\n\s*{re.escape(bullet.group(1))}\s+", text):
        # "*" and "•" are not edge separators: strip the marker itself before putting it back once.
        piece = bullet.group(1) + " " + text[bullet.end() :].strip(_EDGE_SEPARATORS)
        capitalize = False
    # A brief's field lines ("edit: background swap\nnew bg: rainy street at dusk") read as one sentence each,
    # like the sentences around them.
    # So do the lines of a request typed on several lines ("make the armchair green\nkeep the shelves").
    lines = [line for line in _LINE_BREAK.split(piece) if line.strip()]
    if not bullet and len(lines) > 1:
        return _join(
            [_finish(line, question=False, capitalize=capitalize, language=language) for line in lines]
        )
    if language == "el" and text.rstrip().endswith(";") and piece:
        return _upper(piece[0], language) + piece[1:] + ";" if capitalize else piece + ";"  # the Greek "?"
    if question and piece.endswith(("?", "？")):
        piece = piece[:-1].rstrip()
    if not piece:
        return ""
    # A file name stays as typed ("photo_final_v3 attached"): it is a name, not the start of a word.
    if capitalize and piece[0].islower() and not re.match(r"\S*[_\d./\\]", piece):
        piece = _upper(piece[0], language) + piece[1:]
    # "ㅠㅠ", "ㅋㅋ", "^^" and emoji are the user's emoticons, not words that need a full stop.
    emoticon = bool(re.search(r"[ㅠㅜㅋㅎ]{2,}$|\^\^$", piece)) or (
        not piece[-1].isalnum() and unicodedata.category(piece[-1]).startswith("S")
    )
    if not _TERMINAL.search(piece) and not emoticon:
        # A CJK sentence ending in a closing quote or a digit ("…改成“新品上市”", "图2") takes a CJK stop.
        letters = [ch for ch in piece if ch.isalpha()]
        cjk = sum(1 for ch in letters if _is_cjk(ch))
        # "…'さくら菓子店'" in a Spanish sentence ends with a Latin full stop: the sentence's script decides.
        if language == "th":
            return piece  # Thai ends a sentence with no mark
        # A Chinese or Japanese sentence with English product words in it is still that language's.
        cjk_language = language in ("zh", "ja") and cjk > 0
        if (cjk * 2 >= len(letters) or cjk_language) and any(
            _is_cjk(ch) for ch in piece[-6:] if ch.isalpha()
        ):
            piece += "。"
        else:
            piece += "।" if language == "hi" and not piece[-1].isascii() else "."
    return piece


def _join(parts: list[str]) -> str:
    out = ""
    for part in (p for p in parts if p):
        if out and part[:2] in ("- ", "* ", "• ") and "\n" in part:
            out += "\n"  # the user's list starts on its own line, as they wrote it
        elif out and not _cjk_joint(out, part) and out[-1] not in "。！？，、：；」』）":
            out += " "
        out += part
    return out


_AFTER_CONDITION: Final = re.compile(
    r"(?:\b(?:otherwise|if not|else|sinon|si no|sino|sonst|altrimenti|anders|annars|caso contrário|senão|"
    r"w przeciwnym razie|jeśli nie|yoksa|değilse|αλλιώς|jika tidak|kalau tidak|nếu không)|а якщо ні|а если нет|"
    r"если нет|иначе|інакше|якщо ні|אחרת|ואם לא|否则|不然|そうでなければ|아니면|وإلا|नहीं तो|ไม่งั้น)\s*[,，—–:-]*\s*$",
    re.IGNORECASE,
)
# A kept item of a numbered or bulleted list ("3) leave the faces alone") belongs to its list, and a
# Korean clause ending in a connective ("폰트 느낌은 유지하고") is unfinished on its own: both stay put.
_FIELD_NAME: Final = re.compile(r"\s*([^:：\n]{1,24})[:：]")
# A line break, or a brief's field separator ("Background: beach / Keep: face").
_LINE_BREAK: Final = re.compile(r"\n|\s+[/|]\s+(?=[^\W\d][\w .'’-]{0,24}[:：])")
_STAYS_IN_PLACE: Final = re.compile(rf"^\s*{LIST_MARKER}|[가-힣](?:고|며|면서)\s*[.,!]?\s*$")


def _pieces(
    reading: Reading, *, capitalize: bool, in_order: bool = False, language: str = ""
) -> tuple[list[str], list[str]]:
    """The user's kept words as (preservation pieces, edit pieces), each a run of one kind.

    `in_order` keeps every kept word where the user put it (one run): for words quoted as the user's own.
    """
    runs: list[tuple[str, list[Segment]]] = []
    for position, segment in enumerate(reading.segments):
        if segment.kind == "glue" and in_order and runs:
            runs[-1][1].append(segment)  # nothing moves, so the "but" that joined two clauses stays
            continue
        if segment.kind not in ("edit", "preserve"):
            continue  # removed text between two kept segments of one kind does not split their run
        # "Nothing else changes", "the rest stays", "leave the left one alone" point at the edit: moved
        # in front of it they would refer to nothing yet, so they stay where the user put them.
        refers = (
            (_REFERS_TO_EDIT.search(segment.text) and not _IMPERATIVE_KEEP.search(segment.text))
            or _POINTS_BACK.search(segment.text)
            or _STAYS_IN_PLACE.search(segment.text)
            # "Rest: keep as is", "それ以外：そのまま": a brief's field named after what the edit leaves.
            or (
                (name := _FIELD_NAME.match(segment.text)) is not None
                and _REFERS_TO_EDIT.search(name.group(1))
            )
            # "…, а якщо ні — не чіпай": the "else" branch of a condition stays with its condition.
            or _AFTER_CONDITION.search(reading.request[max(0, segment.start - 30) : segment.start])
        )
        kind: str = "edit" if segment.kind == "preserve" and refers else segment.kind
        before = reading.segments[position - 1] if position else None
        if kind != segment.kind and before is not None and before.kind == "glue" and not in_order:
            # It stays where it was, so the "and" that joined it stays too.
            segment = Segment(
                "preserve", before.text + segment.text, before.start, segment.end, segment.question
            )
        if runs and (in_order or runs[-1][0] == kind):
            runs[-1][1].append(segment)
        else:
            runs.append((kind, [segment]))
    preserve: list[str] = []
    edits: list[str] = []
    for kind, segments in runs:
        text = ""
        for segment in segments:
            glued = segment.text
            if segment.question:
                # The removed opener made this a question ("Could you …?"); without it, it is an instruction.
                glued = re.sub(
                    r"\s*[?？]+(?=\s|$)(\s+\w)?",
                    lambda m: "." + (m.group(1).upper() if m.group(1) else ""),
                    glued,
                    count=1,
                )
            if text and re.search(r"[.!?。！？]\s*$", text) and glued.strip()[:1].islower():
                # A removed opener ("Can you …") began this sentence: it still starts with a capital.
                lead = len(glued) - len(glued.lstrip())
                glued = glued[:lead] + glued[lead].upper() + glued[lead + 1 :]
            if text and glued[:1] in ",，.。;；:：!?！？、":
                text = text.rstrip()  # "di-mask [pakai z-image aja], ganti …": no space before the comma
            if (
                text
                and not text[-1].isspace()
                and glued
                and not glued[0].isspace()
                and glued[0] not in ",，.。;；:：!?！？、"
                and not _cjk_joint(text, glued)
            ):
                text += " "
            text += glued
        piece = _finish(
            text, question=any(s.question for s in segments), capitalize=capitalize, language=language
        )
        (preserve if kind == "preserve" else edits).append(piece)
    return [p for p in preserve if p], [e for e in edits if e]


def _keeps_first(reading: Reading) -> bool:
    """Whether the request opens with preservation and keeps none after its edit: nothing to move."""
    kinds = [s.kind for s in reading.segments if s.kind in ("edit", "preserve") and s.text.strip()]
    if kinds[:1] != ["preserve"] or "edit" not in kinds:
        return False
    return "preserve" not in kinds[kinds.index("edit") :]


_CHINESE_VARIANT: Final = re.compile(
    r"繁体|繁體|简体|簡體|正體|正体字|traditional\s+(?:chinese|characters)|simplified\s+(?:chinese|characters)",
    re.IGNORECASE,
)


def _text_lines(w: PromptWording, intent: EditIntent, request: str, reading: Reading) -> list[str]:
    lines: list[str] = []
    # In a layout edit a quote usually names the element being moved ("the 'Shop now' button"): only text
    # plainly marked as new is text to write.
    # Outside the languages the tool reads, one lone quote may as well be the text replaced: only marked new text.
    foreign_single = intent.language not in TEMPLATE_LANGUAGES and len(find_quotes(request)) == 1
    quotes = new_quoted_text(request, strict="layout" in intent.edit_kinds or foreign_single, kept=reading)
    if "layout" in intent.edit_kinds and not quotes:
        return []  # an element moved, no text written: no text guidance at all
    # In a translation a quoted pair ("「味噌ラーメン」は 'Miso Ramen' に") fixes one item of a whole text the
    # model translates: "write exactly 'Miso Ramen'" would read as if that were all the new text.
    translating = _TRANSLATE.search(request) or _LANGUAGE_VERSION.search(request)
    mapping = translating and len(find_quotes(request)) > len(quotes)
    # "改成「点心皇」，字体保持繁体": the user asks for a character variant the quote may not be typed in;
    # "copy it character for character" would contradict them, so the quote stays in their own words only.
    variant = _CHINESE_VARIANT.search(request)
    if quotes and not mapping and not variant:
        lines.append(w.render("text_exact", quotes=w.join([w.render("quote", text=q) for q in quotes])))
    # The script only matters for text that gets written: new quoted text, a translation, or a non-Latin target.
    # New text that mixes Latin letters with another script ("'ויטמין D'") is not in one script: the exact
    # quote says it all.
    written = quotes or [inner for _, _, inner in find_quotes(request)]
    mixed = not translating and any("Latin" in (c := script_counts(q)) and len(c) > 1 for q in written)
    if (
        intent.target_script is not None
        and not mixed
        and (quotes or translating or intent.target_script != "Latin")
    ):
        lines.append(w.render("text_script", script=w.script_name(intent.target_script)))
    return lines


# Images told apart by their order ("the first 11 are our volunteers, the last one is the poster"): they have
# roles, so "apply the same edit to every image" would be wrong.
_ROLE_BY_ORDER: Final = re.compile(
    r"\b(?:the\s+)?(?:first|last|ostatni\w*|pierwsz\w*|letzte\w*|erste\w*|derni[eè]re?s?|premi[eè]re?s?|últim[oa]s?|"
    r"primer[oa]s?|ultim[oa]|prim[oa]|laatste|eerste|sista|första|son|ilk|последн\w*|перв\w*|останн\w*|перш\w*)\b"
    r"[^,.;:!?]{0,30}?\s(?:one\s+)?(?:is|are|=|to|jest|są|ist|sind|est|sont|es|son|è|sono|é|são|is|zijn|är|это|це|—|–)\s",
    re.IGNORECASE,
)


def rewrite(route: RouteId, intent: EditIntent, *, n_images: int, request: str) -> Rewrite:
    """The prompt for `route`: the user's words, preservation first, with that model's guidance around them."""
    reading = read_request(request)
    foreign = intent.language not in TEMPLATE_LANGUAGES
    w = wording("en" if foreign else intent.language)
    # Words quoted as the user's own ("The request, written by the user in Turkish: …") keep their order,
    # and so do requests whose preservation already comes first: nothing to move, nothing to split.
    # For a masked edit the prompt already opens with "keep everything outside the mask": the user's own
    # "everything else stays" / "outside the mask is perfect" stays where they said it (in front, it would
    # only repeat that line).
    masked_rest = route == "z-image-inpaint" and all(
        _GLOBAL_KEEP.search(s.text) or _OUTSIDE_MASK.search(s.text) for s in reading.kept("preserve")
    )
    # Preservation said after the edit stays where the user said it: moved in front, its "him", "the one
    # on the right", "runt den", "aber …" would point at a thing not yet named (blind readings #31-#32).
    # The prompt still opens with preservation: the generic keep sentence below.
    # ("Keep everything else exactly as in the input." names nothing: it still leads, as the seed tip shows.)
    # Nor does "Rest: keep as is": it points at the edit, and stays after it anyway.
    keeps_first = _keeps_first(reading)
    keeps_later = not keeps_first and any(
        s.kind == "preserve" and not _GLOBAL_KEEP.search(s.text) and not _REFERS_TO_EDIT.search(s.text)
        for s in reading.segments
    )
    preserve, edits = _pieces(
        reading,
        capitalize=True,
        in_order=foreign or keeps_first or masked_rest or keeps_later,
        language=intent.language,
    )
    user_keeps = any(s.kind == "preserve" for s in reading.segments)
    if not preserve and not edits:
        # Nothing but a model name or a greeting: the request itself is the only instruction there is.
        edits = [_finish(request, question=False, capitalize=True, language=intent.language)]
    user = _join([*preserve, *edits])
    if foreign:
        # "und": the words fit two neighbour languages equally; naming either could be wrong.
        name = _LANGUAGE_NAMES.get(
            intent.language, "their own language" if intent.language == "und" else intent.language
        )
        user = w.render("foreign", language=name, request=user)
    edit_text, kept_text = " ".join(edits), " ".join(preserve)
    # Judged on the user's kept words only: "GPT image 2" names a model, not an image.
    kept_words = " ".join(s.text for s in reading.segments if s.kind in ("edit", "preserve"))
    numbered = bool(_IMAGE_NUMBER.search(kept_words))
    kinds = intent.edit_kinds
    lead: list[str] = []
    if route == "z-image-inpaint":
        lead.append(w.zimage_keep)
    elif (not user_keeps or keeps_later) and not _GLOBAL_KEEP.search(kept_words):
        lead.append(w.keep_rest)
    tail: list[str] = []
    # A removed model lead-in may have said which images the edit is for ("gpt image 2 on all of these pls.").
    removed_choice = " ".join(s.text for s in reading.segments if s.kind == "model")
    if route == "nano-banana-edit":
        # Only when the words say the images share one edit, never when they give images roles.
        if (
            n_images > 1
            and intent.multi_image_mode == "batch"
            and _BATCH_WORDS.search(kept_words + " " + removed_choice)
            and not numbered
            and not _SAYS_CONSISTENT.search(kept_words)
            and not _ROLE_BY_ORDER.search(kept_words)
        ):
            tail.append(w.batch)
        if n_images > 1 and numbered:
            refs = [w.render("image_ref", n=n) for n in range(1, n_images + 1)]
            tail.append(w.render("image_numbers", images=w.join(refs)))
        # Only for an edit whose changing words name the background and whose kept words don't, and never
        # for a conditional one ("if the sky is grey, …; otherwise leave it"): it would read as unconditional.
        if (
            kinds == ["background"]
            and not _CONDITIONAL.search(request)
            and n_images == 1
            and _BACKGROUND.search(edit_text)
            # a new sky alone is not a new background: "change only the background" would widen it
            and _BACKGROUND.search(_SKY.sub(" ", edit_text))
            and not _BACKGROUND.search(kept_text)
            # every clause that names the background must change it, none may only keep it
            and all(
                not _NEGATED.search(clause)
                for clause in _CLAUSE_CUT.split(request)
                if _BACKGROUND.search(clause)
            )
            and not user_keeps
            and not _GLOBAL_KEEP.search(kept_words)
            and not _SAYS_KEEP.search(kept_words)
        ):
            tail.append(w.background_only)
        if "text" in kinds:
            tail += _text_lines(w, intent, request, reading)
    elif route == "gpt-image-2-edit":
        # Only when the removed lead-in said it ("Прогони все три фото через gpt image 2 — …"), not the kept words.
        if (
            n_images > 1
            and intent.multi_image_mode == "batch"
            and _BATCH_WORDS.search(removed_choice)
            and not _BATCH_WORDS.search(kept_words)
            and not numbered
            and not _ROLE_BY_ORDER.search(kept_words)
        ):
            tail.append(w.batch)
        if "text" in kinds:
            tail += _text_lines(w, intent, request, reading)
        if n_images > 1:
            refs = [w.render("image_ref", n=n) for n in range(1, n_images + 1)]
            tail.append(w.render("image_numbers", images=w.join(refs)))
    elif route == "z-image-inpaint":
        # Only for a removal alone: "fill it so it continues its surroundings" would contradict an added thing.
        if "removal" in kinds and set(kinds) <= {"removal", "positional"} and not _FILL_WORDS.search(request):
            tail.append(w.zimage_fill)
        if "text" in kinds:
            tail += _text_lines(w, intent, request, reading)
    prompt = _join([*lead, user, *tail])
    notes = [
        f"left out of the prompt: {s.text.strip()!r} ({_WHY[s.kind]})"
        for s in reading.removed
        if s.kind in _WHY
    ]
    return Rewrite(prompt=prompt, reading=reading, notes=notes)


def z_image_strength(intent: EditIntent) -> float:
    """Inpainting strength by intent (Tongyi's table): cleanup 0.5, object replacement 0.65, whole region 0.9.

    A removal is cleanup even when the request also names what to preserve or mentions the sky it
    reveals; replacing the background (or restyling the whole area) is a full-region replacement.
    """
    kinds = intent.edit_kinds
    if "removal" in kinds:
        return 0.5
    if "background" in kinds or "restyle" in kinds:
        return 0.9
    return 0.65
