"""Keyword retrieval, several encoders in one index, and the fusion of their scores."""

import numpy as np
import pytest

from indexer.build import build_index
from indexer.encoders.hashing import HashingEncoder
from indexer.keyword import fts_query, terms
from indexer.reader import OpenIndex
from kb.language import guess
from kb.ranking import Ranking, fuse
from kb.retrieval import KEYWORD, PracticeScores
from kb.search import Searcher


def named(name, dimension):
    encoder = HashingEncoder(dimension)
    encoder.name = name
    return encoder


@pytest.fixture
def two(practices, tmp_path):
    encoders = [named("small", 64), named("large", 256)]
    build_index(practices, tmp_path / "idx", encoders)
    return OpenIndex.open(tmp_path / "idx", "small+large"), encoders


def test_one_index_holds_vectors_of_several_encoders(two):
    index, _ = two
    assert index.encoder == "small+large"
    assert {n: v.d for n, v in index.dense.items()} == {"small": 64, "large": 256}


def test_adding_an_encoder_reuses_the_vectors_of_the_other(practices, tmp_path):
    build_index(practices, tmp_path / "idx", [named("small", 64)])
    report = build_index(practices, tmp_path / "idx", [named("small", 64), named("large", 256)])
    assert report.embedded == report.passages and report.reused == report.passages


def test_keyword_terms_are_folded_and_stemmed_in_both_languages():
    assert "violenci" in terms("Violencias") and "violenc" in terms("violence")
    assert terms("Intervención") == terms("intervencion")
    assert "de" not in terms("de la violencia")
    assert fts_query('"armas" OR x*') == '"arma" OR "armas"'  # operators are quoted away, not run


def test_keyword_only_ranking(two):
    index, encoders = two
    searcher = Searcher(index, encoders, Ranking.single(KEYWORD))
    hits = searcher.search("discotecas madrugada", k=3).hits
    assert hits[0].practice.id == "co-bogota-alcohol"
    assert len(hits) == 1  # only practices that share a word are keyword candidates
    assert searcher.search("zzzz qqqq").hits == []


def test_keyword_search_reaches_a_practice_by_the_indicators_it_measured(two):
    index, encoders = two
    hits = Searcher(index, encoders, Ranking.single(KEYWORD)).search("habitantes", k=3).hits
    # only in co-cali-armas' front matter: indicators: ["homicidios por 100.000 habitantes"]
    assert [h.practice.id for h in hits] == ["co-cali-armas"]


def test_fused_ranking_combines_retrievers(two):
    index, encoders = two
    ranking = Ranking({"small": 1.0, "large": 1.0, KEYWORD: 0.5})
    result = Searcher(index, encoders, ranking).search("bullying in schools", k=6)
    assert result.hits[0].practice.id == "fi-school-bullying"
    assert len(result.hits) == 6
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_fuse_standardises_and_weights():
    runs = {"a": PracticeScores({0: 0.9, 1: 0.5, 2: 0.1}, {}), KEYWORD: PracticeScores({2: 10.0}, {})}
    fused = fuse(Ranking({"a": 1.0, KEYWORD: 1.0}), runs, [0, 1, 2], ["es", "en", "es"], "es")
    z_a = np.array([1.22474487, 0.0, -1.22474487])
    z_k = np.array([-0.70710678, -0.70710678, 1.41421356])
    assert np.allclose(fused, z_a + z_k)
    # keyword scores only for documents in the query's language
    gated = fuse(Ranking({KEYWORD: 1.0}, keyword_same_language=True), runs, [0, 1, 2], ["es", "en", "en"], "es")
    assert np.allclose(gated, [0.0, 0.0, 0.0])


def test_per_language_standardisation():
    runs = {"e5": PracticeScores({0: 0.9, 1: 0.8, 2: 0.5, 3: 0.4}, {})}
    fused = fuse(Ranking({"e5": 1.0}, per_language=frozenset({"e5"})), runs, [0, 1, 2, 3],
                 ["es", "es", "en", "en"], None)
    assert np.allclose(fused, [1.0, -1.0, 1.0, -1.0])  # each language's best ranks alike


def test_single_retriever_keeps_raw_scores():
    runs = {"a": PracticeScores({0: 0.7, 1: 0.2}, {})}
    assert np.allclose(fuse(Ranking.single("a"), runs, [0, 1], ["es", "es"], None), [0.7, 0.2])


@pytest.mark.parametrize("text, lang", [
    ("qué hicieron otras ciudades con los homicidios", "es"),
    ("what did other cities do about homicides", "en"),
    ("violencia", None),
    ("prevención", "es"),
])
def test_language_guess(text, lang):
    assert guess(text) == lang


