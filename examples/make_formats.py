"""Write the Word and PDF versions of example plans from their Markdown, as a drafter's files would be:
Word with real heading styles, PDF with bold headings, larger by level (no tags: headings are found from the type
and the numbering).

    .venv/bin/python examples/make_formats.py   (needs the test extras: python-docx and fpdf2)

plan-santa-rosa-tuichan.docx was written by hand in Word's way (bold numbered paragraphs, real tables), and its PDF
exported from it as a drafter would, with LibreOffice 7.4 (Debian's libreoffice-writer-nogui):

    soffice --headless --convert-to pdf --outdir examples examples/plan-santa-rosa-tuichan.docx

plan-san-andres-chicua.docx numbers its headings with Word's own list numbering (to_list_numbered_docx), and its
PDF was exported from it the same way.

plan-san-bartolome-las-brisas.docx was written with python-docx by the helper who drafted the plan, in a drafter's
mixed habits (typed table of contents, chapters in heading styles and in bold body type, 17 tables), and its PDF
exported from it with LibreOffice as above.

plan-santa-lucia-del-rio.pdf and plan-san-miguel-las-flores.pdf are printed from a web page by headless Chromium
(Skia, as Google Docs' PDFs are): each table cell comes on a line of its own, bold table headers and bold leads of
list items included (to_printed_pdf; needs /usr/bin/chromium).

plan-san-isidro-las-canas.docx is to_docx's and its PDF to_pdf's.

plan-san-lucas-yaxkin.docx is to_docx's (headings in Word's styles only: no numbers, chapters in capitals), and its
PDF LibreOffice's export of it, as above.

plan-san-juan-los-encinos.docx is to_docx's (headings numbered with a dot after every level, "3.2.1."), and its
PDF printed by Chromium from its Markdown (to_printed_pdf).

plan-san-jeronimo-el-llano.docx and plan-san-gaspar-las-quebradas.docx are to_docx's, and their PDFs LibreOffice's
exports of them, as above.

The plans with a Word version also come as plain text, as Word's "save as plain text" (or pasting into the web
page) gives them: one paragraph per line, no blank lines, each table cell on a line of its own (to_text, with
LibreOffice as above).
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
FONT = Path("/usr/share/fonts/truetype/dejavu")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+(.*)$")


def _plain(text: str) -> str:
    return re.sub(r"(\*\*|\*|`)", "", text)


def blocks(markdown: str):
    """(kind, level, text) for headings, paragraphs, list items and table rows."""
    paragraph: list[str] = []
    for line in markdown.splitlines() + [""]:
        line = line.strip()
        heading, item = HEADING.match(line), ITEM.match(line)
        if paragraph and (not line or heading or item or line.startswith("|")):
            yield "p", 0, _plain(" ".join(paragraph))
            paragraph = []
        if heading:
            yield "h", len(heading.group(1)), _plain(heading.group(2))
        elif item:
            yield "li", 0, _plain(item.group(1))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                yield "tr", 0, [_plain(c) for c in cells]
        elif line:
            paragraph.append(line)


def to_docx(source: Path, target: Path) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush_table() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows.clear()

    found = list(blocks(source.read_text("utf-8")))
    # one '#' heading is the title (Word's Title style, the '##' chapters Heading 1); where the chapters are '#'
    # too, the first is the title and each level keeps its Heading style
    chapters = sum(1 for kind, level, _ in found if kind == "h" and level == 1) > 1
    for n, (kind, level, text) in enumerate(found):
        if kind != "tr":
            flush_table()
        if kind == "h":
            document.add_heading(text, level=0 if n == 0 else level if chapters else level - 1)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "tr":
            rows.append(text)
        else:
            document.add_paragraph(text)
    flush_table()
    document.save(target)


def to_list_numbered_docx(source: Path, target: Path) -> None:
    """Word whose heading styles are linked to a multilevel list, as a municipal template numbers them: the numbers
    ("3.1") are Word's, not typed in the headings (the Markdown's typed numbers are left out)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                     f'<w:pStyle w:val="Heading{i + 1}"/><w:lvlText w:val="'
                     + ".".join(f"%{j + 1}" for j in range(i + 1)) + ('."/>' if i == 0 else '"/>') + "</w:lvl>"
                     for i in range(4))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="50">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="50"><w:abstractNumId w:val="50"/></w:num>'))
    for i in range(4):
        document.styles[f"Heading {i + 1}"].element.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{i}"/><w:numId w:val="50"/></w:numPr>'))
    rows: list[list[str]] = []
    for kind, level, text in list(blocks(source.read_text("utf-8"))) + [("end", 0, "")]:
        if kind != "tr" and rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            rows = []
        if kind == "h":
            document.add_heading(re.sub(r"^\d+(\.\d+)*\.?\s+", "", text), level=level)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "tr":
            rows.append(text)
        elif kind == "p":
            document.add_paragraph(text)
    document.save(target)


