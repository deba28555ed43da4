"""Reading plan drafts in every format, their sections, and suggestions for them."""

import io
import zipfile

import pytest

from kb.errors import BadUpload
from kb.plans.headings import chapter, numbered_level
from kb.plans.readers import MAX_BYTES, read_plan
from kb.plans.sections import split
from kb.plans.service import suggest_for_file, suggest_for_text
from tests.plans import (PLAN_MD, SECTIONS, STYLED_HEADINGS, docx_bytes, numbered_docx, pdf_bytes, printed_pdf_bytes,
                          styled_pdf_bytes,
                         zip_bomb)


def headings(plan):
    return [s.heading for s in split(plan)]


def test_markdown_sections_keep_their_headings_as_written():
    sections = split(read_plan(PLAN_MD.encode(), "plan.md"))
    assert [s.heading for s in sections][1:] == SECTIONS
    kinds = {s.heading: s.kind for s in sections}
    assert kinds["1. Marco legal e institucional"] == "legal-framework"
    assert kinds["2. Datos generales del municipio"] == "reference-data"
    assert kinds["3. Diagnóstico"] == "empty"
    assert kinds["3.1 Violencia armada"] == kinds["3.2 Acoso escolar"] == "usable"


def test_a_subsection_of_the_reference_data_or_the_legal_framework_is_part_of_it():
    body = "Texto de la sección con suficientes palabras para que cuente como una sección con contenido propio."
    plan = read_plan("\n\n".join([
        "# Presentación", body, "## CAPÍTULO I. MARCO JURÍDICO", "### I.1 Comisión municipal", body,
        "## CAPÍTULO II. DATOS DE REFERENCIA", "### II.1 Territorio y población", body,
        "#### II.1.1 Economía y servicios", body, "## CAPÍTULO III. DIAGNÓSTICO", "### III.1 Homicidios", body,
        "### III.2 Economía y servicios", body]).encode(), "plan.md")
    kinds = {s.heading: s.kind for s in split(plan)}
    assert kinds["I.1 Comisión municipal"] == "legal-framework"
    assert kinds["II.1 Territorio y población"] == kinds["II.1.1 Economía y servicios"] == "reference-data"
    # the reference data ends with its chapter; front matter names only itself
    assert kinds["III.1 Homicidios"] == kinds["III.2 Economía y servicios"] == "usable"
    assert kinds["Presentación"] == "reference-data"


@pytest.mark.parametrize("numbered_only", [False, True])
def test_docx_headings_from_styles_or_numbering(numbered_only):
    plan = read_plan(docx_bytes(numbered_only), "plan.docx")
    found = headings(plan)
    for heading in SECTIONS:
        assert heading in found
    text = "\n".join(s.text for s in split(plan))
    assert "Portar armas de fuego" in text and "Patrullaje nocturno; homicidios por mes; -20%" in text


