"""PDF: the pack's HTML printed by headless Chromium (Debian's ``chromium``), in a private temporary profile,
with a time limit. The browser loads only the local file: the HTML has no external asset."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kb.errors import KBError

CHROMIUM = "/usr/bin/chromium"
DEFAULT_TIMEOUT = 90.0
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-crash-reporter",
         "--disable-extensions", "--no-pdf-header-footer", "--generate-pdf-document-outline"]


class ExportUnavailable(KBError):
    """An export that this machine cannot make (no Chromium for PDF) or that failed in the converter."""


def find_chromium() -> str | None:
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, *, timeout: float = DEFAULT_TIMEOUT, chromium: str | None = None) -> bytes:
    """The PDF Chromium prints from ``html``; ``ExportUnavailable`` when Chromium is missing, fails or takes
    longer than ``timeout`` seconds (then it is stopped with all its processes)."""
    binary = chromium or find_chromium()
    if not binary or not Path(binary).exists():
        raise ExportUnavailable("PDF export needs Chromium, which is not installed here: install Debian's "
                                "'chromium' package (apt-get install chromium), or export html or docx instead")
    with tempfile.TemporaryDirectory(prefix="kb-pack-pdf-") as tmp:
        source, target = Path(tmp) / "pack.html", Path(tmp) / "pack.pdf"
        source.write_text(html, encoding="utf-8")
        cmd = [binary, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={target}",
               source.as_uri()]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, "HOME": tmp})
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise ExportUnavailable(f"Chromium did not print the PDF within {timeout:g} seconds; "
                                    "try again, or export html or docx instead") from None
        finally:
            _stop(proc)
        data = target.read_bytes() if target.is_file() else b""
        if proc.returncode != 0 or not data.startswith(b"%PDF"):
            lines = [x for x in err.decode("utf-8", "replace").splitlines() if x.strip()]
            why = lines[-1][:300] if lines else f"exit status {proc.returncode}"
            raise ExportUnavailable(f"Chromium could not print the PDF ({why})")
        return data


def _stop(proc: subprocess.Popen) -> None:
    """End the browser and the helpers it started (they share its process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass
