"""Running a plan against the loopback fake Model API, one injected fault at a time.

Every test asserts what the server saw (submits, tokens, cancels, downloads) and what is left on
disk, not just the exception. Sleeping and the clock are faked, so retries and polling are instant.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import socket
from pathlib import Path
from typing import Any

import pytest
from fake_model_api import PNG, TOKEN, FakeModelAPI, sample_plan
from pydantic import SecretStr

from runcomfy_edit_tool._exceptions import (
    AmbiguousSubmitError,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DisallowedHostError,
    DownloadError,
    InputError,
    JobFailedError,
    RateLimitError,
    ServerError,
)
from runcomfy_edit_tool._execute.client import ModelAPIClient
from runcomfy_edit_tool._execute.download import TEMP_PREFIX
from runcomfy_edit_tool._execute.execute import execute_plan, fetch_result
from runcomfy_edit_tool._execute.progress import Progress
from runcomfy_edit_tool._execute.settings import (
    DOWNLOAD_MAX_ATTEMPTS,
    POLL_INTERVAL_SECONDS,
    POLL_QUEUED_MAX_INTERVAL_SECONDS,
    READ_MAX_ATTEMPTS,
    SUBMIT_MAX_ATTEMPTS,
    APISettings,
)


class FakeTime:
    """An injectable clock and sleep: sleeping advances the clock instantly and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def make_client(
    api: FakeModelAPI,
    time: FakeTime | None = None,
    *,
    token: str | None = TOKEN,
    max_bytes: int = 10_000_000,
    poll_interval: float = POLL_INTERVAL_SECONDS,
) -> ModelAPIClient:
    """A client of the fake; real sleep when `time` is None (for tests that race a real task)."""
    settings = APISettings(
        base_url=api.base_url,
        token=SecretStr(token) if token is not None else None,
        download_hosts=("127.0.0.1",),
        max_download_bytes=max_bytes,
        poll_interval=poll_interval,
    )
    if time is None:
        return ModelAPIClient(settings=settings, rng=random.Random(0))
    return ModelAPIClient(settings=settings, sleep=time.sleep, clock=time.clock, rng=random.Random(0))


def listing(directory: Path) -> list[str]:
    """Every entry in the output directory, hidden ones (temp files) included."""
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def assert_token_only_on_api(api: FakeModelAPI) -> None:
    """Every API call carried the bearer token; no download request carried any Authorization."""
    assert api.api_calls, "the server saw no API call"
    assert all(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in api.api_calls)
    assert all("authorization" not in r.headers for r in api.downloads)


async def run(api: FakeModelAPI, time: FakeTime, out: Path, **kwargs: Any) -> Any:
    async with make_client(
        api, time, **{k: kwargs.pop(k) for k in ("max_bytes", "token") if k in kwargs}
    ) as c:
        return await execute_plan(sample_plan(), client=c, output_dir=out, **kwargs)


# --- the happy path --------------------------------------------------------------------------------


