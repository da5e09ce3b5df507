"""Prompt wording files: same keys everywhere, validated variables, loud errors."""

from __future__ import annotations

import tomllib

import pytest

from runcomfy_edit_tool import PromptTemplateError
from runcomfy_edit_tool._resources import data_path
from runcomfy_edit_tool._rewrite.templates import (
    _VARIABLES,
    TEMPLATE_LANGUAGES,
    script_names,
    wording,
)


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_every_language_loads(language: str) -> None:
    """Each wording file validates: all keys, no unknown key, exact variables."""
    assert wording(language).language == language


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_same_keys_as_english(language: str) -> None:
    """Every language file has exactly the English file's keys."""
    english = tomllib.loads(data_path("prompts", "rewrite", "en.toml").read_text("utf-8"))
    other = tomllib.loads(data_path("prompts", "rewrite", f"{language}.toml").read_text("utf-8"))
    assert set(other) == set(english)
    assert set(other["script_names"]) == set(english["script_names"])


def test_missing_variable_is_named() -> None:
    """Rendering without a variable raises PromptTemplateError naming the variable and the file."""
    with pytest.raises(
        PromptTemplateError, match=r"template 'foreign' of prompts/rewrite/en.toml needs variable 'request'"
    ):
        wording("en").render("foreign", language="Italian")


def test_unknown_key_is_an_error() -> None:
    """Asking for a template that does not exist is a PromptTemplateError, not an AttributeError."""
    with pytest.raises(PromptTemplateError, match="no prompt template 'nope'"):
        wording("en").render("nope")


def test_unknown_language_is_an_error() -> None:
    """Only languages with wording files load."""
    with pytest.raises(PromptTemplateError, match="no prompt wording for language 'xx'"):
        wording("xx")


def test_variable_table_covers_every_template() -> None:
    """Every string field of the wording model is declared in the variable table."""
    english = tomllib.loads(data_path("prompts", "rewrite", "en.toml").read_text("utf-8"))
    string_keys = {k for k, v in english.items() if isinstance(v, str)}
    assert string_keys == set(_VARIABLES)


def test_script_names_are_localized() -> None:
    """A script is known by its English id and its name in each wording language."""
    names = script_names("Japanese")
    assert {"Japanese", "日本語（かなと漢字）", "日文（假名和汉字）"} <= names
