"""A bilingual lexicon induced from the corpus itself: every word of the case studies, embedded on its own by
the multilingual encoder; a query word's translations are its nearest words in the other languages.

No dictionary ships and none is needed: 'pandillas' finds 'gangs', 'homicidios' finds 'homicides', because the
encoder maps both languages into one space. Keyword search then matches case studies in either language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from indexer.keyword import STOPWORDS
from kb.practice import Practice
from kb.text import words

MIN_LENGTH = 3
SIMILARITY = 0.75  # a translation must be at least this close to the query word
PER_WORD = 2  # translations kept per query word and language


def vocabulary(practices: Iterable[Practice]) -> dict[str, list[str]]:
    """Words of the case studies by the language they are written in, sorted."""
    counts: dict[str, Counter] = {}
    for p in practices:
        bag = counts.setdefault(p.meta.language, Counter())
        bag.update(w for w in words(f"{p.meta.title} {p.body}")
                   if len(w) >= MIN_LENGTH and w not in STOPWORDS and not w.isdigit())
    return {lang: sorted(bag) for lang, bag in sorted(counts.items())}


@dataclass
class Lexicon:
    words: dict[str, list[str]]  # language -> words
    vectors: dict[str, np.ndarray]  # language -> (n words, dimension), unit rows

    def __post_init__(self) -> None:
        self._known = {lang: frozenset(ws) for lang, ws in self.words.items()}

    def translations(self, query_words: list[str], query_vectors: np.ndarray) -> list[str]:
        """For each query word, its nearest words in each language whose case studies do not use the word
        itself, when close enough."""
        out: list[str] = []
        for lang, matrix in self.vectors.items():
            if not len(matrix):
                continue
            sims = query_vectors @ matrix.T
            best = np.argsort(-sims, axis=1)[:, :PER_WORD + 1]
            for row, word in enumerate(query_words):
                if word in self._known[lang]:
                    continue  # the word is already there in that language
                kept = 0
                for col in best[row]:
                    candidate = self.words[lang][col]
                    if candidate == word:
                        continue
                    if sims[row, col] < SIMILARITY or kept == PER_WORD:
                        break
                    out.append(candidate)
                    kept += 1
        return out


def query_words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in words(text) if len(w) >= MIN_LENGTH and w not in STOPWORDS
                              and not w.isdigit()))
