"""What the API returns: one pydantic model per answer."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kb.model import Evidence, Source


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    practices: int
    model: str


class SearchHit(BaseModel):
    id: str
    title: str
    country: str
    place: str
    language: str
    period: str
    evidence: str = Field(description="evidence level slug")
    themes: list[str]
    score: float
    section: str = Field(description="heading of the best-matching section")
    snippet: str = Field(description="a short passage of that section")


class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="practices that pass the filters")
    results: list[SearchHit]
    facets: dict[str, dict[str, int]] = Field(
        description="for each facet, practices per value among those passing the other filters")
    translations: list[str] = Field(
        default_factory=list,
        description="the query words' translations that keyword search also looked for (accents stripped)")
    evidence_asked: list[str] = Field(
        default_factory=list,
        description="what the query asked of the practices' evaluations, whose matching practices were raised: "
                    "'randomised trial', 'comparison group', 'no effect'")


class PracticeSummary(BaseModel):
    id: str
    title: str
    country: str
    place: str
    language: str
    period: str
    scale: str
    evidence: str
    themes: list[str]
    target_groups: list[str]
    gt_axes: list[str]


class PracticeList(BaseModel):
    total: int
    results: list[PracticeSummary]
    facets: dict[str, dict[str, int]]


class PracticeDetail(BaseModel):
    id: str
    title: str
    language: str
    country: str
    place: str
    scale: str
    period: str
    themes: list[str]
    target_groups: list[str]
    gt_axes: list[str]
    continuum: str | None
    evidence: Evidence
    actors: list[str]
    indicators: list[str]
    sources: list[Source]
    body: str = Field(description="the case study's Markdown")
    html: str = Field(description="the body rendered to HTML, raw HTML escaped")


class SimilarResponse(BaseModel):
    id: str
    results: list[SearchHit]


class ErrorResponse(BaseModel):
    detail: str
