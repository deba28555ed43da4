"""Every test runs in its own temporary folder with the deterministic hashing encoder; nothing touches the
network. Tests that load a real packaged model are marked ``slow``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.encoders.hashing import HashingEncoder
from kb.service import KnowledgeBase
from kb.settings import Settings, get_settings

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("KB_PRACTICES", "KB_INDEX", "KB_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KB_MODEL", "hashing")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def practices(tmp_path) -> Path:
    """A copy of the six fixture practices (3 Spanish, 3 English), free to edit."""
    target = tmp_path / "practices"
    shutil.copytree(DATA / "practices", target)
    return target


@pytest.fixture
def encoder() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture
def settings(tmp_path, practices) -> Settings:
    return Settings(practices=practices, index=tmp_path / "index", model="hashing")


@pytest.fixture
def kb(settings, encoder) -> KnowledgeBase:
    base = KnowledgeBase(settings, encoders=encoder)
    base.build()
    return base


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


VALID = """---
id: {id}
title: "{title}"
language: es
country: {country}
place: Ciudad
scale: municipal
period: "2001-2004"
themes: [local-governance]
target_groups: [general-population]
evidence:
  level: not-evaluated
sources:
  - title: "Fuente"
---

## Resumen

{body}
"""


def valid_text(id: str = "gt-mixco-prueba", title: str = "Prueba", country: str = "GT",
               body: str = "Un texto de prueba sobre prevención comunitaria.") -> str:
    return VALID.format(id=id, title=title, country=country, body=body)
