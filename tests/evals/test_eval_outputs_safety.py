"""`eval --json/--report` replace only regular files (or create new ones); data-set lines that cannot be
cases are clear errors naming the line, never tracebacks."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from _eval_fakes import FakeRouter, case_row, make_plan, write_jsonl

from runcomfy_edit_tool._atomic import write_text_atomic
from runcomfy_edit_tool._cli import eval_cmd, main
from runcomfy_edit_tool._evals.dataset import parse_eval_lines
from runcomfy_edit_tool._exceptions import EvalDatasetError


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


def _device(path: Path) -> None:
    # Tests run as root here and in CI (the workplace's machines), so a device node can be made.
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # a private copy of /dev/null


SPECIAL: list[tuple[str, Callable[[Path], None], Callable[[int], bool], str]] = [
    ("fifo", _fifo, stat.S_ISFIFO, "a FIFO"),
    ("directory", _directory, stat.S_ISDIR, "a directory"),
    ("socket", _socket, stat.S_ISSOCK, "a socket"),
    ("device", _device, stat.S_ISCHR, "a character device"),
]


@pytest.mark.parametrize(("label", "make", "is_kind", "says"), SPECIAL, ids=[s[0] for s in SPECIAL])
def test_special_files_are_refused_not_replaced(
    tmp_path: Path, label: str, make: Callable[[Path], None], is_kind: Callable[[int], bool], says: str
) -> None:
    """A FIFO, directory, socket or device at the path → OSError saying what it is; it stays what it was."""
    target = tmp_path / "report.json"
    make(target)
    with pytest.raises(OSError, match=says):
        write_text_atomic(target, "{}")
    assert is_kind(os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


@pytest.mark.parametrize(("label", "make", "is_kind", "says"), SPECIAL, ids=[s[0] for s in SPECIAL])
def test_symlinks_to_special_files_are_refused_too(
    tmp_path: Path, label: str, make: Callable[[Path], None], is_kind: Callable[[int], bool], says: str
) -> None:
    """A symlink to a special file is refused the same way; link and target both survive."""
    special = tmp_path / "special"
    make(special)
    link = tmp_path / "report.json"
    link.symlink_to(special)
    with pytest.raises(OSError, match=says):
        write_text_atomic(link, "{}")
    assert link.is_symlink()
    assert is_kind(os.lstat(special).st_mode)


@pytest.mark.parametrize("chain", [1, 2])
def test_a_symlink_to_a_regular_file_is_written_through(tmp_path: Path, chain: int) -> None:
    """Through one or two links: the target file gets the new text, the links stay links."""
    target = tmp_path / "real.json"
    target.write_text("old")
    link = target
    for i in range(chain):
        new = tmp_path / f"link{i}.json"
        new.symlink_to(link)
        link = new
    write_text_atomic(link, "new")
    assert target.read_text() == "new"
    assert link.is_symlink()


@pytest.mark.parametrize("kind", ["new", "regular", "dangling-link"])
def test_new_paths_and_regular_files_are_written(tmp_path: Path, kind: str) -> None:
    """A new path, an existing regular file and a dangling link's target are (re)written atomically."""
    path = tmp_path / "out.json"
    written = tmp_path / "out.json"
    if kind == "regular":
        path.write_text("old")
    elif kind == "dangling-link":
        written = tmp_path / "elsewhere.json"
        path.symlink_to(written)
    write_text_atomic(path, "new")
    assert written.read_text() == "new"


def test_eval_refuses_a_fifo_for_json_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`eval --json FIFO` exits 1 with one line saying it is a FIFO; the FIFO is untouched."""
    fake = FakeRouter({"beach background": make_plan("nano-banana-edit")})
    monkeypatch.setattr(eval_cmd, "make_router", lambda *args: fake)
    dataset = write_jsonl(
        tmp_path / "cases.jsonl", [case_row("bg-1", "beach background", "nano-banana-edit")]
    )
    fifo = tmp_path / "results.json"
    os.mkfifo(fifo)
    assert main(["eval", str(dataset), "--json", str(fifo)]) == 1
    err = capsys.readouterr().err.strip()
    assert "a FIFO, not a regular file" in err
    assert "\n" not in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


DEPTH = 100_000


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"a":' * DEPTH + "1" + "}" * DEPTH, "nested too deep"),
        ("[" * DEPTH + "]" * DEPTH, "nested too deep"),
        ('{"id": "x", "request": ' + "[" * DEPTH + "]" * DEPTH + "}", "nested too deep"),
        ('{"id": 1' + "0" * 5000 + "}", "number too large"),
        ('{"id": "x"' + " " * 10, "not valid JSON"),
    ],
)
def test_unreadable_dataset_lines_are_clear_errors(line: str, says: str) -> None:
    """A line nested 100k deep, a 5000-digit number, a cut-off line → EvalDatasetError naming file:line."""
    with pytest.raises(EvalDatasetError) as caught:
        parse_eval_lines(["", line], "cases.jsonl")
    assert str(caught.value).startswith("cases.jsonl:2: ")
    assert says in str(caught.value)
