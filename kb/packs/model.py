"""A workshop pack: a small YAML file that names practices of the knowledge base, each with the trainer's
framing, for a seminar. Read with YAML 1.2 rules (``country: NO`` stays a string) and validated with pydantic;
every problem is reported as ``FILE:LINE: field: problem``."""

from __future__ import annotations

import datetime
import difflib
import io
from typing import Annotated, Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, ValidationError, field_validator
from pydantic import model_validator
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from kb.errors import BadQuery
from kb.frontmatter import _collect_lines, _plain, _yaml
from kb.model import ID_MAX, ID_PATTERN
from kb.practice import Practice
from kb.problems import Problem

MAX_PACK_BYTES = 512 * 1024  # a pack is a page or two of YAML
MAX_PRACTICES = 60


class InvalidPack(BadQuery):
    """A pack that cannot be used: bad YAML, a missing or unknown field, an id no practice has."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) if p.line else f"{p.field}: {p.message}" for p in problems))


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[str, StringConstraints(strip_whitespace=True)]


class PackItem(BaseModel):
    """One practice of the pack and the trainer's note on it (Markdown: framing, discussion questions)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ID_MAX,
                                         pattern=ID_PATTERN.pattern)]
    note: Markdown = ""

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, value: Any) -> Any:
        """``- co-cali-armas`` is short for ``- id: co-cali-armas``."""
        return {"id": value} if isinstance(value, str) else value

    @field_validator("note", mode="before")
    @classmethod
    def _no_note(cls, value: Any) -> Any:
        return "" if value is None else value


class Pack(BaseModel):
    """A workshop pack. Unknown fields are errors, so a misspelt ``titel:`` cannot pass silently."""

    model_config = ConfigDict(extra="forbid")

    title: Text
    intro: Markdown = ""
    language: Literal["es", "en"] = "es"
    audience: Text | None = None
    date: Text | None = None
    practices: Annotated[list[PackItem], Field(min_length=1, max_length=MAX_PRACTICES)]

    _lines: dict[tuple, int] = PrivateAttr(default_factory=dict)
    _source: str = PrivateAttr(default="pack")

    @field_validator("intro", mode="before")
    @classmethod
    def _no_intro(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        """``date: 2025-03-14`` is read as a date and ``date: 2025`` as a number; keep them as text."""
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("practices")
    @classmethod
    def _unique(cls, items: list[PackItem]) -> list[PackItem]:
        ids = [i.id for i in items]
        twice = next((x for n, x in enumerate(ids) if x in ids[:n]), None)
        if twice:
            raise ValueError(f"lists {twice!r} more than once")
        return items

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.practices]

    def line_of(self, loc: tuple) -> int:
        """The line of the source file where ``loc`` is set; 0 for a pack that came from no file."""
        if not self._lines:
            return 0
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return 1

    def resolve(self, practices: Mapping[str, Practice] | Any) -> list[tuple[PackItem, Practice]]:
        """Each item with its practice. ``practices`` maps ids to practices (or is a searcher); an id that
        names no practice is an ``InvalidPack`` naming the closest ids."""
        lookup = _lookup(practices)
        known = lookup.keys() if isinstance(lookup, Mapping) else ()
        out, problems = [], []
        for n, item in enumerate(self.practices):
            practice = lookup.get(item.id)
            if practice is None:
                close = difflib.get_close_matches(item.id, list(known), n=1, cutoff=0.6)
                problems.append(Problem(self._source, self.line_of(("practices", n, "id")), f"practices[{n}].id",
                                        f"{item.id!r} is not the id of any practice in the knowledge base"
                                        + (f"; did you mean {close[0]!r}?" if close else "")))
            else:
                out.append((item, practice))
        if problems:
            raise InvalidPack(problems)
        return out

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")


def _lookup(practices) -> Mapping[str, Practice]:
    """A mapping id -> practice from a mapping, a searcher or a list of practices."""
    if isinstance(practices, Mapping):
        return practices
    index = getattr(practices, "index", None)
    if index is not None:  # a kb.search.Searcher
        return {p.id: p for p in index.practices}
    return {p.id: p for p in practices}


FIELD_NAMES = tuple(Pack.model_fields)
ITEM_FIELDS = tuple(PackItem.model_fields)


def _field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "pack"