def test_word_text_inserted_with_changes_tracked_and_inside_content_controls_is_read():
    """A draft circulated for review keeps its changes tracked: inserted text is part of the plan as Word shows it,
    deleted text is not; a template's content controls hold headings and paragraphs too; a table's cells alike."""
    import io

    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    change = 'w:author="Revisora" w:date="2025-03-01T00:00:00Z"'
    document = docx.Document()
    document.add_heading("3.1 Incidencia delictiva", 1)
    paragraph = document.add_paragraph("Los homicidios se concentran en tres colonias. ")
    paragraph._p.append(parse_xml(f'<w:ins {w} w:id="1" {change}><w:r><w:t>Las extorsiones al transporte '
                                  f'crecieron un 40 %.</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del {w} w:id="2" {change}><w:r><w:delText>Texto retirado.</w:delText></w:r>'
                                  f'</w:del>'))
    cell = document.add_table(rows=1, cols=2).rows[0].cells
    cell[0].text = "Extorsión"
    cell[1].paragraphs[0]._p.append(parse_xml(f'<w:ins {w} w:id="3" {change}><w:r><w:t>436 denuncias</w:t></w:r>'
                                              f'</w:ins>'))
    control = parse_xml(
        f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r>'
        f'<w:t>3.2 Diagnóstico participativo</w:t></w:r></w:p><w:p><w:r><w:t>Conversatorios con jóvenes en '
        f'cuatro zonas.</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    body = document.element.body
    body.insert(len(body) - 1, control)  # before the section properties, as Word keeps them last
    data = io.BytesIO()
    document.save(data)
    blocks = read_plan(data.getvalue(), "plan.docx").blocks
    assert [(b.text, b.heading_level) for b in blocks] == [
        ("3.1 Incidencia delictiva", 1),
        ("Los homicidios se concentran en tres colonias. Las extorsiones al transporte crecieron un 40 %.", 0),
        ("Extorsión; 436 denuncias", 0),
        ("3.2 Diagnóstico participativo", 1), ("Conversatorios con jóvenes en cuatro zonas.", 0)]


def test_a_long_numbered_word_paragraph_is_a_heading_when_it_is_all_in_bold():
    import io

    import docx

    long = "6.4 Eje 4: Prevención de la violencia asociada al consumo de alcohol y a las armas de fuego en el municipio"
    document = docx.Document()
    for text, bold in ((long, True), ("Texto del eje con varias palabras para tener contenido.", False),
                       ("1. Se instalarán puestos de control de alcoholemia y de portación de armas los fines de semana "
                        "en las salidas de los bares", False)):
        document.add_paragraph().add_run(text).bold = bold
    out = io.BytesIO()
    document.save(out)
    found = headings(read_plan(out.getvalue(), "plan.docx"))
    assert found[0] == long  # 19 words: a heading because it is bold
    assert not any(h.startswith("1. Se instalarán") for h in found)  # as long, not bold: a list item


def test_an_unnumbered_word_paragraph_all_in_bold_is_a_heading_under_the_last_one():
    import io

    import docx

    document = docx.Document()
    document.add_heading("CAPÍTULO V. EJES ESTRATÉGICOS", level=1)
    for text, bold in (("Matriz de planificación del Eje 1", True),
                       ("Acción; indicador; meta; responsable de cada acción del eje uno.", False),
                       ("Las metas se revisan cada año.", True)):
        document.add_paragraph().add_run(text).bold = bold
    out = io.BytesIO()
    document.save(out)
    sections = split(read_plan(out.getvalue(), "plan.docx"))
    assert [(s.heading, s.level) for s in sections] == [("CAPÍTULO V. EJES ESTRATÉGICOS", 1),
                                                        ("Matriz de planificación del Eje 1", 2)]
    assert "Las metas se revisan cada año." in sections[1].text  # a bold sentence is no heading


def test_word_custom_heading_styles_by_their_outline_level():
    import io

    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def outline(element, level):
        mark = OxmlElement("w:outlineLvl")
        mark.set(qn("w:val"), str(level))
        element.get_or_add_pPr().append(mark)

    document = docx.Document()
    axis = document.styles.add_style("Título Eje", WD_STYLE_TYPE.PARAGRAPH)
    outline(axis.element, 1)
    document.styles.add_style("Título Eje Municipal", WD_STYLE_TYPE.PARAGRAPH).base_style = axis
    body = "Los choques en la carretera dejan muertos cada mes en el municipio y en sus aldeas."
    for text, style in (("Prevención de la violencia vial", "Título Eje"), (body, None),
                        ("Motocicletas y mototaxis", "Título Eje Municipal"), (body, None)):
        document.add_paragraph(text, style=style)
    outline(document.add_paragraph("Caminos rurales")._p, 2)  # set on the paragraph itself
    document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    sections = split(read_plan(out.getvalue(), "plan.docx"))
    assert [(s.heading, s.level) for s in sections] == [("Prevención de la violencia vial", 2),
                                                        ("Motocicletas y mototaxis", 2), ("Caminos rurales", 3)]


def test_word_headings_in_a_drafters_own_bold_style():
    import io

    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    chapter = document.styles.add_style("Subtítulo 1", WD_STYLE_TYPE.PARAGRAPH)
    chapter.base_style = document.styles["Normal"]
    chapter.font.bold = True  # bold by the style, not by its runs; no outline level
    long = "Línea de acción 4.1: Control del alcohol y de las armas en días, horas y lugares de mayor riesgo"
    body = "Los sábados de pago hay riñas con armas de fuego en las cantinas del tramo urbano de la carretera."
    for text, style in (("Matriz de planificación del Eje 1", "Subtítulo 1"), (body, None), (long, "Subtítulo 1"),
                        (body, None)):
        document.add_paragraph(text, style=style)
    lead = document.add_paragraph()
    lead.add_run("Meta:").bold = True
    lead.add_run(" reducir a la mitad las riñas")
    out = io.BytesIO()
    document.save(out)
    sections = split(read_plan(out.getvalue(), "plan.docx"))
    assert [s.heading for s in sections] == ["Matriz de planificación del Eje 1", long]
    assert "Meta: reducir a la mitad" in sections[1].text


def test_pdf_headings_from_numbering():
    plan = read_plan(pdf_bytes(), "plan.pdf")
    assert plan.pages == 1
    found = headings(plan)
    for heading in ("3.1 Violencia armada", "3.2 Acoso escolar", "4. Monitoreo y evaluación"):
        assert heading in found


def test_pdf_headings_from_layout_numbered_or_not():
    plan = read_plan(styled_pdf_bytes(), "plan.pdf")
    sections = split(plan)
    # every heading set in bold or larger type, numbered or not, the wrapped one joined again
    assert [s.heading for s in sections] == STYLED_HEADINGS
    # the running header is no heading; the bold table header and the numbered rows stay in their section
    assert all("Borrador" not in s.heading for s in sections)
    assert "Indicador" in sections[-1].text and "1.1 Centros educativos protectores" in sections[-1].text
    assert "2. Violencia armada y riñas asociadas al alcohol en las cantinas del centro. Los" in sections[1].text
    # levels follow the type (the larger chapter heading above the others), then the depth of the numbers
    assert [s.level for s in sections] == [2, 1, 4, 3, 2]


def test_pdf_rows_starting_with_a_figure_are_no_headings_where_every_heading_is_set_apart_unnumbered():
    """A drafter who relies on Word's styles sets every heading apart, with no number: there a line of the body's type
    that starts with a figure is a table's row ("44 Acoso escolar, peleas entre grupos"), not a numbered heading."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    body = ("La comisión municipal realizó conversatorios con mujeres, jóvenes y autoridades comunitarias de cada "
            "microrregión para conocer los problemas de violencia y sus causas.")
    headings = ["Diagnóstico participativo", "Conversatorios comunitarios", "Marchas exploratorias",
                "Problemas priorizados", "Factores de riesgo"]
    for n, heading in enumerate(headings):
        pdf.set_font("helvetica", "B", 13)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 10)
        pdf.multi_cell(0, 5.5, body, new_x="LMARGIN", new_y="NEXT")
        if n == 1:  # the participants and the themes each group named, a figure first
            for row in ("44 Acoso escolar, peleas entre grupos, drogas", "37 Desalojos, guardias de fincas",
                        "29 Riñas en ferias, ventas de licor", "42 Robos, poca iluminación",
                        "27 Robos a turistas, niñas en bares", "35 Falta de empleo, alcohol"):
                pdf.multi_cell(0, 5.5, row, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    sections = split(read_plan(bytes(pdf.output()), "plan.pdf"))
    assert [s.heading for s in sections] == headings
    assert "44 Acoso escolar" in sections[1].text and "35 Falta de empleo" in sections[1].text


def test_pdf_bold_leads_and_table_cells_printed_from_a_web_page_are_no_headings():
    sections = split(read_plan(printed_pdf_bytes(), "plan.pdf"))
    assert [s.heading for s in sections] == ["1. Marco legal", "2. Matriz de planificación"]
    # a law's bold name filling its line goes on into the rest of its paragraph
    assert "Ley General de Descentralización (Decreto 14-2002). Establecen el COMUDE" in sections[0].text
    # the close header cells and the cells each on a line of their own stay in the matrix's text
    for cell in ("Línea de acción Actividades Responsable Meta 2029", "Problema", "se mencionó (de 14)", "Alta"):
        assert cell in sections[1].text


@pytest.mark.parametrize("spaces, cells", [
    ([2.8, 50.0], True),  # one space wider than three sizes
    ([3.4, 3.7, 31.8, 34.2, 33.5, 3.4], True),  # a header row's cells two sizes apart
    ([3.0, 30.0, 3.2, 3.1], False),  # a tab after a heading's number
    ([18.0, 19.0, 18.5], False),  # a justified line's wide spaces, all alike
    # a browser's print, whose type is smaller than its reported size: a bold header row's cells, twice the spaces
    # between its words apart, or all a size and more apart (a row of years)
    ([3.9, 3.9, 8.2, 7.9, 14.5, 23.8], True), ([4.0, 3.6, 9.1, 10.6, 10.6], True),
    ([33.8, 32.0, 32.1, 31.9, 32.0, 34.3], True),
    ([28.8, 4.2, 2.0, 4.2, 4.8], False),  # a heading's number, a tab, and uneven spaces between its words
    ([3.7, 3.4, 3.7, 4.2, 2.9, 2.7, 3.1, 3.4, 3.0, 1.5, 3.8], False),
    ([], False),
])
def test_table_cells_are_told_from_a_lines_spaces(spaces, cells):
    from kb.plans.pdf import _cells

    assert _cells(spaces, 14.5) is cells


def test_a_pdf_heading_goes_on_below_or_on_the_next_page_in_lower_case():
    from kb.plans.pdf import Line, _continues

    first = Line("Línea de acción 4.1: Control del alcohol y de las armas en días, horas y", 11, True, 74.6, 8)
    assert _continues(first, Line("lugares de mayor riesgo", 11, True, 772.0, 9))  # top of the next page
    assert _continues(first, Line("lugares de mayor riesgo", 11, True, 55.0, 8))  # just below
    assert not _continues(first, Line("2029", 11, True, 772.0, 9))  # a table's cell on the next page
    assert not _continues(first, Line("lugares de mayor riesgo", 11, False, 55.0, 8))  # another type
    assert not _continues(first, Line("4.2 Armas", 11, True, 55.0, 8))  # a numbered heading of its own
    assert not _continues(first, Line("lugares de mayor riesgo. Y más", 11, True, 55.0, 8, mixed=True))  # a bold lead


@pytest.mark.parametrize("text, plain_text", [
    ("**3.1** [Incidencia delictiva](#incidencia)", "3.1 Incidencia delictiva"),
    ("3.2 Eje de *juventud*", "3.2 Eje de juventud"),
    ("__Eje 1__: Prevención", "Eje 1: Prevención"), ("`4.1` Objetivo general", "4.1 Objetivo general"),
    ("Plan_2025 y tasa 5*3", "Plan_2025 y tasa 5*3"),
])
def test_markdown_marks_are_not_part_of_a_heading(text, plain_text):
    from kb.plans.headings import plain
    assert plain(text) == plain_text
    assert headings(read_plan(f"## {text}\n\nTexto de la sección.".encode(), "plan.md")) == [plain_text]


def test_the_plan_measure_matches_headings_as_judges_write_them_and_counts_a_missing_one_as_zero(kb, tmp_path):
    from kb.evaluation import plans

    (tmp_path / "plan.md").write_text(PLAN_MD, "utf-8")
    some = kb.searcher.index.practices[0].id
    judged = {"plan.md": {"**3.1**  Violencia armada": {some: 2}, "9. Sección que no existe": {some: 2}}}
    report = plans.measure(kb.searcher, judged, tmp_path)
    rows = {r["section"]: r for r in report["rows"]}
    assert rows["**3.1**  Violencia armada"]["found"] is True  # marks and spaces aside, the heading of the plan
    assert rows["9. Sección que no existe"] | {"plan": "plan.md"} == {
        "plan": "plan.md", "section": "9. Sección que no existe", "precision@5": 0.0, "recall@10": 0.0,
        "found": False}
    assert report["summary"]["sections"] == 2
    # and by file: the plan's average over its judged sections
    assert report["files"] == [{"plan": "plan.md", **report["summary"]}]


def test_plain_text_with_numbered_headings():
    text = "1. Diagnóstico\nHay homicidios en el centro los fines de semana por la noche.\n\n" \
           "1.1 Eje de juventud\nLos jóvenes dejan la escuela y entran a pandillas del barrio."
    assert headings(read_plan(text.encode(), "plan.txt")) == ["1. Diagnóstico", "1.1 Eje de juventud"]


COPIED_FROM_PDF = """4.2 Incidencia delictiva
Entre 2020 y 2024 se registraron 18 homicidios, 11 de ellos con arma de
fuego; según la PNC, 10 comenzaron como riñas bajo los efectos del alcohol.
4.2.2 Violencia contra las mujeres, la niñez y en la familia
Las denuncias de violencia intrafamiliar crecieron un 52 % en cinco años y
el Juzgado de Paz otorgó 198 medidas de seguridad en 2024.
4.3.2.1
Violencia intrafamiliar y violencia contra mujeres, niñas y niños
Las participantes describieron golpes, insultos y control del dinero.
6.2.3 Protección de niñas, niños y adolescentes frente a la violencia
sexual y el trabajo peligroso
Las escuelas detectarán y referirán los casos de abuso sexual, con
1. Capacitación docente. Todas las escuelas del municipio, con la OMPNA.

16

Robos y hurtos
"""


@pytest.mark.parametrize("line, level", [
    ("14 COCOPRE", 0), ("4 PNC", 0), ("5.2 OMM", 0),  # a figure and an acronym: a table's row
    ("3. DIAGNÓSTICO", 1), ("3 DIAGNÓSTICO", 1), ("IV. ANEXOS", 1), ("3.2 Eje de juventud", 2),
])
def test_a_number_and_an_acronym_are_no_heading(line, level):
    assert numbered_level(line) == level


def test_a_heading_of_another_chapter_leaves_the_legal_framework_whatever_its_level():
    """A PDF's levels come from the type: a drafter set chapter I in a heading style and chapter III in bold body
    type, so chapter III reads a level below chapter I; its sections are not part of the legal framework."""
    from kb.plans.headings import chapter

    assert (chapter("CAPÍTULO III. DIAGNÓSTICO"), chapter("3.1.1 Hechos"), chapter("IX. Anexos")) == (3, 3, 9)
    assert chapter("Eje 2. Mujeres") is chapter("A. Homicidios") is chapter("Presentación") is None
    plan = _headings_with_text(("CAPÍTULO I. MARCO LEGAL E INSTITUCIONAL", 1), ("1.1 Marco jurídico nacional", 2),
                               ("Leyes", 3), ("3.1.1 Hechos delictivos registrados", 4),
                               ("CAPÍTULO III. DIAGNÓSTICO", 2), ("Fuentes", 3))
    kinds = {s.heading: s.kind for s in split(plan)}
    assert kinds["1.1 Marco jurídico nacional"] == kinds["Leyes"] == "legal-framework"
    # "3.1.1" under an unnumbered heading of chapter I's is out of it too
    assert kinds["3.1.1 Hechos delictivos registrados"] == kinds["Fuentes"] == "usable"


def _headings_with_text(*headings: tuple[str, int]):
    """A plan read elsewhere: these headings at these levels, each with a sentence of text."""
    from kb.plans.document import PlanText

    plan = PlanText()
    for text, level in headings:
        plan.add(text, level)
        plan.add("La PNC registró 543 hechos delictivos en 2022 y 692 en 2024, la mayoría robos y lesiones.")
    return plan


def test_a_section_knows_the_part_it_belongs_to():
    plan = _headings_with_text(("6. Ejes de la política", 1), ("6.6 Eje de seguridad vial", 2),
                               ("6.6.1 Ordenamiento del transporte local", 3), ("6.6.2 Tramos críticos", 3),
                               ("CAPÍTULO 7. SEGUIMIENTO", 2), ("7.1 Indicadores", 3))
    parents = {s.heading: s.parent for s in split(plan)}
    assert parents["6. Ejes de la política"] == ""
    assert parents["6.6.1 Ordenamiento del transporte local"] == parents["6.6.2 Tramos críticos"] == \
        "6.6 Eje de seguridad vial"
    # a heading of another chapter closes the parts above it, whatever its level
    assert parents["CAPÍTULO 7. SEGUIMIENTO"] == "" and parents["7.1 Indicadores"] == "CAPÍTULO 7. SEGUIMIENTO"


def test_a_subsection_is_asked_within_its_part(kb):
    from kb.plans.document import Section
    from kb.plans.suggest import PARENT_HEADING, Suggester
    suggester = Suggester(kb.searcher)
    text = "\n".join(f"Señalizar el tramo {n} de la carretera y poner reductores de velocidad." for n in range(3))
    queries = suggester.queries(Section("6.6.1 Ordenamiento del transporte local", text, 3,
                                        parent="6.6 Eje de seguridad vial"))
    assert queries[0].text.startswith("6.6 Eje de seguridad vial. 6.6.1 Ordenamiento del transporte local. Señalizar")
    assert (queries[1].text, queries[1].weight) == (
        "6.6 Eje de seguridad vial. 6.6.1 Ordenamiento del transporte local", PARENT_HEADING)
    # what it answers is the subsection's own heading
    assert queries[1].answers == "6.6.1 Ordenamiento del transporte local"
    alone = suggester.queries(Section("6.6.1 Ordenamiento del transporte local", text, 3))
    assert len(alone) == len(queries) - 1 and alone[0].text.startswith("6.6.1 Ordenamiento")


@pytest.mark.parametrize("line", ["1.1 Marco jurídico nacional\t5", "3. Diagnóstico ........ 9",
                                  "CAPÍTULO II. DATOS DE REFERENCIA\t7"])
def test_a_table_of_contents_entry_is_no_heading(line):
    from kb.plans.headings import titled

    assert numbered_level(line) == 0 and not titled(line)


def test_pdf_numbered_lines_in_small_type_or_with_two_sentences_do_not_make_the_headings_numbered():
    """Headings set apart in bold; more numbered lines in the body's type would make numbering count instead, but
    a matrix's cells (smaller type) and list items with a lead sentence are neither."""
    from kb.plans.pdf import Line, plan_from_lines

    body = "La comisión revisó los registros de la policía y del centro de salud con los vecinos de cada barrio."
    lines, y = [], 800.0
    for heading in ("3.1 Incidencia delictiva", "3.2 Diagnóstico participativo"):
        lines += [Line(heading, 11, True, y, 0), Line(body, 11, False, y - 20, 0), Line("", page=0)]
        lines += [Line(f"{n}. Paso {n} del método. Conformación de la COMUPRE", 11, False, y - 40 - 14 * n, 0)
                  for n in (1, 2)]
        lines += [Line(f"{n}.{m} Convivencia pacífica", 9, False, y - 80 - 12 * m, 0) for n in (1, 2) for m in (1, 2)]
        y -= 200
    plan = plan_from_lines(lines, 1)
    assert [b.text for b in plan.blocks if b.heading_level] == ["3.1 Incidencia delictiva",
                                                                 "3.2 Diagnóstico participativo"]


def test_plain_text_copied_from_a_pdf_keeps_its_headings():
    """Text copied from a PDF keeps the PDF's line breaks: headings right after a paragraph's last line, a number
    alone above its title, a long title wrapped onto a second line; a list item with a lead and a table's cells
    are no headings."""
    assert headings(read_plan(COPIED_FROM_PDF.encode(), "plan.txt")) == [
        "4.2 Incidencia delictiva", "4.2.2 Violencia contra las mujeres, la niñez y en la familia",
        "4.3.2.1 Violencia intrafamiliar y violencia contra mujeres, niñas y niños",
        "6.2.3 Protección de niñas, niños y adolescentes frente a la violencia sexual y el trabajo peligroso"]
    # a line in the middle of a paragraph that happens to start with a number stays in it
    sections = split(read_plan(COPIED_FROM_PDF.encode(), "plan.txt"))
    assert "homicidios, 11 de ellos con arma de fuego" in sections[0].text
    assert "1. Capacitación docente. Todas las escuelas" in sections[-1].text and "Robos y hurtos" in sections[-1].text


def test_a_pasted_plan_is_read_as_markdown_only_when_it_has_markdowns_marks(kb):
    from kb.plans.readers import text_name

    assert text_name("# Plan\n\ntexto") == text_name("texto\n**Diagnóstico**\n") == text_name("| a | b |") == "plan.md"
    assert text_name(COPIED_FROM_PDF) == text_name("1. Diagnóstico\n- un guion no basta") == "plan.txt"
    # pasted from a PDF into the page: its headings are found as in a .txt file
    result = suggest_for_text(kb.searcher, COPIED_FROM_PDF)
    assert [r.section.heading for r in result.sections] == headings(read_plan(COPIED_FROM_PDF.encode(), "plan.txt"))


def test_bold_markdown_lines_and_plain_text_capitals_are_headings_under_the_last_one():
    body = "Los jóvenes dejan la escuela y entran a pandillas del barrio."
    markdown = f"## 5. Ejes\n\n**Matriz de planificación del Eje 1**\n\n{body}\n\n**Nota.**\n\n{body} **resaltado**"
    sections = split(read_plan(markdown.encode(), "plan.md"))
    assert [(s.heading, s.level) for s in sections] == [("5. Ejes", 2), ("Matriz de planificación del Eje 1", 3)]
    text = f"DIAGNÓSTICO PARTICIPATIVO\n{body}\n\nLa PNC y el MP informan.\n\n1.1 Eje de juventud\n{body}"
    assert headings(read_plan(text.encode(), "plan.txt")) == ["DIAGNÓSTICO PARTICIPATIVO", "1.1 Eje de juventud"]


def test_a_bold_numbered_markdown_line_takes_its_numbers_level_as_a_plain_numbered_line_does():
    body = "Los jóvenes dejan la escuela y entran a pandillas del barrio."
    markdown = (f"# Plan municipal\n\n## 3. Diagnóstico\n\n**3.1 Incidencia delictiva**\n\n{body}\n\n"
                f"**Fuentes consultadas**\n\n{body}\n\n**4. Objetivos**\n\n{body}")
    sections = split(read_plan(markdown.encode(), "plan.md"))
    assert [(s.heading, s.level) for s in sections if s.text] == [
        ("3.1 Incidencia delictiva", 3), ("Fuentes consultadas", 4), ("4. Objetivos", 2)]
    # the numbered ones typed without bold get the same levels
    typed = split(read_plan(markdown.replace("**", "").encode(), "plan.md"))
    assert [(s.heading, s.level) for s in typed if s.text] == [("3.1 Incidencia delictiva", 3), ("4. Objetivos", 2)]


def test_without_headings_paragraphs_are_grouped_into_windows():
    paragraph = ("Los jóvenes del municipio dejan la escuela y algunos entran a pandillas que cobran extorsiones "
                 "a los comercios del mercado. ") * 4
    plan = read_plan("\n\n".join([paragraph] * 6).encode(), "plan.txt")
    sections = split(plan)
    assert len(sections) >= 2 and sections[0].heading.startswith("Párrafos 1-")
    assert all(s.usable for s in sections)


@pytest.mark.parametrize("line, level", [
    ("3.2 Eje de juventud", 2), ("3 Diagnóstico", 1), ("IV. Objetivos", 1), ("1.2.3 Actividades", 3),
    ("III.2.1 Metodología y participación", 3), ("Línea de acción 1.3 Acompañamiento a adolescentes", 2),
    ("Eje estratégico 4: Prevención de la violencia armada", 1), ("CAPÍTULO III. DIAGNÓSTICO", 1),
    ("B. Diagnóstico", 1), ("B.2 Incidencia delictiva", 2), ("a) Reducir los homicidios", 0),
    ("Línea 1.2. Prevención del reclutamiento", 2), ("Matriz 3. Programa de violencia armada y extorsión", 1),
    ("Acción estratégica 3.2: Ferias seguras", 2),
    ("A la comunidad se le consultó", 0),
    ("2002 fue un año difícil para el municipio.", 0), ("3.2 millones de quetzales se invirtieron", 0),
    ("12 aldeas.", 0),
])
def test_numbered_heading_lines(line, level):
    assert numbered_level(line) == level


@pytest.mark.parametrize("data, name, status, words", [
    (b"", "plan.md", 400, "empty"),
    (b"x" * (MAX_BYTES + 1), "plan.md", 413, "MB"),
    (b"PK\x03\x04 this is not a real zip", "plan.docx", 400, "damaged Word"),
    (b"just some text", "plan.docx", 400, "not a Word document"),
    (b"%PDF-1.4 garbage that is no pdf", "plan.pdf", 400, "damaged PDF"),
    (b"hello", "plan.pdf", 400, "not a PDF"),
    (b"%PDF-1.7\n...", "plan.txt", 400, "PDF file, not text"),
    (b"\x00\x01\x02binary", "plan.md", 400, "not a text file"),
    (b"hola", "plan.odt", 415, "plans are read from"),
])
def test_unreadable_files_are_refused_with_a_reason(data, name, status, words):
    with pytest.raises(BadUpload) as info:
        read_plan(data, name)
    assert info.value.status == status and words in str(info.value)


def test_encrypted_pdf_is_refused():
    with pytest.raises(BadUpload, match="encrypted"):
        read_plan(pdf_bytes(password="secreto"), "plan.pdf")


def test_pdf_with_too_many_pages_is_refused():
    with pytest.raises(BadUpload, match="301 pages"):
        read_plan(pdf_bytes(pages=301), "plan.pdf")


def test_damaged_pdfs_are_read_or_refused_with_a_reason_never_anything_else():
    # PDFium is a C library: a damaged file must come back as text or as BadUpload, and the process must live on
    import random

    from tests.conftest import REPO

    rng = random.Random(7)
    sources = [p.read_bytes() for p in sorted((REPO / "examples").glob("*.pdf"))]
    outcomes = {"read": 0, "refused": 0}
    for _ in range(60):
        data = bytearray(rng.choice(sources))
        if rng.random() < 0.4:
            data = data[:rng.randrange(10, len(data))]  # cut short
        else:
            for _ in range(rng.randrange(1, 40)):  # bytes changed at random
                data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_plan(bytes(data), "plan.pdf")
            outcomes["read"] += 1
        except BadUpload as e:
            assert "plan.pdf" in str(e)
            outcomes["refused"] += 1
    assert outcomes["read"] and outcomes["refused"]


def test_pdfs_read_at_once_in_threads_read_as_one_by_one():
    # PDFium is not thread-safe: the server's threads take turns with it
    from concurrent.futures import ThreadPoolExecutor

    from tests.conftest import REPO

    files = sorted((REPO / "examples").glob("*.pdf")) * 3
    one_by_one = [headings(read_plan(f.read_bytes(), f.name)) for f in files]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(lambda f: headings(read_plan(f.read_bytes(), f.name)), files))
    assert together == one_by_one and all(len(h) > 10 for h in together)


