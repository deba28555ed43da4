"""BM25 in memory over the keyword index's terms: the scores of SQLite FTS5's ``bm25()`` (k1 = 1.2, b = 0.75, the
same IDF and document lengths), computed with numpy from postings that the build saves beside the FTS5 table.

FTS5 computes ``bm25()`` row by row in its auxiliary-function interface; for a query whose terms are common
(a bilingual query matches most passages) that is most of a search's time outside the encoder. Postings
in arrays score every passage of a term at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.topn import best

K1 = 1.2
B = 0.75
FILE = "keywords.npz"
TRANSLATED_FILE = "keywords-translated.npz"  # the passages' words translated by the glossary, a field of their own
_TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps as one token


def tokens(document: str) -> list[str]:
    """The tokens FTS5 sees in an FTS document (terms joined by spaces)."""
    return _TOKEN.findall(document.lower())


@dataclass(frozen=True)
class Postings:
    """For each term, the passages that contain it and how often (CSR: ``indptr[t]:indptr[t+1]``)."""

    vocabulary: dict[str, int]
    indptr: np.ndarray  # int64, one more than the terms
    docs: np.ndarray  # int32 passage ids, ascending within a term
    freqs: np.ndarray  # uint16 occurrences of the term in the passage
    lengths: np.ndarray  # float32 tokens per passage

    def __post_init__(self):
        # Each posting's BM25 weight does not depend on the query (a query's terms count once each), so it is
        # computed once here: a search only gathers and sums its terms' weights.
        n = len(self.lengths)
        average = max(float(self.lengths.mean()), 1e-9) if n else 1.0
        norm = K1 * (1 - B + B * self.lengths.astype(np.float64) / average)
        per_term = np.diff(self.indptr)
        idf = np.log((n - per_term + 0.5) / (per_term + 0.5))
        idf[idf <= 0] = 1e-6  # as FTS5: a term in more than half the rows still counts a little
        tf = self.freqs.astype(np.float64)
        weights = np.repeat(idf, per_term) * tf * (K1 + 1) / (tf + norm[self.docs])
        object.__setattr__(self, "_weights", weights.astype(np.float32))

    @classmethod
    def build(cls, documents: list[str]) -> "Postings":
        """Postings of FTS documents, in passage order (passage ``i`` is ``documents[i]``)."""
        per_term: dict[str, list[tuple[int, int]]] = {}
        lengths = np.zeros(len(documents), dtype=np.float32)
        for doc, text in enumerate(documents):
            found = tokens(text)
            lengths[doc] = len(found)
            counts: dict[str, int] = {}
            for token in found:
                counts[token] = counts.get(token, 0) + 1
            for token, count in counts.items():
                per_term.setdefault(token, []).append((doc, count))
        terms = sorted(per_term)
        indptr = np.zeros(len(terms) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(per_term[t]) for t in terms])
        docs = np.fromiter((d for t in terms for d, _ in per_term[t]), dtype=np.int32, count=int(indptr[-1]))
        freqs = np.fromiter((min(c, 65535) for t in terms for _, c in per_term[t]), dtype=np.uint16,
                            count=int(indptr[-1]))
        return cls({t: i for i, t in enumerate(terms)}, indptr, docs, freqs, lengths)

    @property
    def size(self) -> int:
        return len(self.lengths)

    def save(self, path: Path) -> None:
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        with open(path, "wb") as f:
            np.savez(f, terms=np.array("\n".join(terms)), indptr=self.indptr, docs=self.docs, freqs=self.freqs,
                     lengths=self.lengths)

    @classmethod
    def load(cls, path: Path) -> "Postings":
        with np.load(path, allow_pickle=False) as data:
            text = str(data["terms"])
            terms = text.split("\n") if text else []
            return cls({t: i for i, t in enumerate(terms)}, data["indptr"], data["docs"], data["freqs"],
                       data["lengths"])

    def scores(self, query_tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(BM25 score of every passage, whether it contains any query token). Tokens count once each, as in
        an FTS5 query that ORs them."""
        n = self.size
        found = np.array(sorted({self.vocabulary[t] for t in query_tokens if t in self.vocabulary}), dtype=np.int64)
        if n == 0 or not len(found):
            return np.zeros(n, dtype=np.float64), np.zeros(n, dtype=bool)
        starts, lens = self.indptr[found], self.indptr[found + 1] - self.indptr[found]
        # every posting of every query term at once: positions start..end of each term, concatenated
        at = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) + np.arange(int(lens.sum()))
        total = np.bincount(self.docs[at], weights=self._weights[at], minlength=n)
        return total, total > 0  # every weight is positive: a passage with a query term scores above 0

    def search(self, query_tokens: list[str], n: int, passage_ok: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` best passages (ids, scores; best first, ties by id) among those containing a query token
        and allowed by ``passage_ok``."""
        return top(*self.scores(query_tokens), n, passage_ok)


def top(total: np.ndarray, matched: np.ndarray, n: int, passage_ok: np.ndarray | None = None
        ) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` best passages by ``total`` (ids, scores; best first, ties by id) among those ``matched`` and allowed
    by ``passage_ok``."""
    if passage_ok is not None:
        matched = matched & passage_ok
    ids = np.flatnonzero(matched)
    ids, scores = best(ids, total[ids], n)
    return ids.astype(np.int64), scores.astype(np.float32)
