"""`EditRouter`: validate → classify → guard → rewrite → build. The one path every caller takes."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._bodies import Overrides, build_body
from ._catalog import MODELS, RouteId
from ._classify import Classification, Classifier, ClassifyRequest, RulesClassifier
from ._exceptions import UsageError
from ._execute import ModelAPIClient, ProgressCallback, RunResult, execute_plan
from ._inputs import validate_inputs, validate_overrides
from ._plan import EditPlan
from ._policy import apply_guards
from ._rewrite import rewrite

if TYPE_CHECKING:
    # Imported when a runnable is asked for, not with the package: langchain-core roughly doubles
    # the import time of the CLI, which never needs it.
    from langchain_core.runnables import Runnable

    from ._execute import APISettings
    from ._integrations.runnables import EditInput

ClassifierChoice = Literal["auto", "rules", "llm"]
# `--classifier auto` uses the LLM when either is set (an OpenAI-compatible endpoint is configured).
LLM_ENV_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL")


def llm_configured(base_url: str | None = None) -> bool:
    """Whether an LLM endpoint is configured by argument or environment."""
    return bool(base_url) or any(os.environ.get(name) for name in LLM_ENV_VARS)


def resolve_classifier(
    choice: ClassifierChoice | Classifier = "auto",
    *,
    llm: Any = None,
    llm_model: str | None = None,
    llm_base_url: str | None = None,
    llm_timeout: float | None = None,
) -> Classifier:
    """Turn a classifier choice (and optional LLM settings) into a classifier object."""
    if not isinstance(choice, str):
        return choice
    if choice == "rules":
        return RulesClassifier()
    wants_llm = llm is not None or choice == "llm" or llm_configured(llm_base_url)
    if not wants_llm:
        return RulesClassifier()
    if llm is None and not llm_configured(llm_base_url):
        raise UsageError(
            "--classifier llm needs an endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL / "
            "--llm-base-url (any OpenAI-compatible server), or use --classifier rules"
        )
    from ._classify import make_llm_classifier

    return make_llm_classifier(llm=llm, model=llm_model, base_url=llm_base_url, timeout=llm_timeout)


class EditRouter:
    """Plans image edits: picks the model, rewrites the prompt, builds the exact body.

    `EditRouter()` uses the LLM classifier when OPENAI_API_KEY or OPENAI_BASE_URL is set and the
    offline rules otherwise; `EditRouter(classifier="rules")` never touches the network, and
    `EditRouter(llm=chat_model)` routes with any LangChain chat model.
    """

    def __init__(
        self,
        classifier: ClassifierChoice | Classifier = "auto",
        *,
        llm: Any = None,
        llm_model: str | None = None,
        llm_base_url: str | None = None,
        llm_timeout: float | None = None,
    ) -> None:
        self.classifier: Classifier = resolve_classifier(
            classifier, llm=llm, llm_model=llm_model, llm_base_url=llm_base_url, llm_timeout=llm_timeout
        )

    def plan(
        self,
        request: str,
        images: Sequence[str] | str,
        mask: str | None = None,
        model: RouteId | str | None = None,
        *,
        num_outputs: int | None = None,
        aspect_ratio: str | None = None,
        seed: int | None = None,
    ) -> EditPlan:
        """Plan one edit. Raises `InputError` (exit 65) for bad inputs; never calls a paid API."""
        inputs, forced = validate_inputs(request, images, mask, model)
        validate_overrides(num_outputs, aspect_ratio, seed)
        classification = self.classifier.classify(inputs)
        return _finish(inputs, forced, classification, Overrides(num_outputs, aspect_ratio, seed))

    async def aplan(
        self,
        request: str,
        images: Sequence[str] | str,
        mask: str | None = None,
        model: RouteId | str | None = None,
        *,
        num_outputs: int | None = None,
        aspect_ratio: str | None = None,
        seed: int | None = None,
    ) -> EditPlan:
        """Async `plan`: the LLM call (if any) is awaited, never run in a thread."""
        inputs, forced = validate_inputs(request, images, mask, model)
        validate_overrides(num_outputs, aspect_ratio, seed)
        classification = await self.classifier.aclassify(inputs)
        return _finish(inputs, forced, classification, Overrides(num_outputs, aspect_ratio, seed))

    def run(
        self,
        plan: EditPlan,
        output_dir: str | os.PathLike[str] | None = None,
        *,
        wait: bool = True,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
        overwrite: bool = False,
        client: ModelAPIClient | None = None,
    ) -> RunResult:
        """Run a plan on RunComfy's Model API and download its outputs (paid). Blocking; see `arun`.

        Uses its own event loop, so call `arun` instead from async code (or a notebook).
        """
        return asyncio.run(
            self.arun(
                plan,
                output_dir,
                wait=wait,
                timeout=timeout,
                on_progress=on_progress,
                overwrite=overwrite,
                client=client,
            )
        )

    async def arun(
        self,
        plan: EditPlan,
        output_dir: str | os.PathLike[str] | None = None,
        *,
        wait: bool = True,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
        overwrite: bool = False,
        client: ModelAPIClient | None = None,
    ) -> RunResult:
        """Submit `plan`, wait for it, download its outputs into `output_dir` (skipped when None).

        `wait=False` returns after the submit (status ``submitted``); `timeout` bounds the submit and
        wait together (default none). Cancelling the task cancels the job on the server and re-raises
        `CancelledError`. `client` defaults to a `ModelAPIClient` configured from the environment.
        """
        directory = Path(output_dir) if output_dir is not None else None
        options: dict[str, Any] = {
            "output_dir": directory,
            "wait": wait,
            "timeout": timeout,
            "on_progress": on_progress,
            "overwrite": overwrite,
        }
        if client is not None:
            return await execute_plan(plan, client=client, **options)
        async with ModelAPIClient() as owned:
            return await execute_plan(plan, client=owned, **options)

    # --- LangChain runnables (LCEL composition, named runs in traces); see _integrations/runnables.py ---

    def classify_runnable(self) -> Runnable[EditInput, Classification]:
        """The classify step as a runnable (``runcomfy_edit.classify``): input dict → `Classification`."""
        from ._integrations.runnables import classify_runnable

        return classify_runnable(self)

    def plan_runnable(self) -> Runnable[EditInput, EditPlan]:
        """`plan` / `aplan` as a runnable (``runcomfy_edit.plan``): input dict → `EditPlan`. Free."""
        from ._integrations.runnables import plan_runnable

        return plan_runnable(self)

    def run_runnable(
        self,
        output_dir: str | os.PathLike[str] | None = None,
        *,
        timeout: float | None = None,
        overwrite: bool = False,
        settings: APISettings | None = None,
    ) -> Runnable[EditPlan | Mapping[str, Any], RunResult]:
        """`run` / `arun` as a runnable (``runcomfy_edit.run``, paid): plan → `RunResult`.

        Progress is sent as ``runcomfy_edit_progress`` custom events; `settings` defaults to the
        environment, read when the step runs.
        """
        from ._integrations.runnables import run_runnable

        return run_runnable(self, output_dir, timeout=timeout, overwrite=overwrite, settings=settings)


def _finish(
    inputs: ClassifyRequest, forced: RouteId | None, result: Classification, overrides: Overrides
) -> EditPlan:
    n_images = len(inputs.images)
    has_mask = inputs.mask is not None
    reasons = list(result.reasons)
    if forced is not None:
        route = forced
        if forced != result.route:
            reasons.insert(
                0, f"model forced to {forced} by the caller (the policy would choose {result.route})"
            )
        else:
            reasons.insert(0, f"model {forced} chosen by the caller, as the policy would")
    else:
        route, guard_reasons = apply_guards(result.route, result.intent, n_images=n_images, has_mask=has_mask)
        reasons = [*guard_reasons, *reasons] if guard_reasons else reasons
    rewritten = rewrite(route, result.intent, n_images=n_images, request=inputs.request)
    prompt = rewritten.prompt
    body, notes = build_body(route, prompt, inputs.images, inputs.mask, result.intent, overrides)
    notes = [*rewritten.notes, *notes]
    return EditPlan(
        route=route,
        model_id=MODELS[route].model_id,
        classifier=result.classifier,
        fallback_reason=result.fallback_reason,
        confidence=result.intent.confidence,
        reasons=[*reasons, *notes],
        intent=result.intent,
        prompt=prompt,
        body=body,
        request=inputs.request,
        images=list(inputs.images),
        mask=inputs.mask,
        llm=result.llm,
    )
