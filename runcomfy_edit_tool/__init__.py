"""runcomfy-edit-tool: route an image-edit request to the right RunComfy edit model."""

from ._api_client import ModelAPIClient
from ._catalog import MODELS, ROUTE_IDS, ModelSpec, RouteId
from ._classifier import Classification, Classifier, ClassifyRequest
from ._download import OutputFile
from ._exceptions import (
    AmbiguousSubmitError,
    APIConnectionError,
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
from ._execute import JobOutputs, RunResult, Timings, execute_plan, fetch_result
from ._intent import EditIntent, ImageRole, QuotedText
from ._plan import EditPlan, LLMCallInfo
from ._progress import Progress, ProgressCallback
from ._router import EditRouter
from ._rules import RulesClassifier
from ._settings import APISettings

__all__ = [
    "MODELS",
    "ROUTE_IDS",
    "APIConnectionError",
    "APISettings",
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
    "JobOutputs",
    "LLMCallInfo",
    "ModelAPIClient",
    "ModelAPIError",
    "ModelSpec",
    "OutputFile",
    "Progress",
    "ProgressCallback",
    "PromptTemplateError",
    "QuotedText",
    "RateLimitError",
    "RouteId",
    "RulesClassifier",
    "RunComfyEditError",
    "RunResult",
    "ServerError",
    "Timings",
    "UsageError",
    "execute_plan",
    "fetch_result",
]
