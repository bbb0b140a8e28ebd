"""Tests for extractors.fetch against a local HTTP server."""
from __future__ import annotations

import time

import pytest

from extractors import fetch as fetch_mod
from extractors.errors import FetchError
from extractors.fetch import DEFAULT_USER_AGENT, fetch

PAGE = "<html><head><meta charset='utf-8'><title>시험</title></head><body><p>국회 본회의</p></body></html>"


def test_fetch_ok_sends_user_agent_and_lowercases_headers(local_server):
    local_server.routes["/a"] = (200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"',
                                       "Last-Modified": "Wed, 01 May 2024 00:00:00 GMT"}, PAGE)
    got = fetch(local_server.url("/a"))
    assert got.status == 200
    assert got.content.decode("utf-8") == PAGE
    assert got.headers["content-type"].startswith("text/html")
    assert got.etag == '"v1"' and got.last_modified.startswith("Wed")
    ua = local_server.requests[0][1]["user-agent"]
    assert ua == DEFAULT_USER_AGENT and "gukhan" in ua and ua.startswith("Mozilla/5.0")


def test_404_is_one_line_error_naming_url(local_server):
    url = local_server.url("/missing")
    with pytest.raises(FetchError) as info:
        fetch(url, retries=0)
    assert str(info.value) == f"{url}: HTTP 404 Not Found"
    assert info.value.source == url and "\n" not in str(info.value)


def test_timeout_when_server_never_answers(local_server):
    local_server.routes["/hang"] = (200, {}, b"x", float("inf"))
    url = local_server.url("/hang")
    start = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(url, timeout=0.3, retries=0)
    assert time.monotonic() - start < 5
    assert str(info.value) == f"{url}: timed out after 0.3s"


def test_redirect_followed_and_loop_refused(local_server):
    local_server.routes["/old"] = (301, {"Location": "/new"}, b"")
    local_server.routes["/new"] = (200, {"Content-Type": "text/html"}, PAGE)
    got = fetch(local_server.url("/old"))
    assert got.final_url == local_server.url("/new") and got.url == local_server.url("/old")
    local_server.routes["/loop1"] = (302, {"Location": "/loop2"}, b"")
    local_server.routes["/loop2"] = (302, {"Location": "/loop1"}, b"")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(local_server.url("/loop1"), max_redirects=3)
    assert sum(1 for path, _ in local_server.requests if path.startswith("/loop")) == 4


def test_oversized_body_refused_with_and_without_length(local_server):
    big = b"a" * 50_000
    local_server.routes["/big"] = (200, {"Content-Type": "text/html"}, big)
    with pytest.raises(FetchError, match="too large"):
        fetch(local_server.url("/big"), max_bytes=10_000)
    # No Content-Length at all: the streamed read must stop at the limit.
    local_server.routes["/big2"] = (200, {"Content-Type": "text/html", "Content-Length": None}, big)
    with pytest.raises(FetchError, match="over limit of 10000 bytes"):
        fetch(local_server.url("/big2"), max_bytes=10_000)
    assert fetch(local_server.url("/big2"), max_bytes=60_000).content == big


def test_retries_transient_status_then_succeeds(local_server, monkeypatch):
    monkeypatch.setattr(fetch_mod, "BACKOFF_SECONDS", 0.01)
    calls = {"n": 0}

    def flaky(_handler):
        calls["n"] += 1
        return (503, {}, b"busy") if calls["n"] < 3 else (200, {"Content-Type": "text/html"}, PAGE)

    local_server.routes["/flaky"] = flaky
    assert fetch(local_server.url("/flaky"), retries=2).status == 200
    assert calls["n"] == 3
    calls["n"] = 0
    with pytest.raises(FetchError, match=r"HTTP 503 Service Unavailable \(after 2 attempts\)"):
        fetch(local_server.url("/flaky"), retries=1)


def test_conditional_get_returns_304_without_error(local_server):
    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return (304, {"ETag": '"v1"'}, b"")
        return (200, {"ETag": '"v1"'}, PAGE)

    local_server.routes["/c"] = conditional
    first = fetch(local_server.url("/c"))
    again = fetch(local_server.url("/c"), headers={"If-None-Match": first.etag})
    assert first.status == 200 and again.status == 304
    assert again.content == b"" and again.etag == '"v1"'


def test_scheme_and_private_hosts(local_server):
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd")
    local_server.routes["/p"] = (200, {}, PAGE)
    with pytest.raises(FetchError, match="private or local address"):
        fetch(local_server.url("/p"), allow_private_hosts=False)
    assert local_server.requests == []
    for url in ("http://10.0.0.1/admin", "http://169.254.169.254/latest", "http://[::1]:8080/"):
        with pytest.raises(FetchError, match="private or local address"):
            fetch_mod.check_url(url, allow_private_hosts=False)
    fetch_mod.check_url("http://10.0.0.1/admin", allow_private_hosts=True)
