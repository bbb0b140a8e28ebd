"""Read article links from RSS/Atom feeds, sitemaps, URL lists and sites' home pages."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
from lxml import etree, html as lxml_html

from extractors.decode import charset_from_content_type, detect_encoding, normalize_encoding
from extractors.errors import ExtractionError, FetchError, SourceError

FEED_TYPES = ("application/rss+xml", "application/atom+xml")
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.I)
_XML_DECL_TEXT = re.compile(r"""^\s*<\?xml[^>]*\?>""")
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_DROP_PARAMS = ("utm_",)
_DROP_EXACT = frozenset({"fbclid", "gclid"})


@dataclass
class Entry:
    """One article link found in a listing, with what the listing says about it."""
    url: str                       # normalised
    title: str = ""
    published: str | None = None   # ISO 8601 (UTC) when the listing gives a date
    source: str = ""               # the listing it came from


@dataclass
class Listing:
    """What one listing held: article entries and further listings (sitemap index, discovered feeds)."""
    entries: list[Entry]
    children: list[str]


def normalize_url(url: str, base: str | None = None) -> str:
    """Canonical form of a link: absolute, lower-case scheme/host, no fragment, no utm_*, sorted query."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and not ((scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    if parts.username:
        host = f"{parts.username}{':' + parts.password if parts.password else ''}@{host}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_DROP_PARAMS) and k.lower() not in _DROP_EXACT]
    path = parts.path or ("/" if host else "")
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def is_http_url(url: str) -> bool:
    """True for absolute http(s) URLs with a host."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def decode_xml(content: bytes, content_type: str | None = None) -> str:
    """Decode feed/sitemap bytes: HTTP charset, then the XML declaration, then BOM/meta/detection."""
    encoding = charset_from_content_type(content_type)
    if encoding is None and not content.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        match = _XML_DECL.match(content[:200])
        if match:
            encoding = normalize_encoding(match.group(1).decode("ascii"))
    encoding = encoding or detect_encoding(content)
    return content.decode(encoding, errors="replace").lstrip("\ufeff")


def _xml_root(text: str) -> etree._Element | None:
    # The declaration names the original bytes' encoding; the text is already decoded.
    body = _XML_DECL_TEXT.sub("", text, count=1).encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.replace(tzinfo=None).isoformat(timespec="seconds") if "T" in text or " " in text \
        else parsed.date().isoformat()


def sniff_listing(text: str) -> str:
    """Kind of a decoded listing: "rss" (RSS/Atom), "sitemap", "html" or "urls"."""
    head = _XML_DECL_TEXT.sub("", text.lstrip("\ufeff \t\r\n"), count=1).lstrip()
    head = re.sub(r"^(<!--.*?-->\s*|<\?[^>]*\?>\s*)*", "", head[:4000], flags=re.S)
    low = head[:1000].lower()
    if low.startswith(("<urlset", "<sitemapindex")) or re.match(r"<\w+:(urlset|sitemapindex)", low):
        return "sitemap"
    if low.startswith(("<rss", "<feed", "<rdf:rdf", "<rdf")) or re.match(r"<\w+:(rss|feed)\b", low):
        return "rss"
    if low.startswith(("<!doctype html", "<html")) or "<head" in low or "<body" in low:
        return "html"
    return "urls"


def parse_feed(text: str, source: str) -> Listing:
    """Entries of an RSS or Atom feed (already decoded text)."""
    data = _XML_DECL_TEXT.sub("", text, count=1).encode("utf-8")
    parsed = feedparser.parse(data, response_headers={"content-type": "application/xml; charset=utf-8",
                                                      "content-location": source},
                              sanitize_html=False, resolve_relative_uris=False)
    entries: list[Entry] = []
    for item in parsed.entries:
        link = item.get("link") or ""
        if not link:
            for alt in item.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        if not link and str(item.get("id", "")).startswith(("http://", "https://")):
            link = item["id"]
        url = normalize_url(link, source) if link else ""
        if not is_http_url(url):
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = datetime(*stamp[:6]).isoformat(timespec="seconds") if stamp else None
        entries.append(Entry(url, " ".join(str(item.get("title", "")).split()), published, source))
    if parsed.bozo and not entries:  # a broken feed may still yield items; an empty broken one is garbage
        reason = " ".join(str(parsed.get("bozo_exception", "malformed")).split())
        raise ExtractionError(source, f"not a readable feed ({reason})")
    return Listing(entries, [])


def parse_sitemap(text: str, source: str) -> Listing:
    """Entries of a sitemap or Google News sitemap; a sitemap index yields its child sitemaps."""
    root = _xml_root(text)
    if root is None:
        raise ExtractionError(source, "not a well-formed sitemap (XML syntax error)")
    local = etree.QName(root).localname
    ns = {"s": etree.QName(root).namespace or _SITEMAP_NS, "n": _NEWS_NS}
    prefix = "s:" if etree.QName(root).namespace else ""
    if local == "sitemapindex":
        locs = root.xpath(f"{prefix}sitemap/{prefix}loc/text()", namespaces=ns)
        children = [normalize_url(loc, source) for loc in locs]
        return Listing([], [c for c in children if is_http_url(c)])
    if local != "urlset":
        raise ExtractionError(source, f"not a sitemap (root element <{local}>)")
    entries: list[Entry] = []
    for node in root.xpath(f"{prefix}url", namespaces=ns):
        loc = "".join(node.xpath(f"{prefix}loc/text()", namespaces=ns)).strip()
        if not loc:
            continue
        url = normalize_url(loc, source)
        if not is_http_url(url):
            continue
        title = " ".join("".join(node.xpath("n:news/n:title/text()", namespaces=ns)).split())
        date = ("".join(node.xpath("n:news/n:publication_date/text()", namespaces=ns))
                or "".join(node.xpath(f"{prefix}lastmod/text()", namespaces=ns)))
        entries.append(Entry(url, title, _iso(date), source))
    return Listing(entries, [])


def parse_url_list(text: str, source: str) -> Listing:
    """Entries of a plain list: one URL a line; blank lines and # comments ignored."""
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = normalize_url(line.split()[0], source if is_http_url(source) else None)
        if is_http_url(url):
            entries.append(Entry(url, "", None, source))
    return Listing(entries, [])


