"""The catalog against RunComfy's live input schemas: compare, cache, and check a body before paying.

RunComfy serves each model's input schema at ``GET {base}/models/{model_id}`` (``input_schema``, a
JSON Schema object). The catalog's field names and enums come from RunComfy's pages, and some are
uncertain, so:

- `compare_schemas` lists the differences between the catalog's body model and a live schema
  (fields, required fields, types, enum values), one readable line each;
- `SchemaCache` keeps each fetched schema on disk (``schemas/`` in the cache directory) with the
  time it was fetched; entries older than ``SCHEMA_CACHE_TTL_SECONDS`` are ignored;
- `body_problems` checks a body against a schema; `run` calls it with the cached schema, so a body
  the live schema would reject is refused (exit 65) before the paid submit. `plan` never reads the
  network, and `run` never fetches a schema itself: only ``runcomfy-edit models`` does.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .._catalog import MODELS, RouteId
from .._sanitize import clean

__all__ = [
    "SCHEMA_CACHE_TTL_SECONDS",
    "FieldShape",
    "SchemaCache",
    "body_problems",
    "catalog_schema",
    "compare_schemas",
    "shape_of",
]

SCHEMA_CACHE_TTL_SECONDS: Final = 24 * 3600.0  # a day: schemas change with releases, not by the minute
MAX_SCHEMA_BYTES: Final = 1024 * 1024
_SAFE_NAME: Final = re.compile(r"[^A-Za-z0-9._-]+")
_JSON_TYPES: Final = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    list: "array",
    dict: "object",
}


@dataclass(frozen=True)
class FieldShape:
    """One field as both sides describe it: its JSON types and, for enums, its allowed values."""

    types: frozenset[str]
    enum: tuple[Any, ...] | None


def _types_of(node: Mapping[str, Any]) -> tuple[set[str], list[Any] | None]:
    types: set[str] = set()
    enum: list[Any] | None = None
    kind = node.get("type")
    if isinstance(kind, str):
        types.add(kind)
    elif isinstance(kind, list):
        types.update(k for k in kind if isinstance(k, str))
    if isinstance(node.get("enum"), list):
        enum = list(node["enum"])
    if "const" in node:
        enum = [*(enum or []), node["const"]]
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key) or []:
            if isinstance(option, Mapping):
                more_types, more_enum = _types_of(option)
                types |= more_types
                if more_enum is not None:
                    enum = [*(enum or []), *more_enum]
    return types, enum


def shape_of(schema: Mapping[str, Any]) -> tuple[dict[str, FieldShape], frozenset[str]]:
    """A JSON Schema object's fields (types and enums, ``null`` ignored) and its required names."""
    properties = schema.get("properties")
    fields: dict[str, FieldShape] = {}
    if isinstance(properties, Mapping):
        for name, node in properties.items():
            if not isinstance(name, str) or not isinstance(node, Mapping):
                continue
            types, enum = _types_of(node)
            types.discard("null")
            if "integer" in types:
                types.discard("number")  # pydantic says integer where a page may say number
            values = tuple(v for v in enum if v is not None) if enum is not None else None
            fields[name] = FieldShape(frozenset(types), values)
    required = schema.get("required")
    names = (
        frozenset(r for r in required if isinstance(r, str)) if isinstance(required, list) else frozenset()
    )
    return fields, names


def catalog_schema(route: RouteId) -> dict[str, Any]:
    """The catalog's body model for `route` as a JSON Schema (what this package sends)."""
    return MODELS[route].body.model_json_schema()


def _show(values: Any) -> str:
    return clean(", ".join(str(v) for v in values), 160)


