"""The archive_news flow against a local site: incremental runs, versions, failures, kill and resume."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from flows import archive_state as st
from flows.archive import archive_news

ROOT = Path(__file__).resolve().parent.parent

TOPICS = ["국회는 오늘 본회의를 열고 경제 정책에 관한 법률안을 통과시켰다.",
          "정부는 이번 조치가 국민 생활 안정에 도움이 될 것이라고 밝혔다.",
          "대통령은 기자회견에서 교육 개혁의 필요성을 강조했다.",
          "전문가들은 사회적 합의가 무엇보다 중요하다고 지적했다.",
          "지방 자치 단체는 예산 집행 계획을 발표했다."]


def article_html(n: int, extra: str = "") -> str:
    """An article page with boilerplate around a few paragraphs of Korean text."""
    paras = "".join(f"<p>{TOPICS[(n + i) % len(TOPICS)]} {TOPICS[(n + i + 2) % len(TOPICS)]}</p>"
                    for i in range(3))
    return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>기사 {n}호</title></head>'
            f"<body><header><nav>정치 경제 사회</nav></header><article><h1>기사 {n}호</h1>{paras}"
            f"{f'<p>{extra}</p>' if extra else ''}</article><footer>무단 전재 금지</footer></body></html>")


class Site:
    """A local news site: a feed and its articles, answering conditional GETs with ETags."""

    def __init__(self, server) -> None:
        self.server = server
        self.pages: dict[str, str | tuple] = {}
        self.order: list[str] = []
        server.routes["/feed.xml"] = self._feed

    def add(self, path: str, body: str | tuple) -> None:
        self.pages[path] = body
        if path not in self.order:
            self.order.append(path)
        self.server.routes[path] = lambda handler, p=path: self._page(handler, p)

    def _feed(self, _handler):
        items = "".join(f"<item><title>기사 {i}</title><link>{self.server.url(p)}?utm_source=rss</link>"
                        f"<pubDate>Wed, 0{1 + i % 3} May 2024 12:00:00 +0900</pubDate></item>"
                        for i, p in enumerate(self.order))
        body = (f'<?xml version="1.0" encoding="EUC-KR"?><rss version="2.0"><channel><title>시험 신문</title>'
                f"{items}</channel></rss>").encode("cp949")
        return 200, {"Content-Type": "application/rss+xml"}, body

    def _page(self, handler, path):
        page = self.pages[path]
        if isinstance(page, tuple):      # a raw answer: (status, headers, body[, delay])
            return page
        body = page.encode("utf-8")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, body

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.server.requests if p.split("?")[0] == path]


@pytest.fixture(scope="module")
def prefect_api():
    """A throwaway Prefect API for in-process flow runs."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


FAST = {"delay": 0.0, "formats": ["html"], "task_retries": 1, "task_retry_delay": 0.05,
        "retry_backoff": 0.0, "timeout": 2.0, "concurrency": 3}


def run(site: Site, out: Path, **settings) -> dict:
    return archive_news(feeds=[site.server.url("/feed.xml")], out=str(out), allow_private_hosts=True,
                        settings={**FAST, **settings})


def html_files(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("20*/**/*.html"))


def assert_archive_sound(out: Path, expected: int) -> None:
    """No temp files, every HTML parses, the index links each article once and every link resolves."""
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    for page in html_files(out) + [out / "index.html"]:
        text = page.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), page
        lxml_html.document_fromstring(text)
    index = lxml_html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    titles = index.xpath("//tbody/tr/td[2]/a/@href")
    assert len(titles) == len(set(titles)) == expected
    for href in titles:
        assert (out / href).is_file()
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == expected


