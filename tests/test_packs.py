"""Workshop packs: the YAML format and its messages, each export format read back, the command line and the
HTTP API (reading open, writing behind the admin token)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.app import create_app
from kb.cli import main
from kb.corpus import load
from kb.packs import InvalidPack, PackStore, dump_pack, export_pack, parse_pack
from kb.packs.pdf import CHROMIUM
from kb.service import KnowledgeBase
from tests.conftest import REPO

TITLES = {
    "co-bogota-alcohol": "Hora de cierre de bares en Bogotá",
    "gb-glasgow-gangs": "Community Initiative to Reduce Violence in Glasgow",
    "es-viogen": "Sistema de seguimiento de riesgo en violencia de género",
    "fi-school-bullying": "School anti-bullying programme",
}
PACK = """\
# a comment that must survive saving through the API as YAML
title: "Taller: alcohol, pandillas y escuela"
audience: Técnicos municipales
date: 2025-05-02
intro: |
  Un **taller** para comparar prácticas.

  ## Objetivos
  - Discutir la evidencia <script>alert('x')</script>
practices:
  - id: co-bogota-alcohol
    note: |
      ¿Qué horario de cierre tiene su municipio?

      1. Primera pregunta
      2. Segunda pregunta, con [un enlace](https://example.org/nota)
  - id: gb-glasgow-gangs
    note: "¿Quién convocaría las reuniones en su municipio?"
  - es-viogen
  - id: fi-school-bullying
"""
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def pack():
    return parse_pack(PACK, "taller.yaml")


# -- the format ---------------------------------------------------------------------------------------------
def test_parse_reads_every_field_with_defaults(pack):
    assert pack.title == "Taller: alcohol, pandillas y escuela" and pack.language == "es"
    assert pack.date == "2025-05-02" and pack.audience == "Técnicos municipales"
    assert pack.ids == ["co-bogota-alcohol", "gb-glasgow-gangs", "es-viogen", "fi-school-bullying"]
    assert pack.practices[2].note == "" and "Primera pregunta" in pack.practices[0].note


def test_dump_round_trips(pack):
    text = dump_pack(pack, TITLES, header="borrador")
    assert text.startswith("# borrador\n") and "# Hora de cierre de bares en Bogotá" in text
    again = parse_pack(text, "again.yaml")
    assert again.model_dump() == pack.model_dump()


@pytest.mark.parametrize("text, words", [
    ("practices: [co-cali-armas]\n", "taller.yaml:1: title: is required but missing"),
    ("title: x\npractices:\n  - id: co-cali-armas\n    nota: x\n",
     "taller.yaml:4: practices[0].nota: is not a field of a pack practice (expected: id, note); did you mean 'note'?"),
    ("titel: x\ntitle: y\npractices: [co-cali-armas]\n", "titel: is not a field of a pack"),
    ("title: [x\n", "invalid YAML"),
    ("title: x\npractices: [co-cali-armas]\nlanguage: fr\n", "language: must be 'es' or 'en'"),
    ("title: x\npractices: []\n", "a pack needs at least one practice"),
    ("title: x\npractices: [co-cali-armas, co-cali-armas]\n", "lists 'co-cali-armas' more than once"),
    ("title: x\npractices: ['../../etc/passwd']\n", "is not a practice id"),
    ("", "is empty"),
    ("- just\n- a list\n", "must be a mapping"),
])
def test_invalid_packs_say_where_and_what(text, words):
    with pytest.raises(InvalidPack) as e:
        parse_pack(text, "taller.yaml")
    assert words in str(e.value) and "\n" not in str(e.value)


def test_unknown_practice_id_names_the_line_and_the_closest_id(kb):
    pack = parse_pack("title: x\npractices:\n  - id: co-cali-armas\n  - id: gb-glasgow-gang\n", "t.yaml")
    with pytest.raises(InvalidPack, match=r"t.yaml:4: practices\[1\].id: 'gb-glasgow-gang' is not the id of any "
                                          r"practice in the knowledge base; did you mean 'gb-glasgow-gangs'\?"):
        pack.resolve(kb.searcher)


def test_the_shipped_example_pack_is_valid_against_the_shipped_corpus():
    path = REPO / "packs" / "taller-alcohol-y-vida-nocturna.yaml"
    pack = parse_pack(path.read_bytes(), str(path))
    assert pack.language == "es" and 4 <= len(pack.practices) <= 6
    assert all(item.note for item in pack.practices)
    corpus = load(REPO / "practices").by_id
    text = export_pack(pack, corpus, "md").decode()
    assert all(corpus[i].meta.title in text for i in pack.ids)


# -- exports read back ------------------------------------------------------------------------------------
def test_docx_has_word_heading_styles_and_every_practice(kb, pack):
    document = docx.Document(io.BytesIO(export_pack(pack, kb.searcher, "docx")))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", pack.title) in styled
    heading1 = [text for style, text in styled if style == "Heading 1"]
    assert heading1 == ["Introducción"] + [f"{n}. {TITLES[i]}" for n, i in enumerate(pack.ids, 1)] + \
                      ["Anexo: comparación de las prácticas"]
    heading2 = [text for style, text in styled if style == "Heading 2"]
    # the trainer's note, the practice's own headings in its language, then its sources
    assert heading2[:5] == ["Para el taller", "Resumen", "Resultados", "Fuentes", "Para el taller"]
    assert "Summary" in heading2 and "Results" in heading2
    assert ("Heading 3", "Objetivos") in styled  # the intro's own heading nests below Heading 1
    text = "\n".join(t for _, t in styled)
    assert "Lugar: Bogotá, Colombia" in text and "Evidencia: Prometedora (diseño: cuasi-experimental)" in text
    assert "Idioma del caso: inglés" in text and "¿Quién convocaría las reuniones" in text
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["Práctica", "País", "Temas", "Población", "Evidencia"]
    row = [c.text for c in annex.rows[1].cells]
    assert row == ["1. Hora de cierre de bares en Bogotá", "Colombia", "Regulación del alcohol, Vida nocturna",
                   "Población general, Jóvenes", "Prometedora"]
    assert "alcohol-regulation" not in text + "".join(c.text for r in annex.rows for c in r.cells)


def test_html_is_self_contained_with_every_title_and_escaped_markdown(kb, pack):
    html = export_pack(pack, kb.searcher, "html").decode()
    assert html.startswith("<!doctype html>") and '<html lang="es">' in html
    assert f"<h1>{pack.title}</h1>" in html
    for n, pid in enumerate(pack.ids, 1):
        assert f'<section class="practice" id="p-{pid}">' in html and f"<h2>{n}. {TITLES[pid]}</h2>" in html
        assert f'href="#p-{pid}"' in html  # the contents link to each practice
    assert "<style>" in html and "@page" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<link" not in html and " src=" not in html
    assert '<section class="annex" id="annex">' in html and "<td>Reino Unido</td>" in html


def test_markdown_is_one_file_with_the_parts_in_order(kb, pack):
    md = export_pack(pack, kb.searcher, "md").decode()
    order = ["# Taller: alcohol, pandillas y escuela", "## Introducción", "#### Objetivos", "## Índice",
             "## 1. Hora de cierre de bares en Bogotá", "**Lugar:** Bogotá, Colombia", "### Para el taller",
             "### Resumen", "### Fuentes", "## 2. Community Initiative to Reduce Violence in Glasgow",
             "### Summary", "## Anexo: comparación de las prácticas", "| Práctica | País |"]
    positions = [md.index(part) for part in order]
    assert positions == sorted(positions)
    assert "- [Test fixture (2011)](https://example.org/cirv)" in md


def test_labels_follow_the_pack_language(kb):
    pack = parse_pack("title: Workshop\nlanguage: en\npractices: [co-bogota-alcohol]\n")
    md = export_pack(pack, kb.searcher, "md").decode()
    assert "## Contents" in md and "**Place:** Bogotá, Colombia" in md and "**Evidence:** Promising" in md
    assert "**Language of the case:** Spanish" in md and "### Resumen" in md  # the case keeps its own headings
    assert "| Practice | Country | Themes | Target groups | Evidence |" in md


@needs_chromium
def test_pdf_text_and_pages(kb, pack, tmp_path):
    data = export_pack(pack, kb.searcher, "pdf")
    assert data.startswith(b"%PDF")
    out = tmp_path / "pack.pdf"
    out.write_bytes(data)
    pages = len(PdfReader(out).pages)
    assert pages >= len(pack.ids) + 3  # title page, intro and contents, one per practice at least, annex
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                              timeout=60).stdout
    else:
        text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    flat = " ".join(text.split())
    for title in [pack.title, *TITLES.values()]:
        assert title in flat
    assert "Anexo: comparación de las prácticas" in flat
    assert re.search(rf"\b2 ?/ ?{pages}\b", flat) and not re.search(rf"\b1 ?/ ?{pages}\b", flat)  # none on the cover


def test_pdf_without_chromium_is_a_clear_error(monkeypatch):
    from kb.packs import pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    with pytest.raises(pdf.ExportUnavailable, match="needs Chromium"):
        pdf.html_to_pdf("<p>x</p>")


# -- command line -----------------------------------------------------------------------------------------
def test_cli_build_each_text_format(practices, tmp_path):
    source = tmp_path / "taller.yaml"
    source.write_text(PACK, encoding="utf-8")
    common = ["--practices", practices, "--index", tmp_path / "idx"]
    r = run("pack", "build", source, "--format", "docx", "--out", tmp_path / "out" / "t.docx", *common)
    assert r.exit_code == 0, r.stderr
    assert "wrote" in r.stderr and (tmp_path / "out" / "t.docx").stat().st_size > 5000
    r = run("pack", "build", source, "--out", tmp_path / "t.html", *common)  # the format from the extension
    assert r.exit_code == 0 and (tmp_path / "t.html").read_text().startswith("<!doctype html>")
    r = run("pack", "build", source, "--format", "md", "--out", "-", *common)
    assert r.exit_code == 0 and r.stdout.startswith("# Taller: alcohol")


def test_cli_build_finds_a_pack_by_name_in_the_packs_folder(practices, tmp_path, monkeypatch):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "taller.yaml").write_text(PACK, encoding="utf-8")
    r = run("pack", "build", "taller", "--format", "md", "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 0 and Path("taller.md").is_file()
    r = run("pack", "list", "--practices", practices)
    assert r.stdout == "taller\tTaller: alcohol, pandillas y escuela\n"


@pytest.mark.parametrize("edit, words", [
    (lambda t: t.replace("  - es-viogen\n", "  - es-viogenn\n"),
     "'es-viogenn' is not the id of any practice in the knowledge base; did you mean 'es-viogen'?"),
    (lambda t: t.replace('title: "Taller: alcohol, pandillas y escuela"\n', ""), "title: is required but missing"),
    (lambda t: t.replace("audience:", "audiencia:"), "audiencia: is not a field of a pack"),
    (lambda t: t + "  - id: [\n", "invalid YAML"),
])
def test_cli_invalid_pack_exits_2_with_one_line(practices, tmp_path, edit, words):
    source = tmp_path / "taller.yaml"
    source.write_text(edit(PACK), encoding="utf-8")
    assert run("index", "--practices", practices, "--index", tmp_path / "idx").exit_code == 0
    for command in ("build", "check"):
        r = run("pack", command, source, "--practices", practices, "--index", tmp_path / "idx")
        assert r.exit_code == 2
        assert r.stderr.startswith("kb: taller.yaml:") and r.stderr.count("\n") == 1 and words in r.stderr
        assert "Traceback" not in r.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_cli_missing_file_exits_2(practices, tmp_path):
    r = run("pack", "build", tmp_path / "nope.yaml", "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 2 and "cannot read" in r.stderr


def test_cli_suggest_drafts_a_valid_diverse_pack(practices, tmp_path):
    common = ["--practices", practices, "--index", tmp_path / "idx"]
    r = run("pack", "suggest", "violencia con armas y alcohol de noche", "--k", 4, *common)
    assert r.exit_code == 0, r.stderr
    draft = parse_pack(r.stdout, "draft.yaml")
    assert draft.language == "es" and len(draft.practices) == 4 and all(i.note for i in draft.practices)
    by_id = load(practices).by_id
    draft.resolve(by_id)
    assert len({by_id[i].meta.themes[0] for i in draft.ids}) > 1
    assert r.stdout.startswith("# Borrador de paquete de taller")
    out = tmp_path / "draft.yaml"
    r = run("pack", "suggest", "bullying at the school", "--k", 2, "--out", out, *common)
    assert r.exit_code == 0 and parse_pack(out.read_bytes()).language == "en"
    assert f"kb pack build {out}" in out.read_text()
    r = run("pack", "suggest", "school bullying", "--out", out, *common)
    assert r.exit_code == 2 and "--force" in r.stderr
    r = run("pack", "suggest", "school bullying", "--k", 0, *common)
    assert r.exit_code == 2 and "k must be" in r.stderr


# -- HTTP API ---------------------------------------------------------------------------------------------
TOKEN = {"Authorization": "Bearer s3cret"}


def _client(settings, encoder, tmp_path, **update):
    packs = tmp_path / "packs"
    packs.mkdir(exist_ok=True)
    (packs / "taller.yaml").write_text(PACK, encoding="utf-8")
    base = KnowledgeBase(settings.model_copy(update={"packs": packs, **update}), encoders=encoder)
    base.build()
    return TestClient(create_app(base))


@pytest.fixture
def client(settings, encoder, tmp_path):
    with _client(settings, encoder, tmp_path, admin_token="s3cret") as c:
        yield c


@pytest.fixture
def closed(settings, encoder, tmp_path):
    with _client(settings, encoder, tmp_path) as c:
        yield c


def test_api_reads_without_a_token(client):
    data = client.get("/api/packs").json()
    assert data == {"total": 1, "packs": [{"name": "taller", "title": "Taller: alcohol, pandillas y escuela",
                                           "language": "es", "practices": 4, "problem": None}]}
    one = client.get("/api/packs/taller").json()
    assert one["name"] == "taller" and one["date"] == "2025-05-02"
    assert one["practices"][1] == {"id": "gb-glasgow-gangs", "note": "¿Quién convocaría las reuniones en su "
                                   "municipio?", "title": TITLES["gb-glasgow-gangs"]}
    assert one["exports"]["pdf"] == "/api/packs/taller/export?format=pdf"


@pytest.mark.parametrize("path, status", [
    ("/api/packs/nope", 404), ("/api/packs/..", 404), ("/api/packs/..%2Fetc", 404), ("/api/packs/Taller", 400), ("/api/packs/a_b", 400),
    ("/api/packs/..%2F..%2Fetc%2Fpasswd", 404), ("/api/packs/%2e%2e", 400), ("/api/packs/" + "a" * 200, 400),
    ("/api/packs/nope/export?format=md", 404), ("/api/packs/taller/export?format=exe", 400),
])
def test_api_bad_names_and_path_tricks_are_4xx(client, path, status):
    r = client.get(path)
    assert r.status_code == status and r.json()["detail"]


def test_api_writing_is_off_without_a_configured_token(closed):
    for method, path in (("post", "/api/packs"), ("put", "/api/packs/taller"), ("delete", "/api/packs/taller")):
        r = closed.request(method, path, json={"title": "x", "practices": ["co-cali-armas"]}, headers=TOKEN)
        assert r.status_code == 403 and "KB_ADMIN_TOKEN" in r.json()["detail"]
    assert closed.get("/api/packs/taller").status_code == 200


def test_api_writing_needs_the_right_token(client, tmp_path):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        r = client.delete("/api/packs/taller", headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and r.json()["detail"]
    assert (tmp_path / "packs" / "taller.yaml").is_file()


def test_api_create_update_delete(client, tmp_path):
    body = {"title": "Taller de armas", "practices": [{"id": "co-cali-armas", "note": "¿Y aquí?"}]}
    r = client.post("/api/packs", json=body, headers=TOKEN)
    assert r.status_code == 201 and r.headers["location"] == "/api/packs/taller-de-armas"
    assert r.json()["practices"][0]["title"] == "Restricción del porte de armas en Cali"
    saved = tmp_path / "packs" / "taller-de-armas.yaml"
    assert parse_pack(saved.read_bytes()).title == "Taller de armas"
    assert client.post("/api/packs", json=body, headers=TOKEN).status_code == 409
    body["title"] = "Taller de armas, segunda versión"
    r = client.put("/api/packs/taller-de-armas", json=body, headers=TOKEN)
    assert r.status_code == 200 and client.get("/api/packs/taller-de-armas").json()["title"] == body["title"]
    assert client.put("/api/packs/nope", json=body, headers=TOKEN).status_code == 404
    assert client.delete("/api/packs/taller-de-armas", headers=TOKEN).status_code == 204
    assert client.get("/api/packs/taller-de-armas").status_code == 404 and not saved.exists()
    assert client.delete("/api/packs/taller-de-armas", headers=TOKEN).status_code == 404


def test_api_create_from_yaml_keeps_the_file_as_written(client, tmp_path):
    r = client.post("/api/packs?name=otro", content=PACK.encode(), headers={**TOKEN, "Content-Type": "application/yaml"})
    assert r.status_code == 201 and r.json()["name"] == "otro"
    assert (tmp_path / "packs" / "otro.yaml").read_text(encoding="utf-8") == PACK


@pytest.mark.parametrize("body, words", [
    ({"title": "x", "practices": ["co-cali-armass"]}, "did you mean 'co-cali-armas'"),
    ({"practices": ["co-cali-armas"]}, "title: is required but missing"),
    ({"title": "x", "practices": ["co-cali-armas"], "colour": "red"}, "colour: is not a field of a pack"),
    ({"title": "x", "practices": ["co-cali-armas"], "name": "../etc"}, "is not a pack name"),
    ([1, 2], "must be an object"),
])
def test_api_invalid_packs_are_400_with_a_detail(client, body, words, tmp_path):
    r = client.post("/api/packs", json=body, headers=TOKEN)
    assert r.status_code == 400 and words in r.json()["detail"]
    assert sorted(p.name for p in (tmp_path / "packs").iterdir()) == ["taller.yaml"]


def test_api_bad_bodies(client):
    r = client.post("/api/packs", content=b"{nope", headers={**TOKEN, "Content-Type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["detail"]
    r = client.post("/api/packs", content=b"title: [", headers={**TOKEN, "Content-Type": "application/yaml"})
    assert r.status_code == 400 and "invalid YAML" in r.json()["detail"]
    r = client.post("/api/packs", content=b"x", headers={**TOKEN, "Content-Type": "image/png"})
    assert r.status_code == 415
    r = client.put("/api/packs/taller", json={"name": "other", "title": "x", "practices": ["co-cali-armas"]},
                   headers=TOKEN)
    assert r.status_code == 400 and "cannot be renamed" in r.json()["detail"]


@pytest.mark.parametrize("fmt, media_type, start", [
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ("html", "text/html; charset=utf-8", b"<!doctype html>"),
    ("md", "text/markdown; charset=utf-8", b"# Taller"),
    pytest.param("pdf", "application/pdf", b"%PDF", marks=needs_chromium),
])
def test_api_export_content_types(client, fmt, media_type, start):
    r = client.get("/api/packs/taller/export", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-type"] == media_type and r.content.startswith(start)
    assert r.headers["content-disposition"] == f'attachment; filename="taller.{fmt}"'


def test_api_export_of_a_pack_whose_practice_is_gone_is_400(client, tmp_path):
    (tmp_path / "packs" / "viejo.yaml").write_text("title: x\npractices: [gone-practice]\n")
    r = client.get("/api/packs/viejo/export", params={"format": "md"})
    assert r.status_code == 400 and "gone-practice" in r.json()["detail"]
    listed = {p["name"]: p for p in client.get("/api/packs").json()["packs"]}
    assert listed["viejo"]["title"] == "x" and listed["viejo"]["problem"] is None


def test_api_exports_a_pack_sent_in_the_body_without_a_token_or_saving_it(closed, tmp_path):
    body = {"title": "Mi taller", "language": "en", "practices": [
        {"id": "gb-glasgow-gangs", "note": "Who would call the meetings?"}, {"id": "co-bogota-alcohol"}]}
    r = closed.post("/api/packs/export", params={"format": "md"}, json=body)
    assert r.status_code == 200 and r.headers["content-disposition"] == 'attachment; filename="mi-taller.md"'
    md = r.text
    assert md.startswith("# Mi taller") and "Who would call the meetings?" in md
    assert md.index(TITLES["gb-glasgow-gangs"]) < md.index(TITLES["co-bogota-alcohol"])  # the order sent
    r = closed.post("/api/packs/export", params={"format": "docx"}, json=body)
    assert r.status_code == 200 and r.content.startswith(b"PK")
    headings = [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs if p.style.name == "Heading 1"]
    assert any(TITLES["gb-glasgow-gangs"] in h for h in headings)
    r = closed.post("/api/packs/export", params={"format": "yaml"}, json=body)
    assert r.headers["content-type"] == "application/yaml"
    again = parse_pack(r.content)  # the YAML download is a valid pack file, titles as comments
    assert again.ids == ["gb-glasgow-gangs", "co-bogota-alcohol"] and again.language == "en"
    assert f"# {TITLES['gb-glasgow-gangs']}" in r.text
    r = closed.post("/api/packs/export", params={"format": "md"}, content=PACK.encode(),
                    headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200 and r.text.startswith("# Taller: alcohol, pandillas y escuela")
    assert sorted(p.name for p in (tmp_path / "packs").iterdir()) == ["taller.yaml"]


@pytest.mark.parametrize("body, params, words", [
    ({"title": "x", "practices": ["co-cali-armass"]}, {"format": "md"}, "did you mean 'co-cali-armas'"),
    ({"title": "", "practices": ["co-cali-armas"]}, {"format": "md"}, "title"),
    ({"title": "x", "practices": []}, {"format": "md"}, "practices"),
    ({"title": "x", "practices": ["co-cali-armas"]}, {"format": "exe"}, "unknown format"),
    ({"title": "x", "practices": ["co-cali-armas"]}, {"format": "yaml", "x": 1}, None),
])
def test_api_export_of_a_sent_pack_names_what_is_wrong(closed, body, params, words):
    r = closed.post("/api/packs/export", params=params, json=body)
    if words is None:
        assert r.status_code == 200
    else:
        assert r.status_code == 400 and words in r.json()["detail"]


def script_words(page: str) -> dict:
    """The words the page gives its script, from the JSON block (never executed, so the CSP allows it)."""
    return json.loads(re.search(r'<script type="application/json" id="kb-messages">(.*?)</script>', page, re.S)[1])


def test_web_pack_editor_page_in_both_languages(client):
    r = client.get("/paquete")
    assert r.status_code == 200 and "Mi paquete de taller" in r.text and 'id="pack-editor"' in r.text
    assert script_words(r.text)["add"] == "Añadir al paquete"
    r = client.get("/paquete?lang=en")
    assert "My workshop pack" in r.text and script_words(r.text)["add"] == "Add to pack"
    page = client.get("/?q=alcohol").text
    assert 'class="add-pack secondary" data-id="co-bogota-alcohol"' in page
    assert 'data-id="co-bogota-alcohol"' in client.get("/practices/co-bogota-alcohol").text
    assert 'data-pack="taller"' in client.get("/packs/taller").text


def test_web_pack_page(client):
    r = client.get("/packs/taller")
    assert r.status_code == 200
    for title in TITLES.values():
        assert title in r.text
    for fmt in ("docx", "pdf", "html", "md", "yaml"):
        assert f'href="/api/packs/taller/export?format={fmt}"' in r.text
    assert "<script>alert" not in r.text
    assert "Taller: alcohol, pandillas y escuela" in client.get("/packs").text
    assert client.get("/packs/nope").status_code == 404
    assert client.get("/packs/%2e%2e").status_code == 400


def test_store_lists_broken_files_with_their_problem(tmp_path):
    store = PackStore(tmp_path)
    (tmp_path / "roto.yaml").write_text("title: [\n")
    (tmp_path / "bueno.yaml").write_text("title: Bueno\npractices: [co-cali-armas]\n")
    (tmp_path / "Not A Name.yaml").write_text("title: x\n")
    listed = store.list()
    assert [name for name, _, _ in listed] == ["bueno", "roto"]
    assert listed[1][1] is None and "invalid YAML" in listed[1][2]
