"""Which index holds the vectors: exact (a matrix, inner product with numpy) for small corpora, FAISS HNSW graphs
for large ones.
The cut-over and the parameters follow the scale benchmark (bench/scale.py, docs/performance.md)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INDEX_TYPES = ("auto", "flat", "hnsw")


@dataclass(frozen=True)
class AnnSettings:
    kind: str = "auto"  # "auto": flat up to ``threshold`` passages, HNSW above
    threshold: int = 50_000
    hnsw_m: int = 32
    ef_construction: int = 80
    ef_search: int = 128

    def chosen(self, size: int) -> str:
        if self.kind == "auto":
            return "hnsw" if size > self.threshold else "flat"
        return self.kind


def build_hnsw(matrix: np.ndarray, settings: AnnSettings):
    """An HNSW graph over ``matrix`` (inner product on unit vectors). Exact indexes are not FAISS indexes: they
    are the matrix itself (``indexer.vectors``)."""
    import faiss

    index = faiss.IndexHNSWFlat(matrix.shape[1], settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = settings.ef_construction
    index.hnsw.efSearch = settings.ef_search
    if len(matrix):
        index.add(matrix)
    return index


def search_parameters(index, n: int, selector=None, ef_search: int | None = None):
    """Parameters for one search: the filter's selector, and for HNSW a search breadth of at least ``n``."""
    import faiss

    if isinstance(index, faiss.IndexHNSW):
        ef = max(n, ef_search or index.hnsw.efSearch)
        return faiss.SearchParametersHNSW(sel=selector, efSearch=ef) if selector is not None else \
            faiss.SearchParametersHNSW(efSearch=ef)
    return faiss.SearchParameters(sel=selector) if selector is not None else None
