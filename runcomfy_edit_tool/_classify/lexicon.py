"""Multilingual cue patterns the offline classifier looks for, as data.

One regex alternation per signal, covering en, zh, ja, ko, es, fr, de, pt and ru (plus a little it).
Every request is searched with every language's cues: mixed-language requests ("把 background 换成海边")
are common, and a cue of one language rarely appears by accident in another.
Quoted text is blanked out before matching, so words inside quotes never count as instructions.
"""

from __future__ import annotations

import re
from typing import Final

from .._cues import Cue
from .._intent import Script
from .._mentions import MODEL_NAME

# Python's \b sees CJK and kana as word characters, so "用flux" would hide "flux" from a plain \b.
# Cue patterns run on text passed through `space_scripts` (a space between a CJK run and a Latin run),
# which keeps their plain, fast \b.
_SCRIPT_SEAM: Final = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
)


def space_scripts(text: str) -> str:
    """Put a space where a CJK run meets a Latin run, so plain word boundaries work."""
    return _SCRIPT_SEAM.sub(" ", text)


def _compile(*parts: str) -> Cue:
    return Cue("|".join(f"(?:{p})" for p in parts))


_COLOURS_EN: Final = (
    r"red|blue|green|yellow|black|white|pink|purple|orange|golden|gold|silver|brown|beige|navy|teal|grey|gray"
    r"|turquoise|maroon|burgundy|cream|lavender|mint|coral|olive|khaki|crimson|emerald|violet"
)
_IMAGE_NOUN_EN: Final = r"image|img|photo|picture|pic|shot|frame|reference|ref"

# Explicit numbered references to input images: the number is captured in the named group `n`.
IMAGE_REF: Final = _compile(
    rf"\b(?:{_IMAGE_NOUN_EN})s?\s*(?:#|no\.?\s*)?(?P<n>\d{{1,2}})\b",
    r"#(?P<n2>\d{1,2})\b",
    r"图片?\s*(?P<n3>\d{1,2}|[一二三四五六七八九十])",
    r"第\s*(?P<n4>\d{1,2}|[一二三四五六七八九十])\s*(?:张|幅|个|枚)",
    r"(?P<n5>\d{1,2})\s*枚目",
    r"画像\s*(?P<n6>\d{1,2})",
    r"(?:이미지|사진|그림)\s*(?P<n7>\d{1,2})(?!\s*장)",
    r"(?:^|[,;，；]\s*)(?P<n11>\d{1,2})\s*[=:]\s*(?:the|our|my|a|an)?\s*[a-z]",
    r"(?P<n8>\d{1,2})\s*번(?:째)?\s*(?:이미지|사진|그림)?",
    r"\b(?:imagen|imagem|foto|image|bild|fotografía|immagine)\s*(?:n[º°o]\.?\s*)?(?P<n9>\d{1,2})\b",
    r"(?:изображени[еяию]|фото|картинк[аеиу]|снимк?[аеу]?)\s*(?:№\s*)?(?P<n10>\d{1,2})\b",
    r"(?:foto|immagine|resim|görsel|fotoğraf\w*|ảnh|hình|gambar|зображенн\w*|afbeelding|zdjęci\w*|bild(?:en)?|صورة|الصورة|तस्वीर|फोटो|चित्र)\s*(?:số\s*|nomor\s*|no\.?\s*|#)?(?P<n12>\d{1,2})(?!\d)",
    r"(?<!\d)(?P<n13>\d{1,2})\.\s*(?:fotoğraf\w*|resim\w*|görsel\w*|foto\w*|bild\w*)",
    r"(?:φωτογραφία|εικόνα|תמונה)\s*(?P<n14>\d{1,2})",
    # "Zdjęcie 1 to nasz naszyjnik, 2 to aksamitna poduszka, 3 to światło": later items by number alone.
    r"[,;]\s*(?P<n15>\d{1,2})\s+(?:to|=|es|est|ist|è|é|är|is|это|це)\s+(?!\d|two|three|four|five|dwa|trzy|cztery)",
)

# Ordinal references ("the second photo", "2枚目" is numeric above): ordinal word → index.
ORDINALS: Final[dict[str, int]] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "last": -1,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "최초": 1,
    "첫": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "마지막": -1,
    "primera": 1,
    "primer": 1,
    "segunda": 2,
    "segundo": 2,
    "tercera": 3,
    "tercero": 3,
    "última": -1,
    "première": 1,
    "premier": 1,
    "deuxième": 2,
    "seconde": 2,
    "troisième": 3,
    "dernière": -1,
    "erste": 1,
    "ersten": 1,
    "erstes": 1,
    "zweite": 2,
    "zweiten": 2,
    "zweites": 2,
    "dritte": 3,
    "dritten": 3,
    "letzte": -1,
    "letzten": -1,
    "primeira": 1,
    "primeiro": 1,
    "terceira": 3,
    "terceiro": 3,
    "первое": 1,
    "первого": 1,
    "первом": 1,
    "первой": 1,
    "первая": 1,
    "второе": 2,
    "второго": 2,
    "втором": 2,
    "второй": 2,
    "вторая": 2,
    "третье": 3,
    "третьего": 3,
    "третьем": 3,
    "последнее": -1,
    "последнего": -1,
    "最初": 1,
    "prima": 1,
    "seconda": 2,
    "terza": 3,
    "ultima": -1,
    "पहली": 1,
    "दूसरी": 2,
    "तीसरी": 3,
    "आखिरी": -1,
    "الأولى": 1,
    "الثانية": 2,
    "الثالثة": 3,
    "الأخيرة": -1,
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "pertama": 1,
    "kedua": 2,
    "ketiga": 3,
    "terakhir": -1,
    "första": 1,
    "andra": 2,
    "tredje": 3,
    "sista": -1,
    "eerste": 1,
    "ilk": 1,
    "ilki": 1,
    "ikincisi": 2,
    "üçüncüsü": 3,
    "dördüncüsü": 4,
    "הראשונה": 1,
    "השנייה": 2,
    "השניה": 2,
    "השלישית": 3,
    "pierwszym": 1,
    "drugim": 2,
    "trzecim": 3,
    "birinci": 1,
    "ikinci": 2,
    "üçüncü": 3,
    "tweede": 2,
    "derde": 3,
    "laatste": -1,
    "最後": -1,
    "最后": -1,
    "แรก": 1,
    "หนึ่ง": 1,
    "สอง": 2,
    "สาม": 3,
    "สุดท้าย": -1,
    "đầu tiên": 1,
    "đầu": 1,
    "sau": 2,
    "前面": 1,
    "后面": -1,
    "後面": -1,
    "cuối": -1,
    "første": 1,
}
# Inflected ordinals (Russian cases) matched by stem.
ORDINAL_PREFIXES: Final[tuple[tuple[str, int], ...]] = (
    ("перв", 1),
    ("втор", 2),
    ("трет", 3),
    ("последн", -1),
    ("перш", 1),
    ("друг", 2),
    ("останн", -1),
    ("pierwsz", 1),
    ("πρώτ", 1),
    ("δεύτερ", 2),
    ("τρίτ", 3),
    ("drug", 2),
    ("trzec", 3),
)
ORDINAL_REF: Final = _compile(
    rf"\b(?:the\s+)?(?P<o1>first|second|third|fourth|fifth|last)\s+(?:one|{_IMAGE_NOUN_EN})s?\b",
    r"(?P<o2>첫|두|세|네|마지막)\s*번째\s*(?:이미지|사진|그림|것|거|건|게)",
    r"\b(?:la|el)\s+(?P<o3>primera|primer|segunda|segundo|tercera|tercero|última)\s+(?:imagen|foto)\b",
    r"\b(?:la|le)\s+(?P<o4>première|premier|deuxième|seconde|troisième|dernière)\s+(?:image|photo)\b",
    r"\b(?:das|dem|des|im|vom)\s+(?P<o5>erste|ersten|erstes|zweite|zweiten|zweites|dritte|dritten|letzte|letzten)\s+(?:bild|foto)",
    r"\b(?:a|o|na|no|da|do)\s+(?P<o6>primeira|primeiro|segunda|segundo|terceira|terceiro)\s+(?:imagem|foto)\b",
    r"(?P<o7>перв\w+|втор\w+|трет\w+|последн\w+)\s+(?:фото|фотк\w+|изображени\w+|картинк\w+|снимк\w+)",
    r"(?P<o8>最初|最後)の(?:画像|写真)",
    r"(?P<o9>最后)一张",
    r"\b(?:la|nella|della|dalla|sulla|alla)\s+(?P<o10>prima|seconda|terza|ultima)\b",
    r"(?P<o11>перш\w+|друг\w+|трет\w+|останн\w+)\s+(?:фото|фотц\w+|фотк\w+|зображенн\w+|картинк\w+)",
    r"(?P<o12>पहली|दूसरी|तीसरी|आखिरी)\s+(?:फोटो|तस्वीर|इमेज)",
    r"الصورة\s+(?P<o13>الأولى|الثانية|الثالثة|الأخيرة)",
    r"ảnh\s+(?:thứ\s+)?(?P<o14>nhất|hai|ba)\b",
    # "İlki dükkân, ikincisi tabela": Turkish ordinals as nouns; "η 1η φωτογραφία", "της 2ης".
    r"\b(?P<o48>ilki|ikincisi|üçüncüsü|dördüncüsü)\b|(?P<o49>\d)(?:η|ης|ο|ου)\s+(?:φωτογραφ\w*|εικόν\w*)|της\s+(?P<o50>\d)ης\b",
    r"(?:foto|gambar)\s+(?P<o15>pertama|kedua|ketiga|terakhir)\b",
    r"(?P<o16>första|andra|tredje|sista)\s+(?:bilden|fotot)",
    r"\b(?:de|het)\s+(?P<o17>eerste|tweede|derde|laatste)\s+(?:foto|afbeelding|plaatje)",
    r"(?P<o18>pierwsz\w+|drugi\w*|trzeci\w*)\s+(?:zdjęci\w+|obraz\w*)",
    r"(?P<o19>πρώτη|πρώτης|δεύτερη|δεύτερης|τρίτη|τρίτης)\b",
    r"\b(?:a|o)\s+(?P<o20>primeira|primeiro|segunda|segundo|terceira|terceiro)\s+(?:é|e|tem|mostra|traz)\b",
    r"\b(?P<o21>ilk|birinci|ikinci|üçüncü)(?:\w*\s+(?:fotoğraf|resim|görsel|foto)\w*|inde\w*|ndeki)",
    r"\bna\s+(?P<o22>pierwszym|drugim|trzecim)\b",
    r"\b(?:essa|esta|a|o)\s+(?P<o23>primeira|primeiro|segunda|segundo)\s+(?:é|e)\b",
    r"(?P<o24>הראשונה|השנייה|השניה|השלישית)",
    r"(?P<o25>一|二|三)枚目",
    # The ordinal alone, where its noun is understood ("op de eerste sta ik, op de tweede …",
    # "на первой фотке …, на второй — …"): only with a preposition that places something in an image.
    r"\bop\s+de\s+(?P<o26>eerste|tweede|derde|laatste)\b",
    r"(?:^|\s)на\s+(?P<o27>перв\w+|втор\w+|треть\w+|последн\w+)(?:\s+(?:фот\w*|снимк\w*|картин\w*|кадр\w*))?",
    r"(?:รูป|ภาพ)(?:ที่)?\s*(?P<o28>แรก|หนึ่ง|สอง|สาม|สุดท้าย)",
    r"\ben\s+la\s+(?P<o29>primera|segunda|tercera|última)\b(?!\s+(?:vez|fila|línea|parte|capa|mitad))",
    r"\bsur\s+la\s+(?P<o30>première|deuxième|seconde|troisième|dernière)\b(?!\s+(?:fois|ligne|partie|moitié))",
    r"\bauf\s+dem\s+(?P<o31>ersten|zweiten|dritten|letzten)\b",
    r"\bna\s+(?P<o32>primeira|segunda|terceira|última)\b(?!\s+(?:vez|linha|parte|metade))",
    r"\b(?:in|on)\s+the\s+(?P<o33>first|second|third|last)\b(?=\s*(?:[,:;—–-]|one\b|i\b|i'm\b|we\b|there\b|you\b|is\b|it'?s\b|has\b|shows\b))",
    r"\bthe\s+(?P<o34>first|second|third|last)\s+(?:is|has|shows)\b",
    r"\b(?:la|el)\s+(?P<o40>primera|primer|segunda|segundo|tercera|última)\s+(?:es|son|tiene|muestra|sale)\b",
    r"(?P<o41>前面|后面|後面)(?:那张|这张|的那张|的图|那幅)|(?:图|圖)(?:放在)?(?P<o42>前面)",
    r"(?P<o43>पहली|दूसरी|तीसरी|आखिरी)\s+(?:फ़ोटो|तस्वीर|इमेज|फोटो)",
    r"(?:foto|gambar)\s+(?:yang\s+)?(?P<o44>pertama|kedua)",
    r"\byang\s+(?P<o45>pertama|kedua|ketiga)\b",
    r"\b(?:la|le)\s+(?P<o46>première|premier|deuxième|seconde|troisième|dernière)\s*(?:,|:|c'est\b|est\b|montre\b)",
    r"(?P<o35>첫|두|세)\s*번째(?:는|엔|에는|에선|에서는)",
    r"(?:ảnh|hình)\s+(?P<o36>đầu tiên|cuối)",
    # "Ảnh đầu là mẹ mình, ảnh sau là cổng chùa": the first and the next one, when a role follows.
    r"(?:ảnh|hình)\s+(?P<o47>đầu|sau)(?=\s+(?:là|thì)\b)",
    r"\bna\s+(?P<o37>pierwszej|drugiej|trzeciej)\b",
    r"(?:på|i)\s+(?:den|det)\s+(?P<o38>första|sista)\b",
    # "a 1 é o logo …, as outras são as capas": a Portuguese number that states a role.
    # (with "é" only: its required literal keeps the whole table's prefilter selective)
    r"\b(?:a|o)\s+(?P<o53>\d{1,2})\s+é\b",
    # "1 = our phone case, 2 = the flatlay": a number set equal to what its image shows.
    r"(?:^|(?<=[\s:;,(]))(?P<o52>\d{1,2})\s*=\s*(?=\S)",
    # "Eerste foto is het boeket, tweede is onze etalage": a Dutch ordinal that states a role.
    r"\b(?:(?:de|het)\s+)?(?P<o51>eerste|tweede|derde|laatste)(?:\s+(?:foto|afbeelding|plaatje))?(?:\s+(?:is|toont|heeft)\b|\s*:)",
    r"\b(?:i|på)\s+(?P<o39>første)\b",
)

