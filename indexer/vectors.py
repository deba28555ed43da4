"""Passage vectors on disk and in memory, behind one small interface (``ntotal``, ``d``, ``matrix``, ``search``,
``take``).

An exact index is a plain float32 matrix (``vectors-N.npy``) scored with numpy: a server over a corpus below the
approximate index's threshold never loads FAISS, which is about 15 MB of libraries in every server process. An
approximate index is a FAISS graph (``vectors-N.faiss``, see ``indexer.ann``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.ann import AnnSettings
from indexer.topn import best


def file_name(n: int, kind: str) -> str:
    """The file of the ``n``-th encoder's vectors for an index of ``kind`` ("flat" or an approximate kind)."""
    return f"vectors-{n}.npy" if kind == "flat" else f"vectors-{n}.faiss"


class FlatVectors:
    """Exact inner-product search over a matrix of unit vectors."""

    def __init__(self, matrix: np.ndarray):
        if matrix.ndim != 2 or matrix.dtype != np.float32:
            raise ValueError(f"expected a 2-D float32 matrix, found {matrix.ndim}-D {matrix.dtype}")
        self.matrix = np.ascontiguousarray(matrix)

    @property
    def ntotal(self) -> int:
        return self.matrix.shape[0]

    @property
    def d(self) -> int:
        return self.matrix.shape[1]

    def search(self, vector: np.ndarray, n: int, passage_ok: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """The ``n`` best passages (ids, scores; best first, equal scores by id) among those ``passage_ok``
        allows (all when None)."""
        scores = self.matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
        ids = np.arange(len(scores)) if passage_ok is None else np.flatnonzero(passage_ok)
        ids, scores = best(ids, scores[ids], n)
        return ids.astype(np.int64), scores

    def take(self, ids: np.ndarray) -> np.ndarray:
        return self.matrix[np.asarray(ids, dtype=np.int64)]


class FaissVectors:
    """An approximate FAISS index (HNSW); it has no matrix to score every passage with."""

    def __init__(self, index):
        self.index = index
        self.matrix = None

    @property
    def ntotal(self) -> int:
        return self.index.ntotal

    @property
    def d(self) -> int:
        return self.index.d

    def search(self, vector: np.ndarray, n: int, passage_ok: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        from indexer.ann import search_parameters

        selector = None
        if passage_ok is not None:
            selector = faiss.IDSelectorBatch(np.flatnonzero(passage_ok).astype(np.int64))
        params = search_parameters(self.index, n, selector)
        scores, ids = self.index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), n, params=params)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def take(self, ids: np.ndarray) -> np.ndarray:
        if not len(ids):
            return np.zeros((0, self.d), dtype=np.float32)
        return np.vstack([self.index.reconstruct(int(i)) for i in ids])


def write(folder: Path, n: int, matrix: np.ndarray, ann: AnnSettings) -> str:
    """Write the ``n``-th encoder's vectors into ``folder`` as ``ann`` chooses; returns the file's name."""
    kind = ann.chosen(len(matrix))
    name = file_name(n, kind)
    if kind == "flat":
        with open(folder / name, "wb") as f:
            np.save(f, np.ascontiguousarray(matrix, dtype=np.float32), allow_pickle=False)
    else:
        import faiss

        from indexer.ann import build_hnsw

        faiss.write_index(build_hnsw(matrix, ann), str(folder / name))
    return name


def read(folder: Path, n: int) -> FlatVectors | FaissVectors:
    """The ``n``-th encoder's vectors in ``folder``, whichever kind was written."""
    flat = folder / file_name(n, "flat")
    if flat.exists():
        return FlatVectors(np.load(flat, allow_pickle=False))
    import faiss

    return FaissVectors(faiss.read_index(str(folder / file_name(n, "hnsw"))))

