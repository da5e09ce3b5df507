"""Model API configuration: every timeout, retry, poll and download default, the environment, the token.

All the numbers that shape talking to RunComfy live here as named constants, so a reviewer can see
the whole budget at once and tests can pass smaller values explicitly. When each one is used (which
call retries on what) is stated once, in `_retry.py`.

Environment variables read here:

- ``RUNCOMFY_MODEL_API_BASE``           API base URL (default ``https://model-api.runcomfy.net/v1``)
- ``RUNCOMFY_TOKEN``                    bearer token; else ``token.json`` (``access_token``) in
  ``RUNCOMFY_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/runcomfy``, else ``~/.config/runcomfy``
- ``RUNCOMFY_EDIT_DOWNLOAD_HOSTS``      extra download hosts, comma-separated (plain HTTP allowed for them)
- ``RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES``  per-file download cap (default 2 GiB)
- ``RUNCOMFY_EDIT_POLL_INTERVAL``       seconds between status polls while a job runs (default 2)

The token is held as a pydantic `SecretStr`: its repr and str are masked, so it cannot leak through
a log line, an error message or a printed settings object. Only `_api_client` reveals it, into the
Authorization header of API calls.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx
from pydantic import SecretStr

from .._exceptions import AuthenticationError, UsageError

__all__ = [
    "ALLOWED_DOWNLOAD_DOMAINS",
    "BACKOFF_BASE_SECONDS",
    "BACKOFF_MAX_SECONDS",
    "CANCEL_GRACE_SECONDS",
    "CONNECT_TIMEOUT_SECONDS",
    "DEFAULT_MODEL_API_BASE",
    "DEFAULT_RUN_TIMEOUT_SECONDS",
    "DOWNLOAD_CHUNK_BYTES",
    "DOWNLOAD_CONCURRENCY",
    "DOWNLOAD_MAX_ATTEMPTS",
    "DOWNLOAD_MAX_REDIRECTS",
    "MAX_DOWNLOAD_BYTES",
    "POLL_INTERVAL_SECONDS",
    "POLL_QUEUED_BACKOFF",
    "POLL_QUEUED_MAX_INTERVAL_SECONDS",
    "READ_MAX_ATTEMPTS",
    "READ_TIMEOUT_SECONDS",
    "RETRY_AFTER_MAX_SECONDS",
    "SUBMIT_MAX_ATTEMPTS",
    "TOKEN_FILE_NAME",
    "APISettings",
    "default_config_dir",
    "default_timeout",
    "discover_token",
    "save_token",
]

# --- Model API ----------------------------------------------------------------------------------
DEFAULT_MODEL_API_BASE: Final = "https://model-api.runcomfy.net/v1"
TOKEN_FILE_NAME: Final = "token.json"

# --- Per-call timeouts (httpx) ------------------------------------------------------------------
CONNECT_TIMEOUT_SECONDS: Final = 10.0
READ_TIMEOUT_SECONDS: Final = 60.0
# Writes carry at most a JSON body; the pool wait only matters under heavy concurrent downloads.
WRITE_TIMEOUT_SECONDS: Final = 60.0
POOL_TIMEOUT_SECONDS: Final = 10.0

# --- Retries (see _retry.py for which call retries on what) -------------------------------------
SUBMIT_MAX_ATTEMPTS: Final = 4  # a submit is re-sent only after a 429 or 503
READ_MAX_ATTEMPTS: Final = 6  # status / result / cancel
BACKOFF_BASE_SECONDS: Final = 1.0  # first backoff step; doubles per attempt
BACKOFF_MAX_SECONDS: Final = 30.0  # no single backoff wait is longer than this
# A Retry-After longer than this is not slept through: the call fails with the server's wait in the
# message, because an agent or a person is better placed to decide than a silent ten-minute hang.
RETRY_AFTER_MAX_SECONDS: Final = 120.0

# --- Polling ------------------------------------------------------------------------------------
POLL_INTERVAL_SECONDS: Final = 2.0  # while running, and the first wait after submitting
POLL_QUEUED_BACKOFF: Final = 1.5  # while queued, each wait is this much longer than the last ...
POLL_QUEUED_MAX_INTERVAL_SECONDS: Final = 15.0  # ... up to this
DEFAULT_RUN_TIMEOUT_SECONDS: Final[float | None] = None  # like RunComfy's CLI: wait as long as it takes
# How long an interrupted run keeps waiting for its in-flight submit (to learn the id) and for the
# cancel call, before giving up and re-raising the interruption.
CANCEL_GRACE_SECONDS: Final = 15.0

# --- Downloads ----------------------------------------------------------------------------------
ALLOWED_DOWNLOAD_DOMAINS: Final = ("runcomfy.net", "runcomfy.com")  # and their subdomains, HTTPS only
MAX_DOWNLOAD_BYTES: Final = 2 * 1024**3
DOWNLOAD_CONCURRENCY: Final = 4
DOWNLOAD_MAX_REDIRECTS: Final = 5
DOWNLOAD_MAX_ATTEMPTS: Final = 3
DOWNLOAD_CHUNK_BYTES: Final = 1024 * 1024

_ENV_BASE: Final = "RUNCOMFY_MODEL_API_BASE"
_ENV_TOKEN: Final = "RUNCOMFY_TOKEN"
_ENV_CONFIG_DIR: Final = "RUNCOMFY_CONFIG_DIR"
_ENV_HOSTS: Final = "RUNCOMFY_EDIT_DOWNLOAD_HOSTS"
_ENV_MAX_BYTES: Final = "RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES"
_ENV_POLL: Final = "RUNCOMFY_EDIT_POLL_INTERVAL"


def default_timeout() -> httpx.Timeout:
    """The per-call timeout of every API and download request."""
    return httpx.Timeout(
        connect=CONNECT_TIMEOUT_SECONDS,
        read=READ_TIMEOUT_SECONDS,
        write=WRITE_TIMEOUT_SECONDS,
        pool=POOL_TIMEOUT_SECONDS,
    )


def default_config_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where `token.json` is: RUNCOMFY_CONFIG_DIR, else $XDG_CONFIG_HOME/runcomfy, else ~/.config/runcomfy."""
    env = os.environ if env is None else env
    if env.get(_ENV_CONFIG_DIR):
        return Path(env[_ENV_CONFIG_DIR]).expanduser()
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]).expanduser() / "runcomfy"
    return Path.home() / ".config" / "runcomfy"


