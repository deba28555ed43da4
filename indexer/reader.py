"""An index opened for searching: vectors (a numpy matrix, or a FAISS graph for a large corpus), practices and
passages in memory, keywords as postings arrays (and in SQLite)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer import bm25, store
from indexer import vectors as vector_store
from indexer.bm25 import Postings
from indexer.lexicon import Lexicon
from kb.errors import IndexCorrupt
from kb.markdown import sections
from kb.model import FrontMatter
from kb.practice import Practice


CACHE_KIB = 512  # SQLite page cache per connection


@dataclass(frozen=True)
class PassageRef:
    practice: int  # position in OpenIndex.practices
    heading: str
    text: str


class OpenIndex:
    """Read-only; safe to share between threads."""

    def __init__(self, folder: Path, manifest: store.Manifest):
        self.folder = folder
        self.manifest = manifest
        try:
            self.dense = {spec["name"]: vector_store.read(folder, n) for n, spec in enumerate(manifest.encoders)}
            conn = store.connect(folder / store.DATABASE)
            try:
                rows = conn.execute("SELECT id, path, sha256, meta, body FROM practices ORDER BY id").fetchall()
                self.practices = [self._practice(r) for r in rows]
                self.position = {p.id: i for i, p in enumerate(self.practices)}
                prow = conn.execute("SELECT practice_id, heading, text FROM passages ORDER BY id").fetchall()
                self.passages = [PassageRef(self.position[r["practice_id"]], r["heading"], r["text"]) for r in prow]
                first = manifest.encoders[0] if manifest.encoders else None
                stored = store.read_lexicon(conn, first["name"], first["dimension"]) if first else {}
                self.lexicon = Lexicon({lang: ws for lang, (ws, _) in stored.items()},
                                       {lang: m for lang, (_, m) in stored.items()})
            finally:
                conn.close()
            self.postings = Postings.load(folder / bm25.FILE)
            self.translated_postings = Postings.load(folder / bm25.TRANSLATED_FILE)
        except (RuntimeError, OSError, ValueError, KeyError, TypeError) as e:
            raise IndexCorrupt(f"the index in {folder} cannot be read ({e}); rebuild it with: kb index --rebuild") from e
        except Exception as e:  # sqlite3.DatabaseError and pydantic's errors for a damaged database
            raise IndexCorrupt(f"the index in {folder} cannot be read ({e}); rebuild it with: kb index --rebuild") from e
        for spec in manifest.encoders:
            vectors = self.dense[spec["name"]]
            if vectors.ntotal != len(self.passages) or vectors.d != spec["dimension"]:
                raise IndexCorrupt(f"the index in {folder} is inconsistent: {vectors.ntotal} vectors of "
                                   f"{spec['name']} for {len(self.passages)} passages; rebuild it with: "
                                   "kb index --rebuild")
        if not self.postings.size == self.translated_postings.size == len(self.passages):
            raise IndexCorrupt(f"the index in {folder} is inconsistent: keywords for {self.postings.size} passages, "
                               f"translated keywords for {self.translated_postings.size}, {len(self.passages)} "
                               "passages; rebuild it with: kb index --rebuild")
        self.passage_practice = np.fromiter((p.practice for p in self.passages), dtype=np.int64,
                                            count=len(self.passages))
        # passages are stored practice by practice: practice i owns passages practice_starts[i]:practice_starts[i+1]
        # (None if not, or if a practice has no passage; the searcher then groups by sorting)
        counts = np.bincount(self.passage_practice, minlength=len(self.practices))
        ordered = bool(np.all(np.diff(self.passage_practice) >= 0)) and bool(np.all(counts > 0))
        self.practice_starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64) if ordered else None
        self._local = threading.local()

    @staticmethod
    def _practice(row) -> Practice:
        meta = FrontMatter.model_validate(json.loads(row["meta"]))
        body = row["body"]
        return Practice(meta=meta, body=body, sections=tuple(sections(body)), path=row["path"],
                        sha256=row["sha256"], rel=row["path"])

    @classmethod
    def open(cls, index_dir: Path, encoder_name: str | None = None) -> "OpenIndex":
        folder, manifest = store.locate(Path(index_dir), encoder_name, check=True)
        return cls(folder, manifest)

    @property
    def encoder(self) -> str:
        """The model setting that built the index (encoder names joined by '+')."""
        return self.manifest.encoder

    @property
    def size(self) -> int:
        """Number of passages."""
        return len(self.passages)

    def db(self):
        """This thread's read-only connection to the keyword index."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = store.connect(self.folder / store.DATABASE)
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # one per server thread: keep each small
        return conn

    def vectors(self, encoder: str, ids: np.ndarray) -> np.ndarray:
        """Stored vectors of passages ``ids`` by ``encoder``."""
        return self.dense[encoder].take(ids)
