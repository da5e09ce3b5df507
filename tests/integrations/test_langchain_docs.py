"""docs/langchain.md: every Python snippet runs, section by section, against the fakes.

Snippets in one section share a namespace (later ones reuse earlier names, as a reader would);
`chat_model` is the fake tool-calling chat model, the Model API is the loopback fake, and the
working directory is a temporary one, so relative output directories land there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _langchain_fakes import fake_chat
from fake_model_api import FakeModelAPI

DOC = Path(__file__).resolve().parents[2] / "docs" / "langchain.md"
EXAMPLES = DOC.parents[1] / "examples"


def sections() -> dict[str, list[str]]:
    """The ```python blocks of the page, grouped by their ``## `` section heading."""
    grouped: dict[str, list[str]] = {}
    heading = ""
    for part in re.split(
        r"(^## [^\n]*$|^```python\n.*?^```$)", DOC.read_text(encoding="utf-8"), flags=re.M | re.S
    ):
        if part.startswith("## "):
            heading = part[3:].strip()
        elif part.startswith("```python"):
            grouped.setdefault(heading, []).append(part.removeprefix("```python\n").removesuffix("```"))
    return grouped


def check_agent(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """Two agent runs (invoke, then astream_events): files saved, progress printed."""
    assert len(api.submits) == 2
    assert "Here is your edit. Edited with google/nano-banana-2/edit" in out
    assert str(cwd / "edits" / "a.png") in out
    assert "submitted: submitted" in out
    assert "polling: in_queue (queue position 1)" in out


def check_graph(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """The sky edit branches to `run` (one submit, files); the text edit to review (nothing paid)."""
    assert len(api.submits) == 1
    lines = out.splitlines()
    assert lines[0] == "nano-banana-edit ['edits/a.png', 'edits/b.png']"
    assert lines[1] == "gpt-image-2-edit []"
    assert sorted(p.name for p in (cwd / "edits").iterdir()) == ["a.png", "b.png"]


def check_plan_only(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """Plans printed for three requests; the fake saw no request at all."""
    assert api.requests == []
    assert "Planned, not run (nothing was paid): flux-kontext-pro" in out
    assert "z-image-inpaint: " in out
    assert "gpt-image-2-edit: " in out


def check_approval(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """The plan is shown, then approved: one submit and the agent's answer names the files."""
    assert "approve? google/nano-banana-2/edit" in out
    assert len(api.submits) == 1
    assert str(cwd / "edits" / "b.png") in out


CHECKS: dict[str, Callable[[str, FakeModelAPI, Path], None]] = {
    "1. The tool in an agent": check_agent,
    "2. The router in a graph": check_graph,
    "3. Plan only: check prompt quality without paying": check_plan_only,
    "An agent that asks before it pays": check_approval,
}


def test_every_section_with_code_is_checked() -> None:
    """Each section that has Python snippets has a check here (a new section needs one)."""
    assert set(sections()) == set(CHECKS)


@pytest.mark.filterwarnings("ignore::langgraph.warnings.LangGraphDeprecatedSinceV10")
@pytest.mark.parametrize("section", list(CHECKS))
def test_doc_section_runs(
    section: str,
    api_env: dict[str, str],
    fake_api: FakeModelAPI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The section's snippets run in order, in one namespace, and do what the page says."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):  # the default classifier is then the offline one
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(EXAMPLES))
    namespace: dict[str, Any] = {"chat_model": fake_chat(), "__name__": "docs_snippet"}
    for code in sections()[section]:
        # dont_inherit: run as a reader would, without this module's `from __future__` import
        exec(compile(code, f"{DOC.name}: {section}", "exec", dont_inherit=True), namespace)
    CHECKS[section](capsys.readouterr().out, fake_api, tmp_path)
