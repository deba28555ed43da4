"""Tables of figures in text with one paragraph per line (a Word file saved as text): each cell is a line of its own,
so a table is only seen in how its lines repeat. A table of figures has a header row, then rows of the same shape: a
label first, and in each column either figures ("20", "45.6", "52 %", "Q 2,150,000") or words, in every row alike.

Knowing where such tables are tells a heading set apart only by Word's style from a table's cell: the short line
right before a table's header ("Delitos registrados por la Policía Nacional Civil", then "Hecho", "2022", "2023" ...)
is the heading of the part the table belongs to, and a table's cells never are headings."""

from __future__ import annotations

import re

from kb.plans.headings import CAPTION, outline_numbered

# a figure, maybe a share or a range beside it: "20", "45.6", "52 %", "Q 2,150,000", "21,240 (44 %)", "2022-2024"
FIGURE = re.compile(r"^[-+Q$]?\s?\d[\d\s.,%()/-]*$")
MIN_COLUMNS, MAX_COLUMNS = 2, 8
MIN_ROWS = 2  # rows after the header
CELL_WORDS = 40  # a line of more words is a paragraph, not a cell
NOTE = re.compile(r"(?i)^(fuentes?|notas?|elaboraci[oó]n)\s*:")  # a table's source, below it: "Fuente: PNC, 2024."


def _cell(line: str) -> bool:
    """A line that may be a table's cell: short, neither the table's caption above it ("Cuadro 6. Técnicas ...")
    nor its source below."""
    return bool(line) and len(line.split()) <= CELL_WORDS and not NOTE.match(line) and not CAPTION.match(line)


def _part(line: str) -> bool:
    """A line that names a part of the document ("4.2 Incidencia delictiva", "PRESUPUESTO"), not a header's cell."""
    return outline_numbered(line) or line.isupper()


def _shape(row: list[str]) -> tuple[bool, ...]:
    return tuple(bool(FIGURE.match(cell)) for cell in row)


def _rows(lines: list[str], start: int, columns: int) -> int:
    """How many rows of ``columns`` cells, after a header row at ``start`` (labels: no sentence ends there), have
    one shape: a label (words) first, and figures in at least one column. 0 when fewer than MIN_ROWS do."""
    header = lines[start:start + columns]
    if len(header) < columns or not all(_cell(c) and not c.endswith((".", "!", "?")) for c in header) or \
            FIGURE.match(header[0]) or _part(header[0]):
        return 0
    shape, rows = None, 0
    at = start + columns
    while at + columns <= len(lines):
        row = lines[at:at + columns]
        if not all(_cell(c) for c in row):
            break
        this = _shape(row)
        if shape is None:
            if this[0] or not any(this):
                break
            shape = this
        elif this != shape:
            break
        rows, at = rows + 1, at + columns
    return rows if rows >= MIN_ROWS else 0


def _widest(lines: list[str], start: int) -> tuple[int, int]:
    """(rows, columns) of the reading of a table starting at ``start`` that takes the most cells; (0, 0) for none."""
    return max(((_rows(lines, start, n), n) for n in range(MIN_COLUMNS, MAX_COLUMNS + 1)),
               key=lambda rn: (rn[0] * rn[1], rn[1]))


def find(lines: list[str]) -> list[list[int]]:
    """The tables of figures among ``lines`` (one paragraph or cell per line; blank lines are passed over), each as
    the positions of its lines, from the header's first cell to the last row's last cell. Where several numbers of
    columns fit, the reading that takes the most cells wins."""
    at = [i for i, line in enumerate(lines) if line]
    filled = [lines[i] for i in at]
    found: list[list[int]] = []
    start = 0
    while start < len(filled):
        # the first line where a table fits starts it: one whose first and last columns hold words also fits a line
        # early, its header taking the line before it ("Indicadores de resultado", then "Indicador", "Línea base",
        # "Meta", "Fuente"), and one whose first two columns do, a line late: that line is then taken as a cell
        rows, columns = _widest(filled, start)
        if rows:
            end = start + columns * (rows + 1)
            found.append(at[start:end])
            start = end
        else:
            start += 1
    return found
