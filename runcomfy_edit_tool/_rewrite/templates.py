"""Prompt wording per language, loaded from `prompts/rewrite/<lang>.toml` as validated data.

Each file must have exactly the keys of `PromptWording` and each template exactly the variables
`_VARIABLES` allows; rendering without one of them raises `PromptTemplateError` naming it.
Files are read once per process.
"""

from __future__ import annotations

import functools
import string
import tomllib
from typing import Final

from pydantic import BaseModel, ConfigDict, ValidationError

from .._exceptions import PromptTemplateError
from .._intent import SCRIPTS, Script
from .._resources import data_path

# Languages with hand-written wording. Others get English wording around the user's quoted words.
TEMPLATE_LANGUAGES: Final = (
    "en", "zh", "ja", "ko", "es", "fr", "de", "pt", "ru",
    "it", "nl", "sv", "pl", "tr", "uk", "el", "id", "vi", "hi", "ar", "he", "th",
)  # fmt: skip

# key → the variables its template may use (and must be given).
_VARIABLES: Final[dict[str, frozenset[str]]] = {
    "keep_rest": frozenset(),
    "list_sep": frozenset(),
    "list_last_sep": frozenset(),
    "sentence_end": frozenset(),
    "quote": frozenset({"text"}),
    "batch": frozenset(),
    "background_only": frozenset(),
    "text_exact": frozenset({"quotes"}),
    "text_script": frozenset({"script"}),
    "image_ref": frozenset({"n"}),
    "image_numbers": frozenset({"images"}),
    "zimage_keep": frozenset(),
    "zimage_fill": frozenset(),
    "foreign": frozenset({"language", "request"}),
}


class _ScriptNames(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    Latin: str
    Cyrillic: str
    Greek: str
    Arabic: str
    Hebrew: str
    Devanagari: str
    Thai: str
    Hangul: str
    Japanese: str
    Chinese: str


class PromptWording(BaseModel):
    """One language's wording. Field names are the template keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    keep_rest: str
    list_sep: str
    list_last_sep: str
    sentence_end: str
    quote: str
    batch: str
    background_only: str
    text_exact: str
    text_script: str
    image_ref: str
    image_numbers: str
    zimage_keep: str
    zimage_fill: str
    foreign: str
    script_names: _ScriptNames

    def render(self, key: str, **values: str | int) -> str:
        """Fill template `key`; a missing variable is a `PromptTemplateError` naming it."""
        template = getattr(self, key, None) if key in _VARIABLES else None
        if not isinstance(template, str):
            raise PromptTemplateError(f"no prompt template {key!r} in prompts/rewrite/{self.language}.toml")
        missing = _VARIABLES[key] - values.keys()
        if missing:
            name = sorted(missing)[0]
            raise PromptTemplateError(
                f"template {key!r} of prompts/rewrite/{self.language}.toml needs variable {name!r}"
            )
        return string.Template(template).substitute({k: str(v) for k, v in values.items()})

    def join(self, items: list[str]) -> str:
        """`a, b and c` in this language."""
        if len(items) <= 1:
            return "".join(items)
        return self.list_sep.join(items[:-1]) + self.list_last_sep + items[-1]

    def script_name(self, script: Script) -> str:
        """The name of a writing system in this language."""
        name: str = getattr(self.script_names, script)
        return name


def _check_variables(language: str, raw: dict[str, object]) -> None:
    where = f"prompts/rewrite/{language}.toml"
    for key, allowed in _VARIABLES.items():
        template = raw.get(key)
        if not isinstance(template, str):
            continue
        parsed = string.Template(template)
        if not parsed.is_valid():
            raise PromptTemplateError(f"template {key!r} of {where} has a stray '$'")
        used = set(parsed.get_identifiers())
        if used - allowed:
            raise PromptTemplateError(
                f"template {key!r} of {where} uses unknown variable {sorted(used - allowed)[0]!r}"
            )
        if allowed - used:
            raise PromptTemplateError(
                f"template {key!r} of {where} never uses variable {sorted(allowed - used)[0]!r}"
            )


@functools.cache
def wording(language: str) -> PromptWording:
    """The validated wording for one of `TEMPLATE_LANGUAGES`."""
    if language not in TEMPLATE_LANGUAGES:
        raise PromptTemplateError(f"no prompt wording for language {language!r}")
    try:
        path = data_path("prompts", "rewrite", f"{language}.toml")
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PromptTemplateError(f"cannot read prompts/rewrite/{language}.toml: {exc}") from exc
    _check_variables(language, raw)
    try:
        return PromptWording.model_validate({"language": language, **raw})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PromptTemplateError(f"prompts/rewrite/{language}.toml: {where!r}: {first['msg']}") from exc


def script_names(script: Script) -> set[str]:
    """Every name of `script` across the template languages (and its canonical English id)."""
    names: set[str] = {script}
    names.update(wording(language).script_name(script) for language in TEMPLATE_LANGUAGES)
    return names


__all__ = ["SCRIPTS", "TEMPLATE_LANGUAGES", "PromptWording", "script_names", "wording"]
