"""The shipped corpus answers the problems of Guatemalan municipalities (slow tier: the default encoder).
For each problem, a Spanish query's first five results hold at least three relevant practices (by their
themes, target groups or national-policy axes) from at least two countries."""

import pytest

from kb.service import KnowledgeBase
from kb.settings import DEFAULT_MODEL, Settings
from tests.conftest import REPO

pytestmark = pytest.mark.slow

PROBLEMS = [
    ("homicidios con armas de fuego", {"firearms-control", "armed-violence"}),
    ("violencia relacionada con el consumo de alcohol en bares y la vida nocturna", {"alcohol-regulation", "nightlife"}),
    ("jóvenes reclutados por maras y pandillas", {"youth-at-risk", "violence-interruption", "gang-involved"}),
    ("violencia contra las mujeres", {"gender-based-violence", "violence-against-women"}),
    ("violencia intrafamiliar en los hogares", {"domestic-violence", "family-support"}),
    ("maltrato y violencia contra niños y niñas", {"child-protection", "violence-against-children"}),
    ("muertes en accidentes de tránsito", {"road-safety", "road-violence"}),
    ("poca coordinación entre instituciones del municipio para prevenir la violencia", {"local-governance"}),
    ("no tenemos datos confiables sobre los delitos del municipio", {"crime-observatory"}),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    settings = Settings(practices=REPO / "practices", index=tmp_path_factory.mktemp("idx"), model=DEFAULT_MODEL)
    kb = KnowledgeBase(settings)
    kb.build()
    return kb.searcher


@pytest.mark.parametrize("query, labels", PROBLEMS)
def test_each_problem_finds_three_relevant_practices_from_two_countries(searcher, query, labels):
    hits = searcher.search(query, k=5).hits
    relevant = [h.practice for h in hits
                if labels & set(h.practice.meta.themes + h.practice.meta.gt_axes + h.practice.meta.target_groups)]
    assert len(relevant) >= 3, (query, [h.practice.id for h in hits])
    assert len({p.meta.country for p in relevant}) >= 2, (query, [p.id for p in relevant])
