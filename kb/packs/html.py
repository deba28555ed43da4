"""A pack as one self-contained HTML page: inline CSS, no script, no external asset (images in Markdown become
links), laid out for the screen and for printing on A4 (a title page, each practice from a new page, page
numbers). Markdown is rendered by ``kb.markdown.render``, which escapes raw HTML."""

from __future__ import annotations

import re
from html import escape

from kb.markdown import render
from kb.packs.document import Entry, PackDocument, source_text

CSS = """
@page { size: A4; margin: 20mm 19mm 22mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 9pt "DejaVu Sans", sans-serif; color: #666; } }
@page :first { @bottom-center { content: none; } }
:root { --ink: #1d232a; --muted: #5b6570; --accent: #1f5c8b; --soft: #eef4f9; --line: #d5dde5; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 48rem; padding: 2rem 1.5rem 4rem; color: var(--ink);
  font: 11pt/1.5 "DejaVu Serif", "Liberation Serif", Georgia, serif; }
h1, h2, h3, h4, h5, h6, .facts, .toc, table, .kicker, .subtitle, .prepared {
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
h1 { font-size: 26pt; line-height: 1.15; margin: 0 0 1rem; color: var(--accent); }
h2 { font-size: 16pt; line-height: 1.25; margin: 2rem 0 .6rem; color: var(--accent);
  border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 12pt; margin: 1.3rem 0 .4rem; }
h4, h5, h6 { font-size: 11pt; margin: 1rem 0 .3rem; }
h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
a { color: var(--accent); overflow-wrap: anywhere; }
blockquote { margin: .6rem 0; padding: .1rem 1rem; border-left: 3px solid var(--line); color: var(--muted); }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; }
pre { white-space: pre-wrap; background: var(--soft); padding: .6rem; }
.cover { min-height: 70vh; display: flex; flex-direction: column; justify-content: center;
  border-left: 8px solid var(--accent); padding: 2rem 0 2rem 1.5rem; margin-bottom: 2rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 9pt; color: var(--muted); margin: 0 0 .8rem; }
.subtitle { margin: .15rem 0; color: var(--muted); font-size: 11pt; }
.prepared { margin-top: 3rem; font-size: 9pt; color: var(--muted); }
.toc ol { padding-left: 1.6rem; }
.toc li { margin: .25rem 0; }
.toc .where { color: var(--muted); font-size: 9.5pt; }
.practice { margin-top: 3rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0 .8rem;
  font-size: 10pt; }
.facts dt { font-weight: bold; color: var(--muted); }
.facts dd { margin: 0; }
.evidence-note { font-size: 10pt; color: var(--muted); margin: 0 0 1rem; }
.trainer { background: var(--soft); border-left: 4px solid var(--accent); padding: .3rem 1rem .6rem;
  margin: 1rem 0 1.2rem; break-inside: avoid; }
.trainer h3 { margin-top: .6rem; color: var(--accent); }
.sources { font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 1px solid var(--line); padding: .35rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
tr { break-inside: avoid; }
@media print {
  body { max-width: none; padding: 0; }
  .cover { min-height: 235mm; margin: 0; break-after: page; page-break-after: always; }
  .toc, .practice, .annex { break-before: page; page-break-before: always; margin-top: 0; }
  .intro + .toc { break-before: auto; page-break-before: auto; margin-top: 2rem; }
  h2 { margin-top: 0; }
  .toc h2, .intro h2, .annex h2 { margin-top: 0; }
}
"""

_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")
_IMG = re.compile(r"<img\s[^>]*>")
_ATTR = re.compile(r'(src|alt)="([^"]*)"')


def markdown_html(markdown: str, below: int) -> str:
    """Rendered Markdown (raw HTML escaped) whose headings nest below level ``below``; images become links, so
    the page loads nothing from elsewhere."""
    html = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + below)}", render(markdown))

    def link(m: re.Match) -> str:
        attrs = dict(_ATTR.findall(m.group(0)))
        return f'<a href="{attrs.get("src", "")}">{attrs.get("alt") or attrs.get("src", "")}</a>'
    return _IMG.sub(link, html)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _entry(doc: PackDocument, e: Entry) -> str:
    m = e.meta
    out = [f'<section class="practice" id="{_e(e.anchor)}">', f"<h2>{_e(e.heading)}</h2>", '<dl class="facts">']
    out += [f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in doc.facts(e)]
    out.append("</dl>")
    if m.evidence.note:
        out.append(f'<p class="evidence-note" lang="{_e(m.language)}">{_e(m.evidence.note)}</p>')
    if e.item.note:
        out.append(f'<aside class="trainer"><h3>{_e(doc.t("note"))}</h3>{markdown_html(e.item.note, 3)}</aside>')
    out.append(f'<div class="case" lang="{_e(m.language)}">')
    for s in e.sections:
        out.append(f"<h3>{_e(s.heading)}</h3>{markdown_html(s.text, 3)}")
    out.append("</div>")
    out.append(f'<div class="sources"><h3>{_e(doc.t("sources"))}</h3><ul>')
    for src in m.sources:
        text = _e(source_text(src))
        out.append(f'<li><a href="{_e(src.url)}">{text}</a></li>' if src.url else f"<li>{text}</li>")
    out.append("</ul></div></section>")
    return "\n".join(out)


def to_html(doc: PackDocument) -> str:
    p = doc.pack
    toc = [f'<li><a href="#{_e(e.anchor)}">{_e(e.meta.title)}</a> <span class="where">· {_e(doc.place(e.meta))}'
           f"</span></li>" for e in doc.entries]
    toc.append(f'<li><a href="#annex">{_e(doc.t("annex"))}</a></li>')
    rows = "\n".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in doc.annex_rows())
    parts = [
        "<!doctype html>",
        f'<html lang="{p.language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(p.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="cover">',
        f'<p class="kicker">{_e(doc.t("workshop"))}</p>',
        f"<h1>{_e(p.title)}</h1>",
        *[f'<p class="subtitle">{_e(line)}</p>' for line in doc.subtitle()],
        f'<p class="prepared">{_e(doc.t("prepared"))}</p>',
        "</header>",
        "<main>",
    ]
    if p.intro:
        parts.append(f'<section class="intro" id="intro"><h2>{_e(doc.t("intro"))}</h2>'
                     f"{markdown_html(p.intro, 2)}</section>")
    parts.append(f'<nav class="toc" id="contents"><h2>{_e(doc.t("contents"))}</h2><ol>{"".join(toc)}</ol></nav>')
    parts += [_entry(doc, e) for e in doc.entries]
    parts.append(f'<section class="annex" id="annex"><h2>{_e(doc.t("annex"))}</h2><table><thead><tr>'
                 + "".join(f"<th>{_e(h)}</th>" for h in doc.annex_header())
                 + f"</tr></thead><tbody>{rows}</tbody></table></section>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)
