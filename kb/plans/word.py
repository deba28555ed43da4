"""Reading a plan from a Word (.docx) file with python-docx: headings from the heading styles, a drafter's own
styles by their outline level, paragraphs typed all in bold, and numbered lines; tables row by row. A file that is
not a Word document, or a zip bomb, is refused before it is opened."""

from __future__ import annotations

import io
import re
import zipfile

from kb.errors import BadUpload
from kb.plans.document import PlanText
from kb.plans.headings import BOLD_HEADING_LIMITS, Schemes, beside_lines, titled
from kb.plans.numbering import Lists

MAX_UNZIPPED = 60 * 1024 * 1024  # a .docx whose parts unpack to more than this is refused (zip bombs)
MAX_RATIO = 100  # nor one that packs more than 100 to 1
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # the namespace of Word's XML


def _check_zip(data: bytes, name: str) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise BadUpload(f"{name} is not a Word document (.docx files are zip archives); it may be an old .doc "
                        "or another file renamed: save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED or total > MAX_RATIO * max(len(data), 1):
                raise BadUpload(f"{name} unpacks to {total:,} bytes, far more than a plan needs; it is refused")
            if "word/document.xml" not in {i.filename for i in infos}:
                raise BadUpload(f"{name} is a zip archive but not a Word document (no word/document.xml)")
    except zipfile.BadZipFile as e:
        raise BadUpload(f"{name} is a damaged Word file: {e}") from e


def read_docx(data: bytes, name: str) -> PlanText:
    _check_zip(data, name)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as e:  # pragma: no cover
        raise BadUpload("reading .docx needs the package python-docx") from e
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, Exception) as e:
        raise BadUpload(f"{name} is a damaged Word file and cannot be read ({type(e).__name__})") from e
    plan = PlanText()
    body = document.element.body
    above = 0  # the level of the last heading known by its style or its number
    style_levels: dict[str, int] = {}  # heading level of each paragraph style met (0: body text)
    style_bold: dict[str, bool] = {}  # whether each paragraph style met sets its text in bold
    lists = Lists.of(document)
    schemes = Schemes()  # a typed number's level: letters and digits under Roman chapters
    last = ""  # the last heading
    for child in _blocks(body):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = _text(child).strip()
            style = paragraph.style
            if style is not None and style.style_id not in style_levels:
                style_levels[style.style_id] = _style_level(style.name or "") or _outline_level(style)
            level = _paragraph_outline(child) or (style_levels[style.style_id] if style is not None else 0) \
                or schemes.level(text)
            # the number a list gives the paragraph, as Word shows it: part of a heading as the drafter reads it
            label = lists.label(child, style)
            shown = f"{label} {text}" if label and text else text
            # a paragraph typed all in bold is a heading: numbered, under the number's level; otherwise under the
            # last heading. Runs are looked at only for such short lines: reading them for every paragraph doubles
            # the time
            if level:
                above = level
            elif titled(shown) and _all_bold(paragraph, style is not None and _style_bold(style, style_bold)):
                level = schemes.level(shown, BOLD_HEADING_LIMITS) or (above if beside_lines(shown, last) else above + 1)
            if level:
                last = shown
            plan.add(shown if level else text, level)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                texts = ("\n".join(_text(p) for p in c._tc.iter(f"{WORD}p")).strip() for c in row.cells)
                cells = list(dict.fromkeys(t for t in texts if t))
                plan.add("; ".join(cells))
    return plan


# Where Word keeps a document's paragraphs and tables: in the body, or inside a content control (a template's
# fields, a cover page, a table of contents: w:sdt) or custom XML, at any depth
_CONTAINERS = {f"{WORD}sdt", f"{WORD}sdtContent", f"{WORD}customXml"}


def _blocks(parent):
    """The paragraphs and tables of ``parent`` in reading order, those inside content controls included."""
    for child in parent.iterchildren():
        if child.tag in _CONTAINERS:
            yield from _blocks(child)
        elif child.tag in (f"{WORD}p", f"{WORD}tbl"):
            yield child


_DELETED = {f"{WORD}del", f"{WORD}moveFrom"}  # tracked changes: text deleted, or moved away from here
_SKIPPED = _DELETED | {f"{WORD}txbxContent", f"{WORD}pPr", f"{WORD}rPr", f"{WORD}instrText"}


def _text(element) -> str:
    """A paragraph's text as Word shows it with tracked changes accepted: runs, hyperlinks and fields, and text
    inserted with changes tracked (which python-docx's ``Paragraph.text`` leaves out), without deleted or moved-away
    text nor the text boxes anchored in it; tabs and line breaks kept."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{WORD}t":
                out.append(child.text or "")
            elif tag == f"{WORD}tab":
                out.append("\t")
            elif tag in (f"{WORD}br", f"{WORD}cr"):
                out.append("\n")
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _all_bold(paragraph, by_style: bool) -> bool:
    """Whether every run of the paragraph that has text is bold: directly, by its character style, or, where
    neither says, by the paragraph's style (``by_style``, as a drafter's own heading style 'Capítulo' does)."""
    runs = [r for r in paragraph.runs if r.text.strip()]

    def bold(run) -> bool:
        if run.bold is not None:
            return run.bold
        if run.style is not None and run.style.font.bold is not None:
            return run.style.font.bold
        return by_style

    return bool(runs) and all(bold(r) for r in runs)


def _style_bold(style, known: dict[str, bool]) -> bool:
    """Whether a paragraph style sets its text in bold, itself or through the style it is based on."""
    if style.style_id not in known:
        base = style
        while base is not None and base.font.bold is None:
            base = base.base_style
        known[style.style_id] = bool(base is not None and base.font.bold)
    return known[style.style_id]


def _outline_level(style) -> int:
    """The outline level Word's navigation pane shows for a paragraph style (or the style it is based on): how
    custom heading styles ('Título Eje', 'Subtítulo plan') are headings. 0 for body text."""
    while style is not None:
        found = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if found:
            return _level(found[0])
        style = style.base_style
    return 0


def _paragraph_outline(p) -> int:
    """The outline level set on the paragraph itself, or 0."""
    ppr = p.pPr
    found = ppr.find(f"{WORD}outlineLvl") if ppr is not None else None
    return _level(found.get(f"{WORD}val")) if found is not None else 0


def _level(value: str | None) -> int:
    """Word's outline level (w:val 0-8) as a heading level 1-9; 9 is Word's 'body text'."""
    try:
        level = int(value) + 1
    except (TypeError, ValueError):
        return 0
    return level if 1 <= level <= 9 else 0


def _style_level(style: str) -> int:
    """Word's heading styles: 'Heading 2', 'Título 2', 'Title'."""
    match = re.match(r"^(?:heading|t[ií]tulo|encabezado)\s*(\d)$", style.strip(), re.IGNORECASE)
    if match:
        return int(match.group(1))
    return 1 if style.strip().lower() in ("title", "título", "titulo") else 0
