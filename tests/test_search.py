"""Search with the deterministic hashing encoder: ranking by best passage, filters, facets, similar."""

import pytest

from kb.errors import BadQuery, NotFound
from kb.filters import Filters


def test_best_practice_first_with_section_and_snippet(kb):
    result = kb.searcher.search("portar armas de fuego los fines de semana", k=3)
    top = result.hits[0]
    assert top.practice.id == "co-cali-armas"
    assert top.section == "Resumen"
    assert "armas de fuego" in top.snippet
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    assert len({h.practice.id for h in result.hits}) == len(result.hits)  # each practice once


def test_result_dict_has_the_contract_fields(kb):
    data = kb.searcher.search("bullying in schools", k=2).to_dict()
    assert data["query"] == "bullying in schools"
    assert set(data["results"][0]) >= {"id", "title", "country", "place", "language", "evidence", "themes",
                                       "score", "section", "snippet"}
    assert data["results"][0]["id"] == "fi-school-bullying"


def test_filters_still_return_k_when_enough_match(kb):
    result = kb.searcher.search("road deaths", k=3, filters=Filters.of(language=["es"]))
    assert len(result.hits) == 3
    assert {h.practice.meta.language for h in result.hits} == {"es"}
    assert result.total == 3


def test_filters_or_within_a_facet_and_across_facets(kb):
    f = Filters.of(country=["CO", "GB"], gt_axis=["armed-violence"])
    ids = {h.practice.id for h in kb.searcher.search("violence", k=10, filters=f).hits}
    assert ids == {"co-cali-armas", "co-bogota-alcohol", "gb-glasgow-gangs"}
    f = Filters.of(country=["CO"], theme=["nightlife"])
    assert [h.practice.id for h in kb.searcher.search("violence", k=10, filters=f).hits] == ["co-bogota-alcohol"]


def test_a_filter_nothing_passes_gives_no_hits(kb):
    result = kb.searcher.search("violence", filters=Filters.of(country=["AR"]))
    assert result.hits == [] and result.total == 0


def test_facet_counts_leave_out_their_own_filter(kb):
    facets = kb.searcher.search("violencia", filters=Filters.of(country=["CO"])).facets
    assert facets["country"] == {"CO": 2, "GB": 1, "ES": 1, "FI": 1, "NO": 1}  # every country stays choosable
    assert facets["language"] == {"es": 2}  # other facets count within Colombia
    assert facets["theme"]["nightlife"] == 1


@pytest.mark.parametrize("name, value, words", [
    ("theme", "magic", "unknown theme 'magic'"),
    ("country", "Colombia", "unknown country"),
    ("evidence", "good", "evidence level"),
    ("gt_axis", "x", "axis"),
])
def test_unknown_filter_values(name, value, words):
    with pytest.raises(BadQuery, match=words):
        Filters.of(**{name: [value]})


@pytest.mark.parametrize("query, words", [("", "empty"), ("   \x00 \n", "empty"), ("x" * 1001, "1,001 characters")])
def test_bad_queries(kb, query, words):
    with pytest.raises(BadQuery, match=words):
        kb.searcher.search(query)


@pytest.mark.parametrize("text, cleaned", [
    ("  violencia   en\tel\nbarrio ", "violencia en el barrio"),
    ("jóvenes\u00a0y\u2028pandillas", "jóvenes y pandillas"),  # Unicode spaces and line separators
    ("a\x00b\u200bc\u202ed\ufeff", "a b c d"),  # control and format characters become spaces
    ("\x00\x01\x7f", ""),
    ("👮 ﷽ plain", "👮 ﷽ plain"),
])
def test_clean_query_removes_control_characters_and_collapses_whitespace(text, cleaned):
    from kb.text import clean_query
    assert clean_query(text) == cleaned


@pytest.mark.parametrize("k", [0, 51, -1, True])
def test_bad_k(kb, k):
    with pytest.raises(BadQuery, match="k must be"):
        kb.searcher.search("violence", k=k)


def test_similar_excludes_itself_and_ranks_by_closeness(kb):
    hits = kb.searcher.similar("co-cali-armas", k=5)
    ids = [h.practice.id for h in hits]
    assert "co-cali-armas" not in ids and len(ids) == 5
    with pytest.raises(NotFound):
        kb.searcher.similar("../etc/passwd")


