"""Settings of `gukhan archive`: archive.toml, then environment, then command-line overrides."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from extractors.fetch import DEFAULT_USER_AGENT

ENV_ALLOW_PRIVATE = "GUKHAN_ALLOW_PRIVATE_HOSTS"
STYLES = ("hanja", "hanja-hangul", "hangul-hanja", "ruby")
FORMATS = ("html", "docx")


@dataclass
class ArchiveConfig:
    """Everything one archive run needs to know."""
    feeds: list[str] = field(default_factory=list)      # RSS/Atom feeds, or sites' home pages
    sitemaps: list[str] = field(default_factory=list)   # sitemaps, news sitemaps, sitemap indexes
    url_lists: list[str] = field(default_factory=list)  # files or URLs with one article URL a line
    out: str = "archive"
    formats: list[str] = field(default_factory=lambda: ["html", "docx"])
    style: str = "hanja-hangul"
    schedule: str | None = "*/30 * * * *"              # cron for `archive serve`
    concurrency: int = 4
    per_host_concurrency: int = 2
    delay: float = 1.0                                  # seconds between requests to one host
    robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_hosts: bool = False
    database: str | None = None                         # SQLAlchemy URL; default ARCHIVE/state.sqlite3
    max_attempts: int = 5                               # failed articles are given up after this many
    retry_backoff: float = 600.0                        # seconds before the first retry on a later run
    task_retries: int = 2                               # in-run retries on network errors
    task_retry_delay: float = 2.0                       # first in-run retry delay; doubles
    timeout: float = 20.0
    page_size: int = 100                                # index entries per page
    feed_size: int = 50                                 # entries in feed.xml

    def validate(self) -> "ArchiveConfig":
        """Raise ValueError with a clear message for a setting that cannot work."""
        bad = [f for f in self.formats if f not in FORMATS]
        if bad or not self.formats:
            raise ValueError(f"formats: unknown {bad or 'none given'}; choose from {', '.join(FORMATS)}")
        if self.style not in STYLES:
            raise ValueError(f"style: unknown {self.style!r}; choose from {', '.join(STYLES)}")
        for name in ("concurrency", "per_host_concurrency", "max_attempts", "page_size", "feed_size"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be at least 1")
        for name in ("delay", "retry_backoff", "task_retry_delay", "timeout"):
            if float(getattr(self, name)) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.task_retries < 0:
            raise ValueError("task_retries must not be negative")
        if not (self.feeds or self.sitemaps or self.url_lists):
            raise ValueError("nothing to archive: give feeds, sitemaps or url_lists")
        return self


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def read_toml(path: str | Path) -> dict[str, Any]:
    """The settings of an archive.toml (an [archive] table or top-level keys); paths made absolute."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML ({exc})") from None
    data = data.get("archive", data)
    known = {f.name for f in fields(ArchiveConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    base = path.resolve().parent
    if "out" in data:
        data["out"] = str(base / data["out"])
    if "url_lists" in data:
        data["url_lists"] = [u if "://" in u else str(base / u) for u in data["url_lists"]]
    if isinstance(data.get("database"), str) and data["database"].startswith("sqlite:///") \
            and not data["database"].startswith("sqlite:////"):
        data["database"] = "sqlite:///" + str(base / data["database"][len("sqlite:///"):])
    return data


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> ArchiveConfig:
    """Defaults, then the TOML file, then GUKHAN_ALLOW_PRIVATE_HOSTS, then non-empty overrides."""
    values: dict[str, Any] = read_toml(path) if path else {}
    if _truthy(os.environ.get(ENV_ALLOW_PRIVATE, "")):
        values["allow_private_hosts"] = True
    for key, value in (overrides or {}).items():
        if value is None or value == [] or value is False and key == "allow_private_hosts":
            continue
        values[key] = value
    try:
        cfg = ArchiveConfig(**values)
    except TypeError as exc:
        raise ValueError(f"bad archive settings: {exc}") from None
    cfg = replace(cfg, out=str(Path(cfg.out).resolve()), formats=list(cfg.formats),
                  feeds=list(cfg.feeds), sitemaps=list(cfg.sitemaps), url_lists=list(cfg.url_lists))
    return cfg.validate()
