"""Split a case study into YAML front matter and Markdown body, reading YAML with 1.2 rules.

YAML 1.2 has only ``true``/``false`` as booleans, so ``country: NO`` stays the string ``"NO"`` (PyYAML's
1.1 loader would make it ``False``). Line numbers of keys are kept so messages can point at them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

DELIMITER = "---"


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


@dataclass
class Document:
    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    lines: dict[tuple, int] = field(default_factory=dict)  # location tuple -> 1-based file line

    def line_of(self, loc: tuple) -> int:
        """The best known line for a field location such as ``("evidence", "level")`` or ``("themes", 2)``."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.version = (1, 2)
    yaml.allow_duplicate_keys = False
    return yaml


def _plain(node: Any) -> Any:
    """Round-trip containers to plain dicts and lists; scalars to plain Python values."""
    if isinstance(node, CommentedMap):
        return {str(k) if not isinstance(k, (str, int, float, bool)) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def _collect_lines(node: Any, loc: tuple, offset: int, out: dict[tuple, int]) -> None:
    if isinstance(node, CommentedMap):
        for key in node:
            try:
                line, _col = node.lc.key(key)
            except (KeyError, TypeError, AttributeError):
                continue
            out[loc + (key,)] = line + offset
            _collect_lines(node[key], loc + (key,), offset, out)
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            try:
                line, _col = node.lc.item(i)
            except (KeyError, TypeError, AttributeError, IndexError):
                continue
            out[loc + (i,)] = line + offset
            _collect_lines(item, loc + (i,), offset, out)


def split(text: str) -> Document:
    """Parse ``text`` (a whole case-study file) into its front matter and body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != DELIMITER:
        raise FrontMatterError("no front matter: the file must start with a line '---', then YAML, then '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (DELIMITER, "...")), None)
    if end is None:
        raise FrontMatterError("the front matter is not closed: no second '---' line")
    yaml_text = "".join(lines[1:end])
    offset = 2  # the YAML's line 0 is the file's line 2
    try:
        node = _yaml().load(yaml_text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + offset if mark is not None else 1
        problem = (e.problem or str(e)).strip()
        raise FrontMatterError(f"invalid YAML: {problem}", line) from e
    except YAMLError as e:
        raise FrontMatterError(f"invalid YAML: {e}".splitlines()[0]) from e
    if node is None:
        raise FrontMatterError("the front matter is empty")
    if not isinstance(node, CommentedMap):
        raise FrontMatterError("the front matter must be a mapping of 'field: value' lines", offset)
    positions: dict[tuple, int] = {}
    _collect_lines(node, (), offset, positions)
    body = "".join(lines[end + 1:])
    return Document(data=_plain(node), body=body, body_line=end + 2, lines=positions)
