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

    @classmethod
    def single(cls, name: str) -> "Ranking":
        return cls({name: 1.0})

    @property
    def retrievers(self) -> list[str]:
        return [name for name, w in self.weights.items() if w > 0]


def _standardise(values: np.ndarray) -> np.ndarray:
    std = float(values.std())
    return (values - values.mean()) / std if std > 1e-9 else np.zeros_like(values)


def fuse(ranking: Ranking, runs: dict[str, PracticeScores], candidates: list[int], languages: list[str],
         query_language: str | None) -> np.ndarray:
    """The fused score of each candidate practice (positions in ``candidates``' order)."""
    names = [n for n in ranking.retrievers if n in runs]
    if len(names) == 1 and names[0] not in ranking.per_language and \
            not (names[0] == KEYWORD and ranking.keyword_same_language):
        run = runs[names[0]]
        floor = min(run.scores.values(), default=0.0)
        return np.array([run.scores.get(c, floor) for c in candidates], dtype=np.float64)
    total = np.zeros(len(candidates), dtype=np.float64)
    langs = np.array([languages[c] for c in candidates])
    for name in names:
        run = runs[name]
        if name == KEYWORD:
            raw = np.array([run.scores.get(c, 0.0) for c in candidates], dtype=np.float64)
            if ranking.keyword_same_language and query_language is not None:
                raw[langs != query_language] = 0.0
        else:
            floor = min(run.scores.values(), default=0.0)
            raw = np.array([run.scores.get(c, floor) for c in candidates], dtype=np.float64)
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
    """The ranking that ships for an index with these encoders."""
    return Ranking.single(encoders[0])
