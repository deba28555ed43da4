"""Metric code on a handful of queries with values worked out by hand, and the `kb eval` table."""

import json
import math

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.evaluation.data import EvalSet, Query
from kb.evaluation.metrics import evaluate, ndcg_at, recall_at, reciprocal_rank
from kb.evaluation.runner import compare

QRELS = {
    "q1": {"a": 2, "b": 1, "c": 2},
    "q2": {"x": 2},
    "q3": {"y": 1, "z": 2},
}
RUN = {
    "q1": ["b", "a", "d", "c"],  # grades 1, 2, 0, 2
    "q2": ["m", "n", "o", "p", "q", "x"],  # the answer at rank 6
    "q3": ["z"],
}


def test_ndcg_by_hand():
    # q1: DCG = 1/log2(2) + 2/log2(3) + 0 + 2/log2(5); ideal = 2/1 + 2/log2(3) + 1/log2(4)
    dcg = 1 + 2 / math.log2(3) + 2 / math.log2(5)
    ideal = 2 + 2 / math.log2(3) + 1 / 2
    assert ndcg_at(RUN["q1"], QRELS["q1"]) == pytest.approx(dcg / ideal)
    assert ndcg_at(RUN["q1"], QRELS["q1"]) == pytest.approx(0.8302, abs=1e-4)  # 3.1232 / 3.7619
    assert ndcg_at(RUN["q2"], QRELS["q2"]) == pytest.approx(1 / math.log2(7))
    assert ndcg_at(RUN["q2"], QRELS["q2"], k=5) == 0.0
    # q3: only z (grade 2) retrieved, first: DCG = 2; ideal = 2 + 1/log2(3)
    assert ndcg_at(RUN["q3"], QRELS["q3"]) == pytest.approx(2 / (2 + 1 / math.log2(3)))


def test_recall_of_grade_2_at_5():
    assert recall_at(RUN["q1"], QRELS["q1"]) == 1.0  # a and c both in the first 5
    assert recall_at(RUN["q1"], QRELS["q1"], k=2) == 0.5
    assert recall_at(RUN["q2"], QRELS["q2"]) == 0.0
    assert recall_at(RUN["q3"], QRELS["q3"]) == 1.0


def test_reciprocal_rank_of_first_answer():
    assert reciprocal_rank(RUN["q1"], QRELS["q1"]) == 0.5  # b is only grade 1
    assert reciprocal_rank(RUN["q2"], QRELS["q2"]) == pytest.approx(1 / 6)
    assert reciprocal_rank(RUN["q2"], QRELS["q2"], k=5) == 0.0
    assert reciprocal_rank(RUN["q3"], QRELS["q3"]) == 1.0


def test_evaluate_averages_and_counts_missing_queries_as_zero():
    got = evaluate(RUN, QRELS, ["q1", "q3", "q-missing"])
    assert got["Recall@5"] == pytest.approx((1 + 1 + 0) / 3)
    assert got["MRR"] == pytest.approx((0.5 + 1 + 0) / 3)


def test_cross_lingual_group_needs_every_answer_in_the_other_language():
    evalset = EvalSet([Query("q1", "es", "..."), Query("q2", "es", "..."), Query("q3", "en", "...")], QRELS)
    langs = {"a": "en", "c": "en", "b": "es", "x": "es", "z": "es", "y": "en"}
    groups = evalset.groups(langs)
    assert groups["cross-lingual"] == ["q1", "q3"]  # q1: a, c in English; q3: z in Spanish
    assert groups["same-language"] == ["q2"]


def test_compare_marks_regressions():
    results = {"shipped": {"all": {"nDCG@10": 0.80, "MRR": 0.9}}}
    expected = {"tolerance": 0.01, "conditions": {"shipped": {"all": {"nDCG@10": 0.85, "MRR": 0.905}}}}
    rows = {r["metric"]: r for r in compare(results, expected)}
    assert rows["nDCG@10"]["ok"] is False and rows["MRR"]["ok"] is True


def _eval_set(tmp_path, practices, qids=("q1", "q2", "q3")) -> list:
    """A three-query set over the fixture corpus (one cross-lingual: the English bullying query), and the
    arguments of `kb eval` for it."""
    evaldir = tmp_path / "eval"
    evaldir.mkdir()
    a, b, c = qids
    (evaldir / "queries.tsv").write_text(f"qid\tlang\tquery\n{a}\tes\tportar armas de fuego fines de semana\n"
                                         f"{b}\ten\tbullying at school\n{c}\tes\tacoso escolar\n")
    (evaldir / "qrels.tsv").write_text(f"qid\tdoc_id\tgrade\n{a}\tco-cali-armas\t2\n{b}\tfi-school-bullying\t2\n"
                                       f"{c}\tfi-school-bullying\t2\n")
    return ["eval", "--set", evaldir, "--practices", practices, "--index", tmp_path / "idx", "--model", "hashing"]


