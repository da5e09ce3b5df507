"""The pure rules under the Model API client, as tables: errors, retries, URLs, hosts, names, settings."""

from __future__ import annotations

import json
import random
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from runcomfy_edit_tool._exceptions import (
    AuthenticationError,
    BadRequestError,
    ModelAPIError,
    RateLimitError,
    ServerError,
    UsageError,
)
from runcomfy_edit_tool._execute.client import ModelAPIClient
from runcomfy_edit_tool._execute.download import host_is_allowed, safe_filename, unique_names
from runcomfy_edit_tool._execute.errors import error_from_body, error_from_status, server_detail
from runcomfy_edit_tool._execute.models import (
    CancelResponse,
    ResultResponse,
    collect_output_urls,
    is_terminal,
)
from runcomfy_edit_tool._execute.retry import Backoff, parse_retry_after, status_is_retryable
from runcomfy_edit_tool._execute.settings import (
    DEFAULT_MODEL_API_BASE,
    MAX_DOWNLOAD_BYTES,
    APISettings,
    discover_token,
    save_token,
)

ACTION = "the submit to 'google/nano-banana-2/edit'"

# --- error mapping -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls", "exit_code", "says"),
    [
        (401, AuthenticationError, 77, "RUNCOMFY_TOKEN"),
        (403, AuthenticationError, 77, "HTTP 403"),
        (400, BadRequestError, 65, "the detail"),
        (404, BadRequestError, 65, "HTTP 404"),
        (422, BadRequestError, 65, "the detail"),
        (429, RateLimitError, 75, "wait 5 s"),
        (500, ServerError, 69, "after 3 attempts"),
        (503, ServerError, 69, "try again later"),
        (402, ModelAPIError, 1, "HTTP 402"),
        (302, ModelAPIError, 1, "HTTP 302"),
    ],
)
def test_error_from_status(status: int, cls: type[ModelAPIError], exit_code: int, says: str) -> None:
    """Each HTTP status maps to the documented error class and exit code, naming the call and the detail."""
    error = error_from_status(status, "the detail", action=ACTION, attempts=3, retry_after=5)
    assert type(error) is cls
    assert error.exit_code == exit_code
    assert says in str(error)
    assert ACTION in str(error)


@pytest.mark.parametrize(
    ("body", "cls"),
    [
        ({"error_code": "INVALID_INPUT", "error_message": "bad image"}, BadRequestError),
        ({"error_code": "validation_error", "error_message": "bad image"}, BadRequestError),
        ({"error_code": 422, "error_message": "bad image"}, BadRequestError),
        ({"error_code": "UNAUTHORIZED", "error_message": "bad image"}, AuthenticationError),
        ({"error_code": "401", "error_message": "bad image"}, AuthenticationError),
        ({"error_code": "RATE_LIMITED_TOO_MANY", "error_message": "bad image"}, RateLimitError),
        ({"error_code": 503, "error_message": "bad image"}, ServerError),
        ({"error_code": "INSUFFICIENT_CREDITS", "error_message": "bad image"}, ModelAPIError),
        ({"error_message": "bad image"}, ModelAPIError),
    ],
)
def test_error_from_body_maps_error_codes(body: dict[str, Any], cls: type[ModelAPIError]) -> None:
    """HTTP 200 {error_code, error_message} is an error: its class follows the code, it shows the message."""
    error = error_from_body(body, action=ACTION)
    assert type(error) is cls
    assert "bad image" in str(error)


@pytest.mark.parametrize(
    "body",
    [
        {"request_id": "abc"},
        {"request_id": "abc", "error_code": None, "error_message": None},
        {"request_id": "abc", "error_code": "", "error_message": ""},
    ],
)
def test_error_from_body_ignores_normal_answers(body: dict[str, Any]) -> None:
    """An answer without an error code or message is not an error."""
    assert error_from_body(body, action=ACTION) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"detail": "image_url is required"}', "image_url is required"),
        ('{"detail": [{"loc": ["body", "image_urls", 0], "msg": "not a URL"}]}', "image_urls.0: not a URL"),
        ('{"error_message": "out of credits"}', "out of credits"),
        ('{"error": {"message": "nested reason"}}', "nested reason"),
        ("<html>\n  Bad   Gateway\n</html>", "<html> Bad Gateway </html>"),
        ("", "no detail given"),
        ('{"detail": "Bearer tok-SECRET was rejected"}', "Bearer *** was rejected"),
    ],
)
def test_server_detail_extracts_one_line(text: str, expected: str) -> None:
    """The server's detail is pulled from JSON (FastAPI lists too), flattened to one line, token masked."""
    assert server_detail(text, secret="tok-SECRET") == expected


