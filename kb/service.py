"""The knowledge base as one object: settings, encoder, index and searcher, built from arguments.

The command line and the HTTP service both work through it; nothing is loaded at import time."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Sequence

from indexer import store
from indexer.ann import AnnSettings
from indexer.build import BuildReport, Progress, build_index, current_manifest, model_name
from indexer.encoders import Encoder, load_encoders
from indexer.reader import OpenIndex
from kb.ranking import Ranking, default_ranking
from kb.search import Searcher
from kb.settings import Settings


log = logging.getLogger("kb")
FOLLOW_SECONDS = 1.0  # how often the open index is compared with the index folder's CURRENT


class KnowledgeBase:
    def __init__(self, settings: Settings, encoders: Encoder | Sequence[Encoder] | None = None,
                 ranking: Ranking | None = None):
        self.settings = settings
        self._encoders = [encoders] if isinstance(encoders, Encoder) else (list(encoders) if encoders else None)
        self._ranking = ranking
        self._searcher: Searcher | None = None
        self._checked = 0.0  # when the index folder's CURRENT was last compared with the open build
        self._lock = threading.RLock()

    @property
    def practices_dir(self) -> Path:
        return Path(self.settings.practices)

    @property
    def index_dir(self) -> Path:
        return Path(self.settings.index)

    @property
    def encoders(self) -> list[Encoder]:
        """The encoders the model setting names (loaded on first use)."""
        if self._encoders is None:
            with self._lock:
                if self._encoders is None:
                    self._encoders = load_encoders(self.settings.model, threads=self.settings.threads,
                                                   cache_dir=self.settings.cache)
        return self._encoders

    @property
    def model_name(self) -> str:
        return model_name(self._encoders) if self._encoders is not None else self.settings.model

    def build(self, *, rebuild: bool = False, progress: Progress | None = None, wait: bool = True) -> BuildReport:
        """Build or update the index; the searcher, if open, moves to the new build."""
        ann = AnnSettings(kind=self.settings.index_type, threshold=self.settings.index_threshold)
        report = build_index(self.practices_dir, self.index_dir, self.encoders, rebuild=rebuild,
                             progress=progress, wait=wait, ann=ann)
        if self._searcher is not None and not report.up_to_date:
            with self._lock:
                self._searcher = self._open()
                self._checked = time.monotonic()
        return report

    def ensure_index(self, progress: Progress | None = None) -> BuildReport:
        """Make the index current: built when missing, updated when stale, rebuilt from the practices when it
        is damaged or was made with another encoder (the build does not reuse such an index)."""
        manifest = current_manifest(self.practices_dir, self.index_dir, self.model_name)
        if manifest is not None:
            return BuildReport(encoder=manifest.encoder, index=self.index_dir, up_to_date=True,
                               files=len(manifest.files), practices=manifest.practices, passages=manifest.passages)
        return self.build(progress=progress)

    def _open(self) -> Searcher:
        encoders = self.encoders
        index = OpenIndex.open(self.index_dir, model_name(encoders))
        s = self.settings
        ranking = self._ranking or default_ranking([e.name for e in encoders])
        return Searcher(index, encoders, ranking, max_query_chars=s.max_query_chars, max_k=s.max_k,
                        cache_size=s.query_cache_size)

    @property
    def searcher(self) -> Searcher:
        """The searcher over the current build (opened on first use). It follows the index folder: when another
        process (a second server worker, or ``kb index``) has made another build current, the next call after
        at most ``FOLLOW_SECONDS`` opens that one; a search under way finishes on the one it started with."""
        searcher = self._searcher
        if searcher is None:
            with self._lock:
                if self._searcher is None:
                    self._searcher = self._open()
                    self._checked = time.monotonic()
                searcher = self._searcher
        elif time.monotonic() - self._checked > FOLLOW_SECONDS:
            searcher = self._follow(searcher)
        return searcher

    def _follow(self, searcher: Searcher) -> Searcher:
        with self._lock:
            if time.monotonic() - self._checked <= FOLLOW_SECONDS or self._searcher is not searcher:
                return self._searcher
            self._checked = time.monotonic()
            try:
                current = store.current_build(self.index_dir)
                if current is not None and current.name != searcher.index.folder.name:
                    self._searcher = self._open()
                    log.info("now searching %s (made current by another process)", current.name)
            except Exception as e:  # a build being swapped or damaged: keep serving the one that is open
                log.warning("the index in %s was changed but cannot be opened (%s); still serving %s",
                            self.index_dir, e, searcher.index.folder.name)
            return self._searcher
