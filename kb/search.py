"""Search: a query is embedded, passages are ranked, and hits are grouped by practice (a practice scores by
its best passage). The answer names the matching section and a snippet of it, with facet counts."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from indexer.encoders import Encoder
from indexer.reader import OpenIndex
from kb.errors import BadQuery, NotFound
from kb.filters import FacetTable, Filters
from kb.practice import Practice
from kb.snippets import snippet
from kb.text import clean_query

MIN_CANDIDATES = 64


@dataclass(frozen=True)
class Hit:
    practice: Practice
    score: float
    section: str
    snippet: str
    passage: int

    def to_dict(self) -> dict:
        m = self.practice.meta
        return {"id": m.id, "title": m.title, "country": m.country, "place": m.place, "language": m.language,
                "period": m.period, "evidence": m.evidence.level, "themes": list(m.themes),
                "score": round(self.score, 4), "section": self.section, "snippet": self.snippet}


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    total: int = 0  # practices that pass the filters

    def to_dict(self) -> dict:
        return {"query": self.query, "total": self.total, "results": [h.to_dict() for h in self.hits],
                "facets": self.facets}


def check_query(query: str, max_chars: int) -> str:
    """The query, cleaned; ``BadQuery`` when it is empty or too long."""
    if not isinstance(query, str):
        raise BadQuery("the query must be text")
    if len(query) > max_chars:
        raise BadQuery(f"the query is {len(query):,} characters long; at most {max_chars:,} are allowed "
                       "(for a whole plan draft, use suggestions)")
    cleaned = clean_query(query)
    if not cleaned:
        raise BadQuery("the query is empty; type a few words about the problem or the practice you look for")
    return cleaned


def check_k(k: int, max_k: int) -> int:
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= max_k:
        raise BadQuery(f"k must be a whole number from 1 to {max_k}; got {k!r}")
    return k


class QueryCache:
    """Query embeddings by text, least recently used first out. Thread-safe."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: str, value: np.ndarray) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


class Searcher:
    def __init__(self, index: OpenIndex, encoder: Encoder, *, max_query_chars: int = 1000, max_k: int = 50,
                 cache_size: int = 1024):
        if index.encoder != encoder.name:
            raise ValueError(f"index built with {index.encoder}, encoder is {encoder.name}")
        self.index = index
        self.encoder = encoder
        self.max_query_chars = max_query_chars
        self.max_k = max_k
        self.cache = QueryCache(cache_size)
        self.facets = FacetTable(index.practices)

    def check_query(self, query: str) -> str:
        return check_query(query, self.max_query_chars)

    def check_k(self, k: int) -> int:
        return check_k(k, self.max_k)

    def practice(self, practice_id: str) -> Practice:
        pos = self.index.position.get(practice_id)
        if pos is None:
            raise NotFound(f"no practice has the id {practice_id[:100]!r}")
        return self.index.practices[pos]

    # -- ranking ------------------------------------------------------------------------------------
    def embed_query(self, query: str) -> np.ndarray:
        vector = self.cache.get(query)
        if vector is None:
            vector = self.encoder.encode_queries([query])[0]
            self.cache.put(query, vector)
        return vector

    def _allowed(self, filters: Filters) -> np.ndarray:
        return self.facets.mask(filters)

    def _rank(self, vector: np.ndarray, allowed: np.ndarray, k: int,
              exclude: int | None = None) -> list[tuple[int, float, int]]:
        """Best practices as (practice position, score, best passage id), at most ``k``."""
        import faiss

        index = self.index
        if exclude is not None:
            allowed = allowed.copy()
            allowed[exclude] = False
        n_allowed = int(allowed.sum())
        if n_allowed == 0 or index.faiss.ntotal == 0:
            return []
        passage_ok = allowed[index.passage_practice]
        params = None
        pool = int(passage_ok.sum())
        if pool < index.faiss.ntotal:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.flatnonzero(passage_ok).astype(np.int64)))
        want = min(k, n_allowed)
        n = min(pool, max(MIN_CANDIDATES, 8 * k))
        query = vector.reshape(1, -1).astype(np.float32)
        while True:
            scores, ids = index.faiss.search(query, n, params=params)
            best: dict[int, tuple[float, int]] = {}
            for score, pid in zip(scores[0], ids[0]):
                if pid < 0:
                    continue
                owner = int(index.passage_practice[pid])
                if owner not in best:
                    best[owner] = (float(score), int(pid))
            if len(best) >= want or n >= pool:
                break
            n = min(pool, n * 4)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], index.practices[kv[0]].id))
        return [(pos, score, pid) for pos, (score, pid) in ranked[:k]]

    def _hit(self, pos: int, score: float, pid: int, query: str) -> Hit:
        ref = self.index.passages[pid]
        return Hit(self.index.practices[pos], score, ref.heading, snippet(ref.text, query), pid)

    # -- public -------------------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> SearchResult:
        query = self.check_query(query)
        k = self.check_k(k)
        filters = filters or Filters()
        allowed = self._allowed(filters)
        ranked = self._rank(self.embed_query(query), allowed, k)
        return SearchResult(query=query, hits=[self._hit(pos, s, pid, query) for pos, s, pid in ranked],
                            facets=self.facets.counts(filters), total=int(allowed.sum()))

    def similar(self, practice_id: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """Practices closest to ``practice_id``: by the mean of its passage vectors."""
        k = self.check_k(k)
        practice = self.practice(practice_id)
        pos = self.index.position[practice.id]
        own = np.flatnonzero(self.index.passage_practice == pos)
        centroid = self.index.vectors(own).mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
        allowed = self._allowed(filters or Filters())
        text = f"{practice.meta.title}. {practice.summary(300)}"
        return [self._hit(p, s, pid, text) for p, s, pid in self._rank(centroid, allowed, k, exclude=pos)]

    def list(self, filters: Filters | None = None) -> list[Practice]:
        mask = self.facets.mask(filters or Filters())
        return [p for p, ok in zip(self.index.practices, mask) if ok]