def test_zip_bomb_disguised_as_docx_is_refused():
    data = zip_bomb()
    assert len(data) < 1024 * 1024
    with pytest.raises(BadUpload, match="unpacks to"):
        read_plan(data, "plan.docx")


def test_suggestions_per_section_overall_and_coverage(kb):
    result = suggest_for_text(kb.searcher, PLAN_MD, k=3)
    by_heading = {s.section.heading: s for s in result.sections}
    assert list(by_heading)[1:] == SECTIONS
    assert by_heading["1. Marco legal e institucional"].suggestions == []  # not used as a query
    armed = by_heading["3.1 Violencia armada"]
    assert len(armed.suggestions) == 3
    assert armed.suggestions[0].practice.id == "co-cali-armas"
    assert armed.suggestions[0].answers  # the plan sentence it answers
    scores = [s.score for s in armed.suggestions]
    assert scores == sorted(scores, reverse=True)
    ids = [s.practice.id for s in result.overall]
    assert len(ids) == len(set(ids))  # each practice once
    assert set(result.addressed) | set(result.missing) == {
        "violence-against-children", "youth-violence", "violence-against-women", "domestic-violence",
        "armed-violence", "road-violence", "community-strengthening"}
    data = result.to_dict()
    assert set(data) == {"sections", "suggestions", "coverage"}
    assert {"heading", "excerpt", "suggestions"} <= set(data["sections"][4])
    assert {"id", "title", "score", "section", "snippet", "why"} <= set(data["sections"][4]["suggestions"][0])


