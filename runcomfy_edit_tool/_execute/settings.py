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
- ``RUNCOMFY_EDIT_CACHE_DIR``           cache directory (live input schemas); default
  ``$XDG_CACHE_HOME/runcomfy-edit-tool`` or ``~/.cache/runcomfy-edit-tool``

Every number is parsed by `parse_number` (finite, positive, bounded), every URL by `parse_api_base`,
every token by `check_token`: bad values fail here, when settings are built, never mid-run.

The token is held as a pydantic `SecretStr`: its repr and str are masked, so it cannot leak through
a log line, an error message or a printed settings object. Only `_api_client` reveals it, into the
Authorization header of API calls.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import httpx
from pydantic import SecretStr

from .._exceptions import AuthenticationError, UsageError
from .._sanitize import MAX_SHOWN_CHARS, human_bytes, human_seconds, safe_text

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
    "MAX_DOWNLOAD_CAP",
    "MAX_OUTPUT_FILES",
    "MAX_POLL_INTERVAL_SECONDS",
    "MAX_TIMEOUT_SECONDS",
    "MAX_TOKEN_CHARS",
    "POLL_INTERVAL_SECONDS",
    "POLL_QUEUED_BACKOFF",
    "POLL_QUEUED_MAX_INTERVAL_SECONDS",
    "READ_MAX_ATTEMPTS",
    "READ_TIMEOUT_SECONDS",
    "RETRY_AFTER_MAX_SECONDS",
    "SUBMIT_MAX_ATTEMPTS",
    "TOKEN_FILE_NAME",
    "APISettings",
    "check_token",
    "default_cache_dir",
    "default_config_dir",
    "default_timeout",
    "discover_token",
    "parse_api_base",
    "parse_number",
    "parse_seconds",
    "save_token",
    "token_problem",
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

# Upper bounds of what a flag or variable may ask for: past these a value is a typo, not a wish.
MAX_TIMEOUT_SECONDS: Final = 7 * 24 * 3600.0  # --timeout: a week
MAX_POLL_INTERVAL_SECONDS: Final = 3600.0

# --- Downloads ----------------------------------------------------------------------------------
ALLOWED_DOWNLOAD_DOMAINS: Final = ("runcomfy.net", "runcomfy.com")  # and their subdomains, HTTPS only
MAX_DOWNLOAD_BYTES: Final = 2 * 1024**3
MAX_DOWNLOAD_CAP: Final = 1024**5  # RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES above 1 PiB is a typo
DOWNLOAD_CONCURRENCY: Final = 4
DOWNLOAD_MAX_REDIRECTS: Final = 5
DOWNLOAD_MAX_ATTEMPTS: Final = 3
DOWNLOAD_CHUNK_BYTES: Final = 1024 * 1024
# An edit yields at most a handful of images; a result listing more is broken, not generous.
MAX_OUTPUT_FILES: Final = 64

# A RunComfy token is a short opaque string; anything this long is a pasted file, not a token.
MAX_TOKEN_CHARS: Final = 4096
MAX_TOKEN_FILE_BYTES: Final = 1024 * 1024
_TOKEN_HINT: Final = (
    "copy the token again from your RunComfy account (printable ASCII, no spaces or line breaks) "
    "and set RUNCOMFY_TOKEN or run `runcomfy-edit login`"
)

_ENV_BASE: Final = "RUNCOMFY_MODEL_API_BASE"
_ENV_TOKEN: Final = "RUNCOMFY_TOKEN"
_ENV_CONFIG_DIR: Final = "RUNCOMFY_CONFIG_DIR"
_ENV_HOSTS: Final = "RUNCOMFY_EDIT_DOWNLOAD_HOSTS"
_ENV_MAX_BYTES: Final = "RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES"
_ENV_POLL: Final = "RUNCOMFY_EDIT_POLL_INTERVAL"
_ENV_CACHE_DIR: Final = "RUNCOMFY_EDIT_CACHE_DIR"


def default_timeout() -> httpx.Timeout:
    """The per-call timeout of every API and download request."""
    return httpx.Timeout(
        connect=CONNECT_TIMEOUT_SECONDS,
        read=READ_TIMEOUT_SECONDS,
        write=WRITE_TIMEOUT_SECONDS,
        pool=POOL_TIMEOUT_SECONDS,
    )


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The cache: RUNCOMFY_EDIT_CACHE_DIR, else $XDG_CACHE_HOME/runcomfy-edit-tool, else ~/.cache/…"""
    env = os.environ if env is None else env
    if env.get(_ENV_CACHE_DIR):
        return Path(env[_ENV_CACHE_DIR]).expanduser()
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]).expanduser() / "runcomfy-edit-tool"
    return Path.home() / ".cache" / "runcomfy-edit-tool"


def default_config_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where `token.json` is: RUNCOMFY_CONFIG_DIR, else $XDG_CONFIG_HOME/runcomfy, else ~/.config/runcomfy."""
    env = os.environ if env is None else env
    if env.get(_ENV_CONFIG_DIR):
        return Path(env[_ENV_CONFIG_DIR]).expanduser()
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]).expanduser() / "runcomfy"
    return Path.home() / ".config" / "runcomfy"


