"""The body matches the live schema: `models [--check]` compares and caches; `run` checks the cached schema
before paying; `plan` never touches the network or the cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_model_api import FakeModelAPI, drifted_schemas, live_schema

from runcomfy_edit_tool._catalog import MODELS
from runcomfy_edit_tool._cli import main
from runcomfy_edit_tool._execute.schema import SchemaCache, body_problems, compare_schemas

NANO = MODELS["nano-banana-edit"].model_id
IMAGE = "https://cdn.example.com/street.jpg"


def _schema(**properties: Any) -> dict[str, Any]:
    required = [k for k, v in properties.items() if v.pop("required", False)]
    return {"type": "object", "properties": properties, "required": required}


@pytest.mark.parametrize(
    ("live", "says"),
    [
        (drifted_schemas()[NANO], "field 'num_images': sent by the catalog, not in the live schema"),
        (
            drifted_schemas()[NANO],
            "field 'number_of_images': in the live schema (optional), not in the catalog",
        ),
        (
            _schema(
                prompt={"type": "string", "required": True}, image_urls={"type": "array", "required": True}
            ),
            "field 'seed': sent by the catalog, not in the live schema",
        ),
        (
            {**live_schema("nano-banana-edit"), "required": ["prompt", "image_urls", "resolution"]},
            "field 'resolution': required by the live schema, optional in the catalog",
        ),
        (
            {**live_schema("nano-banana-edit"), "required": ["prompt"]},
            "field 'image_urls': required by the catalog, optional in the live schema",
        ),
    ],
)
def test_compare_names_each_kind_of_drift(live: dict[str, Any], says: str) -> None:
    """Fields, required fields, types and enums that differ are each named in one line."""
    assert says in compare_schemas("nano-banana-edit", live)


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (lambda p: p["seed"].update(type="string"), "field 'seed': type integer in the catalog, string live"),
        (
            lambda p: p["resolution"].update(enum=["1K", "2K"]),
            "the catalog allows 0.5K, 4K, the live schema does not",
        ),
        (
            lambda p: p["resolution"].update(enum=["0.5K", "1K", "2K", "4K", "8K"]),
            "the live schema also allows 8K",
        ),
        (lambda p: p["seed"].update(enum=[1, 2]), "field 'seed': the live schema allows only 1, 2"),
        (lambda p: p.update(evil={"type": "string", "description": "\x1b]0;x\x07"}), "field 'evil'"),
    ],
)
def test_compare_types_and_enums(mutate: Any, says: str) -> None:
    """Type and enum changes (either direction) are reported; the catalog being stricter is not drift."""
    live = live_schema("nano-banana-edit")
    mutate(live["properties"])
    notes = compare_schemas("nano-banana-edit", live)
    assert any(says in note for note in notes), notes
    assert not any("\x1b" in note for note in notes)


@pytest.mark.parametrize("route", list(MODELS))
def test_the_catalog_matches_its_own_schema(route: Any) -> None:
    """No drift against the schema the catalog itself implies (the fake's default)."""
    assert compare_schemas(route, live_schema(route)) == []


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            {"prompt": "p", "image_urls": [IMAGE], "num_images": 2},
            "'num_images' is not a field of the live schema",
        ),
        ({"prompt": "p"}, "'image_urls' is required and not sent"),
        ({"prompt": 3, "image_urls": [IMAGE]}, "'prompt' is integer, the live schema wants string"),
        ({"prompt": "p", "image_urls": [IMAGE], "resolution": "8K"}, "'resolution' = '8K' is not one of"),
    ],
)
def test_body_problems(body: dict[str, Any], says: str) -> None:
    """A body the live schema would reject is described field by field."""
    live = drifted_schemas()[NANO]
    assert any(says in p for p in body_problems(body, live))


def test_a_body_the_live_schema_accepts_has_no_problems() -> None:
    """Integers are numbers; optional fields may be left out."""
    live = live_schema("z-image-inpaint")
    body = {"prompt": "p", "image_url": IMAGE, "mask_image_url": IMAGE, "strength": 1}
    assert body_problems(body, live) == []


@pytest.mark.parametrize(
    ("content", "age", "usable"),
    [
        (None, 10.0, True),
        (None, 25 * 3600.0, False),  # past the TTL
        (None, -100.0, False),  # from the future: a clock jump, not trusted
        (b"\xff\xfe", 10.0, False),
        (b"[" * 100_000, 10.0, False),
        (b'{"model_id": "other/model", "fetched_at": 0, "input_schema": {}}', 10.0, False),
        (
            b'{"model_id": "google/nano-banana-2/edit", "fetched_at": "yesterday", "input_schema": {}}',
            10.0,
            False,
        ),
    ],
)
def test_the_cache_keeps_fresh_readable_entries_only(
    tmp_path: Path, content: bytes | None, age: float, usable: bool
) -> None:
    """Expired, future-dated, unreadable or foreign cache entries are ignored, never an error."""
    now = 1_000_000.0
    writer = SchemaCache(tmp_path, clock=lambda: now - age)
    writer.store(NANO, live_schema("nano-banana-edit"))
    if content is not None:
        writer.path(NANO).write_bytes(content)
    loaded = SchemaCache(tmp_path, clock=lambda: now).load(NANO)
    assert (loaded is not None) is usable


def test_models_check_reports_drift_and_exits_1(
    api_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """`models --check` with a drifted live schema: the differences printed, exit 1, schemas cached."""
    fake_api.faults.schemas = drifted_schemas()
    code = main(["models", "--check"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "number_of_images" in out
    assert "1024x1024" in out
    assert "difference(s) between the catalog and RunComfy's live schemas" in err
    cached = Path(api_env["RUNCOMFY_EDIT_CACHE_DIR"]) / "schemas"
    assert len(list(cached.glob("*.json"))) == 4
    assert [r.method for r in fake_api.requests] == ["GET"] * 4


def test_models_check_passes_without_drift(
    api_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """`models --check --json` against matching schemas: exit 0, drift 0 for every route."""
    assert main(["models", "--check", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["drift"] == 0
    assert set(payload["routes"]) == set(MODELS)


def test_run_refuses_a_body_the_cached_live_schema_rejects(
    api_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """After `models` cached a drifted nano schema, a nano run with num_images is exit 65, not submitted."""
    fake_api.faults.schemas = drifted_schemas()
    main(["models"])
    capsys.readouterr()
    argv = ["run", "give me 3 options of this, new colours", "--image", IMAGE, "--classifier", "rules"]
    code = main([*argv, "--model", "nano-banana-edit", "--num-outputs", "3", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 65
    assert "'num_images' is not a field of the live schema" in err
    assert "models --check" in err
    assert fake_api.submits == []


def test_plan_never_reads_the_network_or_the_cache(
    api_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan` with a drifted schema cached: still plans (free and offline), sends nothing."""
    fake_api.faults.schemas = drifted_schemas()
    main(["models"])
    before = len(fake_api.requests)
    code = main(
        ["plan", "give me 3 options", "--image", IMAGE, "--classifier", "rules", "--num-outputs", "3"]
    )
    assert code == 0
    assert len(fake_api.requests) == before
