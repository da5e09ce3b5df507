"""runcomfy-edit-tool: route an image-edit request to the right RunComfy edit model."""

from typing import TYPE_CHECKING, Any

from ._catalog import MODELS, ROUTE_IDS, ModelSpec, RouteId
from ._classify import (
    DEFAULT_LLM_MODEL,
    Classification,
    Classifier,
    ClassifyRequest,
    LLMClassifier,
    RoutedIntent,
    RulesClassifier,
    make_llm_classifier,
)
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
from ._execute import (
    APISettings,
    JobOutputs,
    ModelAPIClient,
    OutputFile,
    Progress,
    ProgressCallback,
    RunResult,
    Timings,
    execute_plan,
    fetch_result,
)
from ._integrations.langgraph import EditGraphState, make_route_edit, route_edit
from ._intent import EditIntent, ImageRole, QuotedText
from ._plan import EditPlan, LLMCallInfo
from ._router import EditRouter

__all__ = [
    "DEFAULT_LLM_MODEL",
    "MODELS",
    "PROGRESS_EVENT",
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
    "EditGraphState",
    "EditInput",
    "EditIntent",
    "EditPlan",
    "EditRouter",
    "EditToolInput",
    "EvalDatasetError",
    "ImageRole",
    "InputError",
    "JobFailedError",
    "JobOutputs",
    "LLMCallInfo",
    "LLMClassifier",
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
    "RoutedIntent",
    "RulesClassifier",
    "RunComfyEditCancelTool",
    "RunComfyEditError",
    "RunComfyEditResultTool",
    "RunComfyEditToolkit",
    "RunComfyImageEditTool",
    "RunResult",
    "ServerError",
    "Timings",
    "UsageError",
    "execute_plan",
    "fetch_result",
    "make_llm_classifier",
    "make_route_edit",
    "route_edit",
]

# The LangChain tool and runnables pull in langchain-core's tracing stack (~0.3 s); load them on first
# use so `runcomfy-edit plan` starts fast. Type checkers see them through the TYPE_CHECKING import.
_LAZY: dict[str, str] = {
    "RunComfyImageEditTool": "._integrations.langchain_tool",
    "EditToolInput": "._integrations.langchain_tool",
    "RunComfyEditToolkit": "._integrations.toolkit",
    "RunComfyEditResultTool": "._integrations.toolkit",
    "RunComfyEditCancelTool": "._integrations.toolkit",
    "PROGRESS_EVENT": "._integrations.runnables",
    "EditInput": "._integrations.runnables",
}

if TYPE_CHECKING:
    from ._integrations.langchain_tool import EditToolInput, RunComfyImageEditTool
    from ._integrations.runnables import PROGRESS_EVENT, EditInput
    from ._integrations.toolkit import RunComfyEditCancelTool, RunComfyEditResultTool, RunComfyEditToolkit


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'runcomfy_edit_tool' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
