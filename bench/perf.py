"""Benchmark of the search service: prints one table and writes the same as JSON.

    .venv/bin/python bench/perf.py [--practices DIR] [--rounds N] [--json bench/results.json]

Rows: in-process search (split into embedding and the rest, with the encoder's own time as the floor),
`kb serve` start-up to the first answered search with an existing index, GET /api/search over HTTP at 1, 8 and
32 concurrent clients (wrk in its own process, or Python threads when wrk is missing) and at 8 clients on
`kb serve --workers 2`, the servers' peak RSS, full and one-file indexing with each encoder, and suggestions for
a ~15,000-word plan. Times are medians and spreads over repeated runs; absolute numbers on a shared 2-core
machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"median_ms": statistics.median(ms), "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99), "n": len(ms)}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    return {"cores": os.cpu_count(), "cpu": cpu, "commit": commit, "python": platform.python_version()}


def in_process(practices: Path, index: Path, queries: list[str], rounds: int) -> dict:
    from kb.service import KnowledgeBase
    from kb.settings import Settings

    kb = KnowledgeBase(Settings(practices=practices, index=index, query_cache_size=0))
    kb.ensure_index()
    searcher = kb.searcher
    encoder = kb.encoders[0]
    searcher.search(queries[0])  # warm up
    enc, total = [], []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            encoder.encode_queries([q])
            t1 = time.perf_counter()
            searcher.search(q, k=10)
            t2 = time.perf_counter()
            enc.append((t1 - t0) * 1000)
            total.append((t2 - t1) * 1000)
    return {"encoder_floor": summary(enc), "search_total": summary(total),
            "search_minus_embedding_ms": statistics.median(total) - statistics.median(enc),
            "ratio_to_floor": statistics.median(total) / statistics.median(enc)}


def indexing(practices: Path, tmp: Path, encoders: list[str]) -> dict:
    """A full build from nothing with each encoder, and an update after editing one file (default encoder)."""
    from kb.service import KnowledgeBase
    from kb.settings import Settings

    out = {}
    copy = tmp / "practices-copy"
    shutil.copytree(practices, copy)
    for name in encoders:
        kb = KnowledgeBase(Settings(practices=copy, index=tmp / f"index-{name}", model=name))
        kb.encoders  # loading the model is start-up, not indexing
        report = kb.build()
        row = {"seconds": report.seconds_total, "parse_s": report.seconds_parse, "embed_s": report.seconds_embed,
               "passages": report.passages, "passages_per_s": report.passages / max(report.seconds_embed, 1e-9)}
        if name == encoders[0]:
            from kb.corpus import case_study_files

            edited = case_study_files(copy)[0]
            edited.write_text(edited.read_text() + "\nUna frase nueva al final del caso.\n")
            t0 = time.perf_counter()
            update = kb.build()
            row["one_file_s"] = time.perf_counter() - t0
            row["one_file_embedded"] = update.embedded
        out[name] = row
    return out


def suggestion(practices: Path, index: Path, words: int = 15000) -> dict:
    """POST-free: the suggestion of a plan of about ``words`` words (the example plans in turn, cut at ``words``), in
    process, as Markdown and as a PDF."""
    from indexer.keyword import stems
    from kb.plans.service import suggest_for_file
    from kb.service import KnowledgeBase
    from kb.settings import Settings

    kb = KnowledgeBase(Settings(practices=practices, index=index))
    kb.ensure_index()
    parts = [p.read_text("utf-8") for p in sorted((REPO / "examples").glob("plan-*.md"))]
    plan, n = [], 0
    while sum(len(p.split()) for p in plan) < words:
        plan.append(parts[n % len(parts)].replace("\n## ", f"\n## P{n} ").replace("\n### ", f"\n### P{n}."))
        n += 1
    # cut at the paragraph that reaches ``words``, so that the plan's size does not follow the examples'
    kept, count = [], 0
    for paragraph in "\n\n".join(plan).split("\n\n"):
        if count >= words:
            break
        kept.append(paragraph)
        count += len(paragraph.split())
    data = "\n\n".join(kept).encode()
    # a section long enough to be a query, so that the model is loaded before the timed runs
    suggest_for_file(kb.searcher, "## Eje de juventud\n\nLos jóvenes del barrio dejan la escuela y entran a las "
                     "pandillas que cobran extorsiones en el mercado.".encode(), "warm.md")
    out = {"words": len(data.split())}
    # the same plan as a PDF (bold headings by level, as examples/make_formats.py prints them): read with its layout;
    # as Word (heading styles, real tables), and as Word saves it as text (one paragraph or table cell per line)
    sys.path.insert(0, str(REPO / "examples"))
    import pypdfium2
    from make_formats import to_docx, to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "plan.md").write_bytes(data)
        to_pdf(Path(tmp) / "plan.md", Path(tmp) / "plan.pdf")
        to_docx(Path(tmp) / "plan.md", Path(tmp) / "plan.docx")
        pdf = (Path(tmp) / "plan.pdf").read_bytes()
        docx = (Path(tmp) / "plan.docx").read_bytes()
    out["pdf_pages"] = len(pypdfium2.PdfDocument(pdf))
    text = _saved_as_text(docx)
    for key, body, name in (("", data, "plan.md"), ("pdf_", pdf, "plan.pdf"), ("docx_", docx, "plan.docx"),
                            ("txt_", text, "plan.txt")):
        times = []
        for _ in range(3):
            # a plan seen for the first time: no query vector, translation or stem known yet
            kb.searcher.cache._data.clear()
            kb.searcher.index.lexicon._memo.clear()
            stems.cache_clear()
            t0 = time.perf_counter()
            result = suggest_for_file(kb.searcher, body, name, k=5)
            times.append(time.perf_counter() - t0)
        out.update({f"{key}sections": len(result.sections), f"{key}median_s": statistics.median(times),
                    f"{key}max_s": max(times)})
    return out


def _saved_as_text(docx: bytes) -> bytes:
    """A Word file as its "save as plain text" gives it: each paragraph, and each table cell, a line of its own (the
    Word reader's own way through the document and its paragraphs' text)."""
    import io

    from docx import Document

    from kb.plans.word import WORD, _blocks, _text

    lines = []
    for element in _blocks(Document(io.BytesIO(docx)).element.body):
        if element.tag == f"{WORD}p":
            lines.append(_text(element))
        else:  # a table: its cells in reading order
            lines.extend("\n".join(_text(p) for p in cell.iter(f"{WORD}p")) for cell in element.iter(f"{WORD}tc"))
    return "\n".join(lines).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        r.read()
        return r.status


def start_server(practices: Path, index: Path, port: int, *extra: str) -> tuple[subprocess.Popen, float]:
    """Start `kb serve` and return it with the seconds from process start to the first answered search."""
    kb = str(Path(sys.executable).with_name("kb"))
    url = f"http://127.0.0.1:{port}/api/search?q=violencia"
    t0 = time.perf_counter()
    proc = subprocess.Popen([kb, "serve", "--practices", str(practices), "--index", str(index), "--port", str(port),
                             *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = t0 + 120
    while time.perf_counter() < deadline:
        try:
            if get(url, timeout=1) == 200:
                return proc, time.perf_counter() - t0
        except OSError:
            time.sleep(0.02)
    proc.kill()
    raise RuntimeError("the server did not answer within 120 s")


def wrk_load(port: int, queries: list[str], clients: int, seconds: int, tmp: Path) -> dict | None:
    """GET /api/search from wrk (a C load generator in its own process), or None when wrk is missing."""
    if not shutil.which("wrk"):
        return None
    table = tmp / "queries.lua"
    table.write_text("return {" + ",".join(json.dumps(urllib.parse.quote(q)) for q in queries) + "}\n")
    out = subprocess.run(["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", str(REPO / "bench" / "search.lua"), f"http://127.0.0.1:{port}"],
                         capture_output=True, text=True, env={**os.environ, "KB_WRK_QUERIES": str(table)})
    line = next((x for x in out.stdout.splitlines() if x.startswith("JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stderr or out.stdout}")
    data = json.loads(line[5:])
    return {"median_ms": data["p50"], "p95_ms": data["p95"], "p99_ms": data["p99"], "n": data["requests"],
            "clients": clients, "requests_per_s": data["requests"] / data["seconds"], "errors": data["errors"],
            "generator": "wrk"}


def load(port: int, queries: list[str], clients: int, requests_per_client: int) -> dict:
    urls = [f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q, "k": 10}) for q in queries]
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(n: int) -> None:
        mine = []
        for i in range(requests_per_client):
            t0 = time.perf_counter()
            try:
                ok = get(urls[(n * 7 + i) % len(urls)]) == 200
            except OSError:
                ok = False
            mine.append((time.perf_counter() - t0) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            times.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {**summary(times), "clients": clients, "requests_per_s": len(times) / wall, "errors": errors[0],
            "generator": "python threads"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--practices", type=Path, default=REPO / "practices")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10, help="length of each HTTP load row")
    parser.add_argument("--encoders", default="use-multilingual,e5-small",
                        help="encoders for the indexing rows (the first is the default)")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args()
    queries = [q for q in (REPO / "bench" / "queries.txt").read_text().splitlines() if q.strip()]
    rows: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        rows["in_process"] = in_process(args.practices, index, queries, args.rounds)
        rows["indexing"] = indexing(args.practices, Path(tmp), args.encoders.split(","))
        rows["suggestion"] = suggestion(args.practices, index)
        startups, procs = [], []
        for _ in range(3):
            port = free_port()
            proc, seconds = start_server(args.practices, index, port)
            startups.append(seconds)
            procs.append((proc, port))
        for proc, _ in procs[:-1]:
            proc.terminate()
            proc.wait()
        proc, port = procs[-1]
        try:
            load(port, queries, 1, 20)  # warm up
            for clients in (1, 8, 32):
                rows[f"http_{clients}"] = wrk_load(port, queries, clients, args.seconds, Path(tmp)) or \
                    load(port, queries, clients, 30 * args.rounds)
            rows["server_peak_rss_mib"] = peak_rss_mib(proc.pid)
        finally:
            proc.terminate()
            proc.wait()
        rows["startup_s"] = {"median": statistics.median(startups), "min": min(startups), "max": max(startups)}
        # the same 8-client load on `kb serve --workers 2` (two processes, each with the model and the index)
        port = free_port()
        proc, _ = start_server(args.practices, index, port, "--workers", "2")
        try:
            time.sleep(3)  # the second worker loads its model
            load(port, queries, 4, 20)  # warm up both workers (a new connection per request)
            rows["http_8_workers_2"] = wrk_load(port, queries, 8, args.seconds, Path(tmp)) or \
                load(port, queries, 8, 30 * args.rounds)
            rows["workers_2_peak_rss_mib"] = peak_rss_mib(proc.pid) + sum(peak_rss_mib(c) for c in children(proc.pid))
        finally:
            proc.terminate()
            proc.wait()
    print_table(rows)
    args.json.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"written to {args.json}")


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (a supervisor's workers)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text() if (task / "children").exists() else ""
        out += [int(x) for x in text.split()]
    return out


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def print_table(rows: dict) -> None:
    m, ip = rows["machine"], rows["in_process"]
    print(f"machine: {m['cores']} cores, {m['cpu']}; commit {m['commit']}; python {m['python']}")
    print(f"{'row':44} {'median':>10} {'p95':>10} {'p99':>10} {'req/s':>8} {'errors':>7}")
    print(f"{'encoder alone (query embedding)':44} {ip['encoder_floor']['median_ms']:>8.2f}ms "
          f"{ip['encoder_floor']['p95_ms']:>8.2f}ms")
    print(f"{'search in process (no query cache)':44} {ip['search_total']['median_ms']:>8.2f}ms "
          f"{ip['search_total']['p95_ms']:>8.2f}ms   ({ip['ratio_to_floor']:.2f}x the encoder)")
    def load_row(label: str, r: dict, note: str = "") -> None:
        print(f"{label:44} {r['median_ms']:>8.2f}ms {r['p95_ms']:>8.2f}ms {r['p99_ms']:>8.2f}ms "
              f"{r['requests_per_s']:>8.0f} {r['errors']:>7}{note}")

    for clients in (1, 8, 32):
        r = rows[f"http_{clients}"]
        load_row(f"GET /api/search, {clients} client(s) ({r['generator']})", r)
    if "http_8_workers_2" in rows:
        load_row("GET /api/search, 8 clients, 2 workers", rows["http_8_workers_2"],
                 f"   (peak RSS of all processes {rows['workers_2_peak_rss_mib']:.0f} MiB)")
    s = rows["startup_s"]
    print(f"{'kb serve start-up to first search':44} {s['median']:>9.2f}s  (min {s['min']:.2f}, max {s['max']:.2f})")
    print(f"{'server peak RSS after the load rows':44} {rows['server_peak_rss_mib']:>7.0f}MiB")
    for name, r in rows["indexing"].items():
        line = (f"full index, {name}: {r['seconds']:.1f} s ({r['passages']} passages, parse {r['parse_s']:.2f} s, "
                f"embed {r['embed_s']:.1f} s, {r['passages_per_s']:.0f} passages/s)")
        if "one_file_s" in r:
            line += f"; one edited file {r['one_file_s']:.2f} s ({r['one_file_embedded']} re-embedded)"
        print(line)
    g = rows["suggestion"]
    print(f"suggestions for a {g['words']:,}-word plan ({g['sections']} sections): median {g['median_s']:.2f} s, "
          f"max {g['max_s']:.2f} s; the same as a {g['pdf_pages']}-page PDF ({g['pdf_sections']} sections): "
          f"median {g['pdf_median_s']:.2f} s, max {g['pdf_max_s']:.2f} s; as Word ({g['docx_sections']} sections): "
          f"median {g['docx_median_s']:.2f} s, max {g['docx_max_s']:.2f} s; as text ({g['txt_sections']} sections): "
          f"median {g['txt_median_s']:.2f} s, max {g['txt_max_s']:.2f} s")


if __name__ == "__main__":
    main()
