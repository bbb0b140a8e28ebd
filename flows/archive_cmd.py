"""`gukhan archive run|serve`: archive news feeds once, or on a schedule through Prefect."""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from flows.archive_config import ENV_ALLOW_PRIVATE, FORMATS, STYLES, load_config

DEPLOYMENT = "archive-news"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register `run` and `serve` with their options."""
    sub = parser.add_subparsers(dest="action", required=True)
    run_p = sub.add_parser("run", help="archive once and exit",
                           description="Fetch the feeds, convert new or changed articles, update the index.")
    serve_p = sub.add_parser("serve", help="archive on a schedule (Prefect)",
                             description="Serve the archive_news flow on a cron or interval schedule. "
                                         "Without PREFECT_API_URL a local Prefect server is started.")
    for p in (run_p, serve_p):
        p.add_argument("--config", help="archive.toml with feeds, out, formats, schedule, ...")
        p.add_argument("--feed", action="append", default=[], metavar="URL",
                       help="RSS/Atom feed, or a site's home page announcing one (repeatable)")
        p.add_argument("--sitemap", action="append", default=[], metavar="URL",
                       help="sitemap, news sitemap or sitemap index (repeatable)")
        p.add_argument("--url-list", action="append", default=[], metavar="FILE_OR_URL",
                       help="file or URL listing one article URL a line (repeatable)")
        p.add_argument("--out", help="archive folder (default from config, else ./archive)")
        p.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                       help="output format (repeatable; default html and docx)")
        p.add_argument("--style", choices=STYLES, help="how converted words are written")
        p.add_argument("--concurrency", type=int, help="articles processed at once")
        p.add_argument("--delay", type=float, help="seconds between requests to one host")
        p.add_argument("--no-robots", action="store_true", help="do not honour robots.txt")
        p.add_argument("--database", help="SQLAlchemy URL of the state store "
                                          "(default sqlite in the archive folder)")
        p.add_argument("--allow-private-hosts", action="store_true",
                       help=f"allow links to loopback/private addresses (also {ENV_ALLOW_PRIVATE}=1)")
    when = serve_p.add_mutually_exclusive_group()
    when.add_argument("--cron", help='cron schedule, e.g. "*/30 * * * *" (default from config)')
    when.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS instead")


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for key in ("formats", "style", "concurrency", "delay", "database"):
        if getattr(args, key, None) is not None:
            settings[key] = getattr(args, key)
    if args.no_robots:
        settings["robots"] = False
    return settings


def _flow_parameters(args: argparse.Namespace) -> dict[str, Any]:
    params = {"config_path": str(Path(args.config).resolve()) if args.config else None,
              "feeds": args.feed or None, "sitemaps": args.sitemap or None,
              "url_lists": [u if "://" in u else str(Path(u).resolve()) for u in args.url_list] or None,
              "out": str(Path(args.out).resolve()) if args.out else None,
              "allow_private_hosts": True if args.allow_private_hosts else None,
              "settings": _settings(args) or None}
    return {k: v for k, v in params.items() if v is not None}


def run(args: argparse.Namespace) -> int:
    """Entry point of `gukhan archive`."""
    params = _flow_parameters(args)
    try:
        cfg = load_config(params.get("config_path"), {**params.get("settings", {}),
                                                     **{k: v for k, v in params.items()
                                                        if k not in ("config_path", "settings")}})
    except ValueError as exc:
        print(f"gukhan archive: error: {exc}", file=sys.stderr)
        return 2
    if args.action == "serve":
        return serve(cfg, params, cron=args.cron, interval=args.interval)
    from flows.archive import archive_news

    summary = archive_news(**params)
    print(summary["markdown"])
    counts = summary["counts"]
    return 1 if counts["failed"] or counts["gave_up"] or summary["listing_errors"] else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_local_server(home: Path, timeout: float = 180.0) -> tuple[subprocess.Popen, str]:
    """Start `prefect server start` on a free local port with its own PREFECT_HOME; wait until healthy."""
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "ab")
    prefect_bin = Path(sys.executable).with_name("prefect")
    command = [str(prefect_bin) if prefect_bin.exists() else "prefect", "server", "start",
               "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    api = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(proc, api, home, timeout)
    except BaseException:   # also SIGTERM/Ctrl-C while waiting: never leave the server behind
        stop_local_server(proc)
        raise
    return proc, api


def _wait_healthy(proc: subprocess.Popen, api: str, home: Path, timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (home / "server.log").read_text(errors="replace")[-1500:]
            raise RuntimeError(f"prefect server exited with {proc.returncode}:\n{tail}")
        try:
            if httpx.get(api + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"prefect server at {api} not healthy after {timeout:g}s "
                       f"(log: {home / 'server.log'})")


def stop_local_server(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """Terminate the server's process group; kill it if it does not stop in time."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def serve(cfg, params: dict[str, Any], *, cron: str | None, interval: float | None) -> int:
    """Serve archive_news on a schedule until SIGTERM/SIGINT; own a local Prefect server if needed."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    def _terminate(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt   # the runner's own handler replaces this once it runs

    previous = signal.signal(signal.SIGTERM, _terminate)
    server = None
    api = os.environ.get("PREFECT_API_URL")
    if not api:
        try:
            server, api = start_local_server(Path(cfg.out) / ".prefect")
        except RuntimeError as exc:
            print(f"gukhan archive serve: error: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
        finally:
            if server is None:
                signal.signal(signal.SIGTERM, previous)
    schedule: dict[str, Any] = ({"interval": interval} if interval else {"cron": cron or cfg.schedule})
    if not any(schedule.values()):
        schedule = {"cron": "*/30 * * * *"}
    try:
        if server is not None:
            os.environ["PREFECT_API_URL"] = api   # for the flow-run subprocesses
            print(f"started a local Prefect server at {api}", file=sys.stderr)
        from flows.archive import archive_news

        with temporary_settings(updates={PREFECT_API_URL: api}):
            archive_news.serve(name=DEPLOYMENT, parameters=params, pause_on_shutdown=False, **schedule)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server is not None:
            stop_local_server(server)
            print("stopped the local Prefect server", file=sys.stderr)
    return 0
