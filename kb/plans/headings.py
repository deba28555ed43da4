"""What a heading line looks like when no style marks it: a number ("3.2", "III.2.1", "B.2"), maybe after a word that
names the part ("Capítulo III.", "Eje estratégico 1:", "Línea de acción 1.3"), then a short title."""

from __future__ import annotations

import re

from kb.plans.numbering import roman
from kb.text import fold

# the names of a document's top parts, whose number is a chapter's
CHAPTER = r"cap[ií]tulo|secci[oó]n|t[ií]tulo|parte"
PART = (rf"{CHAPTER}|anexo|eje(?:\s+(?:estrat[eé]gico|tem[aá]tico))?|"
        r"l[ií]nea(?:\s+(?:de\s+acci[oó]n|estrat[eé]gica))?|acci[oó]n\s+estrat[eé]gica|matriz|programa|componente|"
        r"objetivo(?:\s+espec[ií]fico)?")
# the parts a document's chapters are, or stand beside; a matrix's heading
TOP_PART = re.compile(rf"(?i)({CHAPTER}|anexo)\b")
MATRIX = re.compile(r"(?i)matri(z|ces)\b")
# a capital letter numbers a heading when a full stop or a parenthesis follows it ("B. Diagnóstico", "B.2 ..."); a
# small one ("a) Reducir ...") numbers list items
LETTER = r"(?-i:[A-H])(?=[.)])"
NUMBERED = re.compile(rf"^(?:(?:{PART})\s+)?(\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}|[IVX]{{1,5}}(?:\.\d{{1,2}}){{0,3}}|"
                      rf"{LETTER}(?:\.\d{{1,2}}){{0,3}})[.):]?\s+(?=\S)(.{{2,}})$", re.IGNORECASE)

# A numbered line longer than this (words, characters after the number) is a list item or a sentence, unless it is
# set apart as a heading (all in bold in Word, in a heading's type in a PDF): drafters who type their headings by
# hand make them bold
HEADING_LIMITS = (14, 110)
ACRONYM = 7  # letters of the longest acronym: "14 COCOPRE" is a table's row, "3 DIAGNÓSTICO" a heading
# A line of a table of contents: a heading's text, then a tab or dot leaders, then its page ("1.1 Marco jurídico\t5",
# "3. Diagnóstico ........ 9")
CONTENTS_ENTRY = re.compile(r"(\t|\.{4,}|…{2,})\s*\d{1,3}$")
BOLD_HEADING_LIMITS = (30, 240)
# A part named by its ordinal ("SEGUNDA PARTE: DATOS DE REFERENCIA", "Capítulo primero"): its number is the ordinal's
ORDINALS = ("primer", "segund", "tercer", "cuart", "quint", "sext", "s[eé]ptim", "octav", "noven", "d[eé]cim")
ORDINAL_PART = re.compile(rf"(?i)^(?:({'|'.join(ORDINALS)})[ao]?\s+(?:{CHAPTER})|"
                          rf"(?:{CHAPTER})\s+({'|'.join(ORDINALS)})[ao]?)\b")
# A table's or a figure's caption, often set in bold: "Cuadro 3. Homicidios por aldea", "Tabla 2:", "Gráfica 1."
CAPTION = re.compile(r"(?i)(cuadro|tabla|gr[aá]fic[ao]|figura|mapa|ilustraci[oó]n|table|figure|chart)"
                     r"\s+\d+[.:)]?(\s|$)")


def numbered_level(line: str, limits: tuple[int, int] = HEADING_LIMITS) -> int:
    """The heading level of a numbered heading line ("3" -> 1, "3.2" -> 2, "III.2.1" -> 3), or 0 when it is not
    one."""
    line = line.strip()
    match = NUMBERED.match(line)
    if not match or ends_a_sentence(line) or CONTENTS_ENTRY.search(line):
        return 0
    words = match.group(2).split()
    if len(words) > limits[0] or len(match.group(2)) > limits[1] or not words[0][0].isupper():
        return 0
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= ACRONYM and line[match.end(1)] == " ":
        return 0  # a figure and an acronym, cells of a table's row ("14 COCOPRE"), not "3. DIAGNÓSTICO"
    return match.group(1).count(".") + 1


class Schemes:
    """The depth of a numbering scheme in a document whose chapters are numbered in Roman numerals: there sections
    numbered by a letter or a digit sit under them ("IV. DIAGNÓSTICO", "A. Incidencia delictiva", "A.1 Homicidios":
    levels 1, 2 and 3), each scheme one level below the schemes met before it. Where the first numbered heading is
    not in Roman numerals, a number's level is its depth alone ("3.2" -> 2), as before. Parts numbered under their
    own name ("Eje 2.", "Línea de acción 1.3") sit one level below the document's chapters, once a chapter has been
    met ("CAPÍTULO 5. EJES ESTRATÉGICOS", "VI. EJES", "5. EJES"), as their Markdown's '#' have them."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.chapters = False  # whether a chapter has been met

    def level(self, line: str, limits: tuple[int, int] = HEADING_LIMITS) -> int:
        """``numbered_level`` of the line, one level deeper for each scheme met before its own."""
        level = numbered_level(line, limits)
        match = NUMBERED.match(line.strip()) if level else None
        if not match:
            return level
        if match.start(1) > 0:  # "Eje 2.", "Línea de acción 1.3": a part of its own kind
            if TOP_PART.match(line.strip()):
                self.chapters = True
                return level
            return level + 1 if self.chapters else level
        first = match.group(1).split(".")[0]
        scheme = "digit" if first.isdigit() else "roman" if re.fullmatch(r"(?i)[IVX]+", first) else "letter"
        self.chapters = self.chapters or level == 1 and scheme != "letter"
        if not self.order:
            self.order.append(scheme if scheme == "roman" else "")  # "": not a document of Roman chapters
        if self.order[0] != "roman":
            return level
        if scheme not in self.order:
            self.order.append(scheme)
        return level + self.order.index(scheme)

    def stray(self, line: str) -> bool:
        """Whether a line is a figure and words, with no stop after the figure, in a document of Roman chapters: a
        table's cell ("1 Juzgado de Paz") where its sections are numbered "A.", "A.1"."""
        return bool(self.order) and self.order[0] == "roman" and bool(re.match(r"\d+\s", line.strip()))


