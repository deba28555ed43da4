"""Admin endpoints: off unless an admin token is set (KB_ADMIN_TOKEN); the public API is read-only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.deps import KBDep, admin_only
from api.schemas import ErrorResponse

router = APIRouter(tags=["admin"])


AdminDep = Annotated[None, Depends(admin_only("the admin endpoints"))]


class ReindexReport(BaseModel):
    up_to_date: bool
    practices: int
    passages: int
    added: list[str]
    changed: list[str]
    removed: list[str]
    rejected: list[str]
    problems: list[str]
    seconds: float
    summary: str


@router.post("/api/admin/reindex", response_model=ReindexReport,
             responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 409: {"model": ErrorResponse}})
async def reindex(kb: KBDep, _: AdminDep) -> dict:
    """Rebuild the index from the practices folder beside the one in use and swap it in; searches go on
    meanwhile, each answered wholly by the old or wholly by the new index. A second reindex while one runs
    answers 409."""
    report = await run_in_threadpool(kb.build, wait=False)
    return {"up_to_date": report.up_to_date, "practices": report.practices, "passages": report.passages,
            "added": report.added, "changed": report.changed, "removed": report.removed,
            "rejected": sorted({p.path for p in report.problems}), "problems": [str(p) for p in report.problems],
            "seconds": round(report.seconds_total, 3), "summary": report.summary()}
