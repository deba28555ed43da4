"""A pack resolved against the knowledge base, ready to be written in any format: the pack's own words in its
language, each practice's facts as labels (never slugs) and the sections of its case study a seminar uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb import vocab
from kb.countries import country_label
from kb.markdown import Section
from kb.model import FrontMatter, Source
from kb.packs.model import Pack, PackItem
from kb.practice import Practice

LABELS = {
    "workshop": ("Material de taller", "Workshop material"),
    "contents": ("Índice", "Contents"),
    "intro": ("Introducción", "Introduction"),
    "audience": ("Destinatarios", "Audience"),
    "date": ("Fecha", "Date"),
    "practices_count": ("{n} prácticas", "{n} practices"),
    "place": ("Lugar", "Place"),
    "period": ("Periodo", "Period"),
    "evidence": ("Evidencia", "Evidence"),
    "design": ("diseño", "design"),
    "case_language": ("Idioma del caso", "Language of the case"),
    "note": ("Para el taller", "For the workshop"),
    "sources": ("Fuentes", "Sources"),
    "annex": ("Anexo: comparación de las prácticas", "Annex: the practices compared"),
    "practice": ("Práctica", "Practice"),
    "country": ("País", "Country"),
    "themes": ("Temas", "Themes"),
    "target_groups": ("Población", "Target groups"),
    "page": ("Página", "Page"),
    "prepared": ("Preparado con la base de conocimiento de prácticas de prevención de la violencia y el delito.",
                 "Prepared with the knowledge base of violence- and crime-prevention practices."),
}
LANGUAGE_NAMES = {"es": ("español", "Spanish"), "en": ("inglés", "English"), "fr": ("francés", "French"),
                  "pt": ("portugués", "Portuguese"), "de": ("alemán", "German"), "nl": ("neerlandés", "Dutch"),
                  "it": ("italiano", "Italian")}

# The sections of a case study a pack shows, in this order, by their heading in either language.
KINDS = (
    ("summary", ("resumen", "summary")),
    ("intervention", ("intervención", "intervencion", "intervention")),
    ("results", ("resultados", "results")),
    ("lessons", ("lecciones y transferibilidad", "lessons and transferability", "lecciones", "lessons")),
)


def t(key: str, lang: str, **values: Any) -> str:
    es, en = LABELS[key]
    text = en if lang == "en" else es
    return text.format(**values) if values else text


def _kind(heading: str) -> str | None:
    folded = heading.strip().casefold()
    for kind, names in KINDS:
        if folded in names or (kind == "lessons" and folded.startswith(names[2:])):
            return kind
    return None


def pack_sections(practice: Practice) -> list[Section]:
    """The case study's summary, intervention, results and lessons sections, with their own headings, in the
    format's order. Text before the first heading stands in for a missing summary."""
    found: dict[str, Section] = {}
    for s in practice.sections:
        kind = _kind(s.heading) if s.heading else None
        if kind and kind not in found and s.text.strip():
            found[kind] = s
    if "summary" not in found and practice.sections and not practice.sections[0].heading:
        found["summary"] = practice.sections[0]
    return [found[kind] for kind, _ in KINDS if kind in found]


@dataclass(frozen=True)
class Entry:
    number: int
    item: PackItem
    practice: Practice
    sections: list[Section]

    @property
    def meta(self) -> FrontMatter:
        return self.practice.meta

    @property
    def anchor(self) -> str:
        return f"p-{self.practice.id}"

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.meta.title}"


@dataclass(frozen=True)
class PackDocument:
    pack: Pack
    entries: list[Entry]

    @classmethod
    def of(cls, pack: Pack, practices) -> "PackDocument":
        """``practices``: a searcher or a mapping id -> practice; unknown ids raise ``InvalidPack``."""
        resolved = pack.resolve(practices)
        return cls(pack, [Entry(n, item, practice, pack_sections(practice))
                          for n, (item, practice) in enumerate(resolved, 1)])

    @property
    def lang(self) -> str:
        return self.pack.language

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)

    def label(self, field: str, slug: str) -> str:
        return vocab.label(field, slug, self.lang)

    def labels(self, meta: FrontMatter, field: str) -> str:
        return ", ".join(meta.labels(field, self.lang))

    def country(self, meta: FrontMatter) -> str:
        return country_label(meta.country, self.lang)

    def place(self, meta: FrontMatter) -> str:
        place = self.label("scale", "national") if meta.place == "national" else meta.place
        return f"{place}, {self.country(meta)}"

    def evidence(self, meta: FrontMatter) -> str:
        """'Prometedora (diseño: Cuasi-experimental)': the level and the design, as labels."""
        level = self.label("evidence", meta.evidence.level)
        design = meta.evidence.design
        if design and design != "none":
            return f"{level} ({self.t('design')}: {self.label('design', design).lower()})"
        return level

    def case_language(self, meta: FrontMatter) -> str | None:
        """The case study's language in words, when it is not the pack's."""
        if meta.language == self.lang:
            return None
        names = LANGUAGE_NAMES.get(meta.language)
        return (names[1] if self.lang == "en" else names[0]) if names else meta.language

    def facts(self, entry: Entry) -> list[tuple[str, str]]:
        """(label, value) lines shown under a practice's title."""
        m = entry.meta
        out = [(self.t("place"), self.place(m)), (self.t("period"), m.period),
               (self.t("evidence"), self.evidence(m))]
        language = self.case_language(m)
        if language:
            out.append((self.t("case_language"), language))
        return out

    def annex_header(self) -> list[str]:
        return [self.t("practice"), self.t("country"), self.t("themes"), self.t("target_groups"), self.t("evidence")]

    def annex_rows(self) -> list[list[str]]:
        return [[entry.heading, self.country(entry.meta), self.labels(entry.meta, "themes"),
                 self.labels(entry.meta, "target_groups"), self.label("evidence", entry.meta.evidence.level)]
                for entry in self.entries]

    def subtitle(self) -> list[str]:
        """Lines of the title page under the title: audience, date, how many practices."""
        p = self.pack
        out = []
        if p.audience:
            out.append(f"{self.t('audience')}: {p.audience}")
        if p.date:
            out.append(f"{self.t('date')}: {p.date}")
        out.append(self.t("practices_count", n=len(self.entries)))
        return out


def source_text(source: Source) -> str:
    return source.title + (f" ({source.year})" if source.year else "")
