"""Atomic file writes: a temp file in the target's directory, fsync, then rename over."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write data (str as UTF-8) to path so readers see either the old file or the whole new one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        payload = data.encode("utf-8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        payload = bytes(data)
    else:
        raise TypeError(f"write_atomic needs bytes or str, not {type(data).__name__}")
    tmp = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.",
                                      suffix=".tmp", delete=False)
    try:
        with tmp:
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        # NamedTemporaryFile creates 0600 files; keep an existing file's mode, else a readable one.
        os.chmod(tmp.name, _mode_for(target))
        os.replace(tmp.name, target)
    except BaseException:
        try:
            os.unlink(tmp.name)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(target.parent)
    return target


def _mode_for(target: Path) -> int:
    """Permission bits for the new file: those of the file it replaces, else rw-r--r--."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o644


def _fsync_dir(directory: Path) -> None:
    """Persist the rename itself; not every platform lets a directory be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["write_atomic"]
