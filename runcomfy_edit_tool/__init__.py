"""runcomfy-edit-tool: route an image-edit request to the right RunComfy edit model."""

from ._catalog import MODELS, ROUTE_IDS, ModelSpec, RouteId
from ._exceptions import (
    AmbiguousSubmitError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DisallowedHostError,
    DownloadError,
    EvalDatasetError,
    InputError,
    JobFailedError,
    ModelAPIError,
    PromptTemplateError,
    RateLimitError,
    RunComfyEditError,
    ServerError,
    UsageError,
)
from ._intent import EditIntent, ImageRole, QuotedText
from ._plan import EditPlan, LLMCallInfo

__all__ = [
    "MODELS",
    "ROUTE_IDS",
    "APITimeoutError",
    "AmbiguousSubmitError",
    "AuthenticationError",
    "BadRequestError",
    "DisallowedHostError",
    "DownloadError",
    "EditIntent",
    "EditPlan",
    "EvalDatasetError",
    "ImageRole",
    "InputError",
    "JobFailedError",
    "LLMCallInfo",
    "ModelAPIError",
    "ModelSpec",
    "PromptTemplateError",
    "QuotedText",
    "RateLimitError",
    "RouteId",
    "RunComfyEditError",
    "ServerError",
    "UsageError",
]
