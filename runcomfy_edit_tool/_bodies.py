"""Build a route's exact JSON body from the prompt, the inputs and the intent, validated by the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ._catalog import MODELS, RouteId
from ._exceptions import InputError
from ._intent import EditIntent
from ._rewrite import z_image_strength

# gpt-image-2 has sizes, not ratios: the ratios a user may ask for that one of them matches.
_GPT_SIZE_FOR_RATIO = {"1:1": "1024_1024", "2:3": "1024_1536", "3:2": "1536_1024"}
_GPT_RATIOS = ", ".join(_GPT_SIZE_FOR_RATIO)


@dataclass(frozen=True)
class Overrides:
    """Values the caller set explicitly (tool or API arguments): invalid ones are an error, not a note."""

    num_outputs: int | None = None
    aspect_ratio: str | None = None
    seed: int | None = None


def _choices(route: RouteId, field: str) -> str:
    return ", ".join(str(v) for v in MODELS[route].field_choices(field))


def _validate(route: RouteId, body: dict[str, Any]) -> dict[str, Any]:
    spec = MODELS[route]
    try:
        model = spec.body.model_validate(body)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "body"
        choices = _choices(route, field) if field in spec.fields else ""
        hint = f": choose one of {choices}" if choices else f": {error['msg']}"
        raise InputError(f"{field!r} = {body.get(field)!r} is not accepted by {route}{hint}") from exc
    return model.model_dump(exclude_none=True)


def build_body(
    route: RouteId,
    prompt: str,
    images: tuple[str, ...],
    mask: str | None,
    intent: EditIntent,
    overrides: Overrides,
) -> tuple[dict[str, Any], list[str]]:
    """The body and notes on request values the model could not take (free text never fails a plan)."""
    spec = MODELS[route]
    notes: list[str] = []
    body: dict[str, Any] = {"prompt": prompt}
    body[spec.image_field] = list(images) if spec.images_as_list else images[0]
    if route == "z-image-inpaint":
        body["mask_image_url"] = mask
        body["strength"] = z_image_strength(intent)
    elif mask is not None:
        # Policy: a supplied mask is never dropped from a paid body; the router never gets here with one.
        raise InputError(f"{route} takes no mask: drop the mask or let the router choose")

    def offer(field: str, value: object, explicit: bool) -> None:
        if value is None:
            return
        if field not in spec.fields:
            if explicit:
                raise InputError(f"{route} does not take {field!r}; leave it out or choose another model")
            notes.append(f"{field} {value!r} not sent: {route} does not take it")
            return
        choices = spec.field_choices(field)
        if choices and value not in choices:
            allowed = _choices(route, field)
            if explicit:
                raise InputError(f"{field!r} = {value!r} is not accepted by {route}: choose one of {allowed}")
            notes.append(f"{field} {value!r} not sent: {route} accepts {allowed}")
            return
        body[field] = value

    num = overrides.num_outputs if overrides.num_outputs is not None else intent.num_outputs
    if num is not None and (num > 1 or overrides.num_outputs is not None):
        offer("num_images", num, overrides.num_outputs is not None)
    ratio = overrides.aspect_ratio or intent.aspect_ratio
    if ratio is not None and route == "gpt-image-2-edit":
        size = _GPT_SIZE_FOR_RATIO.get(ratio)
        if size is None and overrides.aspect_ratio is not None:
            raise InputError(f"{route} has no size for aspect ratio {ratio!r}: choose one of {_GPT_RATIOS}")
        if size is None:
            notes.append(f"aspect ratio {ratio!r} not sent: {route} sizes fit only {_GPT_RATIOS}")
        else:
            body["size"] = size
    else:
        offer("aspect_ratio", ratio, overrides.aspect_ratio is not None)
    if intent.resolution is not None:
        offer("resolution", intent.resolution, False)
    offer("seed", overrides.seed if overrides.seed is not None else intent.seed, overrides.seed is not None)
    return _validate(route, body), notes
