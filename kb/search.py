"""Search: a query is embedded, passages are ranked, and hits are grouped by practice (a practice scores by
its best passage). The answer names the matching section and a snippet of it, with facet counts."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from indexer.encoders import Encoder
from indexer.lexicon import query_words
from indexer.reader import OpenIndex
from kb.errors import BadQuery, NotFound
from kb.filters import FacetTable, Filters
from kb.intent import NEEDS, EvidenceNeed, evidence_needs
from kb.language import guess
from kb.practice import Practice
from kb.ranking import Ranking, fuse
from kb.retrieval import (KEYWORD, DenseRetriever, KeywordRetriever, PracticeGroups, PracticeScores, best_by_practice,
                          best_of_all)
from kb.snippets import snippet
from kb.text import clean_query


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
    translations: list[str] = field(default_factory=list)  # the query words' translations keyword search also used
    evidence: list[str] = field(default_factory=list)  # what the query asked of the evaluations (kb.intent's names)

    def to_dict(self) -> dict:
        return {"query": self.query, "total": self.total, "results": [h.to_dict() for h in self.hits],
                "facets": self.facets, "translations": self.translations, "evidence_asked": self.evidence}


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


def lexicon_encoder(index: OpenIndex) -> str:
    """The encoder that embedded the index's lexicon (its first)."""
    return index.manifest.encoders[0]["name"]


def _followed(query: str, translations: list[str]) -> str:
    """The query followed by its words' translations."""
    return f"{query} {' '.join(translations)}" if translations else query


EXACT_LIMIT = 50_000  # up to this many passages every passage is scored; beyond, candidates are gathered


def _candidates(runs: dict[str, PracticeScores]) -> np.ndarray:
    """Positions of the practices any run retrieved, ascending."""
    for run in runs.values():  # a run that scored every passage of every practice retrieved them all
        if run.best_all is not None and bool((run.best_all > -np.inf).all()):
            return np.arange(len(run.best_all))
    found = [r.found() for r in runs.values()]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