def test_indicators_come_from_suggested_practices_of_the_axis(kb):
    result = suggest_for_file(kb.searcher, PLAN_MD.encode(), "plan.md", k=5)
    for axis, indicators in result.indicators.items():
        assert axis in result.addressed
        for indicator in indicators:
            assert any(indicator in s.practice.meta.indicators and axis in s.practice.meta.gt_axes
                       for sec in result.sections for s in sec.suggestions)


def test_overall_list_is_diversified_by_theme():
    from kb.plans.suggest import Suggestion, diversify

    class Meta:
        def __init__(self, pid, theme):
            self.id, self.themes = pid, [theme]

    class P:
        def __init__(self, pid, theme):
            self.id, self.meta = pid, Meta(pid, theme)

    items = [Suggestion(P("a", "road"), 3.0, "", "", "", [], []), Suggestion(P("b", "road"), 2.9, "", "", "", [], []),
             Suggestion(P("c", "road"), 2.8, "", "", "", [], []), Suggestion(P("d", "gangs"), 2.6, "", "", "", [], []),
             Suggestion(P("a", "road"), 1.0, "", "", "", [], [])]
    assert [s.practice.id for s in diversify(items)] == ["a", "d", "b", "c"]


def test_example_plans_in_word_pdf_and_text_have_the_sections_of_their_markdown():
    from tests.conftest import REPO

    examples = REPO / "examples"
    others = sorted([*examples.glob("*.docx"), *examples.glob("*.pdf"), *examples.glob("*.txt")])
    assert {p.suffix for p in others} == {".docx", ".pdf", ".txt"} and len(others) >= 4

    def headings_of(path):  # and which are the legal framework or the reference data (their subsections too)
        found = [(s.heading, s.kind if s.kind in ("legal-framework", "reference-data") else "")
                 for s in split(read_plan(path.read_bytes(), path.name))]
        # from the first numbered heading on: a cover's lines may differ, as a PDF sets some in larger type
        return found[next((i for i, (h, _) in enumerate(found) if numbered_level(h, (30, 240))), 0):]

    for other in others:
        expected = headings_of(examples / f"{other.stem}.md")
        if other.name == "plan-san-lucas-yaxkin.txt":
            # headings marked by Word's styles alone, no numbers: its text shows most of them, and nothing else
            found = headings_of(other)
            assert len(found) >= 0.9 * len(expected) and all(h in expected for h in found)
            assert [h for h in expected if h in found] == found
            continue
        assert headings_of(other) == expected and len(expected) > 10, other.name


@pytest.mark.parametrize("heading, diagnosis", [
    ("3.1 Incidencia delictiva", True), ("3.2 Diagnóstico participativo: problemas priorizados", True),
    ("3.3 Percepción de inseguridad", True), ("3.3.4. Factores de protección", True), ("Línea de base", True), ("Situación de la violencia", True),
    ("Estadísticas delictivas", True), ("2.3 Comportamiento delictivo en el municipio", True),
    ("Hechos delictivos registrados", True), ("Análisis de la criminalidad", True), ("Grupos focales", True),
    ("3.1.2 Denuncias recibidas por el Ministerio Público", True), ("3.1.3 Registros del INACIF", True),
    ("3.1.4 Atenciones por violencia y lesiones en el Centro de Atención Permanente", True),
    ("2.1 Denuncias y acompañamiento a víctimas", False), ("3.2 Registro de armas", False),
    ("3.4 Síntesis del diagnóstico", False), ("Conclusiones del diagnóstico participativo", False),
    ("5.4 Eje de prevención de la violencia armada", False), ("4. Objetivos", False),
    ("6. Seguimiento, monitoreo y evaluación", False)])
def test_diagnosis_headings_are_recognised(heading, diagnosis):
    from kb.plans.sections import is_diagnosis
    assert is_diagnosis(heading) is diagnosis


def _plan_with(heading: str) -> str:
    return (f"## {heading}\n\n" + "\n".join(
        f"- Los choques de tránsito y los atropellos en la carretera {n} dejan muertos cada mes." for n in range(4)))


def test_a_diagnosis_heading_is_a_query_of_its_own_that_weighs_as_much_as_the_sentences(kb):
    from kb.plans.document import Section
    from kb.plans.suggest import Suggester
    suggester = Suggester(kb.searcher)
    text = "\n".join(f"Los choques de tránsito en la carretera {n} dejan muertos cada mes." for n in range(6))
    diagnosis = Section("3.3 Percepción de inseguridad: acoso escolar", text, 3)
    queries = suggester.queries(diagnosis)
    assert queries[1].text == "3.3 Percepción de inseguridad: acoso escolar" and len(queries) == 8
    assert [q.weight for q in queries] == [1.0, 6.0] + [1.0] * 6
    # what each query answers is the plan's own text: the first sentence, the heading, each sentence
    assert queries[1].answers == diagnosis.heading
    assert queries[0].answers == queries[2].answers == "Los choques de tránsito en la carretera 0 dejan muertos cada mes."
    axis = Section("5.1 Eje de acoso escolar", text, 3)
    assert [q.weight for q in suggester.queries(axis)] == [1.0] * 7


