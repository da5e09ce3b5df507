"""Approval of the exact plan with LangChain 1.x's `create_agent` and `HumanInTheLoopMiddleware`.

`RunComfyApprovalMiddleware` is a `HumanInTheLoopMiddleware` for the paid edit tool that adds two
things the stock middleware cannot know about:

1. **The plan is made before the pause and travels in the tool call.** Right after the chat model
   answers (inside the model step, so the result is checkpointed before the interrupt), every call
   of the paid tool is planned — free — and the plan is written into the call's arguments as
   ``plan``. The interrupt therefore carries it in ``action_requests[i]["args"]["plan"]``, and its
   ``description`` says in words what approving buys: the model, the rewritten prompt, the number
   of images and outputs, and that approving pays for a RunComfy job.
2. **What runs is that plan.** When the call is released, the tool runs the plan from the call's
   arguments (`RunComfyImageEditTool.with_plan`), never classifying again, so a different model
   or prompt after approval is impossible by construction. An approved call runs the shown body
   byte for byte; an edited one (the reviewer changed ``model``, ``plan.prompt``, ``num_outputs``,
   ``aspect_ratio`` or ``seed``) is re-validated — the route must fit the images and mask, the
   body is rebuilt for the model and checked — before it runs, and an invalid edit is answered
   with an error message instead (nothing is sent). A rejection sends nothing at all.

A call whose arguments cannot be planned (an ``http://`` image, say) still pauses, with a
description saying it cannot run; approving it returns the error and sends nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Final

from langchain.agents.middleware import HumanInTheLoopMiddleware, InterruptOnConfig
from langchain.agents.middleware.human_in_the_loop import DecisionType
from langchain.agents.middleware.types import (
    ExtendedModelResponse,
    ModelCallResult,
    ModelRequest,
    ModelResponse,
    ToolCallRequest,
)
from langchain_core.messages import AIMessage, BaseMessage, ToolCall, ToolMessage
from langchain_core.tools import BaseTool, BaseToolkit
from langgraph.types import Command
from pydantic import ValidationError

from .._bodies import Overrides, build_body
from .._catalog import MODELS
from .._exceptions import InputError, RunComfyEditError
from .._inputs import validate_inputs
from .._plan import EditPlan
from .langchain_tool import EditToolInput, RunComfyImageEditTool, describe_error, validation_message
from .runnables import as_plan

__all__ = [
    "DEFAULT_DECISIONS",
    "PLAN_ARG",
    "RunComfyApprovalMiddleware",
    "approved_plan",
    "describe_plan_for_review",
    "review_text",
]

PLAN_ARG: Final = "plan"
DEFAULT_DECISIONS: Final[tuple[DecisionType, ...]] = ("approve", "edit", "reject")
# What a reviewer may change; everything else about the inputs is fixed once the plan is shown.
_EDITABLE: Final = "model, plan.prompt, num_outputs, aspect_ratio or seed"
_FIXED_ARGS: Final = ("request", "image_urls", "mask_url")
_FIXED_PLAN: Final = ("request", "images", "mask", "intent")


def review_text(plan: object) -> str:
    """The interrupt's description for one planned call: what approving buys, in a few lines."""
    if plan is None:  # e.g. the stock middleware with this description: nothing was planned ahead
        return (
            "PAID edit on RunComfy with the arguments shown: the model and prompt are chosen only when it "
            "runs (RunComfyApprovalMiddleware plans ahead and shows them here). Reject to submit nothing."
        )
    if not isinstance(plan, Mapping) or "error" in plan or "route" not in plan:
        reason = plan.get("error") if isinstance(plan, Mapping) else f"{PLAN_ARG} is not a plan"
        return f"This call cannot run, and nothing will be submitted whatever you decide: {reason}"
    images = plan.get("images") or []
    body = plan.get("body") or {}
    outputs = body.get("num_images", 1)
    reasons = plan.get("reasons") or []
    lines = [
        f"PAID edit on RunComfy: approving submits one job to {plan['model_id']} and RunComfy charges "
        "your account for it. Reject to submit nothing.",
        f"Model: {plan['model_id']} ({plan['route']})",
        f"Images: {len(images)} source image{'s' if len(images) != 1 else ''}"
        + (" + a mask" if plan.get("mask") else "")
        + f"; outputs: {outputs}",
        f"Prompt: {plan.get('prompt', '')}",
    ]
    if reasons:
        lines.append(f"Why this model: {reasons[0]}")
    lines.append(
        f"To change it, edit {_EDITABLE}: the body is rebuilt and validated before anything is paid."
    )
    return "\n".join(lines)


def describe_plan_for_review(tool_call: ToolCall, state: Any, runtime: Any) -> str:
    """`InterruptOnConfig.description` factory: the plan carried in the call's ``plan`` argument."""
    return review_text(tool_call["args"].get(PLAN_ARG))


def _arguments(args: Mapping[str, Any]) -> EditToolInput:
    try:
        return EditToolInput.model_validate({k: v for k, v in args.items() if k != PLAN_ARG})
    except ValidationError as exc:
        raise InputError(validation_message(exc).removeprefix("Invalid arguments: ")) from None


