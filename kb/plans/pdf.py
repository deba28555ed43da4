"""Reading a plan from a PDF with PDFium (pypdfium2). Each line of text keeps the size and weight of its type, so
that headings are found from the layout (lines set larger than the body text, or in bold) and, in a PDF whose
headings look like its body text, from their numbering (see headings.numbered_level)."""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass

from kb.errors import BadUpload
from kb.plans.document import PlanText
from kb.plans.headings import BOLD_HEADING_LIMITS, number_of, numbered_level, titled, two_sentences, wrapped

MAX_PAGES = 300
_PDFIUM = threading.Lock()
BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|[-,]bd\b", re.IGNORECASE)
LARGER = 1.0  # points above the body text's size that make a line a heading's
WRAP = 2.0  # a heading goes on onto the next line of its type when that line is at most this many sizes below
RUNNING = 3  # the same first or last line on this many pages or more is a running header or footer
CELL_GAP = 3.0  # a space wider than this many sizes of the type parts a table's cells (a tab in a heading is less)
CELLS_GAP = 1.5  # two spaces or more wider than this many sizes (and than a few of the line's spaces) do too
GLANCE = 4  # characters of a line whose type is looked up to find its type; every one, for a heading's candidate
MIXED = 3  # characters in another type that a heading may hold (a number in the body's type: "2.")
REPEATED = 3  # the same line set apart this many times or more is a label, not a heading
NEIGHBOURS = 6  # lines before and after a heading's candidate, in reading order, looked at for a table cell beside it


@dataclass
class Line:
    text: str
    size: float = 0.0  # of most of its characters, in points
    bold: bool = False
    y: float = 0.0  # the baseline of its first characters, from the bottom of the page
    page: int = 0
    cells: bool = False  # a table's cell, not a heading: pieces far apart on one baseline, or text beside it
    mixed: bool = False  # more than a few characters in another type: a paragraph with a bold lead, not a heading
    wraps: bool = False  # full to the right margin and going on below: a paragraph's first line, not a heading

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)


