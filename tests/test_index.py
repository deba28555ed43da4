"""Index build, incremental update, atomic swap and encoder mismatch."""

import json

import numpy as np
import pytest

from indexer import glossary, store
from indexer.build import build_index, current_manifest, locked
from indexer.encoders.hashing import HashingEncoder
from indexer.reader import OpenIndex
from kb.errors import IndexBusy, IndexCorrupt, IndexMismatch, IndexMissing
from tests.conftest import valid_text, write


def test_full_build_records_encoder_files_and_checksums(practices, tmp_path, encoder):
    report = build_index(practices, tmp_path / "idx", encoder)
    assert (report.practices, report.embedded, report.reused) == (6, report.passages, 0)
    assert report.added == sorted(f"{p.stem}.md" for p in practices.glob("*.md"))
    folder, manifest = store.locate(tmp_path / "idx", "hashing")
    assert manifest.encoder == "hashing" and manifest.encoders == [{"name": "hashing", "dimension": encoder.dimension}]
    assert manifest.format == store.FORMAT_VERSION
    assert set(manifest.files) == set(report.added)
    assert set(manifest.checksums) == {"vectors-0.npy", store.DATABASE, "keywords.npz", "keywords-translated.npz"}
    assert manifest.glossary == glossary.digest() != ""  # the glossary its passages' words were translated with
    index = OpenIndex.open(tmp_path / "idx", "hashing")
    assert index.size == report.passages and len(index.practices) == 6


def test_second_build_is_up_to_date_and_writes_nothing(practices, tmp_path, encoder):
    first = build_index(practices, tmp_path / "idx", encoder)
    second = build_index(practices, tmp_path / "idx", encoder)
    assert second.up_to_date and second.build == first.build and second.embedded == 0


def test_a_changed_glossary_translates_the_passages_again_without_embedding_them(practices, tmp_path, encoder,
                                                                                 monkeypatch, request):
    build_index(practices, tmp_path / "idx", encoder)
    assert current_manifest(practices, tmp_path / "idx", "hashing") is not None
    mine = write(tmp_path, "glossary.tsv", "lang\tword\ttranslations\nen\tgang\tclica\n")
    monkeypatch.setattr(glossary, "PATH", mine)
    glossary.load.cache_clear()
    request.addfinalizer(glossary.load.cache_clear)
    assert current_manifest(practices, tmp_path / "idx", "hashing") is None  # no longer up to date
    report = build_index(practices, tmp_path / "idx", encoder)
    assert not report.up_to_date and report.embedded == 0
    assert any("glossary changed" in note for note in report.notes)
    index = OpenIndex.open(tmp_path / "idx", "hashing")
    assert set(index.translated_postings.vocabulary) == {"clic", "clica"}  # its Spanish and English stems
    assert build_index(practices, tmp_path / "idx", encoder).up_to_date


class CountingEncoder(HashingEncoder):
    def __init__(self):
        super().__init__()
        self.seen = []

    def encode_documents(self, texts):
        self.seen.extend(texts)
        return super().encode_documents(texts)


def test_incremental_update_reembeds_only_what_changed(practices, tmp_path):
    build_index(practices, tmp_path / "idx", HashingEncoder())
    path = practices / "es-viogen.md"
    path.write_text(path.read_text().replace("asigna medidas", "asigna rápidamente medidas"))
    (practices / "no-road-safety.md").unlink()
    write(practices, "gt-mixco-prueba.md", valid_text())
    counting = CountingEncoder()
    report = build_index(practices, tmp_path / "idx", counting)
    assert report.changed == ["es-viogen.md"]
    assert report.removed == ["no-road-safety.md"]
    assert report.added == ["gt-mixco-prueba.md"]
    assert report.embedded == 2 and len(counting.seen) == 2  # one edited passage, one new
    assert all("rápidamente" in t or "prevención comunitaria" in t for t in counting.seen)
    index = OpenIndex.open(tmp_path / "idx", "hashing")
    assert sorted(index.position) == sorted(["co-bogota-alcohol", "co-cali-armas", "es-viogen",
                                             "fi-school-bullying", "gb-glasgow-gangs", "gt-mixco-prueba"])


def test_new_build_is_swapped_in_and_old_builds_are_cleaned(practices, tmp_path, encoder):
    idx = tmp_path / "idx"
    first = build_index(practices, idx, encoder).build
    (idx / "tmp-left-by-a-killed-process").mkdir()
    write(practices, "gt-mixco-prueba.md", valid_text())
    second = build_index(practices, idx, encoder).build
    write(practices, "gt-mixco-otra.md", valid_text(id="gt-mixco-otra"))
    third = build_index(practices, idx, encoder).build
    assert store.current_build(idx) == third
    builds = sorted(p.name for p in idx.iterdir() if p.is_dir())
    assert builds == sorted([second.name, third.name])  # the previous build stays for open readers
    assert not first.exists()
    assert (idx / store.CURRENT).read_text().strip() == third.name


