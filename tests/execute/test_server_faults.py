"""Server faults after a paid submit: every one keeps the request id and says how to resume.

Against the loopback fake Model API, each fault class as a table of variants: unreadable answers
(deep nesting, huge numbers, not JSON), bad request ids, odd status words from both endpoints,
hostile strings, bad output hosts (IDNA), redirects without Location, stalled bodies; then the
deadline (`timeout` bounds submit + wait) and an interruption while waiting out a 429.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_model_api import TOKEN, FakeModelAPI, sample_plan
from pydantic import SecretStr
from test_api_faults import FakeTime, listing, make_client, run

from runcomfy_edit_tool._exceptions import (
    AmbiguousSubmitError,
    APITimeoutError,
    DisallowedHostError,
    DownloadError,
    JobFailedError,
    ModelAPIError,
    UsageError,
)
from runcomfy_edit_tool._execute import APISettings, ModelAPIClient
from runcomfy_edit_tool._execute.execute import execute_plan
from runcomfy_edit_tool._execute.progress import Progress


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


DEEP = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
DEEP_LIST = b"[" * 100_000 + b"]" * 100_000
HUGE_INT = b"1" + b"0" * 5000
OSC = "\x1b]0;pwned\x07"


def _nested_output(depth: int, url: str) -> bytes:
    return (
        b'{"request_id":"r","status":"succeeded","output":'
        + b"[" * depth
        + f'"{url}"'.encode()
        + b"]" * depth
        + b"}"
    )


POST_SUBMIT_FAULTS: list[tuple[str, dict[str, Any], type[ModelAPIError]]] = [
    ("status nested 100k deep", {"status_raw": DEEP}, ModelAPIError),
    ("status list nested 100k deep", {"status_raw": DEEP_LIST}, ModelAPIError),
    (
        "status with a 5000-digit number",
        {"status_raw": b'{"request_id":"r","status":' + HUGE_INT + b"}"},
        ModelAPIError,
    ),
    (
        "status queue_position 5000 digits",
        {"status_raw": b'{"request_id":"r","status":"in_queue","queue_position":' + HUGE_INT + b"}"},
        ModelAPIError,
    ),
    ("status not JSON", {"status_raw": b"<html>502 Bad Gateway</html>"}, ModelAPIError),
    ("status a JSON list", {"status_raw": b"[1, 2]"}, ModelAPIError),
    ("status without a status", {"status_raw": b'{"request_id":"r"}'}, ModelAPIError),
    ("status as a number", {"status_raw": b'{"request_id":"r","status":7}'}, ModelAPIError),
    ("status empty body", {"status_raw": b""}, ModelAPIError),
    ("status invalid UTF-8", {"status_raw": b'{"status":"\xff\xfe"}'}, ModelAPIError),
    ("result nested 100k deep", {"result_raw": DEEP}, ModelAPIError),
    (
        "result with a 5000-digit number",
        {"result_raw": b'{"request_id":"r","status":"succeeded","output":' + HUGE_INT + b"}"},
        ModelAPIError,
    ),
    (
        "result output nested 900 deep",
        {"result_raw": _nested_output(900, "https://x.runcomfy.net/a.png")},
        ModelAPIError,
    ),
    ("result not JSON", {"result_raw": b"\x00\x01garbage"}, ModelAPIError),
    (
        "output on an invalid IDNA host",
        {"output_override": "https://xn--zz.runcomfy.net/a.png"},
        DisallowedHostError,
    ),
    (
        "output on a bad IDNA label",
        {"output_override": "https://xn--a.runcomfy.net/a.png"},
        DisallowedHostError,
    ),
    (
        "output with a bad port",
        {"output_override": "https://cdn.runcomfy.net:99999/a.png"},
        DisallowedHostError,
    ),
    ("output with an IPv6 typo", {"output_override": "https://[::1/a.png"}, DisallowedHostError),
    ("output with user info", {"output_override": "https://u:p@cdn.runcomfy.net/a.png"}, DisallowedHostError),
    ("output with escapes", {"output_override": f"https://{OSC}cdn.runcomfy.net/a.png"}, DisallowedHostError),
    (
        "redirect to an invalid IDNA host",
        {"redirects": {"a.png": "https://xn--zz.runcomfy.net/a.png"}, "outputs": ["a.png"]},
        DisallowedHostError,
    ),
    ("redirect without Location", {"no_location": {"a.png"}, "outputs": ["a.png"]}, DownloadError),
    ("job failed with escapes in its error", {"job_error": f"{OSC}policy \x1b[31mviolation"}, JobFailedError),
    ("result says cancelled", {"result_word": "cancelled"}, JobFailedError),
    ("result says failed", {"result_word": "FAILED"}, JobFailedError),
    ("result says still running", {"result_word": "in_progress"}, ModelAPIError),
    ("result succeeded with no URL", {"output_override": {"images": []}}, ModelAPIError),
    (
        "result lists 100k outputs",
        {"output_override": [f"https://cdn.runcomfy.net/{i}.png" for i in range(100_000)]},
        ModelAPIError,
    ),
    ("output is a number", {"output_override": 12345}, ModelAPIError),
]


@pytest.mark.parametrize(
    ("label", "faults", "error"), POST_SUBMIT_FAULTS, ids=[f[0] for f in POST_SUBMIT_FAULTS]
)
async def test_post_submit_faults_keep_the_request_id(
    fake_api: FakeModelAPI,
    fake_time: FakeTime,
    tmp_path: Path,
    label: str,
    faults: dict[str, Any],
    error: type[ModelAPIError],
) -> None:
    """Each fault after a paid submit: its class, the id kept (attribute and message), one submit, no temp."""
    for name, value in faults.items():
        setattr(fake_api.faults, name, value)
    with pytest.raises(error) as caught:
        await run(fake_api, fake_time, tmp_path / "out")
    request_id = next(iter(fake_api.jobs))
    message = str(caught.value)
    assert caught.value.request_id == request_id
    assert request_id in message
    if error is not JobFailedError:
        assert f"runcomfy-edit result {request_id}" in message
    assert "\x1b" not in message
    assert "\x07" not in message
    assert len(message) < 2000
    assert len(fake_api.submits) == 1
    assert listing(tmp_path / "out") == []


@pytest.mark.parametrize(
    ("word", "result_word"),
    [
        ("completed", None),
        ("COMPLETED", None),
        ("Completed", "SUCCEEDED"),
        ("succeeded", "succeeded"),
        (f"{OSC}completed", None),
        ("\x1b[32mcompleted\x1b[0m", "\x1b[1msucceeded"),
        (" completed ", " Succeeded "),
    ],
)
async def test_both_status_vocabularies_finish_the_job(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path, word: str, result_word: str | None
) -> None:
    """`completed` (status endpoint) and `succeeded` (result endpoint), any case, even wrapped in escapes."""
    fake_api.faults.polls_in_queue = 0
    fake_api.faults.polls_running = 0
    fake_api.faults.status_word = word
    fake_api.faults.result_word = result_word
    result = await run(fake_api, fake_time, tmp_path)
    assert "\x1b" not in result.status
    assert result.status.strip().lower() == "succeeded"
    assert [f.path.name for f in result.files] == ["a.png", "b.png"]


BAD_IDS = [
    ("slash", "abc/def", True),
    ("backslash", "abc\\def", False),
    ("space", "abc def", False),
    ("newline", "abc\ndef", False),
    ("escape", f"{OSC}abc", False),
    ("empty", "", False),
    ("dot-dot", "..", False),
    ("query", "abc?x=1", False),
    ("very long", "a" * 500, True),
    ("percent", "abc%2Fdef", False),  # the fake decodes %2F and finds no such job: 404, not cancelled
]


@pytest.mark.parametrize(("label", "request_id", "cancellable"), BAD_IDS, ids=[b[0] for b in BAD_IDS])
async def test_a_bad_request_id_from_the_server_is_a_server_fault(
    fake_api: FakeModelAPI,
    fake_time: FakeTime,
    tmp_path: Path,
    label: str,
    request_id: str,
    cancellable: bool,
) -> None:
    """An unusable id after a paid submit: not the user's fault, never re-sent, cancelled where possible."""
    fake_api.faults.submit_request_id = request_id
    with pytest.raises(AmbiguousSubmitError) as caught:
        await run(fake_api, fake_time, tmp_path)
    message = str(caught.value)
    assert "unusable request id" in message
    assert "NOT re-sent" in message
    assert "pass the id printed" not in message
    assert "\x1b" not in message
    assert "\n" not in message
    assert len(fake_api.submits) == 1
    assert len(fake_api.cancels) == 1 if cancellable else len(fake_api.cancels) <= 1
    assert ("cancelled on RunComfy" in message) is cancellable
    assert all(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in fake_api.api_calls)


