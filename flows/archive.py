"""The archive_news Prefect flow: read listings, fetch and convert new or changed articles, index them."""
from __future__ import annotations

import hashlib
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator
from urllib import robotparser
from urllib.parse import unquote, urlsplit

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from document.walk import document_text
from extractors import feeds as feedlib
from extractors.errors import FetchError, SourceError
from extractors.fetch import check_url, fetch
from flows import archive_layout as layout
from flows import archive_state as st
from flows.archive_config import ArchiveConfig, load_config

NEW, UPDATED, SKIPPED, FAILED, BLOCKED, DEFERRED, GAVE_UP = (
    "new", "updated", "skipped", "failed", "blocked", "deferred", "gave_up")
PHASES = ("fetch", "extract", "convert", "write")
_NETWORK = re.compile(r"timed out|connection failed|HTTP (5\d\d|429)\b")


@dataclass
class ArticleResult:
    """What happened to one article in a run."""
    url: str
    outcome: str
    title: str = ""
    error: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


class HostGate:
    """Per-host concurrency limit and a minimum delay between request starts to one host."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host, self.delay = per_host, delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Hold one of the host's slots, starting no sooner than `delay` after the previous request."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with sem:
            if self.delay > 0:
                with self._lock:
                    start = max(time.monotonic(), self._next.get(host, 0.0))
                    self._next[host] = start + self.delay
                time.sleep(max(0.0, start - time.monotonic()))
            yield


@dataclass
class RunContext:
    """Shared, read-mostly state of one run (handed to every article task)."""
    cfg: ArchiveConfig
    store: st.Store
    root: Path
    gate: HostGate
    robots: dict[str, robotparser.RobotFileParser | str] = field(default_factory=dict)
    robots_lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, headers: dict[str, str] | None = None):
        """Fetch politely (host gate) with the run's limits; no in-fetch retries (the task retries)."""
        with self.gate.slot(url):
            return fetch(url, timeout=self.cfg.timeout, user_agent=self.cfg.user_agent, retries=0,
                         headers=headers, allow_private_hosts=self.cfg.allow_private_hosts)


def is_network_error(exc: BaseException) -> bool:
    """True for failures worth retrying soon: timeouts, refused connections, 5xx and 429."""
    return isinstance(exc, FetchError) and bool(_NETWORK.search(exc.reason))


def _http_status(exc: FetchError) -> int | None:
    match = re.search(r"HTTP (\d{3})", exc.reason)
    return int(match.group(1)) if match else None


def robots_allows(ctx: RunContext, url: str) -> bool:
    """Whether robots.txt lets our user agent fetch url (fetched once per host and run)."""
    parts = urlsplit(url)
    key = f"{parts.scheme}://{parts.netloc}"
    with ctx.robots_lock:
        rules = ctx.robots.get(key)
        if rules is None:
            rules = ctx.robots[key] = _read_robots(ctx, key)
    if isinstance(rules, str):  # robots.txt unreachable: RFC 9309 says assume complete disallow
        raise FetchError(url, f"robots.txt unreachable ({rules}); not fetched")
    return rules.can_fetch(ctx.cfg.user_agent, url)


def _read_robots(ctx: RunContext, base: str) -> robotparser.RobotFileParser | str:
    parser = robotparser.RobotFileParser(base + "/robots.txt")
    try:
        got = ctx.get(base + "/robots.txt")
    except FetchError as exc:
        status = _http_status(exc)
        if status is not None and 400 <= status < 500:
            parser.allow_all = True   # no robots.txt: everything allowed
            return parser
        return exc.reason
    parser.parse(got.content.decode("utf-8", errors="replace").splitlines())
    return parser


def _loaded(got, url: str):
    from flows.pipeline import Loaded

    name = PurePosixPath(unquote(urlsplit(got.final_url).path)).name
    ctype = got.headers.get("content-type")
    if ctype is None or "html" in ctype.lower() or "xml" in ctype.lower():
        kind = "html"
    else:
        from extractors.sniff import sniff_kind

        kind = sniff_kind(name, got.content)   # raises ExtractionError for binary/unknown
    return Loaded(url, kind, got.content, got.final_url, name, ctype)


