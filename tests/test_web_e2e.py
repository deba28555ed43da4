"""The web page in a real browser: Debian's Chromium driven by Playwright against `kb serve` on loopback
(tier e2e). Screenshots at 1280 and 390 px wide go to test-artifacts/."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.server import serving

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(REPO / "practices", tmp_path_factory.mktemp("index")) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-GT")
    page = context.new_page()
    page.outside = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:")) else page.outside.append(r.url))
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=10) as r:
        return json.loads(r.read())


def test_search_filter_practice_and_english(page, server):
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_label("¿Qué problema quiere atender?").fill("homicidios con armas de fuego")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?*q=homicidios*")
    titles = page.locator(".results .card h3").all_inner_texts()
    expected = api(server, "/api/search?q=homicidios+con+armas+de+fuego&k=20")["results"]
    assert titles[:5] == [r["title"] for r in expected[:5]]  # the page shows what the API answers
    assert page.locator(".snippet mark").count() > 0  # matching words highlighted
    shot(page, "search")

    page.get_by_label("Colombia").first.check()  # a filter applies as soon as it changes
    page.wait_for_url("**country=CO**")
    metas = page.locator(".results .card .meta").all_inner_texts()
    assert metas and all("Colombia" in m for m in metas)

    page.locator(".results .card h3 a").first.click()
    page.wait_for_url("**/practices/**")
    assert page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="Fuentes").is_visible()
    assert page.get_by_role("heading", name="Prácticas parecidas").is_visible()
    shot(page, "practice")

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**lang=en**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Sources").is_visible()
    assert page.get_by_role("link", name="Search", exact=True).is_visible()
    page.get_by_role("link", name="Search", exact=True).click()  # the language stays (cookie)
    assert page.get_by_label("Which problem do you want to address?").is_visible()
    assert page.outside == []


def test_no_results_state_offers_to_remove_a_filter(page, server):
    page.goto(server + "/?q=violencia&country=NO&evidence=no-effect")
    assert page.get_by_text("Ninguna práctica cumple todos los filtros elegidos.").is_visible()
    page.get_by_role("link", name="Quitar «Sin efecto»").click()
    assert page.locator(".results .card").count() >= 1


def test_too_long_query_shows_a_clear_error(page, server):
    response = page.goto(server + "/?q=" + "x" * 1200)
    assert response.status == 400
    assert "1,200 characters" in page.get_by_role("alert").inner_text()


def test_upload_a_docx_plan_and_see_suggestions(page, server, tmp_path):
    from tests.plans import docx_bytes

    plan = tmp_path / "plan.docx"
    plan.write_bytes(docx_bytes())
    page.goto(server + "/sugerir")
    page.get_by_label("O suba el archivo").set_input_files(str(plan))
    page.get_by_role("button", name="Sugerir prácticas").click()
    page.wait_for_selector("#coverage-title")
    assert page.get_by_role("heading", name="3.1 Violencia armada").is_visible()
    assert page.locator(".plan-section .card").count() >= 3
    assert page.get_by_text("No se usa para buscar: marco legal o institucional").is_visible()
    assert page.locator(".why").first.inner_text().startswith("Por qué:")
    first = page.locator(".plan-section .card").first
    first.get_by_role("button", name="Añadir al paquete").click()  # a suggestion goes to the pack too
    assert page.locator("#my-pack-link .pack-count").inner_text() == "1"
    shot(page, "suggest")
    assert page.outside == []


def test_unreadable_upload_shows_an_error_page(page, server, tmp_path):
    bad = tmp_path / "plan.pdf"
    bad.write_bytes(b"%PDF-1.4 this is broken")
    page.goto(server + "/sugerir")
    page.get_by_label("O suba el archivo").set_input_files(str(bad))
    page.get_by_role("button", name="Sugerir prácticas").click()
    page.wait_for_selector("[role=alert]")
    assert "damaged PDF" in page.get_by_role("alert").inner_text()


def test_api_docs_render_offline(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 6
    assert page.outside == []  # Swagger UI is served by the app, not a CDN


def test_build_a_pack_from_results_and_practice_pages_reorder_note_download(page, server, tmp_path):
    import docx
    from playwright.sync_api import expect

    page.goto(server + "/?q=violencia+en+bares+de+noche")
    first = page.locator(".results .card").nth(0)
    second_title = page.locator(".results .card h3").nth(1).inner_text()
    first_title = first.locator("h3").inner_text()
    first.get_by_role("button", name="Añadir al paquete").click()
    assert first.get_by_role("button", name="Quitar del paquete").get_attribute("aria-pressed") == "true"
    assert page.locator("#my-pack-link .pack-count").inner_text() == "1"

    page.locator(".results .card h3 a").nth(1).click()  # the second one, from its own page
    page.wait_for_url("**/practices/**")
    page.locator("article.practice").get_by_role("button", name="Añadir al paquete").click()
    assert page.locator("#my-pack-link .pack-count").inner_text() == "2"

    page.get_by_role("link", name="Mi paquete").click()
    page.wait_for_url("**/paquete")
    items = page.locator("#pk-list > li")
    assert items.count() == 2 and items.nth(0).locator("h3").inner_text().endswith(first_title)
    page.get_by_label("Título del taller").fill("Taller: la noche segura")
    page.get_by_label("Público").fill("Técnicos municipales")
    items.nth(0).get_by_label("Nota del capacitador (Markdown)").fill("¿A qué hora cierran los bares aquí?")
    page.get_by_role("button", name="Subir: " + second_title).click()  # reorder with the keyboard-reachable buttons
    assert items.nth(0).locator("h3").inner_text().endswith(second_title)
    assert page.locator(":focus").get_attribute("class").find("pk-") >= 0  # focus stays on the moved item
    shot(page, "pack-editor")

    page.reload()  # the pack is kept in the browser
    assert page.get_by_label("Título del taller").input_value() == "Taller: la noche segura"
    assert items.nth(1).get_by_label("Nota del capacitador (Markdown)").input_value() == "¿A qué hora cierran los bares aquí?"

    with page.expect_download() as info:
        page.get_by_role("button", name="Markdown (.md)").click()
    md = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "taller-la-noche-segura.md"
    assert md.startswith("# Taller: la noche segura") and "¿A qué hora cierran los bares aquí?" in md
    assert md.index("## 1. " + second_title) < md.index("## 2. " + first_title)
    with page.expect_download() as info:
        page.get_by_role("button", name="Word (.docx)").click()
    headings = [p.text for p in docx.Document(info.value.path()).paragraphs if p.style.name == "Heading 1"]
    assert any(second_title in h for h in headings) and any(first_title in h for h in headings)
    assert "taller-la-noche-segura.docx" in page.get_by_role("status").filter(has_text="Descargado").inner_text()

    page.get_by_role("button", name="Quitar: " + first_title).click()
    assert items.count() == 1
    page.get_by_text("Guardar en el servidor").click()
    page.get_by_role("button", name="Guardar", exact=True).click()  # no admin token on this server
    expect(page.locator("#pk-status")).to_contain_text("KB_ADMIN_TOKEN")  # waits for the answer ("Guardando…" first)
    assert page.outside == []


def test_edit_a_saved_pack_in_the_browser(page, server):
    page.goto(server + "/packs/taller-alcohol-y-vida-nocturna")
    saved = api(server, "/api/packs/taller-alcohol-y-vida-nocturna")
    page.get_by_role("button", name="Editar en mi paquete").click()
    page.wait_for_url("**/paquete")
    assert page.get_by_label("Título del taller").input_value() == saved["title"]
    titles = [t.split(". ", 1)[1] for t in page.locator("#pk-list > li h3").all_inner_texts()]
    assert titles == [p["title"] for p in saved["practices"]]
    assert page.locator("#pk-list .pk-note").first.input_value() == saved["practices"][0]["note"]
    assert page.get_by_label("Nombre del archivo").input_value() == "taller-alcohol-y-vida-nocturna"
