"""What a user types to name a model, and lines that try to steer routing: shared by the classifier and the rewriter.

The classifier reads a model name as a choice (policy rule 1) and a steering line as data; the
rewriter removes both from the prompt. One table serves both, so a name the router obeyed is always
a name the prompt no longer carries.
"""

from __future__ import annotations

import re
from typing import Final

from ._catalog import RouteId
from ._cues import Cue

__all__ = ["INJECTION", "MODEL_NAME", "MODEL_NAMES", "MODEL_NEGATION", "route_of_name"]

_FLAGS: Final = re.IGNORECASE | re.UNICODE
_L: Final = r"A-Za-z\u00C0-\u024F\u0400-\u04FF0-9"
# Latin-script names need word edges; names in other scripts sit inside CJK text without spaces.
_B: Final = rf"(?<![{_L}])"
_E: Final = rf"(?![{_L}])"

_SPELLINGS: Final[dict[RouteId, str]] = {
    "nano-banana-edit": rf"{_B}(?:nano[\s_-]*ban+an+(?:a|ą|ie|y|ę|u|o)(?:[\s_-]*(?:2|pro))?(?:[\s_-]*edit)?|gemini(?:[\s-]+\w+)?\s+image)"
    rf"{_E}|ナノ\s*バナナ|나노\s*바나나|нано[\s-]*банан\w*|नैनो\s*बनाना|นาโน\s*บานาน่า|نانو\s*بنانا|ננו\s*בננה|νάνο\s*μπανάνα",
    "gpt-image-2-edit": rf"{_B}(?:gpt[\s_-]*(?:image|imaj|imagen|imagem)(?:[\s_-]*2)?(?:[\s_-]*edit)?|gpt[\s_-]*img(?:[\s_-]*2)?){_E}"
    r"|(?:gpt|지피티)\s*이미지(?:\s*2)?|(?:gpt|ジーピーティー)\s*イメージ(?:\s*2)?|дж[иі]?п[іи]т[іи]\s*[іи]м[іи]дж(?:\s*2)?",
    "flux-kontext-pro": rf"{_B}(?:flux(?:[\s_.-]*1)?(?:[\s_-]*kontext?)?(?:[\s_-]*pro)?(?:[\s_-]*edit)?(?:em|ie|a)?|fluks(?:em|ie|a)?|kontext?(?:[\s_-]*pro)?(?:em)?)"
    rf"{_E}|フラックス(?:\s*コンテキスト)?|플럭스(?:\s*컨텍스트)?|(?:флюкс|флакс)(?:\s*контекст)?|контекст|फ्लक्स(?:\s*कॉन्टेक्स्ट)?",
    "z-image-inpaint": rf"{_B}(?:z[\s_-]*image(?:[\s_-]*turbo)?(?:[\s_-]*inpaint(?:ing)?)?){_E}|지\s*이미지",
}

MODEL_NAMES: Final[dict[RouteId, re.Pattern[str]]] = {
    route: re.compile(pattern, _FLAGS) for route, pattern in _SPELLINGS.items()
}
# Any model name, longest spelling first so "flux kontext pro" is one mention, not three.
MODEL_NAME: Final = re.compile("|".join(f"(?:{p})" for p in _SPELLINGS.values()), _FLAGS)

# "don't use flux", "no nano banana" — a name mentioned to refuse it is not a choice.
MODEL_NEGATION: Final = re.compile(
    r"\b(?:not|don'?t use|do not use|without|instead of|rather than|avoid)\s+(?:the\s+)?$"
    # "no" refuses ("no flux please"), except Portuguese "no" = "in the" ("passa isto no flux").
    r"|(?<!\bisto )(?<!\bisso )(?<!\bpassa )(?<!\broda )(?<!\brode )(?<!\bfaz )(?<!\btenta )(?<!\baqui )(?<!\bquero )(?<!\bqueria )(?<!\busa )(?<!\bjoga )(?<!\bmanda )(?<!\bbota )(?<!\bfaça )\bno\s+(?:the\s+)?$"
    r"|(?:不要用|别用|不用|不要使用)\s*$"
    r"|\b(?:no uses|sin|en lugar de|pas|sans|au lieu de|nicht|kein\w*|statt|não use|sem|em vez de|не)\s+$",
    _FLAGS,
)

