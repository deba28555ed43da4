"""Hostile requests, admin endpoints, reindexing while serving, damaged indexes, security headers."""

import threading

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from indexer import store
from kb.service import KnowledgeBase
from tests.conftest import valid_text, write


@pytest.fixture
def client(kb):
    with TestClient(create_app(kb)) as c:
        yield c


@pytest.fixture
def admin(settings, encoder):
    base = KnowledgeBase(settings.model_copy(update={"admin_token": "s3cret"}), encoders=encoder)
    base.build()
    with TestClient(create_app(base)) as c:
        yield c, base


HOSTILE = [
    ("/api/search", {"q": "x" * 60_000}, 400, "60,000 characters"),  # the test client caps URLs at 64 KiB
    ("/api/search", {"q": "\x00\x00\x00"}, 400, "empty"),
    ("/api/search", {"q": "violencia \x00 \u202e\u200b 👮 ﷽"}, 200, None),
    ("/api/search", {"q": "x", "k": "1000000"}, 400, "k must be"),
    ("/api/search", {"q": "x", "k": "-5"}, 400, "k must be"),
    ("/api/search", {"q": "x", "k": "1e3"}, 422, "query parameter k"),
    ("/api/search", {"q": "x", "country": "../../etc"}, 400, "unknown country"),
    ("/api/search", {"q": "x", "language": "x" * 5000}, 400, "unknown language"),
    ("/api/practices", {"theme": "'; DROP TABLE practices; --"}, 400, "unknown theme"),
    ("/api/practices/%2e%2e%2f%2e%2e%2fetc%2fpasswd", {}, 404, None),
    ("/api/practices/" + "a" * 5000, {}, 404, "no practice"),
]


@pytest.mark.parametrize("path, params, status, words", HOSTILE)
def test_hostile_requests_get_4xx_with_a_detail(client, path, params, status, words):
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    if status >= 400:
        assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    if words:
        assert words in r.json()["detail"]
    assert client.get("/healthz").status_code == 200


def test_large_json_bodies_are_refused_before_reading(client):
    r = client.post("/api/suggest", content=b"{" + b" " * (30 * 1024 * 1024) + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and "at most" in r.json()["detail"]


@pytest.mark.parametrize("files, words", [
    ({"file": ("plan.pdf", b"PK\x03\x04 a zip pretending to be a pdf", "application/pdf")}, "not a PDF"),
    ({"file": ("plan.docx", b"%PDF-1.4 a pdf pretending", "application/msword")}, "not a Word document"),
    ({"file": ("plan.txt", b"%PDF-1.4 pdf named txt", "text/plain")}, "not text"),
    ({"file": ("plan.exe", b"MZ\x90\x00", "application/octet-stream")}, "plans are read from"),
])
def test_uploads_that_lie_about_their_type(client, files, words):
    r = client.post("/api/suggest", files=files)
    assert 400 <= r.status_code < 500 and words in r.json()["detail"]


def test_zip_bomb_and_encrypted_and_huge_pdf_uploads(client):
    from tests.plans import pdf_bytes, zip_bomb

    for name, data, words in (("plan.docx", zip_bomb(), "unpacks to"),
                              ("plan.pdf", pdf_bytes(password="x"), "encrypted"),
                              ("plan.pdf", pdf_bytes(pages=400), "400 pages")):
        r = client.post("/api/suggest", files={"file": (name, data, "application/octet-stream")})
        assert r.status_code == 400 and words in r.json()["detail"], (name, r.text)
    assert client.get("/healthz").status_code == 200


def test_security_headers_and_no_cors(client):
    for path in ("/", "/api/search?q=violencia", "/practices/co-cali-armas"):
        r = client.get(path, headers={"Origin": "https://evil.example"})
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "access-control-allow-origin" not in r.headers


def test_script_in_a_case_study_never_reaches_a_page(client, kb, practices):
    path = practices / "es-viogen.md"
    path.write_text(path.read_text() + "\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n")
    kb.build()
    page = client.get("/practices/es-viogen").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_admin_is_off_without_a_token(client):
    r = client.post("/api/admin/reindex")
    assert r.status_code == 403 and "KB_ADMIN_TOKEN" in r.json()["detail"]


def test_admin_needs_the_right_token(admin):
    c, _ = admin
    assert c.post("/api/admin/reindex").status_code == 401
    assert c.post("/api/admin/reindex", headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = c.post("/api/admin/reindex", headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200 and r.json()["up_to_date"] is True


def test_reindex_swaps_in_new_practices_while_searches_go_on(admin, practices):
    c, base = admin
    write(practices, "gt-mixco-prueba.md", valid_text(body="Escuelas abiertas los fines de semana en Mixco."))
    errors, seen, stop = [], [], threading.Event()

    def searching():
        while not stop.is_set():
            r = c.get("/api/search", params={"q": "escuelas abiertas fines de semana", "k": 10})
            if r.status_code != 200:
                errors.append(r.status_code)
                continue
            data = r.json()
            seen.append((len(data["results"]), data["total"]))

    threads = [threading.Thread(target=searching) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        r = c.post("/api/admin/reindex", headers={"Authorization": "Bearer s3cret"})
    finally:
        stop.set()
        for t in threads:
            t.join()
    print(f"\nreindex while serving: {len(seen)} searches answered during the reindex, {len(errors)} failed")
    assert r.status_code == 200 and r.json()["added"] == ["gt-mixco-prueba.md"]
    assert errors == [] and seen
    assert set(seen) <= {(6, 6), (7, 7)}  # each answer wholly old (6 practices) or wholly new (7)
    assert c.get("/api/practices/gt-mixco-prueba").status_code == 200


def test_a_second_reindex_at_once_is_refused(admin):
    from indexer.build import locked

    c, base = admin
    with locked(base.index_dir):
        r = c.post("/api/admin/reindex", headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 409 and "another build" in r.json()["detail"]


@pytest.mark.parametrize("damage", ["truncate-vectors", "corrupt-sqlite", "other-encoder", "other-format",
                                    "half-written", "missing-current-target"])
def test_a_damaged_index_is_detected_and_rebuilt_at_start(settings, encoder, damage):
    import json

    base = KnowledgeBase(settings, encoders=encoder)
    folder = base.build().build
    if damage == "truncate-vectors":
        data = (folder / "vectors-0.npy").read_bytes()
        (folder / "vectors-0.npy").write_bytes(data[:100])
    elif damage == "corrupt-sqlite":
        with open(folder / store.DATABASE, "r+b") as f:
            f.seek(200)
            f.write(b"\xff" * 4096)
    elif damage in ("other-encoder", "other-format"):
        manifest = json.loads((folder / store.MANIFEST).read_text())
        manifest.update({"encoder": "e5-small"} if damage == "other-encoder" else {"format": 999})
        (folder / store.MANIFEST).write_text(json.dumps(manifest))
    elif damage == "half-written":
        (folder / store.MANIFEST).unlink()
    else:
        (settings.index / store.CURRENT).write_text("build-does-not-exist\n")
    practices_before = sorted(p.name for p in settings.practices.iterdir())
    fresh = KnowledgeBase(settings, encoders=encoder)
    with TestClient(create_app(fresh)) as c:
        assert c.get("/healthz").json()["practices"] == 6
        assert c.get("/api/search", params={"q": "armas"}).status_code == 200
    assert sorted(p.name for p in settings.practices.iterdir()) == practices_before  # nothing the user wrote lost
