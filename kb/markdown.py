"""Markdown bodies: split into sections by ``##`` headings, and rendered to HTML with raw HTML escaped."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Section:
    heading: str  # "" for text before the first ``##`` heading
    text: str  # the section's Markdown, without its heading line
    line: int  # 1-based line of the file where the section starts


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark, with raw HTML disabled: a <script> in a case study is shown as text, never executed.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _inline_text(token) -> str:
    return "".join(child.content for child in (token.children or []) if child.type in ("text", "code_inline"))


def sections(body: str, first_line: int = 1) -> list[Section]:
    """The body's sections, split at level-2 headings (ATX ``##`` or setext ``---`` underlines)."""
    tokens = _parser().parse(body)
    lines = body.splitlines()
    starts: list[tuple[int, int, str]] = []  # (heading start line, content start line, heading text)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2" and tok.map:
            heading = _inline_text(tokens[i + 1]).strip() or tokens[i + 1].content.strip()
            starts.append((tok.map[0], tok.map[1], heading))
    out: list[Section] = []
    preamble_end = starts[0][0] if starts else len(lines)
    preamble = "\n".join(lines[:preamble_end]).strip()
    if preamble:
        out.append(Section("", preamble, first_line))
    for n, (begin, content, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        out.append(Section(heading, "\n".join(lines[content:end]).strip(), first_line + begin))
    return out


def render(body: str) -> str:
    """HTML for a body; raw HTML in it comes out escaped, as text."""
    return _parser().render(body)


def plain_text(markdown: str) -> str:
    """The readable text of a Markdown fragment, without markup (for embedding, snippets and keyword search)."""
    out: list[str] = []
    for tok in _parser().parse(markdown):
        if tok.type == "inline":
            out.append("".join(_CHILD_TEXT.get(c.type, lambda c: "")(c) for c in tok.children or []))
        elif tok.type in ("code_block", "fence"):
            out.append(tok.content)
    return "\n".join(s.strip() for s in out if s.strip())


_CHILD_TEXT = {
    "text": lambda c: c.content,
    "code_inline": lambda c: c.content,
    "softbreak": lambda c: " ",
    "hardbreak": lambda c: " ",
}
