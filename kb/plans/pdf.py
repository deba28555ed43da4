"""Reading a plan from a PDF. Each line of text keeps the size and weight of its type, so that headings are found
from the layout (lines set larger than the body text, or in bold) and, in a PDF whose headings look like its body
text, from their numbering (see headings.numbered_level)."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from kb.errors import BadUpload
from kb.plans.document import PlanText
from kb.plans.headings import BOLD_HEADING_LIMITS, numbered_level, titled

MAX_PAGES = 300
BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|[-,]bd\b", re.IGNORECASE)
LARGER = 1.0  # points above the body text's size that make a line a heading's
WRAP = 2.0  # a heading goes on onto the next line of its type when that line is at most this many sizes below
RUNNING = 3  # the same first or last line on this many pages or more is a running header or footer
CHAR_WIDTH, TAB = 0.7, 2.0  # a character is narrower than 0.7 of the type's size; a tab in a heading, 2 sizes
MIXED = 3  # characters in another type that a heading may hold (a number in the body's type: "2.")
REPEATED = 3  # the same line set apart this many times or more is a label, not a heading


@dataclass
class Line:
    text: str
    size: float = 0.0  # of most of its characters, in points
    bold: bool = False
    y: float = 0.0  # the baseline of its first characters, from the bottom of the page
    page: int = 0
    cells: bool = False  # pieces far apart on the same baseline: a table's row, not a heading
    mixed: bool = False  # more than a few characters in another type: a paragraph with a bold lead, not a heading

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)


def read_pdf(data: bytes, name: str) -> PlanText:
    if not data.lstrip()[:5] == b"%PDF-":
        raise BadUpload(f"{name} is not a PDF (it does not start with %PDF-)")
    try:
        from pypdf import PdfReader
    except ImportError as e:  # pragma: no cover
        raise BadUpload("reading .pdf needs the package pypdf") from e
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise BadUpload(f"{name} is an encrypted PDF; save it without a password and upload it again")
        pages = len(reader.pages)
    except BadUpload:
        raise
    except Exception as e:  # pypdf raises many kinds on damaged files (PdfReadError, ValueError, KeyError, ...)
        raise BadUpload(f"{name} is a damaged PDF and cannot be read ({type(e).__name__})") from e
    if pages > MAX_PAGES:
        raise BadUpload(f"{name} has {pages:,} pages; at most {MAX_PAGES} are read")
    lines: list[list[Line]] = []
    for number, page in enumerate(reader.pages):
        try:
            lines.append(page_lines(page, number))
        except Exception as e:  # pypdf raises many kinds on damaged content streams
            raise BadUpload(f"{name}: page {number + 1} cannot be read ({type(e).__name__})") from e
    return plan_from_lines(without_running_lines(lines), pages)


def without_running_lines(pages: list[list[Line]]) -> list[Line]:
    """The pages' lines, less the running headers and footers: a first or last line of text repeated on
    RUNNING pages or more."""
    def edges(lines: list[Line]) -> list[int]:
        shown = [i for i, line in enumerate(lines) if line.text]
        return sorted(set(shown[:1] + shown[-1:]))

    seen = Counter(text for lines in pages for text in {lines[i].text for i in edges(lines)})
    out = []
    for lines in pages:
        dropped = {i for i in edges(lines) if seen[lines[i].text] >= RUNNING}
        out.extend(line for i, line in enumerate(lines) if i not in dropped)
    return out


def page_lines(page, number: int) -> list[Line]:
    """The page's lines as pypdf extracts them, each with the type most of its characters are set in."""
    lines: list[Line] = []
    parts: list[tuple[str, float, bool, float, float]] = []  # text, size, bold, x, y

    def end() -> None:
        text = "".join(p[0] for p in parts).strip()
        if not text:
            lines.append(Line("", page=number))
        else:
            weight: Counter = Counter()
            for piece, size, bold, _, _ in parts:
                weight[(size, bold)] += len(piece.strip())
            (size, bold), most = weight.most_common(1)[0]
            shown = [p for p in parts if p[0].strip()]
            mixed = sum(weight.values()) - most > MIXED
            lines.append(Line(text, size, bold, shown[0][4], number, _cells(shown), mixed))
        parts.clear()

    def visit(text: str, cm: list, tm: list, font: dict | None, font_size: float) -> None:
        # the size on the page: the font's size scaled by the text and the graphics matrices
        m = [tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
             tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]]
        size = round(abs(font_size) * ((m[2] ** 2 + m[3] ** 2) ** 0.5 or 1.0) * 2) / 2
        bold = bool(BOLD_FONT.search(str((font or {}).get("/BaseFont", "")).split("+")[-1]))
        x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        for i, piece in enumerate(text.split("\n")):
            if i:
                end()
            if piece:
                parts.append((piece, size, bold, x, y))

    page.extract_text(visitor_text=visit)
    end()
    return lines


def _cells(parts: list[tuple[str, float, bool, float, float]]) -> bool:
    """Whether a piece of the line starts on the same baseline as the one before it but well beyond where that
    one's text can reach (CHAR_WIDTH of its size per character, and a tab of TAB sizes): table cells."""
    for (text, size, _, x, y), (_, _, _, x2, y2) in zip(parts, parts[1:]):
        if abs(y2 - y) < 1 and x2 - x > (CHAR_WIDTH * len(text) + TAB) * max(size, 1.0):
            return True
    return False


def plan_from_lines(lines: list[Line], pages: int) -> PlanText:
    """Blocks from the lines: headings from the layout, and from numbering unless the numbered headings are set
    apart by the layout too; paragraphs end at an empty line or a line that ends a sentence."""
    headings = _layout_headings(lines)
    numbered = [i for i, line in enumerate(lines) if i not in headings and numbered_level(line.text)]
    set_apart = sum(1 for i, (text, _, _) in headings.items() if numbered_level(text, BOLD_HEADING_LIMITS))
    by_number = not headings or set_apart < len(numbered)
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
        level = numbered_level(text) if by_number and text else 0
        if i in headings:
            flush()
            text, level, i = headings[i]
            plan.add(text, level)
        elif level:
            flush()
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            # a heading wrapped onto a second, lower-case line is joined again
            if nxt and nxt[0].islower() and len(nxt) < 60 and len(text) + len(nxt) < 140 \
                    and not numbered_level(nxt) and not text.endswith((".", ":", ";")):
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


def _layout_headings(lines: list[Line]) -> dict[int, tuple[str, int, int]]:
    """{first line: (heading text, level, its last line)} for the runs of lines set apart from the body text:
    larger, or in bold where the body is not. A heading wrapped over several lines of its type is one. The same
    line set apart REPEATED times is a label."""
    weight: Counter = Counter()
    for line in lines:
        if line.text:
            weight[line.style] += len(line.text)
    if not weight:
        return {}
    body_size, body_bold = weight.most_common(1)[0][0]

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
    kept = [(start, end) for start, end in runs if titled(texts[start]) and repeated[texts[start]] < REPEATED]
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
    """Whether ``nxt`` goes on with the heading on ``line``: the same type, on the same page, just below it, and
    not a numbered heading of its own."""
    return bool(nxt.text) and nxt.style == line.style and nxt.page == line.page \
        and 0 < line.y - nxt.y <= WRAP * max(line.size, 1.0) and not numbered_level(nxt.text, BOLD_HEADING_LIMITS)
