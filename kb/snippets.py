"""A short passage of a section that shows why it matched: the sentences sharing most words with the query."""

from __future__ import annotations

from kb.text import sentences, words

MAX_CHARS = 260


def _stem(word: str) -> str:
    return word[:5]


def snippet(text: str, query: str, max_chars: int = MAX_CHARS) -> str:
    parts = sentences(text)
    if not parts:
        return ""
    wanted = {_stem(w) for w in words(query) if len(w) > 2}
    scores = [len(wanted & {_stem(w) for w in words(s)}) for s in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i)) if any(scores) else 0
    out = parts[best]
    nxt = best + 1
    while nxt < len(parts) and len(out) + 1 + len(parts[nxt]) <= max_chars:
        out += " " + parts[nxt]
        nxt += 1
    if len(out) > max_chars:
        out = out[:max_chars].rsplit(" ", 1)[0] + "…"
    return out