def test_lexicon_translations_are_the_nearest_words_of_other_languages():
    from indexer.lexicon import Lexicon

    def unit(*xs):
        v = np.array(xs, dtype=np.float32)
        return v / np.linalg.norm(v)

    from indexer.glossary import Glossary

    words = {"en": ["gangs", "school", "bars"], "es": ["pandillas", "escuela"]}
    vectors = {"en": np.vstack([unit(1, 0, 0), unit(0, 1, 0), unit(0.2, 0.1, 1)]),
               "es": np.vstack([unit(1, 0.05, 0), unit(0, 1, 0.05)])}
    lexicon = Lexicon(words, vectors, glossary=Glossary({}, {}))  # no glossary: the vectors alone
    query = np.vstack([unit(1, 0.02, 0), unit(0, 0, 1)])  # "pandillas" and an unrelated word
    assert lexicon.translations(["pandillas", "nube"], query) == ["gangs", "bars"]  # each close enough
    assert "pandillas" not in lexicon.translations(["pandillas"], query[:1])  # never the word itself


def test_the_glossary_translates_first_and_the_vectors_only_the_words_it_does_not_know():
    from indexer.glossary import parse
    from indexer.lexicon import Lexicon

    glossary = parse(["# a comment", "lang\tword\ttranslations", "es\tpandillas\tgangs, street gang",
                      "es\tbogota\t", "en\tslums\ttugurios, asentamientos precarios", "es\tnube\tcloud"])
    assert glossary.get("pandillas") == ("gangs", "street", "gang")
    assert glossary.get("pandilla") == ("gangs", "street", "gang")  # by its stem
    assert glossary.get("tugurio") is None and glossary.get("slum") == ("tugurios", "asentamientos", "precarios")
    assert glossary.get("bogota") == ()  # known, left untranslated
    words = {"en": ["gangs", "bars"], "es": ["pandillas", "nube"]}
    vectors = {"en": np.eye(3, dtype=np.float32)[:2], "es": np.eye(3, dtype=np.float32)[[0, 2]]}
    lexicon = Lexicon(words, vectors, glossary=glossary)
    # "pandillas" from the glossary (its vector would give "gangs" only); "nube" by its vector, since no case
    # study says "cloud", the glossary's translation
    query = [None, np.array([0, 1, 0], dtype=np.float32), None]
    assert lexicon.translations(["pandillas", "nube", "bogota"], query) == ["gangs", "street", "gang", "bars"]
    assert lexicon.remembers("pandillas") and lexicon.remembers("bogota")  # no vector needed for them


def test_the_shipped_glossary_reads_and_knows_the_fields_words():
    from indexer.glossary import load

    glossary = load()
    assert len(glossary) > 3000
    assert "gangs" in glossary.get("pandillas") and "pandillas" in glossary.get("gangs")
    assert "homicidios" in glossary.get("murders") and glossary.get("guatemala") == ()  # a name: not translated


def test_the_glossary_translates_a_documents_words_one_sense_each():
    from indexer.glossary import parse

    glossary = parse(["lang\tword\ttranslations", "es\tpandillas\tgangs, street gang", "en\tgang\tpandilla, mara",
                      "es\tbogota\t", "es\tamanecederos\tafter-hours clubs, late bars"])
    # the words of each known word's first translation, by the word or its stem; stopwords ("after"), names and
    # unknown words give none
    assert glossary.translate("Las pandillas de Bogotá y una gang juvenil") == "gangs pandilla"
    assert glossary.translate("el amanecedero y la pandilla") == "hours clubs gangs"


def test_keyword_search_finds_a_case_study_in_the_other_language_by_its_translated_words(two):
    index, encoders = two
    plain = Searcher(index, encoders, Ranking.single(KEYWORD)).search("reuniones con miembros", k=6).hits
    assert "gb-glasgow-gangs" not in [h.practice.id for h in plain]
    ranking = Ranking({KEYWORD: 1.0}, document_translations=0.5)
    found = Searcher(index, encoders, ranking).search("reuniones con miembros", k=6).hits
    assert "gb-glasgow-gangs" in [h.practice.id for h in found]  # "members", "meetings", translated by the glossary