def test_a_reader_keeps_its_build_while_a_new_one_is_swapped_in(practices, tmp_path, encoder):
    idx = tmp_path / "idx"
    build_index(practices, idx, encoder)
    old = OpenIndex.open(idx, "hashing")
    write(practices, "gt-mixco-prueba.md", valid_text())
    build_index(practices, idx, encoder)
    assert "gt-mixco-prueba" not in old.position  # never a mix of old and new
    assert old.db().execute("SELECT count(*) FROM passages").fetchone()[0] == old.size
    assert "gt-mixco-prueba" in OpenIndex.open(idx, "hashing").position


def test_opening_with_another_encoder_says_how_to_rebuild(practices, tmp_path, encoder):
    build_index(practices, tmp_path / "idx", encoder)
    with pytest.raises(IndexMismatch) as info:
        OpenIndex.open(tmp_path / "idx", "use-multilingual")
    message = str(info.value)
    assert "'hashing'" in message and "'use-multilingual'" in message and "kb index --rebuild" in message


def test_another_format_version_is_refused(practices, tmp_path, encoder):
    folder = build_index(practices, tmp_path / "idx", encoder).build
    data = json.loads((folder / store.MANIFEST).read_text())
    data["format"] = 999
    (folder / store.MANIFEST).write_text(json.dumps(data))
    with pytest.raises(IndexMismatch, match="format version 999"):
        OpenIndex.open(tmp_path / "idx", "hashing")


def test_a_build_of_the_previous_format_is_rebuilt_reusing_its_vectors(practices, tmp_path, encoder):
    folder = build_index(practices, tmp_path / "idx", encoder).build
    data = json.loads((folder / store.MANIFEST).read_text())
    data["format"] = 4  # format 4 had no keywords.npz; its vectors table is the same
    del data["checksums"]["keywords.npz"]
    (folder / "keywords.npz").unlink()
    (folder / store.MANIFEST).write_text(json.dumps(data))
    report = build_index(practices, tmp_path / "idx", encoder)
    assert not report.up_to_date and report.embedded == 0 and report.reused == report.passages
    assert OpenIndex.open(tmp_path / "idx", "hashing").postings.size == report.passages


def test_a_build_with_another_encoder_replaces_the_index(practices, tmp_path, encoder):
    build_index(practices, tmp_path / "idx", encoder)
    other = HashingEncoder(dimension=64)
    other.name = "hashing-64"
    report = build_index(practices, tmp_path / "idx", other)
    assert not report.up_to_date and report.reused == 0
    assert OpenIndex.open(tmp_path / "idx", "hashing-64").dense["hashing-64"].d == 64


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissing, match="kb index"):
        OpenIndex.open(tmp_path / "nothing", "hashing")


def test_truncated_vectors_are_detected_and_the_next_build_repairs(practices, tmp_path, encoder):
    folder = build_index(practices, tmp_path / "idx", encoder).build
    data = (folder / "vectors-0.npy").read_bytes()
    (folder / "vectors-0.npy").write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorrupt, match="damaged"):
        OpenIndex.open(tmp_path / "idx", "hashing")
    report = build_index(practices, tmp_path / "idx", encoder)
    assert not report.up_to_date and report.reused == 0
    assert any("not reused" in n for n in report.notes)
    assert len(OpenIndex.open(tmp_path / "idx", "hashing").practices) == 6


def test_rejected_files_are_reported_and_the_rest_indexed(practices, tmp_path, encoder):
    write(practices, "broken.md", "---\nid: [x\n---\nbody")
    report = build_index(practices, tmp_path / "idx", encoder)
    assert report.practices == 6 and [p.field for p in report.problems] == ["front matter"]
    assert "1 file(s) rejected" in report.summary()


def test_a_second_build_at_once_is_refused_when_not_waiting(practices, tmp_path, encoder):
    idx = tmp_path / "idx"
    with locked(idx):
        with pytest.raises(IndexBusy, match="another build"):
            build_index(practices, idx, encoder, wait=False)