BATCH: Final = _compile(
    r"\b(?:each|every|both)\b",
    r"\ball\s+(?:of\s+)?(?:these|those|the|my|our|them|\d+|photos|images|pictures|shots|products|items|skus)\b",
    r"\b(?:skus?|catalog(?:ue)?|gallery|lookbook|product line|listing photos|batch|in bulk|whole set|the set|"
    r"this set|series|collection)\b",
    r"\b(?:consistent|consistently|uniform|matching|same\s+(?:edit|style|look|treatment|background|way|"
    r"grade|filter|lighting|colou?r)|alike|a/b)\b",
    r"所有|每张|每一张|全部|这些图|这几张|批量|统一|一致|这组|整组|系列|各张|都换|都改|都加|都去",
    r"すべて|全て|全部|各画像|それぞれ|一括|統一|揃え|まとめて|全商品|どの画像も|同じ(?:ように|加工|背景|トーン)",
    r"(?:^|\s)다\s|모든|모두|전부|각각|각 (?:사진|이미지)|일괄|통일|똑같이|동일하게|다 (?:바꿔|지워|넣어)",
    r"\b(?:todas|todos|cada|mismo estilo|mismo fondo|misma|coherentes?|uniformes?|lote|serie|catálogo)\b",
    r"\b(?:toutes|tous|chaque|même style|même fond|cohérent\w*|uniforme\w*|lot|série|catalogue)\b",
    r"\b(?:alle|allen|jedes|jede|jedem|einheitlich\w*|gleiche\w*\s+(?:stil|look|hintergrund)|serie|katalog)\b",
    r"\b(?:todas|todos|cada|mesmo estilo|mesmo fundo|consistentes?|uniformes?|lote|série|catálogo)\b",
    r"(?:все|всех|всем|каждо\w+|кажд\w+|одинаков\w+|единообразн\w+|сери\w+|каталог\w*)",
)

# "the first is our logo stamp, the rest are menu shots": one image named and the others set apart by
# it, so the images have distinct roles (composition), even when the edit then applies to "each".
# Images told apart by what they show ("in the other shot", "la foto col manichino", "aus dem anderen
# Bild"): with two or more inputs, they have distinct roles (composition).
OTHER_IMAGE: Final = _compile(
    r"\b(?:in|from|into|onto|to|on|of)\s+the\s+other\s+(?:one|shot|photo|image|pic|picture)\b|"
    r"\b(?:the|a)\s+(?:photo|pic|picture|shot|image)\s+(?:with|of)\s+the\b",
    r"\b(?:nell|dall|dell|sull|all)'altra\s+(?:foto|immagine)\b|\bdella\s+foto\s+(?:col|con|del|della)\b",
    r"\b(?:aus|in|auf|von)\s+dem\s+anderen\s+(?:bild|foto)\b|\bdem\s+anderen\s+(?:bild|foto)\b",
    r"\b(?:de|dans|sur)\s+l'autre\s+(?:image|photo)\b|\bla\s+photo\s+(?:avec|du|de la)\b",
    r"\b(?:en|de|a)\s+la\s+otra\s+(?:foto|imagen)\b|\bde\s+la\s+foto\s+(?:del|de la|con)\b",
    r"\b(?:n|d)a\s+outra\s+(?:foto|imagem)\b|\ba\s+foto\s+(?:do|da|com)\b",
    r"\b(?:op|in|uit)\s+de\s+andere\s+(?:foto|afbeelding)\b",
)

THE_REST: Final = _compile(
    r"\b(?:the\s+(?:rest|others|other\s+(?:ones|images|photos|pictures|shots|\d+))|(?:all\s+)?the\s+remaining|"
    r"el resto|los demás|las demás|les autres|le reste|die anderen|der rest|die restlichen|gli altri|le altre|il resto|"
    r"os outros|as outras|o resto|de rest|de andere|de overige|resten|övriga|pozostałe|reszta|diğerleri|"
    r"τα υπόλοιπα|οι υπόλοιπες|sisanya|lainnya|còn lại)\b|остальн\w+|решта|решту|інші|השאר|האחרות|其余|其他几张|剩下|残り|他の写真|나머지|बाकी|الباقي|البقية|ที่เหลือ",
)

COMBINE: Final = _compile(
    r"\b(?:combine|merge|composite|blend\s+(?:them|these|the two)|mash\s*up|fuse|collage|swap\s+(?:the\s+)?"
    r"(?:face|head|outfit|clothes))\b",
    r"\b(?:put|place|insert|add|drop|paste|transfer|move)\b[^.;]{0,60}\b(?:from|(?<!pair )(?<!couple )(?<!bit )(?<!lot )(?<!kind )(?<!set )(?<!sort )(?<!piece )(?<!bunch )(?<!pile )(?<!stack )(?<!cup )(?<!glass )(?<!vase )(?<!bowl )(?<!bouquet )(?<!box )(?<!bottle )(?<!jar )(?<!plate )(?<!basket )(?<!bag )(?<!tray )of)\b[^.;]{0,40}\b"
    r"(?:into|onto|in|on|to)\b",
    r"\b(?:use|take|apply|borrow|match|copy)\b[^.;]{0,40}\b(?:from|of|in)\s+(?:the\s+)?(?:other|second|first|"
    r"third|last|another)\b",
    r"\b(?:palette|colou?r scheme|lighting|style|pose|outfit|face|background|scene|room|setting)\s+"
    r"(?:from|of)\s+(?:the\s+)?(?:other|second|first|third|last)\b",
    r"合成|融合|结合|拼在一起|放进|放到.{0,10}(?:里|中|上)|换到.{0,10}(?:里|中)|用.{0,10}的(?:背景|风格|配色|光线)",
    r"合成|組み合わせ|はめ込|入れて|置いて|の(?:背景|スタイル|配色|ライティング)で",
    r"합성|합쳐|합치|넣어|배치해|의 (?:배경|스타일|색감|조명)",
    r"\b(?:combina|fusiona|une\s+(?:las|los|ambas|ambos|estas|estos|esas|esos)|junta|mezcla|pon\w*\s+.{0,40}\s+de\s+.{0,30}\s+en)\b",
    r"\b(?:combine|fusionne|assemble|mets\s+.{0,40}\s+de\s+.{0,30}\s+dans|intègre)\b",
    r"\b(?:kombinier\w*|vereinig\w*|montier\w*|füg\w*\s+.{0,40}\s+(?:aus|von)\s+.{0,30}\s+(?:in|ein))\b",
    r"\b(?:combin\w+|junt\w+|mescl\w+|coloque\s+.{0,40}\s+d[aoe]\s+.{0,30}\s+n[ao])\b",
    r"(?:объедин\w+|совмест\w+|совмещ\w+|скомбинир\w+|перенес\w+|встав\w+)",
    # "ghép mẹ đứng trước cổng chùa", "birleştir", "połącz": putting images together, in the other languages.
    r"\b(?:ghép|gabung\w*|birleştir\w*|połącz\w*|kombinera\w*|slå ihop|sätt ihop|combineer\w*|samenvoeg\w*)\b|"
    r"συνδύασ\w*|об['’]єдна\w*|поєдна\w*|скомбіну\w*|ادمج|دمج|תשלב|לשלב|תמזג",
)

TEXT: Final = _compile(
    # (a game's "title screen" is a screen, not text)
    r"\b(?:text|texts|headline|headlines|heading|title(?![\s-]+screens?\b)|subtitle|caption|captions|tagline|slogan|wording|lettering|"
    r"typo|typos|spelling|misspel\w*|signage|sign|signs|font|translate|translated|translation|locali[sz]e\w*|"
    r"literówk\w*|napis\w*|"
    r"ad copy|copy text|cta text|button text|banner text|inscription|writing|written|says|reads)\b",
    r"\b(?:say|read|write|spell)\s*[:\"“'‘]",
    r"文字|文案|标题|副标题|字样|标语|口号|招牌|字幕|翻译|译成|译为|错别字|写上|写着|印着|字体|价格|价签|标价|售价|改成(?:英文|日文|中文|韩文|法文|德文|西班牙文)|日文|英文版|中文版|日语版|韩文版",
    r"文字|テキスト|見出し|タイトル|キャッチコピー|コピー|看板|表記|翻訳|誤字|書き換え|と書|テロップ|日本語|英語版|中国語",
    r"문구|글자|텍스트|제목|타이틀|간판|번역|카피|오타|자막|표기|라고\s*(?:써|적|바꿔)|영문|영어\s*버전|일본어|중국어",
    r"\b(?:texto|título|titular|letrero|eslogan|rótulo|traduc\w+|leyenda|subtítulo|errata|que\s+diga|pone\s*[:\"“'‘]|dice\s*[:\"“'‘]|"
    r"que\s+ponga|tipografía)\b",
    r"\b(?:texte|titre|slogan|panneau|enseigne|tradui\w+|traduction|légende|sous-titre|faute|inscription|"
    r"qui\s+dit|écrit\w*|banderole)\b|\b(?:dit|dire|indique|affiche)\s*[«\"“']",
    r"\b(?:text|texte|überschrift|schriftzug|titel|slogan|claim|schild|übersetz\w+|beschriftung|untertitel|"
    r"tippfehler|aufschrift)\b",
    r"\b(?:texto|título|letreiro|slogan|traduz\w+|tradução|legenda|placa|chamada|escrito|que\s+diga)\b",
    r"(?:текст\w*|надпис\w+|заголов\w+|вывеск\w+|слоган\w*|перевед\w+|перевод\w*|подпис\w+|опечатк\w+)",
    r"عنوان|العنوان|النص|لافتة|شعار|ترجم",
    r"लिख|शीर्षक|टेक्स्ट|अक्षर|अनुवाद",
    r"\b(?:titolo|scritta|scritto|scritte|testo|traduci|scriv\w*|spruch\w*)\b",
    r"\b(?:tekst\w*|napis\w*|hasło|hasła|tytuł\w*|podpis\w*|rubrik\w*|skylt\w*|opschrift|slogan\w*|başlık\w*|yazı\w*|"
    r"κείμενο\w*|σλόγκαν|τίτλο\w*|λεζάντα|tulisan\w*|teks|judul|chữ|dòng chữ|tiêu đề|khẩu hiệu)\b|"
    r"טקסט|כיתוב|כותרת|סלוגן|ข้อความ|ตัวหนังสือ|หัวข้อ|напис\w*|текст\w*|гасло",
    r"\b(?:priset|pris|prijs|preis|prix|precio|preço|prezzo|cen[aęy]|fiyat\w*|цін\w+|цен\w+|τιμή|harga|giá)\b"
    r"(?=[^.;]{0,40}\d)|(?:מחיר|कीमत|السعر|ราคา|价格|価格|가격)(?=[^.;]{0,40}\d)",
    # "Write …" in each language, and a price with its amount (a price is printed text): rule 6.
    r"\b(?:escrev\w+|escrib\w+|écri(?:s|vez|re|vons)|schreib\w*|schrijf|skriv(?!bord)\w*|napisz\w*|yaz(?:sın|ın|ar mısın|abilir misin)|"
    r"tulis\w*|ghi\s+(?:chữ|dòng|là)|γράψ\w+|price\w*(?=[^.;]{0,40}(?:\d|[$€£¥₹])))\b|напиш\w*|כתוב|שכתוב|תכתוב|תרשום|"
    r"כיתוב\w*|טקסט|תרגם|תתרגם|לתרגם|اكتب|เขียน|लिखो|लिख दो",
    r"\b(?:say|read)\s+['\"“‘«]",
    # An amount of money as the new value ("change it to $8,450", "auf 12,90 €"): printed text.
    r"\b(?:to|into|auf|à|a|para|naar|till|на|do|için)\s+(?:[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:[$€£¥₹₺₽]|zł|kr|tl|eur|usd)(?!\w))",
    r"\b(?:should|to|will|must|it'?ll|that)\s+(?:say|read)\b|\bschreib\w*|値段|フォント|メニュー表|文言",
    r"\b(?:tekst|napis\w*|yazı\w*|chữ|tulisan|metin)\b|переклад\w*|напис\w*",
)

