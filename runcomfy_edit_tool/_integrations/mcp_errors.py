"""Failures as MCP tool errors: one sentence, in the words of the tool's own arguments.

The library's `InputError` messages are written for the CLI (``--image``, ``--mask``, "image 2");
an assistant calling ``plan_image_edit`` has ``image_urls``, ``mask_url`` and ``model`` instead, so
those messages are translated here. API failures get a sentence of their own that says what the
assistant should do next (and, for a paid job, never to submit it again). Pure functions: the whole
mapping is a test table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from pydantic import ValidationError

from .._exceptions import (
    AmbiguousSubmitError,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DownloadError,
    InputError,
    JobFailedError,
    ModelAPIError,
    RateLimitError,
    RunComfyEditError,
    ServerError,
    UsageError,
)
from .mcp_schema import CANCEL_TOOL, RESULT_TOOL, RUN_TOOL

__all__ = ["describe_failure", "input_error_message", "validation_message"]

_Sub = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]

# Order matters: whole CLI phrases first, then the nouns they leave behind.
_INPUT_REWRITES: Final[tuple[_Sub, ...]] = (
    (
        re.compile(r"no image given: pass at least one source image URL \(--image URL\)"),
        "image_urls is empty: pass at least one https URL of a source image",
    ),
    (
        re.compile(r"pass one image with --mask"),
        "pass exactly one URL in image_urls, or set mask_url to null",
    ),
    (re.compile(r"^a mask needs exactly one image"), "mask_url needs exactly one image in image_urls"),
    (re.compile(r"^(\d+) images given"), r"image_urls holds \1 images"),
    (re.compile(r"\bimage (\d+)\b"), lambda m: f"image_urls[{int(m[1]) - 1}]"),
    (re.compile(r"\bthe mask\b"), "mask_url"),
    (re.compile(r"^the request\b"), "request"),
    (re.compile(r"'num_images'"), "num_outputs"),
    (re.compile(r"\bnum_images\b"), "num_outputs"),
    (re.compile(r"'(aspect_ratio|seed)'"), r"\1"),
    (re.compile(r"\baspect ratio\b"), "aspect_ratio"),
    (re.compile(r"leave it out"), "set it to null"),
    (re.compile(r"^cannot use '([\w-]+)': "), r"model '\1' cannot take these inputs: "),
    (re.compile(r"^unknown model "), "model: unknown model "),
    # Anything left that still names a CLI flag loses the flag, never the sentence.
    (re.compile(r"\s*\(?--[a-z][\w-]*(?: URL)?\)?"), ""),
)


def input_error_message(error: InputError) -> str:
    """An `InputError` reworded for a tool call: argument names instead of CLI flags."""
    text = str(error).strip().rstrip(".")
    for pattern, replacement in _INPUT_REWRITES:
        text = pattern.sub(replacement, text)
    if text.startswith("model '"):
        text += "; set model to null to let the router choose"
    return text + "."


def _argument(loc: tuple[int | str, ...]) -> str:
    head, *rest = loc or ("arguments",)
    return str(head) + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest)


def validation_message(tool: str, error: ValidationError, allowed: tuple[str, ...]) -> str:
    """Arguments that do not fit the tool's schema, as one sentence naming the first bad one."""
    item: dict[str, Any] = dict(error.errors()[0])
    name = _argument(tuple(item.get("loc", ())))
    kind = item.get("type", "")
    if kind == "missing":
        return f"{name} is required by {tool}: pass it and call {tool} again."
    if kind == "extra_forbidden":
        return f"{name} is not an argument of {tool}: use only {', '.join(allowed)}."
    message = str(item.get("msg", "invalid value")).rstrip(".")
    message = message[:1].lower() + message[1:]
    return f"{name}: {message}; fix it and call {tool} again."


def _after_submit(request_id: str) -> str:
    return (
        f"the job was already submitted as request_id {request_id!r}: do not run it again; "
        f"call {RESULT_TOOL} with that request_id later"
    )


_CLI_RESUME = re.compile(r"[;:,(]?\s*[^;:,(]{0,60}`runcomfy-edit result [^`]*`[^.;)]*\)?")


def _cause_text(error: BaseException) -> str:
    # A DownloadError re-raised by the executor carries a CLI hint; its cause has the plain reason.
    cause = error.__cause__
    text = str(cause if isinstance(cause, RunComfyEditError) else error)
    # The library's resume hint names the CLI; here the tool's own way back is said instead.
    text = _CLI_RESUME.sub("", text)
    return text.strip().rstrip(".;,: ")


def describe_failure(tool: str, error: RunComfyEditError, request_id: str | None = None) -> str:
    """The one sentence a tool answers with when `error` ended the call.

    `request_id` is the job a paid call had already submitted (None before the submit landed):
    any failure after that point says so, because the one thing an assistant must not do then is
    run the same edit again.
    """
    if isinstance(error, InputError):
        return input_error_message(error)
    if isinstance(error, UsageError):
        return f"The MCP server is misconfigured ({error}); tell the person: retrying will not help."
    if isinstance(error, AuthenticationError):
        return (
            "RunComfy has no valid token for this server: the person must set RUNCOMFY_TOKEN in the MCP "
            "server's environment (the client's server config) or run `runcomfy-edit login` once; "
            "retrying will not help."
        )
    if isinstance(error, AmbiguousSubmitError):
        return (
            "The submit may have reached RunComfy but its answer was lost, so it was NOT re-sent (to avoid "
            f"paying twice): do not call {RUN_TOOL} again for this edit; ask the person to check the recent "
            "requests in their RunComfy account."
        )
    if isinstance(error, DownloadError):
        where = f" (request_id {request_id!r})" if request_id else ""
        return (
            f"The edit succeeded{where} but saving its outputs failed ({_cause_text(error)}); do not run it "
            f"again: call {RESULT_TOOL} with the request_id to try the download again."
        )
    if isinstance(error, JobFailedError) and re.search(r"ended as cancell?ed", str(error)):
        return (
            f"{_cause_text(error)}, so it has no outputs; if the person still wants the edit, run it again "
            "(after they agree to pay)."
        )
    if isinstance(error, JobFailedError):
        return (
            f"The edit failed on RunComfy ({_cause_text(error)}); rephrase the request or choose another "
            "model before trying again."
        )
    if request_id is not None and tool == RUN_TOOL:
        return f"RunComfy could not be followed ({_cause_text(error)}); {_after_submit(request_id)}."
    if isinstance(error, BadRequestError):
        fix = (
            "check request_id" if tool in (RESULT_TOOL, CANCEL_TOOL) else "change model, image_urls or values"
        )
        return f"{_cause_text(error)}; {fix} before calling {tool} again."
    if isinstance(error, RateLimitError):
        return f"RunComfy is rate-limiting requests; wait a minute before calling {tool} again."
    if isinstance(error, ServerError):
        if tool == RUN_TOOL:
            return (
                f"RunComfy failed the submit ({_cause_text(error)}); the job may exist: do not call "
                f"{RUN_TOOL} again until the person has checked the recent requests in their RunComfy "
                "account."
            )
        return f"RunComfy is having trouble ({_cause_text(error)}); try {tool} again later."
    if isinstance(error, APIConnectionError):
        return f"RunComfy could not be reached ({_cause_text(error)}); try {tool} again later."
    if isinstance(error, APITimeoutError):
        return f"RunComfy did not answer in time ({_cause_text(error)}); try {tool} again later."
    if isinstance(error, ModelAPIError):
        return f"RunComfy's answer was unexpected ({_cause_text(error)}); tell the person."
    return f"{_cause_text(error)}; tell the person."