def test_incremental_runs_new_item_and_changed_article(prefect_api, local_server, tmp_path):
    site = Site(local_server)
    for n in range(3):
        site.add(f"/news/{n}.html", article_html(n))
    out = tmp_path / "archive"

    first = run(site, out)
    assert first["counts"]["new"] == 3 and first["counts"]["failed"] == 0
    files = html_files(out)
    assert len(files) == 3
    assert {p.parent.relative_to(out).as_posix() for p in files} <= {"2024/05/01", "2024/05/02", "2024/05/03"}
    assert all("國會" in p.read_text(encoding="utf-8") or "政府" in p.read_text(encoding="utf-8")
               for p in files)
    assert_archive_sound(out, 3)
    stamps = {p: p.stat().st_mtime_ns for p in files}

    second = run(site, out)
    assert second["counts"] == {**second["counts"], "new": 0, "updated": 0, "skipped": 3}
    assert all(h.get("if-none-match") for h in site.hits("/news/0.html")[1:])   # conditional GET
    assert {p: p.stat().st_mtime_ns for p in html_files(out)} == stamps

    site.add("/news/3.html", article_html(3))
    third = run(site, out)
    assert (third["counts"]["new"], third["counts"]["skipped"]) == (1, 3)
    assert [r["url"] for r in third["results"] if r["outcome"] == "new"] == [local_server.url("/news/3.html")]
    assert_archive_sound(out, 4)

    site.add("/news/1.html", article_html(1, extra="추가 보도: 국회 의장은 오후에 담화를 발표했다."))
    fourth = run(site, out)
    assert (fourth["counts"]["updated"], fourth["counts"]["skipped"]) == (1, 3)
    updated = next(r for r in fourth["results"] if r["outcome"] == "updated")
    current = out / updated["outputs"]["html"]
    old = current.with_name(current.stem + ".v1.html")
    assert old.is_file() and "談話" not in old.read_text(encoding="utf-8")
    assert "談話" in current.read_text(encoding="utf-8")
    store = st.open_store(st.default_url(out))
    row = store.get(local_server.url("/news/1.html"))
    assert row.version == 2 and [v.version for v in store.versions(row.url)] == [1]
    store.dispose()
    assert_archive_sound(out, 4)
    assert "v2" in (out / "index.html").read_text(encoding="utf-8")


def test_failures_are_isolated_reported_and_retried(prefect_api, local_server, tmp_path):
    site = Site(local_server)
    site.add("/ok.html", article_html(0))
    site.add("/error.html", (500, {"Content-Type": "text/plain"}, b"oops"))
    site.add("/slow.html", (200, {"Content-Type": "text/html"}, article_html(1), 5))
    site.add("/garbage.html", (200, {"Content-Type": "application/octet-stream"}, bytes(range(256)) * 8))
    local_server.routes["/broken-feed.xml"] = (500, {}, b"down")
    out = tmp_path / "archive"

    summary = archive_news(feeds=[site.server.url("/feed.xml"), site.server.url("/broken-feed.xml")],
                           out=str(out), allow_private_hosts=True, settings={**FAST, "timeout": 1.0})
    by_url = {r["url"].rsplit("/", 1)[1]: r for r in summary["results"]}
    assert by_url["ok.html"]["outcome"] == "new"
    for name in ("error.html", "slow.html", "garbage.html"):
        assert by_url[name]["outcome"] == "failed", by_url[name]
    assert "HTTP 500" in by_url["error.html"]["error"]
    assert "timed out" in by_url["slow.html"]["error"]
    assert by_url["garbage.html"]["error"]
    md = summary["markdown"]
    for name in ("error.html", "slow.html", "garbage.html"):
        assert by_url[name]["error"] in md
    assert "broken-feed.xml: HTTP 500" in md
    assert len(site.hits("/error.html")) == 2          # retried once in-run (network error)
    assert len(site.hits("/garbage.html")) == 1        # not a network error: no in-run retry

    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["archive-run-summary"])))
    assert any(by_url["error.html"]["error"] in (a.data or "") for a in artifacts)

    store = st.open_store(st.default_url(out))
    assert store.get(local_server.url("/error.html")).status == st.FAILED
    assert store.get(local_server.url("/error.html")).attempts == 1

    site.add("/error.html", article_html(2))
    site.add("/slow.html", article_html(3))
    site.add("/garbage.html", article_html(4))
    again = run(site, out)
    assert again["counts"]["new"] == 3 and again["counts"]["failed"] == 0
    assert store.counts() == {st.CONVERTED: 4}
    store.dispose()
    assert_archive_sound(out, 4)


