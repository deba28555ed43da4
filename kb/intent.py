"""What a query asks of the evidence: "evaluated with a randomised trial", "programmes that showed no effect".

Such words name no topic, so neither retriever finds them in a case study's text: they name fields of its front
matter (``evidence.design``, ``evidence.level``). The ranking raises the practices whose evidence matches what the
query asks (``Ranking.evidence_prior``, in the units of the standardised scores it is added to)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.text import fold


@dataclass(frozen=True)
class EvidenceNeed:
    name: str  # a stable name, also shown to the user
    es: str
    pattern: re.Pattern  # matched against the folded query (lower case, no accents)
    designs: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()

    def matches(self, level: str, design: str | None) -> bool:
        return design in self.designs or level in self.levels


# Words that look like a design but describe a survey's sample, a school failure or a lottery of goods
NOT_A_DESIGN = re.compile(r"muestr\w* aleatori\w*|muestreo aleatori\w*|"
                          r"random(ly)? (sample|sampling|selected household)\w*|fracaso escolar|school failure|"
                          r"sorteo de \w+")

NEEDS = (
    EvidenceNeed("randomised trial", "ensayo aleatorio", re.compile(
        r"aleatori|\bsorteo|ensayos? (controlad|clinic)|grupos? de control|randomi[sz]|\brcts?\b|controlled trial|"
        r"control group"), designs=frozenset({"rct"})),
    EvidenceNeed("comparison group", "grupo de comparación", re.compile(
        r"grupos? de comparacion|(barrios|zonas|municipios|escuelas) de comparacion|cuasi.?experiment|"
        r"quasi.?experiment|comparison (group|area|neighbou?rhood|site)s?|contrafactual|counterfactual"),
        designs=frozenset({"rct", "quasi-experimental"})),
    EvidenceNeed("no effect", "sin efecto", re.compile(
        r"sin (ningun )?efecto|"
        r"no (mostr|tuv|encontr|dier|produj|logr)\w* (ningun |el |los )?(efecto|impacto|resultado)|"
        r"\bfracas(os|aron|o)\b|no funcionaron|lo que no funciona|(did not|didn'?t|failed to) (work|show|reduce)|"
        r"\bno (significant |measurable )?(effect|impact)|null (effect|result|finding)|backfir|contraproducente|"
        r"what does not work|\bfailures\b"),
        levels=frozenset({"no-effect", "mixed"})),
)


def label(name: str, lang: str = "es") -> str:
    """A need's name in the page's language."""
    need = next((n for n in NEEDS if n.name == name), None)
    return need.es if need and lang == "es" else name


def evidence_needs(query: str) -> list[EvidenceNeed]:
    """What the query asks of the practices' evaluations, in NEEDS' order."""
    folded = NOT_A_DESIGN.sub(" ", fold(query))
    return [need for need in NEEDS if need.pattern.search(folded)]
