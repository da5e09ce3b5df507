"""Front ends for agent frameworks: LangChain tool and runnables, LangGraph pieces (and the MCP server).

Each module here is its own entry point and is imported on first use, never by this package's
`__init__`: each needs an optional dependency (langchain-core's tracing stack, langgraph, mcp) that
the CLI and the plain library must not pay for. Nothing below this layer imports from it, except
`EditRouter`'s `*_runnable` methods, which load `runnables.py` lazily (`runnables.py` in turn types
the router as the `Planner` protocol, so there is no cycle).
"""
