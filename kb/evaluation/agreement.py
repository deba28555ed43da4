"""The human yardstick: a second assessor, blind to the judges' grades and to the engine, judged part of the set
again and ranked what they graded. Their ranking, read as a system's run, is measured against the judges' grades
exactly as the shipped ranking is; and the shipped ranking is measured against the second assessor's grades.

Files (tab-separated, header line): ``queries.tsv`` with ``qid doc_id grade rank`` and ``plans.tsv`` with
``plan section doc_id grade rank`` (rank 1 = the practice the assessor would show first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from kb.errors import KBError
from kb.evaluation import plans
from kb.evaluation.data import EvalSet, read_rows
from kb.evaluation.metrics import ANSWERS, METRICS, evaluate
from kb.ranking import Ranking
from kb.search import Searcher

QUERY_COLUMNS = ["qid", "doc_id", "grade", "rank"]
PLAN_COLUMNS = ["plan", "section", "doc_id", "grade", "rank"]


@dataclass
class Judged:
    """Grades and the assessor's order, by query id (queries) or by (plan, section) (plans)."""
    grades: dict = field(default_factory=dict)
    ranked: dict = field(default_factory=dict)


@dataclass
class Assessor:
    queries: Judged
    sections: Judged


def _judged(rows: list[dict[str, str]], key, path: Path) -> Judged:
    out = Judged()
    order: dict = {}
    for n, r in enumerate(rows, start=2):
        try:
            grade, rank = int(r["grade"]), int(r["rank"])
        except ValueError:
            raise KBError(f"{path}:{n}: grade and rank must be whole numbers") from None
        k = key(r)
        out.grades.setdefault(k, {})[r["doc_id"]] = grade
        order.setdefault(k, []).append((rank, r["doc_id"]))
    out.ranked = {k: [d for _, d in sorted(v)] for k, v in order.items()}
    return out


def load(folder: Path) -> Assessor | None:
    """The second assessor's files in ``folder``; None when there are none."""
    folder = Path(folder)
    queries, sections = folder / "queries.tsv", folder / "plans.tsv"
    if not queries.is_file() and not sections.is_file():
        return None
    return Assessor(
        _judged(read_rows(queries, QUERY_COLUMNS), lambda r: r["qid"], queries) if queries.is_file() else Judged(),
        _judged(read_rows(sections, PLAN_COLUMNS), lambda r: (r["plan"], plans.key(r["section"])), sections)
        if sections.is_file() else Judged())


def _answered(qrels: dict[str, dict[str, int]], qids: list[str]) -> list[str]:
    return [q for q in qids if any(g >= ANSWERS for g in qrels.get(q, {}).values())]


def _sections(runs: dict, grades: dict, keys: list) -> dict[str, float]:
    scores = [plans.section_scores(runs.get(k, []), grades.get(k, {})) for k in keys]
    return {"sections": len(keys), "precision@5": mean(p for p, _ in scores) if scores else 0.0,
            "recall@10": mean(r for _, r in scores) if scores else 0.0}


def measure(searcher: Searcher, evalset: EvalSet, judged_plans: dict, examples: Path, assessor: Assessor,
            ranking: Ranking | None = None) -> dict[str, dict]:
    """{row: {"queries": metrics and n, "sections": precision@5, recall@10 and n}} for three rows: the second
    assessor against the judges, the shipped ranking against the judges (on the same queries and sections), and
    the shipped ranking against the second assessor. Queries without a grade-2 practice in the grades used are
    left out of that row (their recall and MRR are undefined)."""
    qids = [q.qid for q in evalset.queries if q.qid in assessor.queries.ranked]
    texts = {q.qid: q.text for q in evalset.queries}
    shipped = {q: [h.practice.id for h in searcher.search(texts[q], k=10, ranking=ranking).hits] for q in qids}
    judges = {(plan, plans.key(h)): g for plan, sections in judged_plans.items() for h, g in sections.items()}
    keys = [k for k in assessor.sections.ranked if k in judges]
    suggested: dict = {}
    for plan in sorted({p for p, _ in keys}):
        for heading, ranked in plans.suggested(searcher, Path(examples) / plan).items():
            suggested[(plan, heading)] = ranked
    rows = {"second assessor vs the judges": (assessor.queries.ranked, evalset.qrels, assessor.sections.ranked,
                                               judges),
            "shipped vs the judges": (shipped, evalset.qrels, suggested, judges),
            "shipped vs the second assessor": (shipped, assessor.queries.grades, suggested,
                                               assessor.sections.grades)}
    out = {}
    for name, (run, qrels, section_runs, grades) in rows.items():
        answered = _answered(qrels, qids)
        out[name] = {"queries": {"n": len(answered), **evaluate(run, qrels, answered)},
                     "sections": _sections(section_runs, grades, keys)}
    return out


def table(result: dict[str, dict]) -> str:
    metrics = list(METRICS)
    lines = [f"{'second assessor (eval/agreement)':34} | queries: n " + "".join(f"{m:>9}" for m in metrics)
             + f" | plan sections: n {'P@5':>6} {'R@10':>6}"]
    for name, r in result.items():
        q, s = r["queries"], r["sections"]
        lines.append(f"{name:34} | {q['n']:>10} " + "".join(f"{q[m]:>9.3f}" for m in metrics)
                     + f" | {s['sections']:>16} {s['precision@5']:>6.3f} {s['recall@10']:>6.3f}")
    return "\n".join(lines)
