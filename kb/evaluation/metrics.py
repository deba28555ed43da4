"""Ranking metrics over graded judgments. A run is ``{qid: [doc_id, ...]}`` best first; qrels are
``{qid: {doc_id: grade}}`` with grade 2 = answers the need, 1 = partly useful, absent = 0."""

from __future__ import annotations

import math
from statistics import mean

ANSWERS = 2  # the grade of a practice that answers the need


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    """nDCG@k with linear gains (the grade), as trec_eval's ndcg_cut."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(d, 0) for d in ranked[:k]]) / ideal


def recall_at(ranked: list[str], judged: dict[str, int], k: int = 5) -> float:
    """Share of the grade-2 practices found in the first ``k``."""
    wanted = {d for d, g in judged.items() if g >= ANSWERS}
    if not wanted:
        return 0.0
    return len(wanted & set(ranked[:k])) / len(wanted)


def reciprocal_rank(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    """1 / the rank of the first grade-2 practice within the first ``k``; 0 when there is none."""
    for i, d in enumerate(ranked[:k]):
        if judged.get(d, 0) >= ANSWERS:
            return 1.0 / (i + 1)
    return 0.0


METRICS = {"nDCG@10": ndcg_at, "Recall@5": recall_at, "MRR": reciprocal_rank}


def evaluate(run: dict[str, list[str]], qrels: dict[str, dict[str, int]], qids: list[str]) -> dict[str, float]:
    """Each metric averaged over ``qids`` (a query missing from the run scores 0)."""
    if not qids:
        return {name: 0.0 for name in METRICS}
    return {name: mean(f(run.get(q, []), qrels.get(q, {})) for q in qids) for name, f in METRICS.items()}