class Searcher:
    """Ranks practices for a query with one or more retrievers (see ``kb.ranking``). Thread-safe."""

    def __init__(self, index: OpenIndex, encoders: Encoder | Sequence[Encoder], ranking: Ranking | None = None, *,
                 max_query_chars: int = 1000, max_k: int = 50, cache_size: int = 1024):
        encoders = [encoders] if isinstance(encoders, Encoder) else list(encoders)
        names = "+".join(e.name for e in encoders)
        if index.encoder != names:
            raise ValueError(f"index built with {index.encoder}, encoders are {names}")
        self.index = index
        self.encoders = encoders
        self.model = names
        self.dense = {e.name: DenseRetriever(index, e) for e in encoders}
        self.keyword = KeywordRetriever(index)
        self.ranking = ranking or Ranking.single(encoders[0].name)
        unknown = [n for n in self.ranking.retrievers if n != KEYWORD and n not in self.dense]
        if unknown:
            raise ValueError(f"the ranking uses {unknown}, which the index has no vectors for")
        self.max_query_chars = max_query_chars
        self.max_k = max_k
        self.cache = QueryCache(cache_size)
        self.facets = FacetTable(index.practices)
        self.languages = [p.meta.language for p in index.practices]
        # for each thing a query may ask of the evaluations (kb.intent), the practices whose evidence says so
        self._evidence = {need.name: np.array([need.matches(p.meta.evidence.level, p.meta.evidence.design)
                                               for p in index.practices], dtype=bool) for need in NEEDS}
        self._groups = PracticeGroups(index.practice_starts) if index.practice_starts is not None else None

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
    def embed_queries(self, encoder: str, texts: list[str]) -> np.ndarray:
        """Query vectors by ``encoder``, from the cache where known; the rest embedded in one batch."""
        keys = [f"{encoder}\x00{t}" for t in texts]
        found = {key: self.cache.get(key) for key in keys}  # each text once
        missing = [key for key, vector in found.items() if vector is None]
        if missing:
            fresh = self.dense[encoder].encoder.encode_queries([key.split("\x00", 1)[1] for key in missing])
            for key, vector in zip(missing, fresh):
                found[key] = vector
                self.cache.put(key, vector)
        return np.vstack([found[key] for key in keys])

    def embed_query(self, encoder: str, query: str) -> np.ndarray:
        return self.embed_queries(encoder, [query])[0]

    def _unknown_words(self, query: str) -> list[str]:
        """The query's words that must be embedded (``_to_embed``)."""
        return self._to_embed(query_words(query))

    def _to_embed(self, words: list[str]) -> list[str]:
        """The words that must be embedded: the lexicon has no vector for them and has not translated them before."""
        lexicon = self.index.lexicon
        return [w for w in words if lexicon.vector(w) is None and not lexicon.remembers(w)]

    def translations(self, query: str, embedded: dict[str, np.ndarray] | None = None) -> list[str]:
        """The query words' translations, from the glossary or the index's lexicon. Words the lexicon must
        translate by their vector are embedded (or taken from ``embedded``)."""
        lexicon = self.index.lexicon
        found = query_words(query)
        if not found or not lexicon.vectors:
            return []
        fresh = dict(embedded or {})
        unknown = [w for w in self._unknown_words(query) if w not in fresh]
        if unknown:
            fresh.update(zip(unknown, self.embed_queries(lexicon_encoder(self.index), unknown)))
        return lexicon.translations(found, [fresh[w] if w in fresh else lexicon.vector(w) for w in found])

    def bilingual(self, query: str, embedded: dict[str, np.ndarray] | None = None) -> str:
        """The query followed by its words' translations: what keyword search looks for."""
        return _followed(query, self.translations(query, embedded))

    def _runs(self, vectors: dict[str, np.ndarray], keywords: str | None, n: int, passage_ok: np.ndarray | None,
              translated: float = 0.0) -> dict[str, PracticeScores]:
        owner = self.index.passage_practice
        if n >= self.index.size and self.index.practice_starts is not None:
            # every passage is scored: a matrix product and a grouped maximum instead of a sorted search
            runs = {}
            groups = self._groups
            for name, vector in vectors.items():
                scores = self.dense[name].scores_all(vector, passage_ok)
                runs[name] = best_of_all(scores, groups) if scores is not None else \
                    best_by_practice(*self.dense[name].search(vector, n, passage_ok), owner)
            if keywords is not None:  # fusion reads only the best keyword score
                runs[KEYWORD] = best_of_all(self.keyword.scores_all(keywords, passage_ok, translated), groups,
                                            second=False)
            return runs
        runs = {name: best_by_practice(*self.dense[name].search(vector, n, passage_ok), owner)
                for name, vector in vectors.items()}
        if keywords is not None:
            runs[KEYWORD] = best_by_practice(*self.keyword.search(keywords, n, passage_ok, translated), owner)
        return runs

    def _feedback(self, vectors: dict[str, np.ndarray], runs: dict[str, PracticeScores], top: list[int],
                  weight: float) -> dict[str, np.ndarray]:
        """Each dense query vector moved towards the mean of the best passages of practices ``top`` (Rocchio),
        normalised again."""
        moved = {}
        for name, vector in vectors.items():
            passages = [p for p in (runs[name].passage(pos) for pos in top) if p is not None]
            if not passages:
                continue
            centre = self.index.vectors(name, np.array(passages, dtype=np.int64)).sum(axis=0) / len(passages)
            shifted = np.asarray(vector, dtype=np.float32) + weight * centre
            norm = float(np.sqrt(shifted @ shifted))
            if norm > 0:
                moved[name] = shifted / norm
        return moved

    def _rank(self, vectors: dict[str, np.ndarray], keywords: str | None, allowed: np.ndarray, k: int,
              ranking: Ranking, language: str | None = None, prior: np.ndarray | None = None
              ) -> list[tuple[int, float, int]]:
        """Best practices as (practice position, score, passage to show), at most ``k``. ``vectors`` holds the
        query's vector per dense retriever; ``keywords`` the keyword query (None: no keyword search); ``prior`` a score
        each practice gains (by position), or None."""
        n_allowed = int(allowed.sum())
        if n_allowed == 0 or self.index.size == 0:
            return []
        passage_ok = allowed[self.index.passage_practice]
        pool = int(passage_ok.sum())
        if pool == self.index.size:
            passage_ok = None
        want = min(k, n_allowed)
        n = pool if pool <= EXACT_LIMIT else min(pool, max(256, 32 * k))
        while True:
            runs = self._runs(vectors, keywords, n, passage_ok, ranking.document_translations)
            candidates = _candidates(runs)
            if len(candidates) >= want or n >= pool:
                break
            n = min(pool, n * 4)
        if not len(candidates):
            return []
        # best first; equal scores by practice id (candidates are ascending positions, and positions follow the
        # ids: the index lists practices by id), so a stable sort of the scores is the order
        fused = fuse(ranking, runs, candidates, self.languages, language, prior)
        if ranking.feedback_docs and ranking.feedback_weight and vectors:
            top = candidates[np.argsort(-fused, kind="stable")[:ranking.feedback_docs]].tolist()
            moved = self._feedback(vectors, runs, top, ranking.feedback_weight)
            if moved:
                runs.update(self._runs(moved, None, n, passage_ok))
                candidates = _candidates(runs)
                fused = fuse(ranking, runs, candidates, self.languages, language, prior)
        order = np.argsort(-fused, kind="stable")[:k]
        shown = [runs[n] for n in ranking.retrievers if n in runs]
        out = []
        for pos, score in zip(candidates[order].tolist(), fused[order].tolist()):
            passage = next((p for p in (run.passage(pos) for run in shown) if p is not None), None)
            out.append((pos, score, passage))
        return out

    def _prior(self, query: str, ranking: Ranking) -> tuple[np.ndarray | None, list[EvidenceNeed]]:
        """What the query asks of the practices' evaluations, and the score each practice gains for it (None when
        the ranking gives no weight to it or the query asks nothing)."""
        needs = evidence_needs(query) if ranking.evidence_prior else []
        if not needs:
            return None, []
        gain = np.logical_or.reduce([self._evidence[n.name] for n in needs]).astype(np.float64)
        return ranking.evidence_prior * gain, needs

    def _hit(self, pos: int, score: float, pid: int, query: str | None) -> Hit:
        """A hit; with its snippet for ``query``, or none when ``query`` is None."""
        ref = self.index.passages[pid]
        shown = snippet(ref.text, query) if query is not None else ""
        return Hit(self.index.practices[pos], score, ref.heading, shown, pid)

    def _queries(self, queries: list[str], ranking: Ranking) -> list[tuple[dict[str, np.ndarray], str | None]]:
        """Each query's vector for each dense retriever, and its keyword query (with translations when asked).
        The queries and their words unknown to the lexicon go to each encoder in one batch."""
        dense = [name for name in ranking.retrievers if name != KEYWORD]
        first = lexicon_encoder(self.index)
        translate = KEYWORD in ranking.retrievers and ranking.translate_keywords
        unknown = self._words_to_embed(queries) if first in dense and translate else []
        batches = {name: self.embed_queries(name, queries + (unknown if name == first else [])) for name in dense}
        words = dict(zip(unknown, batches[first][len(queries):])) if unknown else {}
        keywords = self._keyword_queries(queries, ranking, words)
        return [({name: batches[name][i] for name in dense}, keywords[i]) for i in range(len(queries))]

    def _words_to_embed(self, texts: list[str]) -> list[str]:
        """The texts' words that must be embedded (``_to_embed``), each once, sorted."""
        return self._to_embed(sorted({w for t in texts for w in query_words(t)}))

    def _keyword_queries(self, texts: list[str], ranking: Ranking,
                         words: dict[str, np.ndarray] | None = None) -> list[str | None]:
        """Each text's keyword query (None: the ranking has no keyword search): the text, followed by its words'
        translations when the ranking asks for them. The words the lexicon must embed are taken from ``words`` or
        embedded in one batch, and every word of the texts is translated at once."""
        if KEYWORD not in ranking.retrievers:
            return [None] * len(texts)
        if not ranking.translate_keywords:
            return list(texts)
        words = dict(words or {})
        found = [query_words(t) for t in texts]
        every = sorted({w for ws in found for w in ws})
        unknown = [w for w in self._to_embed(every) if w not in words]
        if unknown:
            words.update(zip(unknown, self.embed_queries(lexicon_encoder(self.index), unknown)))
        lexicon = self.index.lexicon
        if len(texts) > 1 and lexicon.vectors:  # translate every word of the batch at once
            if every:
                lexicon.translations(every, [words[w] if w in words else lexicon.vector(w) for w in every])
            # every word's translations are remembered now: no vector is looked up again
            return [_followed(t, lexicon.translations(ws, [None] * len(ws))) for t, ws in zip(texts, found)]
        return [self.bilingual(t, words) for t in texts]

    # -- public -------------------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               ranking: Ranking | None = None) -> SearchResult:
        query = self.check_query(query)
        k = self.check_k(k)
        filters = filters or Filters()
        ranking = ranking or self.ranking
        allowed = self.facets.mask(filters)
        [(vectors, keywords)] = self._queries([query], ranking)
        prior, needs = self._prior(query, ranking)
        ranked = self._rank(vectors, keywords, allowed, k, ranking, guess(query), prior)
        # the translations were remembered by the lexicon while the keyword query was made: no new work
        translated = list(dict.fromkeys(self.translations(query))) if keywords not in (None, query) else []
        return SearchResult(query=query, hits=[self._hit(pos, s, pid, query) for pos, s, pid in ranked],
                            facets=self.facets.counts(filters), total=int(allowed.sum()), translations=translated,
                            evidence=[n.name for n in needs])

    def snippet(self, hit: Hit, query: str) -> str:
        """The snippet of ``hit``'s passage for ``query`` (for hits found with ``snippets=False``)."""
        return snippet(self.index.passages[hit.passage].text, query)

    def search_many(self, queries: list[str], k: int = 10, ranking: Ranking | None = None,
                    snippets: bool = True) -> list[list[Hit]]:
        """Hits for many queries at once (no filters, no facets): the encoders see them in one batch. Queries
        longer than the limit are cut, not refused: they come from documents, not from people. With
        ``snippets=False`` the hits carry no snippet (``snippet()`` makes one for the hits kept)."""
        ranking = ranking or self.ranking
        cleaned = [clean_query(q)[: self.max_query_chars] for q in queries]
        allowed = np.ones(len(self.index.practices), dtype=bool)
        todo = list(dict.fromkeys(q for q in cleaned if q))  # a query asked twice is ranked once
        found: dict[str, list[Hit]] = {"": []}
        for query, (vectors, keywords) in zip(todo, self._queries(todo, ranking) if todo else []):
            prior, _ = self._prior(query, ranking)
            ranked = self._rank(vectors, keywords, allowed, k, ranking, guess(query), prior)
            shown = query if snippets else None
            found[query] = [self._hit(pos, s, pid, shown) for pos, s, pid in ranked]
        return [list(found[q]) for q in cleaned]

    def search_blends(self, blends: list[tuple[list[str], str]], k: int = 10,
                      ranking: Ranking | None = None) -> list[list[Hit]]:
        """Hits for queries each made of others (no filters, no snippets, no evidence asked: the parts ask it): a
        blend ``(parts, text)`` searches each dense retriever with the mean of its parts' vectors, and keyword search
        with ``text`` (with translations when the ranking asks for them). A plan section is so searched as a whole
        without embedding all of its text: its parts are its queries, already asked, whose vectors are cached."""
        ranking = ranking or self.ranking
        dense = [name for name in ranking.retrievers if name != KEYWORD]
        allowed = np.ones(len(self.index.practices), dtype=bool)
        out: list[list[Hit]] = []
        cleaned = [([c for c in (clean_query(p)[: self.max_query_chars] for p in parts) if c], clean_query(text))
                   for parts, text in blends]
        keywords = self._keyword_queries([text for _, text in cleaned], ranking)
        for (parts, text), keyword in zip(cleaned, keywords):
            if not parts and not text:
                out.append([])
                continue
            vectors = {}
            for name in dense if parts else []:
                mean = self.embed_queries(name, parts).mean(axis=0)
                vectors[name] = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
            ranked = self._rank(vectors, keyword if text else None, allowed, k, ranking, guess(text or parts[0]))
            out.append([self._hit(pos, s, pid, None) for pos, s, pid in ranked])
        return out

    def similar(self, practice_id: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """Practices closest to ``practice_id``: by the mean of its passage vectors, for each encoder."""
        k = self.check_k(k)
        practice = self.practice(practice_id)
        pos = self.index.position[practice.id]
        own = np.flatnonzero(self.index.passage_practice == pos)
        dense = [n for n in self.ranking.retrievers if n != KEYWORD] or [self.encoders[0].name]
        vectors = {}
        for name in dense:
            centroid = self.index.vectors(name, own).mean(axis=0)
            vectors[name] = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
        allowed = self.facets.mask(filters or Filters()).copy()
        allowed[pos] = False
        ranking = Ranking({n: self.ranking.weights.get(n, 1.0) for n in dense}, self.ranking.per_language)
        text = f"{practice.meta.title}. {practice.summary(300)}"
        return [self._hit(p, s, pid, text) for p, s, pid in self._rank(vectors, None, allowed, k, ranking)]

    def list(self, filters: Filters | None = None) -> list[Practice]:
        mask = self.facets.mask(filters or Filters())
        return [p for p, ok in zip(self.index.practices, mask) if ok]
