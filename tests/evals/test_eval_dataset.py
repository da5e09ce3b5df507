"""The eval data-set format, its loader's line-numbered errors, and the data-file resolver."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from _eval_fakes import IMG, case_row, write_jsonl

from runcomfy_edit_tool import _resources
from runcomfy_edit_tool._evals.dataset import EvalCase, load_eval_set
from runcomfy_edit_tool._exceptions import EvalDatasetError
from runcomfy_edit_tool._resources import data_path

GOOD = case_row("bg-001", "put her on a beach", "nano-banana-edit", tags=["background"])


def _set_field(row: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    changed = dict(row)
    if value is _DROP:
        del changed[key]
    else:
        changed[key] = value
    return changed


_DROP = object()


def test_loads_valid_rows_in_order(tmp_path: Path) -> None:
    """Valid rows load in file order with defaults for the optional keys."""
    second = case_row(
        "txt-001",
        "replace the headline with 「夏のセール」",
        "gpt-image-2-edit",
        lang="ja",
        expect={"quoted_text": ["夏のセール"], "script": "Japanese"},
    )
    minimal = {"id": "min-1", "request": "x", "images": [IMG], "route": "flux-kontext-pro", "lang": "fr"}
    path = write_jsonl(tmp_path / "set.jsonl", [GOOD, second, minimal])
    cases = load_eval_set(path)
    assert [c.id for c in cases] == ["bg-001", "txt-001", "min-1"]
    assert cases[1].expect is not None
    assert cases[1].expect.quoted_text == ["夏のセール"]
    assert cases[1].expect.script == "Japanese"
    assert cases[2].mask is None
    assert cases[2].tags == []
    assert cases[2].expect is None


def test_blank_lines_bom_and_crlf_are_harmless(tmp_path: Path) -> None:
    """A BOM, CRLF endings and blank lines do not count as rows or errors."""
    path = tmp_path / "set.jsonl"
    path.write_bytes(("\ufeff" + json.dumps(GOOD) + "\r\n\r\n   \n").encode("utf-8"))
    assert [c.id for c in load_eval_set(path)] == ["bg-001"]


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (_set_field(GOOD, "id", _DROP), "'id': Field required"),
        (_set_field(GOOD, "id", ""), "'id'"),
        (_set_field(GOOD, "id", "has space"), "'id'"),
        (_set_field(GOOD, "request", ""), "'request'"),
        (_set_field(GOOD, "images", []), "'images'"),
        (_set_field(GOOD, "images", [IMG] * 21), "'images'"),
        (
            _set_field(GOOD, "images", ["http://example.com/a.jpg"]),
            "'images[0]': expected an https:// URL, got 'http://example.com/a.jpg'",
        ),
        (_set_field(GOOD, "images", [IMG, "a.jpg"]), "'images[1]'"),
        (_set_field(GOOD, "images", "https://example.com/a.jpg"), "'images'"),
        (_set_field(GOOD, "mask", "ftp://example.com/m.png"), "'mask'"),
        (_set_field(GOOD, "route", "nano-banana"), "'route'"),
        (_set_field(GOOD, "route", _DROP), "'route': Field required"),
        (_set_field(GOOD, "lang", "EN"), "'lang'"),
        (_set_field(GOOD, "lang", "en-US"), "'lang'"),
        (_set_field(GOOD, "lang", "eng"), "'lang'"),
        (_set_field(GOOD, "tags", ["ok", ""]), "'tags[1]'"),
        (_set_field(GOOD, "tags", "background"), "'tags'"),
        (_set_field(GOOD, "expect", {"quotes": ["A"]}), "'expect.quotes': Extra inputs are not permitted"),
        (_set_field(GOOD, "expect", {"script": "Klingon"}), "'expect.script'"),
        (_set_field(GOOD, "expect", {"refs": 0}), "'expect.refs'"),
        (_set_field(GOOD, "expect", {"num_images": 5}), "'expect.num_images'"),
        (_set_field(GOOD, "expect", {"quoted_text": "AURA"}), "'expect.quoted_text'"),
        (_set_field(GOOD, "expect", 3), "'expect': expected a JSON object (got 3)"),
        (_set_field(GOOD, "colour", "red"), "'colour': Extra inputs are not permitted"),
    ],
)
def test_bad_row_names_file_line_and_field(tmp_path: Path, row: dict[str, Any], fragment: str) -> None:
    """A bad row is reported as one line `path:LINE: 'field': problem`, naming the right line."""
    other = case_row("ok-2", "fine", "nano-banana-edit")
    path = write_jsonl(tmp_path / "set.jsonl", [other, row])
    with pytest.raises(EvalDatasetError) as caught:
        load_eval_set(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: ")
    assert fragment in message
    assert "\n" not in message
    assert caught.value.exit_code == 65


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"id": "a",\n', "not valid JSON"),
        ("[1, 2]\n", "expected a JSON object, got list"),
        ('"just a string"\n', "expected a JSON object, got str"),
    ],
)
def test_unparseable_line_is_named(tmp_path: Path, text: str, fragment: str) -> None:
    """A line that is not a JSON object is reported with its line number (blank lines still count)."""
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(GOOD) + "\n\n" + text, encoding="utf-8")
    with pytest.raises(EvalDatasetError, match=rf"^{re.escape(str(path))}:3: {fragment}"):
        load_eval_set(path)


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    """A repeated id is an error on its second line that points back to the first."""
    path = write_jsonl(tmp_path / "set.jsonl", [GOOD, case_row("x", "y", "nano-banana-edit"), GOOD])
    with pytest.raises(EvalDatasetError, match=r":3: duplicate 'id' 'bg-001' \(first used on line 1\)$"):
        load_eval_set(path)


def test_several_problems_are_counted_on_one_line(tmp_path: Path) -> None:
    """When a row has several problems the first is named and the rest are counted, still one line."""
    row = _set_field(_set_field(GOOD, "route", "nope"), "lang", "English")
    path = write_jsonl(tmp_path / "set.jsonl", [row])
    with pytest.raises(EvalDatasetError, match=r"and 1 more problem on this line\)$"):
        load_eval_set(path)


def test_long_bad_value_is_shortened(tmp_path: Path) -> None:
    """A huge bad value is cut in the message so the error stays readable."""
    path = write_jsonl(tmp_path / "set.jsonl", [_set_field(GOOD, "route", "x" * 500)])
    with pytest.raises(EvalDatasetError) as caught:
        load_eval_set(path)
    assert len(str(caught.value)) < 400


def test_non_utf8_line_is_named(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are reported with their line number."""
    path = tmp_path / "set.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + b'{"id": "\xff"}\n')
    with pytest.raises(EvalDatasetError, match=r":2: not UTF-8"):
        load_eval_set(path)