async def test_garbage_echoed_ids_are_ignored(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """Status and result answers that echo a different or hostile id do not change the job followed."""
    fake_api.faults.job_request_id_echo = f"{OSC}someone-else"
    result = await run(fake_api, fake_time, tmp_path)
    assert result.request_id == next(iter(fake_api.jobs))
    assert [f.path.name for f in result.files] == ["a.png", "b.png"]


async def test_a_stalled_download_says_it_stalled(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """A body that stops arriving → 'stalled: no data arrived for …'; the id kept; no file."""
    fake_api.faults.outputs = ["a.png"]
    fake_api.faults.stall = {"a.png"}
    fake_api.faults.stall_seconds = 1.0
    settings = APISettings(
        base_url=fake_api.base_url,
        token=SecretStr(TOKEN),
        download_hosts=("127.0.0.1",),
        poll_interval=0.01,
    )
    client = ModelAPIClient(
        settings=settings,
        timeout=httpx.Timeout(0.2),
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rng=random.Random(0),
    )
    async with client:
        with pytest.raises(DownloadError) as caught:
            await execute_plan(sample_plan(), client=client, output_dir=tmp_path)
    message = str(caught.value)
    assert "stalled: no data arrived for 0.2 s" in message
    assert "ReadTimeout: ;" not in message
    assert caught.value.request_id == next(iter(fake_api.jobs))
    assert listing(tmp_path) == []


# --- cancel: both outcomes, any spelling -------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "cancelled"),
    [
        ("cancelled", True),
        ("CANCELLED", True),
        ("canceled", True),
        (f"{OSC}cancelled", True),
        ("not_cancellable", False),
        ("NOT_CANCELLABLE", False),
        ("\x1b[31mnot_cancellable\x1b[0m", False),
        ("something_new", False),
    ],
)
async def test_cancel_outcomes_are_read_truthfully(
    fake_api: FakeModelAPI, outcome: str, cancelled: bool
) -> None:
    """The cancel endpoint's 202 answer: cancelled only when it says so; its word cleaned of escapes."""
    fake_api.faults.queue_forever = True
    fake_api.faults.cancel_outcome = outcome
    async with make_client(fake_api) as client:
        submitted = await client.submit(sample_plan().model_id, sample_plan().body)
        answer = await client.cancel(submitted.request_id)
    assert answer.cancelled is cancelled
    assert "\x1b" not in answer.outcome
    assert fake_api.cancels[0].method == "POST"


# --- the deadline: --timeout bounds submit and wait together ------------------------------------


@pytest.mark.parametrize(
    ("timeout", "retry_after", "n_429", "submits", "outcome"),
    [
        (1.0, "3", 2, 1, "timeout"),  # the case: never a third (paid) submit at ~6 s
        (5.0, "3", 2, 2, "timeout"),  # the first retry fits, the second would not
        (10.0, "3", 2, 3, "ok"),
        (0.5, "0.4", 5, 2, "timeout"),
        (100.0, "3", 0, 1, "ok"),
        (2.0, None, 3, 2, "timeout"),  # no Retry-After: the backoff is bounded by the deadline too
    ],
)
async def test_timeout_bounds_submit_retries(
    fake_api: FakeModelAPI,
    fake_time: FakeTime,
    tmp_path: Path,
    timeout: float,
    retry_after: str | None,
    n_429: int,
    submits: int,
    outcome: str,
) -> None:
    """No submit after the deadline, no Retry-After wait past it; the message says none was taken."""
    fake_api.faults.submit_429 = n_429
    fake_api.faults.retry_after = retry_after
    fake_api.faults.polls_in_queue = 0
    fake_api.faults.polls_running = 0
    start = fake_time.now
    if outcome == "ok":
        await run(fake_api, fake_time, tmp_path, timeout=timeout)
    else:
        with pytest.raises(APITimeoutError, match="nothing was submitted"):
            await run(fake_api, fake_time, tmp_path, timeout=timeout)
        assert fake_time.now - start <= timeout
    assert len(fake_api.submits) == submits


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), -1.0, 0.0, 1e300])
async def test_bad_timeouts_are_refused_before_anything_is_sent(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path, timeout: float
) -> None:
    """nan / inf / zero / negative / absurd timeouts → UsageError before the submit."""
    with pytest.raises(UsageError, match="timeout"):
        await run(fake_api, fake_time, tmp_path, timeout=timeout)
    assert fake_api.requests == []


