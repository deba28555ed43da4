"""A short passage of a section that shows why it matched: the sentences sharing most words with the query."""

from __future__ import annotations

from functools import lru_cache

from kb.text import sentences, words

MAX_CHARS = 260


def _stems(text: str) -> frozenset[str]:
    return frozenset(w[:5] for w in words(text) if len(w) > 2)


@lru_cache(maxsize=256)
def _query_stems(query: str) -> frozenset[str]:
    """A query's stems, computed once for the ten or so hits of a search."""
    return _stems(query)


@lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """A passage's sentences with their word stems, computed once per passage."""
    return tuple((s, _stems(s)) for s in sentences(text))


def snippet(text: str, query: str, max_chars: int = MAX_CHARS) -> str:
    parts = _sentences(text)
    if not parts:
        return ""
    wanted = _query_stems(query)
    scores = [len(wanted & stems) for _, stems in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i)) if any(scores) else 0
    out = parts[best][0]
    nxt = best + 1
    while nxt < len(parts) and len(out) + 1 + len(parts[nxt][0]) <= max_chars:
        out += " " + parts[nxt][0]
        nxt += 1
    if len(out) > max_chars:
        out = out[:max_chars].rsplit(" ", 1)[0] + "…"
    return out
