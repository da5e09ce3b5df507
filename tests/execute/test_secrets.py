"""Secrets: a bad token is refused where it is loaded or stored (exit 77) and is never echoed; settings
coerce a plain token into a secret; server text never reaches the terminal raw."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_model_api import TOKEN, FakeModelAPI, sample_plan
from pydantic import SecretStr

from runcomfy_edit_tool import AuthenticationError
from runcomfy_edit_tool._cli import main
from runcomfy_edit_tool._execute import APISettings, ModelAPIClient, execute_plan
from runcomfy_edit_tool._execute.settings import discover_token, save_token

SECRET = "sk-LEAKME-7f3a"  # the part of every bad token a leak would show
IMAGE = "https://cdn.example.com/street.jpg"

BAD_TOKENS = [
    (f"{SECRET}\nX-Injected: 1", "whitespace or a line break"),
    (f"{SECRET}\rmore", "whitespace or a line break"),
    (f"{SECRET} more", "whitespace or a line break"),
    (f"{SECRET}\tmore", "whitespace or a line break"),
    (f"{SECRET}é", "non-ASCII"),
    (f"{SECRET}\u00a0x", "whitespace or a line break"),  # a no-break space pasted from a web page
    (f"{SECRET}\u200b", "non-ASCII"),
    (f"{SECRET}\x00", "control character"),
    (f"{SECRET}\x1b[31m", "control character"),
    (f"{SECRET}\x7f", "control character"),
    (SECRET * 1000, "characters long"),
]


@pytest.mark.parametrize(("token", "says"), BAD_TOKENS)
def test_a_bad_token_in_the_environment_is_refused_without_echo(token: str, says: str) -> None:
    """RUNCOMFY_TOKEN that cannot be a header value → AuthenticationError naming the variable only."""
    with pytest.raises(AuthenticationError) as caught:
        discover_token({"RUNCOMFY_TOKEN": token})
    message = str(caught.value)
    assert "RUNCOMFY_TOKEN" in message
    assert says in message
    assert SECRET not in message
    assert "LEAK" not in message


@pytest.mark.parametrize(("token", "says"), BAD_TOKENS)
def test_a_bad_token_in_token_json_is_refused_without_echo(token: str, says: str, tmp_path: Path) -> None:
    """The same check on `token.json`'s access_token; the message names the file."""
    (tmp_path / "token.json").write_text(json.dumps({"access_token": token}), encoding="utf-8")
    with pytest.raises(AuthenticationError) as caught:
        discover_token({"RUNCOMFY_CONFIG_DIR": str(tmp_path)})
    assert "token.json" in str(caught.value)
    assert says in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfe{not utf-8", "not UTF-8"),
        (b"{" * 100_000, "not valid JSON"),
        (b'{"access_token": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "not valid JSON"),
        (b'{"access_token": "' + SECRET.encode() + b'"', "not valid JSON"),
        (b'{"access_token": 12345}', "not a string"),
        (b'{"access_token": ["' + SECRET.encode() + b'"]}', "not a string"),
        (b'{"access_token": 1' + b"0" * 5000 + b"}", "not valid JSON"),
    ],
)
def test_unreadable_token_files_are_clear_errors(content: bytes, says: str, tmp_path: Path) -> None:
    """token.json not UTF-8, nested 100k deep, truncated, the wrong type → one clear error, no content."""
    (tmp_path / "token.json").write_bytes(content)
    with pytest.raises(AuthenticationError) as caught:
        discover_token({"RUNCOMFY_CONFIG_DIR": str(tmp_path)})
    assert says in str(caught.value)
    assert SECRET not in str(caught.value)


def test_a_token_file_that_is_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    """token.json being a directory → an error saying so."""
    (tmp_path / "token.json").mkdir()
    with pytest.raises(AuthenticationError, match="is a directory"):
        discover_token({"RUNCOMFY_CONFIG_DIR": str(tmp_path)})


@pytest.mark.parametrize(("token", "says"), BAD_TOKENS[:6])
def test_run_with_a_bad_token_exits_77_before_anything_is_sent(
    api_env: dict[str, str],
    fake_api: FakeModelAPI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    token: str,
    says: str,
) -> None:
    """`run` with a malformed token: exit 77 (not 75), the token never printed, nothing sent."""
    monkeypatch.setenv("RUNCOMFY_TOKEN", token)
    argv = [
        "run",
        "replace the sky",
        "--image",
        IMAGE,
        "--classifier",
        "rules",
        "--output-dir",
        str(tmp_path),
    ]
    assert main(argv) == 77
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    assert says in captured.err
    assert "Traceback" not in captured.err
    assert fake_api.requests == []


