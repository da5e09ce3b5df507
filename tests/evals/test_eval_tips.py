"""Tip-compliance checks over rewritten prompts: preservation first, flux one sentence, z-image, gpt refs."""

from __future__ import annotations

import pytest
from _eval_fakes import IMG, make_intent, make_plan

from runcomfy_edit_tool._evals.tips import (
    first_sentence,
    flux_single_instruction,
    gpt_refs_numbered,
    preservation_first,
    sentences,
    tip_checks,
    zimage_outside_mask,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Keep her face unchanged. Put her on a beach.", ["Keep her face unchanged.", "Put her on a beach."]),
        ("She is now holding an orange umbrella.", ["She is now holding an orange umbrella."]),
        (
            'Change the sign to "OPEN. COME IN." Keep the wall.',
            ['Change the sign to "OPEN. COME IN."', "Keep the wall."],
        ),
        ("保持人物不变。把背景换成海滩。", ["保持人物不变。", "把背景换成海滩。"]),
        ("人物はそのまま！背景を海に", ["人物はそのまま！", "背景を海に"]),
        ("Set strength to 0.5 and go.", ["Set strength to 0.5 and go."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("", []),
        ("...", []),
    ],
)
def test_sentences_split_on_enders_not_inside_quotes(text: str, expected: list[str]) -> None:
    """Sentences end at . ! ? + space, at CJK stops and line breaks, never inside quoted text or decimals."""
    assert sentences(text) == expected


def test_first_sentence_of_empty_prompt() -> None:
    """An empty prompt has an empty first sentence."""
    assert first_sentence("") == ""


@pytest.mark.parametrize(
    ("prompt", "preserve", "ok"),
    [
        ("Keep her face and pose unchanged. Replace the background with a beach.", [], True),
        ("Her face stays as it is. Replace the background.", ["her face"], True),  # names a preserved item
        (
            "Replace the background with a beach. Keep her face unchanged.",
            ["her face"],
            False,
        ),  # change first
        ("Replace the background with a beach.", [], False),
        ("Keeping her pose, she is now holding an orange umbrella.", [], True),
        ("保持人物不变。把背景换成海滩。", [], True),
        ("把背景换成海滩。保持人物不变。", [], False),
        ("人物はそのままにして、背景を海に変えてください。", [], True),
        ("인물은 그대로 두고 배경을 바다로 바꿔 주세요.", [], True),
        ("Mantén a la persona sin cambios. Cambia el fondo.", [], True),
        ("Garde le visage inchangé. Change le fond.", [], True),
        ("Behalte das Gesicht unverändert. Ändere den Hintergrund.", [], True),
        ("Mantenha o rosto inalterado. Troque o fundo.", [], True),
        ("Сохрани лицо без изменений. Замени фон.", [], True),
        ("KEEP THE LOGO. Make the sky pink.", [], True),
        ("Put her in a garden. Make it sunny.", [], False),  # "garden" is not French "garde"
        ("En gardant le reste à l'identique, ajoute un bouquet de pivoines.", [], True),
        ("Mantendo sem alterações o resto, põe um chapéu de palha nela.", [], True),
        ("Manteniendo sin cambios el resto, ponle un sombrero.", [], True),
        ("레이아웃에는 손대지 말고 문구를 바꾸세요.", [], True),
        ("Сохраняя без изменений лицо, добавь шляпу.", [], True),
        ("Preserving the layout, swap the logo.", [], True),
        ("The keeper now wears gloves.", [], False),
    ],
)
def test_preservation_first(prompt: str, preserve: list[str], ok: bool) -> None:
    """The first sentence must carry the preservation clause, in any supported language."""
    assert preservation_first(prompt, make_intent(preserve=preserve)) is ok


@pytest.mark.parametrize(
    ("prompt", "ok"),
    [
        ("Keeping her face unchanged, she is now holding an orange umbrella.", True),
        ('The sign now reads "OPEN. COME IN."', True),
        ("Keep her face unchanged. She is now holding an orange umbrella.", True),
        ("Keep everything else the same. Make the mug matte black.", True),
        ("She holds an umbrella.\nShe wears a hat.", False),
        ("Keep her face. Add a hat. Make it winter.", False),
        ("保持脸部不变，她现在手里拿着一把橙色的伞。", True),
        ("保持脸部不变。她现在手里拿着一把橙色的伞。", True),
        ("她拿着伞。她戴着帽子。", False),
    ],
)
def test_flux_single_instruction(prompt: str, ok: bool) -> None:
    """A flux prompt passes only when it is exactly one sentence."""
    assert flux_single_instruction(prompt) is ok


@pytest.mark.parametrize(
    ("prompt", "preserve", "ok"),
    [
        ("Fill the masked area with clean wall; preserve rooflines and sky gradient.", ["rooflines"], True),
        ("Fill the mask with grass. Keep everything outside the mask unchanged.", [], True),
        ("Fill the mask with grass.", [], False),
        ("Fill the mask with grass.", ["the dog"], False),
        ("Fill the mask with grass; leave the outside alone.", [], False),
        ("用草地填充遮罩区域，保持遮罩以外的内容不变。", [], True),
        ("マスクの外はそのまま、芝生で埋めてください。", [], True),
        ("마스크 밖은 그대로 두세요.", [], True),
        ("Rellena la máscara con césped; no toques nada fuera de la máscara.", [], True),
        ("Remplis le masque; rien ne change en dehors du masque.", [], True),
        ("Fülle die Maske; alles AUSSERHALB DER MASKE bleibt.", [], True),  # ß/SS via casefold
        ("Preencha a máscara; nada muda fora da máscara.", [], True),
        ("Заполни маску травой, всё вне маски оставь.", [], True),
    ],
)
def test_zimage_outside_mask(prompt: str, preserve: list[str], ok: bool) -> None:
    """A z-image prompt must name what stays outside the mask: a preserved item or the phrase itself."""
    assert zimage_outside_mask(prompt, make_intent(preserve=preserve)) is ok


@pytest.mark.parametrize(
    ("prompt", "n_images", "ok"),
    [
        ("Put the person from image 1 into the room of image 2.", 2, True),
        ("Put the person from image 1 into the room.", 2, False),
        ("Subject from image 1, light of image 2, palette of image 3.", 3, True),
        ("把图1的人物放进图2的房间。", 2, True),
        ("Put the person from the first photo into the second.", 2, False),
    ],
)
def test_gpt_refs_numbered(prompt: str, n_images: int, ok: bool) -> None:
    """With several images, each must be referred to by number."""
    assert gpt_refs_numbered(prompt, n_images) is ok


@pytest.mark.parametrize(
    ("route", "n_images", "applicable"),
    [
        ("nano-banana-edit", 1, {"preservation_first"}),
        ("nano-banana-edit", 5, {"preservation_first"}),
        ("flux-kontext-pro", 1, {"preservation_first", "flux_single_instruction"}),
        ("z-image-inpaint", 1, {"preservation_first", "zimage_outside_mask"}),
        ("gpt-image-2-edit", 1, {"preservation_first"}),
        ("gpt-image-2-edit", 2, {"preservation_first", "gpt_refs_numbered"}),
    ],
)
def test_tip_checks_apply_by_route(route: str, n_images: int, applicable: set[str]) -> None:
    """Each plan is held only to the tips of the route it chose and its number of images."""
    plan = make_plan(route, images=[IMG] * n_images)  # type: ignore[arg-type]
    assert set(tip_checks(plan)) == applicable


def test_tip_checks_verdicts() -> None:
    """A compliant gpt composition passes both of its tips; a non-compliant one fails them."""
    good = make_plan(
        "gpt-image-2-edit",
        "Keep the person's face unchanged. Place the person from image 1 into the room of image 2.",
        images=[IMG, IMG],
    )
    bad = make_plan("gpt-image-2-edit", "Place the person into the room.", images=[IMG, IMG])
    assert tip_checks(good) == {"preservation_first": True, "gpt_refs_numbered": True}
    assert tip_checks(bad) == {"preservation_first": False, "gpt_refs_numbered": False}


@pytest.mark.parametrize("language", ["en", "zh", "ja", "ko", "es", "fr", "de", "pt", "ru"])
def test_markers_cover_the_rewriters_wording(language: str) -> None:
    """Every template language's keep and z-image wording satisfies the tip checks (no drift)."""
    from string import Template

    from runcomfy_edit_tool._rewrite.templates import TEMPLATE_LANGUAGES, wording

    assert language in TEMPLATE_LANGUAGES
    words = wording(language)
    nothing_kept = make_intent(preserve=[])
    assert preservation_first(words.keep_rest + " Y.", nothing_kept)
    flux = words.keep_rest + " Make the mug matte black."
    assert preservation_first(flux, nothing_kept)
    assert flux_single_instruction(flux)
    assert zimage_outside_mask(words.zimage_keep, nothing_kept)
    assert Template(words.quote).substitute(text="X")
