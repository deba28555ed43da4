"""Every rule of the practice format, and the messages that name file, line and field."""

import os

import pytest

from kb.corpus import load
from tests.conftest import valid_text, write


def problems_of(folder, name, text):
    write(folder, name, text)
    corpus = load(folder)
    return [p for p in corpus.problems if p.path.endswith(name)], corpus


def test_the_fixture_corpus_is_valid(practices):
    corpus = load(practices)
    assert corpus.problems == []
    assert [p.id for p in corpus.practices] == sorted(p.id for p in corpus.practices)
    assert len(corpus.practices) == 6


def test_country_no_is_norway(practices):
    norway = load(practices).by_id["no-road-safety"]
    assert norway.meta.country == "NO"


def test_unknown_field_is_rejected_with_a_suggestion(tmp_path):
    text = valid_text().replace("themes:", "theme: [local-governance]\nthemes:")
    found, corpus = problems_of(tmp_path, "a.md", text)
    assert corpus.practices == []
    assert [(p.line, p.field) for p in found] == [(9, "theme")]
    assert "did you mean 'themes'" in found[0].message
    assert str(found[0]) == f"a.md:9: theme: {found[0].message}"


@pytest.mark.parametrize("old, new, field, words", [
    ("themes: [local-governance]", "themes: [local-governance, magic]", "themes[1]", "'magic' is not a theme"),
    ("themes: [local-governance]", "themes: []", "themes", "at least 1"),
    ("themes: [local-governance]", "themes: [local-governance, nightlife, road-safety, school-based, "
     "culture-sport, child-protection, youth-at-risk]", "themes", "at most 6"),
    ("themes: [local-governance]", "themes: [nightlife, nightlife]", "themes", "more than once"),
    ("target_groups: [general-population]", "target_groups: [aliens]", "target_groups[0]", "not a target group"),
    ("level: not-evaluated", "level: great", "evidence.level", "not an evidence level"),
    ("level: not-evaluated", "level: promising\n  design: anecdote", "evidence.design", "not an evaluation design"),
    ("level: not-evaluated", "level: promising\n  score: 3", "evidence.score", "not a field"),
    ("id: gt-mixco-prueba", "id: GT_Mixco", "id", "lower-case slug"),
    ("id: gt-mixco-prueba", "id: " + "a" * 81, "id", "at most 80"),
    ('period: "2001-2004"', "period: 2001", "period", "quoted string"),
    ('period: "2001-2004"', 'period: "early 2000s"', "period", "not a period"),
    ('period: "2001-2004"', 'period: "2004-2001"', "period", "ends before"),
    ("country: GT", "country: gt", "country", "upper case"),
    ("country: GT", "country: XX", "country", "not an ISO 3166-1"),
    ("language: es", "language: spanish", "language", "ISO 639-1"),
    ("scale: municipal", "scale: city", "scale", "not a scale"),
    ('title: "Prueba"', 'title: ""', "title", "at least 1 character"),
    ('  - title: "Fuente"', "  - url: https://example.org", "sources[0].title", "required"),
    ('sources:\n  - title: "Fuente"', "sources: []", "sources", "at least 1"),
    ("place: Ciudad\n", "", "place", "required but missing"),
])
def test_each_rule_names_the_field(tmp_path, old, new, field, words):
    text = valid_text()
    assert old in text
    found, _ = problems_of(tmp_path, "p.md", text.replace(old, new, 1))
    assert [p.field for p in found] == [field], found
    assert words in found[0].message


def test_line_numbers_point_at_the_field(tmp_path):
    found, _ = problems_of(tmp_path, "p.md", valid_text().replace("level: not-evaluated", "level: great"))
    assert found[0].line == 12  # evidence.level is on line 12 of the file


def test_several_problems_are_all_reported(tmp_path):
    text = valid_text().replace("country: GT", "country: Guatemala").replace("scale: municipal", "scale: big")
    found, _ = problems_of(tmp_path, "p.md", text)
    assert sorted(p.field for p in found) == ["country", "scale"]


