"""The package layout's import rules: stages in pipeline order, entered through their packages, no cycles.

Every import counts — module level, under TYPE_CHECKING and inside functions — because a lazy import
is still a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "runcomfy_edit_tool"
NAME = "runcomfy_edit_tool"

# Lower layers never import higher ones. Units are top-level modules and subpackages.
LAYERS: dict[str, int] = {
    "_exceptions": 0,
    "_catalog": 0,
    "_resources": 0,
    "_atomic": 0,
    "_mentions": 0,
    "_cues": 0,
    "_sanitize": 0,
    "_intent": 1,
    "_plan": 2,
    "_policy": 2,
    "_classify": 3,
    "_rewrite": 3,
    "_execute": 3,
    "_inputs": 4,
    "_bodies": 4,
    "_router": 5,
    "_evals": 6,
    "_integrations": 6,
    "_cli": 7,
    "__init__": 8,
    "__main__": 8,
    "langgraph": 8,  # the one public submodule: re-exports the LangGraph/agent pieces of _integrations
}
# Stages used by other units only through their package's `__init__` (its named entry points).
STAGES = {"_classify", "_rewrite", "_execute", "_evals"}
# The one upward edge: EditRouter's `*_runnable` methods load the LangChain runnables on first use.
ALLOWED_UPWARD = {("runcomfy_edit_tool._router", "runcomfy_edit_tool._integrations.runnables")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of the package modules `path` imports (every import statement in the file)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == NAME or target.startswith(NAME + "."):
                modules = {f"{target}.{alias.name}" for alias in node.names}
                found |= {m for m in modules if _exists(m)} or {target}
                if not any(_exists(m) for m in modules):
                    found.add(target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(NAME + ".")}
    found.discard(me)
    return found


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


GRAPH = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_unit_has_a_layer() -> None:
    """Each top-level module and subpackage is placed in the pipeline's layer table."""
    assert {unit(m) for m in GRAPH} <= set(LAYERS)


def test_no_import_cycles() -> None:
    """The module import graph (lazy and TYPE_CHECKING imports included) has no cycle."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_layers_point_down(module: str) -> None:
    """A module imports only from its own layer or lower ones (one documented lazy exception)."""
    mine = LAYERS[unit(module)]
    for target in sorted(GRAPH[module]):
        if (module, target) in ALLOWED_UPWARD:
            continue
        assert LAYERS[unit(target)] <= mine, f"{module} imports the higher layer {target}"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_stages_are_entered_through_their_package(module: str) -> None:
    """Outside a stage, code imports the stage's package (its entry points), never its inner modules."""
    for target in sorted(GRAPH[module]):
        stage = unit(target)
        if stage in STAGES and unit(module) != stage:
            assert target == f"{NAME}.{stage}", f"{module} reaches into {target}; import from {NAME}.{stage}"
