"""A corpus of broken case studies next to good ones: `kb check` and `kb index` name every broken file with
the reason, index everything else, exit 1, and print no traceback."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.reader import OpenIndex
from kb.cli import main
from tests.conftest import valid_text, write

BROKEN = {
    "invalid-yaml.md": ("---\nid: [unclosed\n---\n\n## Resumen\n\ntexto\n", "invalid YAML"),
    "no-front-matter.md": ("## Resumen\n\nSolo texto.\n", "no front matter"),
    "missing-field.md": (valid_text(id="gt-a-missing").replace("place: Ciudad\n", ""), "place: is required"),
    "mistyped-field.md": (valid_text(id="gt-a-typed").replace('period: "2001-2004"', "period: [2001]"),
                          "period:"),
    "unknown-field.md": (valid_text(id="gt-a-unknown").replace("themes:", "theme: [x]\nthemes:"),
                         "theme: is not a field"),
    "unknown-vocabulary.md": (valid_text(id="gt-a-vocab").replace("[local-governance]", "[magic-beans]"),
                              "'magic-beans' is not a theme"),
    "dup-one.md": (valid_text(id="gt-a-dup"), "dup-two.md"),
    "dup-two.md": (valid_text(id="gt-a-dup"), "dup-one.md"),
    "empty-body.md": (valid_text(id="gt-a-empty").split("## Resumen")[0], "body: is empty"),
    "latin1.md": (valid_text(id="gt-a-latin").replace("prevención", "prevenci\xf3n").encode("latin-1"),
                  "not UTF-8"),
    "random.md": (bytes((i * 7919 + 13) % 256 for i in range(4096)), "file:"),
    "norway.md": (valid_text(id="no-oslo-ok", country="NO"), None),
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "practices"
    folder.mkdir()
    for name, (content, _) in BROKEN.items():
        write(folder, name, content)
    write(folder, "good-one.md", valid_text(id="gt-mixco-uno"))
    write(folder, "good-two.md", valid_text(id="gt-mixco-dos", body="Prevención de la violencia juvenil."))
    with open(folder / "huge.md", "wb") as f:
        f.write(b"---\n" + b"x" * (20 * 1024 * 1024))
    os.symlink(folder / "loop-a.md", folder / "loop-b.md")
    os.symlink(folder / "loop-b.md", folder / "loop-a.md")
    return folder


def test_kb_check_and_index_name_every_broken_file(corpus, tmp_path, monkeypatch):
    unreadable = corpus / "unreadable.md"
    unreadable.write_text(valid_text(id="gt-a-secret"))
    real = Path.read_bytes

    def read_bytes(self):  # root reads every file, so permissions are simulated
        if self.name == "unreadable.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    runner = CliRunner()
    check = runner.invoke(main, ["check", "--practices", str(corpus)])
    index = runner.invoke(main, ["index", "--practices", str(corpus), "--index", str(tmp_path / "idx")])
    assert check.exit_code == 1 and index.exit_code == 1
    for output in (check.stdout, index.stderr):
        assert "Traceback" not in output
        for name, (_, reason) in BROKEN.items():
            if reason:
                lines = [line for line in output.splitlines() if f"{name}:" in line]
                assert lines and any(reason in line for line in lines), (name, output)
        for name, reason in (("huge.md", "at most"), ("loop-a.md", "cannot be read"),
                             ("unreadable.md", "Permission denied")):
            assert any(name in line and reason in line for line in output.splitlines()), name
    index_dir = tmp_path / "idx"
    ids = sorted(OpenIndex.open(index_dir, "hashing").position)
    assert ids == ["gt-mixco-dos", "gt-mixco-uno", "no-oslo-ok"]  # Norway is valid: country NO