def test_the_index_keeps_a_lexicon_of_corpus_words_by_language(practices, tmp_path, encoder):
    build_index(practices, tmp_path / "idx", encoder)
    index = OpenIndex.open(tmp_path / "idx", "hashing")
    assert set(index.lexicon.words) == {"es", "en"}
    assert "discotecas" in index.lexicon.words["es"] and "bullying" in index.lexicon.words["en"]
    assert "the" not in index.lexicon.words["en"]  # stopwords are left out
    assert index.lexicon.vectors["es"].shape == (len(index.lexicon.words["es"]), encoder.dimension)


def test_the_shipped_ranking_translates_keywords(kb):
    searcher = kb.searcher
    assert searcher.ranking.translate_keywords and KEYWORD in searcher.ranking.retrievers
    assert searcher.ranking.document_translations > 0
    text = searcher.bilingual("discotecas madrugada")
    assert text.startswith("discotecas madrugada")


def test_feedback_moves_the_query_towards_the_top_practices_best_passages(two):
    index, encoders = two
    searcher = Searcher(index, encoders, Ranking.single("small"))
    query = encoders[0].encode_queries(["alcohol bares"])[0]
    runs = searcher._runs({"small": query}, None, index.size, None)
    top = sorted(runs["small"].scores, key=lambda p: -runs["small"].scores[p])[:2]
    centre = index.vectors("small", np.array([runs["small"].passages[p] for p in top])).mean(axis=0)
    moved = searcher._feedback({"small": query}, runs, top, 0.5)["small"]
    expected = query + 0.5 * centre
    assert np.allclose(moved, expected / np.linalg.norm(expected), atol=1e-6)
    assert np.isclose(np.linalg.norm(moved), 1.0, atol=1e-6)


def test_feedback_reranks_and_keeps_every_answer_valid(two):
    index, encoders = two
    plain = Ranking({"small": 1.0, KEYWORD: 0.7}, translate_keywords=False)
    with_feedback = Ranking({"small": 1.0, KEYWORD: 0.7}, feedback_docs=2, feedback_weight=1.0)
    searcher = Searcher(index, encoders, plain)
    a = searcher.search("jóvenes en riesgo y pandillas", k=6, ranking=plain)
    b = searcher.search("jóvenes en riesgo y pandillas", k=6, ranking=with_feedback)
    assert len(b.hits) == len(a.hits) and len({h.practice.id for h in b.hits}) == len(b.hits)
    assert [h.score for h in b.hits] == sorted((h.score for h in b.hits), reverse=True)
    assert [h.practice.id for h in a.hits] != [h.practice.id for h in b.hits] or \
        [h.score for h in a.hits] != [h.score for h in b.hits]  # the second pass changed the scores


@pytest.mark.parametrize("grid", [True, False])
def test_grouping_every_passage_matches_grouping_a_sorted_search(grid):
    from kb.retrieval import PracticeGroups, best_by_practice, best_of_all

    rng = np.random.default_rng(7)
    owner = np.repeat(np.arange(6), [3, 1, 4, 2, 1, 5])
    starts = np.concatenate(([0], np.cumsum(np.bincount(owner))))
    groups = PracticeGroups(starts)
    assert groups.grid  # small: the grid layout; the other is for practices of very unequal length
    groups.grid = grid
    for trial in range(50):
        scores = rng.integers(0, 5, len(owner)).astype(np.float32)  # small integers: many ties
        scores[rng.random(len(owner)) < 0.3] = -np.inf  # passages not retrieved (filtered or no keyword)
        kept = np.flatnonzero(scores > -np.inf)
        order = kept[np.lexsort((kept, -scores[kept]))]  # what a search returns: best first, ties by id
        expected = best_by_practice(order, scores[order], owner)
        got = best_of_all(scores, groups)
        assert got.scores == expected.scores and got.passages == expected.passages
        assert got.second == expected.second
        assert np.array_equal(best_of_all(scores, groups, second=False).best_all, got.best_all)


def test_the_exact_fast_path_ranks_as_the_sorted_search(two):
    index, encoders = two
    searcher = Searcher(index, encoders, Ranking({"small": 1.0, KEYWORD: 0.7}, feedback_docs=2, feedback_weight=0.6))
    assert index.practice_starts is not None
    fast = searcher.search("violencia juvenil y pandillas en el barrio", k=6)
    index.practice_starts = None  # the general path: FAISS search, then grouping by sorting
    slow = searcher.search("violencia juvenil y pandillas en el barrio", k=6)
    assert [h.practice.id for h in fast.hits] == [h.practice.id for h in slow.hits]
    assert [h.passage for h in fast.hits] == [h.passage for h in slow.hits]
    assert np.allclose([h.score for h in fast.hits], [h.score for h in slow.hits], atol=1e-5)
