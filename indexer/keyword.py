"""Text for the keyword index: folded (no accents, lower case) and stemmed in Spanish and English.

A query's language is not known, so each word is indexed and searched under its Spanish and its English
stem: 'violencias' and 'violence' both reach 'violenc'."""

from __future__ import annotations

from functools import lru_cache

from kb.text import words

try:  # snowballstemmer is a small pure-Python dependency; without it, words are matched unstemmed
    import snowballstemmer
except ImportError:  # pragma: no cover
    snowballstemmer = None

STOPWORDS = frozenset("""
a al algo ante antes como con contra cual cuando de del desde donde durante e el ella ellas ellos en entre era
es esa ese eso esta este esto estos fue fueron ha han hasta hay la las le les lo los mas me mi muy no nos o
otra otro para pero por que quien se ser si sin sobre su sus tambien tanto te tiene un una uno unos y ya
about after all also an and any are as at be been but by can could did do does for from had has have he her his
how i if in into is it its more most my not of on or our so some such than that the their them then there
these they this those to was we were what when where which who why will with would you your
""".split())


@lru_cache(maxsize=1)
def _stemmers():
    if snowballstemmer is None:
        return ()
    return (snowballstemmer.stemmer("spanish"), snowballstemmer.stemmer("english"))


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    found = {s.stemWord(word) for s in _stemmers()} or {word}
    return tuple(sorted(found))


def terms(text: str) -> list[str]:
    """Index terms of ``text``: every non-stopword's stems, in order."""
    out: list[str] = []
    for word in words(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        out.extend(stems(word))
    return out


def fts_document(text: str) -> str:
    return " ".join(terms(text))


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression: any of the query's terms (OR), each quoted so no word is an operator."""
    unique = sorted(set(terms(text)))
    return " OR ".join(f'"{t}"' for t in unique)
