"""`kb eval` on the shipped evaluation set meets the expected figures (slow tier: embeds the corpus with both
packaged encoders, a few minutes on two cores the first time)."""

import json

import pytest
from click.testing import CliRunner

from kb.cli import main
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_kb_eval_meets_the_expected_figures_and_the_shipped_ranking_wins(tmp_path):
    args = ["eval", "--set", str(REPO / "eval"), "--practices", str(REPO / "practices"),
            "--index", str(tmp_path / "eval-index"), "--json"]
    r = CliRunner().invoke(main, args)
    data = json.loads(r.stdout)
    failed = [row for row in data["rows"] if row["ok"] is False]
    assert r.exit_code == 0 and failed == [], failed
    value = {(row["condition"], row["group"], row["metric"]): row["measured"] for row in data["rows"]}
    for group in ("all", "cross-lingual", "same-language"):
        for single in ("keyword (BM25)", "use-multilingual", "e5-small"):
            assert value[("shipped", group, "nDCG@10")] > value[(single, group, "nDCG@10")], (group, single)
