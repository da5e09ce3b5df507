"""`runcomfy-edit models [--check]`: RunComfy's live input schemas for the four models, against the catalog.

Fetching a schema costs nothing (no job is created) but needs the token. Every schema fetched is
cached (`RUNCOMFY_EDIT_CACHE_DIR`/schemas, a day) so that `run` can refuse, before paying, a body the
live schema would reject. With ``--check`` any difference is drift: exit 1.
"""

from __future__ import annotations

import json
from typing import Any

import click

from .._catalog import MODELS
from .._execute import APISettings, ModelAPIClient, SchemaCache, compare_schemas
from .._sanitize import clean, json_for_terminal
from ._group import EXIT_FAILURE, CLIError, cli
from ._signals import run_async


@cli.command("models")
@click.option("--check", is_flag=True, help="Exit 1 when a live schema differs from the catalog.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: the differences per route.")
def models_command(check: bool, as_json: bool) -> None:
    """Fetch the four models' live input schemas, compare them with the catalog and cache them.

    \b
    Examples:
      runcomfy-edit models
      runcomfy-edit models --check
      runcomfy-edit models --check --json
    """
    settings = APISettings.from_env()
    settings.require_token()

    async def _go() -> dict[str, dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        async with ModelAPIClient(settings=settings) as client:
            for route, spec in MODELS.items():
                schema = await client.input_schema(spec.model_id)
                if settings.schema_cache_dir is not None:
                    SchemaCache(settings.schema_cache_dir).store(spec.model_id, schema)
                properties = schema.get("properties")
                fields = sorted(clean(str(k), 60) for k in properties) if isinstance(properties, dict) else []
                rows[route] = {
                    "model_id": spec.model_id,
                    "live_fields": fields,
                    "differences": compare_schemas(route, schema),
                }
        return rows

    rows = run_async(_go)
    drift = sum(len(row["differences"]) for row in rows.values())
    if as_json:
        click.echo(
            json_for_terminal(json.dumps({"drift": drift, "routes": rows}, ensure_ascii=False, indent=2))
        )
    else:
        for route, row in rows.items():
            state = (
                "matches the catalog"
                if not row["differences"]
                else f"{len(row['differences'])} difference(s)"
            )
            click.echo(f"{route:<18} {row['model_id']}  {state}")
            click.echo(f"  {'live':<8} {', '.join(row['live_fields'])}")
            for note in row["differences"]:
                click.echo(f"  drift    {note}")
    if check and drift:
        raise CLIError(
            f"{drift} difference(s) between the catalog and RunComfy's live schemas: update _catalog.py "
            "(runs refuse bodies the cached live schema rejects)",
            EXIT_FAILURE,
        )
