from fastapi import APIRouter

from api.deps import SearcherDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(searcher: SearcherDep) -> Health:
    """The service is up; how many practices it serves and with which model."""
    return Health(status="ok", practices=len(searcher.index.practices), model=searcher.model)
