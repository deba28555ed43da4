"""Passages: the units that are embedded and ranked. One per section of a case study (title, heading and
text together); a long section is cut into overlapping windows of words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kb import vocab
from kb.markdown import plain_text
from kb.practice import Practice

MAX_WORDS = 160
OVERLAP_WORDS = 40


@dataclass(frozen=True)
class Passage:
    practice_id: str
    ordinal: int  # position among the practice's passages
    heading: str
    text: str  # plain text of this piece of the section
    embed_text: str  # what the encoder sees: title, heading and text

    @property
    def key(self) -> str:
        """A content hash: the same text embeds to the same vector with the same encoder."""
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()


def windows(words: list[str], size: int = MAX_WORDS, overlap: int = OVERLAP_WORDS) -> list[list[str]]:
    """``words`` cut into windows of at most ``size`` words, each sharing ``overlap`` words with the last."""
    if len(words) <= size:
        return [words]
    step = size - overlap
    out = []
    for start in range(0, len(words), step):
        out.append(words[start:start + size])
        if start + size >= len(words):
            break
    return out


def passages(practice: Practice) -> list[Passage]:
    title = practice.meta.title
    out: list[Passage] = []
    for section in practice.sections:
        text = plain_text(section.text)
        if not text:
            continue
        for piece in windows(text.split()):
            chunk = " ".join(piece)
            head = f"{title}. {section.heading}." if section.heading else f"{title}."
            out.append(Passage(practice.id, len(out), section.heading, chunk, f"{head} {chunk}"))
    if not out:  # only headings: the title still makes the practice findable
        out.append(Passage(practice.id, 0, "", title, title))
    return out


def label_text(practice: Practice) -> str:
    """The practice's themes, target groups and national-policy axes in words, in Spanish and in English, and
    the indicators it measured itself by. The keyword index adds it to every passage of the practice, so a query
    that names a term of the vocabularies in either language reaches the practices tagged with it, and a plan's
    section on crime figures or on monitoring reaches the practices that measured the same things ("homicidios
    por 100.000 habitantes", "denuncias"): plans precision@5 0.736 -> 0.749 and queries 0.820 -> 0.824 nDCG@10
    (`kb eval`, tenth session; their actors and evidence note too lowered both)."""
    parts = []
    for field in ("themes", "target_groups", "gt_axes"):
        for slug in getattr(practice.meta, field):
            term = vocab.BY_FIELD[field][slug]
            parts += [term.es, term.en]
    return ". ".join(parts + list(practice.meta.indicators))
