"""Write a file so readers never see half of it: a temp file in the same folder, then a rename.

Only a regular file (or a new path) is ever replaced. A symlink is written through: its target is
replaced, the link stays. A FIFO, a device, a socket or a directory is refused (an `OSError` whose
message says what the path is), never replaced: as root, "replace" would swap out /dev/null.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_text_atomic"]


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` atomically and return the path.

    The temp file lives beside the target because `os.replace` is only atomic within one file system.
    On any failure the temp file is removed and the old `path` (if any) is left untouched.
    """
    target = _regular_target(Path(path))
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; a report is an ordinary file, readable like the user's others.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _regular_target(path: Path) -> Path:
    """The file to replace: `path`, or the file its symlinks lead to; refuse anything but a regular file."""
    resolved = path.resolve() if path.is_symlink() else path
    try:
        mode = os.stat(resolved).st_mode
    except FileNotFoundError:
        return resolved  # a new path (or a dangling link's target): created fresh
    if stat.S_ISREG(mode):
        return resolved
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise OSError(errno.EINVAL, f"it is {kind}, not a regular file: give a file path", str(path))
