"""Encoders, chosen by name (``KB_MODEL``): a small factory behind the narrow ``Encoder`` interface."""

from __future__ import annotations

from pathlib import Path

from indexer.encoders.base import Encoder, normalise
from kb.errors import EncoderUnavailable

PACKAGED = ("use-multilingual", "e5-small")
NAMES_HELP = "use-multilingual (default), e5-small, hashing, or st:<sentence-transformers name or path>"

__all__ = ["Encoder", "normalise", "load_encoder", "load_encoders", "encoder_names", "PACKAGED", "NAMES_HELP"]


def encoder_names(spec: str) -> list[str]:
    """The encoders a model setting names: ``use-multilingual+e5-small`` -> both, in order."""
    names = [n.strip() for n in spec.split("+")] if not spec.startswith("st:") else [spec.strip()]
    if not all(names) or len(set(names)) != len(names):
        raise EncoderUnavailable(f"the model setting {spec!r} is not a '+'-separated list of distinct encoders; "
                                 f"each may be {NAMES_HELP}")
    return names


def load_encoders(spec: str, threads: int = 2, cache_dir: Path | None = None) -> list[Encoder]:
    return [load_encoder(name, threads=threads, cache_dir=cache_dir) for name in encoder_names(spec)]


def load_encoder(name: str, threads: int = 2, cache_dir: Path | None = None) -> Encoder:
    """The encoder called ``name``; ``EncoderUnavailable`` with what to install when it cannot be loaded.
    ``cache_dir`` keeps what makes the next load faster."""
    if name == "use-multilingual":
        from indexer.encoders.use import USEEncoder
        return USEEncoder(threads=threads, cache_dir=cache_dir)
    if name == "e5-small":
        from indexer.encoders.e5 import E5Encoder
        return E5Encoder(threads=threads)
    if name == "hashing":
        from indexer.encoders.hashing import HashingEncoder
        return HashingEncoder()
    if name.startswith("st:") and len(name) > 3:
        from indexer.encoders.st import SentenceTransformerEncoder
        return SentenceTransformerEncoder(name[3:], threads=threads)
    raise EncoderUnavailable(f"unknown model {name!r}; KB_MODEL may be {NAMES_HELP}")
