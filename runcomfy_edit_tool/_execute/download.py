"""Downloading a job's outputs safely: allowed hosts only, no token, capped, verified, atomic.

- Only ``*.runcomfy.net`` / ``*.runcomfy.com`` over HTTPS, plus the hosts in
  ``RUNCOMFY_EDIT_DOWNLOAD_HOSTS`` (for those plain HTTP is allowed: that is how tests reach a
  loopback server). A URL or a redirect anywhere else is refused before any byte is requested.
- The downloader has its own httpx client with no Authorization header, so the bearer token can
  never reach a download host; redirects are followed by hand so each hop is checked.
- Each file streams into a hidden temporary file in the output directory, its byte count is checked
  against Content-Length and the cap, its sha256 is computed on the way, and only then is it
  renamed into place. Any failure or cancellation deletes the temporary file: no partial output.
- Names come from the URL's last path segment, reduced to ``[A-Za-z0-9._-]``; an existing file is
  never overwritten unless asked (the new one gets ``-2``, ``-3`` …, claimed atomically with a hard link).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import logging
import mimetypes
import os
import random
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final
from urllib.parse import unquote

import httpx
from pydantic import BaseModel, ConfigDict

from .._exceptions import DisallowedHostError, DownloadError, InputError
from .._sanitize import MAX_SHOWN_CHARS, clean, human_bytes, human_seconds, safe_text
from .retry import Backoff, Sleep, max_attempts, status_is_retryable
from .settings import (
    ALLOWED_DOWNLOAD_DOMAINS,
    DOWNLOAD_CHUNK_BYTES,
    DOWNLOAD_CONCURRENCY,
    DOWNLOAD_MAX_REDIRECTS,
    MAX_DOWNLOAD_BYTES,
    default_timeout,
)

__all__ = [
    "TEMP_PREFIX",
    "Downloader",
    "OutputFile",
    "check_download_url",
    "host_is_allowed",
    "prepare_output_dir",
    "safe_filename",
    "unique_names",
]

_log = logging.getLogger("runcomfy_edit_tool")

TEMP_PREFIX: Final = ".runcomfy-edit-"  # hidden, and recognisable if a crash (not an exception) leaves one
_UNSAFE_CHARS: Final = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME_CHARS: Final = 120
_MAX_SUFFIX_CHARS: Final = 10
_MAX_PORT: Final = 65535


class OutputFile(BaseModel):
    """One downloaded output: where it came from, where it is, how big, its sha256."""

    model_config = ConfigDict(frozen=True)

    url: str
    path: Path
    bytes: int
    sha256: str


class _RetryableDownload(Exception):
    """A failure worth another attempt (5xx, dropped connection, truncated body)."""


def _port(url: httpx.URL) -> int:
    return url.port if url.port is not None else (443 if url.scheme == "https" else 80)


def _parse_url(url: str) -> httpx.URL | None:
    """`url` parsed with its host decoded, or None (bad syntax, bad port, an invalid IDNA host)."""
    try:
        parsed = httpx.URL(url)
        parsed.host  # noqa: B018  (decoding the host is where an invalid "xn--" label fails)
    except (httpx.InvalidURL, TypeError, ValueError):  # idna.IDNAError is a ValueError
        return None
    if parsed.port is not None and not 0 < parsed.port <= _MAX_PORT:
        return None
    return parsed


def host_is_allowed(url: str, extra_hosts: Iterable[str] = ()) -> bool:
    """Whether `url` may be downloaded: an HTTPS RunComfy host, or an http(s) host listed in `extra_hosts`.

    `extra_hosts` entries are host names or IPs, optionally with ``:port`` (then only that port).
    URLs with user info are refused: an output URL never needs credentials.
    """
    parsed = _parse_url(url)
    if parsed is None or parsed.scheme not in ("http", "https") or parsed.userinfo:
        return False
    host = parsed.host.lower().rstrip(".")
    if not host:
        return False
    if parsed.scheme == "https" and any(
        host == d or host.endswith("." + d) for d in ALLOWED_DOWNLOAD_DOMAINS
    ):
        return True
    for entry in extra_hosts:
        allowed = _parse_url(f"http://{entry.strip()}")
        if allowed is None or not allowed.host:
            continue
        if host == allowed.host.lower().rstrip(".") and (
            allowed.port is None or allowed.port == _port(parsed)
        ):
            return True
    return False


def check_download_url(url: str, extra_hosts: Iterable[str] = (), *, origin: str | None = None) -> httpx.URL:
    """`url` parsed, or `DisallowedHostError` naming the host and how to allow it."""
    if host_is_allowed(url, extra_hosts):
        return httpx.URL(url)
    parsed = _parse_url(url)
    where = safe_text(parsed.host if parsed is not None and parsed.host else url, MAX_SHOWN_CHARS)
    via = (
        f"the download of {safe_text(origin, MAX_SHOWN_CHARS)!r} redirects to"
        if origin
        else "the output URL points to"
    )
    raise DisallowedHostError(
        f"{via} {where!r}, which is not an allowed download host (HTTPS *.runcomfy.net / *.runcomfy.com, "
        "or a host listed in RUNCOMFY_EDIT_DOWNLOAD_HOSTS); nothing was downloaded from it"
    )


def _split_suffix(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and 0 < len(suffix) <= _MAX_SUFFIX_CHARS:
        return stem, "." + suffix
    return name, ""


def safe_filename(url: str, index: int) -> str:
    """A file name for output number `index` (0-based) from its URL's last path segment.

    Percent-escapes are decoded before the last segment is taken, so ``..%2F..%2Fetc%2Fpasswd``
    becomes ``passwd``; only ``[A-Za-z0-9._-]`` survive; leading dots go (no hidden files, no
    ``..``); an empty result falls back to ``output-N``.
    """
    parsed = _parse_url(url)
    path = unquote(parsed.path if parsed is not None else "")
    segment = path.replace("\\", "/").rsplit("/", 1)[-1]
    stem, suffix = _split_suffix(segment)
    # The stem and the extension are cleaned apart, so "图片.png" keeps ".png" (→ "output-1.png").
    stem = _UNSAFE_CHARS.sub("_", stem).lstrip("._-").rstrip(".")
    suffix = _UNSAFE_CHARS.sub("_", suffix)
    if not stem:
        stem = f"output-{index + 1}"
    return stem[: _MAX_NAME_CHARS - len(suffix)] + suffix


def unique_names(names: Sequence[str]) -> list[str]:
    """`names` with repeats renamed ``name-2.ext``, ``name-3.ext`` … (first one keeps its name)."""
    taken: set[str] = set()
    result: list[str] = []
    for name in names:
        candidate, k = name, 1
        stem, suffix = _split_suffix(name)
        while candidate.lower() in taken:
            k += 1
            candidate = f"{stem}-{k}{suffix}"
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def _with_type_suffix(name: str, content_type: str | None) -> str:
    """Add an extension from Content-Type when the URL gave none (``abc`` + image/png → ``abc.png``)."""
    if _split_suffix(name)[1] or not content_type:
        return name
    guessed = mimetypes.guess_extension(content_type.split(";")[0].strip().lower())
    return name + guessed if guessed else name


def _place(tmp: Path, directory: Path, name: str, overwrite: bool) -> Path:
    """Move the finished temp file to `name` atomically; never clobber unless `overwrite`."""
    if overwrite:
        target = directory / name
        os.replace(tmp, target)
        return target
    stem, suffix = _split_suffix(name)
    for k in range(1, 10_000):
        target = directory / (name if k == 1 else f"{stem}-{k}{suffix}")
        try:
            # link() fails if the target exists, so claiming the name and filling it is one atomic step.
            os.link(tmp, target)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            # No hard links on this filesystem: claim the name exclusively, then replace it.
            try:
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            except FileExistsError:
                continue
            os.replace(tmp, target)
            return target
        os.unlink(tmp)
        return target
    raise DownloadError(f"no free file name like {name!r} in {str(directory)!r}; pass overwrite or clean up")


class Downloader:
    """Fetches output URLs into a directory under the rules in this module's docstring."""

    def __init__(
        self,
        *,
        extra_hosts: Sequence[str] = (),
        max_bytes: int = MAX_DOWNLOAD_BYTES,
        timeout: httpx.Timeout | None = None,
        concurrency: int = DOWNLOAD_CONCURRENCY,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.extra_hosts = tuple(extra_hosts)
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._backoff = backoff or Backoff()
        self._semaphore = asyncio.Semaphore(concurrency)
        # Deliberately a separate client with no auth and no redirect following: the token lives
        # only on the API client, and every redirect hop is checked against the allow-list here.
        self._timeout = timeout or default_timeout()
        self._read_timeout = self._timeout.read
        self._http = httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    async def __aenter__(self) -> Downloader:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def download_all(
        self, urls: Sequence[str], output_dir: Path, *, overwrite: bool = False
    ) -> list[OutputFile]:
        """Download every URL concurrently, in order; the first failure cancels the rest (no partial files).

        Every URL is checked against the allow-list before any is fetched, so a job with one bad
        URL downloads nothing. Files completed before a failure are kept: they are whole and verified.
        """
        for url in urls:
            check_download_url(url, self.extra_hosts)
        names = unique_names([safe_filename(url, i) for i, url in enumerate(urls)])
        tasks = [
            asyncio.ensure_future(self.download(url, output_dir, filename=name, overwrite=overwrite))
            for url, name in zip(urls, names, strict=True)
        ]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:
                task.cancel()
            # Wait for the cancelled downloads to delete their temp files before reporting.
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def download(
        self, url: str, output_dir: Path, *, filename: str | None = None, overwrite: bool = False
    ) -> OutputFile:
        """Download one URL into `output_dir` (created if missing), retrying transient failures."""
        check_download_url(url, self.extra_hosts)
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DownloadError(
                f"cannot create the output directory {str(output_dir)!r}: {_os_reason(exc)}"
            ) from exc
        name = filename or safe_filename(url, 0)
        attempts = max_attempts("download")
        async with self._semaphore:
            for attempt in range(attempts):
                try:
                    return await self._fetch(url, output_dir, name, overwrite)
                except OSError as exc:  # disk full, permissions: local, so retrying would not help
                    raise DownloadError(
                        f"cannot save {safe_text(url, MAX_SHOWN_CHARS)!r} into {str(output_dir)!r}: "
                        f"{_os_reason(exc)}; "
                        "nothing partial was kept"
                    ) from exc
                except _RetryableDownload as exc:
                    if attempt + 1 >= attempts:
                        raise DownloadError(
                            f"could not download {safe_text(url, MAX_SHOWN_CHARS)!r} after {attempts} "
                            f"attempts: {exc}; nothing partial was kept"
                        ) from None
                    delay = self._backoff.delay(attempt, self._rng)
                    _log.info("download of %s failed (%s); retrying in %.1f s", url, exc, delay)
                    await self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    async def _fetch(self, url: str, output_dir: Path, name: str, overwrite: bool) -> OutputFile:
        current = check_download_url(url, self.extra_hosts)
        shown = repr(safe_text(url, MAX_SHOWN_CHARS))
        for _hop in range(DOWNLOAD_MAX_REDIRECTS + 1):
            try:
                async with self._http.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "").strip()
                        if not location:
                            raise DownloadError(
                                f"could not download {shown}: HTTP {response.status_code} from "
                                f"{current.host!r} redirects without a Location; nothing was kept"
                            )
                        try:
                            target = str(current.join(location))
                        except (httpx.InvalidURL, ValueError):
                            target = location
                        current = check_download_url(target, self.extra_hosts, origin=url)
                        continue
                    if response.status_code >= 300:
                        reason = f"HTTP {response.status_code} from {current.host!r}"
                        if status_is_retryable("download", response.status_code):
                            raise _RetryableDownload(reason)
                        raise DownloadError(f"could not download {shown}: {reason}; nothing was kept")
                    return await self._save(response, url, output_dir, name, overwrite)
            except httpx.TimeoutException as exc:
                raise _RetryableDownload(_stalled(exc, self._read_timeout)) from exc
            except (httpx.InvalidURL, ValueError) as exc:
                # httpx prepares the next hop of a redirect even when not following it; a Location
                # it cannot parse (an invalid IDNA label, a bad port) surfaces here, before any byte.
                raise DisallowedHostError(
                    f"the download of {shown} redirects to a URL that is not valid "
                    f"({type(exc).__name__}); nothing was downloaded from it"
                ) from exc
            except httpx.TransportError as exc:
                detail = clean(str(exc), MAX_SHOWN_CHARS)
                raise _RetryableDownload(
                    f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
                ) from exc
        raise DownloadError(f"could not download {shown}: more than {DOWNLOAD_MAX_REDIRECTS} redirects")

    async def _save(
        self, response: httpx.Response, url: str, output_dir: Path, name: str, overwrite: bool
    ) -> OutputFile:
        declared = _content_length(response)
        if declared is not None and declared > self.max_bytes:
            raise DownloadError(self._over_cap(url, declared))
        fd, tmp_name = tempfile.mkstemp(dir=output_dir, prefix=TEMP_PREFIX, suffix=".part")
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as handle:
                async for chunk in response.aiter_bytes(DOWNLOAD_CHUNK_BYTES):
                    size += len(chunk)
                    # Checked on decoded bytes as they arrive: a lying or missing Content-Length
                    # (or a compression bomb) still cannot fill the disk.
                    if size > self.max_bytes:
                        raise DownloadError(self._over_cap(url, None))
                    digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            # Content-Length counts bytes on the wire (before any content decoding).
            if declared is not None and response.num_bytes_downloaded != declared:
                raise _RetryableDownload(
                    f"the body was cut short ({response.num_bytes_downloaded} of {declared} bytes)"
                )
            final_name = _with_type_suffix(name, response.headers.get("content-type"))
            path = _place(tmp, output_dir, final_name, overwrite)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        return OutputFile(url=url, path=path, bytes=size, sha256=digest.hexdigest())

    def _over_cap(self, url: str, declared: int | None) -> str:
        size = f"is {human_bytes(declared)}, over" if declared is not None else "is over"
        return (
            f"the output {safe_text(url, MAX_SHOWN_CHARS)!r} {size} the {human_bytes(self.max_bytes)} cap "
            f"({self.max_bytes} bytes); raise RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES to accept it; nothing was kept"
        )


