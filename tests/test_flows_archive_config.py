"""archive.toml reading, environment and command-line precedence, and clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from flows.archive_config import load_config

ROOT = Path(__file__).resolve().parent.parent


def test_example_config_loads_with_paths_relative_to_it(tmp_path, monkeypatch):
    monkeypatch.delenv("GUKHAN_ALLOW_PRIVATE_HOSTS", raising=False)
    cfg_file = tmp_path / "archive.toml"
    cfg_file.write_text((ROOT / "archive.example.toml").read_text(encoding="utf-8"), encoding="utf-8")
    cfg = load_config(cfg_file)
    assert cfg.out == str(tmp_path / "archive")
    assert cfg.formats == ["html", "docx"] and cfg.robots and not cfg.allow_private_hosts
    assert cfg.schedule == "*/30 * * * *" and cfg.database is None


def test_precedence_env_then_overrides(tmp_path, monkeypatch):
    cfg_file = tmp_path / "a.toml"
    cfg_file.write_text('feeds = ["https://e.kr/rss"]\nurl_lists = ["list.txt"]\ndelay = 3\n'
                        'database = "sqlite:///state/db.sqlite3"\n', encoding="utf-8")
    monkeypatch.setenv("GUKHAN_ALLOW_PRIVATE_HOSTS", "1")
    cfg = load_config(cfg_file, {"delay": 0.0, "feeds": None, "out": str(tmp_path / "o")})
    assert cfg.allow_private_hosts and cfg.delay == 0.0 and cfg.feeds == ["https://e.kr/rss"]
    assert cfg.url_lists == [str(tmp_path / "list.txt")]
    assert cfg.database == f"sqlite:///{tmp_path / 'state/db.sqlite3'}"
    monkeypatch.delenv("GUKHAN_ALLOW_PRIVATE_HOSTS")
    assert not load_config(cfg_file).allow_private_hosts


@pytest.mark.parametrize("text,message", [
    ('feeds = ["https://e.kr/"]\nfromats = ["html"]\n', "unknown setting(s) fromats"),
    ('feeds = ["https://e.kr/"]\nformats = ["pdf"]\n', "formats: unknown"),
    ('feeds = ["https://e.kr/"]\nstyle = "kanji"\n', "style: unknown"),
    ('feeds = ["https://e.kr/"]\nconcurrency = 0\n', "concurrency must be at least 1"),
    ("out = 'x'\n", "nothing to archive"),
    ("feeds = [\n", "invalid TOML"),
])
def test_bad_settings_are_named(tmp_path, text, message):
    cfg_file = tmp_path / "bad.toml"
    cfg_file.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(cfg_file)
