"""Read a plan draft from bytes: Markdown, plain text, Word (.docx) or PDF, within limits, with a clear
message for what cannot be read. Headings come from Markdown '#' (or a line all in bold), a line underlined with
'===' or '---', a plain text's lines in capitals, Word's styles, list numbers and bold (see word.py), a PDF's type
(see pdf.py), and numbered lines such as "3.2 Eje de juventud" (see headings.py)."""

from __future__ import annotations

import re

from kb.errors import BadUpload
from kb.plans.document import Block, PlanText
from kb.plans.headings import (BOLD_HEADING_LIMITS, CHAPTER, HEADING_LIMITS, NUMBERED, ORDINAL_PART, Schemes,
                               beside_lines, number_of, numbered_level, outline_numbered, plain, titled, two_sentences,
                               wrapped)
from kb.plans.pdf import read_pdf
from kb.plans.tables import FIGURE, find as find_tables
from kb.plans.word import read_docx
from kb.text import fold

MAX_BYTES = 10 * 1024 * 1024
FORMATS = (".md", ".markdown", ".txt", ".docx", ".pdf")

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
BOLD_LINE = re.compile(r"^(\*\*|__)([^*_].*?)\1$")
SETEXT = re.compile(r"^(=+|-+)$")
# Text pasted from Word, or saved from it as text, has one paragraph per line and few blank lines (Word's empty
# paragraphs): read so (each line a paragraph of its own, so a numbered heading after a paragraph is still a heading)
# when at most BY_LINE_BLANKS of the lines are blank, or at most BY_LINE_SOME_BLANKS and BY_LINE_LONG of them are
# longer than a printed line (LONG_LINE characters, not a table set out with spaces: a PDF's text has none), in a
# text of at least BY_LINE_MIN lines
BY_LINE_BLANKS = 0.05
BY_LINE_SOME_BLANKS = 0.2
BY_LINE_LONG = 0.05
LONG_LINE = 150
BY_LINE_MIN = 20
# There, a line naming a matrix or an annex, unnumbered ("Matriz de planificación del Eje 1", "Anexo. Matrices"), is
# a heading as a numbered one is; a table's row label is followed by its figures ("Eje 1. Niñez", then "420,000":
# tables.FIGURE)
TITLE_PART = re.compile(r"(?i)(matriz|matrices|anexo)\b")
# There too, a heading a drafter marked only by Word's style (no number, no capitals) is a line naming a part and its
# title ("Línea estratégica: Prevención ...", "Acción: Ruta de atención ..."), or a short line between a paragraph that
# ends a sentence (or another heading) and a paragraph of at least PARAGRAPH_WORDS words that ends one ("Incidencia
# delictiva"); a table's cells, one per line, have none of that around them. An axis's lines and matrix sit under it.
PARAGRAPH_WORDS = 15
NAMED_AXIS = re.compile(r"(?i)^(eje(\s+(estrat[eé]gico|tem[aá]tico))?|l[ií]nea\s+estrat[eé]gica)\s*:\s*\S")
NAMED_LINE = re.compile(r"(?i)^(l[ií]nea\s+de\s+acci[oó]n|acci[oó]n(\s+estrat[eé]gica)?|programa|subprograma|"
                        r"componente|proyecto)\s*:\s*\S")
