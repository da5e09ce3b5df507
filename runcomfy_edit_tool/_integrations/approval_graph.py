"""A plain LangGraph agent that asks before it pays: chat → tool call → plan → approval → run → answer.

The chat model turns the user's message into a ``runcomfy_image_edit`` tool call. Instead of running
it at once, the graph plans it (free), stops with ``interrupt`` to show the plan — model, prompt,
exact body — and runs exactly that plan only after a person approves. Rejected plans are never
submitted; the agent is told so and answers the user. (With `create_agent`, use
`RunComfyApprovalMiddleware` instead: same guarantee, the stock human-in-the-loop protocol.)

Needs ``pip install 'runcomfy-edit-tool[langgraph]'`` and a chat model with tool calling::

    from runcomfy_edit_tool.langgraph import build_approval_graph

    graph = build_approval_graph(ChatOpenAI(model="gpt-4.1-mini"), output_dir="out")
    config = {"configurable": {"thread_id": "1"}}
    state = await graph.ainvoke({"messages": [("user", "make the sky a sunset: https://…/a.jpg")]}, config)
    print(state["__interrupt__"][0].value)           # the plan, for a person to check
    state = await graph.ainvoke(Command(resume=True), config)   # or resume=False to refuse
    print(state["messages"][-1].content)              # the agent's answer, with the saved files

Progress of the paid run goes to the graph's stream (``stream_mode="custom"``) and to callback
custom events, as with the tool.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Final, Literal, NotRequired

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, SystemMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, interrupt

from .._router import EditRouter
from .langchain_tool import TOOL_NAME, RunComfyImageEditTool

__all__ = ["DECLINED", "SYSTEM_PROMPT", "ApprovalState", "approved", "build_approval_graph"]

SYSTEM_PROMPT: Final = (
    "You help people edit their images. When they ask to change an image they gave as an https URL, "
    "call runcomfy_image_edit with their request in their own words. When the tool answers, tell them "
    "which model ran and where the files are; if it reports an error, say what went wrong."
)
DECLINED: Final = "The user did not approve this paid edit; nothing was submitted or charged."


class ApprovalState(MessagesState):
    """The chat, plus the planned edits waiting for approval.

    Each pending edit is ``{"tool_call_id": ..., "plan": <the plan-only tool artifact>}``: plain JSON,
    so any checkpointer can store it across the interrupt.
    """

    pending: NotRequired[list[dict[str, Any]]]


def approved(decision: Any) -> bool:
    """`Command(resume=True)` or ``resume={"approved": True}`` approves; anything else refuses."""
    if isinstance(decision, dict):
        return decision.get("approved") is True
    return decision is True


def _summary(plan: dict[str, Any]) -> dict[str, Any]:
    """What a person needs to approve a paid run: which model, which prompt, the exact body."""
    return {key: plan[key] for key in ("route", "model_id", "prompt", "body", "reasons")}


def build_approval_graph(
    chat_model: BaseChatModel,
    *,
    router: EditRouter | None = None,
    output_dir: str | os.PathLike[str] = "runcomfy-edit-outputs",
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    system_prompt: str = SYSTEM_PROMPT,
) -> CompiledStateGraph[ApprovalState, None, ApprovalState, ApprovalState]:
    """Compile the approval graph. `interrupt` needs a checkpointer: an in-memory one by default."""
    shared: dict[str, Any] = {"router": router} if router is not None else {}
    # The planner answers the paid tool's calls, so it carries that tool's name.
    planner = RunComfyImageEditTool(execute=False, name=TOOL_NAME, **shared)
    runner = RunComfyImageEditTool(output_dir=output_dir, **shared)
    model = chat_model.bind_tools([runner])

    async def agent(state: ApprovalState) -> dict[str, Any]:
        messages: Sequence[AnyMessage] = [SystemMessage(system_prompt), *state["messages"]]
        return {"messages": [await model.ainvoke(messages)]}

    def after_agent(state: ApprovalState) -> Literal["plan", "__end__"]:
        last = state["messages"][-1]
        return "plan" if isinstance(last, AIMessage) and last.tool_calls else "__end__"

    async def plan(state: ApprovalState) -> Command[Literal["approve", "agent"]]:
        last = state["messages"][-1]
        assert isinstance(last, AIMessage)
        pending: list[dict[str, Any]] = []
        answers: list[ToolMessage] = []
        for call in last.tool_calls:
            # The planner validates the arguments and plans for free; errors go back to the agent.
            message = await planner.ainvoke({**call, "type": "tool_call"})
            if message.status == "error":
                answers.append(message)
            else:
                pending.append({"tool_call_id": call["id"], "plan": message.artifact})
        goto: Literal["approve", "agent"] = "approve" if pending else "agent"
        return Command(goto=goto, update={"messages": answers, "pending": pending})

    def approve(state: ApprovalState) -> Command[Literal["execute", "agent"]]:
        pending = state.get("pending", [])
        decision = interrupt(
            {
                "question": "Run these paid edits on RunComfy?",
                "edits": [_summary(item["plan"]) for item in pending],
            }
        )
        if approved(decision):
            return Command(goto="execute")
        refusals = [
            ToolMessage(DECLINED, tool_call_id=item["tool_call_id"], name=runner.name, status="error")
            for item in pending
        ]
        return Command(goto="agent", update={"messages": refusals, "pending": []})

    async def execute(state: ApprovalState, config: RunnableConfig) -> dict[str, Any]:
        # Runs the approved plans exactly: no second classification can change what was approved.
        messages = [
            await runner.arun_plan(item["plan"], tool_call_id=item["tool_call_id"], config=config)
            for item in state.get("pending", [])
        ]
        return {"messages": messages, "pending": []}

    builder = StateGraph(ApprovalState)
    builder.add_node("agent", agent)
    builder.add_node("plan", plan)
    builder.add_node("approve", approve)
    builder.add_node("execute", execute)
    builder.add_edge(START, "agent")
    builder.add_conditional_edges("agent", after_agent)
    builder.add_edge("execute", "agent")
    return builder.compile(checkpointer=checkpointer or InMemorySaver())
