"""Query expansion with the bilingual vocabularies: a query that names a theme, target group or axis in one
language gains that term's label in the other, so that keyword search (and the encoders) meet case studies
written in either language."""

from __future__ import annotations

from functools import lru_cache

from indexer.keyword import terms
from kb import vocab

FIELDS = ("themes", "target_groups", "gt_axes")


@lru_cache(maxsize=1)
def _labels() -> list[tuple[frozenset[str], str, str]]:
    """(content terms of a label, the label's language, the slug's labels in both languages) per label."""
    out = []
    for field in FIELDS:
        for term in vocab.BY_FIELD[field].values():
            for lang, label in (("es", term.es), ("en", term.en)):
                needed = frozenset(terms(label))
                if needed:
                    out.append((needed, lang, f"{term.es}. {term.en}"))
    return out


def vocabulary_terms(query: str) -> list[str]:
    """The bilingual labels of every vocabulary term whose label's words all occur in ``query``."""
    have = set(terms(query))
    found: list[str] = []
    for needed, _lang, both in _labels():
        if needed <= have and both not in found:
            found.append(both)
    return found


def expand(query: str) -> str:
    """``query`` followed by the labels of the vocabulary terms it names, in both languages."""
    extra = vocabulary_terms(query)
    return query if not extra else f"{query}. {' '.join(extra)}"
