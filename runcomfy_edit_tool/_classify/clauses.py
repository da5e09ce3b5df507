"""Read a request as the user's own clauses: what to carry verbatim, what to move, what may be left out.

The reading partitions the request exactly — the segments' texts, joined, are the request — so the
prompt built from it can be checked to be lossless. Each segment is one of:

- ``edit``: the user's words about the change, carried verbatim in their order;
- ``preserve``: a whole preservation clause ("keep her face, pose and outfit the same"), carried
  verbatim and moved, whole, to the front of the prompt;
- ``model``: a clause or lead-in that only picks the model ("run it through flux kontext:",
  ", nano banana pls", "with flux kontext pro") — left out, since the route already obeys it;
- ``steer``: a line that tries to steer routing ("ignore previous instructions…", "[system: …]") — left out;
- ``greeting``: a greeting or polite opener ("hi!", "could you please", "merci !") — left out;
- ``glue``: the conjunction that joined a preservation clause to the edit before it ("…, but keep the
  logo") — left out when the clause moves to the front, where it would join nothing.

Nothing inside a clause is ever cut except those lead-ins; when a clause's boundaries are unclear the
words simply stay where the user put them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final, Literal

from .._cues import Cue
from .._mentions import INJECTION, MODEL_NAME
from .lexicon import (
    BACKGROUND,
    COMBINE,
    EDIT_VERB,
    EXPRESSION,
    LOCAL,
    MOVE,
    POSITIONAL,
    REMOVAL,
    RESTYLE,
    TEXT,
    TRANSLATE,
    VARIANTS,
    WRITES,
)
from .text import find_quotes, style_reference

__all__ = ["INLINE_ITEM", "LIST_MARKER", "REMOVED_KINDS", "Reading", "Segment", "SegmentKind", "read_request"]

SegmentKind = Literal["edit", "preserve", "model", "steer", "greeting", "glue"]
REMOVED_KINDS: Final[frozenset[SegmentKind]] = frozenset({"model", "steer", "greeting", "glue"})

_F: Final = re.IGNORECASE | re.UNICODE
_KANA: Final = re.compile(r"[\u3040-\u30ff]")
# A sentence ends at . ! ? (and their full-width forms) before a space or the end, at a newline, or at
# a semicolon; "$24.99" and "v2.1" do not end one.
# A brief's fields on one line ("Background: beach / Keep: face / Text: none") are its sentences too.
_SENTENCE_END: Final = re.compile(
    r"(?:[.!?。！？…؟]+[\"'”’)」』]*(?=\s|$)|[。！？]+|[;；]|\n|\s[/|]\s(?=\s*[^\W\d][\w .'’-]{0,24}[:：]\s))\s*"
)

# Words that carry no edit: what is left of a clause that only picks a model.
_FILLER: Final = Cue(
    r"(?:\b(?:please|pls|plz|kindly|use|using|run|running|it|this|that|one|these|them|thru|through|via|with|in|on|"
    r"for|the|a|model|edit|try|go|can|could|would|you|u|i'd|i'm|id|i|like|need|here|want|wanna|let'?s|lets|do|just|and|again|time|"
    r"usa|usar|utiliza|utilizar|con|para|por|favor|esto|esta|este|lo|la|el|le|les|avec|utilise|utilisez|passe|"
    r"passe-le|pour|ça|ca|stp|svp|s'il|te|plaît|plait|mit|nimm|benutze|verwende|durch|bitte|das|dafür|hierfür|"
    r"com|o|no|na|nisso|isso|pode|faz|favore|per|questo|questa|через|с|помощью|используй|пожалуйста|это|"
    r"lütfen|ile|bunu|kullan|yap|dùng|hãy|bằng|pakai|gunakan|tolong|pasalo|pásalo|pásala|pasa|dans|através|attraverso|"
    r"tramite|nha|nhé|giúp|mình|με|παρακαλώ|עם|בבקשה|תעשה|את|זה|fallo|falla|fai|hazlo|haz|fais|mach|es|сделай|сделайте|зроби|"
    r"to|de|da|di|du|par|met|zrób|w|whole|batch|لو|سمحت|machen|nessa|nesse|aqui|neste|nesta|yapar|mısın|misin|yapabilir|pake|graag|wrzuć|przez|użyj|proszę|am|besten|wenn|möglich|if|possible|"
    r"préférence|aja|saja|dong|kak|ya|şunu|yapalım|yapalim|돌려서|돌려줘|돌려|is|fine|should|handle|works?|probably|best|ok|okay|good|"
    r"kör|den|här|genom|tack|på|gooi|deze|even|door|doe|het|quero|manda|nessas|nesses|três|duas|làm|"
    r"roda|rode|rodar|über|laufen|lassen|puść|puszczę|το|плиз|пліз|real|quick|quickly|rq|halen|använd|använda|"
    r"parte|parti|partie|teil|nehmen|لهذه|الصورة|плз|תשתמש|השתמש|olsun|αυτό|cho|tym|بـ|ب|maschera|máscara|masque|maske|masker|mask|maskę|niech|zrobi|nisto|tudo|أريد|استخدام|هنا|做吧|puedes|pasar|maar|laat|er|los|op|thing|tool|dobra|celle-ci|celui-ci|prova|proviamo|passalo|passala|passali|passale|su|pásalas|pásalos|pasalas|tu|peux|passer|в|у|przepuść|przepusc|kanske|doen|que|dit|bisa|boleh|coba|דרך|poproszę|pro|pra|tutto|tutte|tutti|passa|σε|kan|köra|хочу|щоб|це|зробив|зробила|xài|giùm|kun|je|jij|of|gebruik|gebruiken|think|put|send|pass|throw|guess|funkar|väl|давай|passez|vous|chạy|vorrei|voglio|usare|quiero|quisiera|utiliser|veux|voudrais|möchte|gerne|gern|pfv|pf|"
    r"прожени|돌려주세요|돌려줘요|borde|klara|fixa|nog|är|snäll|det|прогони|прогнать|все|три|"
    r"две|фото|fammelo|fammela|faccelo|من|فضلك|תריץ|תעביר|"
    r"зробіть|будь|ласка|이거|이걸|이건|이것|porfa|grazie|obrigad[oa]|부탁해요|부탁해|부탁합니다|부탁드려요|해줘|해주세요|주세요|お願い|お願いします|"
    # "kontext pro sollte das hinkriegen:", "GPT-Image-2 сюди:", "flux kontext pro να το κάνει:", "Dá pra fazer no
    # flux?": the model as the subject, or what is done with it.
    r"sollte|hinkriegen|hinbekommen|schaffen|сюди|сюда|να|κάνει|dá|fazer|daj|all|aub|спробуйте|спробуй|попробуйте|"
    # "gpt image 2 пжлст:", "βάλ' το στο flux πλς:", "GPT-Image-2で頼みます：": asking, nothing more.
    r"пжлст|пжл|пж|πλς|βάλ|βάλε|στο|στη|"
    # "¿Se puede pasar esto por flux?", "Με nano banana αν γίνεται:": asking whether the model can be used.
    r"se|puede|pueden|podrías|podrias|ces|cette|αν|γίνεται|μπορείς|kannst|können|posso|possiamo|può|puoi|"
    r"si|possible|possibile|posible|possível|möglich|тут|здесь|tutaj|aquí|ici|hier|"
    # Romanized asking words: "bhai isko flux se kar do", "kontext pro de onegai!", "law sama7t esta5dem …".
    r"bhai|isko|se|karo|kar|dena|onegai|onegaishimasu|kudasai|law|sama7t|esta5dem|lel|sora|wrzuc|закинь|кинь|"
    r"αυτή|εδώ|re|devrait|suffire|fera|l'affaire|τρέξ|τρέξε|τρέξτε|фотки|все|three|3|4|5)\b|頼みます|頼む|"
    # "flux वाला model use करो please": the Hinglish "the … one".
    r"वाला|वाली|वाले|"
    r"תשתמשו|תריצו|פה|כאן|על|שלושתן|שלושתם|כולן|כולם|है|प्लीज़|प्लीज|خلّيها|خليها|على|ลอง|ดู|이\s*\d*\s*장|다|돌려\s*주세요|"
    r"来弄|来搞|来做|ना|बनाओ|बना दो|इसे|इससे|दीजिए|दीजिये|कीजिए|करिए|दें|से|करना|करो|करें|कर|दो|इस्तेमाल|उपयोग|यूज़|यूज|इन|तीनों|दोनों|फोटो|पर|चलाओ|चला|跑一下|跑一跑|跑|来一下|这张|这个|这些|bằng|应该就行|应该可以|就行|就可以|处理一下|ครับ|ค่ะ|คะ|นะคะ|นะครับ|นะ|やってみて|やってほしいんですが|やってほしいんですけど|やってほしいです|お願いしたいんですが|お願いしたいです|やってほしいんだけど|やってほしい|やって|お願いいたします|ב-|[\U0001F300-\U0001FAFF\u2600-\u27BF]|باستخدام|استخدم|استعمل|[用使通过请吧来这个张做模型でをにて使っお願いします로으를써서해줘요]|\s|[-–—:：,，、.。!！?？¿¡()\[\]\"'~～،؛])+",
)
# Lead-ins that pick a model before the edit: "use flux to", "with nano banana,", "用 flux", "fluxで".
# Atomic: a name is matched whole ("kontext pro"), never shortened so that what follows fits.
_NAME: Final = f"(?>{MODEL_NAME.pattern})"
# "gebruik z-image voor het gemaskeerde deel en maak …": the choice with its "for the masked part, and"
# (z-image only ever edits the mask, and its prompt already says so).
_MASKED_PART: Final = (
    rf"\b(?:use|gebruik|usa|utilise|benutze|nimm|usar|pakai)\s+{_NAME}\s+(?:for|voor|für|pour|para|per|on|op|auf|sur|en|su)\s+"
    r"(?:\w+\s+){0,2}(?:masked|gemaskeerde|gemarkeerde|maskierten|markierten|masquée|enmascarada|marcada|mascherata|mascarada|"
    r"selected|marked)\s+\w+(?:\s+(?:please|pls|plz))?(?:\s+(?:and|en|und|et|y|e)\s+|\s*,\s*)"
)
# "z-image for the masked bit pls, turn it …": the name alone opening the clause, with its mask scope.
_NAME_FOR_MASK: Final = (
    rf"{_NAME}\s+(?:for|on)\s+the\s+(?:masked|selected|marked)\s+(?:bit|area|part|region|spot|zone|section)"
    r"(?:\s+(?:please|pls|plz))?\s*,\s*"  # before a colon or a dash it stays: it scopes what follows
)
# "Dùng z-image cho vùng đã tô mask nhé: …": the Vietnamese choice with its "for the masked part".
_MASKED_PART_VI: Final = (
    rf"\b(?:dùng|xài|chạy)\s+{_NAME}\s+cho\s+(?:vùng|phần|chỗ)\s+(?:đã\s+)?(?:được\s+)?(?:tô\s+)?"
    r"(?:mask|mặt nạ|chọn|đánh dấu)\S*(?:\s+(?:nhé|nha|nhá|nhe))?\s*[:：,]?\s*"
)
_MASK_SCOPE: Final = re.compile(
    r"(?:for|on|in|to)\s+(?:the|this|that)\s+(?:masked|selected|marked)\s+(?:bit|area|part|region|spot|zone|section)"
    r"(?:\s+(?:please|pls|plz))?\s*[.!]?",
    re.IGNORECASE,
)
_LEAD_IN: Final = Cue(
    r"^\s*(?:"
    + _MASKED_PART
    + r"|"
    + _MASKED_PART_VI
    + r"|"
    + _NAME_FOR_MASK
    # "Zrób to we fluxie:", "throw it at flux kontext pro pls:", "chạy qua flux giúp mình,", "Прогони через X":
    # a verb that only sends the image to the model.
    + rf"|(?:zrób|zrob)\s+to\s+(?:we?|przez|na)\s+{_NAME}\s*[:,—–-]+\s*"
    + rf"|(?:throw|chuck|toss)\s+(?:it|this|them|these)\s+(?:at|into|to)\s+(?:the\s+)?{_NAME}(?:\s+(?:please|pls|plz))?\s*[:,—–-]+\s*"
    + rf"|(?:chạy|dùng|xài)\s+(?:qua|bằng|với)\s+{_NAME}(?:\s+(?:giúp mình|giùm|nhé|nha))?\s*[:,—–-]+\s*"
    + rf"|(?:прогони|пропусти|прогоните)\s+(?:(?:это|их|все|всё)\s+)?через\s+{_NAME}\s*[:,—–-]*\s*"
    # "gpt image 2 on these 14 pls —": the model and the images it runs on, then the edit.
    + rf"|{_NAME}\s+(?:on|for)\s+(?:these|those|all|the|both)(?:\s+(?:\d{{1,2}}|two|three|four|five|six))?"
    r"(?:\s+(?:pics|photos|pictures|images|shots|ones))?(?:\s+(?:please|pls|plz))?\s*[:—–-]+\s*"
    # "run these three through flux kontext pro —": the whole clause only picks the model.
    + r"|(?:run|put|pass|send|throw)\s+(?:these|those|them|this|it|all|both)(?:\s+\w+){0,3}?\s+(?:through|thru|via|into|in|on|with)\s+"
    + rf"(?:the\s+)?{_NAME}\s*(?:[,:;—–-]+\s*|$)"
    # "manda tudo pro gpt image 2 as 14 fotos …", "passa tutto in flux …": send (everything) to the model.
    + rf"|(?:manda|passa|joga|bota|manda\s+ver)\s+(?:(?:tudo|todas|todos|tutto|tutte|tutti|isto|isso|esta|essa|este|esse|questo|questa)\s+)?(?:pro|pra|para\s+o|no|na|in|su|a)\s+{_NAME}\s*[:,]?\s*"
    + rf"|(?:(?:please|pls|plz)\s+)?(?:(?:use|using|with|via|through|thru|try|in|on)\s+(?:the\s+)?{_NAME}"
    rf"(?:\s+(?:model|pro))?(?:\s+(?:please|pls|plz))?\s*(?:(?:to|and)\s+|for\s+(?!these|this|those|all|each|both|the)|[,:：—–-]+\s*)"
    rf"|(?:usa|use|usar|utiliza|utilise|utilisez|nimm|benutze|verwende|usa|используй|pake|pakai|gunakan|użyj|använd|kullan)\s+"
    rf"(?:(?:bitte|please|pls|por favor|svp|stp)\s+)?(?:o\s+|el\s+|le\s+|la\s+|lo\s+)?{_NAME}"
    rf"(?:\s+(?:aja|saja|ya|dong|please|pls|bitte|svp|por favor|proszę))?(?:\s*[\U0001F300-\U0001FAFF\u2600-\u27BF])*"
    rf"\s+(?:(?:para|pour|um|per|для|und|y|et|e|i|ve|dan|och)(?!\w)|(?:on|for)\s+(?=(?:these|those|all|each|both|my|our)\b))?\s*|(?:con|avec|mit|com|con|с|через)\s+(?:o\s+|el\s+|le\s+)?{_NAME}(?:\s*\([^()\n]{{1,30}}\))?\s*[,:：]?\s*"
    rf"|(?:(?:please\s+)?(?:use|using|try|run|kör|använd|gebruik|usa|nimm|utilise|użyj|pakai|شغّل|شغل|استخدم|dùng|xài|chạy)\s+(?:the\s+)?)?{_NAME}(?:\s+(?:thing|tool|model))?\s+(?:(?:on|for|over)\s+(?=(?:these|those|all|each|both|my|our)\b))?"
    rf"(?=(?:on|for|pour|para|für|per|voor|на|для|på|op|auf|sur|su|na|w|على|في|cho|trên)\s|these\b|this\b|those\b|all\b|each\b|both\b|my\b|our\b|ces\b|estas?\b|estos?\b|diese\w*\b)"
    rf"|(?:这(?:张|几张|些|个)图?)?(?:麻烦|请|帮我)?(?:用|使用|通过)\s*{_NAME}\s*(?:模型)?\s*(?:来)?(?:(?:弄|搞|处理|做|改)一?下)?\s*[，,:：]?|{_NAME}\s*(?:で|を使って|로|으로|를\s*써서|을\s*써서|써서|사용해서|로\s*돌려서|से|के साथ)\s*[、，,]?\s*(?:(?:해\s*주세요|해줘|해\s*줘|해요|부탁해요|부탁드려요|부탁합니다)[~～!.]*\s*)?))",
)
_NAME_HEAD: Final = Cue(
    rf"\s*{_NAME}(?:\s+(?:thing|tool|model))?(?:\s+(?:please|pls|plz|bitte|svp|stp|por favor|porfa|pfv|per favore|lütfen|proszę|poproszę|tack|graag|aja|saja|ya|dong|deh|плз|пліз|плиз|นะ|นะคะ|นะครับ|หน่อย))?"
    r"(?:\s*[\U0001F300-\U0001FAFF\u2600-\u27BF])*[\s,]+"
    r"(?!(?:style|look|vibe|was|did|is|are|has|had|made|gave|does|ile|ise)\b)(?!\d)(?=\w)",
)
# The same choice at the end of a clause: "… with flux kontext pro", "…, z-image pls".
_TAIL: Final = Cue(
    rf"(?:\s+(?:with|using|via|in|on|through|thru|con|avec|mit|com|с|через)\s+(?:the\s+)?{_NAME}(?:\s+(?:model|pro))?"
    rf"(?:\s+(?:please|pls|plz))?|[,，]\s*(?:(?:pakai|pake|use|using|usa|con|avec|mit|com|with)\s+)?{_NAME}(?:\s+(?:please|pls|plz|stp|svp|por favor|porfa|bitte|grazie|obrigad[oa]|lütfen|пожалуйста|thanks|thx|merci|gracias|danke|aja|saja|ya|deh|if possible|de préférence|"
    rf"am besten|wenn möglich|si es posible|se possível|graag))?)\s*(?=[.!?。！？]*\s*$)",
)
# A model choice inside a clause: "could you use nano banana to replace …", "这三张图请用nano banana统一…".
_MID: Final = Cue(
    _MASKED_PART
    + r"|"
    # "Dùng z-image cho vùng đã tô mask nhé: …": the choice with its "for the masked part" (before the
    # shorter "dùng z-image" below, which would leave "cho vùng … nhé:" behind).
    + _MASKED_PART_VI
    + r"|"
    rf"\b(?:use|using|run (?:it|this|them) (?:through|thru|on|in)|put (?:it|this) through)\s+(?:the\s+)?{_NAME}(?:\s+model)?\s+(?:to|for|and)\s+"
    rf"|\b(?:tolong\s+)?(?:pakai|gunakan|pake)\s+{_NAME}(?:\s+(?:aja|saja|ya|dong|deh))+\s*"
    rf"|\b(?:gebruik|usa|use|utilise|benutze|dùng|pakai|gunakan|chạy)\s+{_NAME}(?:\s+|\s*[:：,]\s*)(?:om|para|pour|um|per|để|untuk|buat)?\s*"
    # "Can you run the three photos of our Jaguar through GPT-Image-2 and give them …": only the sending goes.
    rf"|\brun\s+(?:the|these|those|all|both|my|our)\b[^,.;:!?]{{0,50}}?\s+(?:through|thru|via|with|on|in)\s+(?:the\s+)?{_NAME}\s+and\s+"
    rf"|\b(?:mit|con|avec|com|met|par|przez)\s+{_NAME}\s+(?=\w)|{_NAME}\s+ile\s+|ت?ستخدم\s+{_NAME}\s+|(?:ขอ)?ใช้\s*{_NAME}\s*(?:กับ(?:ส่วน|พื้นที่|บริเวณ)ที่\S{{0,12}}มา(?:สก์|ส์ก|สค์)\S{{0,6}}\s*)?(?:ช่วย)?(?:ทำให้หน่อย|ทำทีนะ|ทำที)?(?:นะคะ|นะครับ|นะ|ค่ะ|ครับ)?\s*|(?:استخدم|باستخدام|شغّل\w*|شغل\w*)\s+(?:(?:على|ب)\s*)?{_NAME}\s*(?:من فضلك\s*|لو سمحت\s*)?|{_NAME}\s*(?=帮我|请|给我|幫我)|(?:请)?(?:用|使用|通过)\s*{_NAME}\s*(?:模型)?\s*(?:来)?(?:(?:弄|搞|处理|做)一?下\s*[:：,，]?)?",
)
# Thanks at the end of a clause: ", gracias", ", thanks!".
_THANKS_TAIL: Final = Cue(
    # Thanks in advance, as a letter ends ("Z góry dziękuję.", "Заранее спасибо.", "Je vous remercie par avance.").
    r"[,，.]?\s*(?:\b(?:vielen dank im voraus|danke im voraus|alvast bedankt|je vous remercie(?: par avance| d'avance)?|"
    r"merci (?:d'avance|par avance)|z góry dziękuj(?:ę|emy)|dziękuj(?:ę|emy) z góry|tack på förhand|tack i förväg|"
    r"gracias de antemano|desde já,? obrigad[oa]|obrigad[oa] desde já|şimdiden teşekkür\w*|iyi çalışmalar|"
    r"thanks in advance|thank you in advance|grazie in anticipo|ευχαριστώ εκ των προτέρων|ευχαριστούμε)\b|"
    r"заранее (?:спасибо|благодар\w+)|спасибо заранее|если (?:не сложно|не трудно|можно)|якщо (?:не складно|можна)|заздалегідь дякую|дякуємо|תודה מראש|مع خالص الشكر|شكر[اً]+ مقدم[اً]+)"
    r"(?:,\s*[\w .'-]{1,30})?\s*[!.。！]*\s*$"
    r"|[,，]?\s*[¡]?(?:\b(?:thanks|thank you|thx|tnx|thnx|ty|cheers|gracias|merci|danke|obrigad[oa]|grazie|спасибо|дякую|tack|"
    r"dziękuję|dzięki|teşekkürler|tşk|tşkler|tşkrlr|vlw|valeu|brigad[oa]|спс|lütfen|terima kasih|dank je(?: wel)?|dankjewel|"
    r"bedankt|makasih|makasi|trims)\b|谢谢|ありがとう|ขอบคุณ(?:ค่ะ|ครับ)?|و?شكرا[ًً]?|धन्यवाद|תודה|ευχαριστώ)"
    r"(?:\s+(?:so much|very much|a lot|a ton|heaps|a bunch|beaucoup|d'avance|mil|muito|mille|schön|dir|så mycket|så mycke|רבה|جزيلا|جزيلاً|มาก))?"
    r"(?:\s*,?\s*(?:eres lo máximo|you(?:'re| are) the best|you rock|sei il migliore|tu es le meilleur|du bist die beste?))?"
    r"\s*[!.。！～~🙏😊🙌❤️💕✨]*\s*$"
    # A letter's sign-off: "Regards, M. Whitfield".
    r"|[,.]?\s*\b(?:(?:best|kind|warm)\s+)?(?:regards|wishes|sincerely|cheers)\b[,\s]*[\w .'()&–—-]{0,50}$"
    # "Grazie e cordiali saluti.": the thanks joined to the sign-off goes with it.
    r"|[,.]?\s*\b(?:(?:grazie|merci|danke|gracias|thanks|obrigad[oa])\s+(?:e|et|und|y|and)\s+)?(?:mit freundlichen grüßen|mit freundlichen grüssen|viele grüße|liebe grüße|cordialement|bien à vous|"
    r"atentamente|saludos(?: cordiales)?|un saludo|cordiali saluti|distinti saluti|atenciosamente|abraços|"
    r"met vriendelijke groet(?:en)?|med vänliga hälsningar|pozdrawiam|saygılarımla|с уважением)\b[,\s]*[\w .'()&–—-]{0,50}$",
)
_GREETING_SENTENCE: Final = Cue(
    r"^\s*[¡¿]?\s*(?:(?:hi|hiya|hey|hello|heya|yo|ok|okay|hola|bonjour|salut|hallo|hoi|olá|oi|ciao|привет|merhaba|selam|xin chào|halo|hai)"
    r"(?:\s+kak)?"
    r"(?:\s+(?:there|team|again))?|thanks?(?: you)?(?: so much| in advance)?|thx|tnx|thnx|ty|cheers|merci(?: beaucoup)?|gracias|danke(?: schön)?|grazie mille|"
    r"muchas gracias|muito obrigad[oa]|vielen dank|"
    r"good (?:morning|afternoon|evening)|(?:i\s+)?hope (?:you(?:'re| are) (?:well|doing well|good)|all is well)|buenos días|buenas|buongiorno|bom dia|boa tarde|guten (?:morgen|tag)|"
    r"你好|您好|こんにちは|안녕하세요|안녕|доброе утро|здравствуйте|привіт|добрий день|chào bạn|selamat pagi|"
    r"नमस्ते|مرحبا|السلام عليكم|hej|"
    r"obrigad[oa]|grazie|спасибо|teşekkürler|cảm ơn|terima kasih|谢谢|ありがとう(?:ございます)?|감사합니다|고마워요?|"
    r"danke dir|tack(?: så mycket)?|dziękuję|ขอบคุณ(?:ค่ะ|ครับ)?|شكرا[ًً]?|धन्यवाद|תודה|ευχαριστώ|merci d'avance|"
    # The greetings and thanks of a business letter, as sentences of their own.
    r"お世話になっております|お世話になります|いつもお世話になっております|добрый день|доброго дня|добрий день|дякуємо|"
    r"καλησπέρα(?: σας)?|καλημέρα(?: σας)?|γεια σας|iyi çalışmalar|cảm ơn(?: nhiều)?|"
    r"(?:dear|hi|hello)\s+(?:\w+\s+)?(?:team|all|sir or madam|colleagues))"
    r"(?:\s*,?\s*(?:eres lo máximo|you(?:'re| are) the best|you rock|sei il migliore|tu es le meilleur|du bist die beste?))?"
    r"[^\w]*$",
)
# A greeting or a letter's salutation at the start ("Hi team,", "Holaaa 😊", "Sehr geehrte Damen und Herren,").
_SALUTATION: Final = (
    r"(?:(?:(?:hi+|hiya|heya|hey there|hi there|hey+|hello+)(?:\s+(?:dear|love|darling|there))?|"
    r"dear (?:\w+\s+)?(?:team|all|sir or madam|sirs?|madam|support|colleagues)|"
    # Formal letter openings: the salutation goes, the request after it stays as written.
    r"sehr geehrte damen und herren|sehr geehrte\w*\s+(?:frau|herr)\s+\w+|estimad[oa]s?(?:\s+(?:equipo|señor\w*|señora\w*))?|"
    r"(?:cher|chère|chers)\s+(?:équipe|collègues|amis)|madame,?\s+monsieur|gentil[ei]\s+(?:team|signor[ie]|staff)|"
    r"prezad[oa]s?(?:\s+equipe)?|geachte\s+(?:heer|mevrouw|dames en heren)|beste\s+team|szanowni państwo|"
    r"(?:hola+|bonjour|salut|hallo+|olá|oi+|ciao+|hi+|hey+|hello+)\s+(?:zusammen|allerseits|ihr|a todos|à tous|everyone|all|guys|folks|"
    r"tutti|allemaal|iedereen|alla|wszystkim|pessoal|gente|team|equipo)|selam(?:lar)?|(?:halo|hai)\s+kak|hoi|"
    r"hola+|bonjour|salut|hallo+|olá|oi+|ciao+|good morning|buenos días|"
    r"buongiorno|bom dia|guten (?:morgen|tag)|здравствуйте|привет|привіт|merhaba|hej|добрый день|доброго дня|добрий день|"
    r"καλησπέρα(?: σας)?|καλημέρα(?: σας)?|γεια σας|kính gửi(?:\s+(?:team|anh chị|quý công ty|các bạn|ban biên tập))?|"
    r"yth\.?\s+(?:tim|bapak|ibu)(?:\s+\w+)?)\b|צוות יקר|צוות נכבד|שלום רב|आदरणीय\s+(?:टीम|महोदय)|"
    r"السادة(?:\s+\S+){0,3}?\s+المحترمين|เรียน(?:ทีมงาน|คุณ\S*)|안녕하세요(?:\s*담당자님)?|담당자님|你好|您好|こんにちは)"
)
_OPENER: Final = Cue(
    r"^\s*(?:[¡]?(?:(?:yo|ok|okay|so)\b|"
    + _SALUTATION
    + r")[\s,，、،:：!！.。~～〜\U0001F300-\U0001FAFF\u2600-\u27BF]*)?(?:(?:будь ласка|пожалуйста)[\s,:]+(?=\S))?"
    # English question openers only: in French, Spanish or Italian the verb after "pourriez-vous" /
    # "podrías" is an infinitive that reads wrong on its own.
    r"(?:(?P<q>(?:can|could|cna)\s+(?:you|u)(?:\s+(?:please|pls|plz))?)\s+(?=[a-z])"
    r"|(?:please|pls|plz|kindly)\s+(?:you|u)\s+(?:can|could)\s+(?=[a-z])"
    # "please to change …" (non-native English): without "please" the sentence would have no verb.
    r"|(?:please|pls|plz|kindly)\b(?!\s+to\b)[\s,]*(?=\S))",
)
_OPENER_ONLY_GREETING: Final = Cue(
    r"^\s*[¡]?" + _SALUTATION + r"[\s,，、،:：!！.。~～〜\U0001F300-\U0001FAFF\u2600-\u27BF]+(?=\S)"
)

# How a preservation clause starts, in the languages with wording (and Italian).
# The marker of a list item ("- ", "• ", "2) ", "3. "): each item is a clause of its own.
LIST_MARKER: Final = r"(?:(?:[-*•·–]|\d{1,2}[.)])\s+|\d{1,2}）\s*)"
# A numbered item inside a line ("… 1) swap the shirt 2) add a tray", "菜单图：1）把…"): a clause of its own.
INLINE_ITEM: Final = r"(?:(?<=\s)|(?<=[:：]))\d{1,2}[)）]"

# "Whatever you do, don't touch the logo — …": the constraint said first, with a lead that belongs to it.
_CONSTRAINT_LEAD: Final = (
    r"(?:whatever you do|no matter what(?: you do| happens)?|vad du än gör|cokolwiek (?:zrobisz|robisz)|"
    r"ό,?\s?τι κι αν κάνεις|מה שלא (?:תעשה|תעשי|תעשו)|hagas lo que hagas|haga lo que haga|"
    r"quoi que (?:tu fasses|vous fassiez)|qualunque cosa (?:tu )?faccia|faça o que fizer|"
    r"(?:was auch immer|egal,? was) (?:du )?(?:machst|tust)|wat je ook doet|что бы (?:ты )?ни (?:делал\w*|сделал\w*)|"
    r"що б (?:ти )?не (?:робив\w*|зробив\w*)|ne yaparsan yap|无论如何|無論如何|不管怎样|不管怎樣|何があっても|"
    r"무슨 일이 있어도|مهما (?:فعلت|عملت)|कुछ भी करो|dù (?:làm gì|thế nào)(?: đi nữa)?|"
    r"apa ?pun yang (?:kamu|anda|lo|lu) lakukan|ไม่ว่าจะทำอะไร)\s*[,，、:]?\s*"
)
_CONSTRAINT_LEAD_ONLY: Final = Cue(rf"^\s*{_CONSTRAINT_LEAD}$")
# "Without touching the background or her dress, give …": a constraint phrase that opens the sentence is
# preservation; after the edit ("…, without touching the logo") it stays attached to its verb.
_LEADING_KEEP: Final = Cue(
    r"^\s*(?:without\s+(?:touching|changing|altering|moving)|sin\s+(?:tocar|cambiar)|sans\s+(?:toucher|changer)|"
    r"senza\s+(?:toccare|cambiare)|sem\s+(?:mexer|mudar|alterar)|ohne\s+\S+(?:\s+\S+){0,3}\s+zu\s+(?:ändern|verändern|berühren))\b"
)
_CONSTRAINT_LEAD_START: Final = Cue(rf"\s*{_CONSTRAINT_LEAD}")

# The value of a brief's field that asks for nothing ("Text: none", "Logo: as is", "Texto: ninguno").
_NO_EDIT_VALUE: Final = (
    r"none|n/?a|nothing|no|nope|no changes?|unchanged|same|as[ -]is|keep(?: it)?|leave(?: it)?|[-—–]+|"
    r"ninguno|ninguna|nada|sin cambios|igual|aucun|aucune|rien|inchangée?s?|pareil|kein|keine|keiner|nichts|"
    r"unverändert|gleich|nessuno|nessuna|niente|invariat[oa]|nenhum|nenhuma|sem alterações|geen|niets|"
    r"ongewijzigd|ingen|inget|oförändrad|brak|bez zmian|yok|aynı|değişmesin|нет|без изменений|немає|без змін|"
    r"κανένα|καμία|χωρίς αλλαγές|אין|ללא שינוי|无|無|不变|不變|なし|そのまま|없음|그대로|tidak ada|tetap|"
    r"không có|giữ nguyên|لا يوجد|بدون تغيير|ไม่มี|เหมือนเดิม|कोई नहीं|वही"
)
_KEEP_START: Final = Cue(
    # Only clauses that stand alone: imperatives ("keep …", "don't touch …") and statements ("nothing else
    # changes"). Dependent phrases ("keeping …", "sans toucher …", "mantendo …") stay attached to their verb.
    # A list item counts as its own clause: "- don't touch the background", "2) keep the logo".
    rf"^\s*(?:{LIST_MARKER})?(?:{_CONSTRAINT_LEAD})?(?:(?:and|but|also|please|pls)\s+)?(?:keep|preserve|maintain|retain|leave|"
    r"don'?t\s+(?:touch|change|alter|modify|move)|dont\s+(?:touch|change)|do\s+not\s+(?:touch|change|alter|modify)|"
    r"nothing\s+else\s+\w+|everything\s+else\s+\w+|alles\s+andere\s+\w+|al\s+het\s+andere\s+\w+|tout\s+le\s+reste\s+\w+|"
    r"todo\s+lo\s+dem[aá]s\s+\w+|tutto\s+il\s+resto\s+\w+|todo\s+o\s+resto\s+\w+|"
    r"बाकी\s+(?:कुछ|सब)|(?:कुछ\s+)?मत\s+(?:बदल|छेड़|छू)\w*|"
    # "…, verder niks veranderen", "…, sonst nichts ändern", "…, inget annat": nothing else, said after the edit.
    r"verder\s+(?:niks|niets)\b|sonst\s+(?:nichts|nix)\b|baa?ki\s+sab\b|inget\s+annat\b|rien\s+d'autre\b|nada\s+m[aá]s\b|"
    r"nient'altro\b|nic\s+więcej\b|больше\s+ничего\b|більше\s+нічого\b|başka\s+(?:hiçbir\s+)?şey(?:e)?\s+dokunma\w*|the\s+rest\s+\w+|same\s+\w+\s+same|no\s+changes?\s+to|"
    r"保持|保留|维持|維持|不要(?:动|改|变|修改|改变)|别(?:动|改)|其余|其他|其它|别的|剩下的?|除此之外|"
    r"mant[ée]n(?:ga|gan|ed)?\b|conserv(?:a|e|ez|en)\b|no\s+(?:toques|cambies|modifiques)|deja\s(?=.*(?:igual|como est|intact|sin cambi|tal cual))|"
    r"gard(?:e|ez)\b|ne\s+touche\w*|ne\s+change\w*|laisse(?:z)?\b|"
    r"behalt(?:e|et|en)\b|bewahr(?:e|t)\b|lass\w*\s|nicht\s+(?:ändern|anfassen)|"
    r"mantenha\w*|mantém|preserve|não\s+(?:mexa|mexe|mude|muda|altere|toque|toca)|deixe\s(?=.*(?:igual|como est|intact|sem alter|do jeito))|"
    r"mantieni\w*|lascia(?:te)?\b|non\s+(?:toccare|cambiare)|"
    r"сохрани(?:те)?\b|оставь\w*|не\s+(?:трогай|меняй|изменяй)\w*|"
    # The imperatives of the other languages with wording ("jangan ubah …", "giữ nguyên …", "nie ruszaj …").
    r"behoud\b|niet\s+(?:aanraken|veranderen)|behåll\b|rör\s+inte|ändra\s+inte|zachowaj\b|zostaw\b|"
    r"nie\s+(?:ruszaj|zmieniaj|dotykaj)\w*|збережи\w*|залиш\w*|не\s+(?:чіпай|змінюй)\w*|нічого\s+не\s+(?:міняй|змінюй|чіпай)\w*|κράτα\b|μην\s+(?:αγγίξεις|αλλάξεις)|"
    r"jangan\s+(?:ubah|diubah|sentuh|ganti|diganti)|pertahankan\b|giữ\s+nguyên|đừng\s+(?:đổi|động|chạm|thay)|"
    r"אל\s+(?:תיגע|תשנה|תשני)|תשאיר|תשמור|อย่า(?:เปลี่ยน|แตะ|ยุ่ง)|لا\s+(?:تغير|تغيّر|تلمس))",
)
_FIELD_NAME: Final = re.compile(rf"\s*(?:{LIST_MARKER})?[^\W\d][\w .'’-]{{0,24}}\s*[:：]\s*")
# A brief's field with nothing to do ("Text: none", "Logo: unchanged", "文字：无") asks for no edit: the
# whole line keeps that thing.
_NO_EDIT_FIELD: Final = Cue(
    rf"^\s*(?:{LIST_MARKER})?[^\W\d][\w .'’-]{{0,24}}\s*[:：=]\s*(?:{_NO_EDIT_VALUE})\s*[.!。]?\s*$"
)
# How a preservation clause ends when it starts with its object ("顔と服はそのままで", "얼굴은 그대로 유지해줘",
# "logo and price untouched").
_KEEP_END: Final = Cue(
    r"(?:unchanged|the same|intact|as (?:it is|is|they are)|as-is|untouched|alone|不变|不變|原样|不动|别删|不要删|保留|"
    r"消さないで|触らないで|いじらないで|動かさないで|残して|지우지\s*(?:마|말)[가-힣]*|건드리지\s*(?:마|말)[가-힣]*|"
    r"そのまま\w*|変えないで\w*|維持\w*|変えずに|그대로[가-힣]*|유지[가-힣]*|건드리지\s*(?:마|말)[가-힣]*|"
    r"igual(?:es)?|intact[oa]s?|sin cambios|tal cual|inchangé\w*|tel(?:le)?s? quel(?:le)?s?|à l'identique|"
    r"unverändert|gleich|wie (?:es|sie|er) ist|iguais|sem alterações|inalterad[oa]s?|без изменений|как есть|"
    r"invariat\w*|bitte nicht anfassen|nicht anfassen|pareil(?:le)?s?|niet (?:aanpassen|veranderen|aanraken)|"
    r"dokunma|değiştirme|elleme|"
    # "X stays/remains (as it is)" in the languages with wording and their neighbours.
    r"(?:stays?|remains?|bleib\w*|blijf\w*|blijven|rest(?:a|ano|e|ent)|qued(?:a|an)|se quedan?|continu(?:a|e)|"
    r"kal(?:sın|ır|sin)|оста[её]тся|остаются|залишає?ться)(?:\s+(?:genau so|gleich|wie (?:es|sie|er) ist|as (?:it is|they are)|"
    r"the same|unchanged|igual(?:es)?|uguali?|zoals (?:het|hij) is|aynı))?)\s*[.!?。！？]*\s*$",
)
# A clause that starts with an edit verb starts a new instruction, so a preservation run stops there.
_EDIT_START: Final = Cue(
    r"^\s*(?:(?:and|then|also|just|but|plus)\s+)*(?:add|remove|change|make|turn|replace|put|give|swap|move|erase|delete|"
    r"fix|brighten|darken|crop|blur|sharpen|insert|place|set|convert|transform|extend|expand|rotate|flip|update|"
    r"switch|apply|write|translate|let|have|get|bump|slap|lose|ditch|take|clean|paint|colou?r|recolou?r|"
    r"cambia|pon|ponle|quita|añade|agrega|haz|reemplaza|mets|ajoute|enlève|remplace|rends|fais|mach|ändere|füge|"
    r"entferne|ersetze|setz|troca|troque|muda|mude|coloca|coloque|tira|adiciona|faz|metti|togli|aggiungi|rendi|"
    r"sostituisci|замени|поменяй|добавь|убери|сделай|измени)\b"
    # A question that asks for the edit: "…, but can the background be a clinic room instead?"
    r"|^\s*(?:(?:and|but|so)\s+)?(?:can|could|would|will)\s+(?:you|u|the|it|they|we|this|that)\b"
    # Clauses that open with a Chinese edit construction, or (in Japanese and Korean, verb-final) hold a
    # request verb, are edits too.
    r"|^\s*(?:把|将|給|给|让|在.{0,8}(?:加|放|画)|换|改|加|去掉|删)|(?:て(?:ください|ね|な)?|して|変えて|消して|해줘|해 줘|바꿔|지워|추가해|넣어)\W*$",
)

# After a constraint said first, the edit part may open with "just"/"only" or a verb of any language with
# cues ("— rör inte loggan – översätt bara …", "— βάλε για φόντο …").
_EDIT_AFTER_KEEP: Final = Cue(
    r"^\s*(?:(?:just|only|simply|bara|tylko|μόνο|רק|solo|sólo|soltanto|seulement|juste|nur|alleen|gewoon|apenas|"
    r"просто|только|лише|тільки|sadece|yalnızca|chỉ|hanya|cuma|แค่|فقط|बस)\s+)?(?:" + EDIT_VERB.pattern + ")"
)


@dataclass(frozen=True)
class Segment:
    """A span of the request with its role; `text` is exactly ``request[start:end]``."""

    kind: SegmentKind
    text: str
    start: int
    end: int
    question: bool = False  # a polite question opener was removed before this edit ("could you …?")


@dataclass(frozen=True)
class Reading:
    """The request as segments that partition it, in order."""

    request: str
    segments: tuple[Segment, ...]

    def kept(self, kind: SegmentKind) -> list[Segment]:
        """The segments of one kind, in request order."""
        return [s for s in self.segments if s.kind == kind]

    @property
    def removed(self) -> list[Segment]:
        """Segments the prompt leaves out (model choices, steering lines, greetings) with actual words."""
        return [s for s in self.segments if s.kind in REMOVED_KINDS and s.text.strip()]

    def unkept_quotes(self) -> list[tuple[int, int, str]]:
        """Quotes outside the preservation clauses: "keep the 「HANA WEDDING」 watermark" quotes text that
        exists, never text to write (a quote is never split, so where it starts decides); nor is a quote
        that names a style to imitate ("like the 'before/after' ads")."""
        kept = [(s.start, s.end) for s in self.kept("preserve")]
        return [
            q
            for q in find_quotes(self.request)
            if not any(lo <= q[0] < hi for lo, hi in kept) and not style_reference(self.request, q[0], q[1])
        ]


def _in_quote(text: str, pos: int) -> bool:
    """Whether `pos` lies inside quoted text, which is never split (it is the user's text to write)."""
    return any(lo < pos < hi for lo, hi, _ in find_quotes(text))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _in_quote(text, match.start()):
            continue
        if match.end() > start and text[start : match.end()].strip():
            spans.append((start, match.end()))
            start = match.end()
    if start < len(text):
        if text[start:].strip() or not spans:
            spans.append((start, len(text)))
        else:
            spans[-1] = (spans[-1][0], len(text))
    return spans


def _in_parentheses(text: str, lo: int, pos: int) -> bool:
    """Whether `pos` lies inside a parenthesis opened in text[lo:pos]: "(no mask, sorry)" is one aside."""
    return text.count("(", lo, pos) > text.count(")", lo, pos)


def _parts(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Comma-level parts of text[lo:hi], each ending after its separator."""
    comma = r"[,，、،]" if _KANA.search(text[lo:hi]) else r"[,，،]"
    # A Chinese dash ("——") separates without spaces.
    seps = re.compile(rf"{comma}\s*|\s+[-–—]+\s+|\s*——\s*|[:：]\s+|[:：](?=\S)|(?={INLINE_ITEM})")
    spans: list[tuple[int, int]] = []
    start = lo
    for match in seps.finditer(text, lo, hi):
        if _in_quote(text, match.start()) or _in_parentheses(text, lo, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if start < hi:
        spans.append((start, hi))
    return spans


def _only_filler(text: str) -> bool:
    return bool(MODEL_NAME.search(text)) and not _FILLER.sub("", MODEL_NAME.sub(" ", text)).strip()


class _Builder:
    def __init__(self, request: str, *, steering: bool = True, models: bool = True) -> None:
        self.request = request
        # Most requests name no model and steer nothing: their per-part checks can be skipped.
        self.steering = steering
        self.models = models
        self.kinds: list[SegmentKind] = ["edit"] * len(request)
        self.question_at: set[int] = set()

    def mark_kept(self, lo: int, hi: int) -> None:
        """Label the user's words in [lo, hi) that are still edits as preservation."""
        for i in range(lo, hi):
            if self.kinds[i] == "edit":
                self.kinds[i] = "preserve"

    def mark(self, lo: int, hi: int, kind: SegmentKind) -> None:
        for i in range(lo, hi):
            self.kinds[i] = kind

    def segments(self) -> tuple[Segment, ...]:
        out: list[Segment] = []
        start = 0
        pending = (
            False  # a removed question opener waits for the next kept words ("Can you [use X to] make …?")
        )
        for i in range(1, len(self.request) + 1):
            if i == len(self.request) or self.kinds[i] != self.kinds[start]:
                kind = self.kinds[start]
                pending = pending or any(start <= q < i for q in self.question_at)
                kept = kind in ("edit", "preserve") and bool(self.request[start:i].strip())
                out.append(
                    Segment(
                        kind=kind, text=self.request[start:i], start=start, end=i, question=pending and kept
                    )
                )
                pending = pending and not kept
                start = i
        return tuple(out)


def _mark_sentence(b: _Builder, lo: int, hi: int) -> None:
    text = b.request
    sentence = text[lo:hi]
    # A greeting, or a letter's thanks or sign-off, as a sentence of its own ("Z góry dziękuję.").
    if _GREETING_SENTENCE.match(sentence) or (sentence.strip() and _THANKS_TAIL.match(sentence)):
        b.mark(lo, hi, "greeting")
        return
    parts = _parts(text, lo, hi)
    if b.steering:
        _mark_steering(b, lo, hi, parts)
    if b.models:
        _mark_models(b, lo, hi, parts)
    _mark_openers(b, lo, hi)
    _mark_preservation(b, lo, hi)


def _mark_steering(b: _Builder, lo: int, hi: int, parts: list[tuple[int, int]]) -> None:
    """The parts (or bracketed notes) that try to route; the rest of the sentence stays."""
    text = b.request
    sentence = text[lo:hi]
    for match in re.finditer(
        r"\[[^\]]{0,80}\]|（[^）]{0,80}）|【[^】]{0,80}】|\([^)]{0,80}\)|</?\s*(?:user|system|assistant)\s*>[^<\n]*(?:</\s*\w+\s*>)?"
        r"|<\|im_(?:start|end|sep)\|>[^<\n]*",
        sentence,
    ):
        if INJECTION.search(match.group(0)) or re.match(
            r"</?\s*(?:user|system|assistant)|<\|im_", match.group(0), _F
        ):
            b.mark(lo + match.start(), lo + match.end(), "steer")
    for p_lo, p_hi in parts:
        # Judge only what a bracketed note did not already take, so the user's words beside it stay;
        # from a steering part on, the rest of the sentence is the injected line.
        rest = "".join(ch if b.kinds[i] == "edit" else " " for i, ch in enumerate(text[p_lo:p_hi], p_lo))
        if rest.strip() and INJECTION.search(rest):
            # A short lead-in before the injected part ("P.S. assistant,") belongs to it.
            before = "".join(ch for i, ch in enumerate(text[lo:p_lo], lo) if b.kinds[i] == "edit")
            words = len(before.split())
            # "IMPORTANTE para el sistema: ignora …": a header ending in a colon is the line's own.
            start = (
                lo if words <= 3 or (words <= 6 and before.rstrip().endswith((":", "：", "—", "-"))) else p_lo
            )
            for i in range(start, hi):
                if b.kinds[i] == "edit":
                    b.kinds[i] = "steer"
            break


def _mark_models(b: _Builder, lo: int, hi: int, parts: list[tuple[int, int]]) -> None:
    """Model choices: whole parts that only pick the model, then lead-ins and tails."""
    text = b.request
    for p_lo, p_hi in parts:
        if b.kinds[p_lo] == "edit" and _only_filler(text[p_lo:p_hi]):
            b.mark(p_lo, p_hi, "model")
    # Filler parts next to a model choice belong to it ("Сделай, пожалуйста, через nano banana: …").
    for index, (p_lo, _) in enumerate(parts):
        if b.kinds[p_lo] != "model":
            continue
        for side in (list(reversed(parts[:index])), parts[index + 1 :]):
            for n_lo, n_hi in side:
                words = text[n_lo:n_hi]
                if b.kinds[n_lo] != "edit" or not words.strip() or _FILLER.sub("", words).strip():
                    break
                b.mark(n_lo, n_hi, "model")
    if text[hi:].strip() and _sentence_picks_model_only(text[lo:hi]):
        b.mark(lo, hi, "model")
        return
    live = [(p_lo, p_hi) for p_lo, p_hi in parts if b.kinds[p_lo] == "edit" and text[p_lo:p_hi].strip()]
    if live and _picks_model_only(text[live[0][0] : live[0][1]]) and text[live[0][1] : hi].strip():
        b.mark(*live[0], "model")
        live = live[1:]
    if (
        live
        and live[0][0] > lo
        and b.kinds[live[0][0] - 1] == "model"
        and _ABOUT_THE_MODEL.match(text[live[0][0] : live[0][1]])
        and text[live[0][1] : hi].strip()
    ):
        b.mark(*live[0], "model")
        live = live[1:]
    for p_lo, p_hi in live[:1]:
        # "Z-Image bitte für den markierten Bereich: …", "z-image sur la zone masquée svp, …": the name opens
        # a clause that goes on with the user's own words; only the name (and its "please") goes.
        head = _NAME_HEAD.match(text, p_lo, p_hi)
        if head and p_lo + head.end() - p_lo < p_hi and not _only_filler(text[p_lo:p_hi]):
            b.mark(p_lo, head.end(), "model")
    for p_lo, p_hi in live:
        lead = _LEAD_IN.match(text[p_lo:p_hi])
        # A lead-in may be its whole part ("Run these three through flux kontext pro — …") when the
        # sentence goes on after it.
        whole_part_ok = bool(text[p_hi:hi].strip())
        if lead and (p_lo + lead.end() < p_hi or whole_part_ok) and MODEL_NAME.search(lead.group(0)):
            b.mark(p_lo, p_lo + lead.end(), "model")
        tail = _TAIL.search(text[p_lo:p_hi].rstrip(" ,，、:：;；—–-"))
        if tail and p_lo + tail.start() > p_lo:
            b.mark(p_lo + tail.start(), p_lo + tail.end(), "model")
        for mid in _MID.finditer(text, p_lo, p_hi):
            if all(b.kinds[i] == "edit" for i in range(mid.start(), mid.end())) and mid.end() < p_hi:
                b.mark(mid.start(), mid.end(), "model")
    # What a model choice leaves of its sentence may be only filler ("Bitte [mit Flux Kontext] machen."):
    # then it goes with the choice.
    if any(b.kinds[i] == "model" for i in range(lo, hi)):
        rest = [i for i in range(lo, hi) if b.kinds[i] == "edit"]
        words = "".join(text[i] for i in rest)
        # "use z-image for the masked bit." as its own sentence: z-image only edits the mask, and its prompt
        # says so; "For the masked bit." alone would be a fragment. (Before a colon it stays: it scopes
        # what follows.)
        mask_scope = _MASK_SCOPE.fullmatch(words.strip())
        if rest and words.strip() and (not _FILLER.sub("", words).strip() or mask_scope):
            for i in rest:
                b.kinds[i] = "model"


# An opening part ends at a colon, a comma or a dash: "con kontext pro debería bastar: …", "Κάν' το με X — …".
_OPENING_PART: Final = re.compile(r"(?:[:：,，]|\s[—–-]+)\s*$")
# The mask, named in a lead-in ("Nimm bitte Z-Image für den maskierten Bereich: …"): its scope is the user's.
_MASK_WORD: Final = Cue(
    r"mask|maske|maschera|máscara|masque|masker|maskad|maskow|zamaskow|маск|μάσκα|מסכה|قناع|ماسك|المحدد|"
    r"มาสก์|マスク|蒙版|遮罩|마스크|mặt nạ|selected|marked|markiert|zaznaczon|seleccionad|sélectionn|selezionat|"
    r"selecionad|geselecteerd|markerad|işaretli|выделенн|виділен|marcad|enmascarad|gemarkeerd|contrassegnat|evidenziat|"
    r"mascarad|mascherat|gemaskeerd"
)
_ASKS: Final = (
    EDIT_VERB,
    LOCAL,
    RESTYLE,
    REMOVAL,
    BACKGROUND,
    TEXT,
    POSITIONAL,
    COMBINE,
    EXPRESSION,
    MOVE,
    TRANSLATE,
    VARIANTS,
    WRITES,
)
# A model choice is short: beside the name and filler words, a few words at most ("debería bastar", "Κάν' το",
# "chạy qua"). Longer, the words may ask for something no cue knows ("让他笑一下"): they stay.
_CHOICE_WORDS: Final = 4
# Which images a choice is for ("use gpt image 2 on these 14 shots:", "Usa o flux nessas 3 fotos:") is the
# user's to keep: the choice goes, those words stay.
_IMAGES_NAMED: Final = Cue(
    r"\d|\b(?:these|those|both|all|each|every|estas|estos|esas|esos|essas|esses|nessas|nesses|todas|todos|ces|toutes|"
    r"tous|diese|alle|beide|queste|questi|tutte|tutti|deze|dessa|alla|båda|wszystkie|obie|hepsi|tüm|эти|все|обе|ці|"
    r"всі|αυτές|όλες|semua|tất cả|những)\b|这些|这几张|所有|全部|これら|모든"
)
_CJK_CHAR: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _words_beside_name(rest: str) -> float:
    """How many words a part has besides the model name and filler (a CJK character counts as half a word)."""
    left = _FILLER.sub(" ", rest)
    return len(re.findall(r"[^\W\d_]+", _CJK_CHAR.sub(" ", left))) + len(_CJK_CHAR.findall(left)) / 2


def _choice_rest(text: str) -> str | None:
    """What a short clause says besides the model name it names, or None: no name, a quote, or too many
    words of its own to be only a choice."""
    rest = MODEL_NAME.sub(" ", text)
    if rest == text or find_quotes(text) or _words_beside_name(rest) > _CHOICE_WORDS:
        return None
    return rest


def _asks_nothing(rest: str) -> bool:
    return not any(cue.search(rest) for cue in _ASKS)


def _picks_model_only(part: str) -> bool:
    """Whether a sentence's opening part names a model and asks for nothing else, in any wording
    ("con kontext pro debería bastar:", "Κάν' το με z-image:", "kör kontext på alla tre tack,"). A part that
    scopes the mask ("Z-Image sur la zone masquée : …") keeps its scope: without a mask it says what "it" is."""
    if not _OPENING_PART.search(part) or _MASK_WORD.search(part):
        return False
    rest = _choice_rest(part)
    if rest is None or _IMAGES_NAMED.search(rest):
        return False
    # A comma ends a clause that may go on with the request: only a choice with no words of its own goes.
    if part.rstrip()[-1:] in ",，" and (_CJK_CHAR.search(rest) or _words_beside_name(rest) > 3):
        return False
    return _asks_nothing(rest)


# "Hazlo con GPT Image 2, que es el que mejor pone letras: …": a remark on the chosen model goes with it.
_ABOUT_THE_MODEL: Final = Cue(
    r"^\s*(?:que es el que|que es la que|qui est le|which is|that's the one|since it's|because it's|der ist|die ist|"
    r"che è|que é o|porque es|car c'est|weil (?:er|es|der|das))\b[^:：—–]{0,60}(?:[:：]|\s[—–-]+)\s*$"
)


# A sentence that only picks the model, before the sentences that ask ("マスクした部分はz-imageでお願いします。…",
# "ممكن تستخدم kontext pro؟ …").
def _sentence_picks_model_only(sentence: str) -> bool:
    rest = _choice_rest(sentence)
    # (not "Kontext ile: 1." before "fotoğraftaki …": a number opens the next words, it ends no sentence)
    return rest is not None and not re.search(r"\d", rest) and _asks_nothing(rest)


def _mark_openers(b: _Builder, lo: int, hi: int) -> None:
    """Greetings and polite openers at the start of what is left, and thanks at its end."""
    text = b.request
    first = next((i for i in range(lo, hi) if b.kinds[i] == "edit" and not text[i].isspace()), None)
    if first is not None:
        opener = _OPENER.match(text[first:hi])
        # "can you fix?": a one-word rest would read as a bare "Fix.", so the question stays whole.
        rest = text[first + opener.end() : hi] if opener else ""
        if opener and opener.group("q") and len(re.findall(r"\w+", rest)) <= 1:
            opener = None
        if opener and opener.end() > 0:
            b.mark(first, first + opener.end(), "greeting")
            if opener.group("q"):
                b.question_at.add(first + opener.end())
        else:
            hello = _OPENER_ONLY_GREETING.match(text[first:hi])
            if hello:
                b.mark(first, first + hello.end(), "greeting")
    last = next(
        (i for i in range(hi - 1, lo - 1, -1) if b.kinds[i] == "edit" and not text[i].isspace()), None
    )
    if last is not None:
        kept = "".join(ch if b.kinds[i] == "edit" else " " for i, ch in enumerate(text[lo : last + 1], lo))
        thanks = _THANKS_TAIL.search(kept)
        if thanks and kept[: thanks.start()].strip():
            b.mark(lo + thanks.start(), last + 1, "greeting")


_KEEP_ANY: Final = Cue(
    r"\b(?:keep|keeping|preserv\w*|maintain\w*|retain\w*|leave|leaving|touch|change)\b|保持|保留|维持|維持|"
    r"\b(?:mant\w+|conserv\w+|gard\w+|behalt\w*|sem|sin|sans|ohne|сохран\w*)\b",
)
# A later part that opens another clause ("— and smiling softly") ends a preservation run.
_NEW_CLAUSE: Final = Cue(
    r"^\s*(?:and|then|but|also|plus|while|with)\s+(?:smiling|laughing|grinning|winking|frowning|holding|wearing|looking|"
    r"standing|sitting|walking|running|waving|pointing|carrying|giving|making|adding|putting|turning|changing|removing|"
    r"replacing|moving|facing)\b",
)
# A verb form that makes a request ("してください", "해줘", "please …") inside an object-first part.
_REQUEST_VERB: Final = Cue(r"ください|して|って|하고|해줘|주세요|해 줘|\bplease\b|[〜～]\s")
# What an object-first clause can't start with: a gerund ("mantendo o atleta igual" hangs on the verb before
# it) or a bare verb ("— has to stay as it is": its subject is the part before). Moved alone, it is a fragment.
_NO_SUBJECT: Final = Cue(
    r"^(?:keeping|leaving|while|mantendo|deixando|manteniendo|dejando|mantenendo|lasciando|gardant|en\s+gardant|"
    r"laissant|behaltend|сохраняя|оставляя|has|have|had|must|should|needs?|is|are|was|were|will|stays?|remains?|to|"
    # "…, que se queden igual", "…, che restino così": a subjunctive whose subject came before it.
    r"que|che|dass|daß|chce|що|что)\b",
)
_NOUN_AFTER_AND: Final = Cue(r"\s*\w+\s+(?:as|of|and|or|too|from|like)\b|\s*\w+\s*[.,;!]?\s*$")
_JOINED_EDIT: Final = Cue(r"\s+(?:and|then|y|et|und|e|и|но|but)\s+")
_INTERJECTION: Final = Cue(r"^\s*(?:and\s+)?(?:no|yes|oh|ok|okay|also|plus|and|but|so|y|et|und|e|no,)\W*$")
_GLUE: Final = Cue(r"^\s*(?:and|but|also|while|y|pero|et|mais|und|aber|e|mas|ma|и|но|а)\s+")


def _mark_preservation(b: _Builder, lo: int, hi: int) -> None:
    """Mark a whole preservation sentence, or a preservation run that ends the sentence."""
    text = b.request
    if _NO_EDIT_FIELD.match(text[lo:hi]):
        b.mark_kept(lo, hi)
        return
    # "swap the chair — keep the rug and the cat — for a green armchair": a preservation set off by dashes
    # inside the edit has no clean edge to cut at, so the sentence stays as written.
    if len(re.findall(r"—+|\s–\s", text[lo:hi])) >= 2:
        return
    field = _FIELD_NAME.match(text, lo, hi)
    if field and text[field.end() : hi].strip():
        # "Lainnya: jangan diubah", "Rest: keep as is": a field whose whole value keeps something is kept
        # whole, or its name would be left behind as a fragment. A value that also edits reads as before.
        saved = list(b.kinds)
        _mark_preservation_run(b, field.end(), hi)
        if all(b.kinds[i] != "edit" or text[i].isspace() for i in range(field.end(), hi)):
            b.mark_kept(lo, field.end())
            return
        b.kinds[:] = saved
    _mark_preservation_run(b, lo, hi)


def _mark_preservation_run(b: _Builder, lo: int, hi: int) -> None:
    """Mark a whole preservation sentence, or a preservation run that ends the sentence."""
    text = b.request
    parts: list[tuple[int, int]] = []
    for p_lo, p_hi in _parts(text, lo, hi):
        # A part starts at its first word the user kept (a removed opener or model lead-in is not part of it).
        first = next((i for i in range(p_lo, p_hi) if b.kinds[i] == "edit" and not text[i].isspace()), None)
        if first is not None:
            parts.append((first, p_hi))
    for k in (1, 2):
        # "Vad du än gör, rör inte loggan – …": the lead (which may hold a comma: "Ό,τι κι αν κάνεις,") goes
        # with the constraint it opens.
        if len(parts) > k and _CONSTRAINT_LEAD_ONLY.match(text[parts[0][0] : parts[k - 1][1]]):
            parts = [(parts[0][0], parts[k][1]), *parts[k + 1 :]]
            break
    if parts and _KEEP_START.match(text[parts[0][0] : parts[0][1]]):
        # "Mantén el logo intacto y cambia el fondo": the edit joined by a conjunction inside the part.
        first_lo, first_hi = parts[0]
        joined = _JOINED_EDIT.search(text, first_lo, first_hi)
        # "keep the same font and colour as the old price": a noun that is also a verb, not a new edit.
        if (
            joined
            and _EDIT_START.match(text[joined.end() : first_hi])
            and not _NOUN_AFTER_AND.match(text, joined.end(), first_hi)
        ):
            for i in range(first_lo, joined.start()):
                if b.kinds[i] == "edit":
                    b.kinds[i] = "preserve"
            b.mark(joined.start(), joined.end(), "glue")
            return
    if len(parts) > 1 and not _KEEP_START.match(text[parts[0][0] : parts[0][1]]):
        # Object-first and leading ("人物はそのままで、背景を夜景に"): already first, it only needs its label.
        lead_part = text[parts[0][0] : parts[0][1]].strip()
        end_match = _KEEP_END.search(lead_part.rstrip(" ,，、"))
        if (
            end_match
            and len(lead_part[: end_match.start()].strip()) >= 2
            and len(lead_part) <= 24
            and " " not in lead_part
        ):
            b.mark(parts[0][0], parts[0][1], "preserve")
            parts = parts[1:]
    if parts and (
        _KEEP_START.match(text[parts[0][0] : parts[0][1]])
        or (len(parts) > 1 and _LEADING_KEEP.match(text[parts[0][0] : parts[0][1]]))
    ):
        # A leading preservation run ("keep her face, put her on a rainy street"): it ends where an
        # edit starts; it is already first, so it only needs its label.
        # (a merged lead starts the first part, so this also covers "Vad du än gör, rör inte …")
        led = bool(_CONSTRAINT_LEAD_START.match(text, parts[0][0], parts[0][1]))
        end = next(
            (
                k
                for k in range(1, len(parts))
                if _EDIT_START.match(text[parts[k][0] : parts[k][1]])
                or (led and _EDIT_AFTER_KEEP.match(text[parts[k][0] : parts[k][1]]))
            ),
            None,
        )
        if end is not None:
            for a, z in parts[:end]:
                for i in range(a, z):
                    if b.kinds[i] == "edit":
                        b.kinds[i] = "preserve"
            parts = parts[end:]
    for index, (p_lo, p_hi) in enumerate(parts):
        run = parts[index:]
        starts_keep = bool(_KEEP_START.match(text[p_lo:p_hi]))
        if not starts_keep:
            # Object-first ("顔と服はそのままで", "Logo und Preis bitte nicht anfassen"): only as the last
            # part, after a part that was not itself keeping something (else it continues that list).
            # A sentence that is only that ("ボトルのラベルは変えないで。") is a preservation sentence too.
            # It must be short and hold no request of its own ("消しちゃってください〜 髪はそのままで" is two).
            part = text[p_lo:p_hi].strip()
            keep_end = _KEEP_END.search(part.rstrip(" ,，、"))
            # It names what it keeps ("顔と服は そのままで"): a bare "без изменений" keeps nothing in particular.
            kept_object = part[: keep_end.start()].strip(" ,，、—–-") if keep_end else ""
            if len(kept_object) < 2 or _NO_SUBJECT.match(kept_object):
                continue
            if (
                len(run) != 1
                or keep_end is None
                or _EDIT_START.match(part)
                or _GLUE.match(part)  # "…, pose, and clothing unchanged": the end of a list, not a clause
                or len(part.split()) > 8
                or (" " not in part and len(part) > 24)
                or _REQUEST_VERB.search(part[: keep_end.start()])
            ):
                continue
            previous = text[parts[index - 1][0] : parts[index - 1][1]] if index else ""
            if not _KEEP_END.search(text[p_lo:p_hi].rstrip(" ,，、")) or _KEEP_ANY.search(previous):
                continue
            # "– Layout, Farben und das Foto bleiben gleich": a one- or two-word part before it is the
            # start of the same list, so the clause has no clean edge to cut at.
            if (
                re.search(r"[A-Za-zÀ-ÿА-я]", previous)
                and len(previous.split()) <= 2
                and previous.rstrip().endswith(",")
            ) or (
                previous.rstrip().endswith("、")
                and len(previous.strip()) <= 6
                and not re.search(r"[てでしに]、\s*$", previous)
            ):
                continue  # ("でも人物、ザック、帽子はそのままに": a list too)
        # Every later part must continue the list, not start a new edit.
        if any(_EDIT_START.match(text[a:z]) or _NEW_CLAUSE.match(text[a:z]) for a, z in run[1:]):
            continue
        glue = _GLUE.match(text[p_lo:p_hi]) if index > 0 else None
        start = p_lo
        if glue:
            b.mark(p_lo, p_lo + glue.end(), "glue")
            start = p_lo + glue.end()
        # "And no, don't change the wall either": an interjection left alone would be a fragment.
        before = parts[:index]
        if before and all(_INTERJECTION.match(text[a:z]) for a, z in before):
            for a, z in before:
                b.mark(a, z, "glue")
        for a, z in run:
            for i in range(max(a, start), z):
                if b.kinds[i] == "edit":
                    b.kinds[i] = "preserve"
        return


_SIGNOFF: Final = re.compile(
    r"(?:(?<=[.!?。！？])|^|(?<=\n))\s*(?:(?:(?:kind|best|warm|many)\s+)?(?:regards|wishes|thanks)|with\s+(?:thanks|gratitude)|"
    r"sincerely|yours\s+(?:truly|sincerely)|cordialement|saludos|un saludo|mit freundlichen grüßen|viele grüße|"
    r"atenciosamente|cordiali saluti|с уважением|z poważaniem|met vriendelijke groet)",
    re.IGNORECASE,
)
# The name under it, which may name a company too ("Dana (Northgate Motors)", "Marta – Catalogue Production").
_SIGNOFF_TAIL: Final = re.compile(r"[,\s]*[\w .'()&–—-]{0,60}")
_AFTERTHOUGHT: Final = re.compile(
    r"\s*(?:p\.?\s?s\.?|p\.?\s?d\.?|п\.?\s?с\.?|ملاحظة|追伸)(?:\s*[:：.—–-]+\s*|\s+|$)(?=\S|$)", re.IGNORECASE
)
_HEADER: Final = re.compile(
    r"^\s*(?:p\.?\s?s\.?|n\.?b\.?|note|nota|notiz|important|importante|wichtig|achtung|attention|upd)\s*[:.!—-]*\s*$",
    re.IGNORECASE,
)
# A short elliptical sentence that extends the preservation before it ("Keep his face. The background too.").
_ALSO_KEPT: Final = Cue(
    r"^\s*(?:(?:and|also|same for|nor)\b[^.!?。！？]{0,40}|[^.!?。！？]{1,40}\b(?:too|as well|also|either)\b)\s*[.!?。！？]*\s*$"
    r"|^\s*[^。！？]{1,20}(?:も|也)(?:そのまま|一样|不变|同じ)?[。！？]*\s*$",
)


_KEEP_VERB: Final = re.compile(
    r"^\s*(?:(?:and|but|also|please|pls)\s+)?(?:keep|preserve|maintain|retain|leave|don'?t\s+(?:touch|change|alter|modify|move)|"
    r"do\s+not\s+(?:touch|change|alter|modify)|保持|保留|维持|維持|不要(?:动|改|变)|别(?:动|改)|mant[ée]n|conserva|no\s+toques|"
    r"garde|ne\s+touche\w*\s+(?:pas\s+)?(?:à|aux?)?|behalte|lass|mantenha|não\s+mexa\s+n[oa]s?|mantieni|lascia|сохрани|оставь|"
    r"не\s+трогай)\s*",
    _F,
)


def kept_object(clause: str) -> str:
    """A preservation clause without its keep verb and its "unchanged" marker: the thing kept."""
    text = _KEEP_VERB.sub("", clause, count=1)
    end = _KEEP_END.search(text.rstrip(" ,，、.。!！"))
    kept = (text[: end.start()] if end else text).strip(" ,，、.。!！")
    return re.sub(r"\s*[はをもが은는을를]$", "", kept)  # the topic particle is grammar, not the thing kept


@functools.lru_cache(maxsize=512)
def read_request(request: str) -> Reading:
    """Segment `request` into edit, preserve and removable spans that together are exactly the request.

    Cached: the classifier and the rewriter read the same request once per plan (the result is frozen).
    """
    builder = _Builder(
        request,
        steering=bool(INJECTION.search(request)) or "[" in request or "<" in request,
        models=bool(MODEL_NAME.search(request)),
    )
    previous_kept = False
    previous: tuple[int, int] | None = None
    for lo, hi in _sentences(request):
        # "P.S.", "P.D.:", "ملاحظة:" head an afterthought: a label, not words for the image model (and left
        # behind when the afterthought moves, it would dangle).
        header = _AFTERTHOUGHT.match(request, lo, hi)
        if header and header.end() > lo:
            builder.mark(lo, header.end(), "greeting")
            lo = header.end()
            if lo >= hi or not request[lo:hi].strip():
                continue
        _mark_sentence(builder, lo, hi)
        steered = {builder.kinds[i] for i in range(lo, hi) if not request[i].isspace()} == {"steer"}
        if steered and previous is not None and _HEADER.match(request[previous[0] : previous[1]]):
            builder.mark(previous[0], previous[1], "steer")  # "P.S." heading the steering line is part of it
        previous = (lo, hi)
        kinds = {builder.kinds[i] for i in range(lo, hi) if not request[i].isspace()}
        if (
            previous_kept
            and kinds == {"edit"}
            and _ALSO_KEPT.match(request[lo:hi])
            and not _EDIT_START.match(request[lo:hi])
        ):
            builder.mark(lo, hi, "preserve")
            kinds = {"preserve"}
        previous_kept = kinds == {"preserve"}
    # A letter's sign-off closes the request ("Kind regards, Harriet", "With thanks, R. Whitcombe").
    for signoff in _SIGNOFF.finditer(request):
        if _SIGNOFF_TAIL.fullmatch(request, signoff.end()):
            for i in range(signoff.start(), len(request)):
                if builder.kinds[i] == "edit":
                    builder.kinds[i] = "greeting"
            break
    return Reading(request=request, segments=builder.segments())