@pytest.mark.parametrize(
    ("setup", "fragment"),
    [
        ("missing", "no such file"),
        ("directory", "is a directory"),
        ("empty", "no cases"),
        ("blank", "no cases"),
    ],
)
def test_unusable_file_is_one_line_error(tmp_path: Path, setup: str, fragment: str) -> None:
    """A missing, directory, empty or blank-only file is an EvalDatasetError naming the path."""
    path = tmp_path / "set.jsonl"
    if setup == "directory":
        path.mkdir()
    elif setup == "empty":
        path.write_text("")
    elif setup == "blank":
        path.write_text("\n  \n")
    with pytest.raises(EvalDatasetError, match=rf"^{re.escape(str(path))}: {fragment}"):
        load_eval_set(path)


def test_case_model_is_frozen_and_strict() -> None:
    """EvalCase rejects unknown keys and cannot be mutated after loading."""
    case = EvalCase.model_validate(GOOD)
    with pytest.raises(ValueError, match="frozen"):
        case.route = "flux-kontext-pro"  # type: ignore[misc]


def test_data_path_falls_back_to_the_checkout() -> None:
    """In a source checkout (no packaged _data), data_path finds the repo's evals/ file."""
    found = data_path("evals", "routing.jsonl")
    assert found == Path(__file__).resolve().parents[2] / "evals" / "routing.jsonl"


def test_data_path_prefers_the_packaged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the wheel's _data copy exists it wins over the checkout's."""
    packaged = tmp_path / "_data" / "evals" / "routing.jsonl"
    packaged.parent.mkdir(parents=True)
    packaged.write_text("")
    monkeypatch.setattr(_resources, "files", lambda _package: tmp_path)
    assert data_path("evals", "routing.jsonl") == packaged


def test_data_path_missing_names_both_places() -> None:
    """A file that is in neither place raises FileNotFoundError naming it."""
    with pytest.raises(FileNotFoundError, match=r"'evals/nope\.jsonl' is neither packaged"):
        data_path("evals", "nope.jsonl")
