"""Rewritten prompts follow each model's tips, in the request's language, with quotes byte-for-byte."""

from __future__ import annotations

import re

import pytest

from runcomfy_edit_tool import EditRouter
from runcomfy_edit_tool._evals.tips import tip_checks

ROUTER = EditRouter(classifier="rules")
ONE = ["https://cdn.example.com/a.jpg"]
TWO = ["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg"]
MASK = "https://cdn.example.com/m.png"

# (request, images, mask) across routes and languages; every applicable tip must pass for each.
CASES: list[tuple[str, list[str], str | None]] = [
    ("keep her face, put her on a rainy neon street", ONE, None),
    ("保持人物不变，把背景换成雨夜霓虹街道", ONE, None),
    ("人物はそのままで、背景を桜並木に", ONE, None),
    ("인물은 그대로 두고 배경을 바다로 바꿔줘", ONE, None),
    ("Cambia el fondo por una playa, mantén la cara", ONE, None),
    ("Garde le visage et remplace le fond par une plage", ONE, None),
    ("Behalte das Gesicht bei und ersetze den Hintergrund durch einen Strand", ONE, None),
    ("Mantenha o rosto e troque o fundo por uma praia", ONE, None),
    ("Сохрани лицо и замени фон на пляж", ONE, None),
    ("见出し", ONE, None),
    ("見出しを「夏のセール」に変えて", ONE, None),
    ("make her scarf red. Thanks!", ONE, None),
    ("给小猫戴上蝴蝶结", ONE, None),
    ("Mach den Pullover dunkelgrün", ONE, None),
    ("remove the cables", ONE, MASK),
    ("把遮罩里的电线去掉，保留屋檐和天空", ONE, MASK),
    ("マスク部分の電線を消して", ONE, MASK),
    ("put the subject from image 1 into the room of image 2", TWO, None),
    ("1枚目の商品を2枚目の背景に合成して", TWO, None),
    ("Falle tenere in mano un gelato al pistacchio", ONE, None),
]


@pytest.mark.parametrize(("request_text", "images", "mask"), CASES)
def test_tips_hold(request_text: str, images: list[str], mask: str | None) -> None:
    """Preservation leads; flux is one sentence; z-image names the outside; gpt refs are numbered."""
    plan = ROUTER.plan(request_text, images, mask)
    assert all(tip_checks(plan).values()), (plan.route, plan.prompt, tip_checks(plan))


@pytest.mark.parametrize(
    "request_text",
    ["把标题换成日文", "保持人物不变，把背景换成海边", "给小狗戴一条红色的围巾", "见出し"],
)
def test_chinese_request_gets_chinese_prompt(request_text: str) -> None:
    """A Chinese request's prompt has no English template words glued around it."""
    prompt = ROUTER.plan(request_text, ONE).prompt
    assert not re.search(r"[A-Za-z]{3,}", prompt), prompt


@pytest.mark.parametrize(
    ("request_text", "quotes"),
    [
        ("見出しを「夏のセール」に変えて", ["夏のセール"]),
        ('change the headline to "NEW  Drop — 50% off!"', ["NEW  Drop — 50% off!"]),
        ("Замени надпись на «Кофе & Чай»", ["Кофе & Чай"]),
        ('write "مرحبا" on the mug', ["مرحبا"]),
    ],
)
def test_quotes_verbatim(request_text: str, quotes: list[str]) -> None:
    """Quoted in-image text reaches the prompt byte-for-byte."""
    prompt = ROUTER.plan(request_text, ONE).prompt
    for quote in quotes:
        assert quote in prompt


def test_script_named_in_prompt_language() -> None:
    """A translation names the target script in the prompt's own language."""
    assert "日文（假名和汉字）" in ROUTER.plan("把标题换成日文", ONE).prompt
    assert "Korean Hangul" in ROUTER.plan("translate the banner into Korean", ONE).prompt


def test_unsupported_language_quotes_user_words() -> None:
    """A request in a language without wording gets English wording with the user's words quoted whole."""
    prompt = ROUTER.plan("Dej jí do ruky deštník a ať se usmívá", ONE).prompt
    assert '"Dej jí do ruky deštník a ať se usmívá."' in prompt
    assert prompt.startswith("Keep everything")


@pytest.mark.parametrize(
    ("request_text", "keep_sentence"),
    [
        ("Falle tenere in mano un gelato al pistacchio", "Lascia invariato tutto ciò"),
        ("Maak de mok mat zwart", "Laat alles wat het verzoek niet noemt ongewijzigd."),
        ("Gör hennes klänning röd", "Låt allt som förfrågan inte nämner"),
        ("Zmień kolor kubka na zielony", "Pozostaw bez zmian wszystko"),
        ("Gelinin buketini beyaz güllerden yap", "İstekte belirtilmeyen her şeyi"),
        ("Зроби обручку з рожевого золота", "Усе, що не згадано в запиті"),
        ("Κάνε το φόρεμα κόκκινο", "Άφησε αμετάβλητο"),
        ("Cho bé cầm một quả bóng bay màu vàng", "Giữ nguyên mọi thứ"),
    ],
)
def test_wording_in_the_request_language(request_text: str, keep_sentence: str) -> None:
    """Languages with wording files get their own guidance, never a neighbour's or English."""
    assert keep_sentence in ROUTER.plan(request_text, ONE).prompt


def test_batch_is_one_instruction_for_all() -> None:
    """A batch prompt says the same edit applies to every image."""
    prompt = ROUTER.plan("white background on all of these", TWO).prompt
    assert "every image" in prompt
