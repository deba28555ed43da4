"""Workshop packs over HTTP: anyone may list, read and export them; creating, changing and deleting need the
admin token (``Authorization: Bearer <KB_ADMIN_TOKEN>``). Also the pack's web page, ``/packs/{name}``."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from api.deps import KBDep, SearcherDep, admin_only
from api.limits import read_body
from api.schemas import ErrorResponse
from api.web import render
from kb.errors import BadQuery, BadUpload, KBError, NotFound
from kb.packs import FORMATS, Pack, PackExists, PackStore, check_format, check_name, dump_pack
from kb.packs import export_pack, pack_from_data, parse_pack
from kb.packs.document import PackDocument, t
from kb.packs.html import markdown_html
from kb.packs.model import MAX_PACK_BYTES
from kb.packs.pdf import ExportUnavailable
from kb.packs.store import slugify

router = APIRouter(tags=["packs"])
YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"}
PackName = Annotated[str, Path(description="the pack's name: its file name without .yaml, a lower-case slug")]
ERRORS = {400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}}
WRITE_ERRORS = {**ERRORS, 401: {"model": ErrorResponse}, 403: {"model": ErrorResponse},
                409: {"model": ErrorResponse}, 415: {"model": ErrorResponse}}


def get_store(kb: KBDep) -> PackStore:
    return PackStore(kb.settings.packs)


StoreDep = Annotated[PackStore, Depends(get_store)]
WriterDep = Annotated[None, Depends(admin_only("writing packs", "; reading and exporting need no token"))]


class PackPracticeOut(BaseModel):
    id: str
    note: str = Field(description="the trainer's framing or discussion questions (Markdown)")
    title: str | None = Field(description="the practice's title; null when no practice has this id any more")


class PackOut(BaseModel):
    name: str
    title: str
    intro: str = Field(description="Markdown")
    language: str = Field(description="language of the pack's own labels: es or en")
    audience: str | None
    date: str | None
    practices: list[PackPracticeOut]
    exports: dict[str, str] = Field(description="download URL per format")


class PackListItem(BaseModel):
    name: str
    title: str | None
    language: str | None
    practices: int
    problem: str | None = Field(None, description="why the pack's file cannot be used, if it cannot")


class PackList(BaseModel):
    total: int
    packs: list[PackListItem]


def _exports(name: str) -> dict[str, str]:
    return {fmt: f"/api/packs/{name}/export?format={fmt}" for fmt in (*FORMATS, "yaml")}


def _out(name: str, pack: Pack, searcher) -> dict:
    titles = {p.id: p.meta.title for p in searcher.index.practices}
    return {"name": name, **pack.to_dict(),
            "practices": [{"id": i.id, "note": i.note, "title": titles.get(i.id)} for i in pack.practices],
            "exports": _exports(name)}


async def _body(request: Request) -> tuple[Pack, str | None, str | None]:
    """The pack sent: (pack, its YAML text when sent as YAML, the name given in a JSON body)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request, MAX_PACK_BYTES)
    if kind in YAML_TYPES:
        return parse_pack(body, "body"), body.decode("utf-8"), None
    if kind in ("application/json", ""):
        try:
            data = json.loads(body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise BadQuery(f"the body is not valid JSON: {getattr(e, 'msg', e)}") from e
        name = data.pop("name", None) if isinstance(data, dict) else None
        if name is not None and not isinstance(name, str):
            raise BadQuery("name must be a string such as 'taller-alcohol-y-vida-nocturna'")
        return pack_from_data(data, "body"), None, name
    raise BadUpload(f"send the pack as application/json or as YAML (application/yaml), not {kind}", status=415)


def _save(store: PackStore, searcher, name: str, pack: Pack, text: str | None, create: bool) -> None:
    resolved = pack.resolve(searcher)  # every id must name a practice
    if text is None:
        text = dump_pack(pack, {item.id: practice.meta.title for item, practice in resolved})
    try:
        store.write(name, text, create=create)
    except PackExists as e:
        raise HTTPException(409, str(e)) from e


@router.get("/api/packs", response_model=PackList)
def list_packs(store: StoreDep) -> dict:
    """Every pack of the packs folder, by name, with its title (or the problem that makes it unusable)."""
    packs = [{"name": name, "title": pack.title if pack else None, "language": pack.language if pack else None,
              "practices": len(pack.practices) if pack else 0, "problem": problem}
             for name, pack, problem in store.list()]
    return {"total": len(packs), "packs": packs}


@router.get("/api/packs/{name}", response_model=PackOut, responses=ERRORS)
def get_pack(store: StoreDep, searcher: SearcherDep, name: PackName) -> dict:
    """One pack: its fields, each practice's title, and where to download it."""
    return _out(name, store.read(name).pack, searcher)


@router.post("/api/packs", response_model=PackOut, status_code=201, responses=WRITE_ERRORS)
async def create_pack(request: Request, response: Response, store: StoreDep, searcher: SearcherDep, _: WriterDep,
                      name: Annotated[str | None, Query(description="the new pack's name [default: from the title "
                                                                      "or the body's 'name']")] = None) -> dict:
    """Create a pack, sent as JSON (the pack's fields, plus an optional ``name``) or as its YAML file
    (``Content-Type: application/yaml``). 409 when the name is taken."""
    pack, text, body_name = await _body(request)
    name = check_name(name or body_name or slugify(pack.title))
    _save(store, searcher, name, pack, text, create=True)
    response.headers["Location"] = f"/api/packs/{name}"
    return _out(name, pack, searcher)


@router.put("/api/packs/{name}", response_model=PackOut, responses=WRITE_ERRORS)
async def update_pack(request: Request, store: StoreDep, searcher: SearcherDep, _: WriterDep, name: PackName) -> dict:
    """Replace a pack with the one sent (JSON or YAML, as for creating)."""
    check_name(name)
    pack, text, body_name = await _body(request)
    if body_name is not None and body_name != name:
        raise BadQuery(f"the body names the pack {body_name[:100]!r} but the URL names {name!r}; "
                       "a pack cannot be renamed by PUT")
    _save(store, searcher, name, pack, text, create=False)
    return _out(name, pack, searcher)


@router.delete("/api/packs/{name}", status_code=204, responses=WRITE_ERRORS)
def delete_pack(store: StoreDep, _: WriterDep, name: PackName) -> Response:
    """Delete a pack."""
    store.delete(name)
    return Response(status_code=204)


FormatParam = Annotated[str, Query(alias="format", description="docx, pdf, html, md, or yaml (the pack's own file)")]


def _download(pack: Pack, searcher, name: str, format_: str) -> Response:
    """The pack as a file to download in ``format_``; ``yaml`` is the pack file itself, with each practice's
    title as a comment."""
    if str(format_).lower().lstrip(".") in ("yaml", "yml"):
        titles = {item.id: practice.meta.title for item, practice in pack.resolve(searcher)}
        data, media_type, extension = dump_pack(pack, titles).encode("utf-8"), "application/yaml", ".yaml"
    else:
        fmt = check_format(format_)
        try:
            data = export_pack(pack, searcher, fmt.name)
        except ExportUnavailable as e:
            raise HTTPException(503, str(e)) from e
        media_type, extension = fmt.media_type, fmt.extension
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}{extension}"'})


