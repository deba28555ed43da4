"""Search filters on the practices' facets: OR within a facet, AND across facets; and facet counts."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from kb import vocab
from kb.countries import ISO_CODES
from kb.errors import BadQuery
from kb.model import ISO_639_1
from kb.practice import Practice

# Facet name (the filter's parameter name) -> the values a practice has for it.
FACETS: Mapping[str, Callable[[Practice], tuple[str, ...]]] = {
    "country": lambda p: (p.meta.country,),
    "theme": lambda p: tuple(p.meta.themes),
    "target_group": lambda p: tuple(p.meta.target_groups),
    "gt_axis": lambda p: tuple(p.meta.gt_axes),
    "evidence": lambda p: (p.meta.evidence.level,),
    "language": lambda p: (p.meta.language,),
}

_ALLOWED: Mapping[str, tuple[frozenset[str], str]] = {
    "country": (ISO_CODES, "an ISO 3166-1 alpha-2 country code such as CO, or EU"),
    "theme": (frozenset(vocab.THEMES), "a theme: " + ", ".join(vocab.THEMES)),
    "target_group": (frozenset(vocab.TARGET_GROUPS), "a target group: " + ", ".join(vocab.TARGET_GROUPS)),
    "gt_axis": (frozenset(vocab.GT_AXES), "an axis: " + ", ".join(vocab.GT_AXES)),
    "evidence": (frozenset(vocab.EVIDENCE_LEVELS), "an evidence level: " + ", ".join(vocab.EVIDENCE_LEVELS)),
    "language": (ISO_639_1, "an ISO 639-1 language code such as es or en"),
}


@dataclass(frozen=True)
class Filters:
    country: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    target_group: tuple[str, ...] = ()
    gt_axis: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    language: tuple[str, ...] = ()

    @classmethod
    def of(cls, **values: Iterable[str] | None) -> "Filters":
        """Filters from lists of values, each checked against its vocabulary (``BadQuery`` names a bad one)."""
        clean: dict[str, tuple[str, ...]] = {}
        for name, given in values.items():
            if name not in _ALLOWED:
                raise BadQuery(f"unknown filter {name!r}; filters are: {', '.join(_ALLOWED)}")
            items = tuple(dict.fromkeys(v.strip() for v in (given or ()) if v and v.strip()))
            allowed, what = _ALLOWED[name]
            for item in items:
                if item not in allowed:
                    raise BadQuery(f"unknown {name} {item[:80]!r}; expected {what}")
            clean[name] = items
        return cls(**clean)

    def active(self) -> dict[str, tuple[str, ...]]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


class FacetTable:
    """The practices' facet values as boolean matrices, so that filtering and counting are array operations.
    Facet counts do not depend on the query, so they are kept per filter combination."""

    def __init__(self, practices: Sequence[Practice], cache_size: int = 256):
        self.size = len(practices)
        self.values: dict[str, list[str]] = {}
        self.matrix: dict[str, np.ndarray] = {}
        for name, values_of in FACETS.items():
            per_practice = [values_of(p) for p in practices]
            values = sorted({v for vs in per_practice for v in vs})
            column = {v: i for i, v in enumerate(values)}
            m = np.zeros((self.size, len(values)), dtype=bool)
            for row, vs in enumerate(per_practice):
                m[row, [column[v] for v in vs]] = True
            self.values[name], self.matrix[name] = values, m
        self.counts = lru_cache(maxsize=cache_size)(self._counts)

    def _facet_mask(self, name: str, wanted: tuple[str, ...]) -> np.ndarray:
        columns = [i for i, v in enumerate(self.values[name]) if v in wanted]
        return self.matrix[name][:, columns].any(axis=1)

    def mask(self, filters: Filters, skip: str | None = None) -> np.ndarray:
        """Which practices pass every active filter (but ``skip``)."""
        out = np.ones(self.size, dtype=bool)
        for name, wanted in filters.active().items():
            if name != skip:
                out &= self._facet_mask(name, wanted)
        return out

    def _counts(self, filters: Filters) -> dict[str, dict[str, int]]:
        """For each facet, how many practices have each value among those that pass every *other* filter
        (so choosing one country still shows how many practices the other countries have)."""
        out: dict[str, dict[str, int]] = {}
        for name, values in self.values.items():
            sums = self.matrix[name][self.mask(filters, skip=name)].sum(axis=0)
            pairs = [(v, int(n)) for v, n in zip(values, sums) if n]
            out[name] = dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))
        return out
