"""`gukhan archive serve` starts its own Prefect server, runs on schedule, and cleans up on SIGTERM."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = ("<!doctype html><html lang='ko'><head><meta charset='utf-8'><title>정기 보도</title></head>"
           "<body><article><h1>정기 보도</h1><p>국회는 오늘 본회의를 열고 경제 정책에 관한 법률안을 "
           "통과시켰다. 정부는 이번 조치가 국민 생활 안정에 도움이 될 것이라고 밝혔다.</p><p>대통령은 "
           "기자회견에서 교육 개혁의 필요성을 강조했다. 전문가들은 사회적 합의가 중요하다고 지적했다.</p>"
           "</article></body></html>")


def test_serve_runs_on_schedule_and_stops_its_server(local_server, tmp_path):
    local_server.routes["/a.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE)
    local_server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                        f"<rss version='2.0'><channel><title>t</title><item><title>정기 보도"
                                        f"</title><link>{local_server.url('/a.html')}</link></item>"
                                        "</channel></rss>")
    out = tmp_path / "archive"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", PREFECT_RUNNER_POLL_FREQUENCY="2")
    cmd = [sys.executable, "-m", "flows.cli", "archive", "serve", "--feed", local_server.url("/feed.xml"),
           "--out", str(out), "--allow-private-hosts", "--interval", "8", "--delay", "0",
           "--format", "html"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    lines: list[str] = []

    def read() -> None:
        for line in proc.stdout:
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def feed_hits() -> int:
        return sum(1 for path, _ in local_server.requests if path == "/feed.xml")

    def completed_runs(api_url: str) -> list[dict]:
        query = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "limit": 50}
        runs = httpx.post(api_url + "/flow_runs/filter", json=query, timeout=10).json()
        return [r for r in runs if r.get("deployment_id")]

    try:
        deadline = time.monotonic() + 300
        api = None
        while True:
            assert proc.poll() is None, "serve exited early:\n" + "".join(lines)[-4000:]
            if time.monotonic() > deadline:
                log = out / ".prefect" / "server.log"
                server_log = log.read_text(errors="replace")[-2000:] if log.exists() else "(none)"
                raise AssertionError("fewer than two scheduled runs in 300s:\n" + "".join(lines)[-4000:]
                                     + "\nserver log:\n" + server_log)
            if api is None:
                found = re.search(r"started a local Prefect server at (\S+)", "".join(lines))
                api = found.group(1) if found else None
            if api and feed_hits() >= 2 and len(completed_runs(api)) >= 2:
                break
            time.sleep(1)
        assert httpx.get(api + "/health", timeout=5).status_code == 200
        assert (out / ".prefect" / "server.log").exists()     # its own PREFECT_HOME in the archive
        # Both runs came from the schedule of the served deployment, at different times.
        runs = completed_runs(api)
        assert len({r["deployment_id"] for r in runs}) == 1
        assert len({r["expected_start_time"] for r in runs}) == len(runs) >= 2
        assert (out / "index.html").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise AssertionError("serve did not stop on SIGTERM:\n" + "".join(lines)[-3000:])
    reader.join(5)
    assert proc.returncode == 0, "".join(lines)[-3000:]
    assert "stopped the local Prefect server" in "".join(lines)
    try:
        httpx.get(api + "/health", timeout=2)
        still_up = True
    except httpx.HTTPError:
        still_up = False
    assert not still_up, "the local Prefect server outlived `archive serve`"
    html = [p for p in out.rglob("*.html") if p.name != "index.html"]
    assert len(html) == 1 and "國會" in html[0].read_text(encoding="utf-8")
