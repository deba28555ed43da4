"""`kb serve --workers 2` (tier `load`): two processes answer, and a reindex asked of one is served by both."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.server import serving

pytestmark = pytest.mark.load
TOKEN = "w0rkers"


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(x) for x in (task / "children").read_text().split()]
    return out


def get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=30) as r:  # a new connection each time: any worker may answer
        return r.status, json.loads(r.read())


def test_two_workers_answer_and_follow_a_reindex(tmp_path):
    practices = tmp_path / "practices"
    shutil.copytree(DATA / "practices", practices)
    with serving(practices, tmp_path / "index", KB_WORKERS="2", KB_ADMIN_TOKEN=TOKEN) as (base, proc):
        workers = [c for c in children(proc.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
        assert len(workers) == 2
        share = str(max(1, (os.cpu_count() or 1) // 2))  # each worker's share of the cores for BLAS and the encoder
        for pid in workers:
            environ = dict(v.split("=", 1) for v in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in v)
            assert environ["OPENBLAS_NUM_THREADS"] == share and environ["KB_THREADS"] == share
        assert "numpy" not in Path(f"/proc/{proc.pid}/maps").read_text()  # the supervisor stays small
        time.sleep(2)  # the second worker finishes loading
        errors, done = [], []

        def client():
            for _ in range(25):
                try:
                    status, body = get(base + "/api/search?q=alcohol&k=3")
                    done.append(status == 200 and body["results"])
                except Exception as e:  # noqa: BLE001 - any failure counts
                    errors.append(e)

        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and len(done) == 200 and all(done)

        path = practices / "co-bogota-alcohol.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Hora de cierre de bares en Bogotá",
                                                                "Hora zanahoria en Bogotá", 1), encoding="utf-8")
        request = urllib.request.Request(base + "/api/admin/reindex", method="POST",
                                         headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request, timeout=60) as r:
            assert json.loads(r.read())["changed"] == ["co-bogota-alcohol.md"]
        time.sleep(1.5)  # each worker compares its index with the folder's CURRENT at most once a second
        titles = {get(base + "/api/practices/co-bogota-alcohol")[1]["title"] for _ in range(30)}
        assert titles == {"Hora zanahoria en Bogotá"}