def test_an_objectives_section_also_asks_for_plans_with_measurable_objectives(kb):
    from kb.plans.document import Section
    from kb.plans.suggest import Suggester
    suggester = Suggester(kb.searcher)
    text = "\n".join(f"Reducir en un {n}0 % los homicidios con arma de fuego en el casco urbano." for n in range(1, 5))
    queries = suggester.queries(Section("4.2 Objetivos específicos", text, 2))
    # one query more, weighing as one sentence: room is left for practices that answer each objective
    assert [q.weight for q in queries] == [1.0] * 6
    assert queries[1].text.startswith("4.2 Objetivos específicos. ") and "objetivos medibles" in queries[1].text
    assert queries[1].answers == "4.2 Objetivos específicos"
    assert not any("objetivos medibles" in q.text for q in suggester.queries(Section("5.1 Eje vial", text, 2)))



def test_a_section_is_also_searched_as_a_whole_beyond_its_head_and_sentences(kb, monkeypatch):
    """Words past the head query's and in no sentence long enough to be a query of its own (short list items) still
    bring their practices, through the query of the whole section; without it those practices weigh far less."""
    import kb.plans.suggest as suggest
    lines = ["Los homicidios con armas de fuego crecen en las calles del casco urbano."] + \
        [f"- Colonia {n}." for n in range(12)] + \
        ["- Bares y discotecas abiertas.", "- Riñas por alcohol.", "- Cierre de bares."]
    plan = "## 5.2 Eje de convivencia\n\n" + "\n".join(lines)
    [result] = suggest_for_text(kb.searcher, plan, k=6).sections
    assert not any("bares" in q.text.lower() for q in suggest.Suggester(kb.searcher).queries(result.section))
    with_whole = {s.practice.id: s.score for s in result.suggestions}
    monkeypatch.setattr(suggest, "WHOLE_SECTION", 0.0)
    without = {s.practice.id: s.score for s in suggest_for_text(kb.searcher, plan, k=6).sections[0].suggestions}
    # the bars are in none of the section's queries: only the whole section's words bring them
    bars, guns = "co-bogota-alcohol", "co-cali-armas"
    assert with_whole[bars] > 2 * without[bars]
    assert with_whole[bars] / with_whole[guns] > 1.5 * without[bars] / without[guns]


@pytest.mark.parametrize("heading, needs", [
    ("4.2 Objetivos específicos", "objetivos medibles"), ("V. OBJETIVOS DE LA POLÍTICA", "objetivos medibles"),
    ("III.2.2 Problemas priorizados", "los prioriza"), ("3.2.2 Problemáticas priorizadas", "los prioriza"),
    ("4.3.1 Priorización de problemas", "los prioriza"), ("3.4 Conclusiones del diagnóstico", "los prioriza"),
    ("7.3 Evaluación de medio término y final", "grupos de comparación"),
    ("6. Seguimiento, monitoreo y evaluación", "grupos de comparación"),
    ("6.2 Evaluation of results", "grupos de comparación"),
    ("6.3. Indicadores de resultado", "encuestas de victimización"),
    ("7.2 Indicadores de resultado y línea de base", "encuestas de victimización"),
    ("6.2 Indicadores de gestión", None), ("Indicadores de proceso", None),
    ("6.5. Rendición de cuentas", "mesas ciudadanas"), ("7.4 Auditoría social", "mesas ciudadanas"),
    ("6.1. Instancias responsables", "da seguimiento al plan"), ("7.1 Mecanismo de seguimiento", "da seguimiento"),
    ("VI.1 Estructura de seguimiento", "da seguimiento"),
    ("Línea de acción 3.2: Mesa interinstitucional de seguimiento de casos", None),
    ("Línea de acción 6.2: Recuperación de espacios en colonias priorizadas", None),
    ("3.2 Evaluación del riesgo de las víctimas", None), ("Evaluación de casos de alto riesgo", None),
    ("5.4 Eje de prevención de la violencia armada", None)])
def test_a_step_of_the_planning_gets_a_query_for_practices_that_show_how_to_take_it(heading, needs):
    from kb.intent import evidence_needs
    from kb.plans.sections import need_query
    query = need_query(heading)
    if needs is None:
        assert query is None
        return
    assert query.startswith(f"{heading}. ") and needs in query
    # an evaluation's query asks for practices evaluated against a comparison group, which the ranking raises
    asks = [n.name for n in evidence_needs(query)]
    assert asks == (["comparison group"] if needs == "grupos de comparación" else [])


EVALUATED = """---
id: co-evaluado
title: "Programa evaluado"
language: es
country: CO
place: Cali
scale: municipal
period: "2010-2014"
themes: [local-governance]
target_groups: [general-population]
gt_axes: [community-strengthening]
continuum: universal
evidence:
  level: promising
  design: quasi-experimental
  note: "Fixture de prueba."
indicators: ["tasa de homicidios"]
sources:
  - title: "Fixture de prueba"
    year: 2015
---

## Resumen

Los vecinos pintaron murales en las paredes del parque y sembraron árboles en los jardines del barrio.
"""


def test_an_evaluation_section_brings_practices_evaluated_against_a_comparison_group(settings, encoder):
    """Two practices alike but for their evaluation's design: under an evaluation heading the one evaluated against a
    comparison group scores higher; under an axis heading they score alike."""
    from kb.service import KnowledgeBase
    (settings.practices / "co-evaluado.md").write_text(EVALUATED, encoding="utf-8")
    twin = EVALUATED.replace("id: co-evaluado", "id: co-a-sin-evaluar").replace("design: quasi-experimental",
                                                                              "design: none")
    (settings.practices / "co-a-sin-evaluar.md").write_text(twin, encoding="utf-8")
    base = KnowledgeBase(settings, encoders=encoder)
    base.build()

    def scores(heading):
        suggestions = suggest_for_text(base.searcher, _plan_with(heading), k=20).sections[0].suggestions
        return {s.practice.id: s.score for s in suggestions}
    evaluation, axis = scores("7.3 Evaluación intermedia y final"), scores("5.5 Eje de seguridad vial")
    assert evaluation["co-evaluado"] > evaluation.get("co-a-sin-evaluar", 0.0)
    assert {"co-evaluado", "co-a-sin-evaluar"} <= set(axis)
    assert axis["co-evaluado"] == pytest.approx(axis["co-a-sin-evaluar"])


@pytest.mark.parametrize("heading, asks", [
    ("3.1 Incidencia delictiva", "datos de la policía"), ("Estadísticas de violencia", "datos de la policía"),
    ("3.2 Diagnóstico participativo: problemas priorizados y factores de riesgo", "consulta a la comunidad"),
    ("3.2 Diagnóstico comunitario", "consulta a la comunidad"), ("Mapeo de riesgos", "consulta a la comunidad"),
    ("III.2.3 Factores de riesgo y de protección", None),
    ("Situación de la violencia y el delito", "datos de la policía"), ("3.3 Percepción de inseguridad", None),
    ("Línea de base", "datos de la policía"), ("7.2 Indicadores y línea de base", "datos de la policía"),
    ("Estadísticas delictivas", "datos de la policía"), ("Comportamiento delictivo", "datos de la policía"),
    ("Grupos focales con jóvenes", "consulta a la comunidad"),
    ("6.1 Sistema municipal de seguimiento e información", "datos de la policía"),
    ("Observatorio municipal de la violencia", "datos de la policía")])
def test_a_diagnosis_query_adds_what_that_part_asks_for_when_its_heading_names_a_topic(heading, asks):
    from kb.plans.sections import diagnosis_query
    query = diagnosis_query(heading)
    assert query.startswith(heading)
    if asks is None:
        assert query == heading
    else:
        assert asks in query and len(query) > len(heading) + 50


@pytest.mark.parametrize("heading", ["III.2.2 Problemas priorizados", "Priorización de problemáticas"])
def test_a_list_of_prioritised_problems_is_answered_problem_by_problem(heading):
    # its heading names what was found, not a way to find out: the practices wanted answer the problems listed
    from kb.plans.sections import diagnosis_query, is_diagnosis
    assert not is_diagnosis(heading) and diagnosis_query(heading) is None


def test_no_diagnosis_query_outside_the_diagnosis():
    from kb.plans.sections import diagnosis_query
    assert diagnosis_query("5.4 Eje de prevención de la violencia armada") is None
    assert diagnosis_query("4. Objetivos") is None


COUNCIL = """---
id: sv-consejo-municipal
title: "Consejo municipal de prevención"
language: es
country: SV
place: Santa Tecla
scale: municipal
period: "2003-"
themes: [local-governance]
target_groups: [general-population]
gt_axes: [community-strengthening]
continuum: universal
evidence:
  level: not-evaluated
  design: none
  note: "Fixture de prueba."
indicators: ["consejos conformados"]
sources:
  - title: "Fixture de prueba"
    year: 2000
---

## Resumen

El consejo municipal de prevención, una comisión de vecinos, iglesias y funcionarios, consulta a la comunidad en
talleres y grupos focales, prioriza los problemas y con ello redacta la política municipal.
"""


def test_a_participatory_diagnosis_brings_the_councils_that_consult_the_community(settings, encoder):
    """The same sentences about road deaths under two diagnosis headings: a participatory diagnosis asks for the
    municipal council that consults the community, whose text shares no word with the heading."""
    from kb.service import KnowledgeBase
    (settings.practices / "sv-consejo-municipal.md").write_text(COUNCIL, encoding="utf-8")
    base = KnowledgeBase(settings, encoders=encoder)
    base.build()

    def rank(heading):
        result = suggest_for_text(base.searcher, _plan_with(heading), k=7)
        ids = [s.practice.id for s in result.sections[0].suggestions]
        return ids.index("sv-consejo-municipal") if "sv-consejo-municipal" in ids else len(ids)
    assert rank("3.2 Diagnóstico participativo") < rank("3.2 Diagnóstico")
    # a suggestion says which words of the plan it answers, never the words the diagnosis query adds
    plan = _plan_with("3.2 Diagnóstico participativo")
    suggestions = suggest_for_text(base.searcher, plan, k=7).sections[0].suggestions
    assert suggestions and all(s.answers in plan for s in suggestions)
    assert "3.2 Diagnóstico participativo" in [s.answers for s in suggestions]


