"""Retrievers: each scores passages for a query, and a practice takes the score of its best passage.

Dense retrievers search one encoder's vectors (a matrix scored with numpy, or an HNSW graph in FAISS); the
keyword retriever scores BM25 over accent-folded, Spanish- and English-stemmed terms from the index's postings
(the same scores as its SQLite FTS5 table)."""

from __future__ import annotations

import sqlite3

import numpy as np

from indexer.encoders import Encoder
from indexer.bm25 import tokens, top
from indexer.keyword import fts_query, terms
from indexer.reader import OpenIndex

KEYWORD = "keyword"


class PracticeScores:
    """One retriever's view of a query, per practice position: the best passage's score and id, and the
    second-best passage's score (when retrieved).

    Built either from dicts (a search that retrieved some passages) or, when every passage was scored, from
    arrays over all practice positions (``best_all``, ``second_all``; ``-inf``: nothing retrieved), whose dict
    views are then made only if asked for: a query reads the arrays, and the passages of a few practices."""

    def __init__(self, scores: dict[int, float], passages: dict[int, int], second: dict[int, float] | None = None):
        self._scores, self._passages, self._second = scores, passages, second if second is not None else {}
        self.best_all: np.ndarray | None = None
        self.second_all: np.ndarray | None = None
        self._passage_scores: np.ndarray | None = None
        self._starts: np.ndarray | None = None

    @classmethod
    def of_all(cls, passage_scores: np.ndarray, starts: np.ndarray, best: np.ndarray,
               second: np.ndarray) -> "PracticeScores":
        run = cls({}, {})
        run._scores = run._passages = run._second = None
        run.best_all, run.second_all = best, second
        run._passage_scores, run._starts = passage_scores, starts
        return run

    def found(self) -> np.ndarray:
        """Positions of the practices with a retrieved passage, ascending."""
        if self.best_all is not None:
            return np.flatnonzero(self.best_all > -np.inf)
        return np.array(sorted(self._scores), dtype=np.int64)

    def passage(self, pos: int) -> int | None:
        """The id of practice ``pos``'s best passage (the lowest id among equal scores), or None."""
        if self.best_all is None:
            return self._passages.get(pos)
        if not self.best_all[pos] > -np.inf:
            return None
        start = int(self._starts[pos])
        return start + int(np.argmax(self._passage_scores[start:self._starts[pos + 1]]))

    @property
    def scores(self) -> dict[int, float]:
        if self._scores is None:
            found = self.found()
            self._scores = dict(zip(found.tolist(), self.best_all[found].tolist()))
        return self._scores

    @property
    def passages(self) -> dict[int, int]:
        if self._passages is None:
            self._passages = {pos: self.passage(pos) for pos in self.found().tolist()}
        return self._passages

    @property
    def second(self) -> dict[int, float]:
        if self._second is None:
            two = np.flatnonzero(self.second_all > -np.inf)
            self._second = dict(zip(two.tolist(), self.second_all[two].tolist()))
        return self._second


def best_by_practice(ids: np.ndarray, scores: np.ndarray, owner: np.ndarray) -> PracticeScores:
    """Passages (best first) grouped by practice: each practice's first and second passage."""
    keep = ids >= 0
    ids, scores = ids[keep], scores[keep]
    owners = owner[ids]
    _, first = np.unique(owners, return_index=True)  # the first occurrence is the best passage
    rest = np.ones(len(ids), dtype=bool)
    rest[first] = False
    _, second = np.unique(owners[rest], return_index=True)
    firsts, seconds = owners[first].tolist(), owners[rest][second].tolist()
    return PracticeScores(dict(zip(firsts, scores[first].tolist())), dict(zip(firsts, ids[first].tolist())),
                          dict(zip(seconds, scores[rest][second].tolist())))


class PracticeGroups:
    """How passages are laid out by practice: practice ``i`` owns passages ``starts[i]:starts[i+1]`` (each at
    least one). When little room is wasted, scores are also spread on a grid of practices by their most passages,
    where a practice's best and second-best scores are one row-wise partition (half the time of the grouped
    reductions on the shipped corpus)."""

    def __init__(self, starts: np.ndarray):
        self.starts = np.asarray(starts, dtype=np.int64)
        self.lengths = np.diff(self.starts)
        count, n = len(self.lengths), int(self.starts[-1]) if len(self.starts) else 0
        self.width = int(self.lengths.max()) if count else 0
        self.grid = bool(count) and count * self.width <= 4 * n + 4096
        if self.grid:
            offsets = np.arange(n) - np.repeat(self.starts[:-1], self.lengths)
            self.slots = np.repeat(np.arange(count), self.lengths) * self.width + offsets