def approved_plan(shown_args: Mapping[str, Any], run_args: Mapping[str, Any]) -> EditPlan:
    """The plan to run for a reviewed call: the shown plan itself, or the reviewer's edit, re-validated.

    `shown_args` are the call's arguments as the reviewer saw them (with ``plan``), `run_args` the
    ones released after the decision (the same on approval). Raises `InputError` naming the field
    when the edit cannot run.
    """
    shown = shown_args.get(PLAN_ARG)
    if not isinstance(shown, Mapping) or "error" in shown:
        raise InputError(
            str(shown.get("error")) if isinstance(shown, Mapping) else "the call was not planned"
        )
    base = as_plan(shown)
    if run_args == shown_args:
        return base  # approved as shown: exactly this plan, this body
    edited_plan = run_args.get(PLAN_ARG)
    if not isinstance(edited_plan, Mapping):
        raise InputError(f"the edited call has no {PLAN_ARG!r}: keep it and change {_EDITABLE}")
    edited = as_plan(edited_plan)
    before, after = _arguments(shown_args), _arguments(run_args)
    for name in _FIXED_ARGS:
        if getattr(before, name) != getattr(after, name):
            raise InputError(
                f"{name} cannot change after the plan was shown: reject this call and ask for a new plan, "
                f"or edit only {_EDITABLE}"
            )
    for name in _FIXED_PLAN:
        if getattr(base, name) != getattr(edited, name):
            raise InputError(f"plan.{name} cannot change after the plan was shown: edit only {_EDITABLE}")
    route = after.model if after.model is not None and after.model != before.model else edited.route
    prompt = edited.prompt.strip()
    if not prompt:
        raise InputError("plan.prompt is empty: write what the model should do, or reject the call")
    inputs, _ = validate_inputs(base.request, base.images, base.mask, route)
    overrides = Overrides(after.num_outputs, after.aspect_ratio, after.seed)
    body, notes = build_body(route, prompt, inputs.images, inputs.mask, base.intent, overrides)
    if edited.body != base.body and edited.body != body:
        raise InputError(
            f"plan.body cannot be edited directly: change {_EDITABLE}; the body is rebuilt from them"
        )
    if route == base.route and prompt == base.prompt and body == base.body:
        return base
    changed = [f"model {route}" if route != base.route else "", "prompt" if prompt != base.prompt else ""]
    what = " and ".join(c for c in changed if c) or "options"
    return base.model_copy(
        update={
            "route": route,
            "model_id": MODELS[route].model_id,
            "prompt": prompt,
            "body": body,
            "reasons": [f"edited by the reviewer ({what}), then re-validated", *base.reasons, *notes],
        }
    )


def _messages(response: ModelCallResult[Any]) -> list[BaseMessage]:
    """The messages of any model-call result a handler may pass up (inner middleware may shorten it)."""
    if isinstance(response, AIMessage):
        return [response]
    if isinstance(response, ExtendedModelResponse):
        return list(response.model_response.result)
    return list(response.result)


def _paid_tool(tools: RunComfyImageEditTool | BaseToolkit | Sequence[BaseTool]) -> RunComfyImageEditTool:
    found: Sequence[BaseTool] = (
        [tools]
        if isinstance(tools, BaseTool)
        else tools.get_tools()
        if isinstance(tools, BaseToolkit)
        else tools
    )
    for tool in found:
        if isinstance(tool, RunComfyImageEditTool) and tool.execute:
            return tool
    raise TypeError(
        "RunComfyApprovalMiddleware needs the paid RunComfyImageEditTool (or a toolkit holding it)"
    )


