"""Plan drafts in every format, made in the tests (no binary fixtures)."""

from __future__ import annotations

import io

PLAN_MD = """# Política municipal de prevención de San Prueba

## 1. Marco legal e institucional

La Constitución Política, el Código Municipal (Decreto 12-2002) y la Ley Marco del Sistema Nacional de
Seguridad establecen las competencias del municipio.

## 2. Datos generales del municipio

El municipio tiene 45,000 habitantes en 12 aldeas y 3 zonas urbanas.

## 3. Diagnóstico

### 3.1 Violencia armada

Los homicidios con armas de fuego ocurren los fines de semana, de noche, cerca de las cantinas del centro.

- Portar armas de fuego en la calle es frecuente los días de pago.
- Las riñas en los bares terminan con heridos.

### 3.2 Acoso escolar

En las escuelas hay acoso escolar y peleas entre estudiantes; los maestros no saben cómo actuar.

## 4. Monitoreo y evaluación

La comisión municipal revisará cada año los indicadores del plan con los datos de la policía.
"""

SECTIONS = ["1. Marco legal e institucional", "2. Datos generales del municipio", "3. Diagnóstico",
            "3.1 Violencia armada", "3.2 Acoso escolar", "4. Monitoreo y evaluación"]


def docx_bytes(numbered_only: bool = False) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Política municipal de prevención de San Prueba", level=0)
    for line in PLAN_MD.splitlines()[2:]:
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = line.lstrip("# ")
            if numbered_only:
                document.add_paragraph(text)  # a heading only by its numbering
            else:
                document.add_heading(text, level=level - 1)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Línea de acción", "Indicador", "Meta"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Patrullaje nocturno", "homicidios por mes", "-20%"]):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def numbered_docx(legal: bool = False, linked: bool = False) -> bytes:
    """A plan whose headings Word numbers itself, as templates do: a multilevel list (I., 1.1 or I.1, a)) linked to
    the heading styles, so the numbers are not in the paragraphs' text; a numbered and a bulleted list in the body;
    a heading taken out of the list. With ``legal``, the second level shows every number in decimal (Word's
    legal numbering: "2.1" under "II."). With ``linked``, the headings' list has no levels of its own: it borrows
    them from a numbering style, as Word writes lists made from a list style."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    document = docx.Document()
    numbering = document.part.numbering_part.element
    legal_mark = "<w:isLgl/>" if legal else ""
    for xml in (f'''<w:abstractNum {w} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Heading1"/>
            <w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>{legal_mark}
            <w:lvlText w:val="%1.%2"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:pStyle w:val="Heading3"/>
            <w:lvlText w:val="%3)"/></w:lvl></w:abstractNum>''',
                f'<w:abstractNum {w} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>',
                f'<w:abstractNum {w} w:abstractNumId="92"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'):
        numbering.insert(0, parse_xml(xml))  # abstract lists come before the lists that use them
    if linked:  # list 90 points to abstract list 95, which takes its levels from the style that 90 defines
        headings_list = numbering.xpath('./w:abstractNum[@w:abstractNumId="90"]')[0]
        headings_list.insert(0, parse_xml(f'<w:styleLink {w} w:val="ListaTitulos"/>'))
        numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="95">'
                                      f'<w:numStyleLink w:val="ListaTitulos"/></w:abstractNum>'))
    for nid in ("90", "91", "92"):
        target = "95" if linked and nid == "90" else nid
        numbering.append(parse_xml(f'<w:num {w} w:numId="{nid}"><w:abstractNumId w:val="{target}"/></w:num>'))
    for level, name in enumerate(("Heading 1", "Heading 2", "Heading 3")):
        document.styles[name].element.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    def listed(text: str, nid: str) -> None:
        document.add_paragraph(text)._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr>'))

    body = "Los jóvenes dejan la escuela y entran a pandillas que cobran extorsiones en el mercado."
    document.add_heading("Marco legal", 1)
    document.add_paragraph(body)
    document.add_heading("Diagnóstico", 1)
    document.add_heading("Incidencia delictiva", 2)
    document.add_paragraph(body)
    listed("Homicidios con arma de fuego", "92")
    listed("Extorsión al transporte", "92")
    document.add_heading("Percepción de inseguridad", 2)
    document.add_heading("Encuesta de victimización", 3)
    document.add_paragraph(body)
    document.add_heading("Grupos focales", 3)
    listed("Un punto con viñeta", "91")
    document.add_heading("Ejes estratégicos", 1)
    document.add_heading("Eje de juventud", 2)
    document.add_paragraph(body)
    document.add_heading("Anexo sin número", 1)._p.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr {w}><w:numId w:val="0"/></w:numPr>'))
    document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for line in PLAN_MD.splitlines()[2:]:
            text = line.strip().lstrip("#").strip().lstrip("- ")
            if text:
                pdf.multi_cell(0, 6, text)
                pdf.ln(1)
    data = bytes(pdf.output())
    if password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
        writer.encrypt(password)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def zip_bomb() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (80 * 1024 * 1024))
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


STYLED_HEADINGS = ["Presentación", "CAPÍTULO III. DIAGNÓSTICO", "III.2.1 Metodología y participación",
                   "Línea de acción 1.3 Acompañamiento a adolescentes en conflicto con la ley y jóvenes en riesgo de "
                   "reclutamiento por pandillas del puerto",
                   "Matriz de planificación del Eje 1"]


def styled_pdf_bytes() -> bytes:
    """A PDF whose headings are known only by their type (bold, larger): some unnumbered, one wrapped over two
    lines; a bold table header, numbered table rows in the body's type, a list item with a bold lead, and a
    running header on every page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    body = ("La comisión municipal revisó los registros de la policía y del centro de salud con las vecinas y los "
            "vecinos de cada barrio, en talleres y grupos focales.")
    for page, heading in enumerate(STYLED_HEADINGS):
        pdf.add_page()
        pdf.set_font("helvetica", "B", 8)
        pdf.cell(0, 5, "Borrador de trabajo de la COMUPRE")  # running header, bold on every page
        pdf.ln(8)
        pdf.set_font("helvetica", "B", 15 if page == 1 else 12)
        pdf.multi_cell(90 if page == 3 else 0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("helvetica", "", 10)
        pdf.multi_cell(0, 5.5, body, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        if page == 1:  # a list item with a bold lead: a paragraph, not a heading
            pdf.set_font("helvetica", "B", 10)
            pdf.write(5.5, "2. Violencia armada y riñas asociadas al alcohol en las cantinas del centro. ")
            pdf.set_font("helvetica", "", 10)
            pdf.write(5.5, "Los sábados de pago, las peleas terminan con heridos de bala que llegan al centro de salud.")
            pdf.ln(8)
        if page == 4:
            pdf.set_font("helvetica", "B", 10)  # a table's header row: bold cells far apart on one line
            for cell in ("Indicador", "Meta", "Fuente"):
                pdf.cell(50, 6, cell)
            pdf.ln(6)
            pdf.set_font("helvetica", "", 10)
            for row in ("1.1 Centros educativos protectores; Formar equipos de convivencia",
                        "1.2 Tiempo libre y oportunidades; Abrir escuelas los fines de semana"):
                pdf.multi_cell(0, 5.5, row, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def printed_pdf_bytes() -> bytes:
    """A PDF laid out as a web page prints (Chromium, Google Docs): a list of laws whose bold names fill a whole
    line and go on in the body's type, a table header row whose cells are close together, and a table whose cells
    are centred in their rows, so that each comes on a line of its own at its own height."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    body = ("La política se basa en la Constitución, que protege la vida y la familia y reconoce la autonomía "
            "municipal, y en el Código Municipal, que faculta al Concejo para emitir reglamentos y ordenanzas y "
            "para crear las comisiones de trabajo que necesite, entre ellas la de prevención de la violencia.")

    def heading(text: str) -> None:  # a heading, then a paragraph in the body's type
        pdf.set_font("helvetica", "B", 14)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("helvetica", "", 10)
        pdf.multi_cell(0, 5.5, body, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    heading("1. Marco legal")
    for name, rest in (("Ley de los Consejos de Desarrollo Urbano y Rural (Decreto 11-2002) y Ley General de "
                        "Descentralización (Decreto 14-2002).", " Establecen el COMUDE y los COCODE."),
                       ("Ley Marco del Sistema Nacional de Seguridad (Decreto 18-2008) y Ley para Prevenir, "
                        "Sancionar y Erradicar la Violencia Intrafamiliar.", " Medidas de seguridad.")):
        pdf.set_font("helvetica", "B", 10)
        pdf.write(5.5, name)
        pdf.set_font("helvetica", "", 10)
        pdf.write(5.5, rest)
        pdf.ln(8)
    heading("2. Matriz de planificación")
    pdf.set_font("helvetica", "B", 10)
    x = pdf.l_margin
    for cell in ("Línea de acción", "Actividades", "Responsable", "Meta 2029"):  # two sizes apart
        pdf.set_x(x)
        pdf.cell(pdf.get_string_width(cell), 6, cell)
        x += pdf.get_string_width(cell) + 7
    pdf.ln(10)
    y = pdf.get_y()
    for x, dy, cell in ((20, 0, "Problema"), (60, -3, "Conversatorios en que"), (60, 3, "se mencionó (de 14)"),
                        (110, 0, "Prioridad")):
        pdf.set_xy(x, y + dy)
        pdf.cell(40, 6, cell)
    pdf.set_font("helvetica", "", 10)
    for x, cell in ((20, "Violencia intrafamiliar"), (60, "12"), (110, "Alta")):
        pdf.set_xy(x, y + 12)
        pdf.cell(40, 6, cell)
    return bytes(pdf.output())