def read_pdf(data: bytes, name: str) -> PlanText:
    if not data.lstrip()[:5] == b"%PDF-":
        raise BadUpload(f"{name} is not a PDF (it does not start with %PDF-)")
    try:
        import pypdfium2 as pdfium
    except ImportError as e:  # pragma: no cover
        raise BadUpload("reading .pdf needs the package pypdfium2") from e
    with _PDFIUM:  # PDFium is not thread-safe: one PDF at a time in a process
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            if getattr(e, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                raise BadUpload(f"{name} is an encrypted PDF; save it without a password and upload it again") \
                    from e
            raise BadUpload(f"{name} is a damaged PDF and cannot be read ({e})") from e
        try:
            pages = len(document)
            if pages > MAX_PAGES:
                raise BadUpload(f"{name} has {pages:,} pages; at most {MAX_PAGES} are read")
            lines: list[list[Line]] = []
            for number in range(pages):
                try:
                    lines.append(page_lines(document, number))
                except Exception as e:  # a damaged page
                    raise BadUpload(f"{name}: page {number + 1} cannot be read ({type(e).__name__})") from e
        finally:
            document.close()
    return plan_from_lines(without_running_lines(lines), pages)


def without_running_lines(pages: list[list[Line]]) -> list[Line]:
    """The pages' lines, less the running headers and footers: a first or last line of text repeated in the same
    type on RUNNING pages or more (the cover's title, set larger than the running header that repeats it, stays)."""
    def edges(lines: list[Line]) -> list[int]:
        shown = [i for i, line in enumerate(lines) if line.text]
        return sorted(set(shown[:1] + shown[-1:]))

    seen = Counter(key for lines in pages for key in {(lines[i].text, lines[i].style) for i in edges(lines)})
    out = []
    for lines in pages:
        dropped = {i for i in edges(lines) if seen[(lines[i].text, lines[i].style)] >= RUNNING}
        out.extend(line for i, line in enumerate(lines) if i not in dropped)
    return out


def page_lines(document, number: int) -> list[Line]:
    """The page's lines as PDFium reads them, each with its type, found from a few of its characters (asking PDFium
    about every character takes longer than reading the text); only a line set apart from the page's body text is
    looked at whole, for another type in it (a bold lead) and for the wide gaps of a table's cells."""
    import ctypes

    import pypdfium2.raw as raw

    page = document[number]
    textpage = page.get_textpage()
    font = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))

    def style(i: int) -> tuple[float, bool]:
        size = round(raw.FPDFText_GetFontSize(textpage, i) * 2) / 2
        raw.FPDFText_GetFontInfo(textpage, i, font, len(font), ctypes.byref(flags))
        bold = raw.FPDFText_GetFontWeight(textpage, i) >= 600 or BOLD_FONT.search(font.value.decode("latin-1"))
        return size, bool(bold)

    def box(i: int) -> tuple[float, float]:
        raw.FPDFText_GetCharBox(textpage, i, *(ctypes.byref(v) for v in (left, right, bottom, top)))
        return left.value, right.value

    def baseline(i: int) -> float:
        raw.FPDFText_GetCharOrigin(textpage, i, ctypes.byref(left), ctypes.byref(bottom))
        return bottom.value

    try:
        text = textpage.get_text_range()  # one character for each of PDFium's, line breaks as "\r\n"
        found: list[tuple[str, list[int], Counter]] = []
        start = 0
        for piece in text.split("\n"):
            shown = [i for i in range(start, start + len(piece)) if not text[i].isspace()]
            start += len(piece) + 1
            step = max(1, len(shown) // GLANCE)
            found.append((piece.strip(), shown, Counter(style(i) for i in shown[::step])))
        page_body = Counter()
        for _, shown, glance in found:
            page_body[glance.most_common(1)[0][0] if glance else None] += len(shown)
        body_size, body_bold = next((s for s, _ in page_body.most_common() if s), (0.0, False))
        lines: list[Line] = []
        candidates: list[int] = []  # the lines set apart from the page's body text: a heading's candidates
        for line, shown, glance in found:
            if not shown:
                lines.append(Line("", page=number))
                continue
            (size, bold), _ = glance.most_common(1)[0]
            cells = mixed = False
            if len(line) <= BOLD_HEADING_LIMITS[1] and (size > body_size or bold and not body_bold):
                candidates.append(len(lines))
                # a heading's candidate: all its characters in one type, and no table cells
                weight = Counter(style(i) for i in shown)
                mixed = sum(weight.values()) - weight.most_common(1)[0][1] > MIXED
                cells = _cells([box(b)[0] - box(a)[1] for a, b in zip(shown, shown[1:]) if b > a + 1],
                               max(size, 1.0))
            lines.append(Line(line, size, bold, baseline(shown[0]), number, cells, mixed))
        if not candidates:
            return lines
        extents: dict[int, tuple[float, float, float] | None] = {}

        def extent(n: int) -> tuple[float, float, float] | None:
            """Where line ``n`` starts and ends across the page, and where its first word ends."""
            if n not in extents:
                shown = found[n][1]
                extents[n] = (box(shown[0])[0], box(shown[-1])[1], box(_first_word(shown))[1]) \
                    if shown else None
            return extents[n]

        body = [n for n, line in enumerate(lines) if line.text and line.style == (body_size, body_bold)]
        right_margin = max((box(found[n][1][-1])[1] for n in body), default=0.0)
        # the distance between the baselines of two lines of a paragraph in the body's type (not the space between
        # two lines far apart, as on a cover)
        pitch = Counter(round(lines[n].y - lines[n + 1].y) for n in body
                        if n + 1 in body and 0 < lines[n].y - lines[n + 1].y <= 2 * max(body_size, 1.0))
        body_pitch = pitch.most_common(1)[0][0] if pitch else 1.3 * body_size
        for n in candidates:
            lines[n].cells = lines[n].cells or _beside(lines, extent, n)
            lines[n].wraps = _wraps(lines, extent, n, right_margin, body_pitch)
        return lines
    finally:
        textpage.close()
        page.close()


def _cells(spaces: list[float], size: float) -> bool:
    """Whether the spaces between a line's words part a table's cells: one very wide, or several wide where the
    line's other spaces are not (a tab after a heading's number is one wide space), or, where the type is smaller
    than its reported size (a browser's print), two or more twice the space between its words, or all of them wide
    (a row of figures)."""
    if not spaces:
        return False
    wide = [s for s in spaces if s > CELLS_GAP * size and s > 3 * min(spaces)]
    word = sorted(spaces)[len(spaces) // 4]  # a space between words (the lower quartile)
    apart = [s for s in spaces if s > 2 * word]
    return max(spaces) > CELL_GAP * size or len(wide) >= 2 or len(apart) >= 2 or \
        len(spaces) >= 2 and min(spaces) > CELLS_GAP * size


def _first_word(shown: list[int]) -> int:
    """The index of the last character of the first word of a line whose characters are ``shown``."""
    return next((a for a, b in zip(shown, shown[1:]) if b > a + 1), shown[-1])


def _beside(lines: list[Line], extent, n: int) -> bool:
    """Whether another line near line ``n`` in reading order stands beside it, at its height: the cells of a table's
    row, which some PDFs (those printed from a web page) give one per line. ``extent(m)``: where line ``m`` starts
    and ends across the page."""
    line = lines[n]
    left, right, _ = extent(n)
    for m in range(max(0, n - NEIGHBOURS), min(len(lines), n + NEIGHBOURS + 1)):
        if m != n and lines[m].text and abs(lines[m].y - line.y) < 0.9 * max(line.size, 1.0) \
                and (extent(m)[1] <= left or extent(m)[0] >= right):
            return True
    return False


def _wraps(lines: list[Line], extent, n: int, right_margin: float, pitch: float) -> bool:
    """Whether line ``n`` goes on in the line below it as a paragraph does: that line is one line's ``pitch`` below,
    and its first word would not have fitted at the end of line ``n``. A heading ends short of the margin or has
    space below it."""
    if n + 1 >= len(lines) or not lines[n + 1].text or not 0 < lines[n].y - lines[n + 1].y <= pitch + 1.0:
        return False
    start, _, word_end = extent(n + 1)
    return extent(n)[1] + (word_end - start) + 0.25 * max(lines[n].size, 1.0) > right_margin


def plan_from_lines(lines: list[Line], pages: int) -> PlanText:
    """Blocks from the lines: headings from the layout, and from numbering unless the numbered headings are set
    apart by the layout too; paragraphs end at an empty line or a line that ends a sentence."""
    body_size, body_bold = _body_style(lines)
    headings = _layout_headings(lines, body_size, body_bold)
    # a numbered line in smaller type than the body's (a table's cell, a note) or holding two sentences (a list
    # item with a lead: "1. Sensibilización. Conformación de la COMUPRE") is no heading
    levels = [numbered_level(line.text) if line.text and line.size >= body_size - 0.5 and not two_sentences(line.text)
              else 0 for line in lines]
    numbered = _forward([lines[i].text for i, level in enumerate(levels) if level and i not in headings])
    set_apart = sum(1 for text, _, _ in headings.values() if numbered_level(text, BOLD_HEADING_LIMITS))
    # numbered lines in the body's type are the headings when, counted as a document's numbers go (forward), they
    # outnumber the numbered headings set apart and all the headings set apart: where the drafter set every heading
    # apart, unnumbered, lines that start with figures are a table's rows ("44 Acoso escolar", "37 Desalojos")
    by_number = not headings or set_apart < numbered and len(headings) < numbered
    ranks = len({level for _, level, _ in headings.values()})
    plan = PlanText(pages=pages)
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            plan.add(" ".join(paragraph))
            paragraph.clear()

    i = 0
    while i < len(lines):
        text = lines[i].text
        level = levels[i] if by_number else 0
        if i in headings:
            flush()
            text, level, i = headings[i]
            plan.add(text, level)
        elif level:
            flush()
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            if wrapped(text, nxt):  # a heading wrapped onto a second, lower-case line is joined again
                text, i = f"{text} {nxt}", i + 1
            plan.add(text, ranks + level)
        elif not text:
            flush()
        else:
            paragraph.append(text)
            if text.endswith((".", ":", ";")):
                flush()
        i += 1
    flush()
    return plan


def _forward(texts: list[str]) -> int:
    """How many of the numbered lines ``texts`` number forward, each past the last so counted ("1", "1.1", "2": 3;
    "44", "37", "29": 1); a line numbered in Roman numerals or letters counts."""
    count, last = 0, ()
    for text in texts:
        _, number = number_of(text)
        if number:
            if number <= last:
                continue
            last = number
        count += 1
    return count


def _body_style(lines: list[Line]) -> tuple[float, bool]:
    """The type (size, bold) of most of the document's characters."""
    weight: Counter = Counter()
    for line in lines:
        if line.text:
            weight[line.style] += len(line.text)
    return weight.most_common(1)[0][0] if weight else (0.0, False)


def _layout_headings(lines: list[Line], body_size: float, body_bold: bool) -> dict[int, tuple[str, int, int]]:
    """{first line: (heading text, level, its last line)} for the runs of lines set apart from the body text
    (``body_size``, ``body_bold``): larger, or in bold where the body is not. A heading wrapped over several lines of
    its type is one. The same line set apart REPEATED times is a label."""
    if not any(line.text for line in lines):
        return {}

    def apart(line: Line) -> bool:
        larger = line.size >= body_size + LARGER
        bolder = line.bold and not body_bold and line.size >= body_size - 0.5
        return bool(line.text) and not line.cells and not line.mixed and (larger or bolder)

    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not apart(lines[i]):
            i += 1
            continue
        end = i
        while end + 1 < len(lines) and _continues(lines[end], lines[end + 1]):
            end += 1
        runs.append((i, end))
        i = end + 1
    texts = {start: _join([lines[n].text for n in range(start, end + 1)]) for start, end in runs}
    # a label set apart many times over (the header cells of a table repeated for each axis: "Indicador",
    # "Línea de acción") is no heading
    repeated = Counter(texts.values())
    # an unnumbered run that goes on in the body's type, as a paragraph's first lines do, is a bold lead ("**Ley de
    # ...** y **Ley General de** Descentralización ..."); a numbered one is a heading with no space below it
    kept = [(start, end) for start, end in runs
            if titled(texts[start]) and repeated[texts[start]] < REPEATED
            and not (lines[end].wraps and not numbered_level(texts[start], BOLD_HEADING_LIMITS))]
    # levels: larger type first, then bold, then (within one type) the depth of the number: "3. Datos" above
    # "3.2 Economía" when a drafter typed both in the same bold; an unnumbered heading counts as a first-level one
    keys = {start: (-lines[start].size, not lines[start].bold, numbered_level(texts[start], BOLD_HEADING_LIMITS) or 1)
            for start, _ in kept}
    level = {key: n for n, key in enumerate(sorted(set(keys.values())), start=1)}
    return {start: (texts[start], level[keys[start]], end) for start, end in kept}


def _join(parts: list[str]) -> str:
    """The lines of a wrapped heading as one: a line cut after a hyphen goes on without a space ("2025-" "2029"),
    a word cut by a hyphen is mended ("preven-" "ción")."""
    text = parts[0]
    for part in parts[1:]:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[:1].islower():
            text = text[:-1] + part
        elif text.endswith("-"):
            text += part
        else:
            text += " " + part
    return text


def _continues(line: Line, nxt: Line) -> bool:
    """Whether ``nxt`` goes on with the heading on ``line``: the same type, just below it on the same page (or on
    the next page, in lower case), and not a numbered heading of its own."""
    below = nxt.page == line.page and 0 < line.y - nxt.y <= WRAP * max(line.size, 1.0) or \
        nxt.page == line.page + 1 and nxt.text[:1].islower()
    return bool(nxt.text) and nxt.style == line.style and below and not nxt.mixed and not nxt.cells \
        and not numbered_level(nxt.text, BOLD_HEADING_LIMITS)