def token_problem(value: str) -> str | None:
    """What makes `value` unusable as a bearer token, in words that never quote it; None if it is fine.

    A token goes into an HTTP header, so it must be printable ASCII with no whitespace inside (an
    empty value is "no token", not a bad one). Surrounding whitespace is the caller's to strip.
    """
    if len(value) > MAX_TOKEN_CHARS:
        return f"it is {len(value)} characters long (a token is at most {MAX_TOKEN_CHARS})"
    for char in value:
        if char.isspace():
            return "it has whitespace or a line break inside"
        if not char.isascii():
            return "it has a non-ASCII character"
        if not char.isprintable():
            return "it has a control character"
    return None


def check_token(value: str | SecretStr, where: str) -> SecretStr:
    """`value` stripped, as a `SecretStr`; `AuthenticationError` (exit 77) naming `where` if unusable."""
    raw = value.get_secret_value() if isinstance(value, SecretStr) else value
    if not isinstance(raw, str):
        raise AuthenticationError(f"the token from {where} is not text; {_TOKEN_HINT}")
    raw = raw.strip()
    problem = token_problem(raw)
    if problem is not None:
        # Never quote the value, not even a prefix: it is, or contains, the secret.
        raise AuthenticationError(f"the token from {where} is not a valid token: {problem}; {_TOKEN_HINT}")
    return SecretStr(raw)


def discover_token(env: Mapping[str, str] | None = None) -> SecretStr | None:
    """The token from RUNCOMFY_TOKEN, else from `token.json` in the config directory, else None.

    A value that cannot be a token, or a token file that cannot be read as one, is an
    `AuthenticationError` (exit 77) that says which source to fix and never quotes its content.
    """
    env = os.environ if env is None else env
    value = env.get(_ENV_TOKEN, "").strip()
    if value:
        return check_token(value, _ENV_TOKEN)
    path = default_config_dir(env) / TOKEN_FILE_NAME
    where = f"the token file {str(path)!r}"
    try:
        if path.is_dir():
            raise AuthenticationError(f"{where} is a directory; remove it or set RUNCOMFY_TOKEN")
        if path.stat().st_size > MAX_TOKEN_FILE_BYTES:
            raise AuthenticationError(
                f"{where} is larger than {MAX_TOKEN_FILE_BYTES} bytes, so it is not a token file; "
                "fix it or set RUNCOMFY_TOKEN"
            )
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise AuthenticationError(f"{where} is not UTF-8 text; fix it or set RUNCOMFY_TOKEN") from None
    except OSError as exc:
        raise AuthenticationError(f"cannot read {where}: {exc.strerror or type(exc).__name__}") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        # Never quote the file's content: it is (or holds) the secret.
        raise AuthenticationError(f"{where} is not valid JSON; fix it or set RUNCOMFY_TOKEN") from None
    token = data.get("access_token") if isinstance(data, dict) else None
    if token is None or (isinstance(token, str) and not token.strip()):
        return None
    if not isinstance(token, str):
        raise AuthenticationError(f"{where} has an access_token that is not a string; {_TOKEN_HINT}")
    return check_token(token, where)


def save_token(token: SecretStr, env: Mapping[str, str] | None = None) -> Path:
    """Write `access_token` into `token.json` (mode 0600, directory 0700), keeping any other keys.

    The file may be shared with RunComfy's own CLI, so existing keys are preserved, and the new file
    is written beside the old one and renamed over it: a crash never leaves a half-written token.
    """
    token = check_token(token, "the login")
    directory = default_config_dir(env)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / TOKEN_FILE_NAME
    if path.is_dir():
        raise UsageError(f"{str(path)!r} is a directory; remove it and run `runcomfy-edit login` again")
    data: dict[str, object] = {}
    # An unreadable old file (not UTF-8, not JSON, nested too deep) is replaced: the token is what matters.
    with contextlib.suppress(FileNotFoundError, ValueError, RecursionError):
        loaded = json.loads(path.read_bytes().decode("utf-8"))
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


