"""The `run`, `status`, `result`, `cancel` and `login` commands against the loopback fake Model API.

In-process through `main(argv)` (the real exit-code mapping), plus one real subprocess that gets a
SIGINT while its job sits in a queue that never moves.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fake_model_api import PNG, TOKEN, FakeModelAPI

from runcomfy_edit_tool._cli import main
from runcomfy_edit_tool._cli.run_cmd import ProgressPrinter, progress_enabled
from runcomfy_edit_tool._execute.progress import Progress

REQUEST = "replace the sky with a sunset, keep the people"
IMAGE = "https://example.com/street.jpg"


@pytest.fixture
def cli_env(api_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The fake's environment, with no LLM configured (the offline classifier plans)."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return api_env


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_args(out: Path, *extra: str) -> list[str]:
    return ["run", REQUEST, "--image", IMAGE, "--classifier", "rules", "--output-dir", str(out), *extra]


def assert_no_token(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text


# --- run -------------------------------------------------------------------------------------------


def test_run_json_prints_the_plan_with_request_id_and_outputs(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`run --json`: the plan + request_id + outputs (url, path, bytes, sha256); the body is sent as-is."""
    code, out, err = cli(capsys, *run_args(tmp_path, "--json"))
    assert code == 0, err
    payload = json.loads(out)
    assert payload["request_id"] in fake_api.jobs
    assert payload["route"] == "nano-banana-edit"
    assert payload["body"]["prompt"] == payload["prompt"]
    assert fake_api.submits[0].json() == payload["body"]
    assert [o["url"] for o in payload["outputs"]] == [fake_api.file_url("a.png"), fake_api.file_url("b.png")]
    first = payload["outputs"][0]
    assert Path(first["path"]).read_bytes() == PNG
    assert first["bytes"] == len(PNG)
    assert len(first["sha256"]) == 64
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]
    assert err == ""  # stderr is not a terminal here and --json is silent
    assert_no_token(out, err)


