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


def reviewer_sees() -> str:
    """The page's ```text block after "The reviewer sees:" (what section 1 claims the description is)."""
    text = DOC.read_text(encoding="utf-8").split("The reviewer sees:\n\n```text\n", 1)[1]
    return text.split("```", 1)[0]


def check_approval_agent(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """create_agent + middleware: the plan is described, approval pays once, progress streams, files."""
    # The page shows the real description line for line; the prompt's wording is the rewriter's and
    # follows it, so that one line is checked for shape only.
    printed = out.splitlines()
    for line in reviewer_sees().splitlines():
        if line.startswith("Prompt: "):
            assert any(p.startswith("Prompt: Keep everything the request does not mention") for p in printed)
        else:
            assert line in printed
    assert "PAID edit on RunComfy: approving submits one job to google/nano-banana-2/edit" in out
    assert "Replace the sky with a sunset, keep the people." in out
    assert len(api.submits) == 1  # one run, paid once, progress shown from that same run
    assert "submitted: submitted" in out
    assert "polling: in_queue (queue position 1)" in out
    assert "Here is your edit. Edited with google/nano-banana-2/edit" in out
    assert str(cwd / "edits" / "a.png") in out


def check_toolkit(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """The run times out while queued; the result tool finishes it by id; image blocks printed."""
    assert "error in_queue" in out
    assert len(api.submits) == 1  # finishing never submits again
    assert f"image {api.file_url('a.png')}" in out
    assert sorted(p.name for p in (cwd / "edits").iterdir()) == ["a.png", "b.png"]


def check_graph(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """ToolNode streams progress; the sky edit branches to `run`, the text edit to review (not paid)."""
    assert len(api.submits) == 2
    assert "progress: submitted submitted" in out
    assert "progress: done completed" in out
    lines = out.splitlines()
    assert "nano-banana-edit ['edits/a.png', 'edits/b.png']" in lines
    assert "gpt-image-2-edit []" in lines
    assert sorted(p.name for p in (cwd / "edits").iterdir()) == ["a.png", "b.png"]


def check_plan_only(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """Plans printed for three requests; the fake saw no request at all."""
    assert api.requests == []
    assert "Planned, not run (nothing was paid): flux-kontext-pro" in out
    assert "z-image-inpaint: " in out
    assert "gpt-image-2-edit: " in out


def check_approval_graph(out: str, api: FakeModelAPI, cwd: Path) -> None:
    """The plan is shown, then approved: one submit and the agent's answer names the files."""
    assert "approve? google/nano-banana-2/edit" in out
    assert len(api.submits) == 1
    assert str(cwd / "edits" / "b.png") in out


CHECKS: dict[str, Callable[[str, FakeModelAPI, Path], None]] = {
    "1. An agent that asks before it pays": check_approval_agent,
    "2. The toolkit: plan, run, result, cancel": check_toolkit,
    "3. In a StateGraph: ToolNode, and a branch per model": check_graph,
    "4. A StateGraph that asks before it pays": check_approval_graph,
    "5. LCEL runnables and plan-only runs: check prompt quality without paying": check_plan_only,
}


def queue_a_while(api: FakeModelAPI) -> None:
    """Keep the job queued for a few polls: longer than the example's 0.05 s timeout, then it finishes."""
    api.faults.polls_in_queue = 8


# Faults a section's story needs, set on the fake before its snippets run.
SETUP: dict[str, Callable[[FakeModelAPI], None]] = {
    "2. The toolkit: plan, run, result, cancel": queue_a_while
}


def test_every_section_with_code_is_checked() -> None:
    """Each section that has Python snippets has a check here (a new section needs one)."""
    assert set(sections()) == set(CHECKS)


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
    SETUP.get(section, lambda api: None)(fake_api)
    namespace: dict[str, Any] = {"chat_model": fake_chat(), "__name__": "docs_snippet"}
    for code in sections()[section]:
        # dont_inherit: run as a reader would, without this module's `from __future__` import
        exec(compile(code, f"{DOC.name}: {section}", "exec", dont_inherit=True), namespace)
    CHECKS[section](capsys.readouterr().out, fake_api, tmp_path)
