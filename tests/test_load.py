"""Load and soak (tier `load`): 32 concurrent clients on loopback mixing searches, practice pages and plan
suggestions for KB_SOAK_SECONDS (60 by default; CI runs a shorter soak). Zero errors, and the server's memory
after the run within 10% of before. Bounded in time and count; only 127.0.0.1 is addressed."""

from __future__ import annotations

import json
import os
import random
import threading
import time
import urllib.parse
import urllib.request

import pytest

from kb.settings import DEFAULT_MODEL
from tests.conftest import REPO
from tests.server import rss_kib, serving

pytestmark = pytest.mark.load
CLIENTS = 32
MAX_REQUESTS = 200_000
QUERIES = [q for q in (REPO / "bench" / "queries.txt").read_text().splitlines() if q.strip()]
PLAN = {"text": "## 1. Violencia armada\n\nHomicidios con armas de fuego cerca de bares los fines de semana.\n\n"
                "## 2. Jóvenes\n\nJóvenes que dejan la escuela y entran a pandillas del barrio.", "k": 3}


def _request(base: str, rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.7:
        url = base + "/api/search?" + urllib.parse.urlencode({"q": rng.choice(QUERIES), "k": 10})
        request = urllib.request.Request(url)
    elif roll < 0.9:
        request = urllib.request.Request(base + "/practices/" + rng.choice(_ids(base)))
    else:
        request = urllib.request.Request(base + "/api/suggest", data=json.dumps(PLAN).encode(),
                                         headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        r.read()
        return r.status


_IDS: list[str] = []


def _ids(base: str) -> list[str]:
    if not _IDS:
        with urllib.request.urlopen(base + "/api/practices", timeout=10) as r:
            _IDS.extend(p["id"] for p in json.loads(r.read())["results"])
    return _IDS


def test_soak_32_clients_zero_errors_and_stable_memory(tmp_path):
    seconds = float(os.environ.get("KB_SOAK_SECONDS", "60"))
    with serving(REPO / "practices", tmp_path / "index", model=DEFAULT_MODEL) as (base, proc):
        counts = {"ok": 0, "errors": 0}
        kinds: dict[str, int] = {}
        lock = threading.Lock()

        def client(n: int, deadline: float) -> None:
            local = random.Random(n)
            while time.time() < deadline and counts["ok"] + counts["errors"] < MAX_REQUESTS:
                try:
                    ok, kind = _request(base, local) == 200, "status"
                except OSError as e:
                    ok, kind = False, f"{type(e).__name__}: {str(e)[:80]}"
                with lock:
                    counts["ok" if ok else "errors"] += 1
                    if not ok:
                        kinds[kind] = kinds.get(kind, 0) + 1

        def run(duration: float) -> None:
            deadline = time.time() + duration
            threads = [threading.Thread(target=client, args=(n, deadline)) for n in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

        run(min(5.0, seconds))  # warm up with the same load: server threads, caches and connections start
        before = rss_kib(proc.pid)
        counts.update(ok=0, errors=0)
        run(seconds)
        after = rss_kib(proc.pid)
        print(f"\nsoak: {seconds:.0f} s, {CLIENTS} clients, {counts['ok']} requests served, "
              f"{counts['errors']} errors; RSS {before / 1024:.0f} MiB before, {after / 1024:.0f} MiB after "
              "(before = after a 5 s warm-up at the same load)")
        assert counts["errors"] == 0, kinds
        assert counts["ok"] > 0
        assert after <= before * 1.10
