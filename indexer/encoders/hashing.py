"""A small deterministic encoder with no model: signed feature hashing of word stems.

It knows no meaning and no second language, only shared words; it exists for tests and for trying the
tool where no model package can be installed (``KB_MODEL=hashing``)."""

from __future__ import annotations

import hashlib

import numpy as np

from indexer.encoders.base import Encoder
from kb.text import words


def _bucket(token: str, dimension: int) -> tuple[int, float]:
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dimension, (1.0 if (value >> 63) & 1 else -1.0)


class HashingEncoder(Encoder):
    name = "hashing"

    def __init__(self, dimension: int = 256):
        self.dimension = dimension

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                if len(word) < 3:
                    continue
                col, sign = _bucket(word[:6], self.dimension)
                out[row, col] += sign
        return out