def test_run_summary_and_quiet_output(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --json a readable summary; with --quiet only the saved paths, one per line."""
    code, out, _ = cli(capsys, *run_args(tmp_path / "one"))
    assert code == 0
    assert "request_id" in out
    assert "saved" in out
    code, out, err = cli(capsys, *run_args(tmp_path / "two", "--quiet"))
    assert code == 0
    assert out.splitlines() == [str(tmp_path / "two" / "a.png"), str(tmp_path / "two" / "b.png")]
    assert err == ""


def test_run_without_output_dir_is_a_usage_error(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run` with neither --output-dir nor --no-wait exits 64 before anything is sent."""
    code, _, err = cli(capsys, "run", REQUEST, "--image", IMAGE, "--classifier", "rules")
    assert code == 64
    assert "--output-dir" in err
    assert fake_api.requests == []


def test_run_without_a_token_exits_77_before_anything_is_sent(
    cli_env: dict[str, str],
    fake_api: FakeModelAPI,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No RUNCOMFY_TOKEN and no token.json → exit 77 with a one-line hint; the server sees nothing."""
    monkeypatch.delenv("RUNCOMFY_TOKEN")
    code, out, err = cli(capsys, *run_args(tmp_path))
    assert code == 77
    assert out == ""
    assert "RUNCOMFY_TOKEN" in err
    assert len(err.strip().splitlines()) == 1
    assert fake_api.requests == []


def _fault(name: str) -> Any:
    def inject(api: FakeModelAPI) -> None:
        faults = api.faults
        if name == "401":
            api.token = "a-different-token"
        elif name == "422":
            faults.submit_status, faults.submit_detail = 422, "image_url: not reachable"
        elif name == "500":
            faults.submit_status = 500
        elif name == "429":
            faults.submit_429, faults.retry_after = 100, "0"
        elif name == "drop":
            faults.submit_drop = True
        elif name == "failed":
            faults.job_error = "content policy violation"
        elif name == "error-body":
            faults.submit_error_body = {"error_code": "QUOTA_EXCEEDED", "error_message": "out of credits"}
        elif name == "off-list":
            faults.output_override = "https://cdn.evil.example/x.png"

    return inject


@pytest.mark.parametrize(
    ("fault", "exit_code", "says"),
    [
        ("401", 77, "RUNCOMFY_TOKEN"),
        ("422", 65, "image_url: not reachable"),
        ("500", 69, "not re-sent"),
        ("429", 75, "rate-limiting"),
        ("drop", 75, "NOT re-sent"),
        ("failed", 1, "content policy violation"),
        ("error-body", 1, "out of credits"),
        ("off-list", 1, "cdn.evil.example"),
    ],
)
def test_run_faults_exit_with_their_code_and_one_line(
    cli_env: dict[str, str],
    fake_api: FakeModelAPI,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fault: str,
    exit_code: int,
    says: str,
) -> None:
    """Each API fault → its exit code, one stderr line naming the problem, no traceback, no token."""
    _fault(fault)(fake_api)
    code, out, err = cli(capsys, *run_args(tmp_path / "out", "--json"))
    assert code == exit_code
    assert out == ""
    assert says in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert_no_token(out, err)
    expected_submits = 1 if fault != "429" else len(fake_api.submits)
    assert len(fake_api.submits) == expected_submits
    leftovers = list((tmp_path / "out").iterdir()) if (tmp_path / "out").exists() else []
    assert leftovers == []


# --- no-wait, status, result, cancel ------------------------------------------------------------------


def test_no_wait_then_status_result_and_cancel(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`run --no-wait -q` prints the id; `status` shows the queue; `result` downloads; `cancel` says no."""
    code, out, _ = cli(capsys, "run", REQUEST, "--image", IMAGE, "--classifier", "rules", "--no-wait", "-q")
    assert code == 0
    request_id = out.strip()
    assert list(fake_api.jobs) == [request_id]
    assert fake_api.status_polls == []

    code, out, _ = cli(capsys, "status", request_id)
    assert (code, out.strip()) == (0, f"{request_id}  in_queue  (queue position 1)")

    code, out, _ = cli(capsys, "result", request_id, "--output-dir", str(tmp_path), "--json")
    assert code == 0
    outputs = json.loads(out)["outputs"]
    assert [Path(o["path"]).name for o in outputs] == ["a.png", "b.png"]

    code, out, _ = cli(capsys, "cancel", request_id, "--json")
    assert code == 0
    assert json.loads(out) == {"request_id": request_id, "outcome": "not_cancellable"}
    assert len(fake_api.submits) == 1


def test_cancel_of_a_queued_request(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cancel ID` on a queued job → the server cancels it and the command says so."""
    fake_api.faults.queue_forever = True
    _, out, _ = cli(capsys, "run", REQUEST, "--image", IMAGE, "--classifier", "rules", "--no-wait", "-q")
    code, out, _ = cli(capsys, "cancel", out.strip())
    assert code == 0
    assert out.startswith("Cancelled request")
    assert len(fake_api.cancels) == 1


@pytest.mark.parametrize("command", ["status", "result", "cancel"])
def test_unknown_request_id_is_bad_input(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """An id the server does not know (404) → exit 65 with the server's detail."""
    code, _, err = cli(capsys, command, "no-such-id")
    assert code == 65
    assert "not found" in err


def test_malformed_request_id_is_refused_locally(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """A request id with a path separator never reaches the server (exit 65)."""
    code, _, err = cli(capsys, "status", "../models/x")
    assert code == 65
    assert "not a request id" in err
    assert fake_api.requests == []


# --- progress -----------------------------------------------------------------------------------------


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("tty", "as_json", "quiet", "enabled"),
    [
        (True, False, False, True),
        (True, True, False, False),
        (True, False, True, False),
        (False, False, False, False),
    ],
)
def test_progress_only_on_a_terminal_without_json_or_quiet(
    tty: bool, as_json: bool, quiet: bool, enabled: bool
) -> None:
    """Live progress is shown only when stderr is a TTY and neither --json nor --quiet is given."""
    assert progress_enabled(_Stream(tty), as_json=as_json, quiet=quiet) is enabled


def test_progress_line_shows_status_queue_position_and_elapsed() -> None:
    """A live line shows id, status, queue position and seconds; cancel outcomes print even when not live."""
    live = _Stream(True)
    printer = ProgressPrinter(live, live=True)
    printer(Progress("polling", "rid-1", "in_queue", 4, 12.4))
    assert live.getvalue().endswith("rid-1  in_queue (queue position 4)  12s")
    quiet = _Stream(False)
    printer = ProgressPrinter(quiet, live=False)
    printer(Progress("polling", "rid-1", "in_queue", 4, 12.4))
    printer(Progress("cancel", "rid-1", "cancelled", None, 13.0))
    assert quiet.getvalue() == "Cancelled request rid-1 on RunComfy.\n"


# --- login --------------------------------------------------------------------------------------------


def test_login_writes_token_json_0600_keeping_other_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`login --token-stdin` writes token.json (mode 0600) keeping other keys, and never echoes the token."""
    monkeypatch.setenv("RUNCOMFY_CONFIG_DIR", str(tmp_path / "cfg"))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "token.json").write_text(json.dumps({"user": "ada", "access_token": "old"}))
    monkeypatch.setattr(sys, "stdin", io.StringIO("new-secret-token\n"))
    code, out, err = cli(capsys, "login", "--token-stdin")
    assert code == 0
    path = tmp_path / "cfg" / "token.json"
    assert json.loads(path.read_text()) == {"user": "ada", "access_token": "new-secret-token"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "new-secret-token" not in out + err
    assert sorted(p.name for p in (tmp_path / "cfg").iterdir()) == ["token.json"]


@pytest.mark.parametrize("command", ["run", "status", "result", "cancel", "login", "models"])
def test_every_command_help_has_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    """Each command's --help keeps its Examples block line by line."""
    code, out, _ = cli(capsys, command, "--help")
    assert code == 0
    assert "Examples:\n    runcomfy-edit " in out


# --- signals in a real process -----------------------------------------------------------------------
#
# A child must not inherit how the test runner was started: a suite run as a shell background job
# (`pytest ... &`) has SIGINT ignored, and an ignored SIGINT is inherited across exec, so the child
# would never see Ctrl-C. Every child here starts with default dispositions (`_child`), except the
# one test that sets SIGINT to ignored on purpose.


# The child resets its own dispositions first thing (no preexec_fn: this process has server threads).
_LAUNCH = (
    "import runpy, signal, sys\n"
    "ignore = sys.argv[1] == 'ignore'\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN if ignore else signal.default_int_handler)\n"
    "signal.signal(signal.SIGTERM, signal.SIG_DFL)\n"
    "sys.argv = ['runcomfy-edit', *sys.argv[2:]]\n"
    "runpy.run_module('runcomfy_edit_tool', run_name='__main__')\n"
)


def _child(argv: list[str], *, sigint: str = "default") -> list[str]:
    """A CLI child's command line: SIGINT `default` or `ignore`, SIGTERM default, whatever ours are."""
    return [sys.executable, "-c", _LAUNCH, sigint, *argv]


def _wait_for(condition: Any, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _start_queued_run(
    cli_env: dict[str, str], fake_api: FakeModelAPI, out: Path, sigint: str = "default"
) -> subprocess.Popen[str]:
    fake_api.faults.queue_forever = True
    env = {**os.environ, **cli_env, "RUNCOMFY_EDIT_POLL_INTERVAL": "0.05"}
    proc = subprocess.Popen(
        _child(run_args(out), sigint=sigint),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not _wait_for(lambda: len(fake_api.status_polls) >= 2):
        proc.kill()
        raise AssertionError("the CLI never started polling")
    return proc


@pytest.mark.parametrize(
    ("sig", "code", "last_line"),
    [(signal.SIGINT, 130, "Interrupted."), (signal.SIGTERM, 143, "Terminated.")],
    ids=["SIGINT", "SIGTERM"],
)
def test_a_signal_while_queued_cancels_the_job(
    cli_env: dict[str, str],
    fake_api: FakeModelAPI,
    tmp_path: Path,
    sig: signal.Signals,
    code: int,
    last_line: str,
) -> None:
    """SIGINT or SIGTERM while queued → POST cancel, 'Cancelled' on stderr, exit 130 / 143, no files."""
    out = tmp_path / "out"
    proc = _start_queued_run(cli_env, fake_api, out)
    try:
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, stderr
    assert len(fake_api.cancels) == 1
    assert next(iter(fake_api.jobs.values())).cancelled
    assert len(fake_api.submits) == 1
    assert "Cancelled request" in stderr
    assert stderr.strip().splitlines()[-1] == last_line
    assert "Traceback" not in stderr
    assert stdout == ""
    assert_no_token(stdout, stderr)
    assert listing_or_empty(out) == []


def test_sigterm_during_a_download_removes_the_part_file(
    cli_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """SIGTERM while an output is half downloaded → exit 143 and no .part (or any) file left behind."""
    fake_api.faults.outputs = ["a.png"]
    fake_api.faults.stall = {"a.png"}
    fake_api.faults.stall_seconds = 20.0
    fake_api.faults.polls_in_queue = 0
    fake_api.faults.polls_running = 0
    out = tmp_path / "out"
    env = {**os.environ, **cli_env}
    proc = subprocess.Popen(
        _child(run_args(out)), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert _wait_for(lambda: bool(fake_api.downloads) and any(out.glob(".*.part"))), "no download started"
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr
    assert listing_or_empty(out) == []
    assert fake_api.cancels == []  # the job already ran: nothing to cancel, only temp files to remove


def test_run_started_with_sigint_ignored_respects_it_and_stops_on_sigterm(
    cli_env: dict[str, str], fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Started with SIGINT ignored (a background job): SIGINT stays ignored; SIGTERM still cancels (143)."""
    out = tmp_path / "out"
    proc = _start_queued_run(cli_env, fake_api, out, sigint="ignore")
    try:
        proc.send_signal(signal.SIGINT)
        polls = len(fake_api.status_polls)
        assert _wait_for(lambda: len(fake_api.status_polls) >= polls + 3), "the run stopped polling"
        assert proc.poll() is None  # still running: the ignored SIGINT was respected
        assert fake_api.cancels == []
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, stderr
    assert len(fake_api.cancels) == 1
    assert "Cancelled request" in stderr


def listing_or_empty(directory: Path) -> list[str]:
    """Every entry, hidden ones included; [] when the directory does not exist."""
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


# --- hostile input and answers at the command line -------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e400", "1e12", "soon"])
def test_bad_timeout_flags_are_usage_errors(
    cli_env: dict[str, str],
    fake_api: FakeModelAPI,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    value: str,
) -> None:
    """`--timeout nan|inf|0|-1|1e400|…` → exit 64 at parse time; nothing is sent."""
    code, _, err = cli(capsys, *run_args(tmp_path, "--timeout", value))
    assert code == 64
    assert "--timeout" in err
    assert "Traceback" not in err
    assert fake_api.requests == []


@pytest.mark.parametrize("kind", ["file", "dev-null", "proc", "under-a-file"])
def test_a_bad_output_dir_is_refused_before_paying(
    cli_env: dict[str, str],
    fake_api: FakeModelAPI,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kind: str,
) -> None:
    """--output-dir a file, /dev/null, under /proc, or below a file → exit 65 naming it, no submit."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = {
        "file": blocker,
        "dev-null": Path("/dev/null"),
        "proc": Path("/proc/self/runcomfy-out"),
        "under-a-file": blocker / "out",
    }[kind]
    code, out, err = cli(capsys, *run_args(target))
    assert code == (64 if kind == "file" else 65), err  # click's own Path check refuses a file (64)
    assert "output directory" in err or "--output-dir" in err
    assert out == ""
    assert fake_api.submits == []


def test_status_and_cancel_never_print_escape_sequences(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """An OSC/CSI sequence in the server's status or cancel outcome is stripped from text and JSON output."""
    fake_api.faults.queue_forever = True
    _, out, _ = cli(capsys, "run", REQUEST, "--image", IMAGE, "--classifier", "rules", "--no-wait", "-q")
    request_id = out.strip()
    fake_api.faults.status_word = "\x1b]0;owned\x07in_queue\x1b[2J"
    fake_api.faults.job_request_id_echo = "\x1b]8;;https://evil.example\x07id"
    fake_api.faults.cancel_outcome = "\x9b31mnot_cancellable"
    code, out, _ = cli(capsys, "status", request_id)
    assert out.strip() == f"{request_id}  in_queue  (queue position 3)"
    for argv in (["status", request_id, "--json"], ["cancel", request_id], ["cancel", request_id, "--json"]):
        code, out, err = cli(capsys, *argv)
        assert code == 0, err
        assert not any(c in out + err for c in "\x1b\x07\x9b")


def test_a_failed_job_error_is_printed_clean(
    cli_env: dict[str, str], fake_api: FakeModelAPI, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The server's failure text with escapes and line breaks → one clean stderr line, exit 1."""
    fake_api.faults.job_error = "\x1b]52;c;cGF5bG9hZA==\x07bad\nprompt\r\x1b[31m!"
    code, _, err = cli(capsys, *run_args(tmp_path))
    assert code == 1
    assert "bad prompt !" in err
    assert not any(c in err for c in "\x1b\x07\r")
    assert len(err.strip().splitlines()) == 1
