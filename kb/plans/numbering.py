"""The numbers Word shows in front of its numbered paragraphs ("3.2", "IV.", "B)"), which are not part of the
paragraph's text: a heading numbered by a multilevel list (as templates number 'Título 1', 'Título 2') reads
"3.2 Eje de juventud" on screen, and that is how the drafter and whoever judges the plan write it.

Word keeps the lists in numbering.xml: a ``w:num`` points to an abstract list whose levels each have a start, a
format and a text such as "%1.%2"; a paragraph joins a list by its own ``w:numPr`` or by its style's. Counters are
kept per abstract list (lists sharing one continue each other unless a ``w:startOverride`` restarts them), and a
level starts again after any level above it moves on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
MAX_LEVELS = 9
MAX_START = 32767  # Word's largest start value; a file's larger one is read as this


def _val(element, tag: str) -> str | None:
    found = element.find(f"{W}{tag}") if element is not None else None
    return found.get(f"{W}val") if found is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _start(value: str | None) -> int:
    return min(max(_int(value, 1), 0), MAX_START)


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz."""
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def formatted(n: int, fmt: str) -> str:
    """``n`` in a list format of Word's; in decimal where the format cannot show it (Roman numerals past 3999)."""
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        text = roman(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 26 * 30:
        text = letters(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal, ordinal and the rest: the number itself


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    style: str | None = None  # the paragraph style this level belongs to (w:pStyle)
    legal: bool = False  # w:isLgl: every level's number in decimal


@dataclass
class Lists:
    """Numbering definitions of one document and the counters of a reading of it, in document order."""
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    restart: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> {ilvl: start}
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId -> {ilvl: Level}
    counters: dict[str, list[int | None]] = field(default_factory=dict)  # abstractNumId -> counter per level
    started: set[str] = field(default_factory=set)  # numIds whose start override has been applied
    by_style: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)  # a style's list and level

    @classmethod
    def of(cls, document) -> "Lists":
        """The lists of a python-docx ``Document`` (none when it has no numbering part)."""
        lists = cls()
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part, or one python-docx cannot read: the paragraphs' text as it is
            return lists
        linked: dict[str, str] = {}  # style link name -> abstractNumId that defines it
        uses: dict[str, str] = {}  # abstractNumId -> style link name it takes its levels from
        for abstract in root.findall(f"{W}abstractNum"):
            aid = abstract.get(f"{W}abstractNumId")
            if _val(abstract, "styleLink"):
                linked[_val(abstract, "styleLink")] = aid
            if _val(abstract, "numStyleLink"):
                uses[aid] = _val(abstract, "numStyleLink")
            levels = {}
            for lvl in abstract.findall(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                levels[ilvl] = Level(_start(_val(lvl, "start")), _val(lvl, "numFmt") or "decimal",
                                     _val(lvl, "lvlText") or "", _val(lvl, "pStyle"),
                                     lvl.find(f"{W}isLgl") is not None)
            lists.levels[aid] = levels
        for aid, name in uses.items():  # a list that borrows its levels from a numbering style
            if name in linked and linked[name] in lists.levels:
                lists.levels[aid] = lists.levels[linked[name]]
        for num in root.findall(f"{W}num"):
            nid = num.get(f"{W}numId")
            lists.abstract_of[nid] = _val(num, "abstractNumId") or ""
            for override in num.findall(f"{W}lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    lists.restart.setdefault(nid, {})[_int(override.get(f"{W}ilvl"), 0)] = _start(start)
        return lists

    def label(self, paragraph, style) -> str:
        """The number Word shows in front of ``paragraph`` (a python-docx paragraph element, and its style),
        counting it; "" when it is not numbered or numbered by a bullet."""
        nid, ilvl = self._numbering(paragraph, style)
        if not nid or nid == "0" or nid not in self.abstract_of:
            return ""
        aid = self.abstract_of[nid]
        levels = self.levels.get(aid, {})
        if ilvl is None:  # the style names no level: the level that belongs to the style, else the first
            ilvl = next((i for i, lv in levels.items() if style is not None and lv.style == style.style_id), 0)
        ilvl = min(max(ilvl, 0), MAX_LEVELS - 1)
        counters = self.counters.setdefault(aid, [None] * MAX_LEVELS)
        if nid not in self.started:
            self.started.add(nid)
            for level, start in self.restart.get(nid, {}).items():
                if 0 <= level < MAX_LEVELS:
                    counters[level] = start - 1
        level = levels.get(ilvl, Level())
        counters[ilvl] = (level.start if counters[ilvl] is None else counters[ilvl] + 1)
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            shown = levels.get(at, Level())
            value = counters[at] if 0 <= at < MAX_LEVELS and counters[at] is not None else shown.start
            return formatted(value, "decimal" if level.legal else shown.fmt)

        return re.sub(r"%([1-9])", number, level.text).strip()


    def _numbering(self, paragraph, style) -> tuple[str | None, int | None]:
        """The list (numId) and level (ilvl) of a paragraph: its own, else its style's or that of a style it is
        based on."""
        ppr = paragraph.pPr
        own = ppr.find(f"{W}numPr") if ppr is not None else None
        if own is not None and _val(own, "numId") is not None:
            return _val(own, "numId"), _int(_val(own, "ilvl"), 0)
        if style is None or not self.abstract_of:
            return None, None
        if style.style_id not in self.by_style:
            found, base = None, style
            while base is not None and found is None:
                found = base.element.find(f"{W}pPr/{W}numPr")
                found = found if found is not None and _val(found, "numId") is not None else None
                base = base.base_style
            level = _val(found, "ilvl") if found is not None else None
            self.by_style[style.style_id] = (_val(found, "numId") if found is not None else None,
                                             _int(level, 0) if level is not None else None)
        return self.by_style[style.style_id]