def test_duplicate_ids_reject_both_files_naming_the_other(tmp_path):
    write(tmp_path, "one.md", valid_text(id="gt-x-same"))
    write(tmp_path, "two.md", valid_text(id="gt-x-same"))
    write(tmp_path, "three.md", valid_text(id="gt-x-other"))
    corpus = load(tmp_path)
    assert [p.id for p in corpus.practices] == ["gt-x-other"]
    by_file = {p.path: p for p in corpus.problems}
    assert "two.md" in by_file["one.md"].message and "one.md" in by_file["two.md"].message
    assert by_file["one.md"].field == "id" and by_file["one.md"].line == 2


@pytest.mark.parametrize("content, field, words", [
    (b"---\nid: a\n---\n\xff\xfe bad bytes\n", "file", "not UTF-8"),
    ("no front matter at all\n", "front matter", "no front matter"),
    (valid_text().split("## Resumen")[0], "body", "empty"),
    ("---\nid: [oops\n---\n\ntext\n", "front matter", "invalid YAML"),
    (bytes(range(256)) * 4, "file", "not UTF-8"),
])
def test_unusable_files_are_rejected_with_a_message(tmp_path, content, field, words):
    found, _ = problems_of(tmp_path, "bad.md", content)
    assert [p.field for p in found] == [field]
    assert words in found[0].message


def test_non_utf8_message_gives_the_line(tmp_path):
    found, _ = problems_of(tmp_path, "bad.md", b"---\nid: a\ntitle: caf\xe9\n---\nx\n")
    assert found[0].line == 3


def test_a_broken_file_does_not_stop_the_others(practices):
    write(practices, "zz-broken.md", "---\nnot: [valid\n")
    corpus = load(practices)
    assert len(corpus.practices) == 6
    assert corpus.rejected == [str(practices.relative_to(os.getcwd()) / "zz-broken.md")]


def test_huge_files_symlink_loops_and_unreadable_files(tmp_path):
    write(tmp_path, "good.md", valid_text())
    with open(tmp_path / "huge.md", "wb") as f:
        f.truncate(20 * 1024 * 1024)
    os.symlink(tmp_path / "loop-a.md", tmp_path / "loop-b.md")
    os.symlink(tmp_path / "loop-b.md", tmp_path / "loop-a.md")
    os.symlink(tmp_path, tmp_path / "subdir-loop")  # a folder link is not followed
    corpus = load(tmp_path)
    assert [p.id for p in corpus.practices] == ["gt-mixco-prueba"]
    messages = {p.path: p.message for p in corpus.problems}
    assert "at most" in messages["huge.md"]
    assert "cannot be read" in messages["loop-a.md"] and "cannot be read" in messages["loop-b.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_permissions(tmp_path):
    path = write(tmp_path, "secret.md", valid_text())
    path.chmod(0)
    corpus = load(tmp_path)
    assert "cannot be read" in corpus.problems[0].message


def test_readme_and_hidden_folders_are_not_case_studies(tmp_path):
    write(tmp_path, "README.md", "# How to write a case study\n")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git", "x.md", "junk")
    write(tmp_path, "ok.md", valid_text())
    corpus = load(tmp_path)
    assert corpus.files == ["ok.md"] and corpus.problems == []


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    corpus = load(tmp_path / "nowhere")
    assert corpus.practices == [] and "does not exist" in corpus.problems[0].message


def test_labels_in_both_languages(practices):
    p = load(practices).by_id["co-cali-armas"]
    assert p.meta.labels("themes", "es") == ["Control de armas", "Gobernanza local y planes de prevención"]
    assert p.meta.labels("themes", "en") == ["Firearms control", "Local governance and prevention plans"]
    assert p.meta.labels("gt_axes", "en") == ["Armed violence"]
