"""The MCP server's error sentences as tables: library errors reworded in the tools' own argument names.

The input errors are produced by the real router (so a reworded library message that the MCP wording
no longer covers fails here); the API errors are the library's classes with their usual messages.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from runcomfy_edit_tool import (
    AmbiguousSubmitError,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DisallowedHostError,
    DownloadError,
    EditRouter,
    InputError,
    JobFailedError,
    ModelAPIError,
    RateLimitError,
    RunComfyEditError,
    ServerError,
    UsageError,
)
from runcomfy_edit_tool._integrations.mcp_errors import (
    describe_failure,
    input_error_message,
    validation_message,
)
from runcomfy_edit_tool._integrations.mcp_schema import PlanArgs

IMAGE = "https://example.com/a.jpg"
MASK = "https://example.com/m.png"

# (plan arguments, the argument names the sentence must use)
INPUT_ERRORS: list[tuple[dict[str, Any], list[str]]] = [
    ({"images": []}, ["image_urls is empty"]),
    ({"images": ["http://example.com/a.jpg"]}, ["image_urls[0]"]),
    ({"images": [IMAGE, "ftp://example.com/b.jpg"]}, ["image_urls[1]"]),
    ({"images": [IMAGE, ""]}, ["image_urls[1] is empty"]),
    ({"images": [IMAGE] * 21}, ["image_urls holds 21 images"]),
    ({"mask": "http://example.com/m.png"}, ["mask_url"]),
    ({"images": [IMAGE, IMAGE], "mask": MASK}, ["mask_url needs exactly one image in image_urls", "null"]),
    ({"model": "gpt-5"}, ["model: unknown model 'gpt-5'"]),
    ({"model": "z-image-inpaint"}, ["model 'z-image-inpaint' cannot take these inputs", "model to null"]),
    ({"model": "flux-kontext-pro", "mask": MASK}, ["flux-kontext-pro takes no mask", "mask_url"]),
    ({"model": "gpt-image-2-edit", "num_outputs": 3}, ["num_outputs", "set it to null"]),
    ({"model": "flux-kontext-pro", "aspect_ratio": "5:4"}, ["aspect_ratio = '5:4'"]),
    ({"model": "gpt-image-2-edit", "aspect_ratio": "16:9"}, ["aspect_ratio '16:9'"]),
    ({"model": "gpt-image-2-edit", "seed": 1}, ["seed", "set it to null"]),
    ({"request": " "}, ["request is empty"]),
    ({"request": "x" * 5000}, ["request is 5000 characters"]),
]


@pytest.mark.parametrize(("arguments", "words"), INPUT_ERRORS)
def test_input_errors_use_argument_names(arguments: dict[str, Any], words: list[str]) -> None:
    """Every input error the router raises reads in image_urls / mask_url / model terms, with no CLI flag."""
    call: dict[str, Any] = {"request": "remove the cables", "images": [IMAGE], **arguments}
    with pytest.raises(InputError) as caught:
        EditRouter("rules").plan(
            call.pop("request"),
            call.pop("images"),
            call.pop("mask", None),
            call.pop("model", None),
            **call,
        )
    message = input_error_message(caught.value)
    assert "--" not in message
    assert "\n" not in message
    assert message.endswith(".")
    for word in words:
        assert word in message, message


RID = "7f9c2e1a-0000-4000-8000-000000000000"
# (error, tool, request id known, words the sentence must contain)
API_ERRORS: list[tuple[RunComfyEditError, str, str | None, list[str]]] = [
    (
        UsageError("RUNCOMFY_MODEL_API_BASE='x' is not an http(s) URL"),
        "run_image_edit",
        None,
        ["misconfigured"],
    ),
    (
        AuthenticationError("RunComfy refused the token (HTTP 401)"),
        "run_image_edit",
        None,
        ["RUNCOMFY_TOKEN"],
    ),
    (
        AmbiguousSubmitError("the submit may have reached RunComfy; see `runcomfy-edit status ID`"),
        "run_image_edit",
        None,
        ["NOT re-sent", "do not call run_image_edit again"],
    ),
    (
        ServerError("RunComfy failed the submit with HTTP 500"),
        "run_image_edit",
        None,
        ["may exist", "do not call run_image_edit again"],
    ),
    (ServerError("RunComfy failed the status with HTTP 502"), "get_image_edit_result", None, ["try"]),
    (RateLimitError("HTTP 429"), "run_image_edit", None, ["wait a minute"]),
    (APIConnectionError("could not reach the Model API"), "run_image_edit", None, ["could not be reached"]),
    (APITimeoutError("the status read timed out"), "cancel_image_edit", None, ["did not answer in time"]),
    (
        BadRequestError("RunComfy rejected the submit (HTTP 422): bad"),
        "run_image_edit",
        None,
        ["change model"],
    ),
    (
        BadRequestError("RunComfy rejected (HTTP 404): not found"),
        "get_image_edit_result",
        None,
        ["check request_id"],
    ),
    (
        JobFailedError(f"request {RID!r} ended as failed: nsfw"),
        "get_image_edit_result",
        RID,
        ["nsfw", "rephrase"],
    ),
    (
        ServerError("RunComfy failed the status of the request with HTTP 500 after 6 attempts"),
        "run_image_edit",
        RID,
        [RID, "do not run it again", "get_image_edit_result"],
    ),
    (
        JobFailedError(f"request {RID!r} ended as cancelled: cancelled by the user"),
        "get_image_edit_result",
        RID,
        ["ended as cancelled", "no outputs", "agree to pay"],
    ),
    (ModelAPIError("no URL in the output"), "run_image_edit", RID, [RID, "get_image_edit_result"]),
    (ModelAPIError("bad fields: status"), "get_image_edit_result", None, ["unexpected"]),
]


def _download_error(kind: type[DownloadError]) -> DownloadError:
    """A download error as the executor re-raises it: a CLI hint on top, the plain reason as its cause."""
    try:
        try:
            raise kind("'a.png' was cut short after 10 of 20 bytes")
        except DownloadError as inner:
            raise kind(
                f"{inner}; download again with `runcomfy-edit result {RID} --output-dir DIR`"
            ) from inner
    except DownloadError as outer:
        return outer


@pytest.mark.parametrize(("error", "tool", "request_id", "words"), API_ERRORS)
def test_api_errors_say_what_to_do(
    error: RunComfyEditError, tool: str, request_id: str | None, words: list[str]
) -> None:
    """Each API failure is one sentence with the next step, in the tools' terms, never a CLI command."""
    message = describe_failure(tool, error, request_id)
    assert "\n" not in message
    assert "--" not in message
    assert "runcomfy-edit status" not in message
    assert "runcomfy-edit result" not in message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("kind", [DownloadError, DisallowedHostError])
