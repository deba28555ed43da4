import pytest

from kb.frontmatter import FrontMatterError, split


def test_yaml_12_keeps_no_as_a_string():
    doc = split("---\ncountry: NO\nother: yes\nflag: true\n---\nbody\n")
    assert doc.data == {"country": "NO", "other": "yes", "flag": True}


def test_lines_of_keys_and_items_are_file_lines():
    doc = split("---\nid: x\nthemes:\n  - a\n  - b\nevidence:\n  level: y\n---\n\ntext\n")
    assert doc.line_of(("id",)) == 2
    assert doc.line_of(("themes", 1)) == 5
    assert doc.line_of(("evidence", "level")) == 7
    assert doc.line_of(("evidence", "missing")) == 6  # falls back to the parent
    assert doc.body_line == 9
    assert doc.body == "\ntext\n"


@pytest.mark.parametrize("text, message, line", [
    ("no front matter here\n", "no front matter", 1),
    ("---\nid: x\nbody without closing\n", "not closed", 1),
    ("---\nid: [unclosed\n---\nbody\n", "invalid YAML", 3),
    ("---\nid: a\nid: b\n---\nbody\n", "duplicate key", 3),
    ("---\n- a list\n---\nbody\n", "mapping", 2),
    ("---\n---\nbody\n", "empty", 1),
])
def test_front_matter_errors(text, message, line):
    with pytest.raises(FrontMatterError) as info:
        split(text)
    assert message in str(info.value)
    assert info.value.line == line