def test_server_detail_is_capped() -> None:
    """A huge error page becomes a short line, not a screenful."""
    assert len(server_detail("x" * 10_000)) <= 500


# --- retry rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "retry"),
    [
        ("submit", 429, True),
        ("submit", 503, True),
        ("submit", 500, False),
        ("submit", 502, False),
        ("submit", 504, False),
        ("submit", 422, False),
        ("read", 429, True),
        ("read", 500, True),
        ("read", 502, True),
        ("read", 404, False),
        ("read", 401, False),
        ("download", 503, True),
        ("download", 429, False),
        ("download", 404, False),
    ],
)
def test_which_answers_are_retried(kind: Any, status: int, retry: bool) -> None:
    """Submits retry only on 429/503; reads on 429 and any 5xx; downloads on 5xx."""
    assert status_is_retryable(kind, status) is retry


NOW = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("2.5", 2.5),
        ("-3", 0.0),
        ("Wed, 01 Jan 2025 12:00:30 GMT", 30.0),
        ("Wed, 01 Jan 2025 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    """Retry-After as delta-seconds or an HTTP date; past dates are 0; junk is ignored."""
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize("attempt", range(8))
def test_backoff_is_jittered_and_capped(attempt: int) -> None:
    """Each wait is between half and all of min(cap, base·2^attempt)."""
    backoff = Backoff(base=1.0, cap=30.0)
    step = min(30.0, 2.0**attempt)
    delays = [backoff.delay(attempt, random.Random(seed)) for seed in range(50)]
    assert all(step / 2 <= d <= step for d in delays)
    assert len(set(delays)) > 1


# --- reading answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "urls"),
    [
        ("https://cdn.runcomfy.net/a.png", ["https://cdn.runcomfy.net/a.png"]),
        ({"image": "https://x/a.png"}, ["https://x/a.png"]),
        ({"images": ["https://x/a.png", "https://x/b.png"]}, ["https://x/a.png", "https://x/b.png"]),
        (
            {"images": [{"url": "https://x/a.png", "width": 1024}], "videos": ["http://x/v.mp4"]},
            ["https://x/a.png", "http://x/v.mp4"],
        ),
        ({"images": ["https://x/a.png"], "image": "https://x/a.png"}, ["https://x/a.png"]),
        ({"seed": 42, "text": "done", "path": "/tmp/a.png", "s3": "s3://bucket/a.png"}, []),
        ({"nested": {"deeper": [[" HTTPS://x/c.png "]]}}, ["HTTPS://x/c.png"]),
        (None, []),
        ([], []),
    ],
)
def test_collect_output_urls(output: Any, urls: list[str]) -> None:
    """Every http(s) URL in `output`, recursively, in order, each once; nothing else."""
    assert collect_output_urls(output) == urls


@pytest.mark.parametrize(
    ("status", "terminal"),
    [
        ("completed", True),
        ("SUCCEEDED", True),
        ("failed", True),
        ("Cancelled", True),
        ("canceled", True),
        ("in_queue", False),
        ("in_progress", False),
        ("", False),
    ],
)
def test_terminal_statuses(status: str, terminal: bool) -> None:
    """completed/succeeded/failed/cancelled/canceled are terminal, case-insensitively."""
    assert is_terminal(status) is terminal


@pytest.mark.parametrize(
    ("error", "text"),
    [
        ("GPU out of memory", "GPU out of memory"),
        ({"message": "NSFW"}, "NSFW"),
        ({"code": 7}, "{'code': 7}"),
        (None, "no error text was given"),
    ],
)
def test_result_error_text(error: Any, text: str) -> None:
    """A failed result's error (string or object) becomes one line of server text."""
    assert ResultResponse(request_id="r", status="failed", error=error).error_text == text


def test_cancel_outcome() -> None:
    """Only 'cancelled' (either spelling) counts as cancelled."""
    assert CancelResponse(outcome="cancelled").cancelled
    assert CancelResponse(outcome="canceled").cancelled
    assert not CancelResponse(outcome="not_cancellable").cancelled


# --- downloads: hosts and names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "extra", "allowed"),
    [
        ("https://cdn.runcomfy.net/o/a.png", (), True),
        ("https://runcomfy.com/a.png", (), True),
        ("https://a.b.runcomfy.com/a.png", (), True),
        ("https://CDN.RunComfy.NET./a.png", (), True),
        ("http://cdn.runcomfy.net/a.png", (), False),  # RunComfy hosts only over HTTPS
        ("https://runcomfy.net.evil.com/a.png", (), False),
        ("https://evilruncomfy.net/a.png", (), False),
        ("https://user:pw@cdn.runcomfy.net/a.png", (), False),
        ("ftp://cdn.runcomfy.net/a.png", (), False),
        ("not a url", (), False),
        ("http://127.0.0.1:8080/files/a.png", ("127.0.0.1",), True),  # listed: plain http allowed
        ("http://127.0.0.1:8080/files/a.png", ("127.0.0.1:8080",), True),
        ("http://127.0.0.1:9090/files/a.png", ("127.0.0.1:8080",), False),
        ("https://storage.example.com/a.png", ("storage.example.com",), True),
        ("https://other.example.com/a.png", ("storage.example.com",), False),
        ("http://[::1]:8080/a.png", ("[::1]",), True),
    ],
)
def test_download_host_allow_list(url: str, extra: tuple[str, ...], allowed: bool) -> None:
    """Only HTTPS *.runcomfy.net/.com, plus listed hosts (any scheme of http/https, optional port)."""
    assert host_is_allowed(url, extra) is allowed


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://cdn.runcomfy.net/outputs/abc/ComfyUI_00001_.png", "ComfyUI_00001_.png"),
        ("https://cdn.runcomfy.net/o/a.png?sig=xyz&exp=1", "a.png"),
        ("https://cdn.runcomfy.net/o/..%2F..%2Fetc%2Fpasswd", "passwd"),
        ("https://cdn.runcomfy.net/o/..%5C..%5Cwin.ini", "win.ini"),
        ("https://cdn.runcomfy.net/o/.hidden.png", "hidden.png"),
        ("https://cdn.runcomfy.net/o/..", "output-3"),
        ("https://cdn.runcomfy.net/", "output-3"),
        ("https://cdn.runcomfy.net/o/my%20photo%20(1).jpg", "my_photo_1_.jpg"),
        ("https://cdn.runcomfy.net/o/%E5%9B%BE%E7%89%87.png", "output-3.png"),
        ("https://cdn.runcomfy.net/o/.png", "png"),  # a dot-file: its name is "png"
        ("https://cdn.runcomfy.net/o/abc", "abc"),
        ("https://cdn.runcomfy.net/o/a%00b.png", "a_b.png"),
        ("https://cdn.runcomfy.net/o/" + "x" * 300 + ".webp", "x" * 115 + ".webp"),
    ],
)
def test_safe_filename(url: str, name: str) -> None:
    """File names come from the URL's last segment, never traverse, never hide, only [A-Za-z0-9._-]."""
    assert safe_filename(url, 2) == name


