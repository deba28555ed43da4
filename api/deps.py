"""Dependencies the routes receive: the knowledge base and its searcher, loaded in the lifespan."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request

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


def admin_only(action: str, off_hint: str = ""):
    """A dependency that lets a request through only with ``Authorization: Bearer <KB_ADMIN_TOKEN>``: 403 while no
    token is configured (``action`` is off), 401 for a missing or wrong token (compared in constant time)."""

    def require(kb: KBDep, authorization: Annotated[str | None, Header()] = None) -> None:
        token = kb.settings.admin_token
        if not token:
            raise HTTPException(403, f"{action} is off until KB_ADMIN_TOKEN is set on the server{off_hint}")
        given = authorization or ""
        given = given[7:].strip() if given[:7].lower() == "bearer " else ""
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, f"a valid admin token is needed for {action}: send "
                                     "'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})

    return require
SearcherDep = Annotated[Searcher, Depends(get_searcher)]
FiltersDep = Annotated[Filters, Depends(get_filters)]