# Target languages for translated or localized in-image text → the script the text must be in.
TARGET_LANGUAGE: Final[tuple[tuple[Cue, Script], ...]] = (
    (_compile(r"\bjapan\w*|日文|日语|日本語|일본어|japon\w*|japanisch\w*|японск\w+|和文"), "Japanese"),
    (
        _compile(
            r"\bchinese\b|\bmandarin\b|中文|汉语|简体|繁体|中国語|중국어|\bchin[oaê]s\w*|chinesisch\w*|китайск\w+|"
            r"\bçince\w*|\bchińsk\w*|\bkinesisk\w*|китайськ\w*|κινεζικ\w*|סינית|tiếng trung|चीनी|ภาษาจีน"
        ),
        "Chinese",
    ),
    (
        _compile(
            r"\bkorean\b|韩文|韩语|韓国語|한국어|\bcoreano\b|coréen\w*|koreanisch\w*|корейск\w+|\bkorece\w*|"
            r"\bkoreańsk\w*|\bkoreansk\w*|корейськ\w*|κορεατικ\w*|קוריאנית|tiếng hàn|bahasa korea|कोरियाई|ภาษาเกาหลี"
        ),
        "Hangul",
    ),
    (
        _compile(
            r"\b(?:russian|ukrainian)\b|俄文|俄语|ロシア語|러시아어|\bruso\b|\brusse\b|russisch\w*|\brusso\b|русск\w+|"
            r"украинск\w+|ukraińsk\w*|ukrainisch\w*|rosyjsk\w*|\brussa\b|\bucraina\b|\brusça\w*|\bukraynaca\w*|\brussisch\w*|\bryska\b"
        ),
        "Cyrillic",
    ),
    # Language names in their own script count too ("हिंदी में", "بالعربية", "ภาษาไทย").
    (
        _compile(
            r"\barabic\b|阿拉伯|アラビア語|아랍어|\bárabe\b|\barabe\b|arabisch\w*|арабск\w+|العربية|بالعربي|عربي|"
            r"\barapça\w*|\barabsk\w*|арабськ\w*|αραβικ\w*|ערבית|tiếng ả rập|bahasa arab|अरबी|ภาษาอาหรับ"
        ),
        "Arabic",
    ),
    (_compile(r"\bhindi\b|印地|ヒンディー|힌디어|хинди|हिंदी|हिन्दी|\bhintçe\w*"), "Devanagari"),
    (_compile(r"\bthai\b|泰文|泰语|タイ語|태국어|\btailandés\b|\bthaï\b|тайск\w+|ภาษาไทย|ไทย"), "Thai"),
    (
        _compile(
            r"\bgreek\b|希腊|ギリシャ語|그리스어|\bgriego\b|\bgriega\b|\bgrec\b|\bgrecque\b|\bgreca\b|\bgrega\b|griechisch\w*|греческ\w+|ελληνικά|\bgriekse?\b|\bgrekisk\w*|\byunanca\w*"
        ),
        "Greek",
    ),
    (
        _compile(
            r"\bhebrew\b|希伯来|ヘブライ語|히브리어|\bhebreo\b|hébreu|hebräisch\w*|иврит\w*|עברית|\bibranice\w*|\bİbranice\w*"
        ),
        "Hebrew",
    ),
    (
        _compile(
            r"\b(?:english|spanish|french|german|portuguese|italian|dutch)\b|英文|英语|西班牙|法文|法语|德文|德语|"
            r"葡萄牙|意大利|英語|スペイン語|フランス語|ドイツ語|イタリア語|영어|스페인어|프랑스어|독일어|"
            r"\b(?:inglés|inglesa|español|española|francés|francesa|alemán|alemana|portugués|portuguesa|italiano|italiana)\b|"
            r"\b(?:anglais|espagnol|français|allemand|portugais|italien)(?:e|ne)?\b|"
            r"\b(?:englisch|spanisch|französisch|deutsch|portugiesisch|italienisch)\w*|"
            r"\b(?:inglês|espanhol|espanhola|francês|alemão|alemã|português|portuguesa)\b|"
            r"английск\w+|испанск\w+|французск\w+|немецк\w+|португальск\w+|итальянск\w+|"
            r"\b(?:angielsk|niemieck|francusk|hiszpańsk|włosk)\w*|\b(?:inglese|tedesc[ao]|francese|spagnol[ao])\b|"
            r"\b(?:almanca|ingilizce|fransızca|ispanyolca|italyanca)\w*|\b(?:engels|duits|frans|spaans)\b|"
            r"\b(?:engelska|tyska|franska|spanska)\b|\bbahasa\s+(?:inggris|jerman|prancis|spanyol|belanda)\b|"
            r"αγγλικ\w*|ισπανικ\w*|γαλλικ\w*|γερμανικ\w*|ιταλικ\w*|אנגלית|ספרדית|צרפתית|גרמנית|англійськ\w*|іспанськ\w*|"
            r"французьк\w*|німецьк\w*|tiếng (?:anh|tây ban nha|pháp|đức)|ภาษาอังกฤษ|อังกฤษ|अंग्रेज़ी|अंग्रेजी|بالإنجليزية|الإنجليزية|الانجليزية"
        ),
        "Latin",
    ),
)
TRANSLATE: Final = _compile(
    r"\b(?:japanese|chinese|korean|russian|arabic|hindi|thai|spanish|french|german|english|portuguese|italian|"
    r"greek|hebrew)\s+(?:version|edition|copy|variant)s?\b",
    r"\btranslat\w+|\blocali[sz]\w+|\bversion in\b|\bin (?:japanese|chinese|korean|russian|arabic|hindi|thai|spanish|"
    r"french|german|english|portuguese)\b",
    r"翻译|译成|译为|翻成|改成.{0,3}(?:文|语)|换成.{0,3}(?:文|语)|版本",
    r"翻訳|に訳|語に|語版|にして",
    r"번역|로 바꿔|버전",
    r"\btraduc\w+|\bversión en\b|\ben (?:japonés|chino|coreano|inglés|francés|alemán|ruso|árabe)\b",
    r"\bversion\s+(?:grecque|anglaise|espagnole|allemande|italienne|japonaise|chinoise|arabe|russe|portugaise|coréenne)\b|"
    r"\bversi[oó]n\s+(?:griega|inglesa|alemana|francesa|italiana|japonesa|china|árabe|rusa|portuguesa)\b|"
    r"\bversione\s+(?:greca|inglese|spagnola|tedesca|francese|giapponese|cinese|araba|russa)\b|"
    r"\bversão\s+(?:grega|inglesa|espanhola|alemã|francesa|italiana|japonesa|chinesa|árabe|russa)\b|"
    r"\b(?:griechische|englische|spanische|französische|italienische|japanische|chinesische|arabische|russische)\s+(?:version|fassung)\b|"
    r"\btradui\w+|\bversion en\b|\ben (?:japonais|chinois|coréen|anglais|espagnol|allemand|russe|arabe)\b",
    r"\bübersetz\w+|\bauf (?:japanisch|chinesisch|koreanisch|englisch|französisch|spanisch|russisch|arabisch)\b",
    r"\btraduz\w*|\btradução\b|\bem (?:japonês|chinês|coreano|inglês|francês|alemão|russo|árabe)\b",
    r"перевед\w+|перевод\w*|\bна (?:японск|китайск|корейск|английск|русск|арабск)\w+",
    r"\bübersetz\w*|\bvertal\w*|\bterjemah\w*|\bwersj\w+|\bversione\b|\bçevir\w*|\bversiyon\w*|\bvertaal\w*|\bversie\b|\bprzetłumacz\w*|\böversätt\w*|\bversion\b",
    # A version in another language ("английскую версию", "ισπανική έκδοση", "גרסה באנגלית").
    r"верси\w*|έκδοσ\w*|μετάφρασ\w*|μετέφρασ\w*|μετάφρασε|גרסה|תרגם|תתרגם|לתרגם|переклад\w*|перекла\w*|\bphiên bản\b|\bdịch\b|"
    r"\bversi\b|संस्करण|अनुवाद|ترجم|نسخة|แปล|เวอร์ชัน",
    # "उसे हिंदी में कर दीजिए": put it into Hindi.
    r"(?:हिंदी|हिन्दी|अंग्रेज़ी|अंग्रेजी|इंग्लिश)\s+में\s+(?:कर|बदल)",
)