def discover_feeds(html_text: str, base_url: str) -> list[str]:
    """Feed URLs a page announces with <link rel="alternate" type="application/rss+xml|atom+xml">."""
    try:
        tree = lxml_html.fromstring(html_text)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = link.get("href")
        if "alternate" in rels and kind in FEED_TYPES and href:
            url = normalize_url(href, base_url)
            if is_http_url(url) and url not in found:
                found.append(url)
    return found


def _page_feeds(html_text: str, source: str) -> Listing:
    feeds = discover_feeds(html_text, source)
    if not feeds:
        raise ExtractionError(source, "page announces no RSS or Atom feed")
    return Listing([], feeds)


def parse_listing(content: bytes, source: str, content_type: str | None = None,
                  kind: str | None = None) -> Listing:
    """Read any listing: feed, sitemap (index), URL list, or an HTML page's announced feeds."""
    ctype = (content_type or "").lower()
    if kind is None and ctype.startswith("text/html"):
        kind = "html"
    if kind == "html":
        from extractors.decode import decode_html  # same stage; HTML uses <meta> charsets
        return _page_feeds(decode_html(content, content_type), source)
    text = decode_xml(content, content_type)
    kind = kind or sniff_listing(text)
    if kind == "rss":
        return parse_feed(text, source)
    if kind == "sitemap":
        return parse_sitemap(text, source)
    if kind == "html":
        return _page_feeds(text, source)
    if "\x00" in text or not text.strip():
        raise ExtractionError(source, "empty or binary listing")
    listing = parse_url_list(text, source)
    if not listing.entries:
        raise ExtractionError(source, "no feed, sitemap or URL found")
    return listing


Fetcher = Callable[[str], tuple[bytes, str | None]]


def collect(sources: list[tuple[str, str | None]], fetcher: Fetcher, *, max_listings: int = 200
            ) -> tuple[list[Entry], list[SourceError]]:
    """Follow (url, kind) listings and their children; return unique entries and per-listing errors."""
    seen_listings: set[str] = set()
    seen_urls: dict[str, Entry] = {}
    errors: list[SourceError] = []
    queue = list(sources)
    while queue and len(seen_listings) < max_listings:
        url, kind = queue.pop(0)
        if url in seen_listings:
            continue
        seen_listings.add(url)
        try:
            content, ctype = fetcher(url)
            listing = parse_listing(content, url, ctype, kind)
        except SourceError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # one bad listing never stops the others
            errors.append(FetchError(url, f"{type(exc).__name__}: {exc}"))
            continue
        for entry in listing.entries:
            known = seen_urls.get(entry.url)
            if known is None:
                seen_urls[entry.url] = entry
            else:
                known.title = known.title or entry.title
                known.published = known.published or entry.published
        child_kind = "sitemap" if kind == "sitemap" else None
        queue.extend((child, child_kind) for child in listing.children)
    return list(seen_urls.values()), errors
