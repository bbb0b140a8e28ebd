"""The archive state store behaves the same on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from flows import archive_state as st


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh, empty store on each backend."""
    if request.param == "sqlite":
        s = st.open_store(st.default_url(tmp_path))
        assert (tmp_path / st.STATE_FILE).exists()
        yield s
        s.dispose()
        return
    server = request.getfixturevalue("postgres_url")
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    s = st.open_store(server.rsplit("/", 1)[0] + "/" + name)
    assert s.engine.dialect.name == "postgresql"
    yield s
    s.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name}"))
    admin.dispose()


URL = "https://news.example.kr/a/1"


def test_see_inserts_pending_once_and_fills_missing_facts(store):
    first = store.see(URL, title=None, published=None, site="news.example.kr")
    assert first.status == st.PENDING and first.version == 0 and first.outputs == {}
    again = store.see(URL, title="제목", published="2024-05-01T09:00:00")
    assert again.first_seen == first.first_seen
    assert again.title == "제목" and again.published == "2024-05-01T09:00:00"
    assert store.see(URL, title="다른 제목").title == "제목"   # a listing never overwrites facts
    assert len(store.articles()) == 1


def test_conversion_then_new_version_keeps_previous(store):
    store.see(URL, published="2024-05-01")
    a = store.record_converted(URL, fingerprint="f1", outputs={"html": "2024/05/01/a.html"},
                               stem="2024/05/01/a", title="첫 판", site="s", published="2024-05-01",
                               canonical_url=URL, etag='"e1"', last_modified=None)
    assert (a.status, a.version, a.fingerprint, a.etag) == (st.CONVERTED, 1, "f1", '"e1"')
    assert store.versions(URL) == []
    b = store.record_converted(URL, fingerprint="f2", outputs={"html": "2024/05/01/a.html"},
                               stem="2024/05/01/a", title="둘째 판", site="s", published="2024-05-02",
                               canonical_url=URL, etag='"e2"', last_modified=None,
                               previous_outputs={"html": "2024/05/01/a.v1.html"})
    assert (b.version, b.fingerprint, b.title) == (2, "f2", "둘째 판")
    assert b.published == "2024-05-01"          # the first date fixes where the article lives
    old = store.versions(URL)
    assert [(v.version, v.fingerprint, v.title, v.outputs) for v in old] == \
        [(1, "f1", "첫 판", {"html": "2024/05/01/a.v1.html"})]
    assert store.published_articles()[0].url == URL


def test_failures_back_off_and_give_up(store):
    store.see(URL)
    f1 = store.record_failure(URL, "HTTP 500", max_attempts=3, backoff=60)
    assert (f1.status, f1.attempts, f1.last_error) == (st.FAILED, 1, "HTTP 500")
    assert f1.next_attempt_at is not None
    assert store.due_retries() == []                                    # not yet due
    assert [a.url for a in store.due_retries(f1.next_attempt_at + timedelta(seconds=1))] == [URL]
    f2 = store.record_failure(URL, "timed out", max_attempts=3, backoff=60)
    assert f2.attempts == 2
    assert (f2.next_attempt_at - f2.last_fetched) == timedelta(seconds=120)  # doubles
    f3 = store.record_failure(URL, "timed out", max_attempts=3, backoff=60)
    assert (f3.status, f3.next_attempt_at) == (st.GAVE_UP, None)
    assert store.due_retries(f2.next_attempt_at + timedelta(days=1)) == []
    assert store.counts() == {st.GAVE_UP: 1}


def test_success_after_failure_resets_attempts(store):
    store.see(URL)
    store.record_failure(URL, "boom", backoff=0)
    assert [a.url for a in store.due_retries()] == [URL]
    a = store.record_converted(URL, fingerprint="f", outputs={"html": "x.html"}, stem="x", title="t",
                               site=None, published=None, canonical_url=None, etag=None,
                               last_modified="Wed, 01 May 2024 00:00:00 GMT")
    assert (a.status, a.attempts, a.last_error, a.next_attempt_at) == (st.CONVERTED, 0, None, None)
    store.record_unchanged(URL, etag='"z"')
    again = store.get(URL)
    assert again.etag == '"z"' and again.last_modified == "Wed, 01 May 2024 00:00:00 GMT"
    assert again.version == 1


def test_blocked_does_not_hide_converted_article(store):
    store.see(URL)
    store.see(URL + "b")
    store.record_converted(URL, fingerprint="f", outputs={"html": "x.html"}, stem="x", title="t",
                           site=None, published=None, canonical_url=None, etag=None, last_modified=None)
    store.record_blocked(URL, "robots.txt")
    store.record_blocked(URL + "b", "robots.txt")
    assert store.get(URL).status == st.CONVERTED
    assert store.get(URL + "b").status == st.BLOCKED


def test_ordering_and_concurrent_writers(store):
    dates = {f"https://e.kr/{i}": f"2024-05-{i + 1:02d}" for i in range(20)}

    def work(url: str, date: str) -> None:
        store.see(url, published=date)
        store.record_converted(url, fingerprint=url, outputs={"html": url[-2:] + ".html"}, stem=url,
                               title=url, site=None, published=date, canonical_url=None, etag=None,
                               last_modified=None)

    threads = [threading.Thread(target=work, args=item) for item in dates.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    listed = store.articles(st.CONVERTED)
    assert [a.published for a in listed] == sorted(dates.values(), reverse=True)
    assert store.counts() == {st.CONVERTED: 20}


def test_reopen_sees_same_data(store):
    store.see(URL, title="유지")
    url = store.engine.url.render_as_string(hide_password=False)
    other = st.open_store(url)
    try:
        assert other.get(URL).title == "유지"
        assert other.get("https://nope.kr/") is None
    finally:
        other.dispose()