@pytest.mark.parametrize("command", [["status", "abc"], ["result", "abc"], ["cancel", "abc"]])
def test_every_command_refuses_a_non_ascii_token_with_77(
    api_env: dict[str, str],
    fake_api: FakeModelAPI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    """A non-ASCII token is exit 77 on every command (it was a traceback)."""
    monkeypatch.setenv("RUNCOMFY_TOKEN", f"{SECRET}é")
    assert main(command) == 77
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert SECRET not in err


@pytest.mark.parametrize(
    "stdin",
    [
        f"{SECRET}\x1b[2J\n".encode(),
        f"{SECRET}é\n".encode(),
        SECRET.encode() + b"\xff\xfe\n",
        f"{SECRET} two words\n".encode(),
    ],
)
def test_login_refuses_a_bad_token_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, stdin: bytes
) -> None:
    """`login --token-stdin` with an undecodable or malformed token → 77, no file written, nothing echoed."""
    monkeypatch.setenv("RUNCOMFY_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    assert main(["login", "--token-stdin"]) == 77
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    assert not (tmp_path / "cfg" / "token.json").exists()


def test_login_replaces_an_unreadable_token_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An old token.json that is not UTF-8 does not stop `login` from writing a good one (mode 0600)."""
    (tmp_path / "token.json").write_bytes(b"\xff\xfe garbage")
    monkeypatch.setenv("RUNCOMFY_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"good-token-123\n"), encoding="utf-8"))
    assert main(["login", "--token-stdin"]) == 0
    path = tmp_path / "token.json"
    assert json.loads(path.read_text()) == {"access_token": "good-token-123"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_save_token_refuses_a_bad_token(tmp_path: Path) -> None:
    """The library's store checks too: a token with a newline is never written."""
    with pytest.raises(AuthenticationError):
        save_token(SecretStr(f"{SECRET}\nx"), {"RUNCOMFY_CONFIG_DIR": str(tmp_path)})
    assert not (tmp_path / "token.json").exists()


def test_api_settings_coerce_a_plain_string_token(fake_api: FakeModelAPI, tmp_path: Path) -> None:
    """`APISettings(token="plain")` holds a SecretStr: masked in repr, and a submit works with it."""
    settings = APISettings(
        base_url=fake_api.base_url,
        token=TOKEN,
        download_hosts=("127.0.0.1",),
        poll_interval=0.01,  # type: ignore[arg-type]
    )
    assert isinstance(settings.token, SecretStr)
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)

    async def go() -> Any:
        async with ModelAPIClient(settings=settings) as client:
            return await execute_plan(sample_plan(), client=client, output_dir=tmp_path)

    import asyncio

    result = asyncio.run(go())
    assert result.status == "succeeded"


@pytest.mark.parametrize("token", [f"{SECRET}\nx", f"{SECRET} x", 12345, b"bytes-token"])
def test_api_settings_refuse_a_bad_token_at_construction(token: Any) -> None:
    """A malformed or non-string token fails when the settings are built, never at submit."""
    with pytest.raises(AuthenticationError) as caught:
        APISettings(token=token)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"RUNCOMFY_MODEL_API_BASE": "https://api.example:99999/v1"}, "not a valid URL"),
        ({"RUNCOMFY_MODEL_API_BASE": "https://[::1/v1"}, "not a valid URL"),
        ({"RUNCOMFY_MODEL_API_BASE": "https://api.example:0/v1"}, "port 0"),
        ({"RUNCOMFY_MODEL_API_BASE": f"https://me:{SECRET}@api.example/v1"}, "holds credentials"),
        ({"RUNCOMFY_MODEL_API_BASE": "ftp://api.example/v1"}, "not an http(s) URL"),
        ({"RUNCOMFY_MODEL_API_BASE": "https://api.example/v 1"}, "whitespace or control"),
        ({"RUNCOMFY_EDIT_POLL_INTERVAL": "inf"}, "not a finite number"),
        ({"RUNCOMFY_EDIT_POLL_INTERVAL": "nan"}, "not a finite number"),
        ({"RUNCOMFY_EDIT_POLL_INTERVAL": "-1"}, "must be positive"),
        ({"RUNCOMFY_EDIT_POLL_INTERVAL": "0"}, "must be positive"),
        ({"RUNCOMFY_EDIT_POLL_INTERVAL": "1e9"}, "too large"),
        ({"RUNCOMFY_EDIT_POLL_INTERVAL": "two"}, "not a number"),
        ({"RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "inf"}, "not a finite number"),
        ({"RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "nan"}, "not a finite number"),
        ({"RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "1e400"}, "not a finite number"),
        ({"RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "1e30"}, "too large"),
        ({"RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "1.5"}, "whole number"),
        ({"RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "0"}, "must be positive"),
    ],
)
def test_bad_settings_are_config_errors_at_parse_time(
    env: dict[str, str], says: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """nan/inf/huge numbers, bad ports, broken IPv6, credentials in the base: exit 64 naming the variable."""
    monkeypatch.setenv("RUNCOMFY_TOKEN", "tok")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["status", "abc"]) == 64
    err = capsys.readouterr().err
    assert next(iter(env)) in err
    assert says in err
    assert SECRET not in err
    assert "Traceback" not in err
