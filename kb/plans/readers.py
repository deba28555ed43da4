"""Read a plan draft from bytes: Markdown, plain text, Word (.docx) or PDF, within limits, with a clear
message for what cannot be read. Headings come from Markdown '#', Word heading styles, and numbered lines
such as "3.2 Eje de juventud"."""

from __future__ import annotations

import io
import re
import zipfile

from kb.errors import BadUpload
from kb.plans.document import PlanText

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 300
MAX_UNZIPPED = 60 * 1024 * 1024  # a .docx whose parts unpack to more than this is refused (zip bombs)
MAX_RATIO = 100  # nor one that packs more than 100 to 1
FORMATS = (".md", ".markdown", ".txt", ".docx", ".pdf")

NUMBERED = re.compile(r"^(?:(?:cap[ií]tulo|secci[oó]n|eje|t[ií]tulo)\s+)?(\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5})[.)]?\s+"
                      r"(?=\S)(.{2,})$", re.IGNORECASE)
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


# A numbered line longer than this (words, characters after the number) is a list item or a sentence, unless it is
# a Word paragraph all in bold: drafters who type their headings by hand make them bold
HEADING_LIMITS = (14, 110)
BOLD_HEADING_LIMITS = (30, 240)


def numbered_level(line: str, limits: tuple[int, int] = HEADING_LIMITS) -> int:
    """The heading level of a numbered heading line ("3" -> 1, "3.2" -> 2), or 0 when it is not one."""
    line = line.strip()
    match = NUMBERED.match(line)
    if not match or line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return 0
    words = match.group(2).split()
    if len(words) > limits[0] or len(match.group(2)) > limits[1] or not words[0][0].isupper():
        return 0
    number = match.group(1)
    return number.count(".") + 1 if number[0].isdigit() else 1


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

    for raw in _decode(data, name).splitlines():
        line = raw.strip()
        heading = MARKDOWN_HEADING.match(line) if markdown else None
        if heading:
            flush()
            plan.add(heading.group(2), len(heading.group(1)))
        elif not line:
            flush()
        elif numbered_level(line) and not paragraph:
            flush()
            plan.add(line, numbered_level(line) + (1 if markdown else 0))
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
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            level = _style_level(style) or numbered_level(text)
            if not level and (long := numbered_level(text, BOLD_HEADING_LIMITS)) and _all_bold(paragraph):
                level = long  # runs are looked at only here: reading them for every paragraph doubles the time
            plan.add(text, level)
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(child, document).rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                plan.add("; ".join(cells))
    return plan


def _all_bold(paragraph) -> bool:
    """Whether every run of the paragraph that has text is bold (directly or by its character style)."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold) for r in runs)


def _style_level(style: str) -> int:
    """Word's heading styles: 'Heading 2', 'Título 2', 'Title'."""
    match = re.match(r"^(?:heading|t[ií]tulo|encabezado)\s*(\d)$", style.strip(), re.IGNORECASE)
    if match:
        return int(match.group(1))
    return 1 if style.strip().lower() in ("title", "título", "titulo") else 0


def _pdf(data: bytes, name: str) -> PlanText:
    if not data.lstrip()[:5] == b"%PDF-":
        raise BadUpload(f"{name} is not a PDF (it does not start with %PDF-)")
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:  # pragma: no cover
        raise BadUpload("reading .pdf needs the package pypdf") from e
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise BadUpload(f"{name} is an encrypted PDF; save it without a password and upload it again")
        pages = len(reader.pages)
    except BadUpload:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, Exception) as e:
        raise BadUpload(f"{name} is a damaged PDF and cannot be read ({type(e).__name__})") from e
    if pages > MAX_PAGES:
        raise BadUpload(f"{name} has {pages:,} pages; at most {MAX_PAGES} are read")
    lines: list[str] = []
    for page in reader.pages:
        try:
            lines.extend((page.extract_text() or "").splitlines())
        except Exception as e:  # pypdf raises many kinds on damaged content streams
            raise BadUpload(f"{name}: a page cannot be read ({type(e).__name__})") from e
    return _pdf_lines([line.strip() for line in lines], pages)


def _pdf_lines(lines: list[str], pages: int) -> PlanText:
    """Headings from numbering (a heading wrapped onto a second, lower-case line is joined again); paragraphs
    end at an empty line or a line that ends a sentence."""
    plan = PlanText(pages=pages)
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            plan.add(" ".join(paragraph))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        level = numbered_level(line) if line else 0
        if level:
            flush()
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if nxt and nxt[0].islower() and len(nxt) < 60 and len(line) + len(nxt) < 140 \
                    and not numbered_level(nxt) and not line.endswith((".", ":", ";")):
                line, i = f"{line} {nxt}", i + 1
            plan.add(line, level)
        elif not line:
            flush()
        else:
            paragraph.append(line)
            if line.endswith((".", ":", ";")):
                flush()
        i += 1
    flush()
    return plan


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
        plan = _pdf(data, name)
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
