"""Run the evaluation set under each condition (keyword only, each encoder alone, the shipped ranking) and
compare the figures with the expected ones kept in the repository."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from kb.evaluation.data import EvalSet
from kb.evaluation.metrics import METRICS, evaluate
from kb.ranking import Ranking, default_ranking
from kb.retrieval import KEYWORD
from kb.search import Searcher

GROUPS = ("all", "cross-lingual", "same-language")
SHIPPED = "shipped"


@dataclass(frozen=True)
class Condition:
    name: str
    ranking: Ranking


def conditions(encoders: list[str]) -> list[Condition]:
    return ([Condition("keyword (BM25)", Ranking.single(KEYWORD))]
            + [Condition(name, Ranking.single(name)) for name in encoders]
            + [Condition(SHIPPED, default_ranking(encoders))])


def run(searcher: Searcher, evalset: EvalSet, ranking: Ranking, k: int = 10) -> dict[str, list[str]]:
    return {q.qid: [h.practice.id for h in searcher.search(q.text, k=k, ranking=ranking).hits]
            for q in evalset.queries}


def measure(searcher: Searcher, evalset: EvalSet, conds: list[Condition]) -> dict[str, dict[str, dict[str, float]]]:
    """{condition: {group: {metric: value}}}"""
    languages = {p.id: p.meta.language for p in searcher.index.practices}
    groups = evalset.groups(languages)
    out = {}
    for cond in conds:
        ranked = run(searcher, evalset, cond.ranking)
        out[cond.name] = {g: evaluate(ranked, evalset.qrels, groups[g]) for g in GROUPS}
    return out


def load_expected(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        return {"tolerance": 0.0, "conditions": {}}


def compare(results: dict, expected: dict) -> list[dict]:
    """One row per condition, group and metric: measured, expected and OK / FAIL (None when nothing is expected).
    A figure is OK when it is at least the expected one less the tolerance."""
    tolerance = float(expected.get("tolerance", 0.0))
    rows = []
    for cond, groups in results.items():
        for group, values in groups.items():
            for metric, value in values.items():
                want = expected.get("conditions", {}).get(cond, {}).get(group, {}).get(metric)
                ok = None if want is None else value >= want - tolerance
                rows.append({"condition": cond, "group": group, "metric": metric, "measured": round(value, 4),
                             "expected": want, "ok": ok})
    return rows


def table(rows: list[dict], counts: dict[str, int]) -> str:
    """The table a person reads: one line per condition, groups and metrics as columns."""
    metrics = list(METRICS)
    head = f"{'condition':22}" + "".join(f" | {g} (n={counts[g]})".ljust(3 + 19 * len(metrics)) for g in GROUPS)
    sub = f"{'':22}" + "".join(" | " + "".join(f"{m:>19}" for m in metrics) for _ in GROUPS)
    lines = [head, sub, "-" * len(sub)]
    by_cond: dict[str, dict[tuple[str, str], dict]] = {}
    for r in rows:
        by_cond.setdefault(r["condition"], {})[(r["group"], r["metric"])] = r
    for cond, cells in by_cond.items():
        line = f"{cond:22}"
        for g in GROUPS:
            line += " | "
            for m in metrics:
                r = cells[(g, m)]
                mark = "" if r["ok"] is None else (" OK " if r["ok"] else " FAIL")
                exp = "" if r["expected"] is None else f"/{r['expected']:.2f}"
                line += f"{r['measured']:.3f}{exp}{mark}".rjust(19)
        lines.append(line)
    lines.append("each cell: measured/expected and OK when measured >= expected - tolerance"
                 if any(r["ok"] is not None for r in rows) else "each cell: measured (no expected figures checked)")
    return "\n".join(lines)


def _floor(value: float) -> float:
    return math.floor(value * 1000) / 1000


def write_expected(path: Path, results: dict, tolerance: float = 0.01) -> None:
    """Store measured figures (rounded down to 3 decimals) as the expected ones."""
    expected = load_expected(path)
    expected["tolerance"] = tolerance
    expected["conditions"] = {c: {g: {m: _floor(v) for m, v in ms.items()} for g, ms in gs.items()}
                              for c, gs in results.items()}
    Path(path).write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", "utf-8")


def measure_plans(searcher: Searcher, judged: dict, examples: Path, expected_path: Path,
                  write: bool = False) -> dict:
    """The plan-suggestion figures of the ``judged`` sections (``plans.load``) with their checks against
    ``expected_path``'s "plans" entry."""
    from kb.evaluation import plans

    report = plans.measure(searcher, judged, examples) if judged else {"summary": {}, "files": [], "rows": []}
    expected = load_expected(expected_path)
    if write and judged:
        expected["plans"] = {m: _floor(report["summary"][m]) for m in ("precision@5", "recall@10")}
        Path(expected_path).write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tolerance = float(expected.get("tolerance", 0.0))
    report["checks"] = {m: {"measured": round(report["summary"][m], 4), "expected": want,
                            "ok": report["summary"][m] >= want - tolerance}
                        for m, want in expected.get("plans", {}).items() if m in report["summary"]}
    return report


def plan_table(report: dict) -> str:
    lines = [f"plan suggestions: {report['summary']['sections']} judged sections",
             f"{'plan / section':70} {'P@5':>6} {'R@10':>6}"]
    for r in report["rows"]:
        lines.append(f"{(r['plan'] + ' / ' + r['section'])[:70]:70} {r['precision@5']:>6.2f} {r['recall@10']:>6.2f}"
                     + ("" if r.get("found", True) else "  (not a section of the plan as read: counted as 0)"))
    for f in report.get("files", []):
        lines.append(f"{'average of ' + f['plan'] + ' (' + str(f['sections']) + ' sections)':70} "
                     f"{f['precision@5']:>6.3f} {f['recall@10']:>6.3f}")
    for metric, check in report["checks"].items():
        mark = "OK" if check["ok"] else "FAIL"
        lines.append(f"average {metric}: {check['measured']:.3f} (expected {check['expected']:.3f}) {mark}")
    if not report["checks"]:
        s = report["summary"]
        lines.append(f"average precision@5 {s['precision@5']:.3f}, recall@10 {s['recall@10']:.3f}")
    return "\n".join(lines)
