"""Small text helpers shared by keyword search, snippets and the hashing encoder."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents: 'Intervención' -> 'intervencion'."""
    text = text.casefold()
    if text.isascii():
        return text
    return COMBINING.sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    """Folded words of ``text``."""
    return WORD.findall(fold(text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


SPACES = re.compile(r"\s+")


def clean_query(text: str) -> str:
    """A query with control characters removed and whitespace collapsed. Character by character only where
    something other than whitespace is not printable: a plan's queries are long, and most are plain."""
    if not text.isprintable():
        text = SPACES.sub(" ", text)
        if not text.isprintable():
            text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())