# A line that tries to steer the router: its words are data, never a choice, and never prompt text.
INJECTION: Final = Cue(
    "|".join(
        (
            r"\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(?:instructions?|rules?|prompt|polic(?:y|ies)|"
            r"above|previous|system|routing|guidelines?|classifier|router)\b",
            r"\b(?:note|message|instruction)s?\s+to\s+(?:the\s+)?(?:router|classifier|assistant|model)\b",
            r"\[\s*(?:system|sistema|système|systeme|system-?anweisung|система|系统|システム|시스템|מערכת|النظام|σύστημα|"
            r"sistem|hệ thống|ระบบ|सिस्टम)[^\]]{0,60}\]",
            r"</?\s*(?:user|system|assistant)\s*>",
            r"\b(?:ignor[ae]\w*|ignore)\s+(?:o|el|le|das|the)?\s*(?:roteamento|enrutamiento|routage|routing)\b",
            r"\b(?:system|assistant|developer)\s*(?:prompt|message|note|override)?\s*:",
            r"\b(?:you must|you are required to|always|must)\s+(?:route|classify|choose|pick|select|send)\b",
            r"\b(?:route|classify|send)\s+(?:this|it|the request)\s+(?:to|as)\b",
            r"\broute\s*=|\broute\s*:|\bmodel\s*=\s*\S",
            r"忽略.{0,20}(?:指令|指示|规则|提示|设定)|无视.{0,10}(?:规则|指令)|必须路由|路由到|强制使用",
            r"(?:指示|ルール|命令|プロンプト).{0,10}(?:無視|忘れ)|ルーティング|システム指示|システムメッセージ|系统指令|系统提示|시스템 지시",
            r"(?:지시|규칙|명령|프롬프트).{0,10}(?:무시|잊어)|라우팅",
            r"\b(?:ignora\w*|olvida\w*)\b[^.\n]{0,40}\b(?:instrucciones|reglas|indicaciones)\b",
            r"\b(?:ignore\w*|oublie\w*)\b[^.\n]{0,40}\b(?:instructions|règles|consignes)\b",
            r"\b(?:ignorier\w*|vergiss\w*)\b[^.\n]{0,40}\b(?:anweisungen|regeln|vorgaben)\b",
            r"\b(?:ignor[ea]\w*|esqueça\w*)\b[^.\n]{0,40}\b(?:instruções|regras)\b",
            r"(?:игнорир\w+|забудь\w*)[^.\n]{0,40}(?:инструкци\w+|правил\w+)",
            r"(?:ігноруй\w*|забудь\w*)[^.\n]{0,40}(?:інструкці\w+|правил\w+)",
            r"\bignora\w*\b[^.\n]{0,40}\bistruzioni\b|\babaikan\b[^.\n]{0,40}\b(?:instruksi|perintah)\b",
            r"\bbỏ qua\b[^.\n]{0,40}(?:hướng dẫn|chỉ dẫn|chỉ thị)|\bhệ thống\s*:",
            r"(?:talimat\w*|yönerge\w*)[^.\n]{0,30}(?:yok say|görmezden|unut)",
            r"निर्देश[^।\n]{0,30}(?:भूल|अनदेखा|नज़रअंदाज़|नजरअंदाज)|تجاهل[^.\n]{0,30}(?:التعليمات|الأوامر)",
            r"\b(?:negeer|vergeet)\b[^.\n]{0,40}\b(?:instructies|regels|opdrachten)\b|\b(?:ignorera|glöm)\b[^.\n]{0,40}"
            r"\b(?:instruktioner|regler)\b|\b(?:zignoruj|ignoruj|zapomnij)\b[^.\n]{0,40}\b(?:instrukcj\w*|polece\w*|zasad\w*)",
            r"(?:αγνόησε|ξέχασε)[^.\n]{0,40}(?:οδηγίες|κανόνες)|(?:התעלם|שכח)[^.\n]{0,40}(?:הוראות|כללים)",
            # Users name models; only routing instructions spell the route ids.
            r"(?<![A-Za-z0-9-])(?:nano-banana-edit|gpt-image-2-edit|flux-kontext-pro|z-image-inpaint)(?![A-Za-z0-9-])",
        )
    )
)


def route_of_name(mention: str) -> RouteId | None:
    """The route a model mention names ("Flux Kontext" → flux-kontext-pro), or None."""
    for route, pattern in MODEL_NAMES.items():
        if pattern.fullmatch(mention.strip()):
            return route
    return None