LAYOUT_ELEMENT: Final = _compile(
    r"\b(?:headline|heading|title|subtitle|logo|logos|price\s*tag|price|badge|sticker|button|cta|brand name|"
    r"product name|wordmark|cut-?outs?|text\s*elements?|"
    r"call[- ]to[- ]action|watermark|tagline|slogan|qr\s*code|icon|caption|text\s*block|text box|banner|band name|"
    r"artist name|event name|venue name|date block|date)\b",
    r"标题|副标题|logo|价签|价格标签|价格|按钮|水印|二维码|标语|图标|徽章|标志|商标|品牌名",
    r"見出し|タイトル|ロゴ|値札|価格|ボタン|バッジ|透かし|アイコン",
    r"제목|타이틀|로고|가격표|가격|버튼|배지|워터마크|아이콘|헤드라인|브랜드\s*명|브랜드\s*이름|상호명",
    r"\b(?:título|titular|logo|logotipo|precio|etiqueta de precio|botón|insignia|sello|nombre de la marca|marca)\b",
    r"\b(?:titre|logo|prix|étiquette de prix|bouton|badge|macaron|filigrane|nom de la marque|nom du produit)\b",
    r"\b(?:überschrift|titel|logo|preisschild|preis|button|badge|siegel|wasserzeichen|markenname\w*|firmenname\w*|produktname\w*|schriftzug|slogan)\b",
    r"\b(?:título|logo|logotipo|logótipo|preço|etiqueta de preço|botão|selo|nome da marca|nome do produto)\b",
    r"(?:заголов\w+|надпис\w*|напис(?:и|ом|у|ів)?\b|логотип\w*|лого\b|ценник\w*|цен[аеуы]\b|кнопк\w+|значок\w*|бейдж\w*|назван\w+\s+бренда|назв\w+\s+бренду)",
    r"\b(?:bottone|pulsante|prezzo|titolo|etichetta|marchio|knop|prijs|titel|cen[aęyą]|etykiet\w*|przycisk\w*|tytuł\w*|"
    r"fiyat\w*|buton\w*|başlık\w*|knapp\w*|pris\w*|rubrik\w*|tombol|harga|judul|nút|giá|tiêu đề|kop|koptekst)\b",
    r"לוגו|מחיר|כותרת|כפתור|ป้ายราคา|โลโก้|ราคา|หัวข้อ|ปุ่ม|κουμπί|λογότυπο|τιμή|τίτλο|επικεφαλίδα|"
    r"زر|الزر|شعار|الشعار|اللوجو|لوجو|العنوان|السعر|بطاقة السعر",
    r"\b(?:logg(?:a|an|or|orna)|logotyp\w*|crest|emblem|coat of arms|monogram|\w*wappen|emblem\w*|écusson|blason|escudo|stemma|herb|merknaam|varumärke\w*|"
    r"nazw\w+ marki|marka adı|nama (?:brand|merek|toko)|tên thương hiệu|tên (?:quán|cửa hàng))\b|герб\w*|שם המותג|סמל|"
    r"اسم العلامة|الشعار|ชื่อแบรนด์|ब्रांड (?:का )?नाम|ブランド名|店名|品牌名称|店名",
    r"बटन|लोगो|हेडलाइन|प्राइस टैग|टैग|\b(?:shop|store|caf[eé]|restaurant|bakery) name|όνομα\w*|ονομασία|nombre de la tienda|nom du (?:magasin|café|restaurant)|"
    r"nome del negozio|nome da loja|ladenname|winkelnaam|butiksnamn\w*|nazw\w+ sklepu|dükkan\w* adı|назв\w+ магазин\w*|"
    r"שם החנות|nama toko|tên cửa hàng|दुकान का नाम|اسم المحل|ชื่อร้าน|상호",
)
MOVE: Final = _compile(
    # ("swap the logo and the title" moves; "swap it for a pink sky" replaces)
    r"\b(?:move|moved|moving|reposition\w*|relocate\w*|shift|shifted|nudge\w*|drag|dragged|"
    r"swap(?!\s+(?:it|this|that|them|the\s+[\w' -]{1,30}?)\s+(?:for|to|into)\b)|switch\s+(?:places|positions|sides)|"
    r"cent(?:er|re)d|centr[éeé]\w*|centrad[oa]|centrat[oa]|zentrier\w*|gecentreerd|centrera\w*|wyśrodkuj\w*|ortala\w*|"
    r"đổi chỗ|tukar posisi|ตรงกลาง|الوسط|बीच में|中央揃え|居中|가운데|"
    r"trade places|flip\s+the\s+positions)\b",
    r"\b(?:put|place|set|align|pin|anchor|sit|sits|go|goes)\b[^.;]{0,40}\b(?:at|in|to|into)\s+the\s+(?:top|bottom|"
    r"left|right|upper|lower|center|centre|middle)",
    r"\b(?:put|place|set|pin|anchor)\b[^.;]{0,40}\b(?:below|above|under|underneath|beside|next to)\b",
    r"\b(?:go|goes|sit|sits|live|lives|belongs?|end up)\s+(?:in\s+the\s+)?(?:top|bottom|upper|lower)[\s-]?(?:left|right|corner|cent(?:er|re))\b",
    r"\b(?:doit|doivent|devrait|peut)\s+(?:passer|aller|être placée?s?|se trouver)\s+(?:en|à|au|dans)\b",
    r"\b(?:cent(?:er|re)|align)\s+the\b",
    r"移到|挪到|移至|挪至|调到|放到.{0,6}(?:角|上方|下方|左|右|中间|底部|顶部)|调换|互换|对调|换位置|位置互换|居中",
    r"移動|移して|移す|移し|に動か|へ動か|配置|入れ替え|寄せ|中央に|สลับตำแหน่ง|สลับที่|ย้ายไป",
    # "сейчас справа вверху, а надо — слева внизу", "it's top right now, should be bottom left": a new place.
    r"(?:надо|нужно|должн\w+ быть|треба|має бути|should be|needs to be|has to be|must be)\s*[—–:-]?\s*(?:в\s+|у\s+|in the\s+|at the\s+)?"
    r"(?:слева|справа|вверху|внизу|сверху|снизу|по центру|зліва|праворуч|ліворуч|вгорі|внизу|top|bottom|upper|lower|left|right)\b",
    r"옮겨|이동|위치를?\s*(?:서로\s*)?바꿔|자리를?\s*(?:서로\s*)?바꿔|서로\s*바꿔|맞바꿔|배치",
    r"\b(?:mueve|mover|muévelo|desplaza|reubica|intercambia|coloca\w*\s+.{0,30}\s+en\s+la\s+esquina)\b",
    r"\bđưa\b.{0,30}\b(?:lên|xuống|sang|qua)\s+(?:góc|giữa|trên|dưới|bên)|\b(?:yerini|yerlerini)\s+değiştir\w*",
    r"\b(?:déplac\w+|repositionne\w*|décale\w*|intervertis|échange|inverse)\b|옮기",
    r"\b(?:place|placez|mets|mettez|pose|posez)\b[^.;]{0,40}\b(?:en bas|en haut|au centre|à gauche|à droite|dans le coin)",
    r"\b(?:soll|sollte|muss|gehört)\b[^.;]{0,30}\b(?:in die ecke|nach (?:oben|unten|links|rechts)|(?:oben|unten) (?:links|rechts)|(?:links|rechts) (?:oben|unten))",
    r"انقل|انقلي|حرّك|حرك|حركي|ले आओ|ले जाओ|खिसका\w*|सरका\w*|शिफ्ट कर\w*|\bscambia\w*\s+di\s+posto\b|\bscambia\w*|תזיז|הזז|להזיז|תעביר|להעביר|העבר|ย้าย|μετακιν\w*|μετακίνη\w*|μετέφερ\w*|μετάφερ\w*",
    r"\b(?:verschieb\w*|verschoben|versetz\w*|tausch\w*|platzier\w*|rück\w*\s+.{0,20}nach)\b",
    r"\b(?:mova|mover|move|movid[oa]s?|desloque|deslocad[oa]|reposicione|troque\s+de\s+lugar|inverta|posicione)\b",
    # Passives: "ska flyttas", "должен быть перенесён", "צריך לזוז", "needs to be moved".
    r"\b(?:flyttas|flyttad\w*)\b|(?<![а-яё])(?:перенес[её]н\w*|перемещ[её]н\w*|перенесен\w*|переміщен\w*)|לזוז|יזוז|יועבר",
    r"\b(?:passa|joga|leva|manda|bota|põe)\b[^.;]{0,40}\b(?:pro|pra|para o|para a|no|na)\s+(?:canto|topo|rodapé|centro|meio|lado|"
    r"parte de (?:baixo|cima))",
    r"\b(?:pasa|pás\w+|lleva|llév\w+|manda|mánd\w+|baja|bája\w+|sube|súbe\w+)\b[^.;]{0,40}\b(?:abajo|arriba|a la (?:izquierda|derecha)|al centro|en el centro|a la esquina)",
    r"(?:köşe\w*|ortaya|yukarı\w*|aşağı\w*)\s+(?:al|koy|taşı)\w*",
    # "Das Logo bitte nach oben rechts": a place with no verb.
    r"\bnach\s+(?:oben|unten)\s+(?:rechts|links)\b|\bnach\s+(?:rechts|links)\s+(?:oben|unten)\b",
    # "…, dass der Markenname oben mittig steht (und nicht mehr unten links)": a new place, said as a state.
    r"\b(?:oben|unten|links|rechts|mittig|zentriert)\s+(?:\w+\s+){0,2}?(?:steh\w*|sitz\w*)\b",
    # "- logo winnicy → lewy górny róg", "price -> bottom right": an element sent to a place.
    r"(?:→|->|=>)[^\n.;]{0,12}?(?:\b(?:top|bottom|upper|lower|left|right|corner|cent(?:er|re)|middle|"
    r"lew\w*|praw\w*|górn\w*|doln\w*|róg|rogu|oben|unten|links|rechts|ecke|haut|bas|gauche|droite|coin|arriba|"
    r"abajo|izquierd\w*|derech\w*|esquina|alto|basso|sinistr\w*|destr\w*|angolo|esquerd\w*|direit\w*|canto|topo|"
    r"hoek|boven|onder|vänster|höger|hörn\w*|sol|sağ|köşe\w*|верх\w*|низ\w*|лев\w*|прав\w*|угол|кут|"
    r"πάνω|κάτω|αριστερ\w*|δεξι\w*|γωνία|kiri|kanan|atas|bawah|pojok|trái|phải|góc)\b|左上|右上|左下|右下|右|左|上|下|"
    r"왼쪽|오른쪽|상단|하단|ימין|שמאל|למעלה|למטה|يمين|يسار|أعلى|أسفل|ซ้าย|ขวา|บน|ล่าง|बाएं|दाएं|ऊपर|नीचे)",
    r"(?:перемест\w+|передвин\w+|сдвин\w+|поменя\w+\s+местами|переставь\w*|перенеси\w*|перенест\w*)",
    r"(?:поміняй\w*\s+місцями|перемісти\w*|пересунь\w*|перенеси\w*)",
    r"\bprzeniesieni\w*|\bvan\s+(?:plek|plaats)\s+(?:om\b|(?:ver)?wissel\w*|ruil\w*)|\bverwissel\w*",
    # One corner for another: "rechtsboven ipv linksonder", "top right instead of bottom left".
    r"\b(?:rechts|links)(?:boven|onder)\s+(?:ipv|i\.p\.v\.|in plaats van)\s+(?:rechts|links)(?:boven|onder)\b|"
    r"\b(?:top|bottom|upper|lower)[\s-]+(?:left|right)\s+instead of\s+(?:the\s+)?(?:top|bottom|upper|lower)[\s-]+(?:left|right)\b",
    # A layout list without a verb ("- logo en bas à gauche\n- prix en haut à droite").
    r"(?:^|\n)\s*[-*•]\s*(?:the\s+|le\s+|la\s+|l'|el\s+|o\s+|das\s+|der\s+|die\s+|het\s+|de\s+)?"
    r"(?:logo|price|prix|precio|preço|prezzo|preis|prijs|title|titre|título|titolo|titel|headline|button|bouton|botón|botão)\s+"
    r"(?:en|au|à|in|at|to|on|a|al|nel|oben|unten|links|rechts|linksboven|rechtsboven)\b",
    r"\b(?:bump|shove|push|slide|scoot|sposta\w*|verplaats\w*|pindah\w*|dipindah\w*|geser\w*|digeser\w*|taruh|taşı\w*|dời|chuyển|schieb\w*|przesuń|"
    r"zamień\s+miejscami|flytta|przenieś|przenieść|przenieśc)\b",
)

BACKGROUND: Final = _compile(
    r"\b(?:background|backgrounds|backround|bakground|backgound|backdrop|backdrops|sky(?![\s-]*blue)|skies|scenery|surroundings|"
    r"environment|setting|location|bg)\b",
    r"\b(?:put|place|set|drop|show|stand)\s+(?:her|him|them|me|us|it|the\s+(?:model|woman|man|girl|boy|person|"
    r"couple|kid|child|product|car|dog|cat|bottle|bag|shoe|sneaker|watch|chair|sofa))\s+(?:on|in|at|into|"
    r"onto|inside|against|by|under|in front of)\s+(?:a|an|the|some)?\b",
    # "in front of" places the subject ("put her in front of …", "…, in front of a waterfall"), not an object
    # that stands somewhere ("the velvet rope in front of the stage").
    r"\b(?:(?:her|him|them|it|me|us|standing|stands?|posing|poses?|sitting|sits?|put|place|set|move|now)\s+in front of|"
    r"standing (?:on|in|at|by|between|among|amid|under|inside|next to)|on a (?:beach|street)|studio backdrop|"
    r"replace the scene)\b|(?:^|[.,:;!?—–-]\s*)in front of\b|"
    # "put the coach in front of a clay court instead of the car park": a new backdrop for the old one.
    r"\bin front of\b[^.;!?]{0,60}\binstead of\b|\bagainst\s+(?:a|an|the)\b[^.;!?]{0,60}\binstead\b",
    # A new place to stand in: "står framför vinrankorna", "포도밭 한가운데 서 있는", "de pie frente al mar".
    r"\bstår\s+(?:framför|mitt i|på|i)\b|(?:에|앞에|한가운데|가운데)\s*서\s*있|\bde pie\s+(?:en|frente|delante|sobre)\b|"
    r"\bdebout\s+(?:sur|devant|dans|au milieu)\b|\bin piedi\s+(?:su|davanti|in|nel|nella|in mezzo)\b|"
    r"\bem pé\s+(?:na|no|em|diante|em frente)\b|\bsteh(?:t|en)\s+(?:vor|auf|in|im|am|mitten)\b|"
    r"\bsta(?:at|an)\s+(?:voor|op|midden)\b|\bsto(?:i|ją)\s+(?:przed|na|w|pośrodku)\b|"
    r"(?:стоит|стоят|стоїть|стоять)\s+(?:перед|на|в|у|посреди|посеред)\s|\bönünde\s+duru\w*|"
    r"στέκ\w+\s+(?:μπροστά|σε|στη|στο|στην)|עומד\w*\s+(?:על|מול|ליד|באמצע)|\bberdiri\s+di\b|"
    r"\bđứng\s+(?:trên|trước|giữa|ở)\b|站在|に立って|の前に立",
    r"背景|天空|底色|场景",
    r"背景|空を|空の|バック",
    r"배경|하늘(?!색)|바탕",
    r"\b(?:fondo|fondos|(?<!azul\s)cielo|escenario|entorno)\b",
    r"\b(?:fond|arrière-plan|(?<!bleu\s)ciel|décor|toile de fond)\b",
    r"\b(?:hintergrund\w*|himmel|kulisse|umgebung)\b",
    r"\b(?:fundo|fundos|céu|cenário|ambiente)\b",
    r"(?:фон\w*|неб[оае]\b|задн\w+ план\w*|обстановк\w+)",
    r"\b(?:sfondo|(?<!azzurro\s)cielo|achtergrond|lucht|tło|tle|tła|niebo|arka\s*plan\w*|gökyüzü\w*|bakgrund\w*|himmel(?:en)?|latar\s*belakang\w*|latarnya)\b",
    r"phông nền|\bnền\b|bầu trời|बैकग्राउंड|पृष्ठभूमि|आसमान|الخلفية|خلفية|السماء|\bтло\b",
    r"\b(?:himlen|luchten|nieba|niebie|gökyüzünü|langit|ουραν\w*|φόντο)\b|שמיים|השמיים|ברקע|רקע|ท้องฟ้า|ฉากหลัง|พื้นหลัง|небо|небі",
    r"\b(?:replace|swap|change|turn)(?:\s+out)?\s+the\s+[\w\s'-]{1,30}?\s+behind\s+(?:it|her|him|them|the)\b",
    r"\bbehind\s+(?:the|her|him|them|it|my|our)\b[^.;]{0,30}\b(?:replaced|swapped|changed|turned)\b",
    # What is behind the subject, instead of what is there now: "detrás de la familia … en vez del aparcamiento".
    r"(?:\bbehind|detrás de|derrière|\bhinter|dietro|\bachter|\bbakom|atrás d|por trás d|позади|за ними|за ним|za nimi|"
    r"πίσω από|מאחורי|di belakang|phía sau|पीछे|خلف|وراء)[^.;]{0,80}(?:instead of|en vez de|en lugar de|au lieu de|"
    r"statt|invece d|in plaats van|i stället för|em vez de|вместо|zamiast|yerine|αντί|במקום|bukan|thay vì|की जगह|بدل)",  # Dutch "put it behind them": "Zet er een Hollandse polder met molens achter".
    r"\bzet\s+er\b[^.,;]{0,60}\bachter\b",
)

