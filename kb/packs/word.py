"""A pack as a Word document (python-docx) with real heading styles: ``Title`` on the title page, ``Heading 1``
for the introduction, each practice and the annex, ``Heading 2`` inside a practice, so Word's navigation pane
and its table of contents work. The contents list is a Word TOC field whose shown text already lists the
practices (with links), so it reads well before Word updates it."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from kb.markdown import _parser
from kb.packs.document import Entry, PackDocument, source_text

LINK_COLOR = "1F5C8B"
MUTED = RGBColor(0x5B, 0x65, 0x70)
LANG_TAGS = {"es": "es-ES", "en": "en-GB"}
MAX_HEADING = 9


# -- low-level helpers ----------------------------------------------------------------------------------
def _link_run(text: str, *, bold: bool = False, italic: bool = False):
    """A ``w:r`` coloured and underlined like a link (its properties in the schema's order)."""
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    for tag, on in (("w:b", bold), ("w:i", italic)):
        if on:
            rpr.append(OxmlElement(tag))
    color = OxmlElement("w:color")
    color.set(qn("w:val"), LINK_COLOR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.extend([color, underline])
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _text_run(paragraph: Paragraph, text: str, **props):
    run = paragraph.add_run(text)
    if props.get("bold"):
        run.bold = True
    if props.get("italic"):
        run.italic = True
    if props.get("mono"):
        run.font.name = "Courier New"
    return run


def _hyperlink(paragraph: Paragraph, text: str, *, url: str | None = None, anchor: str | None = None,
               bold: bool = False, italic: bool = False):
    """A clickable run: to ``url`` (external) or to the bookmark ``anchor`` (inside the document)."""
    link = OxmlElement("w:hyperlink")
    if url:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    else:
        link.set(qn("w:anchor"), anchor)
        link.set(qn("w:history"), "1")
    link.append(_link_run(text, bold=bold, italic=italic))
    paragraph._p.append(link)
    return link


def _bookmark(paragraph: Paragraph, name: str, ident: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    paragraph._p.append(run)


def _instruction(paragraph: Paragraph, text: str) -> None:
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {text} "
    run.append(instr)
    paragraph._p.append(run)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


_AFTER_SHD = ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
              "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
              "w:sectPr", "w:pPrChange")


def _shade(paragraph: Paragraph, fill: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    ppr.insert_element_before(shading, *_AFTER_SHD)


# -- Markdown ---------------------------------------------------------------------------------------------
class MarkdownWriter:
    """Writes CommonMark (as parsed by ``kb.markdown``) into a document: paragraphs, headings nested below
    ``base`` level, bullet and numbered lists, block quotes, code, tables, bold, italics and links. Raw HTML is
    never interpreted (the parser leaves it as text)."""

    def __init__(self, document, base: int, shade: str | None = None):
        self.document = document
        self.base = base
        self.shade = shade

    def write(self, markdown: str) -> None:
        tokens = _parser().parse(markdown)
        lists: list[dict] = []  # {"ordered": bool, "n": next number}
        quote = 0
        heading: int | None = None
        item_first = False
        table: list[list[object]] | None = None
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                heading = min(MAX_HEADING, int(tok.tag[1]) + self.base)
            elif kind == "heading_close":
                heading = None
            elif kind in ("bullet_list_open", "ordered_list_open"):
                lists.append({"ordered": kind == "ordered_list_open", "n": int(tok.attrGet("start") or 1)})
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                item_first = True
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "table_open":
                table = []
            elif kind == "tr_open" and table is not None:
                table.append([])
            elif kind == "inline" and table is not None and tokens[i - 1].type in ("th_open", "td_open"):
                table[-1].append(tok)
            elif kind == "table_close" and table is not None:
                self._table(table)
                table = None
            elif kind in ("fence", "code_block"):
                for line in tok.content.rstrip("\n").split("\n"):
                    p = self.document.add_paragraph(style="No Spacing")
                    _text_run(p, line, mono=True)
                    p.paragraph_format.left_indent = Cm(0.6)
            elif kind == "hr":
                self.document.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif kind == "inline":
                p = self._paragraph(heading, lists, quote, item_first)
                item_first = False
                self.inline(p, tok.children or [])
            i += 1

    def _paragraph(self, heading, lists, quote, item_first) -> Paragraph:
        if heading is not None:
            return self.document.add_heading(level=heading)
        if lists:
            depth = len(lists)
            top = lists[-1]
            if top["ordered"]:
                p = self.document.add_paragraph()
                if item_first:
                    p.add_run(f"{top['n']}. ")
                    top["n"] += 1
                p.paragraph_format.left_indent = Cm(0.75 * depth)
                p.paragraph_format.first_line_indent = Cm(-0.5) if item_first else None
            elif item_first:
                p = self.document.add_paragraph(style="List Bullet" if depth == 1 else
                                                f"List Bullet {min(depth, 3)}")
            else:
                p = self.document.add_paragraph(style="List Continue" if depth == 1 else
                                                f"List Continue {min(depth, 3)}")
        elif quote:
            p = self.document.add_paragraph(style="Quote")
        else:
            p = self.document.add_paragraph()
        if self.shade:
            _shade(p, self.shade)
        return p

    def _table(self, rows: list[list]) -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, tok in enumerate(row):
                cell = table.cell(r, c)
                self.inline(cell.paragraphs[0], tok.children or [], bold=(r == 0))
        _repeat_header(table.rows[0])

    def inline(self, p: Paragraph, children, bold: bool = False) -> None:
        bold_depth, italic = int(bold), 0
        href: str | None = None
        link_text: list[str] = []
        for child in children:
            kind = child.type
            if kind == "strong_open":
                bold_depth += 1
            elif kind == "strong_close":
                bold_depth -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                href, link_text = child.attrGet("href"), []
            elif kind == "link_close":
                text = "".join(link_text)
                if href and href.startswith(("http://", "https://", "mailto:")):
                    _hyperlink(p, text, url=href, bold=bold_depth > 0, italic=italic > 0)
                else:
                    _text_run(p, text, bold=bold_depth > 0, italic=italic > 0)
                href = None
            elif kind in ("text", "code_inline", "softbreak", "image"):
                text = {"softbreak": " ", "image": child.content}.get(kind, child.content)
                if href is not None:
                    link_text.append(text)
                else:
                    _text_run(p, text, bold=bold_depth > 0, italic=italic > 0, mono=kind == "code_inline")
            elif kind == "hardbreak":
                if href is not None:
                    link_text.append(" ")
                else:
                    p.add_run().add_break(WD_BREAK.LINE)


# -- the document -----------------------------------------------------------------------------------------
def _setup(document, doc: PackDocument) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.2)
    section.different_first_page_header_footer = True
    for lang in document.styles.element.iter(qn("w:lang")):  # the default language, for spelling
        lang.set(qn("w:val"), LANG_TAGS.get(doc.lang, doc.lang))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text_run(footer, f"{doc.pack.title} · {doc.t('page')} ")
    _field_char(footer, "begin")
    _instruction(footer, "PAGE")
    _field_char(footer, "separate")
    _text_run(footer, "1")
    _field_char(footer, "end")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED
    props = document.core_properties
    props.title = doc.pack.title
    props.subject = doc.t("workshop")
    props.language = LANG_TAGS.get(doc.lang, doc.lang)
    props.author = ""
    props.comments = doc.t("prepared")


def _title_page(document, doc: PackDocument) -> None:
    for _ in range(6):
        document.add_paragraph()
    kicker = document.add_paragraph()
    run = _text_run(kicker, doc.t("workshop").upper())
    run.font.color.rgb = MUTED
    run.font.size = Pt(10)
    document.add_paragraph(doc.pack.title, style="Title")
    for line in doc.subtitle():
        document.add_paragraph(line, style="Subtitle")
    for _ in range(4):
        document.add_paragraph()
    note = document.add_paragraph()
    run = _text_run(note, doc.t("prepared"), italic=True)
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED


def _bookmark_name(entry: Entry) -> str:
    """Word's bookmark names allow letters, digits and underscores only (at most 40)."""
    return f"practice_{entry.number}"


def _contents(document, doc: PackDocument) -> None:
    heading = document.add_paragraph(doc.t("contents"), style="TOC Heading")
    heading.paragraph_format.page_break_before = not doc.pack.intro
    entries = [(e.heading, _bookmark_name(e)) for e in doc.entries] + [(doc.t("annex"), "annex")]
    for n, (text, anchor) in enumerate(entries):
        p = document.add_paragraph()
        p.paragraph_format.space_after = Pt(3)
        if n == 0:
            _field_char(p, "begin")
            _instruction(p, 'TOC \\o "1-1" \\h \\z \\u')
            _field_char(p, "separate")
        _hyperlink(p, text, anchor=anchor)
        if n == len(entries) - 1:
            _field_char(p, "end")


def _practice(document, doc: PackDocument, entry: Entry, bookmark: int) -> None:
    m = entry.meta
    heading = document.add_heading(entry.heading, level=1)
    heading.paragraph_format.page_break_before = True
    _bookmark(heading, _bookmark_name(entry), bookmark)
    for label, value in doc.facts(entry):
        p = document.add_paragraph(style="No Spacing")
        _text_run(p, f"{label}: ", bold=True)
        _text_run(p, value)
    if m.evidence.note:
        p = document.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        run = _text_run(p, m.evidence.note, italic=True)
        run.font.size = Pt(9.5)
        run.font.color.rgb = MUTED
    if entry.item.note:
        document.add_heading(doc.t("note"), level=2)
        MarkdownWriter(document, base=2, shade="EEF4F9").write(entry.item.note)
    for s in entry.sections:
        document.add_heading(s.heading, level=2)
        MarkdownWriter(document, base=2).write(s.text)
    document.add_heading(doc.t("sources"), level=2)
    for src in m.sources:
        p = document.add_paragraph(style="List Bullet")
        if src.url:
            _hyperlink(p, source_text(src), url=src.url)
        else:
            _text_run(p, source_text(src))


def _annex(document, doc: PackDocument, bookmark: int) -> None:
    heading = document.add_heading(doc.t("annex"), level=1)
    heading.paragraph_format.page_break_before = True
    _bookmark(heading, "annex", bookmark)
    header, rows = doc.annex_header(), doc.annex_rows()
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Light Grid Accent 1"
    for r, row in enumerate([header] + rows):
        for c, value in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            run = _text_run(paragraph, value, bold=(r == 0))
            run.font.size = Pt(9)
    _repeat_header(table.rows[0])


def to_docx(doc: PackDocument) -> bytes:
    document = Document()
    _setup(document, doc)
    _title_page(document, doc)
    if doc.pack.intro:
        intro = document.add_heading(doc.t("intro"), level=1)
        intro.paragraph_format.page_break_before = True
        MarkdownWriter(document, base=1).write(doc.pack.intro)
    _contents(document, doc)
    for n, entry in enumerate(doc.entries, 1):
        _practice(document, doc, entry, n)
    _annex(document, doc, len(doc.entries) + 1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
