from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import FiltersDep, SearcherDep
from api.schemas import ErrorResponse, SearchResponse

router = APIRouter(tags=["search"])


@router.get("/api/search", response_model=SearchResponse,
            responses={400: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
async def search(searcher: SearcherDep, filters: FiltersDep,
           q: Annotated[str, Query(description="what to look for, in Spanish or English")],
           k: Annotated[int, Query(description="how many practices (1 to 50)")] = 10) -> dict:
    """The practices that best answer ``q``, best first, with facet counts."""
    return searcher.search(q, k=k, filters=filters).to_dict()
