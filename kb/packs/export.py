"""Export a pack as DOCX, PDF, HTML or Markdown: the same document (title page, introduction, contents, one
chapter per practice, the comparison annex) in each format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from kb.errors import BadQuery
from kb.packs.document import PackDocument, source_text


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str


FORMATS = {
    "docx": Format("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": Format("pdf", ".pdf", "application/pdf"),
    "html": Format("html", ".html", "text/html; charset=utf-8"),
    "md": Format("md", ".md", "text/markdown; charset=utf-8"),
}


def check_format(name: str) -> Format:
    fmt = FORMATS.get(str(name).lower().lstrip("."))
    if fmt is None:
        raise BadQuery(f"unknown format {str(name)[:20]!r}; choose one of: {', '.join(FORMATS)}")
    return fmt


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^(\s{0,3})(#{1,6})(?=\s|$)")


def demote(markdown: str, levels: int) -> str:
    """``markdown`` with its ATX headings ``levels`` deeper (at most ``######``), outside code fences, so that a
    case study's or a note's own headings nest under the pack's."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _ATX.sub(lambda m: m.group(1) + "#" * min(6, len(m.group(2)) + levels), line)
        out.append(line)
    return "\n".join(out)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(doc: PackDocument) -> str:
    """One Markdown file: ``#`` the pack, ``##`` its parts and each practice, ``###`` inside a practice."""
    p = doc.pack
    out = [f"# {p.title}", ""]
    out += [f"*{line}*  " for line in doc.subtitle()]
    out[-1] = out[-1].rstrip()
    out.append("")
    if p.intro:
        out += [f"## {doc.t('intro')}", "", demote(p.intro, 2), ""]
    out += [f"## {doc.t('contents')}", ""]
    out += [f"{e.number}. {e.meta.title} ({doc.place(e.meta)})" for e in doc.entries]
    out.append(f"{len(doc.entries) + 1}. {doc.t('annex')}")
    out.append("")
    for e in doc.entries:
        out += [f"## {e.heading}", ""]
        out += [f"**{label}:** {value}  " for label, value in doc.facts(e)]
        out[-1] = out[-1].rstrip()
        out.append("")
        if e.meta.evidence.note:
            out += [f"> {e.meta.evidence.note}", ""]
        if e.item.note:
            out += [f"### {doc.t('note')}", "", demote(e.item.note, 3), ""]
        for s in e.sections:
            out += [f"### {s.heading}", "", demote(s.text, 3), ""]
        out += [f"### {doc.t('sources')}", ""]
        for src in e.meta.sources:
            out.append(f"- [{source_text(src)}]({src.url})" if src.url else f"- {source_text(src)}")
        out.append("")
    out += [f"## {doc.t('annex')}", ""]
    header = doc.annex_header()
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in doc.annex_rows()]
    out += ["", f"*{doc.t('prepared')}*", ""]
    return "\n".join(out)


def export(doc: PackDocument, fmt: str, *, timeout: float | None = None) -> bytes:
    """The pack in ``fmt`` (docx, pdf, html or md) as bytes."""
    name = check_format(fmt).name
    if name == "md":
        return to_markdown(doc).encode("utf-8")
    from kb.packs.html import to_html

    if name == "html":
        return to_html(doc).encode("utf-8")
    if name == "pdf":
        from kb.packs.pdf import DEFAULT_TIMEOUT, html_to_pdf

        return html_to_pdf(to_html(doc), timeout=timeout or DEFAULT_TIMEOUT)
    from kb.packs.word import to_docx

    return to_docx(doc)



def export_pack(pack, practices, fmt: str, *, timeout: float | None = None) -> bytes:
    """Resolve ``pack`` against ``practices`` (a searcher or a mapping id -> practice) and export it."""
    check_format(fmt)
    return export(PackDocument.of(pack, practices), fmt, timeout=timeout)