def best_of_all(scores: np.ndarray, groups: PracticeGroups | np.ndarray, second: bool = True) -> PracticeScores:
    """The same as ``best_by_practice`` for a score of every passage (``-inf`` where a passage is not retrieved),
    passages grouped by practice (``groups``, or the practices' ``starts``): linear, no sorting. A practice's
    second score is its best again when two of its passages share the best score; with ``second=False`` it is
    not computed (all ``-inf``)."""
    if len(scores) == 0:
        return PracticeScores({}, {})
    if not isinstance(groups, PracticeGroups):
        groups = PracticeGroups(groups)
    width = groups.width
    if groups.grid:
        grid = np.full(len(groups.lengths) * width, -np.inf, dtype=scores.dtype)
        grid[groups.slots] = scores
        grid = grid.reshape(-1, width)
        if second and width > 1:
            top = np.partition(grid, width - 2, axis=1)  # the largest last, the second largest before it
            best, runner_up = top[:, width - 1], top[:, width - 2]
        else:
            best, runner_up = grid.max(axis=1), None
    else:
        starts = groups.starts[:-1]
        best = np.maximum.reduceat(scores, starts)
        runner_up = None
        if second:
            at_best = scores == np.repeat(best, groups.lengths)
            ties = np.add.reduceat(at_best, starts)
            runner_up = np.maximum.reduceat(np.where(at_best, -np.inf, scores), starts)
            runner_up = np.where(ties > 1, best, runner_up)
    if runner_up is None:
        runner_up = np.full(len(best), -np.inf)
    return PracticeScores.of_all(scores, groups.starts, best.astype(np.float64), runner_up.astype(np.float64))


class DenseRetriever:
    def __init__(self, index: OpenIndex, encoder: Encoder):
        self.name = encoder.name
        self.encoder = encoder
        self.index = index
        self.vectors = index.dense[encoder.name]
        # an exact index's matrix (None for an approximate one): scoring every passage is one matrix product
        self.matrix = self.vectors.matrix if self.vectors.ntotal else None

    def scores_all(self, vector: np.ndarray, passage_ok: np.ndarray | None) -> np.ndarray | None:
        """Every passage's score (``-inf`` where ``passage_ok`` forbids it), or None for an approximate index."""
        if self.matrix is None:
            return None
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        if passage_ok is not None:
            scores[~passage_ok] = -np.inf
        return scores

    def search(self, vector: np.ndarray, n: int, passage_ok: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` best passages (ids, scores) among those ``passage_ok`` allows (all when None)."""
        return self.vectors.search(vector, n, passage_ok)


def _tokens(query: str) -> list[str]:
    """The keyword index's tokens of a query: its stemmed terms, as FTS5 would split them."""
    return tokens(" ".join(terms(query)))


class KeywordRetriever:
    name = KEYWORD

    def __init__(self, index: OpenIndex):
        self.index = index

    def scores(self, query: str, translated: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """(every passage's score, whether it has any of the query's terms): FTS5's ``bm25()`` scores, computed in
        memory from the index's postings (``indexer.bm25``), plus ``translated`` times the BM25 score of the
        passage's words as the glossary translates them (a field of their own)."""
        found = _tokens(query)
        total, matched = self.index.postings.scores(found)
        if translated:
            extra, also = self.index.translated_postings.scores(found)
            total, matched = total + translated * extra, matched | also
        return total, matched

    def search(self, query: str, n: int, passage_ok: np.ndarray | None, translated: float = 0.0
               ) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` best passages by ``scores`` (ids, scores; higher is better) among those ``passage_ok`` allows."""
        return top(*self.scores(query, translated), n, passage_ok)

    def scores_all(self, query: str, passage_ok: np.ndarray | None, translated: float = 0.0) -> np.ndarray:
        """Every passage's ``scores``, ``-inf`` where it has none of the query's terms or ``passage_ok`` forbids it."""
        total, matched = self.scores(query, translated)
        if passage_ok is not None:
            matched &= passage_ok
        total = total.astype(np.float32)
        total[~matched] = -np.inf
        return total

    def search_fts(self, query: str, n: int, passage_ok: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The same as ``search``, asked of SQLite FTS5 (the reference the in-memory scores are tested against)."""
        expression = fts_query(query)
        if not expression:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # Ask for more rows when a filter will drop some; FTS5 cannot filter by our mask itself.
        limit = n if passage_ok is None else min(self.index.size, n * 4)
        try:
            rows = self.index.db().execute(
                "SELECT rowid, -bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
                "ORDER BY bm25(passages_fts) LIMIT ?", (expression, limit)).fetchall()
        except sqlite3.OperationalError:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        scores = np.fromiter((r[1] for r in rows), dtype=np.float32, count=len(rows))
        if passage_ok is not None and len(ids):
            keep = passage_ok[ids]
            ids, scores = ids[keep][:n], scores[keep][:n]
        return ids, scores
