import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, ValidationError

from api.deps import SearcherDep
from api.limits import read_body
from api.schemas import ErrorResponse
from kb.errors import BadQuery, BadUpload
from kb.plans.readers import MAX_BYTES
from kb.plans.service import suggest_for_file, suggest_for_text

router = APIRouter(tags=["suggestions"])
MAX_K = 20


class SuggestRequest(BaseModel):
    text: str = Field(min_length=1, description="the plan draft (Markdown or plain text)")
    k: int = Field(5, ge=1, le=MAX_K, description="suggestions per section")


class SuggestionOut(BaseModel):
    id: str
    title: str
    country: str
    place: str
    language: str
    evidence: str
    score: float
    section: str = Field(description="heading of the practice's passage that matched")
    snippet: str
    answers: str = Field(description="the sentence of the plan it answers")
    axes: list[str] = Field(description="national-policy axes the plan section and the practice share")
    themes: list[str]
    why: str


class SectionOut(BaseModel):
    heading: str = Field(description="the section's heading exactly as written in the plan")
    excerpt: str
    used: bool = Field(description="false for sections that only state the legal framework or reference data")
    kind: str
    axes: list[str]
    themes: list[str]
    suggestions: list[SuggestionOut]


class Coverage(BaseModel):
    addressed: list[str] = Field(description="axes of the national policy the plan addresses")
    missing: list[str]
    indicators: dict[str, list[str]] = Field(description="monitoring indicators per addressed axis")


class SuggestResponse(BaseModel):
    sections: list[SectionOut]
    suggestions: list[SuggestionOut] = Field(description="overall: each practice once, best first, diversified")
    coverage: Coverage


@router.post("/api/suggest", response_model=SuggestResponse,
             responses={400: {"model": ErrorResponse}, 413: {"model": ErrorResponse},
                        415: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": SuggestRequest.model_json_schema()},
                 "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                     "file": {"type": "string", "format": "binary"}, "k": {"type": "integer"}}}}}}})
async def suggest(request: Request, searcher: SearcherDep) -> dict:
    """Practices for each section of a plan draft, sent as JSON ``{"text", "k"}`` or as a multipart ``file``
    (.docx, .pdf, .md, .txt; at most 10 MB), with the national policy's axes it covers."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        data, name, k = await _upload(request)
        return (await run_in_threadpool(suggest_for_file, searcher, data, name, k)).to_dict()
    if kind in ("application/json", ""):
        body = await read_body(request, MAX_BYTES + 65536)
        try:
            payload = SuggestRequest.model_validate(json.loads(body or b"null"))
        except json.JSONDecodeError as e:
            raise BadQuery(f"the body is not valid JSON: {e.msg} at character {e.pos}") from e
        except ValidationError as e:
            problems = "; ".join(f"{'.'.join(map(str, x['loc'])) or 'body'}: {x['msg']}" for x in e.errors())
            raise BadQuery(f"the JSON body is not {{\"text\": ..., \"k\": ...}}: {problems}") from e
        return (await run_in_threadpool(suggest_for_text, searcher, payload.text, payload.k)).to_dict()
    raise BadUpload(f"send the plan as application/json or multipart/form-data, not {kind}", status=415)


async def _upload(request: Request) -> tuple[bytes, str, int]:
    await read_body(request, MAX_BYTES + 1024 * 1024)  # refuse a too-large upload while it arrives
    try:
        form = await request.form(max_files=1, max_fields=5)
    except Exception as e:  # starlette raises several kinds for a malformed multipart body
        raise BadUpload(f"the upload is not a valid multipart form ({e})") from e
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise BadUpload("the form has no file: send the plan in a field named 'file'")
    data = await upload.read()
    k_raw = form.get("k", "5")
    try:
        k = int(k_raw)
    except (TypeError, ValueError) as e:
        raise BadQuery(f"k must be a whole number from 1 to {MAX_K}; got {str(k_raw)[:20]!r}") from e
    if not 1 <= k <= MAX_K:
        raise BadQuery(f"k must be a whole number from 1 to {MAX_K}; got {k}")
    return data, upload.filename or "upload", k
