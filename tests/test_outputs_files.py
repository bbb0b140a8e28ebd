"""Tests for outputs.files.write_atomic."""
from __future__ import annotations

import os
import stat

import pytest

from outputs import files
from outputs.files import write_atomic


def test_writes_str_as_utf8_and_returns_path(tmp_path):
    target = tmp_path / "a.html"
    result = write_atomic(target, "國漢文 한글")
    assert result == target
    assert target.read_bytes() == "國漢文 한글".encode("utf-8")


def test_writes_bytes_and_creates_parent_dirs(tmp_path):
    target = tmp_path / "x" / "y" / "out.docx"
    write_atomic(str(target), b"\x00\x01PK")
    assert target.read_bytes() == b"\x00\x01PK"
    assert sorted(os.listdir(target.parent)) == ["out.docx"]


def test_replaces_existing_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["out.txt"]


def test_new_file_is_not_private_temp_mode(tmp_path):
    target = tmp_path / "fresh.txt"
    write_atomic(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_failure_during_write_leaves_old_target_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "out.html"
    target.write_text("previous complete file")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "x" * 100_000)
    assert target.read_text() == "previous complete file"
    assert os.listdir(tmp_path) == ["out.html"]


def test_failure_leaves_no_partial_new_target(tmp_path, monkeypatch):
    target = tmp_path / "new.html"

    def broken_replace(src, dst):
        raise PermissionError("denied")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(PermissionError):
        write_atomic(target, b"data")
    assert not target.exists()
    assert os.listdir(tmp_path) == []


def test_interrupt_mid_write_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "out.bin"
    real_ntf = files.tempfile.NamedTemporaryFile

    class Exploding:
        def __init__(self, **kw):
            self._f = real_ntf(**kw)
            self.name = self._f.name

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._f.close()

        def write(self, data):
            self._f.write(data[: len(data) // 2])
            raise KeyboardInterrupt

        def flush(self):
            self._f.flush()

        def fileno(self):
            return self._f.fileno()

    monkeypatch.setattr(files.tempfile, "NamedTemporaryFile", Exploding)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"abcdefgh")
    assert os.listdir(tmp_path) == []


def test_rejects_non_bytes(tmp_path):
    with pytest.raises(TypeError):
        write_atomic(tmp_path / "n", 5)  # type: ignore[arg-type]
    assert os.listdir(tmp_path) == []
