"""Validation of what the caller hands in: the one layer that checks request, images, mask and route."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from urllib.parse import urlsplit

from ._catalog import MAX_IMAGES, ROUTE_IDS, RouteId
from ._classify import ClassifyRequest
from ._exceptions import InputError
from ._policy import infeasibility

MAX_REQUEST_CHARS: Final = 4000


def _check_url(url: object, what: str) -> str:
    if not isinstance(url, str) or not url.strip():
        raise InputError(f"{what} is empty: give an https:// URL")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise InputError(
            f"{what} {url[:120]!r} is not an https:// URL: RunComfy fetches inputs from the public web, "
            "so upload the file and pass its https link"
        )
    return url


def validate_inputs(
    request: object, images: Sequence[str] | str, mask: str | None, model: str | None
) -> tuple[ClassifyRequest, RouteId | None]:
    """Check the inputs once; everything downstream trusts them."""
    if not isinstance(request, str) or not request.strip():
        raise InputError("the request is empty: say what to change in the image")
    if len(request) > MAX_REQUEST_CHARS:
        raise InputError(f"the request is {len(request)} characters; keep it under {MAX_REQUEST_CHARS}")
    if isinstance(images, str):
        images = [images]
    if len(images) == 0:
        raise InputError("no image given: pass at least one source image URL (--image URL)")
    if len(images) > MAX_IMAGES:
        raise InputError(f"{len(images)} images given; the edit models take at most {MAX_IMAGES}")
    urls = tuple(_check_url(url, f"image {i}") for i, url in enumerate(images, start=1))
    mask_url = _check_url(mask, "the mask") if mask is not None else None
    if mask_url is not None and len(urls) != 1:
        raise InputError(
            f"a mask needs exactly one image, and {len(urls)} were given: pass one image with --mask"
        )
    route: RouteId | None = None
    if model is not None:
        route = next((r for r in ROUTE_IDS if r == model), None)
        if route is None:
            raise InputError(f"unknown model {model!r}: choose one of {', '.join(ROUTE_IDS)}")
        why_not = infeasibility(route, n_images=len(urls), has_mask=mask_url is not None)
        if why_not is not None:
            raise InputError(f"cannot use {route!r}: {why_not}")
    return ClassifyRequest(request=request.strip(), images=urls, mask=mask_url), route
