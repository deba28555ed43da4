"""The front matter of a case study, exactly as the practice format says, as pydantic models."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Mapping

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from kb import vocab
from kb.countries import ISO_CODES

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 80
PERIOD_PATTERN = re.compile(r"^\d{4}(-(\d{4})?)?$")

# ISO 639-1 two-letter language codes.
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu
ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())


def _slug(value: str) -> str:
    if len(value) > ID_MAX:
        raise ValueError(f"is {len(value)} characters long; at most {ID_MAX} are allowed")
    if not ID_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a lower-case slug such as 'co-cali-desepaz' "
                         "(letters a-z, digits, single hyphens between words)")
    return value


def _in(vocabulary: Mapping[str, vocab.Term], what: str):
    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"{value!r} is not {what}; expected one of: {', '.join(vocabulary)}")
        return value
    return AfterValidator(check)


def _language(value: str) -> str:
    if value not in ISO_639_1:
        raise ValueError(f"{value!r} is not an ISO 639-1 language code such as 'es' or 'en'")
    return value


def _country(value: str) -> str:
    if value not in ISO_CODES:
        hint = " (codes are upper case)" if value.upper() in ISO_CODES else ""
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code such as 'CO' or 'GB', "
                         f"nor 'EU'{hint}")
    return value


def _period(value: str) -> str:
    if not PERIOD_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a period such as \"1995\", \"1995-2003\" or \"2010-\"")
    start, _, end = value.partition("-")
    if end and int(end) < int(start):
        raise ValueError(f"{value!r} ends before it starts")
    return value


def _unique(values: list[str]) -> list[str]:
    seen = [v for i, v in enumerate(values) if v in values[:i]]
    if seen:
        raise ValueError(f"lists {seen[0]!r} more than once")
    return values


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Theme = Annotated[str, _in(vocab.THEMES, "a theme")]
TargetGroup = Annotated[str, _in(vocab.TARGET_GROUPS, "a target group")]
Axis = Annotated[str, _in(vocab.GT_AXES, "an axis of the national policy (gt_axes)")]
Scale = Annotated[str, _in(vocab.SCALES, "a scale")]
Continuum = Annotated[str, _in(vocab.CONTINUUM, "a continuum value")]
Level = Annotated[str, _in(vocab.EVIDENCE_LEVELS, "an evidence level")]
Design = Annotated[str, _in(vocab.EVIDENCE_DESIGNS, "an evaluation design")]


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level
    design: Design | None = None
    note: Text | None = None


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")] | None = None
    year: Annotated[int, Field(ge=1800, le=2100)] | None = None


class FrontMatter(BaseModel):
    """A case study's metadata. Unknown fields are errors, so a misspelt ``theme:`` cannot pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, AfterValidator(_slug)]
    title: Text
    language: Annotated[str, AfterValidator(_language)]
    country: Annotated[str, AfterValidator(_country)]
    place: Text
    scale: Scale
    period: Annotated[str, AfterValidator(_period)]
    themes: Annotated[list[Theme], Field(min_length=1, max_length=6), AfterValidator(_unique)]
    target_groups: Annotated[list[TargetGroup], Field(min_length=1), AfterValidator(_unique)]
    gt_axes: Annotated[list[Axis], AfterValidator(_unique)] = []
    continuum: Continuum | None = None
    evidence: Evidence
    actors: list[Text] = []
    indicators: list[Text] = []
    sources: Annotated[list[Source], Field(min_length=1)]

    def labels(self, field: str, lang: str = "es") -> list[str]:
        """The labels of a vocabulary field's slugs (``themes``, ``target_groups``, ``gt_axes``) in ``lang``."""
        return [vocab.label(field, slug, lang) for slug in getattr(self, field)]


FIELD_NAMES: tuple[str, ...] = tuple(FrontMatter.model_fields)
REQUIRED_FIELDS: tuple[str, ...] = tuple(n for n, f in FrontMatter.model_fields.items() if f.is_required())
Language = Literal["es", "en"]