def compare_schemas(route: RouteId, live: Mapping[str, Any]) -> list[str]:
    """Differences between the catalog's body for `route` and a live input schema, one line each."""
    ours, our_required = shape_of(catalog_schema(route))
    theirs, their_required = shape_of(live)
    notes: list[str] = []
    for name in sorted(ours.keys() - theirs.keys()):
        notes.append(f"field {name!r}: sent by the catalog, not in the live schema")
    for name in sorted(theirs.keys() - ours.keys()):
        need = "required" if name in their_required else "optional"
        notes.append(f"field {clean(name, 60)!r}: in the live schema ({need}), not in the catalog")
    for name in sorted(ours.keys() & theirs.keys()):
        mine, live_field = ours[name], theirs[name]
        if mine.types and live_field.types and not mine.types & live_field.types:
            notes.append(
                f"field {name!r}: type {_show(sorted(mine.types))} in the catalog, "
                f"{_show(sorted(live_field.types))} live"
            )
        if mine.enum is not None and live_field.enum is not None:
            extra = [v for v in mine.enum if v not in live_field.enum]
            missing = [v for v in live_field.enum if v not in mine.enum]
            if extra:
                notes.append(f"field {name!r}: the catalog allows {_show(extra)}, the live schema does not")
            if missing:
                notes.append(f"field {name!r}: the live schema also allows {_show(missing)}")
        elif mine.enum is not None and live_field.enum is None:
            pass  # the catalog is stricter than the server: harmless
        elif live_field.enum is not None:
            notes.append(f"field {name!r}: the live schema allows only {_show(live_field.enum)}")
    for name in sorted((their_required - our_required) & (ours.keys() | theirs.keys())):
        notes.append(f"field {clean(name, 60)!r}: required by the live schema, optional in the catalog")
    for name in sorted(our_required - their_required):
        if name in theirs:
            notes.append(f"field {name!r}: required by the catalog, optional in the live schema")
    return notes


def body_problems(body: Mapping[str, Any], live: Mapping[str, Any]) -> list[str]:
    """Why the live schema would reject `body` (unknown field, missing required, wrong type or value)."""
    fields, required = shape_of(live)
    if not fields:
        return []  # a schema with no properties says nothing we can check
    problems: list[str] = []
    for name in sorted(required - body.keys()):
        problems.append(f"{clean(name, 60)!r} is required and not sent")
    for name, value in body.items():
        shape = fields.get(name)
        if shape is None:
            problems.append(f"{name!r} is not a field of the live schema")
            continue
        kind = _JSON_TYPES.get(type(value))
        if not _type_ok(kind, shape.types):
            problems.append(f"{name!r} is {kind}, the live schema wants {_show(sorted(shape.types))}")
        elif shape.enum is not None and value not in shape.enum:
            problems.append(f"{name!r} = {clean(repr(value), 60)} is not one of {_show(shape.enum)}")
    return problems


def _type_ok(kind: str | None, types: frozenset[str]) -> bool:
    if kind is None or not types:
        return True
    if kind == "integer":  # JSON has one number type; an integer is also a number
        return bool(types & {"integer", "number"})
    return kind in types


def _file_name(model_id: str) -> str:
    return _SAFE_NAME.sub("_", model_id).strip("._") + ".json"


class SchemaCache:
    """Live input schemas on disk, one JSON file per model id, each with its fetch time."""

    def __init__(
        self,
        directory: Path,
        *,
        ttl: float = SCHEMA_CACHE_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory
        self.ttl = ttl
        self._clock = clock

    def path(self, model_id: str) -> Path:
        """Where the schema of `model_id` is kept."""
        return self.directory / _file_name(model_id)

    def store(self, model_id: str, schema: Mapping[str, Any]) -> Path:
        """Keep `schema` with the current time (written atomically; a failure leaves the old entry)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {"model_id": model_id, "fetched_at": self._clock(), "input_schema": schema}
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".schema-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle)
            os.replace(tmp, self.path(model_id))
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return self.path(model_id)

    def load(self, model_id: str) -> tuple[dict[str, Any], float] | None:
        """The cached schema and its age in seconds, or None (missing, expired, unreadable, or not ours)."""
        path = self.path(model_id)
        try:
            if path.stat().st_size > MAX_SCHEMA_BYTES:
                return None
            record = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # a bad cache entry is no entry, never a failure
            return None
        if not isinstance(record, dict) or record.get("model_id") != model_id:
            return None
        fetched = record.get("fetched_at")
        schema = record.get("input_schema")
        if not isinstance(fetched, int | float) or not isinstance(schema, dict):
            return None
        age = self._clock() - float(fetched)
        if not 0 <= age <= self.ttl:
            return None
        return schema, age
