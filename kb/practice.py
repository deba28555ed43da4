"""A parsed case study: validated front matter, Markdown body and its sections."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kb.markdown import Section, plain_text, render
from kb.model import FrontMatter


@dataclass(frozen=True)
class Practice:
    meta: FrontMatter
    body: str
    sections: tuple[Section, ...]
    path: str  # as shown to people (relative to the working folder when possible)
    sha256: str  # of the file's bytes
    id_line: int = 2  # line of the file where ``id`` is set
    rel: str = ""  # path relative to the practices folder, with '/' separators

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def html(self) -> str:
        return render(self.body)

    def section(self, heading: str) -> Section | None:
        return next((s for s in self.sections if s.heading == heading), None)

    def summary(self, max_chars: int = 400) -> str:
        """The first section's plain text, cut at a word boundary."""
        text = plain_text(self.sections[0].text) if self.sections else ""
        if len(text) <= max_chars:
            return text
        return text[:max_chars].rsplit(" ", 1)[0] + "…"

    def to_dict(self) -> dict:
        """The front matter's fields at the top level, plus ``body`` and ``html``."""
        return {**self.meta.model_dump(mode="json"), "body": self.body, "html": self.html}