SPACED = re.compile(r"\S {3,}\S")
THEMATIC_BREAK = re.compile(r"^([-*_])(\s*\1){2,}$")
# Text copied from a PDF keeps the PDF's line breaks: a paragraph's lines follow one another, a heading may come
# right after a paragraph's last line (one that ends a sentence), its number alone on the line above it (Word's list
# numbering), and its title wrapped onto a second line
HEADING_NUMBER = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3}|[IVX]{1,5}(\.\d{1,2}){0,3})[.)]?$")


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
    schemes = Schemes()  # in plain text, letters and digits under Roman chapters
    # in text with one paragraph per line, the number of the last heading numbered in each way (by its part's name:
    # "" for a bare number, "programa" for "Programa 1.4"), the parts in the order met
    numbers: dict[str, tuple[int, ...]] = {}
    titles: set[str] = set()  # and the titles of its numbered headings so far
    last = ""  # the last heading
    styled = 0  # the level a heading marked only by its style takes (under the last heading in capitals)
    axis = False  # whether such a heading named an axis since ("Línea estratégica: ..."): its lines go under it
    lines = [raw.strip() for raw in _decode(data, name).splitlines()]
    by_line = _one_paragraph_per_line(lines)
    # there, the tables of figures (their lines are cells, never headings) and the line each block came from
    tables = _Tables(find_tables(lines) if by_line and not markdown else [], lines)
    i = -1
    while i + 1 < len(lines):
        tables.came_from(len(plan.blocks), i)
        i += 1
        line, limits = lines[i], HEADING_LIMITS
        if not markdown and not by_line:
            line, i, limits = _heading_across_lines(lines, i)
        elif by_line and outline_numbered(line):
            limits = BOLD_HEADING_LIMITS  # a paragraph of its own, numbered as a part: a heading, long or short
        # where a paragraph may end without a blank line, in plain text: after a line that ends a sentence; and a
        # numbered line holding two sentences is a list item with a lead ("1. Violencia en el hogar. Es el ...")
        starts = not paragraph or not markdown and paragraph[-1].endswith(".")
        if not markdown and two_sentences(line):
            starts = False
        heading = MARKDOWN_HEADING.match(line) if markdown else None
        bold = BOLD_LINE.match(line) if markdown and not paragraph else None
        underline = SETEXT.match(line)
        if heading:
            flush()
            above = len(heading.group(1))
            plan.add(plain(heading.group(2)), above)
        elif underline and len(paragraph) == 1:
            # a heading underlined (Markdown, and plain text alike): '=====' under level 1, '-----' under level 2
            above = 1 if underline.group(0)[0] == "=" else 2
            plan.add(plain(paragraph.pop()), above)
        elif THEMATIC_BREAK.match(line):
            flush()  # a rule between parts ('---', '***'): no text
        elif not line:
            flush()
        elif starts and (number := numbered_level(line, limits)) and \
                not (by_line and (_cell(line, lines, i, numbers, titles) or schemes.stray(line))):
            flush()
            above = number + 1 if markdown else schemes.level(line, limits)
            styled, axis = above + 1, False
            _met(numbers, line)
            titles.add(_numbered_title(line))
            last = line
            plan.add(line, above)
        elif bold and titled(bold.group(2)) or not markdown and not paragraph and _capitals(line, by_line) or \
                by_line and TITLE_PART.match(line) and titled(line, _named_limits(line)) and \
                not _cell(line, lines, i, numbers, titles):
            # a line on its own all in bold (Markdown) or in capitals (plain text): a heading under the last one,
            # or, numbered, at its number's level (as a numbered line is, and as Word reads a bold numbered line),
            # or, naming a part by its ordinal ("SEGUNDA PARTE: ..."), at the top
            flush()
            text = bold.group(2) if bold else line
            numbered = (numbered_level if markdown else schemes.level)(text, BOLD_HEADING_LIMITS) or \
                (1 if ORDINAL_PART.match(text) else 0)
            if numbered:
                above = numbered + (1 if markdown else 0)
            beside = not markdown and beside_lines(text, last)
            last = text
            capitals = not markdown and _capitals(text, by_line)
            level = styled + 1 if axis and not (numbered or capitals) else above if numbered or beside else above + 1
            if capitals:
                styled, axis = level + 1, False
            plan.add(text, level)
        elif by_line and not markdown and (NAMED_AXIS.match(line) or NAMED_LINE.match(line) or
                                           _styled_heading(lines, i, plan, tables)) and \
                titled(line, _named_limits(line)) and not _cell(line, lines, i, numbers, titles):
            flush()  # a heading marked by its style only: under the last in capitals; an axis's lines under it
            last = line
            styled = styled or above + 1
            plan.add(line, styled + 1 if axis and NAMED_LINE.match(line) else styled)
            axis = axis or bool(NAMED_AXIS.match(line))
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
            if by_line:
                flush()
    flush()
    if by_line and not markdown:
        _title(plan)
    return plan


def _title(plan: PlanText) -> None:
    """The first paragraph of plain text with one paragraph per line, when it reads as a title and headings follow,
    is the plan's title (a heading above the cover's lines, rather than an untitled part of the plan), as a Markdown
    or Word title is. (A PDF's text cuts its paragraphs into lines, so its first line may be no whole paragraph.)"""
    blocks = plan.blocks
    if blocks and not blocks[0].heading_level and titled(blocks[0].text) and any(b.heading_level for b in blocks):
        blocks[0] = Block(blocks[0].text, 1)


