"""A bilingual glossary of the field's words, Spanish and English, made by people: keyword search takes a query
word's translations from here first, and from the lexicon induced from the encoder (lexicon.py) only for the words
the glossary lacks. Word vectors alone confuse neighbours ("upgrading" came out as "alumbrado", "colegiales" as
"preliminary"); a glossary does not, and it knows the field's words ("tugurios" are "slums").

``glossary.tsv`` (beside this module): ``lang``, ``word`` (lower case, accents stripped, as the keyword index folds
them) and ``translations`` into the other language, comma-separated; an empty ``translations`` says the word is
not worth translating (a name, a word without a topic). A word is looked up as it is, then by its Snowball stems,
so "pandilla" finds what "pandillas" has.

Documents are translated too, at indexing: each passage's words get their first translation (the main sense), kept
in a keyword field of their own, so a query finds a case study in the other language by the words of either
(indexer/build.py, kb/ranking.py)."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
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
    main: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded word -> the words of its first translation
    main_by_stem: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a stem -> the same, of its first word

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

    def main_sense(self, word: str) -> tuple[str, ...]:
        """The words of the first translation of a folded word (its main sense: "after-hours clubs"), looked up as
        ``get`` does; () when the glossary does not translate it."""
        if word in self.main:
            return self.main[word]
        return next((self.main_by_stem[stem] for stem in stems(word) if stem in self.main_by_stem), ())

    def translate(self, text: str) -> str:
        """Each word of ``text`` in its main sense: a document's words in the other language (one sense each, so
        that a long text does not gather every sense of its words)."""
        return " ".join(t for word in words(text) if word not in STOPWORDS for t in self.main_sense(word))


def parse(lines) -> Glossary:
    """A glossary from the rows of a glossary file (header ``lang word translations``; '#' starts a comment)."""
    rows = csv.DictReader((line for line in lines if line.strip() and not line.startswith("#")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
    by_word: dict[str, list[str]] = {}
    main: dict[str, tuple[str, ...]] = {}

    def kept(text: str, word: str) -> list[str]:
        return [t for t in words(text) if len(t) >= MIN_LENGTH and t not in STOPWORDS and t != word]

    for row in rows:
        word = fold((row.get("word") or "").strip())
        if not word:
            continue
        translations = row.get("translations") or ""
        found = by_word.setdefault(word, [])
        found.extend(t for t in dict.fromkeys(kept(translations, word)) if t not in found)
        main.setdefault(word, tuple(kept(translations.split(",")[0], word)))
    by_stem: dict[str, list[str]] = {}
    main_by_stem: dict[str, tuple[str, ...]] = {}
    for word, found in sorted(by_word.items()):
        if not found:
            continue  # a word left untranslated is no reason to leave its relatives so
        for stem in stems(word):
            merged = by_stem.setdefault(stem, [])
            merged.extend(t for t in found if t not in merged)
            if main[word]:
                main_by_stem.setdefault(stem, main[word])
    return Glossary({w: tuple(t) for w, t in by_word.items()}, {s: tuple(t) for s, t in by_stem.items()}, main,
                    main_by_stem)


def digest(path: Path | None = None) -> str:
    """The sha256 of the glossary file ("" when there is none): an index records the glossary its documents were
    translated with, and is built again when the file changes."""
    try:
        return hashlib.sha256(Path(path or PATH).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


@lru_cache(maxsize=1)
def load(path: Path | None = None) -> Glossary:
    """The glossary that ships (read once, at the first keyword translation); empty when the file is missing."""
    try:
        with open(path or PATH, encoding="utf-8", newline="") as f:
            return parse(f)
    except FileNotFoundError:
        return Glossary({}, {})
