from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import FiltersDep, SearcherDep
from api.schemas import ErrorResponse, PracticeDetail, PracticeList, SimilarResponse

router = APIRouter(tags=["practices"])
NOT_FOUND = {404: {"model": ErrorResponse}}
PracticeId = Annotated[str, Path(description="the practice's id, e.g. co-cali-desepaz")]


@router.get("/api/practices", response_model=PracticeList)
def list_practices(searcher: SearcherDep, filters: FiltersDep) -> dict:
    """Every practice that passes the filters, by id."""
    practices = searcher.list(filters)
    results = [{**p.meta.model_dump(include={"id", "title", "country", "place", "language", "period", "scale",
                                              "themes", "target_groups", "gt_axes"}),
                "evidence": p.meta.evidence.level} for p in practices]
    return {"total": len(results), "results": results, "facets": searcher.facets.counts(filters)}


@router.get("/api/practices/{practice_id}", response_model=PracticeDetail, responses=NOT_FOUND)
def get_practice(searcher: SearcherDep, practice_id: PracticeId) -> dict:
    """One practice: its front matter's fields, its Markdown body and the body as HTML."""
    return searcher.practice(practice_id).to_dict()


@router.get("/api/practices/{practice_id}/similar", response_model=SimilarResponse, responses=NOT_FOUND)
def similar(searcher: SearcherDep, filters: FiltersDep, practice_id: PracticeId,
            k: Annotated[int, Query(description="how many practices (1 to 50)")] = 5) -> dict:
    """The practices closest to this one."""
    hits = searcher.similar(practice_id, k=k, filters=filters)
    return {"id": practice_id, "results": [h.to_dict() for h in hits]}