def test_query_embeddings_are_cached(kb, monkeypatch):
    searcher = kb.searcher
    encoder = searcher.encoders[0]
    calls = []
    original = encoder.encode_queries
    monkeypatch.setattr(encoder, "encode_queries", lambda texts: calls.append(texts) or original(texts))
    first = searcher.search("alcohol de madrugada")
    second = searcher.search("alcohol de madrugada")
    assert calls == [["alcohol de madrugada"]]  # its words are corpus words: the lexicon has their vectors
    searcher.search("alcohol zzzword")
    assert calls[1] == ["alcohol zzzword", "zzzword"]  # an unknown word is embedded with the query, in one batch
    assert [h.practice.id for h in first.hits] == [h.practice.id for h in second.hits]


def test_snippet_prefers_sentences_with_query_words():
    from kb.snippets import snippet

    text = "First sentence about parks. Second one is about alcohol sales at night. Third about roads."
    assert snippet(text, "alcohol night").startswith("Second one")
    assert snippet(text, "nothing matches") .startswith("First")
    assert len(snippet("word " * 200, "word")) <= 261


def test_a_query_that_asks_for_an_evaluation_design_raises_the_practices_evaluated_so(kb):
    import dataclasses
    searcher = kb.searcher
    query = "homicidios con armas de fuego: programas evaluados con grupo de control"
    plain = searcher.search(query, k=6, ranking=dataclasses.replace(searcher.ranking, evidence_prior=0.0))
    assert plain.evidence == [] and plain.hits[0].practice.id == "co-cali-armas"
    raised = searcher.search(query, k=6, ranking=dataclasses.replace(searcher.ranking, evidence_prior=10.0))
    assert raised.evidence == ["randomised trial"]
    # the fixtures' one randomised trial comes first; the others keep their order
    ids = [h.practice.id for h in raised.hits]
    assert ids[0] == "fi-school-bullying"
    assert ids[1:] == [h.practice.id for h in plain.hits if h.practice.id != "fi-school-bullying"]
    shipped = searcher.search(query, k=6)
    assert shipped.evidence == ["randomised trial"] and shipped.to_dict()["evidence_asked"] == ["randomised trial"]
    # a query that asks nothing of the evaluations is ranked as before
    other = "homicidios con armas de fuego los fines de semana"
    assert [h.score for h in searcher.search(other, k=6).hits] == [
        h.score for h in searcher.search(other, k=6, ranking=dataclasses.replace(searcher.ranking,
                                                                                  evidence_prior=0.0)).hits]


def test_search_many_ranks_each_distinct_query_once_and_answers_as_search(kb, monkeypatch):
    searcher = kb.searcher
    seen: list[str] = []
    encode = searcher.encoders[0].encode_queries

    def counting(texts):
        seen.extend(texts)
        return encode(texts)

    monkeypatch.setattr(searcher.encoders[0], "encode_queries", counting)
    queries = ["gang violence in schools", "  \x00 ", "homicidios en bares de noche", "gang violence  in schools"]
    out = searcher.search_many(queries, k=3)
    assert [len(hits) for hits in out] == [3, 0, 3, 3]
    assert seen.count("gang violence in schools") == 1  # the repeated query (once cleaned) was embedded once
    for query, hits in zip(queries, out):
        if hits:
            expected = searcher.search(query, k=3).hits
            assert [(h.practice.id, round(h.score, 6)) for h in hits] == \
                [(h.practice.id, round(h.score, 6)) for h in expected]
    assert out[0] is not out[3] and out[0] == out[3]


def test_a_blend_of_one_query_searches_as_the_query_does(kb):
    query = "bares y discotecas cerrados de madrugada para reducir riñas"
    [blend] = kb.searcher.search_blends([([query], query)], k=4)
    [alone] = kb.searcher.search_many([query], k=4)
    assert [h.practice.id for h in blend] == [h.practice.id for h in alone]
    assert [h.score for h in blend] == pytest.approx([h.score for h in alone], abs=1e-5)


def test_a_blend_searches_with_the_mean_of_its_parts_and_keywords_with_its_own_text(kb):
    bars = "bares y discotecas cerrados de madrugada para reducir riñas y consumo de alcohol"
    roads = "road safety speed limits traffic deaths"
    # no text: dense search alone, by the mean of the parts' vectors, finds both topics
    [mixed] = kb.searcher.search_blends([([bars, roads], "")], k=2)
    assert {h.practice.id for h in mixed} == {"co-bogota-alcohol", "no-road-safety"}
    # the blend's own text is what keyword search looks for: words none of its parts has
    [both, nothing] = kb.searcher.search_blends([([bars], "armas de fuego porte restricción"), ([], "")], k=6)
    by_text = {h.practice.id: h.score for h in both}
    [plain] = kb.searcher.search_blends([([bars], "")], k=6)
    assert by_text["co-cali-armas"] > {h.practice.id: h.score for h in plain}.get("co-cali-armas", -1e9)
    assert nothing == []