def parse_number(raw: object, what: str, *, maximum: float, integer: bool = False) -> float:
    """`raw` as a positive, finite number no larger than `maximum`; `UsageError` naming `what` otherwise.

    The one parser for every timeout, interval and size this package reads from a flag, the
    environment or an argument: ``nan``, ``inf``, ``1e400``, zero, negatives and absurd values are
    refused here, so no later sleep or comparison ever sees one.
    """
    shown = safe_text(str(raw), 40)
    if isinstance(raw, bool):
        raise UsageError(f"{what}={shown!r} is not a number; give a positive number")
    if isinstance(raw, int | float):
        value = float(raw) if not isinstance(raw, int) or abs(raw) < 2**63 else math.inf
    else:
        try:
            value = float(str(raw).strip())
        except (ValueError, OverflowError):
            raise UsageError(f"{what}={shown!r} is not a number; give a positive number") from None
    if not math.isfinite(value):
        raise UsageError(f"{what}={shown!r} is not a finite number; give a positive number")
    if value <= 0:
        raise UsageError(f"{what}={shown!r} must be positive")
    if value > maximum:
        limit = human_bytes(maximum) if integer else human_seconds(maximum)
        raise UsageError(f"{what}={shown!r} is too large; the most accepted is {limit}")
    if integer and value != int(value):
        raise UsageError(f"{what}={shown!r} must be a whole number")
    return value


def parse_seconds(raw: object, what: str, *, maximum: float = MAX_TIMEOUT_SECONDS) -> float:
    """A duration in seconds (see `parse_number`)."""
    return parse_number(raw, what, maximum=maximum)


def parse_api_base(raw: str, what: str = _ENV_BASE) -> str:
    """The Model API base URL, checked: http(s), a host, a valid port, no credentials."""
    text = raw.strip()
    shown = safe_text(text, MAX_SHOWN_CHARS)
    try:
        parts = urlsplit(text)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise UsageError(f"{what}={shown!r} is not a valid URL ({exc}); unset it or fix it") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise UsageError(f"{what}={shown!r} is not an http(s) URL with a host")
    if port == 0:
        raise UsageError(f"{what}={shown!r} has port 0; use a port from 1 to 65535")
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{what}={shown!r} holds credentials; put the token in RUNCOMFY_TOKEN instead")
    if any(c.isspace() or not c.isprintable() for c in text):
        raise UsageError(f"{what}={shown!r} has whitespace or control characters in it")
    return text.rstrip("/")


def _env_number(
    env: Mapping[str, str], name: str, default: float, *, maximum: float, integer: bool = False
) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    return parse_number(raw, name, maximum=maximum, integer=integer)


@dataclass(frozen=True)
class APISettings:
    """Everything the Model API client needs from its environment, resolved once.

    Values are checked on construction, however it happens: a plain-string token becomes a
    `SecretStr` (masked in reprs), and bad numbers or URLs raise `UsageError` here, never later.
    """

    base_url: str = DEFAULT_MODEL_API_BASE
    token: SecretStr | None = None  # SecretStr masks itself in this dataclass's repr
    download_hosts: tuple[str, ...] = ()
    max_download_bytes: int = MAX_DOWNLOAD_BYTES
    poll_interval: float = POLL_INTERVAL_SECONDS
    # Where `runcomfy-edit models` keeps live input schemas; None: no pre-submit schema check.
    schema_cache_dir: Path | None = None

    def __post_init__(self) -> None:
        token: object = self.token
        if token is not None:
            if not isinstance(token, str | SecretStr):
                raise AuthenticationError(f"the token must be a string, not {type(token).__name__}")
            checked = check_token(token, "APISettings(token=...)")
            object.__setattr__(self, "token", checked if checked.get_secret_value() else None)
        object.__setattr__(self, "base_url", parse_api_base(self.base_url, "base_url"))
        object.__setattr__(
            self,
            "max_download_bytes",
            int(
                parse_number(
                    self.max_download_bytes, "max_download_bytes", maximum=MAX_DOWNLOAD_CAP, integer=True
                )
            ),
        )
        object.__setattr__(
            self,
            "poll_interval",
            parse_number(self.poll_interval, "poll_interval", maximum=MAX_POLL_INTERVAL_SECONDS),
        )
        object.__setattr__(self, "download_hosts", tuple(self.download_hosts))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> APISettings:
        """Read the environment (os.environ by default); bad values raise `UsageError` naming the variable."""
        env = os.environ if env is None else env
        base_url = parse_api_base(env.get(_ENV_BASE, "").strip() or DEFAULT_MODEL_API_BASE)
        return cls(
            base_url=base_url,
            token=discover_token(env),
            download_hosts=_parse_hosts(env.get(_ENV_HOSTS, "")),
            max_download_bytes=int(
                _env_number(env, _ENV_MAX_BYTES, MAX_DOWNLOAD_BYTES, maximum=MAX_DOWNLOAD_CAP, integer=True)
            ),
            poll_interval=_env_number(
                env, _ENV_POLL, POLL_INTERVAL_SECONDS, maximum=MAX_POLL_INTERVAL_SECONDS
            ),
            schema_cache_dir=default_cache_dir(env) / "schemas",
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
