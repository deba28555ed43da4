"""A bilingual lexicon induced from the corpus itself: every word of the case studies, embedded on its own by
the multilingual encoder; a query word's translations are its nearest words in the other languages.

'pandillas' finds 'gangs', 'homicidios' finds 'homicides', because the encoder maps both languages into one space.
Keyword search then matches case studies in either language. Word vectors also confuse neighbours, so the curated
glossary of the field's words (glossary.py) is asked first, and the vectors only for the words it does not know
(a new case study's words, a query's)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from indexer.glossary import Glossary
from indexer.glossary import load as load_glossary
from indexer.keyword import STOPWORDS, stems
from kb.practice import Practice
from kb.text import words

MIN_LENGTH = 3
SIMILARITY = 0.75  # a translation must be at least this close to the query word
PER_WORD = 2  # translations kept per query word and language
MEMO_LIMIT = 50_000  # words whose translations are remembered


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
    glossary: Glossary | None = None  # the curated translations asked first; None: the one that ships

    def __post_init__(self) -> None:
        self._known = {lang: frozenset(ws) for lang, ws in self.words.items()}
        self._row = {w: (lang, i) for lang, ws in self.words.items() for i, w in enumerate(ws)}
        self._memo: dict[str, tuple[str, ...]] = {}  # word -> its translations
        self._stems: frozenset[str] | None = None  # stems of the corpus words, for the glossary's translations

    def vector(self, word: str) -> np.ndarray | None:
        """The stored vector of a corpus word (the encoder need not embed it again)."""
        found = self._row.get(word)
        return None if found is None else self.vectors[found[0]][found[1]]

    def _glossary(self) -> Glossary:
        if self.glossary is None:
            self.glossary = load_glossary()
        return self.glossary

    def _curated(self, word: str) -> tuple[str, ...] | None:
        """The glossary's translations of ``word`` when one of them is a word of this corpus (by its stem); None
        otherwise: a translation no case study uses cannot match, and the word's vector may find one that does."""
        found = self._glossary().get(word)
        if not found:
            return found
        if self._stems is None:
            self._stems = frozenset(stem for ws in self.words.values() for w in ws for stem in stems(w))
        return found if any(stem in self._stems for t in found for stem in stems(t)) else None

    def remembers(self, word: str) -> bool:
        """Whether ``word``'s translations are known already, or the glossary's (its vector is then not needed)."""
        return word in self._memo or self._curated(word) is not None

    def translations(self, query_words: list[str], query_vectors) -> list[str]:
        """For each query word, its translations in the glossary, or, when the glossary does not know it, its
        nearest words in each language whose case studies do not use the word itself, when close enough.
        ``query_vectors`` holds each word's vector (an array's rows, or a list where a remembered word may have
        None). Each word's translations are computed once and remembered."""
        for word in query_words:
            if word not in self._memo and (found := self._curated(word)) is not None:
                self._memo[word] = found
        todo = [i for i, w in enumerate(query_words) if w not in self._memo and query_vectors[i] is not None]
        if todo and len(self._memo) > MEMO_LIMIT:  # queries bring endless new words: keep memory bounded
            self._memo.clear()
        if todo:
            found = self._translate([query_words[i] for i in todo], np.vstack([query_vectors[i] for i in todo]))
            for i, translations in zip(todo, found):
                self._memo[query_words[i]] = translations
        return [t for w in query_words for t in self._memo.get(w, ())]

    def _translate(self, query_words: list[str], query_vectors: np.ndarray) -> list[tuple[str, ...]]:
        out: list[list[str]] = [[] for _ in query_words]
        for lang, matrix in self.vectors.items():
            rows = [i for i, w in enumerate(query_words) if w not in self._known[lang]]
            if not rows or not len(matrix):
                continue  # every word is already there in that language
            sims = query_vectors[rows] @ matrix.T
            top = min(PER_WORD, sims.shape[1])
            nearest = np.argpartition(-sims, top - 1, axis=1)[:, :top]
            for n, row in enumerate(rows):
                for col in sorted(nearest[n], key=lambda c: -sims[n, c]):
                    if sims[n, col] >= SIMILARITY:
                        out[row].append(self.words[lang][col])
        return [tuple(x) for x in out]


def query_words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in words(text) if len(w) >= MIN_LENGTH and w not in STOPWORDS
                              and not w.isdigit()))