REMOVAL: Final = _compile(
    r"\b(?:remove|removing|erase|erasing|delete|deleting|get rid of|take out|take away|clean up|cleanup|"
    r"eliminate|retouch out|edit out|paint out|wipe|strip out|declutter)\b",
    r"去掉|去除|删除|删掉|移除|擦掉|抹掉|[Pp]\s?掉|拿掉|清除|消除|去一下",
    r"消して|消す|消去|削除|除去|取り除|なくして|消しゴム",
    r"지워|지우|제거|없애|삭제|빼줘|빼 줘|빼\s*주세요|빼\s*줄래|떼\s*(?:주세요|줘|어\s*줘|내)|떼어\s*(?:주세요|줘|내)",
    r"\b(?:quita\w*|quít\w*|quitar|elimina\w*|borr(?:a|ar|en|e|ad\w*|ó|ás)\b|bórra\w*|retira\w*|saca\w*|sácale\w*|suprime)\b",
    r"\bpeel\b[^.;]{0,40}\boff\b|\bpeel\s+off\b|\bzdejm\w*|\bwytnij\w*|ลบ|เอา.{0,40}ออก",
    # "take the price sticker of the box": "off" typed as "of", after a thing people take off.
    r"\blose\s+(?:the|that|those|these|his|her|their)\b|\b(?:ilangin|ilangkan|hilangin)\b|"
    r"\btake\s+(?:the|that|this|those|these|her|his|their)\s+(?:[\w'-]+\s+){0,2}(?:stickers?|labels?|tags?|logos?|"
    r"watermarks?|signs?|stains?|cables?|wires?)\s+of\b",
    r"\b(?:enlève\w*|enlever|supprime\w*|retire\w*|efface\w*|ôte\w*)\b",
    r"\b(?:entfern\w*|lösch\w*|wegretuschier\w*|weg\s*mach\w*|raus\s*nehm\w*|tilg\w*)\b",
    r"\b(?:remov\w+|tir[ae]\w*|apag\w+|elimin\w+|retir\w+|exclu\w+)\b",
    r"(?<![а-яё])(?:убер\w*|убр\w+|удал\w+|стер\w+|сотр\w+|очист\w+)",
    r"消せ|消し|消える|外して|外す|外し|取っ(?:ちゃ|て)|剥がし|はがし",
    r"\btake\s+(?:off\s+(?:her|his|their|the)\b|(?:the\s+|her\s+|his\s+)?[\w'-]+(?:\s+[\w'-]+){0,3}\s+off\b)",
    # "take the straw out of her cocktail", "take the net that's hanging on the glass out of the shot"
    r"\btake\s+(?:the|that|this|those|these|her|his|their|its|all|any)\s+(?:[\w'-]+\s+){0,8}?out\b(?!\s+(?:to|for)\b)",
    r"شيل|أزل|احذف|امسح|हटा|\bxoá\b|\b(?:hilangkan|buang)\b|(?:прибер\w*|видал\w*)|\b(?:usun\w*|(?<!der )(?<!den )(?<!dem )(?<!des )(?<!de )(?<!een )(?<!ein )(?<!einen )weg|weghalen|wegwerken)\b",
    # Passives and "…ska bort": "Alla kablar ska bort", "мають бути прибрані", "stikernya dihapus aja".
    r"\b(?:ska bort|tas bort|bort med|dihapus\w*|dibuang|dihilangkan|tesheel|sheel|shil)\b|(?<![а-яё])(?:прибран\w*|видален\w*|удален\w*|убран\w*)",
    r"\b(?:togli\w*|rimuov\w*|cancella\w*|haal\s+.{0,30}\s+weg|van\s+[^.?!]{0,40}\s+(?:af)?halen|van\s+(?:de|het|die|dat|deze|dit)\s+[^.?!,]{1,30}\s+af(?=\s*[?.!]|\s*$)|haal\s+[^.?!]{1,60}\s+uit\s+(?:de|het)\s+(?:foto|beeld|afbeelding|plaatje)|afhalen|eraf\s+halen|verwijder\w*|usuń\w*|kaldır\w*|sil|xóa|bỏ|hapus\w*|ta bort)\b",
    r"\b(?:has|have|needs?|must|should|gotta)\s+(?:to\s+)?go(?:\s+away)?\s*(?:[.!,;]|$)",
    r"תמחק|למחוק|תמחקי|תוריד|להוריד|תורידי|תעלים|להעלים|הסר|להסיר|αφαίρεσ\w*|σβήσ\w*|βγάλ\w*|εξαφάνισ\w*",
)

POSITIONAL: Final = _compile(
    r"\b(?:left|right|leftmost|rightmost|(?<!table )top|bottom|upper|lower|corner|quadrant|top half|bottom half|"
    r"foreground|far side|near side)\b",
    r"\b(?:second|third|fourth)\s+(?:one\s+)?from\s+the\s+(?:left|right|top|bottom)\b",
    r"左边|右边|左侧|右侧|左上|右上|左下|右下|上方|下方|上半|下半|角落|左数|右数|最左|最右|中间那",
    r"左側|右側|左の|右の|左上|右上|左下|右下|上半分|下半分|隅|左から|右から|一番左|一番右|手前|奥の",
    r"왼쪽|오른쪽|좌측|우측|상단|하단|모서리|구석|위쪽|아래쪽|맨 왼쪽|맨 오른쪽",
    r"\b(?:izquierd\w+|derech\w+|esquina|superior|inferior|mitad)\b",
    r"\b(?:gauche|droite|coin|en haut|en bas|moitié|supérieur\w*|inférieur\w*)\b",
    r"\b(?:links|rechts|linke\w*|rechte\w*|ecke|oben|unten|hälfte|obere\w*|untere\w*)\b",
    r"\b(?:esquerd\w+|direit\w+|canto|superior|inferior|metade|em cima|embaixo)\b",
    r"(?:слева|справа|\bлев\w+|\bправ\w+|\bугл\w+|\bугол\b|\bверхн\w+|\bнижн\w+|половин\w+)",
    r"\b(?:sinistra|destra|angolo|in alto|in basso|metà|inferiore|superiore)\b|\b(?:kiri|kanan|pojok|sudut)\b",
    r"(?<![\w-])(?:sol|sağ|soldaki|sağdaki|solda|sağda|köşe\w*)\b|\b(?:lew|praw)(?:a|ą|ej|y|ego|ym|ych|e|o)\b|\brog(?:u|iem)?\b",
    r"\btừ (?:trái|phải)\b|\b(?:vänster|höger|vänstr\w*|högr\w*|hörn\w*|linker\w*|rechter\w*|hoek|rechtsboven|linksboven|rechtsonder|linksonder)\b|bên trái|bên phải|\bgóc\b|ngoài cùng",
    r"बाईं|दाईं|बाएं|दाएं|बायीं|दायीं|कोने|اليسار|اليمين|الزاوية",
    r"מימין|משמאל|בצד ימין|בצד שמאל|הימני|השמאלי|בפינה|αριστερ\w+|δεξι\w+|γωνία|зліва|ліворуч|праворуч|"
    r"จากขวา|จากซ้าย|ด้านขวา|ด้านซ้าย|ทางขวา|ทางซ้าย|ซ้ายสุด|ขวาสุด|ครึ่งบน|ครึ่งล่าง|มุม|"
    r"(?:ใบ|ตัว|อัน|คน|ชิ้น|ฝั่ง)(?:ซ้าย|ขวา)",
    # "फोटो के ऊपरी आधे हिस्से में": the upper or lower half, the left or right part.
    r"(?:ऊपरी|निचले|बाएँ|बाएं|दाएँ|दाएं)\s+(?:आधे|हिस्से)",
    # "Στο πάνω δεξί μέρος της φωτογραφίας": a corner of the picture.
    r"(?:πάνω|κάτω)\s+(?:δεξ|αριστερ)\w*\s+(?:μέρος|γωνία|πλευρά)",
)

_NUM_EN: Final = r"\d|two|three|four|five|a few|a couple of|a couple|several|some|multiple"
VARIANTS: Final = _compile(
    rf"\b(?P<en>{_NUM_EN})\s+(?:different\s+|more\s+|alternative\s+|distinct\s+)?(?:options|variants|variations|"
    r"versions|alternatives|takes|choices|looks|ideas|concepts|outputs|results|drafts|candidates|shots)\b",
    r"\b(?:give me|show me|generate|make|create)\s+(?P<en2>\d|two|three|four)\b(?!\s*(?:%|px|x\b|times|:))",
    r"(?P<zh>\d|两|二|三|四|五|几)\s*(?:个|种|张|版|套|款)\s*(?:不同的?)?\s*(?:版本|方案|选择|变体|效果|款式|选项|风格|图|结果)?",
    r"(?P<ja>\d|二|三|四|いくつか|複数)\s*(?:パターン|案|種類|バリエーション|通り|枚)",
    r"(?P<ko>\d|두|세|네|몇)\s*(?:가지|개|버전|시안|안|장)",
    r"\b(?P<es>\d|dos|tres|cuatro|varias|unas)\s+(?:opciones|versiones|variantes|variaciones|propuestas|alternativas)\b",
    r"\b(?P<id>\d|dua|tiga|empat)\s+(?:opsi|pilihan|versi|variasi|alternatif)\b",
    r"\b(?P<fr>\d|deux|trois|quatre|plusieurs|quelques)\s+(?:options|versions|variantes|propositions|"
    r"déclinaisons|alternatives)\b",
    r"\b(?P<de>\d|zwei|drei|vier|mehrere|ein paar)\s+(?:varianten|versionen|optionen|vorschläge|alternativen|entwürfe)\b",
    r"\b(?P<pt>\d|duas|dois|três|quatro|várias|algumas)\s+(?:opções|versões|variações|variantes|propostas|alternativas)\b",
    r"(?P<ru>\d|два|две|три|четыре|несколько)\s+(?:вариант\w*|верси\w*|опци\w*)",
    r"\b(?P<it>\d|due|tre|quattro|alcune|diverse)\s+(?:versioni|varianti|opzioni|proposte|alternative)\b",
    r"\b(?P<xx>\d)\s+(?:versies|varianten|versioner|varianter|wersj\w+|warian\w+|versiyon\w*|seçenek\w*|варіант\w*|"
    r"верс\w+|εκδοχ\w+|παραλλαγ\w+|phiên bản|versi|pilihan|वर्ज़न|वर्जन|संस्करण|เวอร์ชัน|แบบ)|(?P<he>\d)\s*גרסאות|(?P<ar>\d)\s*نسخ",
    r"(?P<hew>שתי|שני|שלוש|שלושה|ארבע|ארבעה|כמה)\s+(?:אפשרויות|גרסאות|וריאציות|חלופות)",
    r"(?P<w>twee|drie|vier|дві|два|три|чотири|dwie|dwa|trzy|cztery|pięć|två|tre|fyra|iki|üç|dört|δύο|τρεις|τέσσερις|dua|tiga|empat|hai|ba|bốn|दो|तीन|चार)\s+(?:версі\w*|варіант\w*|wersj\w*|"
    r"warian\w*|versioner|varianter|versiyon\w*|seçenek\w*|εκδοχ\w*|παραλλαγ\w*|versi|pilihan|phiên bản|वर्ज़न|वर्जन|संस्करण)",
)
NUMBER_WORDS: Final[dict[str, int]] = {
    "two": 2,
    "twee": 2,
    "drie": 3,
    "cztery": 4,
    "pięć": 5,
    "чотири": 4,
    "fyra": 4,
    "dört": 4,
    "τέσσερις": 4,
    "empat": 4,
    "bốn": 4,
    "चार": 4,
    "three": 3,
    "שתי": 2,
    "שני": 2,
    "שלוש": 3,
    "שלושה": 3,
    "ארבע": 4,
    "ארבעה": 4,
    "כמה": 3,
    "four": 4,
    "five": 5,
    "a couple": 2,
    "a couple of": 2,
    "a few": 3,
    "several": 3,
    "some": 3,
    "multiple": 3,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "几": 3,
    "いくつか": 3,
    "複数": 3,
    "두": 2,
    "세": 3,
    "네": 4,
    "몇": 3,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "varias": 3,
    "unas": 3,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "plusieurs": 3,
    "quelques": 3,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "mehrere": 3,
    "ein paar": 3,
    "duas": 2,
    "dois": 2,
    "três": 3,
    "quatro": 4,
    "várias": 3,
    "algumas": 3,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "несколько": 3,
    "due": 2,
    "tre": 3,
    "quattro": 4,
    "alcune": 3,
    "diverse": 3,
    "дві": 2,
    "dwie": 2,
    "dwa": 2,
    "trzy": 3,
    "två": 2,
    "iki": 2,
    "üç": 3,
    "δύο": 2,
    "τρεις": 3,
    "dua": 2,
    "tiga": 3,
    "hai": 2,
    "ba": 3,
    "दो": 2,
    "तीन": 3,
}

