"""Errors raised when a source cannot be fetched or read."""
from __future__ import annotations


class SourceError(Exception):
    """A source (URL or file) that could not be used; str() is one line naming the source."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{source}: {self.reason}" if source else self.reason)


class FetchError(SourceError):
    """A URL that could not be fetched (network, HTTP status, limits)."""


class ExtractionError(SourceError):
    """Content that could not be read into a document (corrupt, empty, unsupported)."""
