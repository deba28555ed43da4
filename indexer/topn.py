"""The ``n`` best of scored ids, best first, equal scores by id: the order every retriever's search returns."""

from __future__ import annotations

import numpy as np


def best(ids: np.ndarray, scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` highest-scoring ``ids`` and their scores, best first; among equal scores the lower id first,
    also at the cut (all ids tied with the n-th best are sorted before any is dropped)."""
    if len(ids) > n:
        cut = scores[np.argpartition(-scores, n - 1)[n - 1]]  # the n-th best score
        keep = scores >= cut
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:n]
    return ids[order], scores[order]
