"""How a Model API answer becomes one of this package's errors (the classes live in `_exceptions`).

Pure functions, so the whole mapping is one parametrized test table. Every message is one line,
names the call it is about, carries the server's own detail, and is scrubbed of the token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from .._exceptions import (
    AuthenticationError,
    BadRequestError,
    ModelAPIError,
    RateLimitError,
    ServerError,
)
from .._sanitize import human_seconds, safe_text

__all__ = ["DETAIL_MAX_CHARS", "error_from_body", "error_from_status", "redact", "server_detail"]

DETAIL_MAX_CHARS: Final = 500  # a server's HTML error page must not flood the one-line message
_BAD_REQUEST: Final = frozenset({400, 404, 422})
_AUTH: Final = frozenset({401, 403})
_AUTH_HINT: Final = "set RUNCOMFY_TOKEN to a valid token or run `runcomfy-edit login`"


def redact(text: str, secret: str | None) -> str:
    """`text` with every occurrence of `secret` masked (a server may echo the header back)."""
    if secret and secret in text:
        return text.replace(secret, "***")
    return text


def _one_line(text: str) -> str:
    """Server text made safe to print: no escapes or controls, no URL credentials, one short line."""
    return safe_text(" ".join(text.split()), DETAIL_MAX_CHARS)


def _detail_from_json(data: Any) -> str | None:
    if isinstance(data, str):
        return data
    if not isinstance(data, dict):
        return None
    detail = data.get("detail")
    if isinstance(detail, list):
        # FastAPI-style validation errors: [{"loc": ["body", "prompt"], "msg": "field required"}, ...]
        parts = []
        for item in detail:
            if isinstance(item, dict):
                loc = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                msg = str(item.get("msg", item))
                parts.append(f"{loc}: {msg}" if loc else msg)
            else:
                parts.append(str(item))
        return "; ".join(parts)
    for key in ("detail", "error_message", "message", "error"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, dict):
            nested = _detail_from_json(value)
            if nested:
                return nested
    return None


def server_detail(text: str, *, secret: str | None = None) -> str:
    """The useful part of an error body, as one short line: a JSON detail/message, else the raw text."""
    detail: str | None = None
    try:
        detail = _detail_from_json(json.loads(text))
    except (ValueError, RecursionError):  # not JSON, a number past the digit limit, nested too deep
        detail = None
    if detail is None:
        detail = text
    detail = _one_line(redact(detail, secret))
    return detail or "no detail given"


def error_from_status(
    status_code: int,
    detail: str,
    *,
    action: str,
    attempts: int = 1,
    retry_after: float | None = None,
) -> ModelAPIError:
    """The error for a non-2xx answer to `action` (e.g. "the status of request 'abc'")."""
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    if status_code in _AUTH:
        return AuthenticationError(
            f"RunComfy refused the token for {action} (HTTP {status_code}): {detail}; {_AUTH_HINT}"
        )
    if status_code in _BAD_REQUEST:
        return BadRequestError(f"RunComfy rejected {action} (HTTP {status_code}): {detail}")
    if status_code == 429:
        wait = f"wait {human_seconds(retry_after)}" if retry_after is not None else "wait a little"
        return RateLimitError(f"RunComfy is rate-limiting {action} (HTTP 429) {tries}; {wait} and run again")
    if 500 <= status_code <= 599:
        return ServerError(
            f"RunComfy failed {action} with HTTP {status_code} {tries}: {detail}; try again later"
        )
    return ModelAPIError(f"RunComfy answered {action} with HTTP {status_code}: {detail}")


def _class_for_error_code(code: Any) -> type[ModelAPIError]:
    text = str(code).strip().lower()
    if text.isdigit() and len(text) <= 3:  # an HTTP-like status; longer digit runs are not one
        number = int(text)
        if number in _AUTH:
            return AuthenticationError
        if number in _BAD_REQUEST:
            return BadRequestError
        if number == 429:
            return RateLimitError
        if 500 <= number <= 599:
            return ServerError
        return ModelAPIError
    if any(word in text for word in ("auth", "token", "forbidden", "permission")):
        return AuthenticationError
    if any(word in text for word in ("rate_limit", "ratelimit", "too_many")):
        return RateLimitError
    if any(
        word in text
        for word in ("invalid", "validation", "not_found", "bad_request", "missing", "unsupported")
    ):
        return BadRequestError
    return ModelAPIError


def error_from_body(
    payload: Mapping[str, Any], *, action: str, secret: str | None = None
) -> ModelAPIError | None:
    """The error in an HTTP 200 answer shaped ``{error_code, error_message}``, or None if it is not one."""
    code = payload.get("error_code")
    message = payload.get("error_message")
    if code in (None, "") and not message:
        return None
    text = _one_line(redact(str(message), secret)) if message else "no message given"
    cls = _class_for_error_code(code) if code not in (None, "") else ModelAPIError
    suffix = f" (code {_one_line(redact(str(code), secret))[:80]})" if code not in (None, "") else ""
    hint = f"; {_AUTH_HINT}" if cls is AuthenticationError else ""
    return cls(f"RunComfy returned an error for {action}: {text}{suffix}{hint}")
