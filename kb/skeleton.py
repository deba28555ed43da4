"""``kb new``: a valid skeleton case study for a given id, in Spanish or English."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kb.countries import ISO_CODES
from kb.errors import BadQuery
from kb.model import ID_MAX, ID_PATTERN

HEADINGS = {
    "es": ("Resumen", "Contexto", "Intervención", "Resultados", "Lecciones y transferibilidad"),
    "en": ("Summary", "Context", "Intervention", "Results", "Lessons and transferability"),
}
PROMPTS = {
    "es": ("En dos o tres frases: qué se hizo, dónde, cuándo y con qué resultado.",
           "El problema, el lugar y el momento: datos de partida, actores, por qué se actuó.",
           "Qué se hizo exactamente, quién lo hizo, con qué recursos y cómo se coordinó.",
           "Qué mostraron las evaluaciones o el monitoreo, con la fuente de cada cifra.",
           "Qué aprender y qué haría falta para aplicarlo en un municipio de Guatemala."),
    "en": ("In two or three sentences: what was done, where, when and with what result.",
           "The problem, the place and the time: baseline figures, actors, why action was taken.",
           "What exactly was done, by whom, with which resources and how it was coordinated.",
           "What evaluations or monitoring showed, with the source of every figure.",
           "What to learn, and what it would take to apply it in a Guatemalan municipality."),
}


def skeleton(practice_id: str, language: str = "es") -> str:
    prefix = practice_id.split("-", 1)[0].upper()
    country = prefix if prefix in ISO_CODES else "GT"
    title = "Título de la práctica" if language == "es" else "Title of the practice"
    source = "Autor o institución. Título del documento" if language == "es" else "Author or institution. Title"
    body = "\n".join(f"## {h}\n\n{p}\n" for h, p in zip(HEADINGS[language], PROMPTS[language]))
    return f"""---
id: {practice_id}
title: "{title}"
language: {language}
country: {country}  # ISO 3166-1 alpha-2, upper case (EU for Europe-wide)
place: national  # the city or region, or national
scale: municipal  # neighbourhood, municipal, metropolitan, regional, national, international
period: "{date.today().year}-"  # "YYYY", "YYYY-YYYY" or "YYYY-" (still running)
themes: [local-governance]  # 1 to 6 slugs, see practices/README.md
target_groups: [general-population]
gt_axes: [community-strengthening]
continuum: universal  # universal, selective or indicated
evidence:
  level: not-evaluated  # effective, promising, mixed, no-effect, not-evaluated
  design: none  # rct, quasi-experimental, time-series, observational, qualitative, none
actors: []
indicators: []
sources:
  - title: "{source}"
    year: {date.today().year}
---

{body}"""


def write_skeleton(practices_dir: Path, practice_id: str, language: str = "es") -> Path:
    """Write the skeleton as ``<id>.md``; ``BadQuery`` when the id is not a slug or is taken."""
    if len(practice_id) > ID_MAX or not ID_PATTERN.match(practice_id):
        raise BadQuery(f"{practice_id[:100]!r} is not a valid id: a lower-case slug such as "
                       f"'gt-mixco-escuelas-seguras' (at most {ID_MAX} characters)")
    if language not in HEADINGS:
        raise BadQuery(f"language must be one of {', '.join(HEADINGS)}")
    from kb.corpus import load  # the id must be new in the whole corpus, not only as a file name

    taken = {p.id: p.path for p in load(practices_dir).practices}
    target = Path(practices_dir) / f"{practice_id}.md"
    if practice_id in taken or target.exists():
        raise BadQuery(f"the id {practice_id!r} exists already ({taken.get(practice_id, target)})")
    practices_dir.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as f:
        f.write(skeleton(practice_id, language))
    return target
