"""`runcomfy-edit routes`: the four models, their ids, image limits and body fields."""

from __future__ import annotations

import json
from typing import Any

import click

from .._catalog import MODELS
from ._group import cli


@cli.command("routes")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
def routes_command(as_json: bool) -> None:
    """List the routes: model id, how many images, mask, body fields and what each is for.

    \b
    Examples:
      runcomfy-edit routes
      runcomfy-edit routes --json
    """
    rows: list[dict[str, Any]] = []
    for spec in MODELS.values():
        fields = {name: list(spec.field_choices(name)) for name in spec.fields}
        images = (
            f"{spec.min_images}"
            if spec.min_images == spec.max_images
            else f"{spec.min_images}-{spec.max_images}"
        )
        rows.append(
            {
                "route": spec.route,
                "model_id": spec.model_id,
                "title": spec.title,
                "images": images,
                "mask": "required" if spec.needs_mask else "no",
                "fields": fields,
                "use_for": spec.summary,
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['route']:<18} {row['model_id']}")
        click.echo(f"  {'images':<8} {row['images']}   mask: {row['mask']}")
        click.echo(f"  {'use for':<8} {row['use_for']}")
        field_text = ", ".join(
            f"{name} ({'|'.join(map(str, choices))})" if choices else name
            for name, choices in row["fields"].items()
        )
        click.echo(f"  {'fields':<8} {field_text}")