class RunComfyApprovalMiddleware(HumanInTheLoopMiddleware[Any, Any, Any]):
    """`HumanInTheLoopMiddleware` that shows, and then runs, the exact plan of each paid edit.

    ``RunComfyApprovalMiddleware(toolkit)`` (or the paid tool itself) gates the paid tool; other
    tools pass through unless named in `interrupt_on`. `allowed_decisions` defaults to approve, edit
    and reject; `interrupt_mode` is the stock middleware's (``"batched"`` or ``"per_call"``).
    """

    def __init__(
        self,
        tools: RunComfyImageEditTool | BaseToolkit | Sequence[BaseTool],
        *,
        allowed_decisions: Sequence[DecisionType] = DEFAULT_DECISIONS,
        interrupt_on: Mapping[str, bool | InterruptOnConfig] | None = None,
        **options: Any,
    ) -> None:
        self.tool = _paid_tool(tools)
        gate = InterruptOnConfig(
            allowed_decisions=list(allowed_decisions), description=describe_plan_for_review
        )
        super().__init__(interrupt_on={**(interrupt_on or {}), self.tool.name: gate}, **options)

    # --- plan every paid call as the model answers (checkpointed before the pause) ----------------

    def _gated(self, message: BaseMessage) -> bool:
        return isinstance(message, AIMessage) and any(c["name"] == self.tool.name for c in message.tool_calls)

    def _plan_sync(self, args: Mapping[str, Any]) -> dict[str, Any]:
        try:
            call = _arguments(args)
            plan = self.tool.router.plan(
                call.request,
                call.image_urls,
                call.mask_url,
                call.model,
                num_outputs=call.num_outputs,
                aspect_ratio=call.aspect_ratio,
                seed=call.seed,
            )
        except RunComfyEditError as exc:
            return {"error": describe_error(exc)}
        return plan.model_dump(mode="json")

    async def _plan_async(self, args: Mapping[str, Any]) -> dict[str, Any]:
        try:
            call = _arguments(args)
            plan = await self.tool.router.aplan(
                call.request,
                call.image_urls,
                call.mask_url,
                call.model,
                num_outputs=call.num_outputs,
                aspect_ratio=call.aspect_ratio,
                seed=call.seed,
            )
        except RunComfyEditError as exc:
            return {"error": describe_error(exc)}
        return plan.model_dump(mode="json")

    def _with_plans(self, message: AIMessage, plans: Mapping[str, dict[str, Any]]) -> AIMessage:
        calls = [
            {**c, "args": {**c["args"], PLAN_ARG: plans[str(c["id"])]}} if str(c["id"]) in plans else c
            for c in message.tool_calls
        ]
        return message.model_copy(update={"tool_calls": calls})

    def _own_calls(self, response: ModelCallResult[Any]) -> list[ToolCall]:
        return [
            c
            for m in _messages(response)
            if isinstance(m, AIMessage)
            for c in m.tool_calls
            if c["name"] == self.tool.name
        ]

    def _planned(
        self, response: ModelCallResult[Any], plans: Mapping[str, dict[str, Any]]
    ) -> ModelCallResult[Any]:
        if isinstance(response, AIMessage):
            return self._with_plans(response, plans)
        if isinstance(response, ExtendedModelResponse):
            return ExtendedModelResponse(
                self._planned_response(response.model_response, plans), response.command
            )
        return self._planned_response(response, plans)

    def _planned_response(
        self, response: ModelResponse[Any], plans: Mapping[str, dict[str, Any]]
    ) -> ModelResponse[Any]:
        result = [
            self._with_plans(m, plans) if isinstance(m, AIMessage) and self._gated(m) else m
            for m in response.result
        ]
        return ModelResponse(result=result, structured_response=response.structured_response)

    def wrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], ModelResponse[Any]],
    ) -> ModelCallResult[Any]:
        """Call the model, then plan each paid call it made and put the plan in its arguments."""
        response = handler(request)
        plans = {str(c["id"]): self._plan_sync(c["args"]) for c in self._own_calls(response)}
        return self._planned(response, plans) if plans else response

    async def awrap_model_call(
        self,
        request: ModelRequest[Any],
        handler: Callable[[ModelRequest[Any]], Awaitable[ModelResponse[Any]]],
    ) -> ModelCallResult[Any]:
        """Async `wrap_model_call`: an LLM router's classification is awaited."""
        response = await handler(request)
        plans = {str(c["id"]): await self._plan_async(c["args"]) for c in self._own_calls(response)}
        return self._planned(response, plans) if plans else response

    # --- release: run the plan that was shown (or the validated edit), never re-plan ---------------

    def _release(self, shown: ToolCall, request: ToolCallRequest) -> ToolCallRequest | ToolMessage:
        call = request.tool_call
        planned = shown["args"].get(PLAN_ARG)
        if isinstance(planned, Mapping) and "error" in planned:  # already worded for the agent
            return ToolMessage(
                str(planned["error"]), tool_call_id=call["id"], name=call["name"], status="error"
            )
        try:
            plan = approved_plan(shown["args"], call["args"])
        except RunComfyEditError as exc:
            return ToolMessage(
                describe_error(exc), tool_call_id=call["id"], name=call["name"], status="error"
            )
        tool = request.tool if isinstance(request.tool, RunComfyImageEditTool) else self.tool
        args = {k: v for k, v in call["args"].items() if k != PLAN_ARG}
        return request.override(tool_call={**call, "args": args}, tool=tool.with_plan(plan))

    def wrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]],
    ) -> ToolMessage | Command[Any]:
        """Ask the reviewer (per_call mode), then run exactly the approved plan of a paid call."""
        if request.tool_call["name"] != self.tool.name:
            return super().wrap_tool_call(request, handler)
        shown = request.tool_call

        def release(to_run: ToolCallRequest) -> ToolMessage | Command[Any]:
            outcome = self._release(shown, to_run)
            return outcome if isinstance(outcome, ToolMessage) else handler(outcome)

        return super().wrap_tool_call(request, release)

    async def awrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command[Any]]],
    ) -> ToolMessage | Command[Any]:
        """Async `wrap_tool_call`."""
        if request.tool_call["name"] != self.tool.name:
            return await super().awrap_tool_call(request, handler)
        shown = request.tool_call

        async def release(to_run: ToolCallRequest) -> ToolMessage | Command[Any]:
            outcome = self._release(shown, to_run)
            return outcome if isinstance(outcome, ToolMessage) else await handler(outcome)

        return await super().awrap_tool_call(request, release)