def test_download_errors_drop_the_cli_hint(kind: type[DownloadError]) -> None:
    """A failed download says the edit succeeded and points to get_image_edit_result, not to the CLI."""
    message = describe_failure("run_image_edit", _download_error(kind), RID)
    assert "cut short" in message
    assert "get_image_edit_result" in message
    assert RID in message
    assert "runcomfy-edit" not in message
    assert "--output-dir" not in message


# (arguments, words)
VALIDATION: list[tuple[dict[str, Any], list[str]]] = [
    ({"image_urls": [IMAGE]}, ["request is required by plan_image_edit"]),
    ({"request": "x", "image_urls": [IMAGE], "prompt": "y"}, ["prompt is not an argument", "image_urls"]),
    ({"request": "x", "image_urls": [IMAGE], "num_outputs": 9}, ["num_outputs: input should be less than"]),
    ({"request": "x", "image_urls": [IMAGE, 3]}, ["image_urls[1]: input should be a valid string"]),
    ({"request": "x", "image_urls": [IMAGE], "model": "flux"}, ["model: input should be"]),
]


@pytest.mark.parametrize(("arguments", "words"), VALIDATION)
def test_schema_violations_name_the_argument(arguments: dict[str, Any], words: list[str]) -> None:
    """A call that does not fit the schema is one sentence naming the first offending argument."""
    with pytest.raises(ValidationError) as caught:
        PlanArgs.model_validate(arguments)
    message = validation_message("plan_image_edit", caught.value, tuple(PlanArgs.model_fields))
    assert "\n" not in message
    for word in words:
        assert word in message, message
