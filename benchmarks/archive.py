"""Archive N locally served articles through the archive_news flow; print articles per minute by phase.

Usage: python benchmarks/archive.py [N=500] [--concurrency 4] [--formats html,docx]
A feed of N generated Korean articles is served from 127.0.0.1 (politeness delay off, robots off).
Phase times are summed over tasks (they overlap when concurrency > 1); the per-phase rate is what one
worker would reach doing only that phase.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SENTENCES = ["국회는 오늘 본회의를 열고 경제 정책에 관한 법률안을 통과시켰다.",
             "정부는 이번 조치가 국민 생활 안정에 도움이 될 것이라고 밝혔다.",
             "대통령은 기자회견에서 교육 개혁의 필요성을 강조했다.",
             "전문가들은 사회적 합의가 무엇보다 중요하다고 지적했다.",
             "지방 자치 단체는 내년도 예산 집행 계획을 발표했다.",
             "한국 은행은 기준 금리를 동결하고 물가 상승 압력을 주시하겠다고 말했다.",
             "외교부 장관은 주변 국가와의 협력 강화 방안을 논의했다.",
             "보건 당국은 감염병 예방을 위한 위생 수칙 준수를 당부했다."]


def article(n: int) -> bytes:
    """A news page of about 1,500 characters of main text with boilerplate around it."""
    paras = "".join("<p>" + " ".join(SENTENCES[(n * 3 + i + j) % len(SENTENCES)] for j in range(3)) + "</p>"
                    for i in range(8))
    return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>기사 {n}호</title></head>'
            f"<body><header><nav>정치 경제 사회 국제</nav></header><article><h1>기사 {n}호: 정책 동향</h1>"
            f"{paras}</article><footer>무단 전재 및 재배포 금지</footer></body></html>").encode("utf-8")


def serve(n: int) -> tuple[ThreadingHTTPServer, str]:
    """Serve /feed.xml listing n articles at /a/<i>.html."""
    pages = {f"/a/{i}.html": article(i) for i in range(n)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/feed.xml":
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                items = "".join(f"<item><title>기사 {i}호</title><link>{base}/a/{i}.html</link>"
                                f"<pubDate>Wed, 01 May 2024 12:00:00 +0900</pubDate></item>" for i in range(n))
                body, ctype = f"<rss version='2.0'><channel><title>b</title>{items}</channel></rss>".encode(), \
                    "application/rss+xml"
            elif self.path in pages:
                body, ctype = pages[self.path], "text/html; charset=utf-8"
            else:
                body, ctype = b"not found", "text/plain"
            self.send_response(200 if ctype != "text/plain" else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/feed.xml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--formats", default="html,docx")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gukhan-bench-"))
    os.environ.setdefault("PREFECT_HOME", str(work / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.archive import archive_news

    server, feed = serve(args.n)
    import converter  # load the engine before timing: a one-off cost, not a per-article one
    converter.convert("국회")
    started = time.perf_counter()
    summary = archive_news(feeds=[feed], out=str(work / "archive"), allow_private_hosts=True,
                           settings={"delay": 0.0, "robots": False, "concurrency": args.concurrency,
                                     "formats": args.formats.split(","), "per_host_concurrency": 64})
    wall = time.perf_counter() - started
    server.shutdown()
    done = summary["counts"]["new"]
    print(f"archived {done}/{args.n} articles ({summary['counts']['failed']} failed) in {wall:.1f}s "
          f"with concurrency {args.concurrency}, formats {args.formats}")
    print(f"overall: {done / wall * 60:.0f} articles/min (wall clock, incl. feed, index and Prefect)")
    total = sum(summary["timings"].values()) or 1.0
    for phase, seconds in summary["timings"].items():
        rate = done / seconds * 60 if seconds else float("inf")
        print(f"  {phase:8s} {seconds:8.1f}s task time  {seconds / total:6.1%}  {rate:9.0f} articles/min")


if __name__ == "__main__":
    main()
