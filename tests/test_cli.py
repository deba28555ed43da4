"""The ``kb`` command line: output and exit statuses."""

import json

from click.testing import CliRunner

from kb.cli import main
from tests.conftest import valid_text, write


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_check_valid_corpus_exits_0(practices):
    r = run("check", "--practices", practices)
    assert r.exit_code == 0 and r.stdout == ""
    assert "6 files checked: 6 valid, 0 with problems" in r.stderr


def test_check_reports_file_line_field_and_exits_1(practices):
    write(practices, "bad.md", valid_text().replace("scale: municipal", "scale: big"))
    r = run("check", "--practices", practices)
    assert r.exit_code == 1
    assert r.stdout.strip() == "practices/bad.md:7: scale: 'big' is not a scale; expected one of: " \
                               "neighbourhood, municipal, metropolitan, regional, national, international"


def test_check_json(practices):
    write(practices, "bad.md", "nothing")
    data = json.loads(run("check", "--practices", practices, "--json").stdout)
    assert data["valid"] == 6 and data["problems"][0]["field"] == "front matter"


def test_practices_from_the_environment(practices, monkeypatch):
    from kb.settings import get_settings

    monkeypatch.setenv("KB_PRACTICES", str(practices))
    get_settings.cache_clear()
    assert "6 valid" in run("check").stderr


def test_index_exits_1_when_files_are_rejected_and_indexes_the_rest(practices, tmp_path):
    write(practices, "bad.md", b"\xff\xfe")
    r = run("index", "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 1
    assert "bad.md:1: file: is not UTF-8" in r.stderr
    assert "indexed 6 practices" in r.stdout and "1 file(s) rejected" in r.stdout
    (practices / "bad.md").unlink()
    r = run("index", "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 0 and "up to date" in r.stdout


def test_search_json_builds_the_index_when_missing(practices, tmp_path):
    r = run("search", "portar armas de fuego los fines de semana", "--json", "--k", 2,
            "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["results"][0]["id"] == "co-cali-armas"
    assert {"id", "title", "score", "section", "snippet"} <= set(data["results"][0])


def test_search_text_output_uses_labels(practices, tmp_path):
    r = run("search", "bullying", "--language", "en", "--k", 1, "--practices", practices,
            "--index", tmp_path / "idx")
    assert r.exit_code == 0
    assert "School anti-bullying programme" in r.stdout and "Prevención en la escuela" in r.stdout
    r = run("search", "acoso escolar", "--k", 1, "--practices", practices, "--index", tmp_path / "idx")
    assert "also searched for: harassment, bullying, stalking, school" in r.stdout


def test_bad_query_and_filter_exit_2_with_one_line(practices, tmp_path):
    for args in (["search", ""], ["search", "x", "--theme", "magic"], ["search", "x", "--k", "0"]):
        r = run(*args, "--practices", practices, "--index", tmp_path / "idx")
        assert r.exit_code == 2, args
        assert r.stderr.startswith("kb: ") and r.stderr.count("\n") == 1
        assert "Traceback" not in r.stderr


def test_encoder_mismatch_is_one_clear_line(practices, tmp_path, monkeypatch):
    run("index", "--practices", practices, "--index", tmp_path / "idx")
    from indexer import store
    import json as j

    folder = store.current_build(tmp_path / "idx")
    data = j.loads((folder / "manifest.json").read_text())
    data["encoder"] = "e5-small"
    (folder / "manifest.json").write_text(j.dumps(data))
    from kb.service import KnowledgeBase
    from kb.settings import Settings

    kb = KnowledgeBase(Settings(practices=practices, index=tmp_path / "idx", model="hashing"))
    import pytest
    from kb.errors import IndexMismatch

    with pytest.raises(IndexMismatch, match="built with the encoder 'e5-small'"):
        kb.searcher


def test_unknown_model_exits_2(practices, tmp_path, monkeypatch):
    from kb.settings import get_settings

    monkeypatch.setenv("KB_MODEL", "gpt-9")
    get_settings.cache_clear()
    r = run("index", "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 2 and "unknown model 'gpt-9'" in r.stderr


def test_new_writes_a_valid_skeleton(practices):
    r = run("new", "gt-mixco-escuelas-seguras", "--language", "en", "--practices", practices)
    assert r.exit_code == 0
    text = (practices / "gt-mixco-escuelas-seguras.md").read_text()
    assert "## Lessons and transferability" in text and "country: GT" in text
    assert run("check", "--practices", practices).exit_code == 0


def test_new_refuses_existing_or_invalid_ids(practices):
    assert run("new", "co-cali-armas", "--practices", practices).exit_code == 2
    r = run("new", "Not A Slug", "--practices", practices)
    assert r.exit_code == 2 and "not a valid id" in r.stderr


def test_suggest_prints_a_report_and_json(practices, tmp_path):
    from tests.plans import PLAN_MD

    plan = tmp_path / "plan.md"
    plan.write_text(PLAN_MD)
    common = ["--practices", practices, "--index", tmp_path / "idx"]
    r = run("suggest", plan, "--k", 2, *common)
    assert r.exit_code == 0
    assert "■ 3.1 Violencia armada" in r.stdout and "(not used: legal-framework)" in r.stdout
    data = json.loads(run("suggest", plan, "--json", *common).stdout)
    assert [s["heading"] for s in data["sections"]][1] == "1. Marco legal e institucional"


def test_suggest_unreadable_file_exits_2(practices, tmp_path):
    bad = tmp_path / "plan.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    r = run("suggest", bad, "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 2 and "damaged PDF" in r.stderr and "Traceback" not in r.stderr
    r = run("suggest", tmp_path / "missing.md", "--practices", practices, "--index", tmp_path / "idx")
    assert r.exit_code == 2 and "cannot read" in r.stderr