def process_article(ctx: RunContext, entry: feedlib.Entry) -> ArticleResult:
    """Fetch one article; convert and write it when new or changed; record the outcome in the store."""
    from converter import Options
    from flows import pipeline

    url, timings = entry.url, {}
    article = ctx.store.get(url) or ctx.store.see(url, title=entry.title, published=entry.published)
    if ctx.cfg.robots and not robots_allows(ctx, url):
        ctx.store.record_blocked(url, "disallowed by robots.txt")
        return ArticleResult(url, BLOCKED, article.title or entry.title, "disallowed by robots.txt")
    have_files = bool(article.outputs) and all((ctx.root / rel).exists() for rel in article.outputs.values())
    headers = {}
    if have_files and article.etag:
        headers["If-None-Match"] = article.etag
    if have_files and article.last_modified:
        headers["If-Modified-Since"] = article.last_modified
    started = time.perf_counter()
    got = ctx.get(url, headers)
    timings["fetch"] = time.perf_counter() - started
    if got.status == 304 and have_files:
        ctx.store.record_unchanged(url, etag=got.etag, last_modified=got.last_modified)
        return ArticleResult(url, SKIPPED, article.title or "", outputs=article.outputs, timings=timings)

    started = time.perf_counter()
    doc = pipeline.extract(_loaded(got, url))
    fingerprint = hashlib.sha256(document_text(doc).encode("utf-8")).hexdigest()
    timings["extract"] = time.perf_counter() - started
    title = doc.meta.title or entry.title or article.title or ""
    if have_files and fingerprint == article.fingerprint:
        ctx.store.record_unchanged(url, etag=got.etag, last_modified=got.last_modified,
                                   canonical_url=doc.meta.url)
        return ArticleResult(url, SKIPPED, title, outputs=article.outputs, timings=timings)

    started = time.perf_counter()
    doc.meta.title = title
    doc.meta.url = doc.meta.url or url
    published = article.published or entry.published or doc.meta.date
    doc.meta.date = doc.meta.date or published
    converted = pipeline.convert_doc(doc, Options(style=ctx.cfg.style))
    timings["convert"] = time.perf_counter() - started

    started = time.perf_counter()
    # The first conversion fixes the article's place; later versions overwrite it and keep copies.
    stem = article.stem or (layout.date_dir(published, article.first_seen) + "/"
                            + layout.slug_for(url, pipeline.make_slug(None, url)))
    previous = None
    if article.version and have_files:
        previous = layout.keep_previous(ctx.root, article.outputs, article.version)
    written = pipeline.write_outputs(converted, ctx.root / PurePosixPath(stem).parent,
                                     PurePosixPath(stem).name, ctx.cfg.formats, ctx.cfg.style)
    outputs = {fmt: Path(path).resolve().relative_to(ctx.root).as_posix() for fmt, path in written.items()}
    site = doc.meta.site or urlsplit(url).hostname
    ctx.store.record_converted(url, fingerprint=fingerprint, outputs=outputs, stem=stem, title=title,
                               site=site, published=published, canonical_url=doc.meta.url,
                               etag=got.etag, last_modified=got.last_modified,
                               previous_outputs=previous)
    timings["write"] = time.perf_counter() - started
    return ArticleResult(url, UPDATED if article.version else NEW, title, outputs=outputs, timings=timings)


def _retry_on_network_error(_task: Any, _task_run: Any, state: Any) -> bool:
    try:
        state.result()
    except Exception as exc:  # noqa: BLE001 (we only classify it)
        return is_network_error(exc)
    return False


@task(name="archive-article", cache_policy=NO_CACHE, persist_result=False,
      retry_condition_fn=_retry_on_network_error,
      task_run_name="article {entry.url}")
def archive_article(ctx: RunContext, entry: feedlib.Entry) -> ArticleResult:
    """One article: fetch, extract, convert and write when new or changed (retried on network errors)."""
    return process_article(ctx, entry)