def number_of(line: str) -> tuple[str, tuple[int, ...]]:
    """The name of the part a heading numbered in digits numbers ("" for none; "programa" for "Programa 1.4") and
    its number ("5.1 Eje 1." -> ("", (5, 1))); ("", ()) for a heading not numbered in digits."""
    match = NUMBERED.match(line.strip())
    if not match or not match.group(1)[0].isdigit():
        return "", ()
    return " ".join(fold(line.strip()[:match.start(1)]).split()), tuple(int(n) for n in match.group(1).split("."))


def beside_lines(heading: str, last: str) -> bool:
    """Whether an unnumbered matrix's heading ("Matriz de planificación del Eje 1") comes after the heading of a part's
    line ``last`` ("Programa 1.4 ...", "Línea de acción 1.3: ..."): it sums up the axis's lines, beside them rather
    than within the last, as its Markdown's '#' have it."""
    line = NUMBERED.match(last.strip())
    return bool(MATRIX.match(heading.strip())) and not NUMBERED.match(heading.strip()) and bool(line) \
        and line.start(1) > 0 and "." in line.group(1)


def outline_numbered(line: str) -> bool:
    """Whether a line is numbered as a document's parts are rather than as a list's items: a number of several levels
    ("6.4", "III.2") or a part's name before it ("Eje 4:", "Línea de acción 1.3"); lists are numbered "1." or "a)"."""
    match = NUMBERED.match(line.strip())
    return bool(match) and ("." in match.group(1) or match.start(1) > 0)


def chapter(heading: str) -> int | None:
    """The chapter a numbered heading belongs to, Roman numerals and ordinals read ("CAPÍTULO III. DIAGNÓSTICO" -> 3,
    "3.1.1 ..." -> 3, "SEGUNDA PARTE: DATOS DE REFERENCIA" -> 2); None for a heading without a number, numbered by a
    letter, or numbering a part of another kind ("Eje 2.", "Línea de acción 1.3")."""
    ordinal = ORDINAL_PART.match(heading.strip())
    if ordinal:
        word = (ordinal.group(1) or ordinal.group(2)).lower()
        return next(n for n, stem in enumerate(ORDINALS, start=1) if re.fullmatch(stem, word))
    match = NUMBERED.match(heading.strip())
    if not match or not re.match(rf"(?i)(\d|[IVX]|{CHAPTER})", heading.strip()):
        return None
    first = match.group(1).split(".")[0]
    if first.isdigit():
        return int(first)
    # a Roman numeral of NUMBERED's five letters at most is below 40; one written as Word writes them
    return next((n for n in range(1, 40) if roman(n) == first), None)


def wrapped(heading: str, nxt: str) -> bool:
    """Whether ``nxt`` is the rest of a numbered heading cut by a line break, as text taken from a PDF has it: a
    short line in lower case that is no heading of its own, after a heading that does not end a sentence."""
    return bool(nxt) and nxt[0].islower() and len(nxt) < 60 and len(heading) + len(nxt) < 140 \
        and not numbered_level(nxt) and not heading.endswith((".", ":", ";"))


def two_sentences(line: str) -> bool:
    """Whether a line holds a full stop inside it, between two sentences: a list item with a lead ("1. Violencia en
    el hogar. Es el problema ..."), not a heading. Numbers and Roman numerals before a stop do not count."""
    return bool(re.search(r"[a-záéíóúñ]{2}[.] +[A-ZÁÉÍÓÚÑ]", line))


def ends_a_sentence(line: str) -> bool:
    return line.endswith((".", ",", ";", ":")) and not line.endswith("...")


def titled(text: str, limits: tuple[int, int] = BOLD_HEADING_LIMITS) -> bool:
    """Whether a line set apart from the body (in bold, or larger) reads as a title: short, starting with a capital
    letter or a number, not ending a sentence or cut by a hyphen, not a table's or a figure's caption."""
    text = text.strip()
    return bool(text) and (text[0].isupper() or text[0].isdigit()) and any(c.isalpha() for c in text) \
        and not text.endswith((".", ",", ";", "-")) and len(text.split()) <= limits[0] and len(text) <= limits[1] \
        and not CONTENTS_ENTRY.search(text) and text.count("(") <= text.count(")") \
        and not CAPTION.match(text)  # not cut inside brackets, no caption


LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")


def plain(text: str) -> str:
    """A Markdown heading's text as a reader sees it: without emphasis marks, code ticks or link targets
    ("**3.1** [Incidencia](#x)" -> "3.1 Incidencia"), as its Word or PDF version reads."""
    text = LINK.sub(r"\1", text)
    text = EMPHASIS.sub(r"\2", text)
    return text.replace("`", "")