def discover_token(env: Mapping[str, str] | None = None) -> SecretStr | None:
    """The token from RUNCOMFY_TOKEN, else from `token.json` in the config directory, else None."""
    env = os.environ if env is None else env
    value = env.get(_ENV_TOKEN, "").strip()
    if value:
        return SecretStr(value)
    path = default_config_dir(env) / TOKEN_FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AuthenticationError(f"cannot read the token file {str(path)!r}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Never quote the file's content: it is (or holds) the secret.
        raise AuthenticationError(
            f"the token file {str(path)!r} is not valid JSON; fix it or set RUNCOMFY_TOKEN"
        ) from None
    token = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token.strip():
        return None
    return SecretStr(token.strip())


def save_token(token: SecretStr, env: Mapping[str, str] | None = None) -> Path:
    """Write `access_token` into `token.json` (mode 0600, directory 0700), keeping any other keys.

    The file may be shared with RunComfy's own CLI, so existing keys are preserved, and the new file
    is written beside the old one and renamed over it: a crash never leaves a half-written token.
    """
    directory = default_config_dir(env)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / TOKEN_FILE_NAME
    data: dict[str, object] = {}
    with contextlib.suppress(FileNotFoundError, json.JSONDecodeError):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            data = loaded
    data["access_token"] = token.get_secret_value()
    # mkstemp creates the file 0600 from the start, so the token is never world-readable, not even briefly.
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".token-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return path


def _parse_hosts(raw: str) -> tuple[str, ...]:
    return tuple(h.strip().lower().rstrip(".") for h in raw.split(",") if h.strip())


def _positive_number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{name}={raw!r} is not a number; set it to a positive number or unset it") from None
    if value <= 0:
        raise UsageError(f"{name}={raw!r} must be positive; set it to a positive number or unset it")
    return value


@dataclass(frozen=True)
class APISettings:
    """Everything the Model API client needs from its environment, resolved once."""

    base_url: str = DEFAULT_MODEL_API_BASE
    token: SecretStr | None = None  # SecretStr masks itself in this dataclass's repr
    download_hosts: tuple[str, ...] = ()
    max_download_bytes: int = MAX_DOWNLOAD_BYTES
    poll_interval: float = POLL_INTERVAL_SECONDS

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> APISettings:
        """Read the environment (os.environ by default); bad values raise `UsageError` naming the variable."""
        env = os.environ if env is None else env
        base_url = env.get(_ENV_BASE, "").strip() or DEFAULT_MODEL_API_BASE
        if not base_url.startswith(("https://", "http://")):
            raise UsageError(f"{_ENV_BASE}={base_url!r} is not an http(s) URL")
        return cls(
            base_url=base_url.rstrip("/"),
            token=discover_token(env),
            download_hosts=_parse_hosts(env.get(_ENV_HOSTS, "")),
            max_download_bytes=int(_positive_number(env, _ENV_MAX_BYTES, MAX_DOWNLOAD_BYTES)),
            poll_interval=_positive_number(env, _ENV_POLL, POLL_INTERVAL_SECONDS),
        )

    def require_token(self) -> SecretStr:
        """The token, or an `AuthenticationError` that says where it is looked for."""
        if self.token is None:
            raise AuthenticationError(
                "no RunComfy token: set RUNCOMFY_TOKEN, or run `runcomfy-edit login`, or put "
                f"{{'access_token': ...}} in {TOKEN_FILE_NAME} under RUNCOMFY_CONFIG_DIR "
                "or ~/.config/runcomfy"
            )
        return self.token
