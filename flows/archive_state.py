"""The archive's state store: one row per article URL plus its previous versions (SQLite or PostgreSQL)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (JSON, Column, DateTime, Integer, MetaData, String, Table, Text, create_engine,
                        event, func, insert, select, update)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

STATE_FILE = "state.sqlite3"
CONVERTED, FAILED, GAVE_UP, PENDING, BLOCKED = "converted", "failed", "gave_up", "pending", "blocked"

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("url", String(2048), primary_key=True),   # normalised
    Column("canonical_url", Text),
    Column("first_seen", DateTime, nullable=False),
    Column("last_fetched", DateTime),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("fingerprint", String(64)),                # sha256 of the extracted main text
    Column("status", String(16), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime),
    Column("last_error", Text),
    Column("title", Text),
    Column("site", Text),
    Column("published", String(32), index=True),      # ISO date or datetime
    Column("stem", Text),                             # YYYY/MM/DD/<slug>, fixed once first written
    Column("outputs", JSON),                          # format -> path relative to the archive
    Column("version", Integer, nullable=False, default=0),
)

versions = Table(
    "versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2048), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("fingerprint", String(64)),
    Column("title", Text),
    Column("fetched", DateTime),
    Column("outputs", JSON),
    Column("archived_at", DateTime, nullable=False),
)


@dataclass
class Article:
    """One row of the articles table."""
    url: str
    first_seen: datetime
    status: str
    attempts: int = 0
    version: int = 0
    canonical_url: str | None = None
    last_fetched: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    fingerprint: str | None = None
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    title: str | None = None
    site: str | None = None
    published: str | None = None
    stem: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class Version:
    """A previous version of an article."""
    url: str
    version: int
    fingerprint: str | None
    title: str | None
    fetched: datetime | None
    outputs: dict[str, str]
    archived_at: datetime


def utcnow() -> datetime:
    """Now in UTC, naive (the form every timestamp column holds)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def default_url(archive_dir: str | Path) -> str:
    """SQLAlchemy URL of the default store: a SQLite file in the archive folder."""
    return f"sqlite:///{Path(archive_dir).resolve() / STATE_FILE}"


def _row(mapping: Any, cls: type) -> Any:
    names = {f.name for f in fields(cls)}
    data = {k: v for k, v in dict(mapping).items() if k in names}
    if "outputs" in data and data["outputs"] is None:
        data["outputs"] = {}
    return cls(**data)


