"""Evaluation of plan suggestions: for each judged section of the example plans, precision@5 (practices of
grade 1 or 2 among the first five) and recall@10 of the grade-2 practices."""

from __future__ import annotations

from pathlib import Path
from statistics import mean

from kb.errors import KBError
from kb.evaluation.data import read_rows
from kb.plans.headings import plain
from kb.plans.service import suggest_for_file
from kb.search import Searcher


def load(path: Path) -> dict[str, dict[str, dict[str, int]]]:
    """{plan file: {section heading: {practice id: grade}}}; {} when there is no such file."""
    path = Path(path)
    if not path.exists():
        return {}
    out: dict[str, dict[str, dict[str, int]]] = {}
    for n, row in enumerate(read_rows(path, ["plan", "section", "doc_id", "grade"]), start=2):
        try:
            out.setdefault(row["plan"], {}).setdefault(row["section"], {})[row["doc_id"]] = int(row["grade"])
        except (TypeError, ValueError) as e:
            raise KBError(f"{path}:{n}: grade must be 0, 1 or 2") from e
    return out


def measure(searcher: Searcher, judged: dict, examples: Path) -> dict:
    """Per section, per file (a plan and each of its versions) and on average: precision@5 and recall@10."""
    rows = []
    for plan, sections in sorted(judged.items()):
        for variant in variants(Path(examples), plan):
            rows.extend(_measure_file(searcher, variant, sections))
    files = [{"plan": name, **_averages([r for r in rows if r["plan"] == name])}
             for name in dict.fromkeys(r["plan"] for r in rows)]
    return {"summary": _averages(rows), "files": files, "rows": rows}


def _averages(rows: list[dict]) -> dict:
    return {"sections": len(rows),
            "precision@5": mean(r["precision@5"] for r in rows) if rows else 0.0,
            "recall@10": mean(r["recall@10"] for r in rows) if rows else 0.0}


def variants(examples: Path, plan: str) -> list[Path]:
    """The judged plan and its Word, PDF and plain-text versions when they exist (same sections, same judgments)."""
    versions = [examples / f"{Path(plan).stem}{suffix}" for suffix in (".docx", ".pdf", ".txt")]
    return [examples / plan] + [p for p in versions if p.is_file()]


def _measure_file(searcher: Searcher, path: Path, sections: dict[str, dict[str, int]]) -> list[dict]:
    found = suggested(searcher, path)
    rows = []
    for heading, grades in sections.items():
        # a judged section the reader did not find counts as one answered with nothing, and says so
        ranked = found.get(key(heading))
        precision, recall = section_scores(ranked or [], grades)
        rows.append({"plan": path.name, "section": heading, "precision@5": precision, "recall@10": recall,
                     "found": ranked is not None})
    return rows


def suggested(searcher: Searcher, path: Path, k: int = 10) -> dict[str, list[str]]:
    """The practices suggested for each section of the plan at ``path``, best first, by the section's ``key``."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KBError(f"the judged plan {path} cannot be read: {e.strerror or e}") from e
    result = suggest_for_file(searcher, data, path.name, k=k)
    return {key(s.section.heading): [x.practice.id for x in s.suggestions] for s in result.sections}


def section_scores(ranked: list[str], grades: dict[str, int]) -> tuple[float, float]:
    """Precision@5 (grade 1 or 2) and recall@10 of the grade-2 practices (1.0 when there are none)."""
    relevant = {d for d, g in grades.items() if g >= 1}
    answers = {d for d, g in grades.items() if g >= 2}
    precision = len(relevant & set(ranked[:5])) / 5
    recall = len(answers & set(ranked[:10])) / len(answers) if answers else 1.0
    return precision, recall


def key(heading: str) -> str:
    """A heading as judges and readers may both write it: without Markdown marks, with single spaces."""
    return " ".join(plain(heading).split())
