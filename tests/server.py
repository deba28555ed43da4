"""Start `kb serve` in a subprocess on a free loopback port, for tests that need a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@contextmanager
def serving(practices: Path, index: Path, model: str = "hashing", **env):
    """Yields (base URL, process)."""
    port = free_port()
    kb = str(Path(sys.executable).with_name("kb"))
    log = open(Path(index).parent / f"serve-{port}.log", "w+b")
    proc = subprocess.Popen([kb, "serve", "--practices", str(practices), "--index", str(index), "--port", str(port)],
                            env={**os.environ, "KB_MODEL": model, **env}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 600  # it builds the index first; a busy CI machine can be slow
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    log.seek(0)
                    raise RuntimeError("kb serve did not start: " + log.read()[-2000:].decode(errors="replace"))
                time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
