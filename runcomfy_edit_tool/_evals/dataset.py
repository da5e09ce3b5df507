"""The eval data set format (one JSON object a line) and its loader.

Users bring their own sets, so every row is validated and a bad one is reported as
``path:LINE: what is wrong`` on one line, the way compilers report errors, so editors can jump to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Final
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from .._catalog import MAX_IMAGES, RouteId
from .._exceptions import EvalDatasetError
from .._intent import Script

__all__ = ["CaseExpect", "EvalCase", "load_eval_set", "parse_eval_lines"]


def _https_url(value: str) -> str:
    # RunComfy fetches inputs from the public web over HTTPS (core issue); a case the planner must
    # reject for its URL would measure the guard, not the routing, so the set may not contain one.
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(ch.isspace() for ch in value):
        raise ValueError(f"expected an https:// URL, got {value!r}")
    return value


HttpsUrl = Annotated[str, AfterValidator(_https_url)]
# ISO 639-1 codes are two lowercase letters; checking the shape catches "EN", "eng" and "en-US".
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Tag = Annotated[str, StringConstraints(min_length=1, pattern=r"^\S(.*\S)?$")]


class CaseExpect(BaseModel):
    """What the rewritten plan must carry besides the route; every key is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quoted_text: list[Annotated[str, StringConstraints(min_length=1)]] | None = Field(
        default=None, description="Strings that must appear verbatim in the rewritten prompt."
    )
    script: Script | None = Field(default=None, description="A script the prompt must name, e.g. 'Japanese'.")
    refs: int | None = Field(
        default=None, ge=1, le=MAX_IMAGES, description="Distinct numbered image references the prompt needs."
    )
    num_images: int | None = Field(default=None, ge=1, le=4, description="The body's `num_images`.")
    keep: list[Annotated[str, StringConstraints(min_length=1)]] | None = Field(
        default=None, description="Phrases of the request that a faithful prompt must still contain."
    )
    drop: list[Annotated[str, StringConstraints(min_length=1)]] | None = Field(
        default=None,
        description="Phrases of the request (model names, steering lines) the prompt must not contain.",
    )


class EvalCase(BaseModel):
    """One labelled request: the inputs a user would give and the route the policy says is right."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(min_length=1, pattern=r"^\S+$")]
    request: Annotated[str, StringConstraints(min_length=1)]
    images: list[HttpsUrl] = Field(min_length=1, max_length=MAX_IMAGES)
    mask: HttpsUrl | None = None
    route: RouteId
    lang: LangCode
    tags: list[Tag] = Field(default_factory=list)
    expect: CaseExpect | None = None

    @model_validator(mode="after")
    def _phrases_are_the_users(self) -> EvalCase:
        # keep/drop label the user's own words; a phrase not in the request is a labelling slip.
        if self.expect is not None:
            for key in ("keep", "drop"):
                for phrase in getattr(self.expect, key) or ():
                    if phrase not in self.request:
                        raise ValueError(f"expect.{key} phrase {phrase!r} is not in the request")
        return self


def _short(value: object, limit: int = 80) -> str:
    """A value's repr cut to `limit` characters so a whole bad row never floods the one-line error."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_name(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as people write it: ``images[2]``, ``expect.refs``."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "row"


def _describe(error: ValidationError) -> str:
    """The first validation problem as ``'field': message``; the rest are counted, not listed (one line)."""
    problems = error.errors(include_url=False)
    first = problems[0]
    field = _field_name(first["loc"])
    kind = first["type"]
    if kind in {"missing", "extra_forbidden"}:
        text = f"{field!r}: {first['msg']}"
    elif kind == "value_error":
        # Our own validators already quote the bad value; pydantic's "Value error, " prefix is noise.
        text = f"{field!r}: {first['msg'].removeprefix('Value error, ')}"
    elif kind == "model_type":
        text = f"{field!r}: expected a JSON object (got {_short(first['input'])})"
    else:
        text = f"{field!r}: {first['msg']} (got {_short(first['input'])})"
    if len(problems) > 1:
        text += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''} on this line)"
    return text


def parse_eval_lines(lines: Iterable[str], source: str) -> list[EvalCase]:
    """Validate JSONL text lines (numbered from 1) into cases; `source` names the file in errors.

    Blank lines are skipped so a trailing newline or a visual gap is harmless.
    """
    cases: list[EvalCase] = []
    first_line_of: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDatasetError(f"{where}: not valid JSON: {exc.msg} at column {exc.colno}") from None
        except RecursionError:
            raise EvalDatasetError(f"{where}: nested too deep to be an eval case") from None
        except ValueError:  # a number past Python's digit limit
            raise EvalDatasetError(f"{where}: holds a number too large to read") from None
        if not isinstance(row, dict):
            raise EvalDatasetError(f"{where}: expected a JSON object, got {type(row).__name__}")
        try:
            case = EvalCase.model_validate(row)
        except ValidationError as exc:
            raise EvalDatasetError(f"{where}: {_describe(exc)}") from None
        except RecursionError:
            raise EvalDatasetError(f"{where}: nested too deep to be an eval case") from None
        if case.id in first_line_of:
            first = first_line_of[case.id]
            raise EvalDatasetError(f"{where}: duplicate 'id' {case.id!r} (first used on line {first})")
        first_line_of[case.id] = number
        cases.append(case)
    if not cases:
        raise EvalDatasetError(f"{source}: no cases (expected one JSON object per line)")
    return cases


_ENCODING: Final = "utf-8"


def load_eval_set(path: str | Path) -> list[EvalCase]:
    """Load and validate an eval set (JSONL). Raises `EvalDatasetError` naming the file and line."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise EvalDatasetError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise EvalDatasetError(f"{source}: is a directory, expected a JSONL file") from None
    except OSError as exc:
        raise EvalDatasetError(f"{source}: cannot read: {exc.strerror}") from None
    lines = raw.split(b"\n")
    text_lines: list[str] = []
    for number, line in enumerate(lines, start=1):
        try:
            text_lines.append(line.decode(_ENCODING))
        except UnicodeDecodeError as exc:
            where = f"{source}:{number}"
            raise EvalDatasetError(f"{where}: not UTF-8 (byte {exc.start + 1} of the line)") from None
    # A UTF-8 byte-order mark from some editors is not part of the first row's JSON.
    if text_lines and text_lines[0].startswith("\ufeff"):
        text_lines[0] = text_lines[0][1:]
    return parse_eval_lines(text_lines, source)
