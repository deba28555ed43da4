"""A plan's blocks grouped into sections by its headings (or, without headings, into windows of paragraphs),
and the sections that only state the legal framework or reference data recognised as not useful queries."""

from __future__ import annotations

import re
from typing import NamedTuple

from kb.plans.document import PlanText, Section
from kb.plans.headings import chapter
from kb.text import fold, words

WINDOW_WORDS = 220
MIN_WORDS = 12

LEGAL = re.compile(r"marco (legal|juridico|normativo|institucional|politico)|base legal|fundamento(s)? legal|"
                   r"normativa|legislacion|legal (and institutional )?framework|legal basis")
REFERENCE = re.compile(r"datos (generales|de referencia|del municipio|basicos|demograficos)|informacion general|"
                       r"caracterizacion (general|del municipio)|ubicacion|localizacion|geografi|demografi|"
                       r"poblacion y territorio|reference data|general information")
# A section under a heading of the legal framework or of the reference data is part of it ("II.1 Territorio y
# población" under "CAPÍTULO II. DATOS DE REFERENCIA"); front matter names only itself
FRONT_MATTER = re.compile(r"indice|contenido|presentacion$|table of contents|siglas|acronimos|abreviaturas|"
                         r"glosario|acronyms|abbreviations")
# The diagnosis parts of a municipal plan (crime incidence, participatory diagnosis, perception of insecurity,
# baseline): their heading names the kind of evidence the drafter must gather. A list of prioritised problems is not
# one of them: its heading names what was found, and the practices wanted answer each problem it lists (and
# SECTION_NEEDS adds one query for how to prioritise them).
# Headings of the crime-incidence part: the figures of crime and violence, by whatever name
_CRIME = r"(violencia|delitos?|delincuencia|criminalidad|inseguridad|seguridad)"
INCIDENCE = (r"incidencia|estadistic|linea (de )?base|baseline|crime (incidence|data|statistics)|observatorio|"
             r"sistema [\w ]{0,40}informacion|information system|"
             rf"(datos|cifras|indicadores|hechos)( estadisticos)? (delictivos|criminales|de (la |los )?{_CRIME})|"
             rf"situacion (delictiva|de (la )?{_CRIME})|comportamiento (delictivo|de (la )?{_CRIME}|del delito)|"
             rf"contexto (delictivo|de (la )?{_CRIME})|analisis (de (la )?)?{_CRIME}|"
             # a part named by its source's records: "Registros del INACIF", "Denuncias recibidas por el Ministerio
             # Público", "Atenciones por violencia y lesiones en el Centro de Atención Permanente"
             r"^[\w.]*\s*(registros (de|del)|denuncias (recibidas|registradas|presentadas)|necropsias|"
             r"atenciones (por|de) (violencia|lesiones|heridas))\b")
DIAGNOSIS = re.compile(rf"diagnos|{INCIDENCE}|percepcion|victimiza|sondeo|factores de (riesgo|proteccion)|"
                       r"caracterizacion de la (violencia|delincuencia|inseguridad)|"
                       r"consulta (ciudadana|comunitaria)|mapeo (de riesgos|comunitario|participativo)|"
                       r"mapa (de riesgos|comunitario)|conversatorio|grupos? focal|perception of")