async def test_two_outputs_are_downloaded_whole_with_hashes(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """A healthy job: one submit of the plan's exact body, two whole files + sha256, no token on downloads."""
    events: list[Progress] = []
    plan = sample_plan()
    async with make_client(fake_api, fake_time) as client:
        result = await execute_plan(plan, client=client, output_dir=tmp_path, on_progress=events.append)

    assert len(fake_api.submits) == 1
    assert fake_api.submits[0].path == "/v1/models/google/nano-banana-2/edit"
    assert fake_api.submits[0].json() == plan.body
    assert listing(tmp_path) == ["a.png", "b.png"]
    assert [f.path.read_bytes() for f in result.files] == [PNG, PNG[::-1]]
    assert [f.sha256 for f in result.files] == [
        hashlib.sha256(PNG).hexdigest(),
        hashlib.sha256(PNG[::-1]).hexdigest(),
    ]
    assert [f.bytes for f in result.files] == [len(PNG), len(PNG)]
    assert result.output_urls == [fake_api.file_url("a.png"), fake_api.file_url("b.png")]
    assert (result.route, result.model_id, result.body, result.status) == (
        plan.route,
        plan.model_id,
        plan.body,
        "succeeded",
    )
    assert_token_only_on_api(fake_api)
    assert [e.phase for e in events] == ["submitted", "polling", "polling", "polling", "downloading", "done"]
    assert (events[1].status, events[1].queue_position) == ("in_queue", 1)
    assert result.timings.total_seconds >= result.timings.submit_seconds >= 0


async def test_async_progress_callback_is_awaited_and_its_errors_do_not_stop_the_job(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """An async callback is awaited; a callback that raises is logged and the job still completes."""
    seen: list[str] = []

    async def callback(progress: Progress) -> None:
        seen.append(progress.phase)
        raise RuntimeError("display broke")

    result = await run(fake_api, fake_time, tmp_path, on_progress=callback)
    assert (seen[0], seen[-1]) == ("submitted", "done")
    assert len(result.files) == 2


# --- submit: retried only when the server says it did not take the job ----------------------------------


async def test_submit_429_waits_retry_after_then_submits_once_more(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """429 with Retry-After: 7 on two submits → waits 7 s twice, the third submit creates the only job."""
    fake_api.faults.submit_429 = 2
    fake_api.faults.retry_after = "7"
    await run(fake_api, fake_time, tmp_path)
    assert len(fake_api.submits) == 3
    assert len(fake_api.jobs) == 1
    assert fake_time.sleeps[:2] == [7.0, 7.0]


async def test_submit_429_every_time_gives_rate_limit_error_after_the_bounded_attempts(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """Endless 429 → RateLimitError (exit 75) after SUBMIT_MAX_ATTEMPTS submits, no job, no files."""
    fake_api.faults.submit_429 = 100
    with pytest.raises(RateLimitError) as caught:
        await run(fake_api, fake_time, tmp_path)
    assert caught.value.exit_code == 75
    assert len(fake_api.submits) == SUBMIT_MAX_ATTEMPTS
    assert "wait 1 s" in str(caught.value)
    assert listing(tmp_path) == []


async def test_submit_429_with_a_very_long_retry_after_fails_at_once_naming_the_wait(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """Retry-After: 3600 is not slept through: RateLimitError after one submit, saying how long to wait."""
    fake_api.faults.submit_429 = 1
    fake_api.faults.retry_after = "3600"
    with pytest.raises(RateLimitError, match="wait 60 min"):
        await run(fake_api, fake_time, tmp_path)
    assert len(fake_api.submits) == 1
    assert fake_time.sleeps == []


async def test_submit_503_is_retried_with_backoff(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """503 on submit (not taken) → backoff and re-send; exactly one job is created."""
    fake_api.faults.submit_503 = 2
    result = await run(fake_api, fake_time, tmp_path)
    assert len(fake_api.submits) == 3
    assert list(fake_api.jobs) == [result.request_id]
    assert fake_time.sleeps[0] == pytest.approx(0.75, abs=0.25)  # jittered first step: 0.5-1.0 s
    assert fake_time.sleeps[1] == pytest.approx(1.5, abs=0.5)  # jittered second step: 1.0-2.0 s


async def test_submit_500_is_never_resent(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """500 on submit might have created the job → ServerError (69) after exactly one submit, saying so."""
    fake_api.faults.submit_status = 500
    fake_api.faults.submit_detail = "worker crashed"
    with pytest.raises(ServerError) as caught:
        await run(fake_api, fake_time, tmp_path)
    assert caught.value.exit_code == 69
    assert len(fake_api.submits) == 1
    assert "worker crashed" in str(caught.value)
    assert "not re-sent" in str(caught.value)


async def test_dropped_connection_on_submit_is_ambiguous_and_never_resent(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """The server reads the body then hangs up → AmbiguousSubmitError (75), exactly one submit, no polling."""
    fake_api.faults.submit_drop = True
    with pytest.raises(AmbiguousSubmitError) as caught:
        await run(fake_api, fake_time, tmp_path)
    assert caught.value.exit_code == 75
    assert len(fake_api.submits) == 1
    assert fake_api.status_polls == []
    message = str(caught.value)
    assert "NOT re-sent" in message
    assert "runcomfy-edit status" in message
    assert listing(tmp_path) == []


async def test_connection_refused_reports_nothing_was_sent(fake_time: FakeTime, tmp_path: Path) -> None:
    """No server listening → APIConnectionError (69) saying nothing was sent."""
    with socket.socket() as probe:  # a port that was free a moment ago, with nobody listening now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = APISettings(base_url=f"http://127.0.0.1:{port}/v1", token=SecretStr(TOKEN))
    async with ModelAPIClient(settings=settings, sleep=fake_time.sleep, clock=fake_time.clock) as client:
        with pytest.raises(APIConnectionError, match="nothing was sent") as caught:
            await execute_plan(sample_plan(), client=client, output_dir=tmp_path)
    assert caught.value.exit_code == 69


# --- errors the server states ------------------------------------------------------------------------


async def test_wrong_token_is_an_authentication_error_without_the_token(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """401 → AuthenticationError (77) after one submit; says what to set, never shows the token."""
    with pytest.raises(AuthenticationError) as caught:
        await run(fake_api, fake_time, tmp_path, token="wrong-token-123")
    assert caught.value.exit_code == 77
    assert len(fake_api.submits) == 1
    assert "RUNCOMFY_TOKEN" in str(caught.value)
    assert "wrong-token-123" not in str(caught.value)
    assert "wrong-token-123" not in repr(caught.value)


async def test_missing_token_fails_before_any_request(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """No token configured → AuthenticationError (77) and the server sees nothing."""
    with pytest.raises(AuthenticationError, match="RUNCOMFY_TOKEN"):
        await run(fake_api, fake_time, tmp_path, token=None)
    assert fake_api.requests == []


async def test_422_keeps_the_servers_detail(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """422 → BadRequestError (65) carrying the server's detail, one submit, no retry."""
    fake_api.faults.submit_status = 422
    fake_api.faults.submit_detail = "image_urls.0: URL is not reachable"
    with pytest.raises(BadRequestError, match=r"image_urls\.0: URL is not reachable") as caught:
        await run(fake_api, fake_time, tmp_path)
    assert caught.value.exit_code == 65
    assert len(fake_api.submits) == 1


async def test_http_200_with_an_error_body_is_an_error_with_its_message(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """200 {error_code, error_message} on submit → an error showing the message; no polling, no retry."""
    fake_api.faults.submit_error_body = {"error_code": "INVALID_INPUT", "error_message": "prompt is too long"}
    with pytest.raises(BadRequestError, match="prompt is too long") as caught:
        await run(fake_api, fake_time, tmp_path)
    assert "INVALID_INPUT" in str(caught.value)
    assert len(fake_api.submits) == 1
    assert fake_api.status_polls == []


async def test_failed_job_raises_with_the_servers_text_and_downloads_nothing(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """A job that ends failed → JobFailedError (exit 1) with the server's error text; no download."""
    fake_api.faults.job_error = "NSFW content detected in the output"
    with pytest.raises(JobFailedError, match="NSFW content detected in the output") as caught:
        await run(fake_api, fake_time, tmp_path)
    assert caught.value.exit_code == 1
    assert fake_api.downloads == []
    assert listing(tmp_path) == []


# --- reads retry freely -------------------------------------------------------------------------------


async def test_status_503_is_retried_and_the_job_completes(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """503 on two status polls → retried; the job completes with one submit."""
    fake_api.faults.status_503 = 2
    result = await run(fake_api, fake_time, tmp_path)
    assert len(result.files) == 2
    assert len(fake_api.submits) == 1
    assert len(fake_api.status_polls) == 2 + 3


async def test_status_503_forever_is_a_server_error_after_bounded_retries(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """503 on every status poll → ServerError (69) after READ_MAX_ATTEMPTS polls, still one submit."""
    fake_api.faults.status_503 = 1000
    with pytest.raises(ServerError) as caught:
        await run(fake_api, fake_time, tmp_path)
    assert caught.value.exit_code == 69
    assert len(fake_api.status_polls) == READ_MAX_ATTEMPTS
    assert len(fake_api.submits) == 1


# --- polling ------------------------------------------------------------------------------------------


async def test_polling_backs_off_while_queued_and_is_steady_while_running(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """Queued: 2, 3, 4.5 … s up to the cap; running: every 2 s."""
    fake_api.faults.polls_in_queue = 8
    fake_api.faults.polls_running = 2
    await run(fake_api, fake_time, tmp_path)
    expected_queued = [2.0, 3.0, 4.5, 6.75, 10.125, 15.0, 15.0, 15.0]
    assert fake_time.sleeps == [*expected_queued, POLL_INTERVAL_SECONDS, POLL_INTERVAL_SECONDS]
    assert max(fake_time.sleeps) == POLL_QUEUED_MAX_INTERVAL_SECONDS


async def test_retry_after_on_a_status_answer_is_honoured(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """A status answer with Retry-After: 9 → the next poll waits 9 s, not the 2 s default."""
    fake_api.faults.status_retry_after = "9"
    await run(fake_api, fake_time, tmp_path)
    assert fake_time.sleeps
    assert all(s == 9.0 for s in fake_time.sleeps)


async def test_overall_timeout_stops_waiting_but_leaves_the_job_running(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """A queue that never moves, timeout=30 → APITimeoutError (75) at 30 s, no cancel, a fetch-later hint."""
    fake_api.faults.queue_forever = True
    with pytest.raises(APITimeoutError) as caught:
        await run(fake_api, fake_time, tmp_path, timeout=30)
    assert caught.value.exit_code == 75
    assert sum(fake_time.sleeps) == pytest.approx(30.0)
    assert fake_api.cancels == []
    assert "runcomfy-edit result" in str(caught.value)


async def test_no_wait_returns_right_after_the_submit(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """wait=False → status 'submitted', one submit, no polling; fetch_result later downloads the outputs."""
    async with make_client(fake_api, fake_time) as client:
        submitted = await execute_plan(sample_plan(), client=client, output_dir=tmp_path, wait=False)
        assert (submitted.status, submitted.files) == ("submitted", [])
        assert fake_api.status_polls == []
        finished = await fetch_result(submitted.request_id, client=client, output_dir=tmp_path)
    assert len(fake_api.submits) == 1
    assert finished.request_id == submitted.request_id
    assert listing(tmp_path) == ["a.png", "b.png"]


# --- cancellation -------------------------------------------------------------------------------------


async def _cancel_when(api: FakeModelAPI, task: asyncio.Task[Any], ready: Any) -> None:
    for _ in range(500):
        if ready():
            break
        await asyncio.sleep(0.01)
    task.cancel()


async def test_cancelling_the_task_while_queued_cancels_the_job(
    fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Task cancelled while queued → POST cancel (outcome 'cancelled' reported), CancelledError re-raised."""
    fake_api.faults.queue_forever = True
    events: list[Progress] = []
    async with make_client(fake_api, poll_interval=0.02) as client:
        task = asyncio.ensure_future(
            execute_plan(sample_plan(), client=client, output_dir=tmp_path, on_progress=events.append)
        )
        await _cancel_when(fake_api, task, lambda: len(fake_api.status_polls) >= 2)
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(fake_api.cancels) == 1
    assert next(iter(fake_api.jobs.values())).cancelled
    assert (events[-1].phase, events[-1].status) == ("cancel", "cancelled")
    assert listing(tmp_path) == []


async def test_cancelling_while_running_reports_not_cancellable(
    fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Task cancelled while running → cancel answered not_cancellable (reported), CancelledError re-raised."""
    fake_api.faults.polls_in_queue = 0
    fake_api.faults.polls_running = 10**6
    events: list[Progress] = []
    async with make_client(fake_api, poll_interval=0.02) as client:
        task = asyncio.ensure_future(execute_plan(sample_plan(), client=client, on_progress=events.append))
        await _cancel_when(fake_api, task, lambda: len(fake_api.status_polls) >= 2)
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(fake_api.cancels) == 1
    assert (events[-1].phase, events[-1].status) == ("cancel", "not_cancellable")


async def test_cancelling_during_the_submit_lets_it_land_then_cancels_the_job(
    fake_api: FakeModelAPI, tmp_path: Path
) -> None:
    """Cancelled mid-submit → the submit lands, its job is then cancelled, CancelledError re-raised."""
    fake_api.faults.submit_delay = 0.3
    async with make_client(fake_api) as client:
        task = asyncio.ensure_future(execute_plan(sample_plan(), client=client, output_dir=tmp_path))
        await _cancel_when(fake_api, task, lambda: len(fake_api.submits) >= 1)
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(fake_api.submits) == 1
    assert len(fake_api.cancels) == 1
    assert fake_api.cancels[0].path == f"/v1/requests/{next(iter(fake_api.jobs))}/cancel"


# --- downloads ----------------------------------------------------------------------------------------


async def test_output_url_off_the_allow_list_is_refused_before_any_download(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """An output on an unlisted host → DisallowedHostError; nothing downloaded, not even the good output."""
    fake_api.faults.output_override = {
        "images": [fake_api.file_url("a.png"), "https://cdn.evil.example/x.png"]
    }
    with pytest.raises(DisallowedHostError, match=r"cdn\.evil\.example") as caught:
        await run(fake_api, fake_time, tmp_path)
    assert "runcomfy-edit result" in str(caught.value)
    assert fake_api.downloads == []
    assert listing(tmp_path) == []


async def test_redirect_off_the_allow_list_is_refused_not_followed(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """A 302 to an unlisted host → DisallowedHostError; no file, no temp file."""
    fake_api.faults.outputs = ["a.png"]
    fake_api.faults.redirects = {"a.png": "https://cdn.evil.example/steal.png"}
    with pytest.raises(DisallowedHostError, match="redirects to"):
        await run(fake_api, fake_time, tmp_path)
    assert len(fake_api.downloads) == 1
    assert listing(tmp_path) == []


async def test_redirect_on_the_allow_list_is_followed_without_the_token(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """A 302 to an allowed URL is followed by hand; neither hop carries the token; the name is the URL's."""
    fake_api.faults.outputs = ["a.png"]
    fake_api.faults.redirects = {"a.png": "/files/b.png"}
    result = await run(fake_api, fake_time, tmp_path)
    assert [r.path for r in fake_api.downloads] == ["/files/a.png", "/files/b.png"]
    assert result.files[0].path.read_bytes() == PNG[::-1]
    assert listing(tmp_path) == ["a.png"]
    assert_token_only_on_api(fake_api)


async def test_truncated_body_is_retried_then_fails_leaving_no_partial_file(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """Content-Length larger than the body sent → DOWNLOAD_MAX_ATTEMPTS tries, DownloadError, empty dir."""
    fake_api.faults.outputs = ["a.png"]
    fake_api.faults.truncate = {"a.png"}
    with pytest.raises(DownloadError) as caught:
        await run(fake_api, fake_time, tmp_path)
    assert not isinstance(caught.value, DisallowedHostError)
    assert len(fake_api.downloads) == DOWNLOAD_MAX_ATTEMPTS
    assert listing(tmp_path) == []


@pytest.mark.parametrize("chunked", [False, True], ids=["declared-length", "chunked"])
async def test_body_over_the_cap_is_refused_leaving_no_file(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path, chunked: bool
) -> None:
    """A file over the byte cap (declared, or found while streaming) → DownloadError, not retried, no file."""
    fake_api.faults.outputs = ["a.png"]
    if chunked:
        fake_api.faults.chunked = {"a.png"}
    with pytest.raises(DownloadError, match="RUNCOMFY_EDIT_MAX_DOWNLOAD_BYTES"):
        await run(fake_api, fake_time, tmp_path, max_bytes=1000)
    assert len(fake_api.downloads) == 1
    assert listing(tmp_path) == []


async def test_one_failing_output_leaves_only_complete_files(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """Two outputs, one 404 → DownloadError; whatever is left in the directory is whole; no temp files."""
    fake_api.faults.file_status = {"b.png": 404}
    with pytest.raises(DownloadError, match="HTTP 404"):
        await run(fake_api, fake_time, tmp_path)
    assert not [n for n in listing(tmp_path) if n.startswith(TEMP_PREFIX)]
    assert set(listing(tmp_path)) <= {"a.png"}
    for name in listing(tmp_path):
        assert (tmp_path / name).read_bytes() == PNG


async def test_existing_files_are_not_overwritten_unless_asked(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """An existing a.png is kept and the new one saved as a-2.png; with overwrite=True it is replaced."""
    fake_api.faults.outputs = ["a.png"]
    (tmp_path / "a.png").write_bytes(b"mine")
    first = await run(fake_api, fake_time, tmp_path)
    assert (tmp_path / "a.png").read_bytes() == b"mine"
    assert first.files[0].path.name == "a-2.png"
    second = await run(fake_api, fake_time, tmp_path, overwrite=True)
    assert second.files[0].path.name == "a.png"
    assert (tmp_path / "a.png").read_bytes() == PNG
    assert listing(tmp_path) == ["a-2.png", "a.png"]


async def test_outputs_with_the_same_name_get_distinct_files_in_order(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """Two output URLs ending in the same name → a.png then a-2.png (the first output keeps the name)."""
    fake_api.faults.output_override = [fake_api.file_url("a.png"), fake_api.file_url("a.png?variant=2")]
    result = await run(fake_api, fake_time, tmp_path)
    assert [f.path.name for f in result.files] == ["a.png", "a-2.png"]
    assert listing(tmp_path) == ["a-2.png", "a.png"]


async def test_an_output_dir_that_is_a_file_is_refused_before_the_submit(
    fake_api: FakeModelAPI, fake_time: FakeTime, tmp_path: Path
) -> None:
    """The output dir is a file → InputError naming it before anything is paid: no submit, file untouched."""
    blocker = tmp_path / "out"
    blocker.write_bytes(b"not a directory")
    with pytest.raises(InputError, match="exists and is not a directory"):
        await run(fake_api, fake_time, blocker)
    assert blocker.read_bytes() == b"not a directory"
    assert fake_api.submits == []
