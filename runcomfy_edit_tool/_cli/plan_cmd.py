"""`runcomfy-edit plan`: route, rewrite and build offline; print a summary or the plan as JSON."""

from __future__ import annotations

import json

import click

from .._plan import EditPlan
from ._group import cli
from ._options import body_options, classifier_options, make_router, request_options


def plan_summary(plan: EditPlan) -> str:
    """The readable form of a plan: route, why, the prompt and the exact body."""
    lines = [
        f"route       {plan.route}  ({plan.model_id})",
        f"classifier  {plan.classifier}"
        + (f"  (fallback: {plan.fallback_reason})" if plan.fallback_reason else ""),
        f"confidence  {plan.confidence:.2f}",
        "reasons",
        *(f"  - {reason}" for reason in plan.reasons),
        "prompt",
        f"  {plan.prompt}",
        "body",
        *("  " + line for line in json.dumps(plan.body, ensure_ascii=False, indent=2).splitlines()),
    ]
    return "\n".join(lines)


@cli.command("plan")
@request_options
@classifier_options
@body_options
@click.option("--json", "as_json", is_flag=True, help="Print the plan as one JSON object.")
def plan_command(
    request: str,
    images: tuple[str, ...],
    mask: str | None,
    model: str | None,
    classifier: str,
    llm_model: str | None,
    llm_base_url: str | None,
    llm_timeout: float | None,
    num_outputs: int | None,
    aspect_ratio: str | None,
    seed: int | None,
    as_json: bool,
) -> None:
    """Plan an edit: choose the model, rewrite the prompt, build its exact input. Nothing is paid.

    \b
    Examples:
      runcomfy-edit plan "keep her face, put her on a rainy neon street" --image https://example.com/me.jpg
      runcomfy-edit plan "把标题换成日文" --image https://example.com/poster.png --json
      runcomfy-edit plan "remove the cables" --image https://example.com/room.jpg --mask https://example.com/m.png
      runcomfy-edit plan "put the subject from image 1 into the room of image 2" \\
          --image https://example.com/person.jpg --image https://example.com/room.jpg
    """
    router = make_router(classifier, llm_model, llm_base_url, llm_timeout)
    plan = router.plan(
        request, list(images), mask, model, num_outputs=num_outputs, aspect_ratio=aspect_ratio, seed=seed
    )
    if as_json:
        click.echo(plan.model_dump_json(indent=2))
    else:
        click.echo(plan_summary(plan))
