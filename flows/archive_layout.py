"""Where archived files live (ARCHIVE/YYYY/MM/DD/<slug>.<fmt>) and the index pages and Atom feed."""
from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime
from html import escape
from pathlib import Path
from urllib.parse import quote

from outputs.files import write_atomic

INDEX = "index.html"
FEED = "feed.xml"
_TEMP = re.compile(r"^\..+\.tmp$")   # outputs.files.write_atomic's temp files: .<name>.<random>.tmp


def slug_for(url: str, base: str) -> str:
    """A per-URL stable slug: the pipeline's readable base plus a short hash of the URL."""
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    base = base if base and not base.startswith("doc-") else "article"
    return f"{base}-{digest}"


def date_dir(published: str | None, fallback: datetime) -> str:
    """YYYY/MM/DD of a publication date (ISO text), else of the fallback."""
    day = None
    if published:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
        if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31:
            day = match.groups()
    if day is None:
        day = (f"{fallback.year:04d}", f"{fallback.month:02d}", f"{fallback.day:02d}")
    return "/".join(day)


def keep_previous(root: Path, outputs: dict[str, str], version: int) -> dict[str, str]:
    """Copy the current files of an article to <slug>.v<version>.<fmt>; return the copies' paths."""
    kept: dict[str, str] = {}
    for fmt, rel in outputs.items():
        current = root / rel
        if not current.exists():
            continue
        old_rel = str(Path(rel).with_name(f"{Path(rel).stem}.v{version}{Path(rel).suffix}"))
        write_atomic(root / old_rel, current.read_bytes())
        kept[fmt] = old_rel
    return kept


def remove_stale_temp_files(root: Path, older_than: float) -> list[Path]:
    """Delete write_atomic temp files left by killed writers (mtime before `older_than`)."""
    removed = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if _TEMP.match(name):
                path = Path(dirpath) / name
                try:
                    if path.stat().st_mtime < older_than:
                        path.unlink()
                        removed.append(path)
                except FileNotFoundError:
                    pass
    return removed


def _page_name(page: int) -> str:
    return INDEX if page == 1 else f"index-{page}.html"


def _href(rel: str) -> str:
    return quote(rel.replace(os.sep, "/"))


def _row(article) -> str:
    title = escape(article.title or article.url)
    date = escape((article.published or "")[:16].replace("T", " "))
    files = " ".join(f'<a href="{escape(_href(rel))}">{escape(fmt.upper())}</a>'
                     for fmt, rel in sorted(article.outputs.items()))
    original = escape(article.canonical_url or article.url)
    older = f' <span class="v">v{article.version}</span>' if article.version > 1 else ""
    return (f'<tr><td class="d">{date}</td><td><a href="{escape(_href(article.outputs.get("html", "")))}">'
            f'{title}</a>{older}</td><td>{escape(article.site or "")}</td><td>{files}</td>'
            f'<td><a href="{original}" rel="noopener">원문</a></td></tr>')


def render_index_pages(articles: list, page_size: int, title: str = "국한문 기사 보관소") -> list[str]:
    """HTML of each index page (newest first), with links between pages."""
    pages = [articles[i:i + page_size] for i in range(0, len(articles), page_size)] or [[]]
    out = []
    for number, chunk in enumerate(pages, 1):
        nav = []
        if number > 1:
            nav.append(f'<a rel="prev" href="{_page_name(number - 1)}">← 이전</a>')
        nav.append(f"{number} / {len(pages)}")
        if number < len(pages):
            nav.append(f'<a rel="next" href="{_page_name(number + 1)}">다음 →</a>')
        rows = "\n".join(_row(a) for a in chunk)
        out.append(f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="alternate" type="application/atom+xml" href="{FEED}">
<style>body{{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}}
td{{padding:.2em .5em;vertical-align:top}}.d{{white-space:nowrap;color:#555}}.v{{color:#888}}</style>
</head><body><h1>{escape(title)}</h1><p>{len(articles)}건</p>
<table><thead><tr><th>날짜</th><th>제목</th><th>출처</th><th>파일</th><th>원문</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<nav>{" ".join(nav)}</nav></body></html>
""")
    return out


def render_feed(articles: list, base_url: str = "", title: str = "국한문 기사 보관소") -> str:
    """Atom feed of the newest converted articles."""
    def stamp(a) -> str:
        value = a.last_fetched or a.first_seen
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")

    def published(a) -> str:
        # Atom needs a full timestamp; listing dates are UTC, some only a day.
        if not a.published:
            return ""
        value = a.published if "T" in a.published else a.published + "T00:00:00"
        return f"<published>{escape(value[:19])}Z</published>"

    updated = max((stamp(a) for a in articles), default="1970-01-01T00:00:00Z")
    entries = []
    for a in articles:
        link = escape(base_url + _href(a.outputs.get("html", next(iter(a.outputs.values()), ""))))
        entries.append(f"""<entry><id>{escape(a.url)}</id><title>{escape(a.title or a.url)}</title>
<updated>{stamp(a)}</updated><link rel="alternate" href="{link}"/>
<link rel="related" href="{escape(a.canonical_url or a.url)}"/>
{published(a)}</entry>""")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:gukhan:archive</id><updated>{updated}</updated>"
            f'<link rel="self" href="{escape(base_url + FEED)}"/>\n' + "\n".join(entries) + "\n</feed>\n")


def write_index(root: Path, articles: list, *, page_size: int = 100, feed_size: int = 50) -> list[Path]:
    """Regenerate index pages and feed.xml atomically; drop pages beyond the last one."""
    pages = render_index_pages(articles, page_size)
    written = [write_atomic(root / _page_name(n), html) for n, html in enumerate(pages, 1)]
    for extra in root.glob("index-*.html"):
        match = re.fullmatch(r"index-(\d+)\.html", extra.name)
        if match and int(match.group(1)) > len(pages):
            extra.unlink(missing_ok=True)
    written.append(write_atomic(root / FEED, render_feed(articles[:feed_size])))
    return written
