"""The router's steps as LangChain runnables: classify, plan, run — each a named run in traces.

`EditRouter.classify_runnable()`, `.plan_runnable()` and `.run_runnable(output_dir=…)` return these.
They compose with LCEL (``router.plan_runnable() | router.run_runnable(output_dir="out")``), have a
real async path (``ainvoke`` awaits the router; nothing is pushed to a thread), and show up in
LangSmith or any callback handler as ``runcomfy_edit.classify`` / ``.plan`` / ``.run``.

While a job runs, the run step sends each `Progress` as a custom event named `PROGRESS_EVENT`
(``astream_events`` yields it as ``on_custom_event``) and, inside a LangGraph graph, writes the same
payload to the graph's stream writer (``stream_mode="custom"``), so a streaming UI can show the queue.

`images` must be a list here, as in the tool's `image_urls`: a bare string is refused with the fix
rather than wrapped, so the tool and the runnables accept exactly the same inputs.
"""

# No `from __future__ import annotations` here: RunnableLambda reads the step functions' annotations
# at runtime to build their input schemas, and string annotations on closures cannot be resolved.
import asyncio
import contextvars
import inspect
import os
import threading
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, Final, NotRequired, Protocol, TypeVar

from langchain_core.callbacks import adispatch_custom_event, dispatch_custom_event
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda
from pydantic import ValidationError
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from .._classify import Classification, Classifier
from .._exceptions import InputError
from .._execute import APISettings, ModelAPIClient, Progress, ProgressCallback, RunResult
from .._inputs import validate_inputs
from .._plan import EditPlan
from .wording import IMAGE_LIST_HINT


class Planner(Protocol):
    """What the runnables need of `EditRouter`; typed structurally so this module never imports the
    router (which loads this module lazily for its ``*_runnable`` methods)."""

    classifier: Classifier

    def plan(self, *args: Any, **kwargs: Any) -> EditPlan: ...

    async def aplan(self, *args: Any, **kwargs: Any) -> EditPlan: ...

    async def arun(self, *args: Any, **kwargs: Any) -> RunResult: ...


__all__ = [
    "CLASSIFY_RUN_NAME",
    "PLAN_RUN_NAME",
    "PROGRESS_EVENT",
    "RUN_RUN_NAME",
    "EditInput",
    "as_plan",
    "classify_runnable",
    "graph_stream_writer",
    "plan_runnable",
    "progress_event_data",
    "progress_forwarder",
    "run_blocking",
    "run_runnable",
]

PROGRESS_EVENT: Final = "runcomfy_edit_progress"
CLASSIFY_RUN_NAME: Final = "runcomfy_edit.classify"
PLAN_RUN_NAME: Final = "runcomfy_edit.plan"
RUN_RUN_NAME: Final = "runcomfy_edit.run"

_T = TypeVar("_T")


class EditInput(TypedDict):
    """What the classify and plan steps take: the same arguments as `EditRouter.plan`.

    Keys not listed here are ignored, so a LangGraph state holding these keys can be passed as is.
    """

    request: str
    images: Sequence[str]
    mask: NotRequired[str | None]
    model: NotRequired[str | None]
    num_outputs: NotRequired[int | None]
    aspect_ratio: NotRequired[str | None]
    seed: NotRequired[int | None]