def test_kb_eval_prints_the_table_and_exits_by_the_expected_figures(practices, tmp_path):
    args = _eval_set(tmp_path, practices)
    evaldir = tmp_path / "eval"
    r = CliRunner().invoke(main, [str(a) for a in args + ["--write-expected"]])
    assert r.exit_code == 0, r.output
    assert "keyword (BM25)" in r.stdout and "shipped" in r.stdout and "cross-lingual (n=1)" in r.stdout
    expected = json.loads((evaldir / "expected.json").read_text())
    expected["conditions"]["shipped"]["all"]["nDCG@10"] = 1.5  # impossible, tolerance included: must FAIL
    (evaldir / "expected.json").write_text(json.dumps(expected))
    r = CliRunner().invoke(main, [str(a) for a in args + ["--json"]])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["queries"] == {"all": 3, "cross-lingual": 1, "same-language": 2}
    failed = [row for row in data["rows"] if row["ok"] is False]
    assert [(f["condition"], f["group"], f["metric"]) for f in failed] == [("shipped", "all", "nDCG@10")]


def test_kb_eval_measures_a_subset_of_the_queries_without_checking_the_whole_sets_figures(practices, tmp_path):
    args = _eval_set(tmp_path, practices, qids=("q1", "h1", "h2"))
    (tmp_path / "eval" / "expected.json").write_text(json.dumps(
        {"tolerance": 0.0, "conditions": {"shipped": {"all": {"nDCG@10": 1.01}}}}))  # would FAIL on the whole set
    r = CliRunner().invoke(main, [str(a) for a in args + ["--queries", "h", "--json"]])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["queries"] == {"all": 2, "cross-lingual": 1, "same-language": 1}
    assert all(row["expected"] is None and row["ok"] is None for row in data["rows"])
    r = CliRunner().invoke(main, [str(a) for a in args + ["--queries", "x"]])
    assert r.exit_code == 2 and "no query id starts with 'x'" in r.output
    r = CliRunner().invoke(main, [str(a) for a in args + ["--queries", "h", "--write-expected"]])
    assert r.exit_code == 2 and "--write-expected" in r.output


def test_kb_eval_measures_a_second_assessors_ranking_as_a_run_against_the_judges(practices, tmp_path):
    args = [str(a) for a in _eval_set(tmp_path, practices)]
    folder = tmp_path / "eval" / "agreement"
    folder.mkdir()
    # q1: the judges' answer first; q2: the judges' answer second, after a practice the judges did not grade
    (folder / "queries.tsv").write_text("qid\tdoc_id\tgrade\trank\nq1\tco-cali-armas\t2\t1\n"
                                        "q2\tco-cali-armas\t1\t1\nq2\tfi-school-bullying\t2\t2\n")
    r = CliRunner().invoke(main, args + ["--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["agreement"]
    second = rows["second assessor vs the judges"]["queries"]
    assert second["n"] == 2  # q3 was not judged again
    assert second["nDCG@10"] == pytest.approx((1 + 1 / math.log2(3)) / 2)  # q2: DCG 2/log2(3), ideal 2
    assert second["Recall@5"] == 1.0 and second["MRR"] == pytest.approx((1 + 0.5) / 2)
    assert rows["shipped vs the judges"]["queries"]["n"] == 2
    assert rows["shipped vs the second assessor"]["sections"]["sections"] == 0  # no plan judged again
    r = CliRunner().invoke(main, args)
    assert "second assessor vs the judges" in r.stdout and "shipped vs the second assessor" in r.stdout
    (folder / "queries.tsv").write_text("qid\tdoc_id\tgrade\trank\nq1\tco-cali-armas\t2\tfirst\n")
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2 and "queries.tsv:2: grade and rank must be whole numbers" in r.output


def test_judged_plan_sections_load_with_messages_that_name_the_line(tmp_path):
    from kb.errors import KBError
    from kb.evaluation import plans
    assert plans.load(tmp_path / "plans.tsv") == {}  # no judged plans: nothing to measure
    path = tmp_path / "plans.tsv"
    path.write_text("plan\tsection\tdoc_id\tgrade\np.md\t3.1 Incidencia\tgt-a\t2\np.md\t3.1 Incidencia\tgt-b\t1\n"
                    "p.md\t4. Objetivos\tgt-a\t1\n", encoding="utf-8")
    assert plans.load(path) == {"p.md": {"3.1 Incidencia": {"gt-a": 2, "gt-b": 1}, "4. Objetivos": {"gt-a": 1}}}
    path.write_text("plan\tsection\tdoc_id\tgrade\np.md\t3.1 Incidencia\tgt-a\tdos\n", encoding="utf-8")
    with pytest.raises(KBError, match=r"plans.tsv:2: grade must be 0, 1 or 2"):
        plans.load(path)
    path.write_text("plan\tsection\tpractice\tgrade\n", encoding="utf-8")
    with pytest.raises(KBError, match="the header must be plan section doc_id grade"):
        plans.load(path)
