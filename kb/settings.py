"""Every setting in one place: environment variables ``KB_*``, overridden by command-line options."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "use-multilingual"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KB_", extra="ignore")

    practices: Path = Field(Path("practices"), description="folder of case studies")
    index: Path = Field(Path(".kb-index"), description="folder of the built index")
    packs: Path = Field(Path("packs"), description="folder of workshop packs (YAML)")
    model: str = Field(DEFAULT_MODEL, description="embedding model: use-multilingual, e5-small, st:<name or path>")
    cache: Path = Field(Path.home() / ".cache" / "kb", description="folder for caches that speed up loading")
    index_type: str = Field("auto", pattern="^(auto|flat|hnsw)$",
                            description="vector index: auto (exact up to index_threshold passages, HNSW above), "
                                        "flat (always exact) or hnsw")
    index_threshold: int = Field(50_000, ge=0, description="passages above which auto switches to HNSW")
    threads: int = Field(2, ge=1, le=64, description="threads for the encoder and FAISS")
    workers: int = Field(1, ge=1, le=16, description="server processes kb serve runs (each holds the model and "
                                                      "the index: about 250 MB each)")
    host: str = Field("127.0.0.1", description="address kb serve binds to")
    port: int = Field(8000, ge=1, le=65535, description="port kb serve listens on")
    admin_token: str | None = Field(None, description="token for admin endpoints (reindex, writing packs); "
                                                      "they are off when it is not set")
    max_query_chars: int = Field(1000, ge=1, description="longest query accepted")
    max_request_head: int = Field(1024 * 1024, ge=16 * 1024,
                                  description="most bytes of request line and headers kb serve reads; past it a URL "
                                              "gets 414 and headers 431")
    request_head_seconds: float = Field(20.0, ge=0, description="time kb serve gives a client to send its request "
                                                                 "line and headers (408 after it; 0: no limit)")
    max_k: int = Field(50, ge=1, description="most results one search may ask for")
    query_cache_size: int = Field(1024, ge=0, description="query embeddings kept in memory")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
