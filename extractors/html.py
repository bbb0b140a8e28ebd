"""Extract a news article (trafilatura, repaired with lxml) or read a whole HTML document."""
from __future__ import annotations

import copy
import json
import re
import unicodedata
from urllib.parse import urljoin

import trafilatura
from lxml import etree, html as lxml_html

from document.model import (Block, Document, Figure, Heading, Inline, LineBreak, Link, ListBlock,
                            Metadata, Paragraph, Table, Text)
from document.walk import block_text, child_blocks, inline_text
from extractors.boilerplate import (byline_author, is_body_container, is_chrome_element,
                                    is_chrome_text, strip_chrome)
from extractors.errors import ExtractionError
from extractors.htmltree import Converter, clean_inlines, has_text, image_src, parse_html, tag_of
from extractors.teixml import parse_trafilatura_xml

MIN_BODY_CHARS = 200
_CAPTION_TOKEN = re.compile(r"caption|img_?-?desc|photo_?-?desc|photo_?-?txt|img_?-?txt|figcaption|"
                            r"thum_?figure_?txt|^desc$|^cap$|pic_?-?desc|image_?-?desc", re.I)
_SUBTITLE_TOKEN = re.compile(r"sub_?-?tit|subtitle|sub_?-?head|stitle|tit_?-?sub|article_?-?sum|"
                             r"sub_?-?title|summary|lead_?-?text|article_?-?lead",
                             re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[-|ㅣ:·–—<]\s+")
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    # NFC too: trafilatura NFC-normalises, which folds CJK compatibility ideographs (e.g. U+F9E1).
    return _SPACE.sub("", unicodedata.normalize("NFC", text or ""))


def _text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


# ---------------------------------------------------------------------------- metadata
def _meta_content(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for el in root.iterfind(".//meta"):
            if name in (el.get("property"), el.get("name"), el.get("itemprop")):
                value = (el.get("content") or "").strip()
                if value:
                    return value
    return None


def _json_ld_articles(root: etree._Element) -> list[dict]:
    found: list[dict] = []

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                found.append(node)
            visit(node.get("@graph"))

    for script in root.iterfind(".//script"):
        if script.get("type", "").lower() == "application/ld+json" and script.text:
            try:
                visit(json.loads(script.text.strip().rstrip(";")))
            except ValueError:
                continue
    return found


def _clean_title(title: str, root: etree._Element, site: str | None) -> str:
    title = " ".join(title.split())
    for h1 in root.iter("h1"):
        text = _text_of(h1)
        if len(text) >= 8 and _norm(title).startswith(_norm(text)):
            return text
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and (len(parts[-1]) <= 20 or (site and site in parts[-1])):
        return _TITLE_SEPARATORS.split(title, maxsplit=len(parts) - 2)[0] if len(parts) > 2 else parts[0]
    return title


def _metadata(root: etree._Element, attrs: dict[str, str], url: str | None) -> Metadata:
    site = attrs.get("sitename") or _meta_content(root, "og:site_name")
    title = _meta_content(root, "og:title") or attrs.get("title") or ""
    if not title:
        el = root.find(".//title")
        title = _text_of(el) if el is not None else ""
    authors = [a.strip() for a in re.split(r"[;,]", attrs.get("author", "") or "") if a.strip()]
    canonical = next((link.get("href") for link in root.iterfind(".//link")
                      if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")), None)
    page_url = canonical or _meta_content(root, "og:url") or attrs.get("url") or url
    if page_url and url:
        page_url = urljoin(url, page_url)
    date = attrs.get("date") or _meta_content(root, "article:published_time", "datePublished")
    lang = (root.get("lang") or "ko").split("-")[0].lower() or "ko"
    return Metadata(title=_clean_title(title, root, site), authors=authors, date=date, url=page_url,
                    site=site, language=lang)


# ---------------------------------------------------------------------------- repairs
def _caption_for(img: etree._Element, conv: Converter) -> list[Inline]:
    node = img
    for _ in range(4):
        node = node.getparent()
        if node is None or len(list(node.iter("img"))) > 1:
            return []
        for el in node.iter():
            if not isinstance(el.tag, str) or el is img:
                continue
            tokens = (el.get("class", "") + " " + el.get("id", "")).split()
            if tag_of(el) == "figcaption" or any(_CAPTION_TOKEN.search(t) for t in tokens):
                seq = clean_inlines(conv.inlines(el))
                if has_text(seq):
                    return seq
    return []


def _repair_figures(blocks: list[Block], root: etree._Element, conv: Converter) -> list[Block]:
    by_src: dict[str, etree._Element] = {}
    for img in root.iter("img"):
        src = image_src(img, conv.base_url)
        if src:
            by_src.setdefault(src, img)
            by_src.setdefault(src.rsplit("/", 1)[-1], img)
    out: list[Block] = []
    skip_next_text: set[str] = set()
    for block in blocks:
        if isinstance(block, Figure):
            img = by_src.get(block.src)
            if img is None:
                img = by_src.get(block.src.rsplit("/", 1)[-1])
            if img is not None and not block.caption:
                block.caption = _caption_for(img, conv)
            skip_next_text = {_norm(inline_text(block.caption)), _norm(block.alt)} - {""}
            out.append(block)
            continue
        if isinstance(block, Paragraph) and skip_next_text:
            text = _norm(inline_text(block.inlines))
            if text in skip_next_text:
                if not out[-1].caption:  # type: ignore[union-attr]
                    out[-1].caption = block.inlines  # type: ignore[union-attr]
                skip_next_text = set()
                continue
        skip_next_text = set()
        out.append(block)
    return out


def _subtitles(root: etree._Element, conv: Converter, body_start: str, title: str) -> list[str]:
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    # Subtitles sit above the body: stop at the innermost element holding the first paragraph.
    limit = len(elements)
    if body_start:
        holders = [i for i, el in enumerate(elements) if body_start in _norm(_text_of(el))]
        limit = max(holders) if holders else limit
    found: list[str] = []
    for el in elements[:limit]:
        if tag_of(el) not in ("h2", "h3", "h4", "div", "p", "strong", "em", "span"):
            continue
        tokens = (el.get("class", "") + " " + el.get("id", "")).split()
        if not any(_SUBTITLE_TOKEN.search(t) for t in tokens):
            continue
        lines: list[list[Inline]] = [[]]
        for node in clean_inlines(conv.inlines(el)):
            if isinstance(node, LineBreak):
                lines.append([])
            else:
                lines[-1].append(node)
        for line in lines:
            text = " ".join(inline_text(line).split())
            if text and _norm(text) != _norm(title) and text not in found and len(text) < 300:
                found.append(text)
    return found


def _repair_lists_and_tables(blocks: list[Block], root: etree._Element, conv: Converter) -> list[Block]:
    lists = [el for el in root.iter("ol", "ul")]
    tables = list(root.iter("table"))
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and block.rows:
            key = _norm(block_text(block))
            match = next((t for t in tables if _norm(_text_of(t)) == key), None)
            if match is None:
                match = next((t for t in tables if key and _norm(_text_of(t)).startswith(key[:40])), None)
            if match is not None:
                block = conv.table(match)
        for node in [block, *_nested_lists(block)]:
            if isinstance(node, ListBlock) and node.items:
                first = _norm(block_text(node.items[0].blocks[0])) if node.items[0].blocks else ""
                el = next((e for e in lists if first and _first_item_text(e).startswith(first[:30])), None)
                if el is not None:
                    node.ordered = tag_of(el) == "ol"
                    try:
                        node.start = int(el.get("start", "1")) if node.ordered else 1
                    except ValueError:
                        pass
        out.append(block)
    return out


def _nested_lists(block: Block) -> list[Block]:
    found: list[Block] = []
    for child in child_blocks(block):
        if isinstance(child, ListBlock):
            found.append(child)
        found.extend(_nested_lists(child))
    return found


def _first_item_text(el: etree._Element) -> str:
    li = next((c for c in el if tag_of(c) == "li"), None)
    if li is None:
        return ""
    own = [li.text or ""] + ["".join(c.itertext()) + (c.tail or "") for c in li
                             if tag_of(c) not in ("ul", "ol")]
    return _norm("".join(own))


def _drop_chrome_blocks(blocks: list[Block], meta: Metadata) -> list[Block]:
    out: list[Block] = []
    after_label = False
    for block in blocks:
        text = block_text(block)
        if isinstance(block, (Paragraph, Heading)):
            author = byline_author(text)
            if author is not None:
                if author and author not in meta.authors:
                    meta.authors.append(author)
                continue
            if is_chrome_text(text) or (isinstance(block, Heading) and _norm(text) == _norm(meta.title)):
                after_label = True
                continue
            if isinstance(block, Paragraph) and all(isinstance(n, Link) for n in block.inlines
                                                    if not (isinstance(n, Text) and not n.text.strip())) \
                    and len(text) < 40 and after_label:
                continue
        if isinstance(block, ListBlock):
            items = [i for i in block.items if not is_chrome_text(block_text_of(i.blocks))]
            if after_label or not items:
                continue
            block.items = items
        if isinstance(block, Figure) and not block.src:
            continue
        after_label = False
        out.append(block)
    # Drop figures left dangling at the end with no text after them (thumbnails of other news).
    while out and isinstance(out[-1], Figure) and not out[-1].caption:
        out.pop()
    return out


def block_text_of(blocks: list[Block]) -> str:
    """Plain text of several blocks."""
    return "\n".join(block_text(b) for b in blocks)


def _body_chars(blocks: list[Block]) -> int:
    return sum(len(block_text(b)) for b in blocks if not isinstance(b, Figure))


# ---------------------------------------------------------------------------- fallbacks
def _json_ld_body(articles: list[dict]) -> list[Block]:
    for art in articles:
        body = art.get("articleBody")
        if isinstance(body, str) and body.strip():
            paras = [p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
            return [Paragraph([Text(" ".join(p.split()))]) for p in paras]
    return []


def _container_body(cleaned: etree._Element, conv: Converter) -> list[Block]:
    candidates = [el for el in cleaned.iter() if isinstance(el.tag, str) and is_body_container(el)]
    if not candidates:
        candidates = list(cleaned.iter("article"))
    if not candidates:
        return []
    best = max(candidates, key=lambda el: len(_text_of(el)))
    return conv.blocks(best)


def _trafilatura(html: str, url: str | None, recall: bool = False) -> tuple[dict[str, str], list[Block]]:
    xml = trafilatura.extract(html, url=url, output_format="xml", include_formatting=True,
                              include_tables=True, include_images=True, include_links=True,
                              include_comments=False, target_language="ko", with_metadata=True,
                              favor_recall=recall, deduplicate=False)
    return parse_trafilatura_xml(xml) if xml else ({}, [])


def extract_article(html: str, url: str | None = None) -> Document:
    """Main text and metadata of a news page; raises ExtractionError when there is none."""
    source = url or "HTML page"
    try:
        root = parse_html(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(source, f"cannot parse HTML ({exc})") from None
    cleaned = copy.deepcopy(root)
    strip_chrome(cleaned)
    cleaned_html = lxml_html.tostring(cleaned, encoding="unicode")
    conv = Converter(url, skip=is_chrome_element)

    attrs, blocks = _trafilatura(cleaned_html, url)
    meta = _metadata(root, attrs, url)
    articles = _json_ld_articles(root)
    ld_body = _json_ld_body(articles)
    if ld_body and _norm(block_text_of(blocks)) == _norm(block_text_of(ld_body)):
        blocks = ld_body  # trafilatura read the same JSON-LD text but lost its paragraph breaks
    if _body_chars(blocks) < MIN_BODY_CHARS:
        for fallback in (lambda: ld_body, lambda: _container_body(cleaned, conv),
                         lambda: _trafilatura(cleaned_html, url, recall=True)[1]):
            candidate = fallback()
            if _body_chars(candidate) >= max(MIN_BODY_CHARS, _body_chars(blocks) + 1):
                blocks = candidate
                break
        else:
            if not blocks:
                blocks = _trafilatura(cleaned_html, url, recall=True)[1] or _container_body(cleaned, conv)

    blocks = _repair_figures(blocks, root, conv)
    blocks = _repair_lists_and_tables(blocks, root, conv)
    first_para = next((b for b in blocks if isinstance(b, Paragraph) and len(block_text(b)) > 20), None)
    body_start = _norm(block_text(first_para))[:30] if first_para else ""
    meta.subtitles = _subtitles(root, conv, body_start, meta.title)
    if meta.subtitles:
        subs = {_norm(s) for s in meta.subtitles} | {_norm("".join(meta.subtitles))}
        blocks = [b for b in blocks if not (isinstance(b, (Heading, Paragraph))
                                            and _norm(block_text(b)) in subs)]
    blocks = _drop_chrome_blocks(blocks, meta)
    if not meta.authors:
        meta.authors = _page_authors(root)
    description = " ".join((attrs.get("description") or "").split())
    if not meta.subtitles and 10 <= len(description) <= 200 and not _is_body_excerpt(description, blocks):
        meta.subtitles = [description]
    if _body_chars(blocks) == 0:
        raise ExtractionError(source, "no article text found")
    return Document(meta, blocks)


def _page_authors(root: etree._Element) -> list[str]:
    """Reporter names from <meta name=author> or a byline element of the original page."""
    declared = _meta_content(root, "author", "dable:author")
    if declared and not declared.startswith("http"):
        name = byline_author(declared)
        return [name or declared.strip()]
    for el in root.iter():
        if isinstance(el.tag, str) and re.search(r"byline|writer|reporter|journalist",
                                                 el.get("class", "") + " " + el.get("id", ""), re.I):
            name = byline_author(_text_of(el))
            if name:
                return [name]
    return []


def _is_body_excerpt(description: str, blocks: list[Block]) -> bool:
    body = _norm("".join(block_text(b) for b in blocks))
    probe = _norm(description).rstrip(".…")[:40]
    return probe in body or _norm(description)[-20:].rstrip(".…") in body


def read_html_document(html: str) -> Document:
    """Convert a whole local HTML document's body faithfully (no boilerplate heuristics)."""
    try:
        root = parse_html(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError("HTML document", f"cannot parse HTML ({exc})") from None
    body = root.find(".//body")
    blocks = Converter().blocks(body if body is not None else root)
    title_el = root.find(".//title")
    title = _text_of(title_el) if title_el is not None else ""
    if not title:
        title = next((block_text(b) for b in blocks if isinstance(b, Heading) and b.level == 1), "")
    lang = (root.get("lang") or "ko").split("-")[0].lower() or "ko"
    authors = [_meta_content(root, "author")] if _meta_content(root, "author") else []
    if not blocks:
        raise ExtractionError("HTML document", "no text in the document body")
    return Document(Metadata(title=title, authors=authors, language=lang,
                             date=_meta_content(root, "date", "dcterms.created")), blocks)
