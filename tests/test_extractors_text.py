"""Tests for extractors.text (Markdown and plain text)."""
from __future__ import annotations

from document.model import (BlockQuote, CodeBlock, Figure, Heading, LineBreak, Link, ListBlock,
                            Paragraph, Rule, Table, Text)
from document.walk import block_text, inline_text
from extractors.text import read_markdown, read_text

MD = """# 국정 감사 결과

본문은 **굵게**, *기울임*, ~~취소선~~, `코드`와 [보고서](https://example.kr/r "원문")를 담는다.
다음 줄은 이어진다.

3. 셋째 항목
4. 넷째 항목
   - 하위 항목 가
   - 하위 항목 나

> 인용한 발언이다.

| 부처 | 예산 |
|------|-----:|
| 교육부 | 95조 |

![청사 전경](https://example.kr/a.jpg "정부 청사")

```python
print("안녕")
```

---
"""


def test_markdown_structure():
    doc = read_markdown(MD)
    assert doc.meta.title == "국정 감사 결과"
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Heading, Paragraph, ListBlock, BlockQuote, Table, Figure, CodeBlock, Rule]
    para = doc.blocks[1]
    assert Text("굵게", frozenset({"bold"})) in para.inlines
    assert Text("기울임", frozenset({"italic"})) in para.inlines
    assert Text("취소선", frozenset({"strike"})) in para.inlines
    assert Text("코드", frozenset({"code"})) in para.inlines
    link = next(n for n in para.inlines if isinstance(n, Link))
    assert (link.url, link.title, inline_text(link.children)) == ("https://example.kr/r", "원문", "보고서")
    assert inline_text(para.inlines).endswith("담는다. 다음 줄은 이어진다.")


def test_markdown_lists_tables_figures_code():
    doc = read_markdown(MD)
    lst = doc.blocks[2]
    assert lst.ordered and lst.start == 3 and len(lst.items) == 2
    nested = lst.items[1].blocks[1]
    assert isinstance(nested, ListBlock) and not nested.ordered and len(nested.items) == 2
    table = doc.blocks[4]
    assert table.rows[0].header and not table.rows[1].header
    assert [block_text(c.blocks[0]) for c in table.rows[1].cells] == ["교육부", "95조"]
    fig = doc.blocks[5]
    assert (fig.src, fig.alt, inline_text(fig.caption)) == ("https://example.kr/a.jpg", "청사 전경", "정부 청사")
    assert doc.blocks[6].text == 'print("안녕")' and doc.blocks[6].language == "python"
    assert block_text(doc.blocks[3]) == "인용한 발언이다."


def test_plain_text_paragraphs_and_line_breaks():
    doc = read_text("\ufeff첫 문단 첫 줄\r\n첫 문단 둘째 줄\n\n  \n둘째 문단\n\n\n\n셋째 문단\n")
    assert len(doc.blocks) == 3
    first = doc.blocks[0]
    assert first.inlines == [Text("첫 문단 첫 줄"), LineBreak(), Text("첫 문단 둘째 줄")]
    assert [block_text(b) for b in doc.blocks[1:]] == ["둘째 문단", "셋째 문단"]
    assert read_text("").blocks == []