def _listing_fetcher(ctx: RunContext):
    def fetcher(source: str) -> tuple[bytes, str | None]:
        if not feedlib.is_http_url(source):
            if "://" in source:
                raise FetchError(source, "only http and https links are allowed")
            try:
                return Path(source).read_bytes(), None
            except OSError as exc:
                raise FetchError(source, f"cannot read URL list ({exc.strerror or exc})") from None
        got = ctx.get(source)
        return got.content, got.headers.get("content-type")
    return fetcher


def plan(ctx: RunContext, entries: list[feedlib.Entry]) -> tuple[list[feedlib.Entry], list[ArticleResult]]:
    """Which listed entries and due retries to process now; the rest reported as deferred/given up."""
    work: list[feedlib.Entry] = []
    held: list[ArticleResult] = []
    now = st.utcnow()
    listed = set()
    for entry in entries:
        listed.add(entry.url)
        try:
            check_url(entry.url, allow_private_hosts=True)   # scheme/host sanity; privacy checked on fetch
        except FetchError as exc:
            held.append(ArticleResult(entry.url, FAILED, entry.title, str(exc)))
            continue
        article = ctx.store.see(entry.url, title=entry.title or None, published=entry.published,
                                site=urlsplit(entry.url).hostname)
        if article.status == st.GAVE_UP:
            held.append(ArticleResult(entry.url, GAVE_UP, article.title or "",
                                      f"gave up after {article.attempts} attempts: {article.last_error}"))
        elif article.status == st.FAILED and article.next_attempt_at and article.next_attempt_at > now:
            held.append(ArticleResult(entry.url, DEFERRED, article.title or "",
                                      f"next attempt after {article.next_attempt_at:%Y-%m-%d %H:%M} UTC "
                                      f"({article.attempts} failed): {article.last_error}"))
        else:
            work.append(entry)
    for article in ctx.store.due_retries(now):   # failed articles no longer listed still get retried
        if article.url not in listed:
            work.append(feedlib.Entry(article.url, article.title or "", article.published, "retry"))
    return work, held


def summary_markdown(summary: dict[str, Any]) -> str:
    """The run summary as Markdown: counts, then new/updated/failed items with links and errors."""
    results = [ArticleResult(**r) for r in summary["results"]]
    by = {k: [r for r in results if r.outcome == k] for k in (NEW, UPDATED, SKIPPED, FAILED, BLOCKED,
                                                             DEFERRED, GAVE_UP)}
    lines = [f"# Archive run {summary['started']}", "",
             f"Archive: `{summary['out']}`", "",
             "| new | updated | skipped | failed | blocked | deferred | given up | listing errors |",
             "|---|---|---|---|---|---|---|---|",
             f"| {len(by[NEW])} | {len(by[UPDATED])} | {len(by[SKIPPED])} | {len(by[FAILED])} | "
             f"{len(by[BLOCKED])} | {len(by[DEFERRED])} | {len(by[GAVE_UP])} | {len(summary['listing_errors'])} |",
             ""]

    def title(r: ArticleResult) -> str:
        return (r.title or r.url).replace("[", "(").replace("]", ")")

    for key, heading in ((NEW, "New"), (UPDATED, "Updated")):
        if by[key]:
            lines += [f"## {heading}", ""]
            lines += [f"- [{title(r)}]({r.url}) → " + ", ".join(f"`{p}`" for p in r.outputs.values())
                      for r in by[key]]
            lines.append("")
    failed = by[FAILED] + by[GAVE_UP] + by[DEFERRED] + by[BLOCKED]
    if failed or summary["listing_errors"]:
        lines += ["## Failed", ""]
        lines += [f"- listing: {err}" for err in summary["listing_errors"]]
        lines += [f"- {r.outcome}: [{title(r)}]({r.url}): {r.error}" for r in failed]
        lines.append("")
    t = summary["timings"]
    lines.append("Time: " + ", ".join(f"{p} {t.get(p, 0.0):.1f}s" for p in PHASES)
                 + f"; total {summary['seconds']:.1f}s")
    return "\n".join(lines) + "\n"


