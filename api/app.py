"""The app factory. The encoder and the index are loaded in the lifespan, never at import."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.routes import admin, health, packs, pages, practices, search, suggest
from api.security import SecurityHeaders
from kb.errors import IndexCorrupt, IndexMismatch, IndexMissing
from kb.service import KnowledgeBase
from kb.settings import Settings, get_settings


log = logging.getLogger("kb")


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
        app.state.kb = base
        yield

    app = FastAPI(title="Prevention practices knowledge base",
                  description="Semantic search over violence- and crime-prevention case studies, "
                              "in Spanish and English.",
                  version="0.1.0", lifespan=lifespan)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    for module in (health, search, practices, suggest, admin, packs, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    return app
