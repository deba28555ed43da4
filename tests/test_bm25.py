"""The in-memory BM25 gives FTS5's bm25() scores, on a toy index and on the fixture corpus."""

import numpy as np
import pytest

from indexer.bm25 import Postings, tokens
from indexer.build import build_index
from indexer.reader import OpenIndex
from kb.retrieval import KeywordRetriever


def test_scores_follow_the_bm25_formula_worked_by_hand():
    docs = ["arma fueg arma", "arma", "bar noch alcohol alcohol"]
    p = Postings.build(docs)
    avg = (3 + 1 + 4) / 3
    # 'arma' is in 2 of 3 documents: idf = log((3 - 2 + 0.5) / (2 + 0.5)) < 0, so FTS5 uses 1e-6
    # 'alcohol' is in 1: idf = log(2.5 / 1.5); doc 2 has it twice in 4 tokens
    idf = np.log(2.5 / 1.5)
    expected = idf * 2 * 2.2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 4 / avg))
    scores, matched = p.scores(["alcohol", "nada"])
    assert matched.tolist() == [False, False, True]
    assert scores[2] == pytest.approx(expected) and scores[0] == 0
    ids, top = p.search(["arma", "alcohol"], 10)
    # alcohol's idf dwarfs arma's 1e-6; then the one-word document beats the one with 'arma' twice in three
    # words: 2.2 / (1 + 1.2 (0.25 + 0.75 * 1/avg)) > 2 * 2.2 / (2 + 1.2 (0.25 + 0.75 * 3/avg))
    assert ids.tolist() == [2, 1, 0]
    assert top[1] == pytest.approx(1e-6 * 2.2 / (1 + 1.2 * (0.25 + 0.75 / avg)))
    assert top[1] > top[2] > 0


def test_ties_are_broken_by_passage_and_the_filter_applies():
    p = Postings.build(["a b", "a b", "a b", "c"])
    assert p.search(["a"], 2)[0].tolist() == [0, 1]
    assert p.search(["a"], 5, np.array([False, True, True, True]))[0].tolist() == [1, 2]
    assert p.search(["zzz"], 5)[0].tolist() == []
    assert Postings.build([]).search(["a"], 3)[0].tolist() == []


def test_tokens_split_as_fts5_unicode61_does():
    assert tokens("arma fueg_x 2024 Niño") == ["arma", "fueg", "x", "2024", "niño"]


def test_save_and_load_round_trip(tmp_path):
    p = Postings.build(["arma fueg", "bar noch", ""])
    p.save(tmp_path / "k.npz")
    q = Postings.load(tmp_path / "k.npz")
    assert q.vocabulary == p.vocabulary and q.lengths.tolist() == [2, 2, 0]
    assert np.array_equal(q.search(["arma", "noch"], 3)[1], p.search(["arma", "noch"], 3)[1])


@pytest.mark.parametrize("query", ["alcohol bares noche", "school bullying", "violencia contra las mujeres",
                                   "armas de fuego homicidios fin de semana", "zzzz", "de la el"])
def test_the_index_gives_the_scores_fts5_gives(practices, tmp_path, encoder, query):
    build_index(practices, tmp_path / "idx", encoder)
    retriever = KeywordRetriever(OpenIndex.open(tmp_path / "idx", "hashing"))
    ids, scores = retriever.search(query, 1000, None)
    ref_ids, ref_scores = retriever.search_fts(query, 1000, None)
    assert sorted(ids.tolist()) == sorted(ref_ids.tolist())
    by_id = dict(zip(ref_ids.tolist(), ref_scores.tolist()))
    assert [pytest.approx(by_id[i], rel=1e-4) for i in ids.tolist()] == scores.tolist()
    assert scores.tolist() == sorted(scores.tolist(), reverse=True)


def test_the_c_stemmers_stem_the_corpus_as_the_pure_python_ones():
    # snowballstemmer uses PyStemmer's C stemmers when it is installed; the index and the queries must get the
    # same stems either way, or an index built with one would miss words searched with the other
    pytest.importorskip("Stemmer")
    import snowballstemmer
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.spanish_stemmer import SpanishStemmer

    from kb.text import words
    from tests.conftest import REPO

    assert type(snowballstemmer.stemmer("spanish")).__module__ == "Stemmer"  # the C stemmers are the ones used
    text = " ".join(p.read_text("utf-8") for p in sorted((REPO / "practices").glob("*.md")))
    vocabulary = sorted(set(words(text)))
    assert len(vocabulary) > 5000
    for name, pure in (("spanish", SpanishStemmer()), ("english", EnglishStemmer())):
        c = snowballstemmer.stemmer(name)
        assert [c.stemWord(w) for w in vocabulary] == [pure.stemWord(w) for w in vocabulary], name
