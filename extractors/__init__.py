"""Fetching and reading sources (URLs, HTML, DOCX, Markdown, text) into the document model."""
