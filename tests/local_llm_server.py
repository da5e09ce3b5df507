"""Session fixture: a real llama-cpp-python server with the cached local model, on a free loopback port.

Registered from tests/conftest.py. The model comes from `make local-llm`; when it is missing the
fixture fails (not skips) so CI cannot go green without having exercised the real LLM.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCAL_LLM_SCRIPT = REPO_ROOT / "scripts" / "local_llm.py"

STARTUP_TIMEOUT_S = 120.0
POLL_INTERVAL_S = 0.25
STOP_TIMEOUT_S = 10.0
STDERR_TAIL_LINES = 30

# The classifier's system prompt is ~2-3k tokens plus schema, request and answer; 8192 leaves room
# and the KV cache of a 0.5B model at that size is only ~100 MB.
N_CTX = 8192
# CI machines have 2 cores; more threads than cores only adds contention.
N_THREADS = 2


def cached_model_path() -> Path:
    """Ask scripts/local_llm.py (the single owner of the cache location) for the verified model."""
    result = subprocess.run(
        [sys.executable, str(LOCAL_LLM_SCRIPT), "path"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        # The script's own one-line error already says to run `make local-llm`.
        detail = result.stderr.strip() or f"{LOCAL_LLM_SCRIPT.name} path exited {result.returncode}"
        pytest.fail(f"local LLM model unavailable: {detail}", pytrace=False)
    return Path(result.stdout.strip())


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(model: Path, port: int) -> list[str]:
    # No --chat_format: the server then uses the GGUF's own chat template (Qwen's ChatML variant),
    # which is what the model was tuned on.
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(N_CTX),
        "--n_threads",
        str(N_THREADS),
        "--n_threads_batch",
        str(N_THREADS),
    ]


def tail(path: Path, lines: int = STDERR_TAIL_LINES) -> str:
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def wait_until_ready(process: subprocess.Popen[bytes], base_url: str, stderr_path: Path) -> None:
    """Poll GET /v1/models until it answers 200; fail early if the server dies, late if it hangs."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"llama_cpp.server exited with {process.returncode} before answering; stderr tail:\n"
                f"{tail(stderr_path)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        time.sleep(POLL_INTERVAL_S)
    pytest.fail(
        f"llama_cpp.server did not answer {base_url}/models within {STARTUP_TIMEOUT_S:.0f} s; stderr tail:\n"
        f"{tail(stderr_path)}",
        pytrace=False,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def local_llm_base_url() -> Iterator[str]:
    """Base URL (`http://127.0.0.1:PORT/v1`) of a llama-cpp-python server running the local model."""
    model = cached_model_path()
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.fail(
            f"llama-cpp-python is not installed in {sys.executable}; run `make local-llm`", pytrace=False
        )
    port = free_loopback_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    # stderr goes to a file, not a pipe: the server logs a lot and a full pipe would block it.
    with tempfile.TemporaryDirectory(prefix="local-llm-server-") as log_dir:
        stderr_path = Path(log_dir) / "stderr.log"
        with stderr_path.open("wb") as stderr_file:
            process = subprocess.Popen(
                server_command(model, port), stdout=subprocess.DEVNULL, stderr=stderr_file
            )
            try:
                wait_until_ready(process, base_url, stderr_path)
                yield base_url
            finally:
                stop(process)
