"""The public surface: `__all__` is exact, sorted into groups, and every name imports."""

from __future__ import annotations

import inspect

import runcomfy_edit_tool


def test_all_names_import() -> None:
    """Every name in `__all__` exists on the package."""
    for name in runcomfy_edit_tool.__all__:
        assert hasattr(runcomfy_edit_tool, name), name


def test_all_does_not_drift() -> None:
    """Every public class, function or constant the package exposes is listed in `__all__`, and no more."""
    exposed = {
        name
        for name, value in vars(runcomfy_edit_tool).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and name not in {"annotations", "TYPE_CHECKING", "Any"}
    }
    exposed |= set(runcomfy_edit_tool._LAZY)
    assert exposed == set(runcomfy_edit_tool.__all__)


def test_private_modules() -> None:
    """Implementation modules are private (underscore); `langgraph` is the one public submodule."""
    modules = {name for name, value in vars(runcomfy_edit_tool).items() if inspect.ismodule(value)}
    assert all(name.startswith("_") or name == "langgraph" for name in modules), modules


def test_langgraph_module_is_public_and_exact() -> None:
    """`runcomfy_edit_tool.langgraph` imports (the approval graph ships in the wheel); `__all__` is real."""
    from runcomfy_edit_tool import langgraph

    for name in langgraph.__all__:
        assert hasattr(langgraph, name), name
    assert {"RunComfyApprovalMiddleware", "build_approval_graph", "route_edit"} <= set(langgraph.__all__)


def test_cli_import_skips_langchain_tool() -> None:
    """Importing the package (as the CLI does) does not load the LangChain tool until it is used."""
    import subprocess
    import sys

    code = (
        "import sys, runcomfy_edit_tool as t;"
        "assert 'runcomfy_edit_tool._integrations.langchain_tool' not in sys.modules;"
        "t.RunComfyImageEditTool;"
        "assert 'runcomfy_edit_tool._integrations.langchain_tool' in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
