from kb.markdown import plain_text, render, sections


def test_sections_split_at_level_two_headings_with_file_lines():
    body = "Intro line.\n\n## Resumen\nUno **dos**.\n\n### Sub\nTres.\n\n## Resultados\nCuatro.\n"
    secs = sections(body, first_line=10)
    assert [(s.heading, s.line) for s in secs] == [("", 10), ("Resumen", 12), ("Resultados", 18)]
    assert "### Sub" in secs[1].text  # level-3 headings stay inside their section
    assert secs[2].text == "Cuatro."


def test_render_escapes_raw_html():
    html = render("Hola <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_plain_text_drops_markup_and_keeps_words():
    assert plain_text("Uno **dos**\ntres\n\n- cuatro\n- [cinco](http://x)") == "Uno dos tres\ncuatro\ncinco"
