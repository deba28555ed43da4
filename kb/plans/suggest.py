"""Suggest practices for a plan draft: section by section, explained, with the national policy's axes it
covers and monitoring indicators drawn from the suggested practices."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kb import vocab
from kb.plans.document import Section
from kb.plans.sections import diagnosis_query, need_query, sentences_of
from kb.practice import Practice
from kb.search import Hit, Searcher, lexicon_encoder
from kb.text import clean_query

SENTENCES_PER_SECTION = 12  # besides the section as a whole, up to this many of its sentences or list items
MAX_QUERIES = 400  # in all: a long plan gets fewer sentences per section (at least MIN_SENTENCES)
MIN_SENTENCES = 3
DEPTH = 15  # practices gathered per query
HEAD_WORDS = 30
AXIS_MARGIN = 0.05  # a section addresses the axes whose label is this close to its best axis label
AXIS_MIN = 0.30
THEME_MARGIN = 0.06
# A diagnosis section's own query ("3.3 Percepción de inseguridad", see sections.diagnosis_query) weighs as much as
# this share of all its sentences together: there the drafter needs ways to find out (surveys, observatories,
# participatory methods) as much as answers to the problems listed, which the axes' sections take up again
DIAGNOSIS_HEADING = 1.0
MAX_INDICATORS = 8
# A subsection is read within its part ("6.6.1 Ordenamiento del transporte local" under "6.6 Eje de seguridad vial"):
# the part's heading leads the section's own query, and the two headings together make one more query of this weight
PARENT_HEADING = 0.5
# The section as a whole is one more query of this weight: the mean of its queries' vectors, and keyword search for
# its heading, what its part of the plan asks for and its first WHOLE_WORDS words (the head query stops at HEAD_WORDS)
WHOLE_SECTION = 2.0
WHOLE_WORDS = 200


@dataclass
class Suggestion:
    practice: Practice
    score: float
    section: str  # heading of the practice's passage that matched
    snippet: str
    answers: str  # the sentence of the plan it answers
    axes: list[str]  # national-policy axes the plan section and the practice share
    themes: list[str]  # themes they share

    def why(self, lang: str = "es") -> str:
        shared = [vocab.label("gt_axes", a, lang) for a in self.axes] + \
                 [vocab.label("themes", t, lang) for t in self.themes]
        where = f"«{self.section}»" if self.section else "el resumen" if lang == "es" else "the summary"
        if lang == "es":
            text = f"Responde a «{_cut(self.answers)}»; coincide en {where} de la práctica"
            return text + (f"; comparten: {', '.join(shared)}." if shared else ".")
        text = f"Answers “{_cut(self.answers)}”; matches {where} of the practice"
        return text + (f"; shared: {', '.join(shared)}." if shared else ".")

    def to_dict(self) -> dict:
        m = self.practice.meta
        return {"id": m.id, "title": m.title, "country": m.country, "place": m.place, "language": m.language,
                "evidence": m.evidence.level, "score": round(self.score, 4), "section": self.section,
                "snippet": self.snippet, "answers": self.answers, "axes": self.axes, "themes": self.themes,
                "why": self.why()}


@dataclass
class SectionSuggestions:
    section: Section
    axes: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    def to_dict(self) -> dict:
        s = self.section
        return {"heading": s.heading, "excerpt": _cut(s.text, 300), "used": s.usable, "kind": s.kind,
                "axes": self.axes, "themes": self.themes, "suggestions": [x.to_dict() for x in self.suggestions]}


@dataclass
class PlanSuggestions:
    sections: list[SectionSuggestions]
    overall: list[Suggestion]
    addressed: list[str]
    missing: list[str]
    indicators: dict[str, list[str]]

    def to_dict(self) -> dict:
        return {"sections": [s.to_dict() for s in self.sections],
                "suggestions": [s.to_dict() for s in self.overall],
                "coverage": {"addressed": self.addressed, "missing": self.missing,
                             "indicators": self.indicators}}


@dataclass(frozen=True)
class SectionQuery:
    """One query made from a plan section: its text, its weight in the section's sum, and the words of the plan
    that a practice it finds answers."""
    text: str
    weight: float
    answers: str


def _cut(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


class Suggester:
    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self._labels: dict[str, tuple[list[str], np.ndarray]] = {}

    def _label_vectors(self, field_name: str) -> tuple[list[str], np.ndarray]:
        if field_name not in self._labels:
            terms = list(vocab.BY_FIELD[field_name].values())
            texts = [f"{t.es}. {t.en}" for t in terms]
            vectors = self.searcher.embed_queries(lexicon_encoder(self.searcher.index), texts)
            self._labels[field_name] = ([t.slug for t in terms], vectors)
        return self._labels[field_name]

    def _infer(self, vector: np.ndarray, field_name: str, margin: float, floor: float, most: int) -> list[str]:
        slugs, matrix = self._label_vectors(field_name)
        sims = matrix @ vector
        best = float(sims.max())
        order = np.argsort(-sims)[:most]
        return [slugs[i] for i in order if sims[i] >= max(best - margin, floor)]

    def queries(self, section: Section, sentences: int = SENTENCES_PER_SECTION) -> list[SectionQuery]:
        """The section as a whole (heading and first words), a diagnosis section's own query (its heading, and what
        that part of the diagnosis asks for), the query of a step of the planning (objectives, prioritised problems,
        evaluation: sections.need_query), then its first sentences or list items; cleaned and cut as the searcher
        would, so that their vectors are computed once."""
        limit = self.searcher.max_query_chars
        found = sentences_of(section)
        items = [clean_query(q)[:limit] for q in found[:sentences]]
        head = " ".join(section.text.split()[:HEAD_WORDS])
        # what a query answers in the plan's own words: the whole section's first sentence, a diagnosis query's
        # heading (not the words the query adds), or the sentence itself
        first = (found[:1] or [section.heading])[0]
        heading = f"{section.parent}. {section.heading}" if section.parent else section.heading
        out = [SectionQuery(clean_query(f"{heading}. {head}")[:limit], 1.0, first)]
        if section.parent:
            out.append(SectionQuery(clean_query(heading)[:limit], PARENT_HEADING, section.heading))
        diagnosis = diagnosis_query(section.heading)
        if diagnosis:
            out.append(SectionQuery(clean_query(diagnosis)[:limit], max(1.0, DIAGNOSIS_HEADING * len(items)),
                                    section.heading))
        need = need_query(section.heading)
        if need:
            out.append(SectionQuery(clean_query(need)[:limit], 1.0, section.heading))
        return out + [SectionQuery(item, 1.0, item) for item in items]

    def suggest(self, sections: list[Section], k: int = 5) -> PlanSuggestions:
        usable = [s for s in sections if s.usable]
        sentences = max(MIN_SENTENCES, min(SENTENCES_PER_SECTION, MAX_QUERIES // max(len(usable), 1) - 1))
        per_section = [self.queries(s, sentences) for s in usable]
        flat = [q.text for qs in per_section for q in qs]
        hits = self.searcher.search_many(flat, k=max(k, DEPTH), snippets=False) if flat else []
        wholes = self.searcher.search_blends([([q.text for q in qs], _whole_text(s))
                                              for s, qs in zip(usable, per_section)], k=max(k, DEPTH))
        first = lexicon_encoder(self.searcher.index)
        vectors = self.searcher.embed_queries(first, flat) if flat else np.zeros((0, 1))
        results: dict[int, SectionSuggestions] = {}
        start = 0
        for section, queries, whole in zip(usable, per_section, wholes):
            section_hits = hits[start:start + len(queries)] + [whole]
            head_vector = vectors[start]
            start += len(queries)
            # the whole section's practices answer what the head query answers, and their snippet is made for it
            queries = queries + [SectionQuery(queries[0].text, WHOLE_SECTION, queries[0].answers)]
            axes = self._infer(head_vector, "gt_axes", AXIS_MARGIN, AXIS_MIN, 2)
            themes = self._infer(head_vector, "themes", THEME_MARGIN, 0.0, 3)
            results[id(section)] = SectionSuggestions(section, axes, themes,
                                                      self._merge(queries, section_hits, axes, themes, k))
        out = [results.get(id(s), SectionSuggestions(s)) for s in sections]
        overall = diversify([x for r in out for x in r.suggestions])
        addressed = [a for a in vocab.GT_AXES if any(a in r.axes for r in out)]
        missing = [a for a in vocab.GT_AXES if a not in addressed]
        indicators = {a: _indicators(a, [x for r in out if a in r.axes for x in r.suggestions]) for a in addressed}
        return PlanSuggestions(out, overall, addressed, missing, indicators)

    def _merge(self, queries: list[SectionQuery], hits: list[list[Hit]], axes: list[str], themes: list[str],
               k: int) -> list[Suggestion]:
        """A practice's score in a section: the weighted sum of its (positive) scores over the section's queries,
        so that practices answering many of the section's sentences come first. It answers the sentence where it
        scored best. Snippets are made here, for the practices kept only."""
        total: dict[str, float] = {}
        best: dict[str, tuple[float, Hit, SectionQuery]] = {}
        for query, query_hits in zip(queries, hits):
            for hit in query_hits:
                pid = hit.practice.id
                total[pid] = total.get(pid, 0.0) + query.weight * max(hit.score, 0.0)
                if pid not in best or hit.score > best[pid][0]:
                    best[pid] = (hit.score, hit, query)
        ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        out = []
        for pid, score in ranked:
            _, hit, query = best[pid]
            m = hit.practice.meta
            shared_axes = [a for a in axes if a in m.gt_axes]
            shared_themes = [t for t in themes if t in m.themes]
            out.append(Suggestion(hit.practice, score, hit.section, self.searcher.snippet(hit, query.text),
                                  query.answers, shared_axes, shared_themes))
        return out


def _whole_text(section: Section) -> str:
    """What keyword search looks for in a section as a whole: its heading, what a diagnosis part or a step of the
    planning asks for (as its own queries do), and its text, up to WHOLE_WORDS words."""
    heading = f"{section.parent}. {section.heading}" if section.parent else section.heading
    asks = [q for q in (diagnosis_query(section.heading), need_query(section.heading)) if q]
    return " ".join(" ".join([heading, *asks, section.text]).split()[:WHOLE_WORDS])


def diversify(suggestions: list[Suggestion], penalty: float = 0.35) -> list[Suggestion]:
    """Each practice once (its best suggestion), ordered so that one theme does not fill the list: a practice
    loses ``penalty`` for each already chosen practice with the same first theme."""
    best: dict[str, Suggestion] = {}
    for s in suggestions:
        if s.practice.id not in best or s.score > best[s.practice.id].score:
            best[s.practice.id] = s
    pool = sorted(best.values(), key=lambda s: (-s.score, s.practice.id))
    chosen: list[Suggestion] = []
    seen: dict[str, int] = {}
    while pool:
        # the first of equals wins: max() keeps the earliest, which is the better-ranked
        n = max(range(len(pool)), key=lambda i: (pool[i].score - penalty * seen.get(pool[i].practice.meta.themes[0], 0),
                                                 -i))
        pick = pool.pop(n)
        chosen.append(pick)
        seen[pick.practice.meta.themes[0]] = seen.get(pick.practice.meta.themes[0], 0) + 1
    return chosen


def _indicators(axis: str, suggestions: list[Suggestion]) -> list[str]:
    out: list[str] = []
    for s in sorted(suggestions, key=lambda s: -s.score):
        if axis in s.practice.meta.gt_axes:
            for indicator in s.practice.meta.indicators:
                if indicator not in out:
                    out.append(indicator)
    return out[:MAX_INDICATORS]
