"""The one interface every encoder implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Sequence

import numpy as np


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as float32 (inner product is then cosine similarity)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


class Encoder(ABC):
    """Turns text into unit vectors. Queries and documents may be encoded differently (e5 prefixes)."""

    name: str
    dimension: int
    batch_size: int = 32

    @abstractmethod
    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        """Raw vectors for ``texts``; ``kind`` is ``"query"`` or ``"document"``."""

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._batched(list(texts), "query")

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._batched(list(texts), "document")

    def _batched(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [normalise(self._encode(texts[i:i + self.batch_size], kind))
                 for i in range(0, len(texts), self.batch_size)]
        return np.vstack(parts)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} ({self.dimension} dimensions)>"
