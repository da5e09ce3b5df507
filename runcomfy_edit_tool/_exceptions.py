"""Every error this package raises, and the CLI exit code each maps to.

The tree::

    RunComfyEditError                 exit 1   base class; catch this to catch everything below
    ├── UsageError                    exit 64  the command line or configuration asks for something impossible
    ├── InputError                    exit 65  the request is bad (images, mask, route, enum value)
    ├── PromptTemplateError           exit 1   a file in prompts/ is malformed or a variable is missing
    ├── EvalDatasetError              exit 65  a row of an eval data set is invalid (names the line)
    └── ModelAPIError                 exit 1   anything that went wrong talking to RunComfy's Model API
        ├── AuthenticationError       exit 77  no token, or the server answered 401/403
        ├── BadRequestError           exit 65  the server answered 400/404/422 (its detail is kept)
        ├── RateLimitError            exit 75  429 after the bounded retries
        ├── ServerError               exit 69  5xx after the bounded retries
        ├── APIConnectionError        exit 69  the API could not be reached (nothing was sent)
        ├── APITimeoutError           exit 75  a read/poll deadline passed
        ├── AmbiguousSubmitError      exit 75  the submit may have reached the server: never resubmitted
        ├── JobFailedError            exit 1   the job finished as failed/cancelled (server's text kept)
        └── DownloadError             exit 1   an output could not be fetched; no partial file is left
            └── DisallowedHostError   exit 1   an output URL or redirect points off the allowed hosts

Messages are one line that says what to change; names are quoted with ``!r``.
Tokens never appear in a message.
"""

from __future__ import annotations

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AmbiguousSubmitError",
    "AuthenticationError",
    "BadRequestError",
    "DisallowedHostError",
    "DownloadError",
    "EvalDatasetError",
    "InputError",
    "JobFailedError",
    "ModelAPIError",
    "PromptTemplateError",
    "RateLimitError",
    "RunComfyEditError",
    "ServerError",
    "UsageError",
]


class RunComfyEditError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code: int = 1


class UsageError(RunComfyEditError):
    """The command line or configuration asks for something impossible."""

    exit_code = 64


class InputError(RunComfyEditError):
    """The edit request is invalid: fix the images, mask, route or value named in the message."""

    exit_code = 65


class PromptTemplateError(RunComfyEditError):
    """A prompt template is malformed or was rendered without one of its variables."""

    exit_code = 1


class EvalDatasetError(RunComfyEditError):
    """A row of an eval data set failed validation; the message names the file and line."""

    exit_code = 65


class ModelAPIError(RunComfyEditError):
    """Base class of failures talking to RunComfy's Model API.

    `request_id` is set when the failure came after a submit the server accepted (a paid job):
    the job may still run, and ``runcomfy-edit result ID`` resumes it.
    """

    exit_code = 1
    request_id: str | None = None


class AuthenticationError(ModelAPIError):
    """No token was found, or the server refused it (401/403)."""

    exit_code = 77


class BadRequestError(ModelAPIError):
    """The server rejected the request (400/404/422); the message carries its detail."""

    exit_code = 65


class RateLimitError(ModelAPIError):
    """The server kept answering 429 after the bounded retries."""

    exit_code = 75


class ServerError(ModelAPIError):
    """The server kept answering 5xx after the bounded retries."""

    exit_code = 69


class APIConnectionError(ModelAPIError):
    """The Model API could not be reached (DNS, refused, connect timeout): no request went out."""

    exit_code = 69


class APITimeoutError(ModelAPIError):
    """A call or the overall wait ran out of time."""

    exit_code = 75


class AmbiguousSubmitError(ModelAPIError):
    """The submit's outcome is unknown (timeout or dropped connection after sending); it is never retried."""

    exit_code = 75


class JobFailedError(ModelAPIError):
    """The job ended as failed or cancelled; the message carries the server's error text."""

    exit_code = 1


class DownloadError(ModelAPIError):
    """An output could not be downloaded completely; nothing partial is left on disk."""

    exit_code = 1


class DisallowedHostError(DownloadError):
    """An output URL or a redirect points to a host that is not on the download allow-list."""

    exit_code = 1
