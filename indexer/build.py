"""Build the index from a folder of case studies, or update it for what changed.

Unchanged passages keep their stored vectors (keyed by a hash of the embedded text and the encoder), so an
edit re-embeds only the edited file's passages. The new build is written beside the old one and swapped in.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from indexer import store
from indexer.encoders import Encoder
from indexer.keyword import fts_document
from indexer.passages import Passage, passages
from kb import corpus as corpus_mod
from kb.errors import IndexBusy, KBError
from kb.problems import Problem

Progress = Callable[[int, int], None]  # (passages embedded so far, passages to embed)
LOCK = ".lock"


@dataclass
class BuildReport:
    encoder: str
    index: Path
    build: Path | None = None
    files: int = 0
    practices: int = 0
    passages: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    embedded: int = 0
    reused: int = 0
    up_to_date: bool = False
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds_parse: float = 0.0
    seconds_embed: float = 0.0
    seconds_total: float = 0.0

    def summary(self) -> str:
        if self.up_to_date:
            head = f"index is up to date: {self.practices} practices, {self.passages} passages"
        else:
            head = (f"indexed {self.practices} practices, {self.passages} passages "
                    f"({len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed; "
                    f"{self.embedded} passages embedded, {self.reused} reused) in {self.seconds_total:.1f} s")
        rejected = len({p.path for p in self.problems})
        return head + (f"; {rejected} file(s) rejected" if rejected else "") + f" [{self.encoder}]"


@contextmanager
def locked(index_dir: Path, wait: bool = True) -> Iterator[None]:
    """One build at a time per index folder: the second waits, or is refused when ``wait`` is False."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as e:
            raise IndexBusy(f"another build of the index in {index_dir} is running; try again when it ends") from e
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def file_hashes(practices_dir: Path) -> dict[str, str]:
    """sha256 of every case-study file, by path relative to the folder (unreadable files are left out)."""
    out: dict[str, str] = {}
    root = Path(practices_dir)
    for path in corpus_mod.case_study_files(root):
        try:
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    return out


def current_manifest(practices_dir: Path, index_dir: Path, encoder_name: str) -> store.Manifest | None:
    """The index's manifest when it was built by ``encoder_name`` from exactly the files there are now (all
    valid) and its files are intact; else None. Cheap: hashes files, parses nothing, loads no model."""
    try:
        _folder, manifest = store.locate(Path(index_dir), encoder_name, check=True)
    except KBError:
        return None
    return manifest if manifest.files == file_hashes(practices_dir) else None


def _previous(index_dir: Path, encoder: Encoder, report: BuildReport) -> tuple[store.Manifest | None, dict]:
    """The current build's manifest and its vectors by passage key, when they can be reused."""
    try:
        folder, manifest = store.locate(index_dir, encoder.name, check=True)
        with store.connect(folder / store.DATABASE) as conn:
            keys, matrix = store.read_vectors(conn, manifest.dimension)
    except KBError as e:
        if store.current_build(index_dir) is not None:
            report.notes.append(f"the existing index is not reused: {e}")
        return None, {}
    return manifest, dict(zip(keys, matrix))


def _write(folder: Path, practices, plist: list[Passage], vectors: np.ndarray) -> None:
    import faiss

    conn = store.connect(folder / store.DATABASE, readonly=False)
    try:
        conn.executescript(store.SCHEMA)
        conn.executemany(
            "INSERT INTO practices (id, path, sha256, meta, body) VALUES (?, ?, ?, ?, ?)",
            [(p.id, p.rel, p.sha256, json.dumps(p.meta.model_dump(mode="json"), ensure_ascii=False), p.body)
             for p in practices])
        conn.executemany(
            "INSERT INTO passages (id, practice_id, ordinal, heading, text, key, vector) VALUES (?,?,?,?,?,?,?)",
            [(i, p.practice_id, p.ordinal, p.heading, p.text, p.key, vectors[i].tobytes())
             for i, p in enumerate(plist)])
        conn.executemany("INSERT INTO passages_fts (rowid, terms) VALUES (?, ?)",
                         [(i, fts_document(p.embed_text)) for i, p in enumerate(plist)])
        conn.commit()
    finally:
        conn.close()
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(vectors)
    faiss.write_index(index, str(folder / store.VECTORS))


def _cleanup(index_dir: Path, keep: set[str]) -> None:
    """Remove builds other than ``keep`` and half-written ``tmp-*`` folders left by a killed process."""
    for child in sorted(index_dir.iterdir()):
        if child.is_dir() and child.name.startswith(("build-", "tmp-")) and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def build_index(practices_dir: Path, index_dir: Path, encoder: Encoder, *, rebuild: bool = False,
                progress: Progress | None = None, wait: bool = True) -> BuildReport:
    """Build or update the index of ``practices_dir`` in ``index_dir``; broken files are reported, not indexed."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    report = BuildReport(encoder=encoder.name, index=index_dir)
    with locked(index_dir, wait=wait):
        corpus = corpus_mod.load(Path(practices_dir))
        report.problems = corpus.problems
        report.files = len(corpus.files)
        practices = corpus.practices
        files = {p.rel: p.sha256 for p in practices}
        plist = [passage for p in practices for passage in passages(p)]
        report.seconds_parse = time.perf_counter() - started
        report.practices, report.passages = len(practices), len(plist)

        previous, cache = (None, {}) if rebuild else _previous(index_dir, encoder, report)
        old_files = previous.files if previous else {}
        report.added = sorted(set(files) - set(old_files))
        report.removed = sorted(set(old_files) - set(files))
        report.changed = sorted(f for f in files if f in old_files and old_files[f] != files[f])
        if previous is not None and old_files == files:
            report.up_to_date = True
            report.build = store.current_build(index_dir)
            report.seconds_total = time.perf_counter() - started
            return report

        t0 = time.perf_counter()
        vectors = np.zeros((len(plist), encoder.dimension), dtype=np.float32)
        missing = [i for i, p in enumerate(plist) if p.key not in cache]
        for i, p in enumerate(plist):
            if p.key in cache:
                vectors[i] = cache[p.key]
        report.reused, report.embedded = len(plist) - len(missing), len(missing)
        batch = max(encoder.batch_size, 1)
        for start in range(0, len(missing), batch):
            ids = missing[start:start + batch]
            vectors[ids] = encoder.encode_documents([plist[i].embed_text for i in ids])
            if progress:
                progress(min(start + batch, len(missing)), len(missing))
        report.seconds_embed = time.perf_counter() - t0

        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{secrets.token_hex(4)}"
        tmp = index_dir / f"tmp-{name}"
        tmp.mkdir()
        try:
            _write(tmp, practices, plist, vectors)
            checksums = {n: store.sha256_file(tmp / n) for n in (store.VECTORS, store.DATABASE)}
            store.Manifest(format=store.FORMAT_VERSION, encoder=encoder.name, dimension=encoder.dimension,
                           files=files, practices=len(practices), passages=len(plist), checksums=checksums,
                           created=datetime.now(timezone.utc).isoformat(timespec="seconds")).write(tmp)
            for child in tmp.iterdir():
                with open(child, "rb") as f:
                    os.fsync(f.fileno())
            final = index_dir / f"build-{name}"
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        old = store.current_build(index_dir) if previous else None
        store.point_to(index_dir, final.name)
        _cleanup(index_dir, keep={final.name} | ({old.name} if old else set()))
        report.build = final
        report.seconds_total = time.perf_counter() - started
        return report