def test_failed_articles_back_off_and_give_up(prefect_api, local_server, tmp_path):
    site = Site(local_server)
    site.add("/ok.html", article_html(0))
    site.add("/gone.html", (404, {}, b"no"))
    out = tmp_path / "archive"
    first = run(site, out, retry_backoff=3600, max_attempts=2)
    assert [r["outcome"] for r in first["results"] if "gone" in r["url"]] == ["failed"]
    second = run(site, out, retry_backoff=3600, max_attempts=2)
    gone = [r for r in second["results"] if "gone" in r["url"]]
    assert gone[0]["outcome"] == "deferred" and "HTTP 404" in gone[0]["error"]
    assert len(site.hits("/gone.html")) == 1            # not fetched while backing off
    store = st.open_store(st.default_url(out))          # an hour passes
    with store.engine.begin() as conn:
        conn.execute(st.articles.update().values(next_attempt_at=st.utcnow()))
    store.dispose()
    third = run(site, out, retry_backoff=0, max_attempts=2)
    assert [r["outcome"] for r in third["results"] if "gone" in r["url"]] == ["gave_up"]
    fourth = run(site, out, retry_backoff=0, max_attempts=2)
    assert [r["outcome"] for r in fourth["results"] if "gone" in r["url"]] == ["gave_up"]
    assert len(site.hits("/gone.html")) == 2
    assert "gave up after 2 attempts" in fourth["markdown"]


def test_robots_and_private_hosts(prefect_api, local_server, tmp_path, monkeypatch):
    site = Site(local_server)
    site.add("/open/1.html", article_html(0))
    site.add("/private/2.html", article_html(1))
    local_server.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"},
                                          b"User-agent: *\nDisallow: /private/\n")
    out = tmp_path / "archive"
    summary = run(site, out)
    outcome = {r["url"].split("/")[-2]: r["outcome"] for r in summary["results"]}
    assert outcome == {"open": "new", "private": "blocked"}
    assert site.hits("/private/2.html") == []
    assert run(site, out, robots=False)["counts"]["new"] == 1

    monkeypatch.delenv("GUKHAN_ALLOW_PRIVATE_HOSTS", raising=False)
    refused = archive_news(feeds=[site.server.url("/feed.xml")], out=str(tmp_path / "other"),
                           settings=FAST)
    assert refused["listing_errors"] and "private or local address" in refused["listing_errors"][0]
    assert refused["results"] == []


def _prefect_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PYTHONPATH=str(ROOT))
    return env


def test_killed_run_is_finished_by_the_next(local_server, tmp_path):
    site = Site(local_server)
    total = 12
    for n in range(total):
        site.add(f"/k/{n}.html", article_html(n))
    out = tmp_path / "archive"
    cmd = [sys.executable, "-m", "flows.cli", "archive", "run", "--feed", local_server.url("/feed.xml"),
           "--out", str(out), "--allow-private-hosts", "--delay", "0.4", "--concurrency", "2"]
    proc = subprocess.Popen(cmd, env=_prefect_env(tmp_path), cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while len(html_files(out)) < 3:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the first run wrote nothing in time"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done_before = len(html_files(out))
    assert done_before < total, "the run finished before it could be killed"
    # What a writer killed between its temp file and the rename leaves behind:
    leftover = html_files(out)[0].parent / ".half.html.k1l2e3d4.tmp"
    leftover.write_text("<html><body>절반")
    os.utime(leftover, (time.time() - 5, time.time() - 5))

    again = subprocess.run(cmd, env=_prefect_env(tmp_path), cwd=ROOT, capture_output=True, text=True,
                           timeout=600)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    files = html_files(out)
    assert len(files) == total and not [p for p in files if ".v" in p.name]
    assert_archive_sound(out, total)
    store = st.open_store(st.default_url(out))
    assert store.counts() == {st.CONVERTED: total}
    assert all(a.version == 1 for a in store.articles())
    store.dispose()