async def test_interrupting_a_retry_after_wait_stops_at_once_and_says_nothing_was_created(
    fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Cancelled while waiting out a 429's Retry-After: no grace wait, no cancel call, 'not_submitted'."""
    fake_api.faults.submit_429 = 10
    fake_api.faults.retry_after = "100"
    events: list[Progress] = []
    async with make_client(fake_api) as client:
        task = asyncio.ensure_future(
            execute_plan(sample_plan(), client=client, output_dir=tmp_path, on_progress=events.append)
        )
        for _ in range(500):
            if fake_api.submits:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # let the client read the 429 and start its wait
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(fake_api.submits) == 1
    assert fake_api.cancels == []
    assert [(e.phase, e.status) for e in events] == [("cancel", "not_submitted")]


@pytest.mark.parametrize(("timeout", "n_503"), [(3.0, 100), (10.0, 100), (0.5, 2)])
async def test_timeout_bounds_poll_retries_too(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path, timeout: float, n_503: int
) -> None:
    """5xx while polling: the read retries stop at the deadline; the id is kept with how to resume."""
    fake_api.faults.status_503 = n_503
    start = fake_time.now
    with pytest.raises(APITimeoutError) as caught:
        await run(fake_api, fake_time, tmp_path, timeout=timeout)
    request_id = next(iter(fake_api.jobs))
    assert fake_time.now - start <= timeout
    assert caught.value.request_id == request_id
    assert f"runcomfy-edit result {request_id}" in str(caught.value)
    assert len(fake_api.submits) == 1
