"""Validation of what the caller hands in: the one layer that checks request, images, mask and route.

Every check that can save a paid run lives here, before any classifier or network call. Input URLs
are fetched by RunComfy from the public web, so a URL is refused when it cannot be one it can fetch:
not https, credentials in it, whitespace or control characters inside (two URLs joined by a comma
or a space are named as such), no host or an invalid one, a bad port, a host that is not public
(localhost, loopback, private, link-local, single-label names). The message names the bad item
and what to send instead; the URL is quoted cleaned and without its credentials.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
from collections.abc import Iterable, Sequence
from typing import Final
from urllib.parse import urlsplit

import httpx

from ._catalog import MAX_IMAGES, MODELS, ROUTE_IDS, RouteId
from ._classify import ClassifyRequest
from ._exceptions import InputError
from ._policy import infeasibility
from ._sanitize import safe_text

MAX_REQUEST_CHARS: Final = 4000
MAX_URL_CHARS: Final = 4096
_SHOWN_URL_CHARS: Final = 120
# A second URL glued to the first by a separator: "https://a/1.jpg,https://a/2.jpg".
_JOINED: Final = re.compile(r"(?i)(?P<sep>[,;|\s]+)(?:https?|ftp)://")
# Names that never resolve to the public web.
_PRIVATE_SUFFIXES: Final = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet")
# Host labels that are numbers in some notation: "0x7f.1", "2130706433" reach an IP address.
_NUMERIC_LABEL: Final = re.compile(r"(?i)^(?:0x[0-9a-f]*|[0-9]+)$")
_PUBLIC_LINK: Final = "upload the file somewhere public and pass its https link"


def _not_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return not address.is_global or address.is_multicast


# A host is judged the same way every time; an agent's images come from a handful of hosts.
_HOST_CACHE_SIZE: Final = 256
# Only text made of these can be an IP address literal: other names skip the (raising) parser.
_IP_CHARS: Final = frozenset("0123456789abcdef.:")


@functools.lru_cache(maxsize=_HOST_CACHE_SIZE)
def _host_problem(host: str) -> str | None:
    """Why RunComfy could not fetch from `host`, or None when it looks like a public host."""
    bare = host.strip("[]").rstrip(".").lower()
    if not bare:
        return "has no host"
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = None
    literal = bare.split("%", 1)[0]  # an IPv6 zone ("fe80::1%eth0") is not part of the address
    if _IP_CHARS.issuperset(literal):
        try:
            address = ipaddress.ip_address(literal)
        except ValueError:
            address = None
    if address is not None:
        return "points to a private or local address" if _not_public(address) else None
    labels = bare.split(".")
    if all(_NUMERIC_LABEL.match(label) for label in labels):
        try:
            packed = socket.inet_aton(bare)
        except OSError:
            return "has a host that is neither a name nor an IP address"
        return "points to a private or local address" if _not_public(ipaddress.IPv4Address(packed)) else None
    if bare == "localhost" or bare.endswith(_PRIVATE_SUFFIXES):
        return "points to this machine or a local network"
    if len(labels) < 2:
        return "has a host name with no domain (a local network name)"
    return None


_WHITESPACE: Final = re.compile(r"\s")


def check_url(url: object, what: str) -> str:
    """`url` stripped, if RunComfy can fetch it; otherwise `InputError` naming `what` and the fix."""
    if not isinstance(url, str) or not url.strip():
        raise InputError(f"{what} is empty: give an https:// URL")
    url = url.strip()
    # Built only for an error message: the sanitizer is the slow part of a check that usually passes.
    shown = _Shown(url)
    if len(url) > MAX_URL_CHARS:
        raise InputError(f"{what} is {len(url)} characters long; a URL is at most {MAX_URL_CHARS}")
    joined = _JOINED.search(url)
    if joined is not None and joined.start() > 0:
        separator = joined.group("sep").strip()[:1] or "a space"
        raise InputError(
            f"{what} {shown} looks like several URLs joined by {separator!r}: "
            "pass each URL as its own image (one --image per URL)"
        )
    if not url.isprintable() or _WHITESPACE.search(url):
        raise InputError(
            f"{what} {shown} has whitespace or control characters inside: "
            "pass the URL exactly as copied, with spaces encoded as %20"
        )
    if "\\" in url:
        raise InputError(f"{what} {shown} has a backslash in it: use forward slashes")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError as exc:
        reason = "an unbalanced IPv6 bracket" if "IPv6" in str(exc) else "a port that is not 1-65535"
        raise InputError(
            f"{what} {shown} is not a valid URL ({reason}): check it and pass it again"
        ) from None
    if parts.scheme.lower() != "https" or not host:
        raise InputError(
            f"{what} {shown} is not an https:// URL: RunComfy fetches inputs from the public web, "
            f"so {_PUBLIC_LINK}"
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise InputError(
            f"{what} {shown} has a user name or password in it: RunComfy cannot use credentials, "
            f"so {_PUBLIC_LINK}"
        )
    if port == 0:
        raise InputError(f"{what} {shown} has port 0: use the https default or a port from 1 to 65535")
    problem = _host_problem(host)
    if problem is not None:
        raise InputError(
            f"{what} {shown} {problem}; RunComfy fetches inputs from the public web: {_PUBLIC_LINK}"
        )
    if not host.isascii() or "xn--" in host:  # only non-ASCII or punycode hosts need IDNA decoding
        try:
            httpx.URL(url).host  # noqa: B018  (the property decodes the host: IDNA errors surface here)
        except (httpx.InvalidURL, ValueError):
            raise InputError(f"{what} {shown} has an invalid host name: check the domain") from None
    return url


class _Shown:
    """A URL as an error message shows it (quoted, sanitized, shortened), rendered only when formatted."""

    def __init__(self, url: str) -> None:
        self._url = url

    def __format__(self, spec: str) -> str:
        return format(repr(safe_text(self._url, _SHOWN_URL_CHARS)), spec)


# Seeds are sent as JSON integers; past 64 bits no model takes them.
MAX_SEED: Final = 2**63 - 1


def validate_overrides(num_outputs: object, aspect_ratio: object, seed: object) -> None:
    """The explicit body values' types (whether the chosen model takes them is `_bodies`' call)."""
    if num_outputs is not None and (isinstance(num_outputs, bool) or not isinstance(num_outputs, int)):
        raise InputError(f"num_outputs must be a whole number, not {safe_text(repr(num_outputs), 40)}")
    if aspect_ratio is not None and not isinstance(aspect_ratio, str):
        raise InputError(f"aspect_ratio must be text like '16:9', not {safe_text(repr(aspect_ratio), 40)}")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED
    ):
        raise InputError(f"seed must be a whole number from 0 to {MAX_SEED}, not {safe_text(repr(seed), 40)}")


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
    elif isinstance(images, bytes | bytearray | dict) or not isinstance(images, Iterable):
        raise InputError("images must be a list of https:// URLs (or one URL as a string)")
    else:
        images = list(images)
    if len(images) == 0:
        raise InputError("no image given: pass at least one source image URL (--image URL)")
    if len(images) > MAX_IMAGES:
        raise InputError(f"{len(images)} images given; the edit models take at most {MAX_IMAGES}")
    urls = tuple(check_url(url, f"image {i}") for i, url in enumerate(images, start=1))
    mask_url = check_url(mask, "the mask") if mask is not None else None
    if mask_url is not None and len(urls) != 1:
        raise InputError(
            f"a mask needs exactly one image, and {len(urls)} were given: pass one image with --mask"
        )
    route: RouteId | None = None
    if model is not None:
        route = next((r for r in ROUTE_IDS if r == model), None)
        if route is None:
            raise InputError(f"unknown model {model!r}: choose one of {', '.join(ROUTE_IDS)}")
        has_mask = mask_url is not None
        why_not = infeasibility(route, n_images=len(urls), has_mask=has_mask)
        if has_mask and not MODELS[route].needs_mask:
            # Policy: a supplied mask is never dropped, so a forced model that ignores it is bad input.
            raise InputError(f"{route} takes no mask: drop the mask or let the router choose")
        if why_not is not None:
            raise InputError(f"cannot use {route!r}: {why_not}")
    return ClassifyRequest(request=request.strip(), images=urls, mask=mask_url), route
