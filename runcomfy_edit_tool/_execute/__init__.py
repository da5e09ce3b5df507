"""Stage 4 — execute: an `EditPlan` → a submitted, polled, downloaded job (`RunResult`). Paid.

`client.py` speaks RunComfy's Model API (submit, status, result, cancel) with the retry rules of
`retry.py` (a submit is never retried once it may have reached the server) and the error mapping of
`errors.py` over the wire models of `models.py`; `download.py` fetches outputs safely (allowed hosts,
size caps, atomic files); `progress.py` is the progress event; `settings.py` every default, the token
and its storage; `execute.py` drives one job end to end; `schema.py` compares the catalog with
RunComfy's live input schemas and caches them for the pre-submit check.

Entry points: `ModelAPIClient`, `execute_plan`, `fetch_result`, `APISettings`, the result types.
"""

from .client import ModelAPIClient
from .download import OutputFile
from .execute import JobOutputs, RunResult, Timings, execute_plan, fetch_result
from .progress import Progress, ProgressCallback
from .schema import SchemaCache, compare_schemas
from .settings import APISettings, parse_seconds, save_token

__all__ = [
    "APISettings",
    "JobOutputs",
    "ModelAPIClient",
    "OutputFile",
    "Progress",
    "ProgressCallback",
    "RunResult",
    "SchemaCache",
    "Timings",
    "compare_schemas",
    "execute_plan",
    "fetch_result",
    "parse_seconds",
    "save_token",
]