def _message(error: dict) -> str:
    kind, loc = error["type"], tuple(error["loc"])
    if kind == "missing":
        if loc == ("title",):
            return "is required but missing: every pack needs a title"
        if loc == ("practices",):
            return "is required but missing: list the practices as '- id: ...' lines"
        return "is required but missing"
    if kind == "extra_forbidden":
        names = FIELD_NAMES if len(loc) == 1 else ITEM_FIELDS
        close = difflib.get_close_matches(str(loc[-1]), names, n=1)
        return (f"is not a field of a pack{' practice' if len(loc) > 1 else ''} (expected: {', '.join(names)})"
                + (f"; did you mean {close[0]!r}?" if close else ""))
    if kind == "literal_error" and loc == ("language",):
        return f"must be 'es' or 'en' (the language of the pack's own labels); found {error['input']!r}"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not a practice id such as 'co-bogota-ley-zanahoria'"
    if kind == "string_too_short" and loc[-1] in ("title", "audience", "date"):
        return "is empty"
    if kind == "too_short" and loc == ("practices",):
        return "is empty: a pack needs at least one practice"
    if kind == "too_long" and loc == ("practices",):
        return f"lists more than {MAX_PRACTICES} practices"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind in ("string_type", "list_type", "model_type", "dict_type"):
        message += f" (found {error['input']!r})"
    return message


def parse_pack(text: str | bytes, source: str = "pack") -> Pack:
    """A pack from its YAML text; ``InvalidPack`` with every problem (``source`` names the file in them).
    The practice ids are checked only for their form here; ``Pack.resolve`` checks that they exist."""
    if isinstance(text, bytes):
        if len(text) > MAX_PACK_BYTES:
            raise InvalidPack([Problem(source, 1, "file", f"is {len(text):,} bytes; a pack may be at most "
                                                          f"{MAX_PACK_BYTES:,} bytes")])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InvalidPack([Problem(source, text[:e.start].count(b"\n") + 1, "file",
                                       "is not UTF-8; save it as UTF-8")]) from e
    text = text.lstrip("\ufeff")
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = (e.problem or str(e)).strip()
        raise InvalidPack([Problem(source, mark.line + 1 if mark else 1, "yaml", f"invalid YAML: {problem}")]) from e
    except YAMLError as e:
        raise InvalidPack([Problem(source, 1, "yaml", f"invalid YAML: {str(e).splitlines()[0]}")]) from e
    if node is None:
        raise InvalidPack([Problem(source, 1, "pack", "is empty; a pack needs at least 'title' and 'practices'")])
    if not isinstance(node, CommentedMap):
        raise InvalidPack([Problem(source, 1, "pack", "must be a mapping of 'field: value' lines "
                                                     "(title, intro, language, audience, date, practices)")])
    lines: dict[tuple, int] = {}
    _collect_lines(node, (), 1, lines)
    try:
        pack = Pack.model_validate(_plain(node))
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = tuple(err["loc"])
            loc = loc[:-1] if loc and loc[-1] == "[key]" else loc
            line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), 1)
            problems.append(Problem(source, line, _field_name(loc), _message(err)))
        raise InvalidPack(sorted(set(problems))) from e
    pack._lines = lines
    pack._source = source
    return pack


def pack_from_data(data: Any, source: str = "pack") -> Pack:
    """A pack from already parsed data (a JSON body); problems as in ``parse_pack``, without line numbers."""
    if not isinstance(data, dict):
        raise InvalidPack([Problem(source, 0, "pack", "must be an object with the fields title, intro, language, "
                                                     "audience, date and practices")])
    try:
        pack = Pack.model_validate(data)
    except ValidationError as e:
        raise InvalidPack([Problem(source, 0, _field_name(tuple(err["loc"])), _message(err))
                           for err in e.errors()]) from e
    pack._source = source
    return pack


def _cut(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def dump_pack(pack: Pack, titles: Mapping[str, str] | None = None, header: str | None = None) -> str:
    """The pack as YAML, fields in the documented order, multi-line text as literal blocks. ``titles`` (id ->
    title) adds each practice's title as a comment; ``header`` is a comment put at the top."""
    def block(text: str):
        return LiteralScalarString(text + "\n") if "\n" in text else text

    doc = CommentedMap()
    doc["title"] = pack.title
    doc["language"] = pack.language
    for key in ("audience", "date"):
        if getattr(pack, key):
            doc[key] = getattr(pack, key)
    doc["intro"] = block(pack.intro)
    items = CommentedSeq()
    for n, item in enumerate(pack.practices):
        entry = CommentedMap()
        entry["id"] = item.id
        entry["note"] = block(item.note)
        items.append(entry)
        if titles and item.id in titles:
            entry.yaml_add_eol_comment(_cut(titles[item.id]), "id")
    doc["practices"] = items
    if header:
        doc.yaml_set_start_comment(header)
    yaml = _yaml()
    yaml.width = 4096  # long lines stay whole; multi-line text is a literal block
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(doc, out)
    text = out.getvalue()
    return text.removeprefix("%YAML 1.2\n---\n")
