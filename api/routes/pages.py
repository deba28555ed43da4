"""The web pages: search, a practice, and suggestions for a plan. Server-rendered, in Spanish or English."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api.deps import SearcherDep
from api.i18n import FACETS
from api.limits import read_body
from api.web import language, render
from kb.errors import BadQuery, BadUpload, KBError, NotFound
from kb.filters import Filters
from kb.intent import label as evidence_label
from kb.plans.readers import MAX_BYTES, text_name
from kb.plans.service import suggest_for_file
from kb.search import Hit

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, searcher: SearcherDep):
    query = request.query_params.get("q", "")
    selected = {f: tuple(request.query_params.getlist(f)) for f in FACETS if request.query_params.getlist(f)}
    active = [(f, v) for f, values in selected.items() for v in values]
    context = {"page": "search", "query": query.strip(), "selected": selected, "active": active, "hits": [],
               "facets": {}, "total": 0, "error": None, "narrow": False, "translations": [],
               "evidence_asked": []}
    status = 200
    try:
        filters = Filters.of(**selected)
    except BadQuery as e:
        filters, status = Filters(), 400
        context.update(error=str(e), selected={}, active=[])
    try:
        if query.strip():
            result = searcher.search(query, k=PAGE_SIZE, filters=filters)
            context.update(hits=result.hits, facets=result.facets, total=result.total, query=result.query,
                           translations=result.translations,
                           evidence_asked=[evidence_label(name, language(request)) for name in result.evidence])
        else:
            practices = sorted(searcher.list(filters), key=lambda p: p.meta.title.casefold())
            context.update(hits=[Hit(p, 0.0, "", p.summary(220), -1) for p in practices],
                           facets=searcher.facets.counts(filters), total=len(practices))
    except BadQuery as e:  # a too-long query is echoed only up to the limit (a 1 MB URL must not make a 4 MB page)
        status = 400
        context.update(error=str(e), facets=searcher.facets.counts(filters),
                       query=query.strip()[: searcher.max_query_chars])
    return render(request, "search.html", context, status)


@router.get("/practices/{practice_id}", response_class=HTMLResponse)
def practice_page(request: Request, practice_id: str, searcher: SearcherDep):
    try:
        practice = searcher.practice(practice_id)
    except NotFound as e:
        return render(request, "error.html", {"page": "", "message": str(e)}, 404)
    similar = searcher.similar(practice.id, k=4)
    return render(request, "practice.html", {"page": "", "m": practice.meta, "html": practice.html,
                                             "similar": similar})


@router.get("/sugerir", response_class=HTMLResponse)
def suggest_form(request: Request):
    return render(request, "suggest.html", {"page": "suggest", "text": "", "k": 5, "result": None, "error": None})


@router.post("/sugerir", response_class=HTMLResponse)
async def suggest_page(request: Request, searcher: SearcherDep):
    context = {"page": "suggest", "text": "", "k": 5, "result": None, "error": None}
    try:
        await read_body(request, MAX_BYTES + 1024 * 1024)
        form = await request.form(max_files=1, max_fields=5)
    except BadUpload as e:
        return render(request, "suggest.html", {**context, "error": str(e)}, e.status)
    except Exception as e:  # a malformed multipart body
        return render(request, "suggest.html", {**context, "error": f"{e}"}, 400)
    text = str(form.get("text") or "")
    upload = form.get("file")
    try:
        k = min(max(int(form.get("k") or 5), 1), 20)
    except ValueError:
        k = 5
    context.update(text=text, k=k)
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data, name = await upload.read(), upload.filename
        elif text.strip():
            data, name = text.encode("utf-8"), text_name(text)
        else:
            raise BadUpload("paste the plan's text or choose a file" if language(request) == "en"
                            else "pegue el texto del plan o elija un archivo")
        context["result"] = await run_in_threadpool(suggest_for_file, searcher, data, name, k)
    except KBError as e:
        status = e.status if isinstance(e, BadUpload) else 400
        return render(request, "suggest.html", {**context, "error": str(e)}, status)
    return render(request, "suggest.html", context)