def _heading_across_lines(lines: list[str], i: int) -> tuple[str, int, tuple[int, int]]:
    """Line ``i`` of a text copied from a PDF, joined with the next when they make one numbered heading: its number
    alone on the line and its title, in words, on the next (not after a blank line, nor an acronym: a table's cells
    come so, "16" then "Robos y hurtos"); or its title wrapped onto the next line (then a long one: a heading wrapped
    by a PDF is allowed the words of a bold one). Returns the line, the last line it took, and its word limits."""
    line, limits = lines[i], HEADING_LIMITS
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if HEADING_NUMBER.match(line) and any(c.islower() for c in nxt) and numbered_level(f"{line} {nxt}"):
        line, i = f"{line} {nxt}", i + 1
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if NUMBERED.match(line) and wrapped(line, nxt) and numbered_level(f"{line} {nxt}", BOLD_HEADING_LIMITS):
        line, i, limits = f"{line} {nxt}", i + 1, BOLD_HEADING_LIMITS
    return line, i, limits


def _named_limits(line: str) -> tuple[int, int]:
    """The words a heading-like line of text with one paragraph per line may have: a bold heading's when it names a
    part ("Matriz de planificación: ...", "Acción: ..."), whose titles run long, a numbered heading's otherwise."""
    named = TITLE_PART.match(line) or NAMED_AXIS.match(line) or NAMED_LINE.match(line)
    return BOLD_HEADING_LIMITS if named else HEADING_LIMITS


class _Tables:
    """The tables of figures of a text with one paragraph per line (``tables.find``), and the line each block of
    the plan read from it came from (blocks and lines do not match one to one: blank lines make no block)."""

    def __init__(self, found: list[list[int]], lines: list[str]):
        self.cells = {i for table in found for i in table}
        self.headers = {table[0] for table in found}
        self.cell_texts = {lines[i] for i in self.cells}
        self._lines: list[int] = []

    def came_from(self, blocks: int, line: int) -> None:
        """Blocks added up to ``blocks`` (the plan's count now) came from line ``line``."""
        self._lines.extend([line] * (blocks - len(self._lines)))

    def cell(self, block: int) -> bool:
        return block < len(self._lines) and self._lines[block] in self.cells


def _styled_heading(lines: list[str], i: int, plan: PlanText, tables: _Tables) -> bool:
    """Whether line ``i`` of text with one paragraph per line, one that reads as a title, is a heading marked only
    by its style (see PARAGRAPH_WORDS): it follows a heading or a sentence's end, and a paragraph follows it, maybe
    after one more such heading ("Diagnóstico participativo", "Conversatorios comunitarios", then the text), or a
    table of figures does ("Delitos registrados por la PNC", then "Hecho", "2022", "2023", ...)."""
    line = lines[i]
    if line.endswith(":") or "\t" in line or not any(c.islower() for c in line) or i in tables.cells:
        return False
    before = plan.blocks[-1] if plan.blocks else None
    # right after a table of figures, a heading is followed by its text or a table at once, and names no cell of
    # the table (a row's last cell the table's reading left out: "Encuesta", a source named in every row)
    after_table = before is not None and not before.heading_level and tables.cell(len(plan.blocks) - 1)
    if after_table and line in tables.cell_texts:
        return False
    if before is not None and not before.heading_level and not before.text.endswith((".", "!", "?")) and \
            not after_table:
        return False
    # after a table's cells since the last heading (two short lines in a row: "Norma", "Aspectos relevantes"), a
    # row's first cell and a long one after it ("Código Municipal", "Faculta al Concejo ...") look like a heading and
    # its text: no heading is taken there. A table of figures cannot be read so: its cells do not count.
    # Nor can two sentences' ends in a row, where such a table's rows alternate a short cell and a long one.
    cells = ends = 0
    for n in range(len(plan.blocks) - 1, -1, -1):
        block = plan.blocks[n]
        if block.heading_level:
            break
        if tables.cell(n):
            continue
        ends = ends + 1 if block.text.endswith((".", "!", "?")) else 0
        if ends >= 2:
            break
        cells = cells + 1 if len(block.text.split()) < PARAGRAPH_WORDS and not _ends(block.text) else 0
        if cells >= 2:
            return False
    for j in range(i + 1, min(len(lines), i + 3)):
        nxt = lines[j]
        if not nxt:
            continue
        if j in tables.headers or len(nxt.split()) >= PARAGRAPH_WORDS and _ends(nxt) and "\t" not in nxt:
            return True
        if after_table or not titled(nxt, HEADING_LIMITS):
            return False
    return False


