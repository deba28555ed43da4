"""A plan draft as read from a file: a title and its text as blocks (headings and paragraphs)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    text: str
    heading_level: int = 0  # 0 for a paragraph; 1, 2, 3... for headings


@dataclass
class PlanText:
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None

    def add(self, text: str, heading_level: int = 0) -> None:
        text = " ".join(text.split())
        if text:
            self.blocks.append(Block(text, heading_level))


@dataclass(frozen=True)
class Section:
    heading: str  # exactly as written in the plan (without Markdown '#')
    text: str
    level: int
    kind: str = "usable"  # "usable", or why it is not used as a query: "legal-framework", "reference-data", "empty"
    parent: str = ""  # the heading of the part it belongs to ("6.6 Eje de seguridad vial" for "6.6.1 ..."), if any

    @property
    def usable(self) -> bool:
        return self.kind == "usable"
