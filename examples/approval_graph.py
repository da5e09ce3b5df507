"""A LangGraph agent that asks before it pays — now shipped in the package.

The graph lives in `runcomfy_edit_tool.langgraph` (``build_approval_graph``); this file keeps the
old import path working for code that loads ``examples/approval_graph.py``::

    from runcomfy_edit_tool.langgraph import build_approval_graph

    graph = build_approval_graph(chat_model, output_dir="out")

See docs/langchain.md for the whole flow, and `RunComfyApprovalMiddleware` for `create_agent`.
"""

from runcomfy_edit_tool.langgraph import (
    DECLINED,
    SYSTEM_PROMPT,
    ApprovalState,
    approved,
    build_approval_graph,
)

build_graph = build_approval_graph

__all__ = ["DECLINED", "SYSTEM_PROMPT", "ApprovalState", "approved", "build_graph"]
