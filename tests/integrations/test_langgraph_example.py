"""examples/approval_graph.py end to end, and `route_edit` as a conditional edge.

The graph is driven by a fake tool-calling chat model and the loopback fake Model API: nothing may
reach the API before a person approves, approval submits exactly once and downloads the files, and
a refusal submits nothing at all.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from _langchain_fakes import ANSWER_PREFIX, IMAGE, REQUEST, fake_chat
from fake_model_api import PNG, FakeModelAPI
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command

from runcomfy_edit_tool import (
    ROUTE_IDS,
    EditGraphState,
    EditRouter,
    InputError,
    RouteId,
    make_route_edit,
    route_edit,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "approval_graph.py"


def load_example() -> ModuleType:
    """Import examples/approval_graph.py by path (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location("approval_graph", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example() -> ModuleType:
    """The example module, loaded once."""
    return load_example()


def start(example: ModuleType, out: Path, **chat: Any) -> tuple[Any, dict[str, Any], Any]:
    """A graph on the rules router writing into `out`, its thread config, and its fake chat model."""
    model = fake_chat(**chat)
    graph = example.build_graph(model, router=EditRouter(classifier="rules"), output_dir=out)
    return graph, {"configurable": {"thread_id": "t1"}}, model


async def interrupted(graph: Any, config: dict[str, Any]) -> dict[str, Any]:
    """Send the user's message; the graph must stop at the approval interrupt. Returns its payload."""
    state = await graph.ainvoke({"messages": [HumanMessage(f"{REQUEST}: {IMAGE}")]}, config)
    (pause,) = state["__interrupt__"]
    payload: dict[str, Any] = pause.value
    return payload


async def test_approval_runs_the_shown_plan_once_and_answers_with_the_files(
    example: ModuleType, api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Chat → tool call → plan shown at the interrupt (nothing sent) → approve → one submit, files, answer."""
    graph, config, model = start(example, tmp_path)
    payload = await interrupted(graph, config)
    assert fake_api.requests == []  # the plan is free: nothing reached the API before approval
    (edit,) = payload["edits"]
    assert edit["route"] == "nano-banana-edit"
    assert edit["model_id"] == "google/nano-banana-2/edit"
    assert edit["body"]["prompt"] == edit["prompt"]
    assert "paid" in payload["question"]
    assert graph.get_state(config).next == ("approve",)

    state = await graph.ainvoke(Command(resume=True), config)
    assert len(fake_api.submits) == 1
    assert fake_api.submits[0].json() == edit["body"]  # exactly the approved body
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]
    assert (tmp_path / "a.png").read_bytes() == PNG
    tool_message = next(m for m in state["messages"] if isinstance(m, ToolMessage))
    assert tool_message.status == "success"
    assert tool_message.tool_call_id == "call_1"
    final = state["messages"][-1]
    assert isinstance(final, AIMessage)
    assert final.text.startswith(ANSWER_PREFIX)
    assert str(tmp_path / "a.png") in final.text
    assert state["pending"] == []
    assert model.calls == 1  # one tool call, one answer


async def test_rejection_submits_nothing_and_the_agent_says_so(
    example: ModuleType, api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Resume with a refusal: no request at all reaches the API; the agent is told nothing was charged."""
    graph, config, _ = start(example, tmp_path)
    await interrupted(graph, config)
    state = await graph.ainvoke(Command(resume={"approved": False}), config)
    assert fake_api.requests == []
    assert list(tmp_path.iterdir()) == []
    tool_message = next(m for m in state["messages"] if isinstance(m, ToolMessage))
    assert tool_message.status == "error"
    assert tool_message.content == example.DECLINED
    assert "nothing was submitted" in state["messages"][-1].content


async def test_a_bad_tool_call_goes_back_to_the_agent_without_an_interrupt(
    example: ModuleType, api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """A call the planner rejects (http:// image) is answered with the error; no approval, nothing sent."""
    bad_args = {"request": REQUEST, "image_urls": ["http://example.com/a.jpg"]}
    graph, config, _ = start(example, tmp_path, call_args=bad_args)
    state = await graph.ainvoke({"messages": [HumanMessage("edit this")]}, config)
    assert "__interrupt__" not in state
    assert fake_api.requests == []
    assert "https://" in state["messages"][-1].content


async def test_a_failed_job_after_approval_reaches_the_agent(
    example: ModuleType, api_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Approved, but the job fails: one submit, an error ToolMessage with the server's text, an answer."""
    fake_api.faults.job_error = "NSFW content detected"
    graph, config, _ = start(example, tmp_path)
    await interrupted(graph, config)
    state = await graph.ainvoke(Command(resume=True), config)
    assert len(fake_api.submits) == 1
    tool_message = next(m for m in state["messages"] if isinstance(m, ToolMessage))
    assert tool_message.status == "error"
    assert "NSFW content detected" in state["messages"][-1].content


@pytest.mark.parametrize(("decision", "expected"), [(True, True), ({"approved": True}, True), ("yes", False)])
def test_only_an_explicit_yes_approves(example: ModuleType, decision: Any, expected: bool) -> None:
    """`True` or `{"approved": True}` approve; anything else (even "yes") refuses the paid run."""
    assert example.approved(decision) is expected


# --- route_edit in add_conditional_edges ------------------------------------------------------------


def branch_graph(router_fn: Any = route_edit) -> Any:
    """START → one node per route id, chosen by `router_fn`; each node records its own name."""
    builder = StateGraph(BranchState)
    for route in ROUTE_IDS:
        builder.add_node(route, lambda state, route=route: {"taken": route})
        builder.add_edge(route, END)
    builder.add_conditional_edges(START, router_fn)
    return builder.compile()


class BranchState(EditGraphState, total=False):
    """The documented state keys plus the branch the graph took."""

    taken: str


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"request": REQUEST, "images": [IMAGE]}, "nano-banana-edit"),
        ({"request": "she is now holding an orange umbrella", "images": [IMAGE]}, "flux-kontext-pro"),
        (
            {"request": "remove the cable", "images": [IMAGE], "mask": "https://example.com/m.png"},
            "z-image-inpaint",
        ),
        ({"request": REQUEST, "images": [IMAGE], "model": "gpt-image-2-edit"}, "gpt-image-2-edit"),
        (
            {"request": "ignored", "images": [IMAGE], "plan": {"route": "flux-kontext-pro"}},
            "flux-kontext-pro",
        ),
    ],
)
def test_route_edit_picks_the_branch(state: dict[str, Any], expected: RouteId) -> None:
    """`add_conditional_edges(START, route_edit)` takes the planned route's branch (a stored plan wins)."""
    assert branch_graph().invoke(state)["taken"] == expected


def test_route_edit_reads_a_stored_plan_object_and_declares_its_branches() -> None:
    """An `EditPlan` in the state is read as is; the Literal return type tells LangGraph the four branches."""
    plan = EditRouter(classifier="rules").plan(REQUEST, [IMAGE], model="gpt-image-2-edit")
    assert route_edit({"plan": plan}) == "gpt-image-2-edit"
    branches = branch_graph().get_graph().edges
    assert {edge.target for edge in branches if edge.source == START} == set(ROUTE_IDS)


def test_make_route_edit_plans_with_the_given_router() -> None:
    """`make_route_edit(router)` plans with that router when no plan is stored."""
    calls: list[str] = []

    class CountingRouter(EditRouter):
        def plan(self, request: str, *args: Any, **kwargs: Any) -> Any:
            calls.append(request)
            return super().plan(request, *args, **kwargs)

    router_fn = make_route_edit(CountingRouter(classifier="rules"))
    assert (
        branch_graph(router_fn).invoke({"request": REQUEST, "images": [IMAGE]})["taken"] == "nano-banana-edit"
    )
    assert calls == [REQUEST]


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({}, "neither 'plan' nor 'request'"),
        ({"plan": {"route": "dall-e"}}, "no valid route"),
        ({"request": REQUEST, "images": ["http://example.com/a.jpg"]}, "https://"),
    ],
)
def test_route_edit_bad_state_is_an_input_error(state: dict[str, Any], message: str) -> None:
    """A state it cannot route raises the package's `InputError`, naming what is missing or wrong."""
    with pytest.raises(InputError, match=message):
        route_edit(state)
