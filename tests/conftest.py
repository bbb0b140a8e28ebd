"""Shared pytest fixtures."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# A route answers (status, headers, body), optionally with a 4th item: seconds to wait first
# (float("inf") = never answer). A callable route gets the request handler and returns the same.
Answer = tuple
Route = Answer | Callable[[BaseHTTPRequestHandler], Answer]


@dataclass
class LocalServer:
    """A test HTTP server on 127.0.0.1 serving `routes` (path -> answer)."""
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """Start a threaded HTTP server on 127.0.0.1; tests fill `.routes`."""
    stop = threading.Event()
    routes: dict[str, Route] = {}
    log: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = routes.get(self.path)
            if route is None:
                answer: Answer = (404, {"Content-Type": "text/plain"}, b"not found")
            else:
                answer = route(self) if callable(route) else route
            status, headers, body = answer[:3]
            delay = answer[3] if len(answer) > 3 else 0
            if delay:
                stop.wait(None if delay == float("inf") else delay)
                if stop.is_set():
                    return
            if isinstance(body, str):
                body = body.encode("utf-8")
            self.send_response(status)
            for key, value in headers.items():
                if value is not None:  # None = leave the header out (body ends at close)
                    self.send_header(key, value)
            if not any(k.lower() == "content-length" for k in headers):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", routes, log)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
