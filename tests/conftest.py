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


# --- A throwaway PostgreSQL server (Debian's binaries) for the archive state store tests. ---

def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """SQLAlchemy URL of a fresh PostgreSQL server started for this session (fails if it cannot start)."""
    import glob
    import os
    import shutil
    import subprocess
    import tempfile

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = bins[-1] if bins else shutil.which("initdb")
    if not initdb:
        pytest.fail("PostgreSQL is not installed (no initdb): run scripts/test-deps.sh "
                    "(installs Debian's postgresql package)")
    bindir = os.path.dirname(initdb)
    data = tempfile.mkdtemp(prefix="gukhan-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        import pwd
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root and there is no 'postgres' user to run PostgreSQL as")
        os.chown(data, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    pg_ctl = [*as_user, os.path.join(bindir, "pg_ctl"), "-D", data]
    try:
        subprocess.run([*as_user, initdb, "-D", data, "-A", "trust", "-U", "postgres",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True, text=True)
        subprocess.run([*pg_ctl, "-w", "-t", "60", "-l", os.path.join(data, "server.log"), "-o",
                        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                       check=True, capture_output=True, text=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        log = os.path.join(data, "server.log")
        if os.path.exists(log):
            detail += "\n" + open(log, encoding="utf-8", errors="replace").read()[-2000:]
        shutil.rmtree(data, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL from {bindir}: {detail.strip()}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


# --- One temporary Prefect backend (SQLite in a temp dir) for every flow test of the session. ---

@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Run flows against a throwaway local Prefect database; started once, on first use."""
    from prefect.testing.utilities import prefect_test_harness

    # Starting the temporary API server can be slow on a busy 2-core machine.
    with prefect_test_harness(server_startup_timeout=120):
        yield
