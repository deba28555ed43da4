"""Read a plan draft from bytes: Markdown, plain text, Word (.docx) or PDF, within limits, with a clear
message for what cannot be read. Headings come from Markdown '#', Word heading styles, a PDF's type (see pdf.py)
and numbered lines such as "3.2 Eje de juventud" (see headings.py)."""

from __future__ import annotations

import io
import re
import zipfile

from kb.errors import BadUpload
from kb.plans.document import PlanText
from kb.plans.headings import BOLD_HEADING_LIMITS, HEADING_LIMITS, numbered_level, titled
from kb.plans.pdf import read_pdf

MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED = 60 * 1024 * 1024  # a .docx whose parts unpack to more than this is refused (zip bombs)
MAX_RATIO = 100  # nor one that packs more than 100 to 1
FORMATS = (".md", ".markdown", ".txt", ".docx", ".pdf")
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # the namespace of Word's XML

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
BOLD_LINE = re.compile(r"^(\*\*|__)([^*_].*?)\1$")


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:65536]:
        raise BadUpload(f"{name} is not a text file (it contains binary data); upload .docx, .pdf, .md or .txt")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadUpload(f"{name} is not readable text (neither UTF-8 nor Windows-1252)")


def _text(data: bytes, name: str, markdown: bool) -> PlanText:
    plan = PlanText()
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            plan.add(" ".join(paragraph))
            paragraph.clear()

    above = 0  # the level of the last heading
    for raw in _decode(data, name).splitlines():
        line = raw.strip()
        heading = MARKDOWN_HEADING.match(line) if markdown else None
        bold = BOLD_LINE.match(line) if markdown and not paragraph else None
        if heading:
            flush()
            above = len(heading.group(1))
            plan.add(heading.group(2), above)
        elif not line:
            flush()
        elif numbered_level(line) and not paragraph:
            flush()
            above = numbered_level(line) + (1 if markdown else 0)
            plan.add(line, above)
        elif bold and titled(bold.group(2)) or not markdown and not paragraph and _capitals(line):
            # a line on its own all in bold (Markdown) or in capitals (plain text): a heading under the last one
            flush()
            plan.add(bold.group(2) if bold else line, above + 1)
        elif markdown and re.match(r"^([-*+]|\d+[.)])\s+", line):
            flush()
            plan.add(re.sub(r"^([-*+]|\d+[.)])\s+", "", line))
        elif markdown and line.startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                plan.add("; ".join(c for c in cells if c))
        else:
            paragraph.append(line)
    flush()
    return plan


def _capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and titled(line, HEADING_LIMITS)


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


def _docx(data: bytes, name: str) -> PlanText:
    _check_zip(data, name)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
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
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            style = paragraph.style
            if style is not None and style.style_id not in style_levels:
                style_levels[style.style_id] = _style_level(style.name or "") or _outline_level(style)
            level = _paragraph_outline(child) or (style_levels[style.style_id] if style is not None else 0) \
                or numbered_level(text)
            # a paragraph typed all in bold is a heading: numbered, under the number's level; otherwise under the
            # last heading. Runs are looked at only for such short lines: reading them for every paragraph doubles
            # the time
            if level:
                above = level
            elif titled(text) and _all_bold(paragraph, style is not None and _style_bold(style, style_bold)):
                level = numbered_level(text, BOLD_HEADING_LIMITS) or above + 1
            plan.add(text, level)
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(child, document).rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                plan.add("; ".join(cells))
    return plan


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


def read_plan(data: bytes, filename: str) -> PlanText:
    """The plan's text from a file's bytes; ``BadUpload`` says what is wrong with it."""
    name = filename or "the file"
    if len(data) > MAX_BYTES:
        raise BadUpload(f"{name} is {len(data) / 1048576:.1f} MB; plans of at most {MAX_BYTES // 1048576} MB are read",
                        status=413)
    if not data.strip():
        raise BadUpload(f"{name} is empty")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == ".docx":
        plan = _docx(data, name)
    elif suffix == ".pdf":
        plan = read_pdf(data, name)
    elif suffix in (".md", ".markdown", ".txt", ""):
        if data.startswith((b"%PDF-", b"PK\x03\x04")):
            raise BadUpload(f"{name} is a {'PDF' if data.startswith(b'%PDF') else 'zip/Word'} file, not text; "
                            "give it its real extension")
        plan = _text(data, name, markdown=suffix != ".txt")
    else:
        raise BadUpload(f"{name}: plans are read from {', '.join(FORMATS)} files", status=415)
    if not plan.blocks:
        raise BadUpload(f"{name} has no text that can be read (a scanned PDF has only images)")
    return plan