def to_pdf(source: Path, target: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for kind, level, text in blocks(source.read_text("utf-8")):
        if kind == "h":
            pdf.ln(3)
            pdf.set_font("DejaVu", "B", {1: 15, 2: 13}.get(level, 11))
            pdf.multi_cell(0, 7, text)
            pdf.ln(1)
        else:
            pdf.set_font("DejaVu", "", 10)
            line = "; ".join(text) if kind == "tr" else ("• " + text if kind == "li" else text)
            pdf.multi_cell(0, 5.5, line)
            pdf.ln(1.5)
    pdf.output(str(target))


PAGE_STYLE = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><style>
@page { size: letter; margin: 2.5cm }
body { font-family: Arial, "Liberation Sans", sans-serif; font-size: 11pt; line-height: 1.15 }
h1 { font-size: 20pt } h2 { font-size: 16pt } h3 { font-size: 14pt } h4 { font-size: 12pt }
table { border-collapse: collapse } td, th { border: 1px solid #888; padding: 3pt }
</style></head><body>"""


def to_printed_pdf(source: Path, target: Path) -> None:
    import subprocess
    import tempfile

    from markdown_it import MarkdownIt

    html = PAGE_STYLE + MarkdownIt("commonmark").enable("table").render(source.read_text("utf-8")) + "</body></html>"
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / f"{source.stem}.html"
        page.write_text(html, "utf-8")
        subprocess.run(["chromium", "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer",
                        f"--print-to-pdf={target.resolve()}", page.as_uri()], check=True, capture_output=True)


def to_text(source: Path, target: Path) -> None:
    """A Word file saved as plain text (UTF-8) by LibreOffice."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", folder,
                        str(source)], check=True, capture_output=True)
        target.write_bytes((Path(folder) / f"{source.stem}.txt").read_bytes())


if __name__ == "__main__":
    to_docx(HERE / "plan-santa-lucia-del-rio.md", HERE / "plan-santa-lucia-del-rio.docx")
    to_pdf(HERE / "plan-puerto-esperanza.md", HERE / "plan-puerto-esperanza.pdf")
    # headings known by their type only: Roman numbers, "Línea de acción 1.3 ...", "Matriz de planificación del Eje 1"
    to_pdf(HERE / "plan-santa-lucia-amatique.md", HERE / "plan-santa-lucia-amatique.pdf")
    # headings numbered by Word's multilevel list, not typed
    to_list_numbered_docx(HERE / "plan-san-andres-chicua.md", HERE / "plan-san-andres-chicua.docx")
    # printed from a web page: table cells one per line
    to_printed_pdf(HERE / "plan-santa-lucia-del-rio.md", HERE / "plan-santa-lucia-del-rio.pdf")
    to_printed_pdf(HERE / "plan-san-miguel-las-flores.md", HERE / "plan-san-miguel-las-flores.pdf")
    to_docx(HERE / "plan-san-jeronimo-el-llano.md", HERE / "plan-san-jeronimo-el-llano.docx")
    to_docx(HERE / "plan-san-isidro-las-canas.md", HERE / "plan-san-isidro-las-canas.docx")
    to_pdf(HERE / "plan-san-isidro-las-canas.md", HERE / "plan-san-isidro-las-canas.pdf")
    to_docx(HERE / "plan-san-lucas-yaxkin.md", HERE / "plan-san-lucas-yaxkin.docx")
    to_docx(HERE / "plan-san-juan-los-encinos.md", HERE / "plan-san-juan-los-encinos.docx")
    to_printed_pdf(HERE / "plan-san-juan-los-encinos.md", HERE / "plan-san-juan-los-encinos.pdf")
    for word in sorted(HERE.glob("*.docx")):  # saved as plain text, as Word's "save as" or a paste gives them
        to_text(word, word.with_suffix(".txt"))
    print("wrote plan-santa-lucia-del-rio.docx and .pdf, plan-puerto-esperanza.pdf, plan-santa-lucia-amatique.pdf, "
          "plan-san-andres-chicua.docx, plan-san-miguel-las-flores.pdf, plan-san-jeronimo-el-llano.docx, "
          "plan-san-isidro-las-canas.docx and .pdf, plan-san-lucas-yaxkin.docx, plan-san-juan-los-encinos.docx and "
          ".pdf, and the .txt of every .docx")
