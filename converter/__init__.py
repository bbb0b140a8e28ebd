"""The Hanja engine: lexicon, Kiwi analysis, disambiguation and rendering."""
from converter.api import analyze, convert
from converter.blocks import convert_document
from converter.render import render, render_word
from converter.segment import STYLES, Options, Segment

__all__ = ["analyze", "convert", "convert_document", "render", "render_word", "Options", "Segment", "STYLES"]
