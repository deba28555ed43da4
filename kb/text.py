"""Small text helpers shared by keyword search, snippets and the hashing encoder."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


def fold(text: str) -> str:
    """Lower case without accents: 'Intervención' -> 'intervencion'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded words of ``text``."""
    return WORD.findall(fold(text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def clean_query(text: str) -> str:
    """A query with control characters removed and whitespace collapsed."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())
