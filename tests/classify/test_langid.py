"""The Latin-script language identifier: shipped data, deterministic, and right on plain requests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from runcomfy_edit_tool._classify.langid import features, latin_language
from runcomfy_edit_tool._classify.text import detect_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("request_text", "language"),
    [
        ("Riempi l'area mascherata con un prato di fiori di campo.", "it"),
        ("Nella zona selezionata sostituisci la corona dentale grigia con una bianca naturale.", "it"),
        ("Dammi un effetto acquerello su tutta la foto del borgo.", "it"),
        ("Cambia el fondo por una playa al atardecer, pero que el perro quede tal cual.", "es"),
        ("Remplace le ciel gris par un ciel bleu avec quelques nuages.", "fr"),
        ("Mach den Himmel bitte etwas blauer, der Rest bleibt gleich.", "de"),
        ("Troca o fundo por uma praia ao pôr do sol, sem mexer no cachorro.", "pt"),
        ("Geef de keramieken schaal een glanzend blauw glazuur.", "nl"),
        ("Byt bakgrunden till en snöig fjällsluttning men behåll skidåkaren.", "sv"),
        ("Tolong ganti latar belakangnya jadi pantai, orangnya tetap sama ya.", "id"),
        ("make the sky a little more dramatic but keep the house as it is", "en"),
        ("put a pair of aviator sunglasses on him, thx", "en"),
    ],
)
def test_plain_requests_get_their_language(request_text: str, language: str) -> None:
    """Everyday requests in each Latin-script language with wording are identified as that language."""
    assert detect_language(request_text) == language


def test_no_words_means_no_guess() -> None:
    """A request with no Latin words (digits, emoji) gives the model nothing to score."""
    assert latin_language("123 🙏 !!") is None
    assert detect_language("123 🙏") == "en"


def test_features_are_words_and_edged_trigrams() -> None:
    """Each word counts once as itself and once per trigram of its edged spelling; case is folded."""
    assert features("Sol") == ["w:sol", "c: so", "c:sol", "c:ol "]


def test_shipped_model_matches_a_fresh_training() -> None:
    """langid.json is exactly what scripts/train_langid.py trains from the development sets today."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_langid.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
