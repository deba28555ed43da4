"""The controlled vocabularies of the practice format, each slug with its Spanish and English label.

The source of truth is ``docs/practice-format.md`` of the shared contract; a slug is never renamed or
removed, only added.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Term:
    slug: str
    es: str
    en: str

    def label(self, lang: str = "es") -> str:
        return self.en if lang == "en" else self.es


def _vocab(*rows: tuple[str, str, str]) -> Mapping[str, Term]:
    return MappingProxyType({slug: Term(slug, es, en) for slug, es, en in rows})


THEMES = _vocab(
    ("local-governance", "Gobernanza local y planes de prevención", "Local governance and prevention plans"),
    ("crime-observatory", "Observatorios y datos sobre el delito", "Crime observatories and data"),
    ("community-participation", "Participación comunitaria", "Community participation"),
    ("community-policing", "Policía comunitaria y de proximidad", "Community and proximity policing"),
    ("hot-spots-policing", "Focalización policial en puntos críticos", "Hot-spot and problem-oriented policing"),
    ("situational-prevention", "Prevención situacional", "Situational prevention"),
    ("urban-renewal", "Renovación urbana y espacio público", "Urban renewal and public space"),
    ("alcohol-regulation", "Regulación del alcohol", "Alcohol regulation"),
    ("firearms-control", "Control de armas", "Firearms control"),
    ("youth-at-risk", "Jóvenes en riesgo", "Youth at risk"),
    ("school-based", "Prevención en la escuela", "School-based prevention"),
    ("family-support", "Apoyo a las familias y crianza", "Family support and parenting"),
    ("gender-based-violence", "Violencia contra las mujeres", "Violence against women"),
    ("child-protection", "Protección de la niñez", "Child protection"),
    ("violence-interruption", "Interrupción de la violencia", "Violence interruption"),
    ("conflict-mediation", "Mediación de conflictos y convivencia", "Conflict mediation"),
    ("employment-skills", "Empleo y formación", "Employment and skills"),
    ("culture-sport", "Cultura, deporte y arte", "Culture, sport and arts"),
    ("victim-support", "Atención a víctimas", "Victim support"),
    ("reintegration", "Reinserción y reincidencia", "Reintegration and reoffending"),
    ("road-safety", "Seguridad vial", "Road safety"),
    ("citizen-culture", "Cultura ciudadana", "Citizen culture"),
    ("drug-prevention", "Prevención del consumo de drogas", "Drug-use prevention"),
    ("nightlife", "Vida nocturna", "Nightlife"),
)

TARGET_GROUPS = _vocab(
    ("children", "Niñez", "Children"),
    ("adolescents", "Adolescentes", "Adolescents"),
    ("youth", "Jóvenes", "Young people"),
    ("women", "Mujeres", "Women"),
    ("families", "Familias", "Families"),
    ("gang-involved", "Personas vinculadas a pandillas", "Gang-involved people"),
    ("offenders", "Personas infractoras", "Offenders"),
    ("victims", "Víctimas", "Victims"),
    ("students", "Estudiantes", "Students"),
    ("residents", "Residentes de un barrio", "Neighbourhood residents"),
    ("general-population", "Población general", "General population"),
    ("professionals", "Profesionales e instituciones", "Professionals and institutions"),
)

GT_AXES = _vocab(
    ("violence-against-children", "Prevención de la violencia contra la niñez", "Violence against children"),
    ("youth-violence", "Prevención de la violencia contra adolescentes y jóvenes",
     "Violence against adolescents and youth"),
    ("violence-against-women", "Prevención de la violencia contra la mujer", "Violence against women"),
    ("domestic-violence", "Prevención de la violencia intrafamiliar", "Domestic violence"),
    ("armed-violence", "Prevención de la violencia armada", "Armed violence"),
    ("road-violence", "Prevención de la violencia vial y accidentes de tránsito",
     "Road violence and traffic accidents"),
    ("community-strengthening", "Fortalecimiento comunitario", "Community strengthening"),
)

SCALES = _vocab(
    ("neighbourhood", "Barrio", "Neighbourhood"),
    ("municipal", "Municipal", "Municipal"),
    ("metropolitan", "Metropolitana", "Metropolitan"),
    ("regional", "Regional", "Regional"),
    ("national", "Nacional", "National"),
    ("international", "Internacional", "International"),
)

CONTINUUM = _vocab(
    ("universal", "Universal", "Universal"),
    ("selective", "Selectiva (grupos en riesgo)", "Selective (groups at risk)"),
    ("indicated", "Indicada (personas ya involucradas)", "Indicated (people already involved)"),
)

EVIDENCE_LEVELS = _vocab(
    ("effective", "Efectiva", "Effective"),
    ("promising", "Prometedora", "Promising"),
    ("mixed", "Resultados mixtos", "Mixed results"),
    ("no-effect", "Sin efecto", "No effect"),
    ("not-evaluated", "No evaluada", "Not evaluated"),
)

EVIDENCE_DESIGNS = _vocab(
    ("rct", "Ensayo aleatorizado", "Randomised controlled trial"),
    ("quasi-experimental", "Cuasi-experimental", "Quasi-experimental"),
    ("time-series", "Series de tiempo", "Time series"),
    ("observational", "Observacional", "Observational"),
    ("qualitative", "Cualitativa", "Qualitative"),
    ("none", "Ninguna", "None"),
)

LANGUAGES = _vocab(
    ("es", "Español", "Spanish"),
    ("en", "Inglés", "English"),
    ("fr", "Francés", "French"),
    ("pt", "Portugués", "Portuguese"),
    ("de", "Alemán", "German"),
    ("nl", "Neerlandés", "Dutch"),
    ("it", "Italiano", "Italian"),
)

# Vocabularies by the name of the front-matter field (and of the search filter) that uses them.
BY_FIELD: Mapping[str, Mapping[str, Term]] = MappingProxyType({
    "themes": THEMES,
    "target_groups": TARGET_GROUPS,
    "gt_axes": GT_AXES,
    "scale": SCALES,
    "continuum": CONTINUUM,
    "evidence": EVIDENCE_LEVELS,
    "design": EVIDENCE_DESIGNS,
})


def label(field: str, slug: str, lang: str = "es") -> str:
    """The label of ``slug`` in ``field``'s vocabulary; the slug itself when it has none."""
    term = BY_FIELD.get(field, {}).get(slug)
    return term.label(lang) if term else slug