def _stalled(exc: httpx.TimeoutException, read_timeout: float | None) -> str:
    """A timeout said in words: which phase stalled and for how long."""
    if isinstance(exc, httpx.ReadTimeout):
        after = f" for {human_seconds(read_timeout)}" if read_timeout is not None else ""
        return f"the download stalled: no data arrived{after}"
    if isinstance(exc, httpx.ConnectTimeout):
        return "the download host did not accept a connection in time"
    return f"the download timed out ({type(exc).__name__})"


def prepare_output_dir(directory: Path) -> Path:
    """Create `directory` if missing and prove it writable, or `InputError` (exit 65) saying why.

    Called before a paid submit, so a file, a device, /proc or a read-only place is found for free.
    """
    shown = repr(str(directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(
            f"the output directory {shown} exists and is not a directory: choose a directory"
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot create the output directory {shown}: {_os_reason(exc)}; choose a writable directory"
        ) from None
    if not directory.is_dir():
        raise InputError(f"the output directory {shown} is not a directory: choose a directory")
    try:
        fd, probe = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX, suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(
            f"cannot write into the output directory {shown}: {_os_reason(exc)}; choose a writable directory"
        ) from None
    return directory


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _content_length(response: httpx.Response) -> int | None:
    raw = response.headers.get("content-length")
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None
