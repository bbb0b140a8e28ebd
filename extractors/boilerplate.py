"""Recognise page chrome (menus, share/reaction/comment widgets, related news, footers)."""
from __future__ import annotations

import re

from lxml import etree

from extractors.htmltree import tag_of

# Class/id tokens that mark chrome on news pages (Korean portals and dailies included).
_CHROME_TOKEN = re.compile(
    r"share|sns|social|reaction|emotion|empathy|comment|reply|replies|relate|relation|popular|"
    r"most-?_?view|mostread|ranking|rank-|rank_|^rank$|copyright|footer|^gnb|^lnb|^snb|gnb$|lnb$|"
    r"breadcrumb|advert|banner|subscri|newsletter|login|signin|ticker|breaking|sitemap|"
    r"tool-?_?bar|recommend|bookmark|scrap|tooltip|toast|^writer|byline|reporter|journalist|"
    r"font-?_?size|more-?_?news|hashtag|tag-?_?list|keyword|^btn|promo|sponsor|outbrain|dable|"
    r"taboola|cbox|^ads?$|^ads?[-_]|[-_]ads?$|^ad\d|^nav|[-_]nav|navi$|menu|^util|sidebar|^side[-_]|"
    r"^aside|^header$|^top[-_]?header|site[-_]?header|^masthead|^like[-_]|[-_]like$|^likeit|"
    r"^vote|^rating|^poll$|issue[-_]?list|^series[-_]|^tags?$|^prev[-_]?next|^pagination",
    re.I)
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "select", "input", "textarea",
                          "iframe", "noscript", "template", "svg"})
# Containers that hold an article body on Korean news sites.
_BODY_MARK = re.compile(r"article_?-?body|articlebody|news_?-?body|newsct_article|dic_area|"
                        r"article_?txt|article-?view-?content|news_cnt_detail|article_content|"
                        r"news_?view|view_?con", re.I)

# Whole short blocks that are chrome.
_CHROME_TEXT = re.compile(
    r"^\s*(\[?\s*(관련\s*(기사|뉴스)|많이\s*본\s*(뉴스|기사)|가장\s*많이\s*본|인기\s*(기사|뉴스)|"
    r"추천\s*(기사|뉴스)|이\s*기사와\s*관련된|주요\s*뉴스|최신\s*뉴스|실시간\s*(뉴스|인기)|"
    r"댓글|공유하기|기사\s*URL이\s*복사|URL이\s*복사|신문\s*구독|기자\s*구독|구독하기|"
    r"기사\s*저장|글자\s*크기|본문\s*글씨|프린트|인쇄하기|로그인|회원가입|기사\s*제보|"
    r"제보하기|이\s*기사를\s*추천|좋아요|훈훈해요|슬퍼요|화나요|후속\s*원해요|추천해요|"
    r"많이\s*본|오늘의\s*주요|다른\s*기사)|Copyright|All rights reserved)",
    re.I)
_CHROME_ANYWHERE = re.compile(r"무단\s*(전재|복제|배포)|재배포\s*(금지|불가)|copyright\s*[ⓒ©]|[ⓒ©]\s*\S|"
                              r"all rights reserved|저작권자\s*[ⓒ©(]", re.I)
_REACTIONS = re.compile(r"^(\s|\d|,|좋아요|훈훈해요|슬퍼요|화나요|후속\s*원해요|추천해요|싫어요|"
                        r"감동이에요|놀랐어요|공감|비공감|응원해요|최고예요|궁금해요)+$")
BYLINE = re.compile(r"^\s*(?:\S+\s*)?(?:[=/]\s*)?([가-힣]{2,4})\s*(기자|특파원|선임기자|객원기자|인턴기자|"
                    r"논설위원|위원|PD)\s*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+)?\s*$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _tokens(el: etree._Element) -> list[str]:
    return (el.get("class", "") + " " + el.get("id", "")).split()


def is_chrome_element(el: etree._Element) -> bool:
    """True when an element's tag, class/id or role says it is page chrome."""
    tag = tag_of(el)
    if tag in _CHROME_TAGS:
        return True
    if el.get("role") in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    if tag == "header" and el.find(".//h1") is None:
        return True
    return any(_CHROME_TOKEN.search(token) for token in _tokens(el))


def is_body_container(el: etree._Element) -> bool:
    """True for elements marked as the article body (itemprop or Korean site class names)."""
    if el.get("itemprop") == "articleBody":
        return True
    return any(_BODY_MARK.search(token) for token in _tokens(el))


def strip_chrome(root: etree._Element) -> None:
    """Remove chrome elements in place, never one that holds the article body or most text."""
    for el in list(root.iter("script", "style", "noscript")):
        if el.get("type", "") != "application/ld+json" and el.getparent() is not None:
            _drop_keep_tail(el)
    total = len("".join(root.itertext())) or 1
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or tag_of(el) in ("html", "body", "main", "article"):
            continue
        if is_chrome_element(el) and not is_body_container(el):
            if any(is_body_container(d) for d in el.iterdescendants() if isinstance(d.tag, str)):
                continue
            if tag_of(el) not in _CHROME_TAGS and len("".join(el.itertext())) > 0.5 * total:
                continue
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None and _attached(el, root):
            _drop_keep_tail(el)


def _attached(el: etree._Element, root: etree._Element) -> bool:
    node = el
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def _drop_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def is_chrome_text(text: str) -> bool:
    """True for a short block whose text is chrome (section labels, reactions, copyright)."""
    text = " ".join(text.split())
    if not text:
        return False
    if len(text) <= 80 and _CHROME_TEXT.match(text):
        return True
    if len(text) <= 200 and _CHROME_ANYWHERE.search(text):
        return True
    return len(text) <= 80 and bool(_REACTIONS.match(text))


def byline_author(text: str) -> str | None:
    """The reporter's name when a short block is only a byline (name, title, e-mail)."""
    text = " ".join(text.split())
    if len(text) > 80:
        return None
    match = BYLINE.match(text)
    if match:
        return match.group(1)
    if EMAIL.search(text) and len(EMAIL.sub("", text).strip()) <= 25 and "기자" in text:
        names = re.findall(r"([가-힣]{2,4})\s*기자", text)
        return names[-1] if names else ""
    return None
