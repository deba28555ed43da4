"""Benchmark of the search service: prints one table and writes the same as JSON.

    .venv/bin/python bench/perf.py [--practices DIR] [--rounds N] [--json bench/results.json]

Rows: in-process search (split into embedding and the rest, with the encoder's own time as the floor),
`kb serve` start-up to the first answered search with an existing index, and GET /api/search over HTTP at
1 and 8 concurrent clients (a load generator in this process, the server in another). Times are medians
and spreads over repeated runs; absolute numbers on a shared 2-core machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        r.read()
        return r.status


def start_server(practices: Path, index: Path, port: int) -> tuple[subprocess.Popen, float]:
    """Start `kb serve` and return it with the seconds from process start to the first answered search."""
    kb = str(Path(sys.executable).with_name("kb"))
    url = f"http://127.0.0.1:{port}/api/search?q=violencia"
    t0 = time.perf_counter()
    proc = subprocess.Popen([kb, "serve", "--practices", str(practices), "--index", str(index), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = t0 + 120
    while time.perf_counter() < deadline:
        try:
            if get(url, timeout=1) == 200:
                return proc, time.perf_counter() - t0
        except OSError:
            time.sleep(0.02)
    proc.kill()
    raise RuntimeError("the server did not answer within 120 s")


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
    return {**summary(times), "clients": clients, "requests_per_s": len(times) / wall, "errors": errors[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--practices", type=Path, default=REPO / "practices")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args()
    queries = [q for q in (REPO / "bench" / "queries.txt").read_text().splitlines() if q.strip()]
    rows: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        rows["in_process"] = in_process(args.practices, index, queries, args.rounds)
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
            rows["http_1"] = load(port, queries, 1, 30 * args.rounds)
            rows["http_8"] = load(port, queries, 8, 20 * args.rounds)
        finally:
            proc.terminate()
            proc.wait()
        rows["startup_s"] = {"median": statistics.median(startups), "min": min(startups), "max": max(startups)}

    m = rows["machine"]
    ip = rows["in_process"]
    print(f"machine: {m['cores']} cores, {m['cpu']}; commit {m['commit']}; python {m['python']}")
    print(f"{'row':38} {'median':>10} {'p95':>10} {'p99':>10} {'req/s':>8} {'errors':>7}")
    print(f"{'encoder alone (query embedding)':38} {ip['encoder_floor']['median_ms']:>8.2f}ms "
          f"{ip['encoder_floor']['p95_ms']:>8.2f}ms {'':>10} {'':>8} {'':>7}")
    print(f"{'search in process (no query cache)':38} {ip['search_total']['median_ms']:>8.2f}ms "
          f"{ip['search_total']['p95_ms']:>8.2f}ms {'':>10} {'':>8} {'':>7}")
    print(f"{'  ratio to the encoder alone':38} {ip['ratio_to_floor']:>9.2f}x")
    for name in ("http_1", "http_8"):
        r = rows[name]
        print(f"{'GET /api/search, ' + str(r['clients']) + ' client(s)':38} {r['median_ms']:>8.2f}ms "
              f"{r['p95_ms']:>8.2f}ms {r['p99_ms']:>8.2f}ms {r['requests_per_s']:>8.0f} {r['errors']:>7}")
    s = rows["startup_s"]
    print(f"{'kb serve start-up to first search':38} {s['median']:>9.2f}s  (min {s['min']:.2f}, max {s['max']:.2f})")
    args.json.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