def test_in_a_diagnosis_section_the_heading_brings_ways_to_find_out(kb):
    """The same sentences about road deaths: under a diagnosis heading about bullying the bullying practice
    scores higher, against the section's best, than under an axis heading with the same words."""
    def share(heading):
        suggestions = suggest_for_text(kb.searcher, _plan_with(heading), k=6).sections[0].suggestions
        score = {s.practice.id: s.score for s in suggestions}
        return score.get("fi-school-bullying", 0.0) / suggestions[0].score
    assert share("3.2 Diagnóstico: acoso escolar en las escuelas") > 2 * share("5.2 Eje: acoso escolar en las escuelas")


def test_a_second_assessors_ranking_of_a_plans_sections_is_measured_as_the_suggestions_are(kb, tmp_path):
    from kb.evaluation import agreement, plans
    from kb.evaluation.data import EvalSet

    (tmp_path / "plan.md").write_text(PLAN_MD, "utf-8")
    some, other = (p.id for p in kb.searcher.index.practices[:2])
    judged = {"plan.md": {"3.1 Violencia armada": {some: 2, other: 1}}}
    folder = tmp_path / "agreement"
    folder.mkdir()
    # the assessor's order, written with the heading's Markdown marks: other (their 2), then some (their 1)
    (folder / "plans.tsv").write_text("plan\tsection\tdoc_id\tgrade\trank\n"
                                      f"plan.md\t**3.1** Violencia armada\t{some}\t1\t2\n"
                                      f"plan.md\t**3.1** Violencia armada\t{other}\t2\t1\n", "utf-8")
    rows = agreement.measure(kb.searcher, EvalSet([], {}), judged, tmp_path, agreement.load(folder))
    second = rows["second assessor vs the judges"]["sections"]
    assert second == {"sections": 1, "precision@5": 2 / 5, "recall@10": 1.0}
    suggested = plans.suggested(kb.searcher, tmp_path / "plan.md")["3.1 Violencia armada"]
    assert rows["shipped vs the judges"]["sections"]["precision@5"] == \
        plans.section_scores(suggested, {some: 2, other: 1})[0]
    assert rows["shipped vs the second assessor"]["sections"]["recall@10"] == (1.0 if other in suggested else 0.0)
    assert rows["second assessor vs the judges"]["queries"]["n"] == 0


def test_word_headings_numbered_by_a_list_read_with_their_numbers_as_word_shows_them():
    # the numbers LibreOffice 7.4 shows for this file (soffice --convert-to txt), Word's legal numbering aside
    blocks = [(b.text, b.heading_level) for b in read_plan(numbered_docx(), "plan.docx").blocks
              if not b.text.startswith("Los jóvenes")]
    assert blocks == [
        ("I. Marco legal", 1), ("II. Diagnóstico", 1), ("II.1 Incidencia delictiva", 2),
        ("Homicidios con arma de fuego", 0), ("Extorsión al transporte", 0),  # a list in the body stays text
        ("II.2 Percepción de inseguridad", 2), ("a) Encuesta de victimización", 3), ("b) Grupos focales", 3),
        ("Un punto con viñeta", 0), ("III. Ejes estratégicos", 1), ("III.1 Eje de juventud", 2),
        ("Anexo sin número", 1)]
    # a list that borrows its levels from a numbering style reads the same
    assert [(b.text, b.heading_level) for b in read_plan(numbered_docx(linked=True), "plan.docx").blocks
            if b.heading_level] == [(text, level) for text, level in blocks if level]
    # legal numbering: the second level shows the chapter's number in decimal
    legal = [b.text for b in read_plan(numbered_docx(legal=True), "plan.docx").blocks if b.heading_level == 2]
    assert legal == ["2.1 Incidencia delictiva", "2.2 Percepción de inseguridad", "3.1 Eje de juventud"]
    # and the sections carry them: the heading as the drafter (and a judge) reads it
    sections = split(read_plan(numbered_docx(), "plan.docx"))
    assert [(s.heading, s.kind) for s in sections if s.text][:2] == [
        ("I. Marco legal", "legal-framework"), ("II.1 Incidencia delictiva", "usable")]


@pytest.mark.parametrize("n, fmt, shown", [
    (4, "upperRoman", "IV"), (1994, "upperRoman", "MCMXCIV"), (9, "lowerRoman", "ix"), (2, "upperLetter", "B"),
    (28, "lowerLetter", "bb"), (7, "decimalZero", "07"), (12, "decimal", "12"), (3, "ordinal", "3"),
])
def test_word_list_number_formats(n, fmt, shown):
    from kb.plans.numbering import formatted
    assert formatted(n, fmt) == shown


@pytest.mark.parametrize("old, new", [
    (b'w:start w:val="1"', b'w:start w:val="99999999999"'),  # would be a Roman numeral of 10^8 letters
    (b'w:start w:val="1"', b'w:start w:val="x"'), (b'w:start w:val="1"', b'w:start w:val="-5"'),
    (b'%1.%2', b'%9%7.%0'), (b'w:abstractNumId="90"', b'w:abstractNumId="77"'),
])
def test_odd_word_numbering_gives_short_labels_or_none_and_never_stops_the_reading(old, new):
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(numbered_docx())) as src, zipfile.ZipFile(data, "w") as out:
        for item in src.infolist():
            part = src.read(item.filename)
            out.writestr(item, part.replace(old, new) if item.filename == "word/numbering.xml" else part)
    headings = [b.text for b in read_plan(data.getvalue(), "plan.docx").blocks if b.heading_level]
    assert len(headings) == 9 and all(len(h) < 60 for h in headings)
    assert headings[-1] == "Anexo sin número"


@pytest.mark.parametrize("name", ["plan.md", "plan.txt"])
def test_underlined_headings_and_rules_between_parts(name):
    body = "Los jóvenes dejan la escuela y entran a pandillas del barrio."
    text = (f"Plan municipal de prevención\n============================\n\n{body}\n\nDiagnóstico\n-----------\n\n"
            f"{body}\n\n---\n\n{body}\nen dos líneas.\n- - -\n{body}\n")
    blocks = [(b.text, b.heading_level) for b in read_plan(text.encode(), name).blocks]
    assert blocks == [("Plan municipal de prevención", 1), (body, 0), ("Diagnóstico", 2), (body, 0),
                      (f"{body} en dos líneas.", 0), (body, 0)]  # the rules are no text


@pytest.mark.parametrize("name", ["plan.txt", "pasted.md"])
def test_a_plan_with_one_paragraph_per_line_and_no_blank_lines_keeps_its_headings(name):
    # as Word saves a plan as text, or as it comes when pasted from Word: no blank line anywhere, table cells one
    # per line
    body = "Los jóvenes dejan la escuela y entran a pandillas que cobran extorsiones en el mercado."
    lines = ["1. Presentación", body, body, "DIAGNÓSTICO PARTICIPATIVO", body, "2. Diagnóstico",
             "2.1 Incidencia delictiva", body, "Hecho", "2023", "2024", "Homicidios", "11", "14",
             "2.2 Percepción de inseguridad", body,
             "3. Matriz de planificación", "Actividad", "Responsable", "Talleres de crianza", "OMM, DEMI", "MINEDUC",
             "CAP (SIGSA)", body, "4. Monitoreo y evaluación", body, body]
    assert len(lines) >= 20
    headings = [(b.text, b.heading_level) for b in read_plan("\n".join(lines).encode(), name).blocks
                if b.heading_level]
    shift = 1 if name.endswith(".md") else 0  # a typed number is a level under the Markdown title
    expected = [("1. Presentación", 1 + shift), ("2. Diagnóstico", 1 + shift),
                ("2.1 Incidencia delictiva", 2 + shift), ("2.2 Percepción de inseguridad", 2 + shift),
                ("3. Matriz de planificación", 1 + shift), ("4. Monitoreo y evaluación", 1 + shift)]
    if name.endswith(".txt"):  # capitals make a heading in plain text only
        expected.insert(1, ("DIAGNÓSTICO PARTICIPATIVO", 2))
    assert headings == expected
    # each line stays a paragraph of its own: the body is not one run-on block
    assert sum(b.text == body for b in read_plan("\n".join(lines).encode(), name).blocks) == lines.count(body)


def test_text_saved_from_word_keeps_long_part_numbered_headings_and_unnumbered_matrices_but_not_table_cells():
    # Word's "save as plain text" (or LibreOffice's): one paragraph per line, each table cell on a line of its own
    body = "Los jóvenes dejan la escuela y entran a pandillas que cobran extorsiones en el mercado."
    long_heading = "6.4 Eje 4: Prevención de la violencia asociada al alcohol y a las armas de fuego en ferias"
    long_item = "1 La municipalidad gestionará ante el Ministerio de Gobernación más agentes para las aldeas del norte"
    lines = ["5. Ejes estratégicos", body, "5.1 Eje de juventud", body, body, long_heading, body, long_item, body,
             "Matriz de planificación del Eje 4", "Acción", "Responsable", "Meta",
             "1.1 Talleres de convivencia en institutos", "MINEDUC", "9 institutos",  # a cell numbered backwards
             "6.4 Rondas de la PNC en ferias", "PNC", "12 ferias",  # the same number as the heading: not forward
             "Eje 1. Niñez y juventud", "420,000", "465,000",  # a budget row: its label, then figures
             "7. Monitoreo y evaluación", body, body]
    assert len(lines) >= 20
    headings = [b.text for b in read_plan("\n".join(lines).encode(), "plan.txt").blocks if b.heading_level]
    assert headings == ["5. Ejes estratégicos", "5.1 Eje de juventud", long_heading,
                        "Matriz de planificación del Eje 4", "7. Monitoreo y evaluación"]


