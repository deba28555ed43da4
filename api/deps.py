"""Dependencies the routes receive: the knowledge base and its searcher, loaded in the lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from kb.filters import Filters
from kb.search import Searcher
from kb.service import KnowledgeBase


async def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


async def get_searcher(request: Request) -> Searcher:
    return request.app.state.kb.searcher


async def get_filters(
    country: Annotated[list[str] | None, Query(description="country code, e.g. CO (repeatable)")] = None,
    theme: Annotated[list[str] | None, Query(description="theme slug (repeatable)")] = None,
    target_group: Annotated[list[str] | None, Query(description="target-group slug (repeatable)")] = None,
    gt_axis: Annotated[list[str] | None, Query(description="national-policy axis slug (repeatable)")] = None,
    evidence: Annotated[list[str] | None, Query(description="evidence level (repeatable)")] = None,
    language: Annotated[list[str] | None, Query(description="language code, e.g. es (repeatable)")] = None,
) -> Filters:
    return Filters.of(country=country, theme=theme, target_group=target_group, gt_axis=gt_axis,
                      evidence=evidence, language=language)


KBDep = Annotated[KnowledgeBase, Depends(get_kb)]
SearcherDep = Annotated[Searcher, Depends(get_searcher)]
FiltersDep = Annotated[Filters, Depends(get_filters)]