def test_unique_names_keep_the_first_and_number_the_rest() -> None:
    """Repeated names become name-2.ext, name-3.ext (case-insensitively, for case-insensitive disks)."""
    assert unique_names(["a.png", "a.png", "A.png", "b"]) == ["a.png", "a-2.png", "A-3.png", "b"]


# --- settings and the token ----------------------------------------------------------------------------


def _write_token(directory: Path, token: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "token.json").write_text(json.dumps({"access_token": token}))


@pytest.mark.parametrize(
    ("env_keys", "expected"),
    [
        (("RUNCOMFY_TOKEN", "RUNCOMFY_CONFIG_DIR", "XDG_CONFIG_HOME", "HOME"), "from-env"),
        (("RUNCOMFY_CONFIG_DIR", "XDG_CONFIG_HOME", "HOME"), "from-config-dir"),
        (("XDG_CONFIG_HOME", "HOME"), "from-xdg"),
        (("HOME",), "from-home"),
        ((), None),
    ],
)
def test_token_discovery_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env_keys: tuple[str, ...], expected: str | None
) -> None:
    """Token order: RUNCOMFY_TOKEN, then token.json in RUNCOMFY_CONFIG_DIR, XDG_CONFIG_HOME, ~/.config."""
    _write_token(tmp_path / "cfg", "from-config-dir")
    _write_token(tmp_path / "xdg" / "runcomfy", "from-xdg")
    _write_token(tmp_path / "home" / ".config" / "runcomfy", "from-home")
    candidates = {
        "RUNCOMFY_TOKEN": "from-env",
        "RUNCOMFY_CONFIG_DIR": str(tmp_path / "cfg"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "HOME": str(tmp_path / "home" if "HOME" in env_keys else tmp_path / "empty-home"),
    }
    monkeypatch.setenv("HOME", candidates["HOME"])
    env = {k: candidates[k] for k in env_keys}
    token = discover_token(env)
    assert (token.get_secret_value() if token else None) == expected


def test_a_broken_token_file_is_reported_without_its_content(tmp_path: Path) -> None:
    """A token.json that is not JSON → AuthenticationError naming the file, never quoting it."""
    (tmp_path / "token.json").write_text("secret-in-a-broken-file")
    with pytest.raises(AuthenticationError, match="not valid JSON") as caught:
        discover_token({"RUNCOMFY_CONFIG_DIR": str(tmp_path)})
    assert "secret-in-a-broken-file" not in str(caught.value)


def test_save_token_is_0600_in_a_0700_directory(tmp_path: Path) -> None:
    """save_token writes token.json with mode 0600 (its new directory 0700), readable by discover_token."""
    env = {"RUNCOMFY_CONFIG_DIR": str(tmp_path / "new")}
    path = save_token(SecretStr("tok-1"), env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    token = discover_token(env)
    assert token is not None
    assert token.get_secret_value() == "tok-1"


def test_settings_defaults_and_environment() -> None:
    """Defaults: the public base, 2 GiB cap, no extra hosts; the environment overrides each."""
    assert APISettings.from_env({"HOME": "/nonexistent"}) == APISettings(
        base_url=DEFAULT_MODEL_API_BASE,
        token=None,
        download_hosts=(),
        max_download_bytes=MAX_DOWNLOAD_BYTES,
        schema_cache_dir=Path.home() / ".cache" / "runcomfy-edit-tool" / "schemas",
    )
    assert MAX_DOWNLOAD_BYTES == 2 * 1024**3
    settings = APISettings.from_env(
        {
            "RUNCOMFY_MODEL_API_BASE": "http://127.0.0.1:9/v1/",
            "RUNCOMFY_EDIT_DOWNLOAD_HOSTS": " 127.0.0.1, Files.Example.com ,",
            "RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES": "1000",
            "RUNCOMFY_EDIT_POLL_INTERVAL": "0.5",
            "HOME": "/nonexistent",
        }
    )
    assert settings.base_url == "http://127.0.0.1:9/v1"
    assert settings.download_hosts == ("127.0.0.1", "files.example.com")
    assert (settings.max_download_bytes, settings.poll_interval) == (1000, 0.5)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES", "lots"),
        ("RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES", "-1"),
        ("RUNCOMFY_EDIT_POLL_INTERVAL", "0"),
        ("RUNCOMFY_MODEL_API_BASE", "model-api.runcomfy.net/v1"),
    ],
)
def test_bad_settings_are_usage_errors_naming_the_variable(name: str, value: str) -> None:
    """A malformed environment value → UsageError (64) that names the variable."""
    with pytest.raises(UsageError, match=name):
        APISettings.from_env({name: value, "HOME": "/nonexistent"})


def test_the_token_never_shows_in_reprs() -> None:
    """The token is masked in the settings' repr and str, and absent from the client's repr."""
    settings = APISettings(token=SecretStr("tok-SECRET-42"))
    client = ModelAPIClient(settings=settings)
    for text in (repr(settings), str(settings), repr(client), str(client.settings.token)):
        assert "tok-SECRET-42" not in text
