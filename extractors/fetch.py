"""Fetch a URL over HTTP(S) with timeouts, redirect, size and host limits, and retries."""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import httpx

from extractors.errors import FetchError

DEFAULT_USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/124.0 Safari/537.36 gukhan/0.1")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
BACKOFF_SECONDS = 0.5       # first retry delay; doubles each time
MAX_RETRY_AFTER = 30.0      # never sleep longer than this on a Retry-After header


@dataclass
class Fetched:
    """A fetched response: where it was asked for and ended, status, headers and body."""
    url: str
    final_url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


class _Transient(Exception):
    """A failure worth retrying; carries the one-line reason and an optional wait."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _reason(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
            or ip.is_multicast or ip.is_unspecified)


def check_url(url: str, allow_private_hosts: bool = True) -> None:
    """Refuse non-HTTP(S) URLs and, unless allowed, hosts resolving to private addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"unsupported URL scheme {parts.scheme or '(none)'!r}; only http and https")
    if not parts.hostname:
        raise FetchError(url, "URL has no host")
    if allow_private_hosts:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host {parts.hostname}: {exc}") from None
    for info in infos:
        if _is_private(info[4][0]):
            raise FetchError(url, f"host {parts.hostname} resolves to a private or local address "
                                  f"({info[4][0]}); refused")


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return None


def _read_body(response: httpx.Response, url: str, max_bytes: int, deadline: float,
               timeout: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"response too large ({int(declared)} bytes > limit {max_bytes})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"response too large (over limit of {max_bytes} bytes)")
        if time.monotonic() > deadline:
            raise _Transient(f"timed out after {timeout:g}s")
        chunks.append(chunk)
    return b"".join(chunks)


def _attempt(client: httpx.Client, url: str, *, timeout: float, max_bytes: int,
             max_redirects: int, headers: dict[str, str], allow_private_hosts: bool) -> Fetched:
    current = url
    for _hop in range(max_redirects + 1):
        check_url(current, allow_private_hosts)
        # One deadline per hop also bounds a server that trickles bytes forever.
        deadline = time.monotonic() + timeout * 3
        try:
            with client.stream("GET", current, headers=headers) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(url, f"{_reason(status)} without a Location header")
                    current = urljoin(current, location)
                    continue
                lower = {k.lower(): v for k, v in response.headers.items()}
                if status == 304:
                    return Fetched(url, current, 304, lower, b"", lower.get("etag"),
                                   lower.get("last-modified"))
                if status in RETRY_STATUSES:
                    raise _Transient(_reason(status), _retry_after(lower.get("retry-after")))
                if status >= 400:
                    raise FetchError(url, _reason(status))
                body = _read_body(response, url, max_bytes, deadline, timeout)
                return Fetched(url, current, status, lower, body, lower.get("etag"),
                               lower.get("last-modified"))
        except httpx.TimeoutException:
            raise _Transient(f"timed out after {timeout:g}s") from None
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Transient(f"connection failed ({type(exc).__name__}: {exc})") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {exc}") from None
    raise FetchError(url, f"too many redirects (more than {max_redirects})")


def fetch(url: str, *, timeout: float = 20.0, max_bytes: int = 20_000_000, max_redirects: int = 5,
          user_agent: str = DEFAULT_USER_AGENT, retries: int = 2, headers: dict[str, str] | None = None,
          allow_private_hosts: bool = True) -> Fetched:
    """GET a URL; raises FetchError with a one-line reason naming the URL."""
    check_url(url, allow_private_hosts)
    sent = {"User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"}
    sent.update(headers or {})
    last = "failed"
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as client:
        for attempt in range(retries + 1):
            try:
                return _attempt(client, url, timeout=timeout, max_bytes=max_bytes,
                                max_redirects=max_redirects, headers=sent,
                                allow_private_hosts=allow_private_hosts)
            except _Transient as exc:
                last = exc.reason
                if attempt < retries:
                    time.sleep(exc.wait if exc.wait is not None else BACKOFF_SECONDS * 2 ** attempt)
    suffix = f" (after {retries + 1} attempts)" if retries else ""
    raise FetchError(url, last + suffix)
