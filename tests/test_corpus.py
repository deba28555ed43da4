"""The shipped corpus stays valid and keeps its coverage: per country, per theme, per national-policy axis."""

import re
from collections import Counter

import pytest

from kb import vocab
from kb.corpus import load
from tests.conftest import REPO

EUROPE = {"AT", "BE", "DE", "DK", "ES", "EU", "FI", "FR", "GB", "IE", "IS", "IT", "NL", "NO", "PL", "PT", "SE"}
CENTRAL_LATIN_AMERICA = {"BR", "CL", "CR", "GT", "HN", "MX", "NI", "PA", "PE", "SV", "UY", "EC", "BO", "DO"}
SECTIONS = {"es": {"Resumen", "Contexto", "Intervención", "Resultados", "Lecciones y transferibilidad"},
            "en": {"Summary", "Context", "Intervention", "Results", "Lessons and transferability"}}


@pytest.fixture(scope="module")
def corpus():
    return load(REPO / "practices")


def test_every_case_study_is_valid(corpus):
    assert [str(p) for p in corpus.problems] == []


def test_size_and_regions(corpus):
    countries = Counter(p.meta.country for p in corpus.practices)
    assert len(corpus.practices) >= 70
    assert countries["CO"] >= 20
    assert countries["AR"] >= 12
    assert sum(n for c, n in countries.items() if c in EUROPE) >= 20
    assert sum(n for c, n in countries.items() if c in CENTRAL_LATIN_AMERICA) >= 8
    assert countries["GT"] >= 1


def test_every_theme_at_least_twice_and_every_axis_at_least_four_times(corpus):
    themes = Counter(t for p in corpus.practices for t in p.meta.themes)
    axes = Counter(a for p in corpus.practices for a in p.meta.gt_axes)
    assert {t: themes[t] for t in vocab.THEMES if themes[t] < 2} == {}
    assert {a: axes[a] for a in vocab.GT_AXES if axes[a] < 4} == {}


def test_both_languages_are_well_represented(corpus):
    languages = Counter(p.meta.language for p in corpus.practices)
    assert languages["es"] >= 30 and languages["en"] >= 20


def test_length_sections_and_sources(corpus):
    for p in corpus.practices:
        words = len(re.findall(r"\w+", p.body))
        assert 300 <= words <= 700, (p.id, words)
        headings = {s.heading for s in p.sections}
        assert SECTIONS[p.meta.language] <= headings, (p.id, SECTIONS[p.meta.language] - headings)
        assert p.meta.sources, p.id


def test_ids_match_file_names(corpus):
    for p in corpus.practices:
        assert p.rel == f"{p.id}.md"
