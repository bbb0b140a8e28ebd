"""The document model shared by extractors, the converter and the writers (no dependencies)."""
from document.model import (MARKS, Text, Word, LineBreak, Link, Inline, Heading, Paragraph, ListItem, ListBlock, Cell, Row, Table, BlockQuote, Figure, CodeBlock, Rule, Block, Metadata, Document)
from document.walk import (block_text, child_blocks, document_text, inline_lists, inline_text,
                           iter_blocks, map_inlines, words)

__all__ = ['MARKS', 'Text', 'Word', 'LineBreak', 'Link', 'Inline', 'Heading', 'Paragraph', 'ListItem', 'ListBlock', 'Cell', 'Row', 'Table', 'BlockQuote', 'Figure', 'CodeBlock', 'Rule', 'Block', 'Metadata', 'Document', 'block_text', 'child_blocks', 'document_text', 'inline_lists', 'inline_text', 'iter_blocks', 'map_inlines', 'words']
