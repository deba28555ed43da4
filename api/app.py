"""The app factory. The encoder and the index are loaded in the lifespan, never at import."""

from __future__ import annotations

import gc
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.routes import admin, health, packs, pages, practices, search, suggest
from api.security import SecurityHeaders
from indexer.glossary import load as load_glossary
from kb.errors import IndexCorrupt, IndexMismatch, IndexMissing
from kb.service import KnowledgeBase
from kb.settings import Settings, get_settings


log = logging.getLogger("kb")


def _offline_docs(app: FastAPI) -> None:
    """/docs with Swagger UI served by the app itself (the static files of the package swagger-ui-py, which reads
    OpenAPI 3.1), not from a CDN that an offline ministry network cannot reach."""
    from importlib.resources import files

    from fastapi.openapi.docs import get_swagger_ui_html

    app.mount("/static/swagger", StaticFiles(directory=str(files("swagger_ui") / "static")), name="swagger")

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} - API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger/favicon-32x32.png")


def create_app(kb: KnowledgeBase | None = None, settings: Settings | None = None) -> FastAPI:
    """The service over ``kb`` (or a knowledge base made from ``settings``, or from the environment)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        base = kb or KnowledgeBase(settings or get_settings())
        try:
            base.searcher
        except (IndexMissing, IndexCorrupt, IndexMismatch) as e:
            log.warning("%s; building the index from %s", e, base.practices_dir)
            base.ensure_index()
            base.searcher
        for encoder in base.encoders:  # load the model's weights now, not in the first request
            encoder.encode_queries(["warm up"])
        load_glossary()  # and the keyword translations (65 ms)
        # The model's tokenizer and the index are ~90k long-lived Python objects: a full garbage collection
        # walking them took 32 ms, a pause that showed in the p99 under load. Frozen, collections skip them.
        gc.collect()
        gc.freeze()
        app.state.kb = base
        yield

    app = FastAPI(title="Prevention practices knowledge base",
                  description="Semantic search over violence- and crime-prevention case studies, "
                              "in Spanish and English.",
                  version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    _offline_docs(app)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    for module in (health, search, practices, suggest, admin, packs, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    return app
