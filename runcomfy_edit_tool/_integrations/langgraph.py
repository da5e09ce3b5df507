"""Pieces for LangGraph graphs that branch per edit model. Needs no LangGraph import itself.

`route_edit(state)` returns a route id, so it can be passed straight to ``add_conditional_edges``;
its return annotation is the `RouteId` literal, so LangGraph knows the four possible branches (name
your nodes by route id, or pass a path map). LangGraph stays an optional extra
(``pip install runcomfy-edit-tool[langgraph]``): this module only reads a state mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from typing_extensions import TypedDict  # pydantic (and LangGraph's schema code) needs this on < 3.12

from .._catalog import ROUTE_IDS, RouteId
from .._exceptions import InputError
from .._plan import EditPlan
from .._router import EditRouter

__all__ = ["EditGraphState", "make_route_edit", "route_edit"]


class EditGraphState(TypedDict, total=False):
    """State keys `route_edit` reads: a plan if one was made, else the request to plan.

    `plan` may be an `EditPlan`, its ``model_dump()``, or the tool's artifact: anything with a
    ``route`` key. Keeping it JSON (a dict) lets every checkpointer store it.
    """

    request: str
    images: Sequence[str] | str
    mask: str | None
    model: str | None
    plan: EditPlan | Mapping[str, Any] | None


def _route_of(plan: EditPlan | Mapping[str, Any]) -> RouteId:
    route = plan.route if isinstance(plan, EditPlan) else plan.get("route")
    for known in ROUTE_IDS:
        if route == known:
            return known
    raise InputError(
        f"the state's plan has no valid route ({route!r}); expected one of {', '.join(ROUTE_IDS)}"
    )


def make_route_edit(router: EditRouter) -> Callable[[Mapping[str, Any]], RouteId]:
    """A `route_edit` that plans with `router` when the state holds no plan yet.

    The returned function is sync; with an LLM router each state without a plan costs one LLM call,
    so prefer a planning node that stores ``plan`` in the state and route on that.
    """

    def route(state: Mapping[str, Any]) -> RouteId:
        plan = state.get("plan")
        if plan is not None:
            return _route_of(plan)
        if "request" not in state or "images" not in state:
            raise InputError("the state has neither 'plan' nor 'request' and 'images' to route on")
        planned = router.plan(state["request"], state["images"], state.get("mask"), state.get("model"))
        return planned.route

    route.__name__ = "route_edit"
    return route


@cache
def _rules_router() -> EditRouter:
    # Routing without a stored plan uses the offline rules: free, deterministic, no network.
    return EditRouter(classifier="rules")


def route_edit(state: Mapping[str, Any]) -> RouteId:
    """The route id for a graph state, for ``graph.add_conditional_edges(source, route_edit)``.

    Reads ``state["plan"]["route"]`` when a plan is stored; otherwise plans ``state["request"]`` /
    ``["images"]`` (and ``["mask"]``, ``["model"]``) with the offline rules classifier. Use
    `make_route_edit(router)` to plan with another router.
    """
    return make_route_edit(_rules_router())(state)