@flow(name="archive_news", log_prints=False)
def archive_news(config_path: str | None = None, feeds: list[str] | None = None,
                 sitemaps: list[str] | None = None, url_lists: list[str] | None = None,
                 out: str | None = None, allow_private_hosts: bool | None = None,
                 settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Archive every new or changed article of the configured feeds, sitemaps and URL lists."""
    started_wall, started = time.time(), time.perf_counter()
    overrides = dict(settings or {})
    overrides.update(feeds=feeds, sitemaps=sitemaps, url_lists=url_lists, out=out,
                     allow_private_hosts=allow_private_hosts)
    cfg = load_config(config_path, overrides)
    root = Path(cfg.out)
    root.mkdir(parents=True, exist_ok=True)
    logger = get_run_logger()
    store = st.open_store(cfg.database or st.default_url(root))
    ctx = RunContext(cfg, store, root, HostGate(cfg.per_host_concurrency, cfg.delay))
    try:
        sources = ([(u, None) for u in cfg.feeds] + [(u, "sitemap") for u in cfg.sitemaps]
                   + [(u, "urls") for u in cfg.url_lists])
        entries, listing_errors = feedlib.collect(sources, _listing_fetcher(ctx))
        work, results = plan(ctx, entries)
        logger.info("%d listed, %d to check, %d held back", len(entries), len(work), len(results))
        results += _run_tasks(ctx, work)
        published = store.published_articles()
        layout.write_index(root, published, page_size=cfg.page_size, feed_size=cfg.feed_size)
        layout.remove_stale_temp_files(root, older_than=started_wall)
    finally:
        store.dispose()
    timings = {p: sum(r.timings.get(p, 0.0) for r in results) for p in PHASES}
    summary = {"started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started_wall)),
               "out": str(root), "results": [asdict(r) for r in results],
               "listing_errors": [str(e) for e in listing_errors], "timings": timings,
               "seconds": time.perf_counter() - started,
               "counts": {k: sum(r.outcome == k for r in results)
                          for k in (NEW, UPDATED, SKIPPED, FAILED, BLOCKED, DEFERRED, GAVE_UP)}}
    summary["markdown"] = summary_markdown(summary)
    try:
        create_markdown_artifact(summary["markdown"], key="archive-run-summary",
                                 description="new, updated, skipped and failed articles of this run")
    except Exception as exc:  # noqa: BLE001 (the archive itself is done; the artifact is a report)
        logger.warning("could not store the run summary artifact: %s", exc)
    logger.info("archive run: %s", summary["counts"])
    return summary


def _run_tasks(ctx: RunContext, work: list[feedlib.Entry]) -> list[ArticleResult]:
    """Submit one task per entry with at most cfg.concurrency running; record final failures."""
    cfg = ctx.cfg
    runner = archive_article.with_options(
        retries=cfg.task_retries,
        retry_delay_seconds=[cfg.task_retry_delay * 2 ** i for i in range(cfg.task_retries)] or 0)
    slots = threading.BoundedSemaphore(cfg.concurrency)
    futures = []
    for entry in work:
        slots.acquire()
        future = runner.submit(ctx, entry)
        future.add_done_callback(lambda _f: slots.release())
        futures.append((entry, future))
    results = []
    for entry, future in futures:
        outcome = future.result(raise_on_failure=False)
        if isinstance(outcome, ArticleResult):
            results.append(outcome)
            continue
        error = str(outcome) if isinstance(outcome, SourceError) else f"{entry.url}: {type(outcome).__name__}: {outcome}"
        row = ctx.store.record_failure(entry.url, error, max_attempts=cfg.max_attempts,
                                       backoff=cfg.retry_backoff)
        kind = GAVE_UP if row.status == st.GAVE_UP else FAILED
        results.append(ArticleResult(entry.url, kind, row.title or entry.title, error))
    return results
