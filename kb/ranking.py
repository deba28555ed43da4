"""How the retrievers' scores become one ranking.

Each retriever's practice scores are standardised per query (z-scores over the candidate practices; for
some retrievers within each document language, since e.g. e5 prefers documents in the query's language),
then summed with weights. With a single retriever the raw score is kept, so a dense score stays a cosine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kb.retrieval import KEYWORD, PracticeScores


@dataclass(frozen=True)
class Ranking:
    weights: dict[str, float]  # retriever name ("keyword" or an encoder's name) -> weight
    per_language: frozenset[str] = field(default_factory=frozenset)
    keyword_same_language: bool = False  # keyword scores count only for documents in the query's language
    translate_keywords: bool = False  # keyword search also looks for the query words' translations (lexicon)
    # keyword search also scores the passages' words as the glossary translates them (a field of their own), with
    # this weight beside their own words
    document_translations: float = 0.0
    second_passage: float = 0.0  # a dense retriever's practice score adds this share of its 2nd-best passage
    # Pseudo-relevance feedback (Rocchio): each dense query vector moves towards the mean of the best passages
    # of the first ranking's top ``feedback_docs`` practices, by ``feedback_weight``; the dense retrievers then
    # search again and the scores are fused again. The practices found first pull in ones described in other
    # words, often in the other language.
    feedback_docs: int = 0
    feedback_weight: float = 0.0
    # a practice whose evaluation matches what the query asks of it ("evaluated by lottery", "showed no effect":
    # kb.intent) gains this much, in the standardised scores' units (the first encoder weighs 1.0)
    evidence_prior: float = 0.0

    @classmethod
    def single(cls, name: str) -> "Ranking":
        return cls({name: 1.0})

    @property
    def retrievers(self) -> list[str]:
        return [name for name, w in self.weights.items() if w > 0]


def _standardise(values: np.ndarray) -> np.ndarray:
    if not len(values):
        return np.zeros_like(values)
    centred = values - values.sum() / len(values)
    std = float(np.sqrt(centred @ centred / len(values)))
    return centred / std if std > 1e-9 else np.zeros_like(values)


def _dense(run: PracticeScores, candidates: np.ndarray, second: float) -> np.ndarray:
    """A dense retriever's practice scores: the best passage, plus ``second`` times the second-best (the best
    again for a practice with one passage). A practice not retrieved gets the lowest retrieved score."""
    if run.best_all is not None:  # every passage was scored: index the arrays
        at = np.asarray(candidates, dtype=np.int64)
        best = run.best_all[at]
        missing = ~(best > -np.inf)
        if missing.any():
            retrieved = run.best_all[run.best_all > -np.inf]
            best[missing] = retrieved.min() if len(retrieved) else 0.0
        if second:
            other = run.second_all[at]
            best = best + second * np.where(other > -np.inf, other, best)
        return best
    floor = min(run.scores.values(), default=0.0)
    ids = np.asarray(candidates).tolist()
    best = np.array([run.scores.get(c, floor) for c in ids], dtype=np.float64)
    if second:
        best = best + second * np.array([run.second.get(c, run.scores.get(c, floor)) for c in ids])
    return best


def _keyword(run: PracticeScores, candidates: np.ndarray) -> np.ndarray:
    """Keyword scores of the candidates; 0 for a practice without any of the query's terms."""
    if run.best_all is not None:
        raw = run.best_all[np.asarray(candidates, dtype=np.int64)]
        return np.where(raw > -np.inf, raw, 0.0)
    return np.array([run.scores.get(c, 0.0) for c in np.asarray(candidates).tolist()], dtype=np.float64)


def fuse(ranking: Ranking, runs: dict[str, PracticeScores], candidates: np.ndarray, languages: list[str],
         query_language: str | None, prior: np.ndarray | None = None) -> np.ndarray:
    """The fused score of each candidate practice (positions in ``candidates``' order), plus what each practice
    gains from ``prior`` (a score per practice position) when given."""
    fused = _fuse(ranking, runs, candidates, languages, query_language)
    return fused if prior is None else fused + prior[np.asarray(candidates, dtype=np.int64)]


def _fuse(ranking: Ranking, runs: dict[str, PracticeScores], candidates: np.ndarray, languages: list[str],
          query_language: str | None) -> np.ndarray:
    names = [n for n in ranking.retrievers if n in runs]
    if len(names) == 1 and names[0] not in ranking.per_language and \
            not (names[0] == KEYWORD and ranking.keyword_same_language):
        if names[0] == KEYWORD:
            return _keyword(runs[KEYWORD], candidates)
        return _dense(runs[names[0]], candidates, ranking.second_passage)
    total = np.zeros(len(candidates), dtype=np.float64)
    by_language = ranking.per_language or ranking.keyword_same_language
    langs = np.array([languages[c] for c in np.asarray(candidates).tolist()]) if by_language else None
    for name in names:
        run = runs[name]
        if name == KEYWORD:
            raw = _keyword(run, candidates)
            if ranking.keyword_same_language and query_language is not None:
                raw[langs != query_language] = 0.0
        else:
            raw = _dense(run, candidates, ranking.second_passage)
        if name in ranking.per_language:
            z = np.zeros_like(raw)
            for lang in set(langs.tolist()):
                group = langs == lang
                z[group] = _standardise(raw[group])
        else:
            z = _standardise(raw)
        total += ranking.weights[name] * z
    return total


def default_ranking(encoders: list[str]) -> Ranking:
    """The ranking that ships: the first encoder (a practice scored by its best passage and 0.6 of its second)
    fused with keyword search, at weight 0.7, that looks for the query words and their translations in the
    passages' words and, at half weight, in their translations; then one round of pseudo-relevance feedback from
    the top 3 practices at weight 0.6; a practice whose evaluation is what the query asks for ("evaluated by lottery":
    a randomised trial; "showed no effect") gains 1.0, a standard deviation of the encoder's scores. Measured with
    ``kb eval``; other encoders of the index are left out because e5-small costs 20 ms per query here."""
    return Ranking({encoders[0]: 1.0, KEYWORD: 0.7}, translate_keywords=True, document_translations=0.5,
                   second_passage=0.6, feedback_docs=3, feedback_weight=0.6, evidence_prior=1.0)
