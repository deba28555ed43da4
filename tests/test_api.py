"""The HTTP API through FastAPI's TestClient, with the index and encoder loaded in the lifespan."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app


@pytest.fixture
def client(kb):
    with TestClient(create_app(kb)) as c:
        yield c


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "practices": 6, "model": "hashing"}


def test_search(client):
    r = client.get("/api/search", params={"q": "portar armas de fuego los fines de semana", "k": 2})
    assert r.status_code == 200
    data = r.json()
    assert data["query"] == "portar armas de fuego los fines de semana"
    assert [h["id"] for h in data["results"]][0] == "co-cali-armas"
    assert data["results"][0]["section"] == "Resumen" and data["results"][0]["snippet"]
    assert set(data["facets"]) == {"country", "theme", "target_group", "gt_axis", "evidence", "language"}
    # what keyword search also looked for: the words' translations from the glossary, each once
    translated = client.get("/api/search", params={"q": "acoso escolar, acoso"}).json()["translations"]
    assert translated == ["harassment", "bullying", "stalking", "school"]
    # what the query asked of the evaluations, whose matching practices were raised
    asked = client.get("/api/search", params={"q": "programas evaluados con ensayo aleatorio"}).json()
    assert asked["evidence_asked"] == ["randomised trial"] and asked["results"][0]["id"] == "fi-school-bullying"
    assert client.get("/api/search", params={"q": "acoso escolar"}).json()["evidence_asked"] == []


def test_repeatable_filters(client):
    r = client.get("/api/search?q=violencia&country=CO&country=ES&evidence=promising")
    assert {h["id"] for h in r.json()["results"]} == {"co-cali-armas", "co-bogota-alcohol"}


@pytest.mark.parametrize("params, status, words", [
    ({"q": ""}, 400, "empty"),
    ({"q": "x" * 1001}, 400, "1,001 characters"),
    ({"q": "x", "k": 0}, 400, "k must be"),
    ({"q": "x", "k": 1000000}, 400, "k must be"),
    ({"q": "x", "k": "ten"}, 422, "query parameter k"),
    ({"q": "x", "theme": "magic"}, 400, "unknown theme"),
    ({}, 422, "query parameter q"),
])
def test_bad_input_is_4xx_with_a_detail(client, params, status, words):
    r = client.get("/api/search", params=params)
    assert r.status_code == status
    assert words in r.json()["detail"]


def test_practice_detail_has_front_matter_body_and_escaped_html(client, kb, practices):
    path = practices / "es-viogen.md"
    path.write_text(path.read_text() + "\n<script>alert('x')</script>\n")
    kb.build()
    r = client.get("/api/practices/es-viogen")
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == "es-viogen" and data["country"] == "ES" and data["evidence"]["level"] == "not-evaluated"
    assert data["themes"] == ["gender-based-violence", "victim-support"]
    assert "<script>" in data["body"] and "<script>" not in data["html"] and "&lt;script&gt;" in data["html"]


def test_unknown_practice_and_path_tricks_are_404(client):
    for pid in ("nope", "co-cali-armas%00", "..%5C..%5Cetc"):
        r = client.get(f"/api/practices/{pid}")
        assert r.status_code == 404 and "no practice has the id" in r.json()["detail"]
    r = client.get("/api/practices/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code == 404 and "nothing is served at" in r.json()["detail"]


def test_practice_list_with_filters(client):
    data = client.get("/api/practices", params={"language": "en"}).json()
    assert data["total"] == 3
    assert [p["id"] for p in data["results"]] == ["fi-school-bullying", "gb-glasgow-gangs", "no-road-safety"]
    assert data["facets"]["language"] == {"es": 3, "en": 3}


def test_similar(client):
    data = client.get("/api/practices/co-cali-armas/similar", params={"k": 3}).json()
    assert data["id"] == "co-cali-armas" and len(data["results"]) == 3
    assert "co-cali-armas" not in [h["id"] for h in data["results"]]
    assert client.get("/api/practices/nope/similar").status_code == 404


def test_openapi_is_served(client):
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text and "https://" not in docs.text  # works offline
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/healthz", "/api/search", "/api/practices", "/api/practices/{practice_id}",
            "/api/practices/{practice_id}/similar"} <= set(paths)


def test_the_lifespan_builds_a_missing_index(settings):
    from kb.service import KnowledgeBase

    with TestClient(create_app(KnowledgeBase(settings))) as c:
        assert c.get("/healthz").json()["practices"] == 6


def test_creating_the_app_loads_nothing(monkeypatch):
    import indexer.encoders as encoders

    monkeypatch.setattr(encoders, "load_encoder", lambda *a, **k: pytest.fail("loaded at creation"))
    create_app()  # no lifespan has run: no model, no index


def test_suggest_with_json(client):
    from tests.plans import PLAN_MD

    r = client.post("/api/suggest", json={"text": PLAN_MD, "k": 2})
    assert r.status_code == 200, r.text
    data = r.json()
    headings = [s["heading"] for s in data["sections"]]
    assert "3.1 Violencia armada" in headings
    section = data["sections"][headings.index("3.1 Violencia armada")]
    assert len(section["suggestions"]) == 2 and section["suggestions"][0]["why"]
    assert data["suggestions"] and set(data["coverage"]) == {"addressed", "missing", "indicators"}


def test_suggest_with_an_uploaded_docx(client):
    from tests.plans import docx_bytes

    files = {"file": ("plan.docx", docx_bytes(), "application/octet-stream")}
    r = client.post("/api/suggest", files=files, data={"k": "3"})
    assert r.status_code == 200, r.text
    assert "3.2 Acoso escolar" in [s["heading"] for s in r.json()["sections"]]


@pytest.mark.parametrize("kwargs, status, words", [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
    ({"json": {"text": "x", "k": 0}}, 400, "k"),
    ({"json": {"plan": "x"}}, 400, "text"),
    ({"json": {"text": ""}}, 400, "text"),
    ({"files": {"file": ("plan.docx", b"PK\x03\x04broken", "application/octet-stream")}}, 400, "damaged Word"),
    ({"files": {"file": ("plan.pdf", b"not a pdf", "application/pdf")}}, 400, "not a PDF"),
    ({"files": {"other": ("plan.md", b"# x", "text/markdown")}}, 400, "no file"),
    ({"files": {"file": ("plan.md", b"# Plan\n\nTexto del plan sobre violencia.", "text/markdown")},
      "data": {"k": "many"}}, 400, "k must be"),
    ({"content": b"text", "headers": {"content-type": "text/plain"}}, 415, "multipart/form-data"),
])
def test_suggest_bad_input_is_4xx(client, kwargs, status, words):
    r = client.post("/api/suggest", **kwargs)
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]


def test_suggest_refuses_a_huge_body_while_reading(client):
    big = b'{"text": "' + b"a" * (11 * 1024 * 1024) + b'"}'
    r = client.post("/api/suggest", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "at most" in r.json()["detail"]

    def chunks():  # no content-length: the limit must hold while the body streams in
        yield b'{"text": "'
        for _ in range(12):
            yield b"a" * (1024 * 1024)
        yield b'"}'

    r = client.post("/api/suggest", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "larger than" in r.json()["detail"]
    assert client.get("/healthz").status_code == 200


def test_the_language_switch_of_a_refused_long_query_keeps_only_the_limit(client):
    r = client.get("/", params={"q": "y" * 5000})
    assert r.status_code == 400
    assert "y" * 1001 not in r.text and "lang=en" in r.text


def test_the_search_page_says_which_translations_were_also_searched(client):
    page = client.get("/", params={"q": "acoso escolar"}).text
    assert "También se buscó, traducido: harassment, bullying, stalking, school</p>" in page
    page = client.get("/", params={"q": "acoso escolar", "lang": "en"}).text
    assert "Also searched for, translated: harassment, bullying, stalking, school</p>" in page
    assert "translated" not in client.get("/", params={"lang": "en"}).text  # no query, nothing translated
    page = client.get("/", params={"q": "programas que no mostraron efecto", "lang": "es"}).text
    assert "Primero las prácticas evaluadas así: sin efecto</p>" in page
    page = client.get("/", params={"q": "programmes evaluated by lottery", "lang": "en"}).text
    assert "evaluated so come first" not in page  # a lottery alone is no design
    page = client.get("/", params={"q": "randomised trials", "lang": "en"}).text
    assert "Practices evaluated so come first: randomised trial</p>" in page
