"""What a query asks of the practices' evaluations (kb.intent)."""

import pytest

from kb.intent import evidence_needs, label


@pytest.mark.parametrize("query, needs", [
    ("qué programas de prevención se han evaluado por sorteo con grupo de control", ["randomised trial"]),
    ("school-wide approach against bullying evaluated with a randomised trial", ["randomised trial"]),
    ("programa antiacoso escolar con evidencia de ensayo controlado", ["randomised trial"]),
    ("ejemplos evaluados con sorteo o con barrios de comparación", ["randomised trial", "comparison group"]),
    ("quasi-experimental evaluations of youth programmes", ["comparison group"]),
    ("programas que al evaluarse no mostraron efecto: aprender de los fracasos", ["no effect"]),
    ("what did not work in gang prevention", ["no effect"]),
    # words that only look like it: a survey's sample, school failure, a raffle, a problem described
    ("encuesta de victimización con muestra aleatoria de hogares", []),
    ("fracaso escolar y deserción en secundaria", []),
    ("jóvenes que no tuvieron oportunidades de empleo", []),
    ("el alumbrado público no funciona en el barrio", []),
    ("homicidios cerca de bares de noche", []),
])
def test_what_a_query_asks_of_the_evaluations(query, needs):
    assert [n.name for n in evidence_needs(query)] == needs


def test_each_need_matches_the_evidence_it_names():
    trial, comparison, no_effect = (evidence_needs(q)[0] for q in (
        "ensayo aleatorio", "grupo de comparación", "sin efecto"))
    assert trial.matches("effective", "rct") and not trial.matches("effective", "quasi-experimental")
    assert comparison.matches("promising", "quasi-experimental") and comparison.matches("mixed", "rct")
    assert no_effect.matches("no-effect", "rct") and no_effect.matches("mixed", None)
    assert not no_effect.matches("promising", "rct")
    assert (label("randomised trial", "es"), label("randomised trial", "en")) == ("ensayo aleatorio", "randomised trial")
