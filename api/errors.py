"""Domain errors and invalid requests as 4xx answers with a ``detail`` sentence; never a 500 for bad input."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from kb.errors import BadQuery, BadUpload, IndexBusy, IndexCorrupt, IndexMismatch, IndexMissing, KBError, NotFound

STATUS = {BadQuery: 400, NotFound: 404, IndexBusy: 409, IndexMissing: 503, IndexCorrupt: 503, IndexMismatch: 503}


def _status(error: KBError) -> int:
    if isinstance(error, BadUpload):
        return error.status
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def _where(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header"):
        kind, rest = parts[0], parts[1:]
        return f"{kind} parameter {'.'.join(rest)}" if kind != "body" else ("body " + ".".join(rest)).strip()
    return ".".join(parts)


def install(app: FastAPI) -> None:
    @app.exception_handler(KBError)
    async def domain_error(request: Request, error: KBError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=_status(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        detail = error.detail
        if error.status_code == 404 and detail == "Not Found":
            detail = f"nothing is served at {request.url.path[:200]}; the API is described at /docs"
        elif error.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path[:200]}"
        return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in error.errors()]
        return JSONResponse({"detail": "; ".join(problems) or "invalid request"}, status_code=422)
