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
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from indexer import bm25, glossary, store
from indexer import vectors as vector_store
from indexer.ann import AnnSettings
from indexer.bm25 import Postings
from indexer.encoders import Encoder
from indexer.keyword import fts_document
from indexer.lexicon import vocabulary
from indexer.passages import Passage, label_text, passages
from kb import corpus as corpus_mod
from kb.errors import IndexBusy, IndexMismatch, KBError
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
    valid), with the glossary there is now, and its files are intact; else None. Cheap: hashes files, parses
    nothing, loads no model."""
    try:
        _folder, manifest = store.locate(Path(index_dir), encoder_name, check=True)
    except KBError:
        return None
    fresh = manifest.files == file_hashes(practices_dir) and manifest.glossary == glossary.digest()
    return manifest if fresh else None


def model_name(encoders: Sequence[Encoder]) -> str:
    """The model setting a list of encoders stands for: their names joined by '+'."""
    return "+".join(e.name for e in encoders)


def _previous(index_dir: Path, encoders: Sequence[Encoder], report: BuildReport
              ) -> tuple[store.Manifest | None, dict[str, dict], dict]:
    """The current build's manifest; for each encoder it shares with this build, its vectors by passage key; and
    the lexicon's word vectors by (language, word) when the first encoder is the same."""
    try:
        folder, manifest = store.locate(index_dir, check=True)
        if manifest.format not in store.CACHE_FORMATS:
            raise IndexMismatch(f"format version {manifest.format}")
        caches: dict[str, dict] = {}
        with store.connect(folder / store.DATABASE) as conn:
            for spec in manifest.encoders:
                if spec["name"] in {e.name for e in encoders}:
                    keys, matrix = store.read_vectors(conn, spec["name"], spec["dimension"])
                    caches[spec["name"]] = dict(zip(keys, matrix))
            first = encoders[0]
            lexicon = {(lang, w): v for lang, (ws, m) in
                       store.read_lexicon(conn, first.name, first.dimension).items() for w, v in zip(ws, m)}
    except (KBError, sqlite3.Error) as e:
        if _has_build(index_dir):
            report.notes.append(f"the existing index is not reused: {e}")
        return None, {}, {}
    return manifest, caches, lexicon


def _has_build(index_dir: Path) -> bool:
    try:
        return store.current_build(index_dir) is not None
    except KBError:
        return True


def _write(folder: Path, practices, plist: list[Passage], encoders: Sequence[Encoder],
           vectors: list[np.ndarray], lexicon: dict[tuple[str, str], np.ndarray], ann: AnnSettings) -> list[str]:
    """Write a build's files into ``folder``; returns the names of the vector files."""
    labels = {p.id: label_text(p) for p in practices}
    conn = store.connect(folder / store.DATABASE, readonly=False)
    try:
        conn.executescript(store.SCHEMA)
        conn.executemany(
            "INSERT INTO practices (id, path, sha256, meta, body) VALUES (?, ?, ?, ?, ?)",
            [(p.id, p.rel, p.sha256, json.dumps(p.meta.model_dump(mode="json"), ensure_ascii=False), p.body)
             for p in practices])
        conn.executemany(
            "INSERT INTO passages (id, practice_id, ordinal, heading, text, key) VALUES (?, ?, ?, ?, ?, ?)",
            [(i, p.practice_id, p.ordinal, p.heading, p.text, p.key) for i, p in enumerate(plist)])
        for encoder, matrix in zip(encoders, vectors):
            conn.executemany("INSERT INTO vectors (encoder, passage_id, vector) VALUES (?, ?, ?)",
                             [(encoder.name, i, matrix[i].tobytes()) for i in range(len(plist))])
        conn.executemany("INSERT INTO lexicon (encoder, lang, word, vector) VALUES (?, ?, ?, ?)",
                         [(encoders[0].name, lang, word, v.tobytes()) for (lang, word), v in lexicon.items()])
        texts = [f"{p.embed_text}. {labels[p.practice_id]}" for p in plist]
        documents = [fts_document(text) for text in texts]
        conn.executemany("INSERT INTO passages_fts (rowid, terms) VALUES (?, ?)", list(enumerate(documents)))
        conn.commit()
    finally:
        conn.close()
    Postings.build(documents).save(folder / bm25.FILE)
    translated = glossary.load()
    Postings.build([fts_document(translated.translate(text)) for text in texts]).save(folder / bm25.TRANSLATED_FILE)
    return [vector_store.write(folder, n, matrix, ann) for n, matrix in enumerate(vectors)]