LOCAL: Final = _compile(
    r"\b(?:hold|holds|holding|wear|wears|wearing|put on|carry|carrying|give (?:her|him|them|it) (?:a|an|some)|"
    r"add (?:a|an|some)\b|smile|smiling|frown|frowning|wink|winking|laugh\w*|close (?:her|his|their) eyes|"
    r"open (?:her|his|their) eyes|raise (?:her|his|their)|look(?:ing)? (?:at|up|down|away)|expression|"
    r"is now|are now|now has|now holding|now wearing)\b",
    rf"\b(?:make|turn|change|paint|recolou?r|dye)\s+(?:the|her|his|their|its|this|that)\s+[\w\s'-]{{1,30}}?\s*"
    rf"(?:to\s+|into\s+)?(?:{_COLOURS_EN}|leather|wooden|wood|metal|metallic|gold|velvet|denim|glass|marble|"
    r"matte|glossy|chrome|suede|silk|linen|brass|copper|bronze|steel|wicker|rattan|ceramic|porcelain|plastic)\b",
    r"\b(?:colou?r|material|fabric|finish)\s+of\s+(?:the|her|his|their|its)\b|\bacabamento\s+\w+",
    r"拿着|手里拿|举着|抱着|戴|穿上|穿着|加一(?:个|顶|把|条|只|副|朵)|添加一|换成.{0,4}色|改成.{0,4}色|变成.{0,4}色|颜色|微笑|笑起来|闭眼|闭上眼|表情|姿势|材质|皮革",
    r"持たせ|持って|を持つ|かけさせ|かぶせ|かぶって|被せ|着せ|着て|身につけ|を追加|足して|加えて|色を|色に|笑顔|微笑|目を閉じ|表情|素材",
    r"들고|들게|들려|쓰게|씌워|씌우|입혀|입게|추가해|더해|색을|색으로|색상|웃는|미소|눈을 감|표정|재질",
    r"\b(?:sosteniendo|sostenga|sujetando|lleve|llevando|ponle|añade|añádele|agrega|cambia el color|de color|"
    r"sonr\w+|expresión|material)\b",
    r"\b(?:tenant|tienne|tenir|porte|porter|portant|ajoute|mets-lui|change la couleur|couleur|sourire|souri\w+|"
    r"expression|matière)\b",
    # "Mach den Helm vom Radfahrer knallrot": one thing made one colour.
    r"\bmach\w*\s+(?:den|die|das|ihr\w*|sein\w*)\s+[^,.;!?]{1,30}?\s*(?:knall|hell|dunkel)?(?:rot|blau|grün|gelb|schwarz|weiß|"
    r"rosa|lila|orange|braun|grau|golden|silbern)\b",
    r"\b(?:hält|halten|haltend|trägt|tragen|hinzu|farbe|lächel\w+|gesichtsausdruck|material|setz\s+(?:ihr|ihm)|"
    r"zieh\w*\s+(?:ihr|ihm|ihnen))\b",
    r"\b(?:segurando|segure|segura|usando|vestindo|adicione|acrescente|coloque um|coloque uma|mude a cor|"
    r"sorri\w+|expressão|material)\b",
    r"(?:держ\w+|надень|наден\w+|добав\w+|цвет\w*|улыб\w+|выражени\w+|материал\w*)",
    # "बोट का झंडा नीला कर दो": a thing made one colour.
    r"(?:लाल|नीला|नीली|नीले|हरा|हरी|हरे|पीला|पीली|पीले|काला|काली|सफ़ेद|सफेद|गुलाबी|बैंगनी|नारंगी|भूरा|भूरी)\s+(?:कर|बना)",
    # Holding and wearing in Polish, and "so that the dog is in a raincoat" (чтобы/щоб … был/був у|в …).
    r"\b(?:trzyma\w*|trzymał\w*|ubran\w*|ubierz\w*|nosi\w*|załóż\w*|vasthoud\w*|vasthouden|vastheeft)\b|"
    # Holding in the other languages seen: "щоб майстер тримав фен", "ağzında top tutsun", "eine Wabe in die Hand".
    r"(?<![а-яіїє])тримал?[аи]?\b|тримав|\btut(?:sun|uyor|an|tuğu)\b|\bin (?:die|der) hand\b|\bdans (?:sa|la) main\b|"
    r"(?:чтобы|щоб)\s+(?:\S+\s+){0,3}?(?:был|была|были|був|була|були)\s+[ув]\s",
    r"\b(?:sunglasses|glasses|hat|cap|beanie|beret|scarf|necklace|earrings?|bracelet|watch|tie|bow tie|handbag|bag|backpack|umbrella|balloon|bouquet|raincoat|bandana|headband|crown|gloves?)\b",
    r"->|→",
    # "…está vermelho agora, mas deveria ser verde-menta", "hiện giờ … màu nâu, nên là màu trắng": a thing's
    # state now and what it should be.
    # (not "should be replaced by …", a passive that names its own verb)
    r"\b(?:should|must|needs? to) be\b(?!\s+(?:\w+ed|\w+en|done|put|set|made)\b)|"
    r"\b(?:deveria|debería|devería) ser\b(?!\s+\w+(?:ado|ada|ido|ida)s?\b)|\bdevrait être\b|\bdovrebbe essere\b|"
    r"\bsollte\s+(?:\w+\s+)?sein\b|\bzou\s+\w+\s+moeten\b|\bborde vara\b|\bpowin\w+ być\b|\bolmalı\b|"
    r"должн\w+ быть|повин\w+ бути|πρέπει να είναι|צריך להיות|\bseharusnya\b|\bnên là\b|\bphải là\b|होना चाहिए|"
    r"يجب أن يكون|ควรเป็น|应该是|べき|\bmàu\s(?!nước)",
    # The result described, one thing different: "The same priest, but with a purple stole."
    r"\b(?:(?:the\s+)?same|el mismo|la misma|los mismos|las mismas|le même|la même|les mêmes|derselbe|dieselbe|dasselbe|"
    r"lo stesso|la stessa|gli stessi|le stesse|o mesmo|a mesma|os mesmos|as mesmas|dezelfde|hetzelfde|samma|"
    r"ten sam|ta sama|to samo|ci sami|тот же|та же|то же|те же|той самий|та сама|те саме|ті самі|aynı|ο ίδιος|η ίδια|"
    r"το ίδιο|οι ίδιοι|אותו|אותה|yang sama|cùng)\b[^.;!?\n]{0,40}?[,—–-]?\s*\b(?:but|pero|mais|aber|ma|mas|maar|men|ale|"
    r"но|але|ama|fakat|αλλά|אבל|tapi|nhưng)\s+(?:with|wearing|holding|con|avec|mit|com|met|med|z|ze|с|со|з|ile|με|עם|"
    r"dengan|với)\b",
    r"\bsenyum\w*\b|"
    r"\b(?:béret|écharpe|chapeau|lunettes|collier|mütze|strickmütze|brille|schal|hut|sombrero|gafas|gorra|bufanda|cappello|occhiali|sciarpa|chapéu|óculos|boné|cachecol|czapk\w*|okulary|hoed|muts|mutsje|bril|sjaal|hatt|sko|färg|solglasögon|glasögon|keps|mössa|halsduk|halsband|paraply|väska|slips|şapka|gözlük|fincan|elinde|kemeja|topi|kacamata|warna|mũ|kính|cười)\b",
    r"帽子|眼镜|墨镜|围巾|项链|雨伞|眼鏡|メガネ|サングラス|バンダナ|マフラー|ネックレス|傘|모자|선글라스|안경|목도리|우산|가방|шапк\w*|шапочк\w*|очк\w+|шарф\w*|сумк\w*|зонт\w*|горнятк\w*|тримає|แว่น|หมวก|תיק|כובע|משקפי|गुलाब|बैग|चश्मा|टोपी|حقيبة|نظارة|قبعة|تبتسم|ابتسامة",
)

RESTYLE: Final = _compile(
    # Global adjustments: saturation, contrast ("채도를 조금만 낮춰", "ลดความอิ่มสี", "less saturated").
    r"\b(?:saturation|saturated|desaturate\w*|contrast)\b|채도|명도|콘트라스트|ความอิ่มสี|คอนทราสต์|ความคมชัด",
    r"वॉटरकलर|पेंटिंग जैसा|पेंटिंग जैसी|कार्टून|एनीमे|एनिमे|स्केच|विंटेज|ब्लैक एंड व्हाइट",
    r"\b(?:style|styled|anime|cartoon\w*|watercolou?r|oil painting|sketch|pixel art|vintage|retro|film look|"
    r"cinematic|noir|black and white|b&w|sepia|winter|summer|autumn|snowy|night|nighttime|daytime|sunset|"
    r"golden hour|colou?r grad\w*|grade|mood|moody|aesthetic|vibe|lighting|relight|brighter|darker|warmer|"
    r"cooler|filter|whole image|entire image|overall|pop|better|nicer|professional|polish\w*|enhance\w*|"
    r"upscale|sharpen|denoise|retouch|clean look|premium|luxur\w+|painting|illustration|drawing|render|3d|clay|"
    r"comic|ghibli|pixar|claymation|improve|spice|something|magic|wow|stunning|vibrant|"
    r"\d0s|old[- ]school|old photo)\b",
    r"\b(?:anos\s+\d0|años\s+\d0|années\s+\d0|\d0er(?:\s+jahre)?)\b",
    # "antiguo/antiga" is a look after a look word ("cara de foto antiga", "estilo jornal antigo", "como un
    # cuadro antiguo"), not after the thing it describes ("un micrófono de radio antiguo", "o logótipo antigo").
    r"\b(?:estilo|cara|ar|aire|aspecto|look|efecto|efeito|como|parezca|pareça|tipo)\b[^,.;!?]{0,25}?\bantig\w+|"
    r"\b(?:foto|fotografía|fotografia|filme|película|polaroid|cuadro|pintura|postal)\s+antig\w+",
    # "Dale un aire de revista de los 90, colores lavados y mucho grano": a look, said by its air and grain.
    r"\b(?:aire\s+de|grano|colores\s+lavados|lavad[oa]s)\b",
    r"风格|画风|动漫|水彩|油画|复古|胶片|电影感|黑白|冬天|夏天|夜景|色调|滤镜|氛围|整体|光线|高级感|好看|美化|精修",
    r"風に|スタイル|アニメ|水彩|油絵|レトロ|フィルム|映画|白黒|色調|雰囲気|全体|ライティング|おしゃれ|高級感|きれいに",
    # A season or the night as the look ("夏っぽく", "冬の景色に"), not a product's season ("夏季新款").
    r"(?:冬|夏|夜)(?:っぽ|らし|景色|バージョン|仕様|に(?:して|変え|し)|の[^、。，,]{0,8}?(?:っぽ|雰囲気|景色|シーン|風景|感じ))",
    r"스타일|풍으로|애니|수채화|유화|레트로|필름|영화|흑백|겨울|여름|밤|색감|분위기|전체|조명|고급|예쁘게",
    r"\b(?:estilo|acuarela|óleo|anime|retro|vintage|cinematográfic\w+|blanco y negro|invierno|verano|noche|"
    r"tono|ambiente|iluminación|profesional|mejor|bonit\w+)\b",
    r"\b(?:style|aquarelle|peinture|anime|rétro|vintage|ciném\w+|noir et blanc|hiver|été|nuit|ambiance|"
    r"éclairage|professionnel\w*|mieux|joli\w*)\b",
    r"\w*zeichnung\b|\bbleistift\w*|\bskizze\b|\b(?:stil|aquarell|ölgemälde|anime|retro|vintage|film\w*|schwarz-weiß|winter|sommer|nacht|stimmung|"
    r"beleuchtung|farbton|look|professionell\w*|schöner|hochwertig\w*|wärmer|kälter|kontrastreich\w*|kontrast\w*|körnig\w*)\b",
    r"\b(?:estilo|aquarela|pintura|anime|retrô|vintage|cinematográfic\w+|preto e branco|inverno|verão|noite|"
    r"clima|iluminação|profissional|melhor|bonit\w+)\b",
    r"(?:стил\w+|акварел\w+|аниме|ретро|винтаж\w*|кинематограф\w+|черно-бел\w+|чёрно-бел\w+|зимн\w+|летн\w+|"
    r"ночн\w+|атмосфер\w+|освещени\w+|профессиональн\w+|красивее|лучше)",
    # The same looks in the other languages with wording (words that also name a hairstyle or a film
    # roll, like "gaya" or "stil", left out).
    r"\b(?:stile|acquerello|dipinto a olio|retrò|cinematografic\w+|bianco e nero|invernale|notturn\w+|atmosfera|"
    r"illuminazione|pellicola|stijl|aquarel|olieverf|filmisch\w*|zwart-wit|sfeer|belichting|akvarell|oljemålning|"
    r"filmisk|svartvit\w*|stämning|belysning|styl\w*|akwarel\w*|filmow\w*|czarno-biał\w*|zimow\w*|zim[aęy]|zimą|nocn\w*|"
    r"klimat\w*|oświetleni\w*|suluboya|sinematik|siyah beyaz|siyah-beyaz|atmosfer|ışıklandırma|cat air|"
    r"hitam putih|pencahayaan|suasana|phong cách|màu nước|hoài cổ|điện ảnh|đen trắng|ánh sáng)\b",
    r"(?:чорно-біл\w+|зимов\w+|нічн\w+|освітленн\w+|ύφος|στυλ|ακουαρέλα|ρετρό|βίντατζ|ασπρόμαυρ\w*|χειμωνιάτικ\w*|"
    r"νυχτεριν\w*|ατμόσφαιρα|φωτισμ\w*|סגנון|צבעי מים|אנימה|רטרו|וינטג|שחור לבן|שחור-לבן|חורפי|אווירה|תאורה|סרט ישן|"
    r"גרעיני|ציור|יוקרתי|מקצועי|תבהיר\w*|להבהיר|תכהה|תחשיך|أسلوب|ألوان مائية|أنمي|ريترو|لوحة زيتية|رسم زيتي|أبيض وأسود|(?:بال|ال)أبيض\s+و(?:ال)?أسود|شتوي|أجواء|إضاءة|สไตล์|สีน้ำ|อนิเมะ|เรโทร|วินเทจ|ขาวดำ|บรรยากาศ)",
)

