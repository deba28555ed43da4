"""The evaluation set on disk: ``queries.tsv`` (qid, lang, query) and ``qrels.tsv`` (qid, doc_id, grade)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kb.errors import KBError
from kb.evaluation.metrics import ANSWERS


@dataclass(frozen=True)
class Query:
    qid: str
    lang: str
    text: str


@dataclass
class EvalSet:
    queries: list[Query]
    qrels: dict[str, dict[str, int]]

    def groups(self, languages: dict[str, str]) -> dict[str, list[str]]:
        """Query ids by group: all; cross-lingual (every grade-2 answer is in another language than the query);
        same-language (the rest). ``languages`` maps practice ids to their language."""
        cross = [q.qid for q in self.queries
                 if (answers := [d for d, g in self.qrels.get(q.qid, {}).items() if g >= ANSWERS])
                 and all(languages.get(d, q.lang) != q.lang for d in answers)]
        cross_set = set(cross)
        return {"all": [q.qid for q in self.queries], "cross-lingual": cross,
                "same-language": [q.qid for q in self.queries if q.qid not in cross_set]}

    def only(self, prefix: str) -> "EvalSet":
        """The queries whose id starts with ``prefix`` (e.g. "h", the held-out ones), with their judgments."""
        queries = [q for q in self.queries if q.qid.startswith(prefix)]
        if not queries:
            raise KBError(f"no query id starts with {prefix!r}")
        return EvalSet(queries, {q.qid: self.qrels[q.qid] for q in queries if q.qid in self.qrels})


def read_rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            if reader.fieldnames != columns:
                raise KBError(f"{path}: the header must be {' '.join(columns)} (tab-separated), "
                              f"found {reader.fieldnames}")
            return list(reader)
    except OSError as e:
        raise KBError(f"cannot read {path}: {e.strerror or e}") from e


def load(folder: Path) -> EvalSet:
    folder = Path(folder)
    queries = [Query(r["qid"], r["lang"], r["query"])
               for r in read_rows(folder / "queries.tsv", ["qid", "lang", "query"])]
    qrels: dict[str, dict[str, int]] = {}
    known = {q.qid for q in queries}
    for n, r in enumerate(read_rows(folder / "qrels.tsv", ["qid", "doc_id", "grade"]), start=2):
        if r["qid"] not in known:
            raise KBError(f"{folder / 'qrels.tsv'}:{n}: query {r['qid']!r} is not in queries.tsv")
        try:
            qrels.setdefault(r["qid"], {})[r["doc_id"]] = int(r["grade"])
        except (TypeError, ValueError) as e:
            raise KBError(f"{folder / 'qrels.tsv'}:{n}: grade must be 0, 1 or 2") from e
    return EvalSet(queries, qrels)