class Store:
    """Reads and writes archive state through one SQLAlchemy engine (thread-safe)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time; queueing our own threads avoids busy-lock retries.
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._lock, self.engine.begin() as conn:
            yield conn

    # --- reading -------------------------------------------------------------------------------
    def get(self, url: str) -> Article | None:
        """The article row for a normalised URL, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.url == url)).mappings().first()
        return _row(row, Article) if row else None

    def articles(self, status: str | None = None) -> list[Article]:
        """Articles (optionally of one status), newest publication first."""
        query = select(articles)
        if status:
            query = query.where(articles.c.status == status)
        query = query.order_by(articles.c.published.desc(), articles.c.url)
        with self.engine.connect() as conn:
            return [_row(r, Article) for r in conn.execute(query).mappings()]

    def published_articles(self) -> list[Article]:
        """Articles that have converted outputs (also ones whose latest refetch failed)."""
        return [a for a in self.articles() if a.outputs]

    def due_retries(self, now: datetime | None = None) -> list[Article]:
        """Failed articles whose next attempt is due."""
        now = now or utcnow()
        query = (select(articles).where(articles.c.status == FAILED)
                 .where((articles.c.next_attempt_at.is_(None)) | (articles.c.next_attempt_at <= now))
                 .order_by(articles.c.url))
        with self.engine.connect() as conn:
            return [_row(r, Article) for r in conn.execute(query).mappings()]

    def versions(self, url: str) -> list[Version]:
        """Previous versions of an article, oldest first."""
        query = select(versions).where(versions.c.url == url).order_by(versions.c.version)
        with self.engine.connect() as conn:
            return [_row(r, Version) for r in conn.execute(query).mappings()]

    def counts(self) -> dict[str, int]:
        """Number of articles per status."""
        query = select(articles.c.status, func.count()).group_by(articles.c.status)
        with self.engine.connect() as conn:
            return {status: n for status, n in conn.execute(query)}

    # --- writing -------------------------------------------------------------------------------
    def see(self, url: str, *, title: str | None = None, published: str | None = None,
            site: str | None = None) -> Article:
        """Insert a newly listed URL as pending (or fill in missing listing facts); return its row."""
        now = utcnow()
        with self._write() as conn:
            row = conn.execute(select(articles).where(articles.c.url == url)).mappings().first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(articles).values(
                            url=url, first_seen=now, status=PENDING, attempts=0, version=0,
                            title=title or None, published=published, site=site, outputs={}))
                except IntegrityError:  # another worker listed it at the same moment
                    pass
            else:
                changes = {k: v for k, v in (("title", title), ("published", published), ("site", site))
                           if v and not row[k]}
                if changes:
                    conn.execute(update(articles).where(articles.c.url == url).values(**changes))
        article = self.get(url)
        assert article is not None
        return article

    def record_converted(self, url: str, *, fingerprint: str, outputs: dict[str, str], stem: str,
                         title: str | None, site: str | None, published: str | None,
                         canonical_url: str | None, etag: str | None, last_modified: str | None,
                         previous_outputs: dict[str, str] | None = None) -> Article:
        """Record a fresh conversion; the replaced version (if any) goes to the versions table."""
        now = utcnow()
        with self._write() as conn:
            row = _locked_row(conn, url, now)
            version = row["version"] or 0
            if version and previous_outputs is not None:
                conn.execute(insert(versions).values(
                    url=url, version=version, fingerprint=row["fingerprint"], title=row["title"],
                    fetched=row["last_fetched"], outputs=previous_outputs, archived_at=now))
            conn.execute(update(articles).where(articles.c.url == url).values(
                status=CONVERTED, attempts=0, next_attempt_at=None, last_error=None,
                last_fetched=now, fingerprint=fingerprint, outputs=outputs, stem=stem,
                title=title or row["title"], site=site or row["site"],
                published=row["published"] or published, canonical_url=canonical_url,
                etag=etag, last_modified=last_modified, version=version + 1))
        return self.get(url)  # type: ignore[return-value]

    def record_unchanged(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                         canonical_url: str | None = None) -> None:
        """A refetch that found the same content (304 or same fingerprint)."""
        values: dict[str, Any] = {"last_fetched": utcnow(), "attempts": 0, "next_attempt_at": None,
                                  "last_error": None, "status": CONVERTED}
        if etag is not None:
            values["etag"] = etag
        if last_modified is not None:
            values["last_modified"] = last_modified
        if canonical_url:
            values["canonical_url"] = canonical_url
        with self._write() as conn:
            conn.execute(update(articles).where(articles.c.url == url).values(**values))

    def record_blocked(self, url: str, reason: str) -> None:
        """An article we may not fetch (robots.txt); not retried until the rule changes."""
        with self._write() as conn:
            conn.execute(update(articles).where(articles.c.url == url)
                         .where(articles.c.status != CONVERTED)
                         .values(status=BLOCKED, last_error=reason, last_fetched=utcnow()))

    def record_failure(self, url: str, error: str, *, max_attempts: int = 5,
                       backoff: float = 600.0) -> Article:
        """Count a failed attempt; schedule the next one with exponential backoff, or give up."""
        now = utcnow()
        with self._write() as conn:
            attempts = (_locked_row(conn, url, now)["attempts"] or 0) + 1
            status = GAVE_UP if attempts >= max_attempts else FAILED
            wait = backoff * 2 ** (attempts - 1)
            conn.execute(update(articles).where(articles.c.url == url).values(
                status=status, attempts=attempts, last_error=error, last_fetched=now,
                next_attempt_at=None if status == GAVE_UP else now + timedelta(seconds=wait)))
        return self.get(url)  # type: ignore[return-value]

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


def _locked_row(conn, url: str, now: datetime):
    """The article's row, locked for update; a new pending row when the URL is not known yet."""
    row = conn.execute(select(articles).where(articles.c.url == url).with_for_update()).mappings().first()
    if row is None:
        conn.execute(insert(articles).values(url=url, first_seen=now, status=PENDING,
                                             attempts=0, version=0, outputs={}))
        row = conn.execute(select(articles).where(articles.c.url == url)).mappings().one()
    return row


def open_store(url: str) -> Store:
    """Open (and create the tables of) the store at a SQLAlchemy URL or a SQLite file path."""
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # WAL lets the index builder read while article tasks write; a crash loses nothing committed.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()
    else:
        engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    return Store(engine)