def test_text_saved_from_word_keeps_headings_marked_only_by_their_style_but_not_table_cells():
    """A drafter who relied on Word's styles alone (no numbers, chapters in capitals) saves the plan as text: lines
    naming an axis or a line of action and a title are headings, the lines under their axis; a short line between a
    sentence's end and a paragraph is one; the rows of a two-column table after its header cells are not."""
    body = "Los jóvenes dejan la escuela y entran a pandillas que cobran extorsiones en el mercado del casco urbano."
    law = "Faculta al Concejo para crear comisiones, emitir ordenanzas y asignar presupuesto a la prevención."
    lines = ["MARCO LEGAL E INSTITUCIONAL", body, "Norma", "Aspectos relevantes para la política",
             "Código Municipal, Decreto 12-2002", law, "Ley de Tránsito, Decreto 132-96", law,
             "DIAGNÓSTICO DE LA VIOLENCIA", body, "Diagnóstico participativo", body, "Problemas priorizados", body,
             "LÍNEAS ESTRATÉGICAS Y PLAN DE ACCIÓN", body,
             "Línea estratégica: Prevención de la violencia juvenil y del reclutamiento de adolescentes y jóvenes "
             "rurales", body,
             "Acción: Convivencia escolar y prevención del acoso en los institutos", body,
             "Acción: Empleo, formación técnica y emprendimiento para jóvenes rurales", body,
             "Matriz de planificación: Prevención de la violencia juvenil y del reclutamiento de adolescentes y jóvenes "
             "rurales", "Línea de acción", "Indicador", "Meta", "Convivencia escolar", "Institutos con comités", "6",
             "Línea estratégica: Seguridad vial en los caminos rurales", body,
             "SEGUIMIENTO Y EVALUACIÓN", body]
    sections = split(read_plan("\n".join(lines).encode(), "plan.txt"))
    found = [(s.heading.split(":")[0], s.level, s.parent.split(":")[0]) for s in sections]
    assert found == [
        ("MARCO LEGAL E INSTITUCIONAL", 1, ""),
        ("DIAGNÓSTICO DE LA VIOLENCIA", 1, ""),
        ("Diagnóstico participativo", 2, "DIAGNÓSTICO DE LA VIOLENCIA"),
        ("Problemas priorizados", 2, "DIAGNÓSTICO DE LA VIOLENCIA"),
        ("LÍNEAS ESTRATÉGICAS Y PLAN DE ACCIÓN", 1, ""),
        ("Línea estratégica", 2, "LÍNEAS ESTRATÉGICAS Y PLAN DE ACCIÓN"),
        ("Acción", 3, "Línea estratégica"), ("Acción", 3, "Línea estratégica"),
        ("Matriz de planificación", 3, "Línea estratégica"),
        ("Línea estratégica", 2, "LÍNEAS ESTRATÉGICAS Y PLAN DE ACCIÓN"),
        ("SEGUIMIENTO Y EVALUACIÓN", 1, "")]
    assert "Código Municipal, Decreto 12-2002" in sections[0].text and "Ley de Tránsito" in sections[0].text


def test_tables_of_figures_are_found_in_text_with_one_cell_per_line():
    from kb.plans.tables import find

    lines = ["Delitos registrados por la Policía Nacional Civil", "Hecho registrado", "2022", "2023",
             "Homicidios", "20", "26", "Lesiones", "31", "29", "Robos a turistas", "21,240 (44 %)", "34",
             "Fuente: PNC, registros de novedades.", "La tasa de homicidios de 2024 casi triplica la nacional."]
    assert find(lines) == [list(range(1, 13))]  # header and three rows; the heading before it and the note after
    # a run of words alone, or a row that breaks the shape before two rows are made, is no table
    assert find(["Norma", "Relevancia", "Código Municipal", "Ordenanzas", "Ley de Tránsito", "Casco"]) == []
    assert find(["Indicador", "Dato", "Población", "38,500", "Mujeres", "la mitad"]) == []
    # a numbered line or one in capitals names a part: never a header's first cell, so the table starts after it
    assert find(["4.2 Incidencia delictiva", "Hecho", "2024", "Hechos de tránsito", "38", "Fallecidos", "7",
                 "PNC"])[0][0] == 1


def test_text_saved_from_word_reads_headings_marked_by_style_around_tables_of_figures():
    """Saved as text, a heading set apart by Word's style alone right before a table of figures ("Delitos
    registrados por la PNC", then the table's cells), or right after one (no sentence ends before it), is a heading;
    the table's cells are not, nor does a table of figures keep the headings after it from being read."""
    body = "Los jóvenes dejan la escuela y entran a pandillas que cobran extorsiones en el mercado del casco urbano."
    lines = ["DIAGNÓSTICO", body, "Delitos registrados por la Policía Nacional Civil",
             "Hecho registrado por la PNC", "2022", "2023", "Homicidios", "20", "26", "Lesiones", "31", "29",
             "Robos a turistas", "12", "34", body,
             "Conversatorios comunitarios", body, "Conversatorio", "Participantes", "Temas", "Mujeres del casco",
             "38", "Violencia en el hogar", "Jóvenes rurales", "35", "Falta de empleo", body,
             "Marchas exploratorias", body,  # after a table of figures and a paragraph
             "Presupuesto por línea estratégica", "Línea estratégica", "2025", "2026", "Juventud", "450,000",
             "520,000", "Mujeres", "300,000", "310,000",
             "Evaluaciones de medio término", body]  # right after the table's last cell
    lines = lines * 1 + ["OBJETIVOS", body] * 3
    headings = [b.text for b in read_plan("\n".join(lines).encode(), "plan.txt").blocks if b.heading_level]
    assert headings == ["DIAGNÓSTICO", "Delitos registrados por la Policía Nacional Civil",
                        "Conversatorios comunitarios", "Marchas exploratorias", "Presupuesto por línea estratégica",
                        "Evaluaciones de medio término", "OBJETIVOS", "OBJETIVOS", "OBJETIVOS"]
    # a table's caption is not its header; a cell after the table that names one of its cells, or that a heading
    # follows, is the table's last cell, not a heading
    lines = ["SEGUIMIENTO", body, "Cuadro 10. Indicadores de resultado", "Indicador", "Línea base", "Meta",
             "Fuente", "Tasa de homicidios", "26.3", "18.0", "PNC", "Víctimas que denuncian", "20 %", "40 %",
             "Encuesta", "Confianza en la PNC", "29 %", "40 %", "Encuesta", body,
             "Cuadro 6. Técnicas aplicadas", "Técnica", "Número", "Lugares", "Conversatorios", "27", "Tres por zona",
             "Grupos focales", "18", "Mujeres y comerciantes", "Total", "45", "54 % mujeres", "6.4. Evaluación final",
             body] + ["OBJETIVOS", body] * 3
    headings = [b.text for b in read_plan("\n".join(lines).encode(), "plan.txt").blocks if b.heading_level]
    assert headings == ["SEGUIMIENTO", "6.4. Evaluación final", "OBJETIVOS", "OBJETIVOS", "OBJETIVOS"]
    # a table whose first two columns hold words reads as well from its second cell: its first cell, after a
    # paragraph, is still no heading
    lines = ["DIAGNÓSTICO", body, "Delito o hecho", "Fuente", "2022", "2023", "Homicidios", "PNC", "61", "66",
             "Lesionados", "PNC", "118", "131", "Extorsión", "MP", "436", "512", body] + ["OBJETIVOS", body] * 3
    headings = [b.text for b in read_plan("\n".join(lines).encode(), "plan.txt").blocks if b.heading_level]
    assert headings == ["DIAGNÓSTICO", "OBJETIVOS", "OBJETIVOS", "OBJETIVOS"]


def test_text_pasted_from_word_with_empty_paragraphs_and_tabbed_rows_is_read_line_by_line():
    # Word's clipboard: one paragraph per line, its empty paragraphs as blank lines, a table's row on one line with
    # its cells apart by tabs, and a heading numbered by Word's list numbering as its number, a tab, its title
    body = ("Los jóvenes dejan la escuela y entran a pandillas que cobran extorsiones en el mercado; las familias "
            "pagan por miedo y nadie denuncia porque no confía en la policía ni en la fiscalía del departamento.")
    assert len(body) > 150
    lines = ["4.3 Problemas priorizados", body, "", body, "4.3.1\tExtorsión y robos a mototaxistas", body, "",
             "N.º\tProblema\tAldeas", "1\tExtorsión a transporte y comercios\t1, 6, 9", "2\tRobos en paradas\t3, 7",
             "7\tCallejones y terrenos baldíos\t6, 9",  # numbered ahead of 4.3.1: its tabs make it a row
             "4.3.2 Linchamientos",  # right after the table: no sentence ends before it
             body, body, body, "", body, body, body, body, body, body, "5. Objetivos", body]
    assert 0.05 < lines.count("") / sum(1 for line in lines if line) < 0.2
    headings = [b.text for b in read_plan("\n".join(lines).encode(), "plan.txt").blocks if b.heading_level]
    assert headings == ["4.3 Problemas priorizados", "4.3.1 Extorsión y robos a mototaxistas", "4.3.2 Linchamientos",
                        "5. Objetivos"]
    # text copied from a PDF, as many blank lines but its lines cut at the page's width, is read by paragraphs: its
    # lines join into paragraphs, and its first line is no title
    half = body.rindex(" ", 0, 90)
    lines_of_body = [body[:half], body[half + 1:]]
    cut = (lines_of_body * 4 + [""]) * 3 + ["5. Objetivos", *lines_of_body]
    assert 0.05 < cut.count("") / sum(1 for line in cut if line) < 0.2
    assert [b.text for b in read_plan("\n".join(cut).encode(), "plan.txt").blocks if b.heading_level] == ["5. Objetivos"]
    assert read_plan("\n".join(cut).encode(), "plan.txt").blocks[0].text.startswith(body + " " + body)


