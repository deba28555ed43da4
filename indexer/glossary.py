"""A bilingual glossary of the field's words, Spanish and English, made by people: keyword search takes a query
word's translations from here first, and from the lexicon induced from the encoder (lexicon.py) only for the words
the glossary lacks. Word vectors alone confuse neighbours ("upgrading" came out as "alumbrado", "colegiales" as
"preliminary"); a glossary does not, and it knows the field's words ("tugurios" are "slums").

``glossary.tsv`` (beside this module): ``lang``, ``word`` (lower case, accents stripped, as the keyword index folds
them) and ``translations`` into the other language, comma-separated; an empty ``translations`` says the word is
not worth translating (a name, a word without a topic). A word is looked up as it is, then by its Snowball stems,
so "pandilla" finds what "pandillas" has."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.keyword import STOPWORDS, stems
from kb.text import fold, words

PATH = Path(__file__).with_name("glossary.tsv")
MIN_LENGTH = 3


@dataclass(frozen=True)
class Glossary:
    by_word: dict[str, tuple[str, ...]]  # folded word -> the words of its translations
    by_stem: dict[str, tuple[str, ...]]  # a Snowball stem of a glossary word -> the same

    def get(self, word: str) -> tuple[str, ...] | None:
        """The translations of a folded query word, () for a word the glossary leaves untranslated, or None when
        the glossary does not know it."""
        found = self.by_word.get(word)
        if found is not None:
            return found
        for stem in stems(word):
            if stem in self.by_stem:
                return self.by_stem[stem]
        return None

    def __len__(self) -> int:
        return len(self.by_word)


def parse(lines) -> Glossary:
    """A glossary from the rows of a glossary file (header ``lang word translations``; '#' starts a comment)."""
    rows = csv.DictReader((line for line in lines if line.strip() and not line.startswith("#")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
    by_word: dict[str, list[str]] = {}
    for row in rows:
        word = fold((row.get("word") or "").strip())
        if not word:
            continue
        found = by_word.setdefault(word, [])
        for term in words(row.get("translations") or ""):
            if len(term) >= MIN_LENGTH and term not in STOPWORDS and term != word and term not in found:
                found.append(term)
    by_stem: dict[str, list[str]] = {}
    for word, found in sorted(by_word.items()):
        if not found:
            continue  # a word left untranslated is no reason to leave its relatives so
        for stem in stems(word):
            merged = by_stem.setdefault(stem, [])
            merged.extend(t for t in found if t not in merged)
    return Glossary({w: tuple(t) for w, t in by_word.items()}, {s: tuple(t) for s, t in by_stem.items()})


@lru_cache(maxsize=1)
def load(path: Path = PATH) -> Glossary:
    """The glossary that ships (read once, at the first keyword translation); empty when the file is missing."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return parse(f)
    except FileNotFoundError:
        return Glossary({}, {})
