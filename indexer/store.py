"""The index on disk, and opening it.

Layout of the index folder (``KB_INDEX``)::

    CURRENT                  the name of the build in use (replaced atomically by rename)
    build-<time>-<random>/   one complete build
        manifest.json        format version, the encoders and their dimensions, file hashes, checksums of the files below
        vectors-N.npy        passage vectors of the N-th encoder, unit length (exact inner product with numpy), or
        vectors-N.faiss      the same as a FAISS HNSW graph above the approximate index's threshold (indexer.vectors)
        kb.sqlite            practices, passages, their vectors (a cache for the next build), FTS5 keyword index
        keywords.npz         the same keyword index as postings arrays, scored with BM25 in memory (indexer.bm25)
        keywords-translated.npz  the passages' words translated by the glossary (indexer.glossary), as postings

A build is written into ``tmp-*``, renamed to ``build-*`` and only then named in ``CURRENT``, so a reader
never sees half an index.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.errors import IndexCorrupt, IndexMismatch, IndexMissing

FORMAT_VERSION = 8  # 5: keywords.npz, the BM25 postings; 6: exact vectors as vectors-N.npy; 7: translated keywords;
# 8: the practices' indicators in their keyword entries
CACHE_FORMATS = (4, 5, 6, 7, 8)  # builds whose vectors and lexicon tables a new build may reuse
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
DATABASE = "kb.sqlite"


SCHEMA = """
CREATE TABLE practices (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    meta TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,          -- the vector's position in vectors-N
    practice_id TEXT NOT NULL REFERENCES practices(id),
    ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL                -- sha256 of the embedded text
);
CREATE TABLE vectors (
    encoder TEXT NOT NULL,
    passage_id INTEGER NOT NULL REFERENCES passages(id),
    vector BLOB NOT NULL,            -- float32, the encoder's dimension
    PRIMARY KEY (encoder, passage_id)
);
CREATE TABLE lexicon (
    encoder TEXT NOT NULL,           -- the encoder that embedded the words (the first of the build)
    lang TEXT NOT NULL,
    word TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (encoder, lang, word)
);
CREATE VIRTUAL TABLE passages_fts USING fts5(terms, tokenize = "unicode61 remove_diacritics 2");
"""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    format: int
    encoder: str  # the model setting that built it, e.g. "use-multilingual" or "use-multilingual+e5-small"
    encoders: list[dict]  # [{"name": ..., "dimension": ...}], in the order of the vectors-N files
    files: dict[str, str]  # case-study path relative to the practices folder -> sha256
    practices: int
    passages: int
    checksums: dict[str, str]  # file of the build -> sha256
    created: str
    glossary: str = ""  # sha256 of the glossary that translated the passages' words (indexer.glossary.digest)

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})
        except FileNotFoundError as e:
            raise IndexCorrupt(f"the index build {folder} has no {MANIFEST}") from e
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise IndexCorrupt(f"the manifest {path} is unreadable or incomplete ({e})") from e

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n", "utf-8")


def current_build(index_dir: Path) -> Path | None:
    """The folder of the build in use, or None when there is none."""
    pointer = Path(index_dir) / CURRENT
    try:
        name = pointer.read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise IndexCorrupt(f"cannot read {pointer}: {e}") from e
    if not name or "/" in name or name.startswith("."):
        raise IndexCorrupt(f"{pointer} does not name a build")
    return Path(index_dir) / name


def check_compatible(manifest: Manifest, encoder_name: str, where: Path) -> None:
    if manifest.format != FORMAT_VERSION:
        raise IndexMismatch(f"the index in {where} has format version {manifest.format}, this program reads "
                            f"version {FORMAT_VERSION}; rebuild it with: kb index --rebuild")
    if manifest.encoder != encoder_name:
        raise IndexMismatch(f"the index in {where} was built with the encoder '{manifest.encoder}' but the "
                            f"model asked for is '{encoder_name}'; rebuild it with: kb index --rebuild "
                            f"(or set KB_MODEL={manifest.encoder} to use it as it is)")


def verify(folder: Path, manifest: Manifest) -> None:
    """Checksums of the build's files against its manifest: a truncated or altered file is found here."""
    for name, expected in sorted(manifest.checksums.items()):
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(f"the index file {path} is missing")
        if sha256_file(path) != expected:
            raise IndexCorrupt(f"the index file {path} is damaged (its checksum does not match the manifest)")


def connect(path: Path, readonly: bool = True) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def locate(index_dir: Path, encoder_name: str | None = None, check: bool = True) -> tuple[Path, Manifest]:
    """The current build and its manifest, checked against ``encoder_name`` and (when ``check``) its checksums."""
    index_dir = Path(index_dir)
    folder = current_build(index_dir)
    if folder is None:
        raise IndexMissing(f"there is no index in {index_dir}; build it with: kb index")
    if not folder.is_dir():
        raise IndexCorrupt(f"{index_dir / CURRENT} names {folder.name}, which does not exist")
    manifest = Manifest.read(folder)
    if encoder_name is not None:
        check_compatible(manifest, encoder_name, index_dir)
    if check:
        verify(folder, manifest)
    return folder, manifest


def read_vectors(conn: sqlite3.Connection, encoder: str, dimension: int) -> tuple[list[str], np.ndarray]:
    """Every passage's key and its vector by ``encoder``, in passage order."""
    rows = conn.execute("SELECT p.key, v.vector FROM passages p JOIN vectors v ON v.passage_id = p.id "
                        "WHERE v.encoder = ? ORDER BY p.id", (encoder,)).fetchall()
    keys = [r["key"] for r in rows]
    if not rows:
        return keys, np.zeros((0, dimension), dtype=np.float32)
    matrix = np.frombuffer(b"".join(r["vector"] for r in rows), dtype=np.float32)
    if matrix.size != len(rows) * dimension:
        raise IndexCorrupt("stored vectors do not have the dimension the manifest records")
    return keys, matrix.reshape(len(rows), dimension)


def point_to(index_dir: Path, build_name: str) -> None:
    """Make ``build_name`` the current build, atomically."""
    tmp = Path(index_dir) / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(build_name + "\n", "utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, Path(index_dir) / CURRENT)


def read_lexicon(conn: sqlite3.Connection, encoder: str, dimension: int) -> dict[str, tuple[list[str], np.ndarray]]:
    """The lexicon's words and vectors by language. Each vector is copied straight into its language's matrix
    as the rows arrive, so reading costs no more memory than the matrices themselves."""
    counts = dict(conn.execute("SELECT lang, count(*) FROM lexicon WHERE encoder = ? GROUP BY lang",
                               (encoder,)).fetchall())
    matrices = {lang: np.empty((n, dimension), dtype=np.float32) for lang, n in counts.items()}
    words: dict[str, list[str]] = {lang: [] for lang in counts}
    rows = conn.execute("SELECT lang, word, vector FROM lexicon WHERE encoder = ? ORDER BY lang, word", (encoder,))
    for lang, word, vector in rows:
        at = len(words[lang])
        if at >= len(matrices[lang]) or len(vector) != dimension * 4:
            raise IndexCorrupt("stored lexicon vectors do not have the dimension the manifest records")
        matrices[lang][at] = np.frombuffer(vector, dtype=np.float32)
        words[lang].append(word)
    return {lang: (words[lang], matrices[lang]) for lang in sorted(counts)}
