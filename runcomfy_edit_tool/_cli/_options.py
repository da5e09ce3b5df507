"""Options shared by every command that plans an edit (`plan`, `run`, `eval`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from .._catalog import ROUTE_IDS
from .._router import ClassifierChoice, EditRouter

F = TypeVar("F", bound=Callable[..., Any])

CLASSIFIER_CHOICES = ("auto", "rules", "llm")


def classifier_options(func: F) -> F:
    """`--classifier` and the LLM settings (the LLM flags override their environment variables)."""
    options = [
        click.option(
            "--classifier",
            type=click.Choice(CLASSIFIER_CHOICES),
            default="auto",
            show_default=True,
            help="auto: the LLM when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the offline rules.",
        ),
        click.option("--llm-model", default=None, help="LLM model name [env RUNCOMFY_EDIT_LLM_MODEL]."),
        click.option(
            "--llm-base-url", default=None, help="OpenAI-compatible endpoint [env OPENAI_BASE_URL]."
        ),
        click.option(
            "--llm-timeout",
            type=float,
            default=None,
            help="Seconds per LLM call [env RUNCOMFY_EDIT_LLM_TIMEOUT].",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def request_options(func: F) -> F:
    """REQUEST, `--image` (repeatable), `--mask` and `--model`."""
    options = [
        click.argument("request"),
        click.option(
            "--image",
            "images",
            multiple=True,
            metavar="URL",
            help="Source image URL (https). Repeat for several; the first is primary.",
        ),
        click.option(
            "--mask", default=None, metavar="URL", help="Mask URL (white = repaint); needs exactly one image."
        ),
        click.option(
            "--model",
            type=click.Choice(ROUTE_IDS),
            default=None,
            help="Force a route instead of letting the policy choose.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def body_options(func: F) -> F:
    """`--num-outputs`, `--aspect-ratio` and `--seed`: explicit body values (invalid ones are exit 65)."""
    options = [
        click.option("--num-outputs", type=int, default=None, help="Outputs wanted (nano-banana-edit: 1-4)."),
        click.option(
            "--aspect-ratio", default=None, help="Output aspect ratio, e.g. 16:9 (one of the model's values)."
        ),
        click.option("--seed", type=int, default=None, help="Seed, for the models that take one."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_router(
    classifier: str, llm_model: str | None, llm_base_url: str | None, llm_timeout: float | None
) -> EditRouter:
    """The router the CLI flags describe (the flags win over their environment variables)."""
    choice: ClassifierChoice = (
        "rules" if classifier == "rules" else ("llm" if classifier == "llm" else "auto")
    )
    return EditRouter(choice, llm_model=llm_model, llm_base_url=llm_base_url, llm_timeout=llm_timeout)
