"""Load a folder of case studies: every valid practice, and one problem per thing wrong with the others.

A broken file never stops the rest of the corpus from loading.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from kb.frontmatter import Document, FrontMatterError, split
from kb.markdown import sections
from kb.model import FIELD_NAMES, FrontMatter
from kb.practice import Practice
from kb.problems import Problem, display_path

MAX_FILE_BYTES = 2 * 1024 * 1024  # a case study is a few kilobytes; anything this large is a mistake
SKIPPED_NAMES = {"readme.md", "template.md"}


@dataclass
class Corpus:
    practices: list[Practice] = field(default_factory=list)  # sorted by id
    problems: list[Problem] = field(default_factory=list)  # sorted by file, then line
    files: list[str] = field(default_factory=list)  # every case-study file tried, sorted

    @property
    def by_id(self) -> dict[str, Practice]:
        return {p.id: p for p in self.practices}

    @property
    def rejected(self) -> list[str]:
        return sorted({p.path for p in self.problems})


def case_study_files(root: Path) -> list[Path]:
    """Every ``*.md`` file under ``root``, sorted, not following symbolic links to folders (no loops),
    skipping hidden folders and the folder's own README."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in files:
            if name.endswith(".md") and not name.startswith(".") and name.lower() not in SKIPPED_NAMES:
                found.append(Path(folder) / name)
    return sorted(found)


def _read(path: Path, shown: str) -> tuple[str, bytes] | Problem:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(shown, 1, "file", f"is {size:,} bytes; a case study may be at most "
                                             f"{MAX_FILE_BYTES:,} bytes")
        raw = path.read_bytes()
    except OSError as e:
        return Problem(shown, 1, "file", f"cannot be read: {e.strerror or e}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return Problem(shown, line, "file", f"is not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}); "
                                            "save it as UTF-8")
    if "\x00" in text:
        return Problem(shown, text[: text.index("\x00")].count("\n") + 1, "file",
                       "contains NUL bytes; it is not a text file")
    return text.lstrip("\ufeff"), raw


def _field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _message(error: dict) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), FIELD_NAMES if len(loc) == 1 else [], n=1)
        return "is not a field of the format" + (f"; did you mean '{close[0]}'?" if close else "")
    if loc and loc[0] == "period" and kind in ("string_type",):
        return f"must be a quoted string such as \"{error['input']}\", not a number"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind in ("string_type", "list_type", "model_type", "dict_type", "int_type", "int_parsing"):
        message += f" (found {error['input']!r})"
    return message


def _validate(doc: Document, shown: str) -> FrontMatter | list[Problem]:
    try:
        return FrontMatter.model_validate(doc.data)
    except ValidationError as e:
        return [Problem(shown, doc.line_of(tuple(err["loc"])), _field_name(tuple(err["loc"])), _message(err))
                for err in e.errors()]


def parse_file(path: Path) -> Practice | list[Problem]:
    """One case study, or the list of its problems."""
    shown = display_path(path)
    read = _read(path, shown)
    if isinstance(read, Problem):
        return [read]
    text, raw = read
    try:
        doc = split(text)
    except FrontMatterError as e:
        return [Problem(shown, e.line, "front matter", str(e))]
    meta = _validate(doc, shown)
    problems = meta if isinstance(meta, list) else []
    secs = sections(doc.body, doc.body_line)
    if not any(s.text.strip() or s.heading for s in secs):
        problems.append(Problem(shown, doc.body_line, "body", "is empty; write the case study below the front matter"))
    if problems:
        return problems
    return Practice(meta=meta, body=doc.body, sections=tuple(secs), path=shown,
                    sha256=hashlib.sha256(raw).hexdigest(), id_line=doc.line_of(("id",)))


def load(root: Path) -> Corpus:
    """Every case study under ``root``; duplicates of an ``id`` are all rejected, each naming the others."""
    root = Path(root)
    corpus = Corpus()
    if not root.is_dir():
        corpus.problems.append(Problem(display_path(root), 1, "folder", "does not exist or is not a folder"))
        return corpus
    parsed: list[Practice] = []
    for path in case_study_files(root):
        corpus.files.append(display_path(path))
        result = parse_file(path)
        if isinstance(result, Practice):
            parsed.append(replace(result, rel=path.relative_to(root).as_posix()))
        else:
            corpus.problems.extend(result)
    by_id: dict[str, list[Practice]] = {}
    for p in parsed:
        by_id.setdefault(p.id, []).append(p)
    for pid, group in sorted(by_id.items()):
        if len(group) == 1:
            corpus.practices.append(group[0])
            continue
        for p in group:
            others = ", ".join(o.path for o in group if o is not p)
            corpus.problems.append(Problem(p.path, p.id_line, "id", f"'{pid}' is also the id of {others}; "
                                                           "ids must be unique, so both files are rejected"))
    corpus.problems.sort()
    return corpus
