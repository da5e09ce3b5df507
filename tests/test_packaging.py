"""The wheel ships prompts/ and the eval sets, so an installed package plans from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("runcomfy_edit_tool-*.whl"))


def test_wheel_contains_data(wheel: Path) -> None:
    """Every prompt file and both eval sets are inside the wheel under runcomfy_edit_tool/_data/."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((REPO / "prompts").rglob("*")):
        if path.is_file():
            assert f"runcomfy_edit_tool/_data/{path.relative_to(REPO).as_posix()}" in names
    assert "runcomfy_edit_tool/_data/evals/routing.jsonl" in names
    assert "runcomfy_edit_tool/_data/evals/holdout.jsonl" in names
    # The learned parts are data files beside their code: a wheel without them could not classify.
    assert "runcomfy_edit_tool/_classify/tiebreak.json" in names
    assert "runcomfy_edit_tool/_classify/langid.json" in names


def test_installed_wheel_plans_elsewhere(wheel: Path, tmp_path: Path) -> None:
    """Unpacked on its own (no checkout beside it), the package finds its prompts and plans."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import runcomfy_edit_tool._resources as r, runcomfy_edit_tool as t;"
        "assert '_data' in str(r.data_path('prompts','rewrite','ja.toml'));"
        "p=t.EditRouter('rules').plan('見出しを「夏」に', ['https://a.example/x.png']);"
        "print(p.route)"
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "gpt-image-2-edit"