def _cleanup(index_dir: Path, keep: set[str]) -> None:
    """Remove builds other than ``keep`` and half-written ``tmp-*`` folders left by a killed process."""
    for child in sorted(index_dir.iterdir()):
        if child.is_dir() and child.name.startswith(("build-", "tmp-")) and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def _embed(encoder: Encoder, plist: list[Passage], cache: dict, progress: Progress | None,
           done: int, total: int) -> tuple[np.ndarray, int]:
    """Vectors of every passage by ``encoder``: from ``cache`` where the text is unchanged, else embedded."""
    vectors = np.zeros((len(plist), encoder.dimension), dtype=np.float32)
    missing = [i for i, p in enumerate(plist) if p.key not in cache]
    for i, p in enumerate(plist):
        if p.key in cache:
            vectors[i] = cache[p.key]
    batch = max(encoder.batch_size, 1)
    for start in range(0, len(missing), batch):
        ids = missing[start:start + batch]
        vectors[ids] = encoder.encode_documents([plist[i].embed_text for i in ids])
        if progress:
            progress(done + min(start + batch, len(missing)), total)
    return vectors, len(missing)


def _lexicon(encoder: Encoder, vocab: dict[str, list[str]], cache: dict) -> dict[tuple[str, str], np.ndarray]:
    """Every corpus word's vector by the first encoder, reusing the previous build's."""
    out: dict[tuple[str, str], np.ndarray] = {}
    missing = [(lang, w) for lang, ws in vocab.items() for w in ws if (lang, w) not in cache]
    if missing:
        fresh = encoder.encode_queries([w for _, w in missing])
        cache = {**cache, **dict(zip(missing, fresh))}
    for lang, ws in vocab.items():
        for w in ws:
            out[(lang, w)] = cache[(lang, w)]
    return out


def build_index(practices_dir: Path, index_dir: Path, encoders: Encoder | Sequence[Encoder], *,
                rebuild: bool = False, progress: Progress | None = None, wait: bool = True,
                ann: AnnSettings = AnnSettings()) -> BuildReport:
    """Build or update the index of ``practices_dir`` in ``index_dir`` with one or more encoders; broken files
    are reported, not indexed."""
    started = time.perf_counter()
    encoders = [encoders] if isinstance(encoders, Encoder) else list(encoders)
    name = model_name(encoders)
    index_dir = Path(index_dir)
    report = BuildReport(encoder=name, index=index_dir)
    with locked(index_dir, wait=wait):
        corpus = corpus_mod.load(Path(practices_dir))
        report.problems = corpus.problems
        report.files = len(corpus.files)
        practices = corpus.practices
        files = {p.rel: p.sha256 for p in practices}
        plist = [passage for p in practices for passage in passages(p)]
        report.seconds_parse = time.perf_counter() - started
        report.practices, report.passages = len(practices), len(plist)

        previous, caches, lexicon_cache = (None, {}, {}) if rebuild else _previous(index_dir, encoders, report)
        old_files = previous.files if previous else {}
        report.added = sorted(set(files) - set(old_files))
        report.removed = sorted(set(old_files) - set(files))
        report.changed = sorted(f for f in files if f in old_files and old_files[f] != files[f])
        words = glossary.digest()
        if previous is not None and previous.format == store.FORMAT_VERSION and previous.encoder == name \
                and old_files == files and previous.glossary == words:
            report.up_to_date = True
            report.build = store.current_build(index_dir)
            report.seconds_total = time.perf_counter() - started
            return report
        if previous is not None and previous.glossary != words and old_files == files:
            report.notes.append("the glossary changed: the passages' words are translated again")

        t0 = time.perf_counter()
        total = sum(sum(p.key not in caches.get(e.name, {}) for p in plist) for e in encoders)
        vectors = []
        for encoder in encoders:
            matrix, embedded = _embed(encoder, plist, caches.get(encoder.name, {}), progress,
                                      report.embedded, total)
            vectors.append(matrix)
            report.embedded += embedded
        report.reused = len(plist) * len(encoders) - report.embedded
        lexicon = _lexicon(encoders[0], vocabulary(practices), lexicon_cache)
        report.seconds_embed = time.perf_counter() - t0

        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        build_name = f"{stamp}-{secrets.token_hex(4)}"
        tmp = index_dir / f"tmp-{build_name}"
        tmp.mkdir()
        try:
            names = _write(tmp, practices, plist, encoders, vectors, lexicon, ann) + \
                [store.DATABASE, bm25.FILE, bm25.TRANSLATED_FILE]
            checksums = {n: store.sha256_file(tmp / n) for n in names}
            store.Manifest(format=store.FORMAT_VERSION, encoder=name,
                           encoders=[{"name": e.name, "dimension": e.dimension} for e in encoders],
                           files=files, practices=len(practices), passages=len(plist), checksums=checksums,
                           created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                           glossary=words).write(tmp)
            for child in tmp.iterdir():
                with open(child, "rb") as f:
                    os.fsync(f.fileno())
            final = index_dir / f"build-{build_name}"
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