def _edit_args(value: Mapping[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """`EditInput` → the positional and keyword arguments of `EditRouter.plan`."""
    if not isinstance(value, Mapping):
        raise InputError(
            f"expected a mapping with 'request' and 'images', got {type(value).__name__}: "
            "pass {'request': ..., 'images': [...]}"
        )
    missing = [key for key in ("request", "images") if key not in value]
    if missing:
        raise InputError(f"the input has no {' or '.join(repr(k) for k in missing)}: pass both")
    if isinstance(value["images"], str):
        raise InputError(f"'images' must be a list of URLs, not a string: {IMAGE_LIST_HINT}")
    args = (value["request"], value["images"], value.get("mask"), value.get("model"))
    options = {key: value.get(key) for key in ("num_outputs", "aspect_ratio", "seed")}
    return args, options


def as_plan(value: EditPlan | Mapping[str, Any]) -> EditPlan:
    """An `EditPlan`, or a mapping holding one's fields (a plan's dump, the tool's plan-only artifact).

    Extra keys are dropped so the tool's artifact (which adds ``executed`` and friends) and JSON
    read back from a checkpointer both work.
    """
    if isinstance(value, EditPlan):
        return value
    if not isinstance(value, Mapping):
        raise InputError(f"expected an EditPlan or its dict, got {type(value).__name__}")
    fields = {key: value[key] for key in EditPlan.model_fields if key in value}
    try:
        return EditPlan.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "plan"
        raise InputError(f"not a valid plan: {where}: {first['msg']}") from None


def progress_event_data(progress: Progress) -> dict[str, Any]:
    """The JSON-ready payload of one progress custom event."""
    return {
        "phase": progress.phase,
        "status": progress.status,
        "queue_position": progress.queue_position,
        "elapsed": round(progress.elapsed, 3),
        "request_id": progress.request_id,
    }


def run_blocking(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run `coro` to completion from sync code, even when this thread already runs an event loop.

    `asyncio.run` refuses to start inside a running loop (a notebook, a sync tool called from async
    code); then the coroutine gets its own loop on a short-lived thread, with this context copied
    so callbacks and tracing still attach to the current run.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    context = contextvars.copy_context()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = context.run(asyncio.run, coro)
        except BaseException as exc:  # re-raised in the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="runcomfy-edit-run", daemon=True)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    result: _T = outcome["value"]
    return result


def graph_stream_writer() -> Callable[[Any], None] | None:
    """LangGraph's stream writer when this runs inside a graph node (``stream_mode="custom"``), else None.

    LangGraph is optional, and outside a graph there is no writer: both cases are simply "no writer".
    """
    try:
        from langgraph.config import get_stream_writer
    except ImportError:
        return None
    try:
        writer: Callable[[Any], None] = get_stream_writer()
    except (RuntimeError, KeyError, AttributeError):  # no runnable context, or not a graph's config
        return None
    return writer


def _async_events(config: RunnableConfig) -> ProgressCallback:
    writer = graph_stream_writer()

    async def forward(progress: Progress) -> None:
        data = progress_event_data(progress)
        await adispatch_custom_event(PROGRESS_EVENT, data, config=config)
        if writer is not None:
            writer(dict(data))

    return forward


def _sync_events(config: RunnableConfig) -> ProgressCallback:
    writer = graph_stream_writer()  # looked up here: the job itself may run on another thread

    def forward(progress: Progress) -> None:
        data = progress_event_data(progress)
        dispatch_custom_event(PROGRESS_EVENT, data, config=config)
        if writer is not None:
            writer(dict(data))

    return forward


def progress_forwarder(config: RunnableConfig, *, sync: bool) -> ProgressCallback:
    """A progress callback that sends each report as a custom event and to the graph's stream writer.

    `sync` picks the synchronous dispatch (for code that runs the job with `run_blocking`).
    """
    return _sync_events(config) if sync else _async_events(config)


def classify_runnable(router: Planner) -> Runnable[EditInput, Classification]:
    """The classifier's own answer (intent + proposed route), before guards and rewriting."""

    def classify(value: EditInput) -> Classification:
        (request, images, mask, model), _ = _edit_args(value)
        inputs, _forced = validate_inputs(request, images, mask, model)
        return router.classifier.classify(inputs)

    async def aclassify(value: EditInput) -> Classification:
        (request, images, mask, model), _ = _edit_args(value)
        inputs, _forced = validate_inputs(request, images, mask, model)
        return await router.classifier.aclassify(inputs)

    return RunnableLambda(classify, afunc=aclassify, name=CLASSIFY_RUN_NAME)


def plan_runnable(router: Planner) -> Runnable[EditInput, EditPlan]:
    """`EditRouter.plan` / `aplan` as a runnable: free, never calls the Model API."""

    def plan(value: EditInput) -> EditPlan:
        args, options = _edit_args(value)
        return router.plan(*args, **options)

    async def aplan(value: EditInput) -> EditPlan:
        args, options = _edit_args(value)
        return await router.aplan(*args, **options)

    return RunnableLambda(plan, afunc=aplan, name=PLAN_RUN_NAME)


def run_runnable(
    router: Planner,
    output_dir: str | os.PathLike[str] | None = None,
    *,
    timeout: float | None = None,
    overwrite: bool = False,
    settings: APISettings | None = None,
    on_progress: ProgressCallback | None = None,
) -> Runnable[EditPlan | Mapping[str, Any], RunResult]:
    """`EditRouter.arun` as a runnable (paid): plan in, `RunResult` out, progress as custom events.

    `settings` configures the Model API client (token, base URL, download hosts); by default it is
    read from the environment when the step runs, like the CLI does. `on_progress` also receives
    each report (the tool uses it to know the job's id and status if the run fails).
    """

    async def execute(plan: EditPlan, events: ProgressCallback) -> RunResult:
        async def report(progress: Progress) -> None:
            for callback in (on_progress, events):  # the tracker first: it must see every report
                outcome = callback(progress) if callback is not None else None
                if inspect.isawaitable(outcome):
                    await outcome

        options: dict[str, Any] = {"timeout": timeout, "overwrite": overwrite, "on_progress": report}
        if settings is None:
            return await router.arun(plan, output_dir, **options)
        async with ModelAPIClient(settings=settings) as client:
            return await router.arun(plan, output_dir, client=client, **options)

    def run(value: EditPlan | Mapping[str, Any], config: RunnableConfig) -> RunResult:
        return run_blocking(execute(as_plan(value), _sync_events(config)))

    async def arun(value: EditPlan | Mapping[str, Any], config: RunnableConfig) -> RunResult:
        return await execute(as_plan(value), _async_events(config))

    return RunnableLambda(run, afunc=arun, name=RUN_RUN_NAME)