@pytest.mark.parametrize("heading, number", [
    ("SEGUNDA PARTE: DATOS DE REFERENCIA DEL MUNICIPIO", 2), ("Parte tercera. Diagnóstico", 3),
    ("Capítulo séptimo", 7), ("CAPÍTULO III. DIAGNÓSTICO", 3), ("3.1.1 Registros de la PNC", 3),
    ("Segundo informe de la COMUPRE", None), ("Eje 2. Mujeres", None)])
def test_chapters_are_read_from_numbers_roman_numerals_and_ordinals(heading, number):
    assert chapter(heading) == number


def test_captions_in_bold_are_no_headings_and_a_part_named_by_its_ordinal_closes_the_part_before():
    body = "Los homicidios se concentran en las aldeas de la frontera durante la feria de agosto."
    plan = "\n\n".join(["**PRIMERA PARTE: MARCO LEGAL**", "## 1.1 Marco legal", body, "**SEGUNDA PARTE: DIAGNÓSTICO**",
                        "## 2.1 Incidencia delictiva", body, "**Cuadro 2. Hechos delictivos registrados por la PNC**",
                        "| Hecho | 2023 |", "| Homicidios | 14 |", body])
    sections = split(read_plan(plan.encode(), "plan.md"))
    assert [s.heading for s in sections] == ["PRIMERA PARTE: MARCO LEGAL", "1.1 Marco legal",
                                             "SEGUNDA PARTE: DIAGNÓSTICO", "2.1 Incidencia delictiva"]
    assert sections[1].kind == "legal-framework" and sections[3].kind != "legal-framework"
    assert "Homicidios; 14" in sections[3].text  # the table stays in its section


def test_the_first_line_of_text_saved_from_word_is_the_plans_title_when_it_reads_as_one():
    body = "Los jóvenes dejan la escuela y entran a pandillas que cobran extorsiones en el mercado."
    title = "Política Municipal de Prevención de la Violencia y el Delito de San Jerónimo, 2025-2028"
    lines = [title, "Borrador para revisión de la COMUPRE.", "1. Presentación", body, "2. Diagnóstico", *[body] * 18]
    sections = split(read_plan("\n".join(lines).encode(), "plan.txt"))
    assert [(s.heading, s.level) for s in sections][:2] == [(title, 1), ("1. Presentación", 1)]
    assert sections[0].text == "Borrador para revisión de la COMUPRE."  # the cover's lines under the title
    # a first line that is a sentence stays a paragraph
    sentence = split(read_plan("\n".join([body, *lines[2:]]).encode(), "plan.txt"))
    assert sentence[0].heading == "(sin título)" and sentence[0].text == body


def test_plain_text_matrix_cells_numbered_as_a_parts_lines_are_no_headings():
    """Text saved from Word, one paragraph per line: a matrix's cells name its axis's lines again in short ("Programa
    1.1 Control de armas" under "Programa 1.2 ..."): numbered as or before the last line of that axis, they are cells;
    the next axis starts its lines' count again ("Eje 2.", then "Programa 2.1", or "Línea 1" under each axis)."""
    body = "La municipalidad y la PNC harán operativos de control de armas en ferias y fiestas patronales de las aldeas."
    lines = ["CAPÍTULO 5. EJES ESTRATÉGICOS", body, "Eje 1. Violencia armada", body,
             "Programa 1.1 Control de armas de fuego y de disparos al aire", body,
             "Programa 1.2 Mediación de conflictos por tierras", body, "Matriz de planificación del Eje 1",
             "Línea de acción", "Actividades", "Programa 1.1 Control de armas", "Operativos en ferias",
             "Programa 1.2 Mediación de conflictos", "Centro de mediación", "Eje 2. Violencia contra las mujeres", body,
             "Programa 2.1 Ruta de atención", body, "Línea 1 Albergue temporal", body,
             "Eje 3. Niñez", body, "Línea 1 Escuelas de padres", body] + [body] * 20
    found = [s.heading for s in split(read_plan("\n".join(lines).encode(), "plan.txt"))]
    assert found == ["CAPÍTULO 5. EJES ESTRATÉGICOS", "Eje 1. Violencia armada",
                     "Programa 1.1 Control de armas de fuego y de disparos al aire",
                     "Programa 1.2 Mediación de conflictos por tierras", "Matriz de planificación del Eje 1",
                     "Eje 2. Violencia contra las mujeres", "Programa 2.1 Ruta de atención", "Línea 1 Albergue temporal",
                     "Eje 3. Niñez", "Línea 1 Escuelas de padres"]


@pytest.mark.parametrize("form", ["txt", "docx"])
def test_axes_named_by_number_sit_under_their_chapter_and_a_matrix_beside_the_axis_lines(form):
    """Text saved from Word, or Word with headings typed in bold: "Eje 1." under "CAPÍTULO 5." (as their Markdown's '#'
    and '##'), and the matrix after "Programa 1.2" sums up the axis's lines: its part is the axis, not the last line."""
    import io

    import docx
    body = "La municipalidad y la PNC harán operativos de control de armas en ferias y fiestas patronales de las aldeas."
    headings = ["CAPÍTULO 5. EJES ESTRATÉGICOS", "Eje 1. Violencia armada", "Programa 1.1 Control de armas de fuego",
                "Programa 1.2 Mediación de conflictos por tierras", "Matriz de planificación del Eje 1",
                "Eje 2. Violencia contra las mujeres", "Programa 2.1 Ruta de atención"]
    if form == "txt":
        data = "\n".join([line for h in headings for line in (h, body)] + [body] * 20).encode()
    else:
        document = docx.Document()
        for heading in headings:
            document.add_paragraph().add_run(heading).bold = True
            document.add_paragraph(body)
        out = io.BytesIO()
        document.save(out)
        data = out.getvalue()
    parents = {s.heading: s.parent for s in split(read_plan(data, f"plan.{form}"))}
    assert parents == {"CAPÍTULO 5. EJES ESTRATÉGICOS": "", "Eje 1. Violencia armada": "CAPÍTULO 5. EJES ESTRATÉGICOS",
                       "Programa 1.1 Control de armas de fuego": "Eje 1. Violencia armada",
                       "Programa 1.2 Mediación de conflictos por tierras": "Eje 1. Violencia armada",
                       "Matriz de planificación del Eje 1": "Eje 1. Violencia armada",
                       "Eje 2. Violencia contra las mujeres": "CAPÍTULO 5. EJES ESTRATÉGICOS",
                       "Programa 2.1 Ruta de atención": "Eje 2. Violencia contra las mujeres"}


def test_plain_text_sections_numbered_by_letters_sit_under_roman_chapters():
    """Text saved from Word, one paragraph per line: "IV. DIAGNÓSTICO", "A. Incidencia delictiva", "A.1 ..." are
    three levels, as their Markdown's '#', '##' and '###'; a matrix's cell repeating a line of action's title, and a
    figure with words in a table ("1 Juzgado de Paz"), are no headings."""
    body = "La PNC registró 120 homicidios en 2024, la mayoría con arma de fuego en tres colonias, de noche."
    lines = ["II. DATOS DE REFERENCIA", body, "A. Población", body, "Institución", "Presencia",
             "Organismo Judicial", "1 Juzgado de Paz", "Otorga medidas de seguridad en horario hábil.",
             "IV. DIAGNÓSTICO", body, "A. Incidencia delictiva", body, "A.1 Homicidios con arma de fuego", body,
             "VI. EJES ESTRATÉGICOS", body, "Línea de acción 1.1: Focalización en colonias violentas", body,
             "Matriz de planificación del Eje 1", "Línea de acción", "Actividades",
             "1.1 Focalización en colonias violentas", "Patrullaje y alumbrado en las tres colonias."] + [body] * 20
    sections = split(read_plan("\n".join(lines).encode(), "plan.txt"))
    found = {s.heading: (s.level, s.parent, s.kind) for s in sections}
    assert found["A. Población"] == (2, "II. DATOS DE REFERENCIA", "reference-data")
    assert "1 Juzgado de Paz" not in found
    assert found["A. Incidencia delictiva"][:2] == (2, "IV. DIAGNÓSTICO")
    assert found["A.1 Homicidios con arma de fuego"][:2] == (3, "A. Incidencia delictiva")
    assert "1.1 Focalización en colonias violentas" not in found
    # where the chapters are numbered in digits, a letter is a number's level as before
    plain = split(read_plan("\n".join(["3. DIAGNÓSTICO", body, "A. Incidencia delictiva", body] + [body] * 20).encode(),
                            "plan.txt"))
    assert [(s.heading, s.level) for s in plain] == [("3. DIAGNÓSTICO", 1), ("A. Incidencia delictiva", 1)]