FINDINGS = re.compile(r"\b(sintesis|conclusion(es)?|resumen|hallazgos)\b")
# What two parts of the diagnosis ask the municipality to find out, after the method of Guatemala's prevention unit
# (UPCV, Modelo de Abordaje, 2015): a commission that consults the community, and police figures crossed with
# other institutions' data (which also give a baseline). Their headings name a topic, not how to study it; the
# perception part's heading already names its instrument (a survey of perception and victimisation).
DIAGNOSIS_NEEDS = (
    (re.compile(r"participativ|comunitari|consulta|mapeo|mapa de riesgos|conversatorio|grupos? focal|participatory"),
     "Diagnóstico participativo: la comisión o el consejo municipal de prevención consulta a la comunidad con "
     "talleres, grupos focales y encuestas, prioriza los problemas y los factores de riesgo y con ello redacta la "
     "política municipal."),
    (re.compile(INCIDENCE),
     "Sistema de información sobre la violencia y el delito: reunir, cruzar y analizar los datos de la policía, la "
     "fiscalía, salud y medicina forense para saber dónde, cuándo y a quién afecta la violencia."),
)
# Parts of a plan whose heading names a step of the planning rather than a problem, read two ways by the judges: each
# item answered by practices for it, or the part answered by practices that show how to take that step. One query for
# the second reading, weighing as one sentence, keeps room for the first. The first need that matches is used.
SECTION_NEEDS = (
    # the objectives: integrated municipal plans that show how to set measurable objectives
    (re.compile(r"\bobjetivos?\b|\bobjectives?\b"),
     "un plan integral de seguridad y convivencia ciudadana, formulado y seguido por la comisión o el consejo "
     "municipal de prevención, con objetivos medibles, línea de base, metas e indicadores."),
    # the problems the diagnosis prioritised: how a municipality weighs its problems and takes them on together
    (re.compile(r"problem\w* prioriz|prioriz\w* (de )?(los )?problem|(conclusiones|sintesis) del diagnostico|"
                r"prioriti[sz]ed problems|priority problems"),
     "la comisión municipal de prevención pondera con la comunidad la frecuencia, la gravedad y las causas de cada "
     "problema de violencia y delito, los prioriza y los aborda juntos con una estrategia municipal integral."),
    # the evaluation of the policy (not a case's risk assessment): practices whose effects were measured against a
    # baseline and a comparison group, which the ranking's evidence prior raises (kb.intent)
    (re.compile(r"\bevaluaci(on|ones)\b(?! (del? )?(riesgos?|casos?|necesidades))|"
                r"\bevaluation\b(?! of (the )?(risks?|cases?|needs))"),
     "medir los efectos de la política con la línea de base, encuestas de victimización y percepción repetidas y "
     "barrios o grupos de comparación que no recibieron las intervenciones."),
    # the indicators of the policy's results (not of its activities): the surveys and records that measure them
    (re.compile(r"\bindicadores\b(?! de (gestion|proceso|actividad))|\bindicators\b"),
     "los indicadores de resultado de la política se miden cada año con encuestas de victimización y percepción "
     "de inseguridad y con un observatorio que reúne y cruza los datos de la policía, la fiscalía y salud."),
    # who follows the policy up: the municipal body that coordinates the institutions and meets regularly
    (re.compile(r"instancias? (responsables?|de seguimiento|de coordinacion)|mecanismos? (de|del) (seguimiento|"
                r"coordinacion)|estructura (de|del) seguimiento|responsables? (y mecanismos? )?del seguimiento"),
     "una comisión o un consejo municipal de prevención, presidido por el alcalde, reúne cada mes a las instituciones "
     "y a la comunidad, coordina las acciones y da seguimiento al plan."),
    # accounting to the community for the policy
    (re.compile(r"rendicion de cuentas|accountability|auditoria social|contraloria (social|ciudadana)|"
                r"veeduria"),
     "la sociedad civil y la comunidad vigilan el cumplimiento de la política municipal: mesas ciudadanas de "
     "seguimiento, encuestas de percepción publicadas cada año e informes públicos de resultados."),
)
LEGAL_WORDS = re.compile(r"\b(ley|leyes|decreto|articulo|acuerdo gubernativo|constitucion|codigo municipal)\b")


def named_kind(heading: str) -> str | None:
    """The kind a heading names for its whole part of the plan: "legal-framework", "reference-data" or None."""
    h = fold(heading)
    if LEGAL.search(h):
        return "legal-framework"
    if REFERENCE.search(h):
        return "reference-data"
    return None


def kind_of(heading: str, text: str, within: str | None = None) -> str:
    """Why a section is not used as a query ("legal-framework", "reference-data", "empty"), or "usable".
    ``within`` is the kind named by the nearest enclosing heading that names one."""
    kind = named_kind(heading) or within
    if kind:
        return kind
    if FRONT_MATTER.search(fold(heading)):
        return "reference-data"
    n = len(words(text))
    if n < MIN_WORDS:
        return "empty"
    if len(LEGAL_WORDS.findall(fold(text))) * 100 / n >= 3:
        return "legal-framework"
    return "usable"