def _ends(text: str) -> bool:
    return text.endswith((".", "!", "?", ":"))


def _one_paragraph_per_line(lines: list[str]) -> bool:
    filled = sum(1 for line in lines if line)
    blank, long = len(lines) - filled, sum(1 for line in lines if len(line) > LONG_LINE and not SPACED.search(line))
    return filled >= BY_LINE_MIN and (blank <= BY_LINE_BLANKS * filled or
                                      blank <= BY_LINE_SOME_BLANKS * filled and long >= BY_LINE_LONG * filled)


def _cell(line: str, lines: list[str], i: int, numbers: dict[str, tuple[int, ...]], titles: set[str]) -> bool:
    """Whether a heading-like line of text with one paragraph per line is a table's cell or row, or a list's item:
    a row pasted from Word (cells apart by tabs; a number, a tab and a title is a heading numbered by Word's list),
    a line numbered as or before the last heading numbered the same way ("1.1 ..." or "5.1 ..." after "5.5 ...",
    "Programa 1.1 ..." after "Programa 1.4 ...": a document's numbers only go forward, and saved as text, tables
    come one cell per line), a line repeating the title of a numbered heading above it (a matrix's cell "1.1
    Focalización ..." under "Línea de acción 1.1: Focalización"), or a row's first cell, followed by a figure
    ("Eje 1. Niñez" then "420,000")."""
    fields = line.split("\t")
    if len(fields) > 2 or len(fields) == 2 and not HEADING_NUMBER.match(fields[0].strip()):
        return True
    part, number = number_of(line)
    if number and part in numbers and number <= numbers[part] or _numbered_title(line) in titles:
        return True
    nxt = next((lines[j] for j in range(i + 1, len(lines)) if lines[j]), "")
    return bool(FIGURE.match(nxt))


def _met(numbers: dict[str, tuple[int, ...]], line: str) -> None:
    """Note a numbered heading's number. A heading starts the count again for the parts named since the last heading
    numbered its way ("Eje 2." for "Programa 2.1" after "Programa 1.4"); bare numbers count on through the document."""
    part, number = number_of(line)
    if not number:
        return
    if part in numbers:
        names = list(numbers)
        for name in names[names.index(part) + 1:]:
            if name:  # parts only: bare numbers are never counted again
                del numbers[name]
        del numbers[part]
    numbers[part] = number


def _numbered_title(line: str) -> str:
    """A numbered line's title, without its number and the part's name before it, folded: the same title whether a
    heading or a table's cell writes it ("Línea de acción 1.1: Focalización ..." and "1.1 Focalización ...")."""
    match = NUMBERED.match(line.strip())
    return " ".join(fold(match.group(2)).split()) if match else ""


def _capitals(line: str, by_line: bool = False) -> bool:
    """A plain-text line in capitals that reads as a title. In text with one paragraph per line, table cells come one
    per line too ("OMM, DEMI", "MINEDUC"): there a title also has two words of four letters or more, or one of eight
    ("DIAGNÓSTICO"), and no comma or semicolon unless it names a part ("QUINTA PARTE: EJES, LÍNEAS Y MATRICES")."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters) or not titled(line, HEADING_LIMITS):
        return False
    if not by_line:
        return True
    lengths = [len(w) for w in re.findall(r"[^\W\d_]+", line)]
    listed = ("," in line or ";" in line) and not re.search(rf"(?i)\b({CHAPTER})\b", line)
    return not listed and (sum(n >= 4 for n in lengths) >= 2 or max(lengths) >= 8)


def text_name(text: str) -> str:
    """The file name a pasted plan is read as: "plan.md" when it has Markdown's marks (a '#' heading, a line all in
    bold, a table row), "plan.txt" otherwise (text pasted from Word or from a PDF, read as plain text)."""
    for line in text.splitlines():
        line = line.strip()
        if MARKDOWN_HEADING.match(line) or BOLD_LINE.match(line) or line.startswith("|") and line.endswith("|"):
            return "plan.md"
    return "plan.txt"


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
        plan = read_docx(data, name)
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
