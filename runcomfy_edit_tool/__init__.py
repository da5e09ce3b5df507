"""runcomfy-edit-tool: route an image-edit request to the right RunComfy edit model."""

from ._catalog import MODELS, ROUTE_IDS, ModelSpec, RouteId
from ._classifier import Classification, Classifier, ClassifyRequest
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
from ._router import EditRouter
from ._rules import RulesClassifier

__all__ = [
    "MODELS",
    "ROUTE_IDS",
    "APITimeoutError",
    "AmbiguousSubmitError",
    "AuthenticationError",
    "BadRequestError",
    "Classification",
    "Classifier",
    "ClassifyRequest",
    "DisallowedHostError",
    "DownloadError",
    "EditIntent",
    "EditPlan",
    "EditRouter",
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
    "RulesClassifier",
    "RunComfyEditError",
    "ServerError",
    "UsageError",
]