# The whole image but one part ("brighten everything except the faces", "Сделай всё поярче, кроме лиц"): a
# global adjustment with an exception, not a local edit.
EVERYTHING_EXCEPT: Final = _compile(
    # (a few words may come between: "Rendi tutto più luminoso tranne il cielo")
    r"\b(?:everything|all of it|the whole (?:photo|image|picture|thing)|todo|toda la foto|tout|alles|tutto|tudo|allt|"
    r"wszystko)\b[^,.;!?]{0,25}?\b(?:except|apart from|other than|excepto|menos|salvo|sauf|außer|tranne|exceto|"
    r"behalve|utom|oprócz|poza)\b|"
    r"(?<![а-яё])вс[её]\b[^,.;]{0,20},?\s*кроме\b|(?<![а-яіїє])усе\b[^,.;]{0,20},?\s*крім\b|\bόλα\b[^,.;]{0,20}εκτός|"
    r"הכל\s+חוץ|\bsemua(?:nya)?\b[^,.;]{0,20}\bkecuali\b|\bmọi thứ\b[^,.;]{0,20}\btrừ\b|كل شيء\s+ما عدا|(?:الصورة كلها|كل الصورة)[^،,.;]{0,40}(?:ما عدا|عدا|باستثناء)|"
    r"ทุกอย่าง\S{0,10}ยกเว้น|除了.{1,10}(?:都|全部|整体)|以外(?:は)?全部|빼고\s*(?:전부|전체|다)",
)

# A request that names no concrete target ("make it pop", "fix this up"): default route, low confidence.
VAGUE: Final = _compile(
    r"(?:^|[.!?,;]\s*)(?:\w+\s+){0,3}?\b(?:make|fix|improve|enhance|do|tweak|edit|change|polish|jazz|spruce)\s+(?:it|this|that|"
    # (not "make it lime green": a colour names what "it" becomes)
    rf"the\s+(?:photo|image|picture|pic|shot))(?!\s+(?:(?:a|light|dark|deep|bright|pale|lime)\s+)?(?:{_COLOURS_EN})\b)"
    # (nor "make it a tartan bandana": a thing named; "make it a bit nicer" stays vague)
    r"(?!\s+(?:a|an)\s+(?!bit\b|little\b|touch\b|tad\b|lot\b|bit\s)[a-z])"
    r"(?:\s+(?:up|better|nicer|pop|look\w*|work|somehow))?\b",
    r"高级|好看|漂亮|差点意思|有点土|洋气|氛围感|怪怪的|处理一?下|不太对劲|いい感じ|おしゃれ|映える|감성|세련|고급스럽|예쁘게",
    # "Kan du fixa till den lite?", "bikin lebih mewah dong": the whole picture improved, nothing named.
    r"(?:как-то|як-небудь)\s+по\w+|\bпо(?:уютнее|красивее|интереснее|живее|лучше)\b|затишніше|гарніше|"
    r"\b(?:fixa till|snygga till|piffa upp|fixa)\s+(?:den|det|bilden|fotot)\b|\b(?:bikin|buat|jadikan)\s+(?:jadi\s+)?lebih\s+\w+",
    r"\bless\s+(?:sad|boring|dull|flat|bland|gloomy|depressing)\b|"
    r"\b(?:aufpeppen|aufhübschen|aufmotzen|langweilig|plus vendeu\w+|plus attrayant\w*|plus sympa)\b|ดูดีขึ้น|จืด|น่ากิน",
    # "ظبطها وخليها تبان أحلى": fix it up, make it look nicer.
    r"(?:خليها|خلّيها|اجعلها)\s+(?:أحلى|احلى|أجمل|أحسن)|(?:ظبط|اضبط|حسّن|حسن)(?:ها|ه)?(?=\s|$)|تبان\s+(?:أحلى|احلى|أجمل|احسن|أحسن)",
)

# Words that write, replace, fix or translate text: without one, "remove the 'For rent' sign" is a removal.
WRITES: Final = _compile(
    r"\b(?:write|writ\w+|add|put|say|says|said|read|reads|change|replace|swap|fix|correct|update|rename|spell|type|typo\w*)\b",
    r"写|改|換|换|書|変え|直|써|바꿔|고쳐|적어",
    r"\b(?:escrib\w*|pon\w*|cambi\w*|corrig\w*|écri\w*|ajout\w*|remplac\w*|chang\w*|schreib\w*|änder\w*|ersetz\w*|"
    r"korrigier\w*|escrev\w*|mud\w*|troc\w*|corrij\w*|scriv\w*|corregg\w*|sostitu\w*)\b",
    r"(?:напиш\w*|измени\w*|замени\w*|исправ\w*|поменя\w*)",
    # "'A' हटाकर 'B' लिख दो": writing in the other languages with wording.
    r"लिख|اكتب|كتابة|เขียน|\bviết\b|\btulis\w*|\bnapisz\w*|\bwpisz\w*|напиш\w*|γράψ\w*|כתוב|תכתוב|תכתבי|"
    r"\bskriv\b|\bskriv\s|\bschrijf\w*|\bvervang\w*|\bzamień(?!\s+miejscami)\w*|\bdeğiştir\w*|\bganti\w*|\bthay\b|\bđổi\b|बदल|"
    r"استبدل|غيّر|เปลี่ยน|תחליף|άλλαξ\w*|αντικατάστ\w*|замін\w*|зміни\w*",
)


# A reason after the edit, to the end of its sentence ("…, because the client hates green").
REASON: Final = _compile(
    r"[,，]?\s*(?:\b(?:because|weil|parce que|porque|perché|omdat|eftersom|ponieważ|bo|çünkü|потому что|так как|бо|"
    r"тому що|γιατί|karena|soalnya|vì|bởi vì)\b|כי\s|لأن|क्योंकि|因为|因為)[^.!?。！？\n]*",
    # The effect wished for, after the edit: "…? blir mer street vibe liksom", "…, so it looks more premium".
    r"(?:^|[,，?!.]\s*)(?:blir mer|så (?:att )?(?:det|den) blir|so (?:that )?it (?:looks|feels|reads) more|"
    r"damit es (?:mehr|besser)|pour que ce soit plus|para que (?:quede|se vea) más|per renderlo più)\b[^.!?。！？\n]*",
)


# "…, sans rien changer d'autre", "…, without touching anything else": no second edit, the rest kept.
NOTHING_ELSE: Final = _compile(
    r"\b(?:sans rien (?:\w+ )?d'autre|sans toucher (?:au reste|à rien d'autre)|without (?:changing|touching|altering) "
    r"anything else|sin (?:cambiar|tocar) nada más|senza (?:cambiare|toccare) (?:nient'altro|nulla|niente) (?:d'altro|altro)?|"
    r"sem (?:mudar|mexer|alterar) (?:em )?mais nada|ohne (?:sonst )?(?:etwas|irgendwas) (?:anderes )?zu (?:ändern|verändern)|"
    r"zonder (?:verder )?(?:iets|wat) (?:anders )?te (?:veranderen|wijzigen))",
)


# A question to the assistant beside the edit ("… and what do you think of the font?", "И как тебе вообще
# шрифт?"): it asks for an opinion, not for an edit, so its words pick no rule.
ASIDE_QUESTION: Final = _compile(
    r"(?:\b(?:and\s+|also\s+|btw,?\s+|et\s+|e\s+|y\s+|und\s+|en\s+|och\s+|i\s+|и\s+|і\s+)?(?:what do you think|do you think|"
    r"is it (?:ok|okay|normal|fine|good)|how do you like|is this (?:ok|fine|good)|tu trouves|qu'en penses|t'en penses|"
    r"qué te parece|qué opinas|o que (?:você |tu )?acha|cosa ne pensi|che ne dici|was (?:meinst|hältst) du|findest du|"
    r"wat vind je|vad tycker du|tycker du|co (?:myślisz|sądzisz)|ne düşünüyorsun|sence|как тебе|что думаешь|как считаешь|"
    r"як тобі|що думаєш|τι λες|πώς σου φαίνεται|bagaimana menurut\w*|menurutmu|bạn thấy|anh thấy|chị thấy)\b|"
    r"ומה דעתך|מה דעתך|ما رأيك|आपको क्या लगता|क्या लगता|वैसे ये|คิดว่า|你觉得|觉得怎么样|この写真って|と思います|どう思|"
    r"어때|어떻게 생각)[^?？\n]*[?？]",
)
# A self-correction: what follows replaces what was just said ("red — sorry, I mean maroon", "노란색으로, 아
# 아니다 형광 연두색으로").
CORRECTION: Final = _compile(
    r"^\s*[,.;:!—–-]*\s*(?:\b(?:sorry|no wait|wait|actually|i mean|i meant|oops|make that|correction|or rather|"
    r"désolée?|pardon|je veux dire|plutôt|perdón|quiero decir|mejor dicho|scusa|anzi|intendo|desculpa|quer dizer|"
    r"ou melhor|ich meine|nee|ik bedoel|förlåt|jag menar|przepraszam|chodzi mi o|yani|pardon|извини\w*|то есть|"
    r"вернее|ой|вибач\w*|тобто|συγγνώμη|εννοώ|maaf|maksudku|eh|nhầm|ý (?:mình|tôi) là)\b|סליחה|כלומר|عفوا|أقصد|"
    r"माफ़|मतलब|ขอโทษ|ไม่ใช่|不对|我是说|いや|じゃなくて|違う|아\s*아니다|아니\s|아니다)",
)
# A clause that ends by taking itself back ("a green collar — actually no", "verde... no"): the next clause
# replaces it.
CORRECTION_AFTER: Final = _compile(
    r"(?:\b(?:actually(?: no)?|no wait|nope|nah|no|or rather|sorry|oops|nee|nein|non|não|nie|nej|hayır)|"
    r"(?<![а-яіїє])(?:нет|ні|не)|όχι|לא|لا|नहीं|ไม่ใช่|不对|不是|いや|아니)\s*[—–-]*\s*$",
)
# What a thing should be, said after what it is now ("…está vermelho agora, mas deveria ser verde-menta").
TARGET_STATE: Final = _compile(
    r"^\s*(?:(?:but|mas|pero|mais|aber|ma|maar|men|ale|но|але|а|ama|αλλά|אבל|tapi|nhưng)\s+)?"
    r"(?:(?:it|they|elle|il|ela|ele|sie|es|er|lei|lui|hij|ze|det|den|она|он|оно)\s+)?"
    r"(?:should|must|needs? to|deveria|debería|devrait|dovrebbe|sollte|zou|borde|powin\w+|должн\w+|повин\w+|"
    r"nên là|phải là|seharusnya|ควรเป็น|应该是)",
)