@router.get("/api/packs/{name}/export", responses={**ERRORS, 503: {"model": ErrorResponse}},
            response_class=Response)
def export_file(store: StoreDep, searcher: SearcherDep, name: PackName, format_: FormatParam = "docx") -> Response:
    """The pack as a file to download: Word, PDF, a self-contained HTML page, Markdown or its YAML file."""
    return _download(store.read(name).pack, searcher, name, format_)


@router.post("/api/packs/export", responses={**ERRORS, 415: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
             response_class=Response)
async def export_sent(request: Request, searcher: SearcherDep, format_: FormatParam = "docx") -> Response:
    """A pack sent in the body (JSON or YAML, as for creating), exported without saving anything: how the web
    page's own pack, kept in the browser, is downloaded. Needs no token: it changes nothing on the server."""
    pack, _, body_name = await _body(request)
    name = slugify(pack.title) if body_name is None else check_name(body_name)
    return await run_in_threadpool(_download, pack, searcher, name, format_)


# -- web pages -------------------------------------------------------------------------------------------
@router.get("/packs", response_class=HTMLResponse, include_in_schema=False)
def packs_page(request: Request, store: StoreDep):
    rows = [{"name": name, "pack": pack, "problem": problem,
             "meta": " · ".join(([pack.audience] if pack.audience else []) + ([pack.date] if pack.date else [])
                                + [t("practices_count", pack.language, n=len(pack.practices))]) if pack else ""}
            for name, pack, problem in store.list()]
    return render(request, "packs.html", {"page": "packs", "packs": rows})


@router.get("/paquete", response_class=HTMLResponse, include_in_schema=False)
def pack_editor(request: Request):
    """The pack being built in this browser: the page's script keeps it in localStorage, exports it through
    POST /api/packs/export and saves it (with the admin token) through POST or PUT /api/packs."""
    return render(request, "pack_edit.html", {"page": "my-pack"})


@router.get("/packs/{name}", response_class=HTMLResponse, include_in_schema=False)
def pack_page(request: Request, store: StoreDep, searcher: SearcherDep, name: str):
    try:
        doc = PackDocument.of(store.read(name).pack, searcher)
    except NotFound as e:
        return render(request, "error.html", {"page": "", "message": str(e)}, 404)
    except KBError as e:
        return render(request, "error.html", {"page": "", "message": str(e)}, 400)
    return render(request, "pack.html", {
        "page": "packs", "name": name, "doc": doc, "exports": _exports(name),
        "intro_html": markdown_html(doc.pack.intro, 1),
        "notes": [markdown_html(e.item.note, 2) for e in doc.entries]})