def is_diagnosis(heading: str) -> bool:
    """Whether the heading names a part of the diagnosis (what the municipality must find out); not its synthesis or
    conclusions, which name what was found, as a list of prioritised problems does."""
    folded = fold(heading)
    return bool(DIAGNOSIS.search(folded)) and not FINDINGS.search(folded)


def diagnosis_query(heading: str) -> str | None:
    """For a part of the diagnosis, a query for the ways to find out what it asks: its heading, followed by what
    that part asks for when the heading names only a topic. None for other sections."""
    if not is_diagnosis(heading):
        return None
    need = _first_need(DIAGNOSIS_NEEDS, heading)
    return f"{heading}. {need}" if need else heading


def need_query(heading: str) -> str | None:
    """For a part of the plan that names a step of the planning (objectives, prioritised problems, evaluation,
    result indicators, who follows the policy up, accountability), a query for the practices that show how to take
    it: its heading and what the step needs; None for other sections."""
    need = _first_need(SECTION_NEEDS, heading)
    return f"{heading}. {need}" if need else None


def _first_need(needs: tuple[tuple[re.Pattern, str], ...], heading: str) -> str | None:
    """What the first of ``needs`` whose pattern the folded heading matches asks for, or None."""
    folded = fold(heading)
    return next((text for pattern, text in needs if pattern.search(folded)), None)


def split(plan: PlanText) -> list[Section]:
    if any(b.heading_level for b in plan.blocks):
        return _by_headings(plan)
    return _windows(plan)


class _Open(NamedTuple):
    """A heading above the current one, still open."""
    level: int
    kind: str | None  # the kind it names for its part ("legal-framework", "reference-data"), or None
    chapter: int | None
    heading: str


def _by_headings(plan: PlanText) -> list[Section]:
    out: list[Section] = []
    heading, level, body = "", 0, []
    # the open headings above the current one. A heading of another chapter ("CAPÍTULO III" after "CAPÍTULO I",
    # "3.1.1" after "1.4") closes them whatever its level: a PDF's levels come from the type, and a drafter may set
    # one chapter's heading in a heading style, the next in bold body type
    enclosing: list[_Open] = []

    def close() -> None:
        if heading or body:
            text = "\n".join(body)
            within = next((o.kind for o in reversed(enclosing) if o.kind), None)
            parent = enclosing[-1].heading if enclosing else ""
            out.append(Section(heading or "(sin título)", text, level, kind_of(heading, text, within), parent))

    for block in plan.blocks:
        if block.heading_level:
            close()
            if heading:
                enclosing.append(_Open(level, named_kind(heading), chapter(heading), heading))
            heading, level, body = block.text, block.heading_level, []
            while enclosing and enclosing[-1].level >= level:
                enclosing.pop()
            number = chapter(heading)
            other = next((n for n, o in enumerate(enclosing)
                          if None not in (o.chapter, number) and o.chapter != number), None)
            if other is not None:
                del enclosing[other:]
        else:
            body.append(block.text)
    close()
    return out


def _windows(plan: PlanText) -> list[Section]:
    """Without headings: consecutive paragraphs grouped into windows of about WINDOW_WORDS words."""
    out: list[Section] = []
    group: list[str] = []
    first = 1
    for n, block in enumerate(plan.blocks, start=1):
        group.append(block.text)
        if sum(len(t.split()) for t in group) >= WINDOW_WORDS or n == len(plan.blocks):
            text = "\n".join(group)
            label = f"Párrafos {first}-{n}" if n > first else f"Párrafo {first}"
            out.append(Section(label, text, 1, kind_of("", text)))
            group, first = [], n + 1
    return out


def sentences_of(section: Section) -> list[str]:
    """The section's sentences and list items, each at least six words long."""
    out = []
    for line in section.text.split("\n"):
        for sentence in re.split(r"(?<=[.!?;])\s+", line):
            if len(sentence.split()) >= 6:
                out.append(sentence.strip())
    return out
