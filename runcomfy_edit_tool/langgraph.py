"""LangGraph and LangChain-agent pieces: approval of the exact plan, routing, progress in the stream.

The one public submodule (everything else lives behind ``runcomfy_edit_tool``'s ``__all__``). It
needs the ``langgraph`` extra (``pip install 'runcomfy-edit-tool[langgraph]'``: langgraph and
langchain 1.x), which is why it is not imported by the package itself.

- `RunComfyApprovalMiddleware`: `create_agent` + human in the loop. Each paid call pauses with its
  plan (model, rewritten prompt, images, that approving pays) in the interrupt; approval runs that
  plan exactly, an edit is re-validated first, a rejection sends nothing.
- `build_approval_graph`: the same guarantee as a plain `StateGraph` (interrupt, then run the plan).
- `route_edit` / `make_route_edit`: branch a graph per edit model with ``add_conditional_edges``.
- `PROGRESS_EVENT`: the progress payload's custom-event name; inside a graph the same payload is
  also written to ``stream_mode="custom"``.
"""

from ._integrations.approval_graph import (
    DECLINED,
    SYSTEM_PROMPT,
    ApprovalState,
    approved,
    build_approval_graph,
)
from ._integrations.approval_middleware import (
    PLAN_ARG,
    RunComfyApprovalMiddleware,
    approved_plan,
    describe_plan_for_review,
    review_text,
)
from ._integrations.langgraph import EditGraphState, make_route_edit, route_edit
from ._integrations.runnables import PROGRESS_EVENT, progress_event_data

__all__ = [
    "DECLINED",
    "PLAN_ARG",
    "PROGRESS_EVENT",
    "SYSTEM_PROMPT",
    "ApprovalState",
    "EditGraphState",
    "RunComfyApprovalMiddleware",
    "approved",
    "approved_plan",
    "build_approval_graph",
    "describe_plan_for_review",
    "make_route_edit",
    "progress_event_data",
    "review_text",
    "route_edit",
]