# Clause boundaries for spotting compound edits ("add a hat and make it winter").
CLAUSE_SPLIT: Final = _compile(
    r"[,;，；、。.!?！？\n]",
    r"\b(?:and then|and also|and|then|also|plus|as well as)\b",
    r"然后|并且|同时|还要|另外|再把|再",
    r"そして|それから|あと|さらに|ついでに",
    r"그리고|하고|또한|또|다음에",
    r"\b(?:y luego|y también|y|luego|además|también)\b",
    r"\b(?:et puis|et aussi|et|puis|ensuite|aussi)\b",
    r"\b(?:und dann|und auch|und|dann|außerdem|auch)\b",
    r"\b(?:e depois|e também|e|depois|além disso|também)\b",
    r"(?:\bи\b|\bзатем\b|\bпотом\b|\bа также\b|\bтакже\b)",
    # The other languages with wording: "and", "then", "also".
    r"\b(?:e poi|e anche|poi|inoltre|en dan|en ook|en|dan|daarna|och sedan|och|sedan|samt|oraz|a potem|potem|także|"
    r"ve|sonra|ayrıca|bir de|та|й|потім|а також|також|και|μετά|επίσης|dan|lalu|kemudian|terus|và|rồi|sau đó|luôn)\b",
    r"\sऔर\s|\sफिर\s",
    # Arabic "و" is a prefix of any word ("وشاحًا" is a scarf): "and" only before an imperative.
    r"\s(?:і|i)\s|וגם|ואז|\sו(?=ת)|और|फिर|साथ ही|ثم|\sو(?=(?:اجعل|أضف|اضف|ضيف|غير|غيّر|ضع|حط|احذف|امسح|شيل|أزل|ازل|"
    r"خل|خلي|بدل|بدّل|لون|لوّن|كبر|كبّر|صغر|صغّر|انقل|أبق|ابق|اكتب|ترجم)\w*)|แล้วก็|แล้ว|และ",
)
EDIT_VERB: Final = _compile(
    r"\b(?:add|remove|change|make|turn|replace|put|give|swap|move|erase|delete|fix|brighten|darken|crop|"
    r"increase|reduce|blur|sharpen|recolou?r|paint|insert|place|set|let|convert|transform|restyle|extend|"
    r"expand|widen|straighten|rotate|flip|update|switch|apply|tilt|dress|hand|write|print|engrave|label|hang|drape|"
    r"scatter|sprinkle)\b",
    r"换|改|加|去掉|删|变|调|换成|改成|放|移|修|[Pp]\s?掉|添|弄|刷|涂|染|画|戴|穿|拿",
    r"変え|変更|追加|消|して|にする|入れ|置き|直し|明るく|暗く|差し替え|書き換え|置き換え|敷い|置い|付け|着せ|持たせ|かけさせ",
    r"바꿔|변경|추가|지워|넣어|만들어|고쳐|밝게|어둡게|옮겨",
    r"\b(?:cambia|cámbia\w*|cambia\w*|añade|agrega|quita|pon|haz|lleve|ponle|convierte|reemplaza|sustituye|mueve|elimina|borra|arregla|corrige|corrígel\w*|arréglal\w*)\b",
    r"\b(?:change|ajoute|enlève|mets|fais|rends|porter|remplace|déplace|supprime|corrige|transforme|passe|passez)\b",
    # The polite and other imperatives of the same verbs ("Rendez la pelouse plus verte et ajoutez …").
    r"\b(?:changez|ajoutez|enlevez|mettez|faites|rendez|remplacez|déplacez|supprimez|corrigez|transformez|donne|donnez|"
    r"repeins|repeignez|peins|peignez|colore|colorez)\b",
    r"\b(?:änder\w*|füg\w*|entfern\w*|mach\w*|ersetz\w*|verschieb\w*|tausch\w*|setz\w*|korrigier\w*|updaten)\b",
    r"\b(?:gib|gebt|geben sie|leg|stell|häng|färb\w*|zieh\w*)\b",
    r"\b(?:mude|muda|troque|troca|adicione|adiciona|acrescenta|acrescente|remova|coloque|coloca|faça|faz|deixe|deixa|põe|poe|bota|substitua|mova|"
    r"tire|corrija)\b",
    r"\b(?:metti|falle|fagli|cambia|rendi|aggiungi|togli|sostituisci|dai|date|dagli|dalle|colora|dipingi|sposta|"
    r"rimuovi|cancella|mettete|aggiungete|cambiate)\b",
    # Translate, as an imperative ("översätt bara texten", "przetłumacz napis").
    r"\b(?:översätt|przetłumacz|çevir|переведи|переклади|μετάφρασε|terjemahkan|dịch|traduce|traduis|traduisez|traduci|"
    r"traduza|übersetze|übersetz|vertaal)\b|תתרגם|תרגם|แปล|ترجم|अनुवाद",
    # Lighten and darken, said as one verb ("Schiarisci la foto", "aclara el cielo", "éclaircis le mur").
    r"\b(?:schiarisci|scurisci|aclara|oscurece|éclaircis|éclaircissez|assombris|clareie|clareia|escureça|escurece)\b",
    r"\b(?:dale|dales|coloca|pinta|añádele|agrégale|agregale|pinte|tira)\b",
    r"(?:измени|поменяй|добавь|убери|сделай|замени|перемести|удали|исправь|поставь|повесь|надень|нарисуй|покрась|положи)|(?<![а-яё])дай\b",
    # The polite plural ("Измените …", "Змініть светр … і дайте їй …") and romanised Hindi ("… ko red kar do").
    r"(?:измените|поменяйте|добавьте|уберите|замените|удалите|поставьте|наденьте|покрасьте|дайте|змініть|додайте|"
    r"приберіть|дайте|замініть|поставте|одягніть|перефарбуйте|видаліть)|\b(?:kar do|kardo|bana do|badal do|hata do|laga do|daal do)\b",
    r"\b(?:maak|zet|doe|leg|voeg|verander\w*|vervang\w*|haal|geef|verwijder\w*|gör|lägg|ändra|byt|sätt|ge|ersätt|"
    r"zmień|dodaj|usuń|zrób|daj|wstaw|połóż|postaw|rozjaśnij|przyciemnij|załóż|zamień|podmień|wymień|pomaluj|yap|ekle|değiştir|kaldır|koy|tak|giydir|boya|"
    r"зроби|додай|зміни|заміни|прибери|постав|одягни|надінь|вдягни|поміняй|κάνε|βάλε|άλλαξε|πρόσθεσε|αφαίρεσε|βγάλε|βάψε|"
    r"ganti|tambah\w*|hapus|buat|bikin|ubah|jadikan|pasang|kasih|đổi|thêm|xóa|xoá|làm|biến|thay|gắn|đặt)\b",
    # (not the bare "שנה": it is also "year", as in "בשנה שעברה")
    r"תחליף|תוסיף|תעשה|תשנה|תוריד|תשים|תצבע|תלביש|הוסף|החלף|बदल|जोड़|हटा|लगा|बना|डाल|पहना|रख\s*द|"
    r"को\s+(?:\S+\s+){1,3}?(?:कर दो|कर दें|करो|कर दीजिए|कीजिए)|"
    r"غيّر|غير|أضف|ضيف|احذف|اجعل|ضع|حط|خل|ألبس|เปลี่ยน|เพิ่ม|ใส่|ลบ|ทำให้|วาง|ทา",
)


# "don't use flux", "no nano banana" — a name mentioned to refuse it is not a choice.
# A model name with the words around it ("use flux for this", "用nano banana", "fluxで"), cut from the
# change text so the rewritten prompt never tells one model to be another. Compiled once, here.
MODEL_MENTION: Final = re.compile(
    r"(?:\b(?:use|using|with|via|on|in|run it on|try)\s+|(?:用|使用|通过)\s*)?(?:the\s+)?"
    + f"(?:{MODEL_NAME.pattern})"
    + r"(?:\s*(?:で|로|으로|来|模型)|\s+(?:model|please|for this|for that|for it))?",
    re.IGNORECASE | re.UNICODE,
)

# Sides of a body or a garment and product words are not places in the image: "her left hand", "the
# right sleeve", "high-tops", "tank top". Blanked out before positional cues are read (policy: rule 9
# is about image regions only).
NOT_A_REGION: Final = _compile(
    # A corner of a room or a shop is a place in the scene, not a corner of the image.
    r"\b(?:reading|cozy|cosy|kids'?|play|coffee|breakfast|tv|study|work|sitting|dining|book|nursery)\s+(?:nook|corner)s?\b|"
    r"\bcorner\s+(?:shop|table|sofa|office|store|café|cafe|desk|unit|cabinet|bench)s?\b",
    # "une frange droite" is a straight fringe, "une ligne droite" a straight line: not the right side.
    r"\b(?:frange|ligne|jupe|coupe|posture|raie)\s+droite\b",
    r"\b(?:(?:her|his|their|my|your|the|its)\s+)?(?:left|right)[\s-]+(?:hand|arm|leg|foot|feet|ear|eye|cheek|shoulder|"
    r"wrist|knee|hip|hands|arms|legs|eyes|ears)s?\b",
    # Worn things only with an owner: "her left shoe" is a side of her outfit, "the right sneaker" a place.
    r"\b(?:her|his|their|my|your)\s+(?:left|right)[\s-]+(?:shoe|sneaker|boot|sleeve|glove|pocket)s?\b",
    r"\b(?:high|low|mid|tank|crop|tube|halter|flip|table|roof|lap|desk|hill|tree|mountain)[\s-]?tops?\b",
    r"\btop[\s-]?(?:coat|hat|knot|sheet|layer|notch|model|seller)s?\b|\bbottoms\b",
    # "her top", "his denim top", "my new top": a garment, not the top of the image.
    r"\b(?:her|his|their|my|your)\s+(?:[a-z-]+\s+)?tops?\b",
    r"\b(?:a|an)\s+(?:[a-z-]+\s+){1,3}tops?\b(?!\s+(?:of|left|right|corner|half|edge|side|part))",
    r"[左右](?:手|腕|臂|胳膊|脚|足|肩|耳|眼|目|袖|ポケット|靴)|(?:왼|오른)(?:손|팔|발|쪽\s*(?:손|팔|어깨|귀|눈|소매))",
    r"\b(?:mano|brazo|pie|hombro|oreja|ojo|manga)\s+(?:izquierd|derech)\w*",
    r"\b(?:main|bras|pied|épaule|oreille|œil|manche)\s+(?:gauche|droite)\b|\bsourire\s+en\s+coin\b",
    r"\bon\s+top(?:\s+of)?\b|\bnach\s+(?:oben|unten)\s+(?:schau|blick|seh|guck)\w*|\b(?:soft|hard)[\s-]?tops?\b",
    r"\b(?:linke|rechte)[nrms]?\s+(?:hand|arm|fuß|schulter|ohr|auge|ärmel)\w*",
    r"\b(?:mão|braço|antebraço|pé|ombro|orelha|olho|manga)\s+(?:esquerd|direit)\w*",
    r"\b(?:mano|braccio|piede|spalla|orecchio|occhio|manica)\s+(?:sinistr|destr)\w*",
    r"(?:лев|прав)\w*\s+(?:рук|ног|плеч|ух|глаз|рукав)\w*|(?:лів|прав)\w*\s+(?:рук|ног|плеч|вух|оч|рукав)\w*",
    r"\b(?:sol|sağ)\s+(?:el|kol|ayak|omuz|kulak|göz)\w*|\b(?:lew|praw)\w*\s+(?:rę|ręk|dło|ramie|nog|uch|ok|rękaw)\w*",
    r"\b(?:linker|rechter)\s?(?:hand|arm|been|voet|schouder|oor|oog|mouw)\w*|\b(?:vänster|höger)\s?(?:hand|arm|ben|fot|axel|öra|öga|ärm)\w*",
    r"\b(?:tangan|lengan|kaki|bahu|telinga|mata)\s+(?:kiri|kanan)\w*|\b(?:tay|cánh tay|chân|vai|tai|mắt)\s+(?:trái|phải)",
    r"(?:बाएं|दाएं|बाईं|दाईं|बायें|दायें)\s+(?:हाथ|बाजू|पैर|कंधे|कान|आंख)|(?:يد|ذراع|كتف|رجل)\w*\s+(?:اليمنى|اليسرى)",
    r"\b(?:antebraço|pulso|joelho|bochecha|avambraccio|polso|ginocchio|guancia|forearm|cheek|elbow)\s+(?:\w+\s+)?(?:esquerd|direit|sinistr|destr)\w*",
    r"\b(?:left|right)[\s-]+(?:forearm|elbow|palm|thumb|ankle|temple|side of (?:her|his) face)\b",
    # The sun, not the Turkish "left": "gafas de sol", "óculos de sol", "al sol".
    r"\b(?:gafas|lentes|anteojos|óculos|crema|protector|puesta|luz|rayos)\s+(?:de\s+|del\s+)?sol\b|\b(?:el|al|del|ao|do)\s+sol\b",
)
# An expression or a pose that goes with another change is part of that one instruction ("she is now
# holding an umbrella and smiling"): policy rule 11.
EXPRESSION: Final = _compile(
    r"^\s*(?:(?:with|and|a|an|the|make her|make him|have her|have him|let her|let him|while|give her|give him|give them)\s+)*"
    r"(?:(?:slight|soft|big|gentle|small|warm|subtle|little)\s+)?(?:smile|smiling|smiles|grin\w*|laugh\w*|wink\w*|frown\w*|"
    r"look(?:ing)?\s+(?:at the camera|up|down|away)|happy expression|surprised|serious expression)\s*[.!]?\s*$",
    r"微笑|笑|露出.{0,6}微笑|笑顔|ほほえ|微笑ん|笑って|ニヤ|にや|にっこり|ยิ้ม|cười|ابتسام|يبتسم|חיוך|מחייך|मुस्कान|मुस्कुरा|웃|미소",
    # Whole words: Swedish "ler" is inside Turkish plurals ("perdeleri"), "sonr-" starts Turkish "sonra".
    r"\b(?:χαμόγελ\w*|uśmiech\w*|gülüms\w*|посміх\w*|leende|ler|senyum|sonr[ií]\w*|souri(?:ant\w*|re|ez|t)|"
    r"lächel\w*|sorri\w+|улыб\w+|sorrid\w+|risad\w*|rindo)",
    r"^\s*(?:(?:and|then)\s+)?(?:give|make)\s+(?:her|him|them)\s+(?:a\s+)?(?:slight|soft|big|small|little|gentle|warm)?\s*smile\b",
    r"^\s*(?:(?:and|then)\s+)?(?:(?:let|make|have)\s+(?:him|her|them)\s+)?(?:look|looks|looking)\s+"
    r"(?:a\s+bit\s+|slightly\s+|a\s+little\s+)?(?:surprised|happy|sad|shocked|amazed|serious|curious|thoughtful|"
    r"confident|relaxed|excited|pleased|proud|amused|content|satisfied)\b",
)