def test_long_sections_are_split_with_overlap():
    from indexer.passages import windows

    words = [str(i) for i in range(400)]
    parts = windows(words, size=160, overlap=40)
    assert [p[0] for p in parts] == ["0", "120", "240"]
    assert parts[-1][-1] == "399"
    assert all(len(p) <= 160 for p in parts)
    assert parts[0][-40:] == parts[1][:40]


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_index_type_setting_chooses_the_vector_index(practices, tmp_path, encoder, kind):
    import faiss

    from indexer.ann import AnnSettings
    from indexer.vectors import FaissVectors, FlatVectors
    from kb.filters import Filters
    from kb.search import Searcher

    build_index(practices, tmp_path / "idx", encoder, ann=AnnSettings(kind=kind))
    index = OpenIndex.open(tmp_path / "idx", "hashing")
    vectors = index.dense["hashing"]
    if kind == "hnsw":
        assert isinstance(vectors, FaissVectors) and isinstance(vectors.index, faiss.IndexHNSW)
    else:  # an exact index is a numpy matrix: the server does not load FAISS for it
        assert isinstance(vectors, FlatVectors) and vectors.matrix.shape == (index.size, encoder.dimension)
    searcher = Searcher(index, encoder)
    assert searcher.search("portar armas de fuego los fines de semana", k=1).hits[0].practice.id == "co-cali-armas"
    filtered = searcher.search("violencia", k=3, filters=Filters.of(language=["en"]))
    assert len(filtered.hits) == 3 and {h.practice.meta.language for h in filtered.hits} == {"en"}


def test_auto_switches_to_hnsw_above_the_threshold():
    from indexer.ann import AnnSettings

    assert AnnSettings(threshold=100).chosen(100) == "flat"
    assert AnnSettings(threshold=100).chosen(101) == "hnsw"
    assert AnnSettings(kind="flat", threshold=1).chosen(10**6) == "flat"


def test_a_server_follows_a_build_made_current_by_another_process(kb, settings, encoder, practices, monkeypatch):
    import kb.service as service
    from kb.service import KnowledgeBase
    from tests.conftest import valid_text

    monkeypatch.setattr(service, "FOLLOW_SECONDS", 0.0)
    first = kb.searcher
    assert "gt-mixco-prueba" not in first.index.position
    (practices / "gt-mixco-prueba.md").write_text(valid_text(), encoding="utf-8")
    other = KnowledgeBase(settings, encoders=encoder)  # e.g. a second worker, or `kb index` in a terminal
    other.build()
    followed = kb.searcher
    assert followed is not first and "gt-mixco-prueba" in followed.index.position
    assert kb.searcher is followed  # opened once


def test_a_current_build_that_cannot_be_opened_leaves_the_open_one_serving(kb, settings, monkeypatch):
    import kb.service as service

    monkeypatch.setattr(service, "FOLLOW_SECONDS", 0.0)
    first = kb.searcher
    (settings.index / store.CURRENT).write_text("build-that-does-not-exist")
    assert kb.searcher is first and kb.searcher.search("alcohol").hits


def test_flat_vectors_search_matches_faiss_exact_search():
    import faiss

    from indexer.vectors import FlatVectors

    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(300, 16)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix[10] = matrix[20]  # an exact tie: the lower id comes first
    reference = faiss.IndexFlatIP(16)
    reference.add(matrix)
    flat = FlatVectors(matrix)
    allowed = rng.random(300) < 0.3
    for q in [matrix[20], *rng.normal(size=(5, 16)).astype(np.float32)]:
        ids, scores = flat.search(q, 25)
        ref_scores, ref_ids = reference.search(q.reshape(1, -1), 25)
        assert np.allclose(scores, ref_scores[0], atol=1e-5)
        assert set(ids.tolist()) == set(ref_ids[0].tolist()) and np.all(np.diff(scores) <= 1e-7)
        kept, _ = flat.search(q, 25, allowed)
        assert allowed[kept].all() and len(kept) == 25
        assert kept.tolist() == [i for i in ids_by_score(matrix @ q) if allowed[i]][:25]
    top, _ = flat.search(matrix[20], 2)
    assert top.tolist() == [10, 20]
    few, _ = flat.search(matrix[0], 50, np.arange(300) < 3)  # fewer allowed than asked: all of them
    assert sorted(few.tolist()) == [0, 1, 2]
    assert np.array_equal(flat.take(np.array([3, 1])), matrix[[3, 1]])


def ids_by_score(scores):
    return np.lexsort((np.arange(len(scores)), -scores)).tolist()


def test_the_n_best_keep_the_lowest_ids_among_scores_tied_at_the_cut():
    from indexer.topn import best

    ids, scores = best(np.array([0, 7, 4, 2, 9]), np.array([2.0, 1.0, 1.0, 1.0, 0.5]), 2)
    assert ids.tolist() == [0, 2] and scores.tolist() == [2.0, 1.0]
    ids, _ = best(np.array([8, 3, 5]), np.array([1.0, 1.0, 1.0]), 5)  # fewer than asked: all, by id
    assert ids.tolist() == [3, 5, 8]
