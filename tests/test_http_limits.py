"""Huge URLs and headers over real HTTP against `kb serve` (tier `load`): the app answers a 100,000-character
query with its own JSON detail or error page (httptools alone cannot parse a URL over 64 KiB); a request head past
KB_MAX_REQUEST_HEAD gets a JSON 414 or 431; the server stays healthy and its log stays short."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.parse

import pytest

from tests.conftest import REPO
from tests.server import serving

pytestmark = pytest.mark.load
LIMIT = 256 * 1024  # KB_MAX_REQUEST_HEAD for this server: small, so that going past it is quick
HEAD_SECONDS = 2.0  # KB_REQUEST_HEAD_SECONDS for this server: short, so that a slow client is cut quickly


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index = tmp_path_factory.mktemp("http") / "index"
    with serving(REPO / "tests" / "data" / "practices", index, KB_MAX_REQUEST_HEAD=str(LIMIT),
                 KB_REQUEST_HEAD_SECONDS=str(HEAD_SECONDS)) as (base, proc):
        host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
        yield host, port, index.parent / f"serve-{port}.log"


def get(server, target: str, connection: http.client.HTTPConnection | None = None):
    conn = connection or http.client.HTTPConnection(server[0], server[1], timeout=30)
    conn.request("GET", target)
    r = conn.getresponse()
    return r.status, r.getheader("content-type", ""), r.read()


def healthy(server) -> bool:
    return get(server, "/healthz")[0] == 200


def raw(server, head: bytes) -> tuple[int, bytes]:
    """Sends a request head as it is and reads the answer (the server may answer before it has read it all)."""
    with socket.create_connection(server[:2], timeout=30) as s:
        try:
            s.sendall(head)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    head, _, body = rest.partition(b"\r\n\r\n")
    names = {line.split(b":")[0].lower() for line in head.split(b"\r\n")}
    assert {b"content-security-policy", b"x-content-type-options", b"x-frame-options"} <= names
    return int(status_line.split()[1]), body


def test_a_100000_character_query_gets_the_apps_json_detail(server):
    status, kind, body = get(server, "/api/search?" + urllib.parse.urlencode({"q": "x" * 100_000, "k": 5}))
    assert status == 400 and kind.startswith("application/json")
    detail = json.loads(body)["detail"]
    assert "the query is 100,000 characters long" in detail and "at most 1,000" in detail
    assert healthy(server)


def test_a_100000_character_query_on_the_web_page_gets_an_error_page(server):
    status, kind, body = get(server, "/?" + urllib.parse.urlencode({"q": "violencia " * 10_000}))
    page = body.decode()
    assert status == 400 and kind.startswith("text/html")
    assert 'role="alert"' in page and "100,000 characters" in page
    assert len(body) < 50_000  # the query is echoed, and kept by the language link, only up to the limit
    assert healthy(server)


def test_a_long_url_keeps_the_connection_usable(server):
    conn = http.client.HTTPConnection(server[0], server[1], timeout=30)
    assert get(server, "/api/practices/" + "a" * 70_000, conn)[:2] == (404, "application/json")
    assert get(server, "/api/search?q=%C3%B1" + "%20x" * 30_000, conn)[0] == 400  # percent-encoded, past 64 KiB
    status, _, body = get(server, "/api/search?q=violencia&k=2", conn)
    assert status == 200 and json.loads(body)["query"] == "violencia"
    conn.close()


def test_a_url_past_the_limit_is_refused_with_414(server):
    status, body = raw(server, b"GET /api/search?q=" + b"x" * (4 * LIMIT) + b" HTTP/1.1\r\nHost: t\r\n\r\n")
    assert status == 414 and f"longer than {LIMIT:,} bytes" in json.loads(body)["detail"]
    assert healthy(server)


def test_headers_past_the_limit_are_refused_with_431(server):
    headers = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"y" * 8000) for n in range(4 * LIMIT // 8000))
    status, body = raw(server, b"GET /healthz HTTP/1.1\r\nHost: t\r\n" + headers + b"\r\n")
    assert status == 431 and "request line and headers" in json.loads(body)["detail"]
    assert healthy(server)


@pytest.mark.parametrize("head", [b"", b"GET /healthz HTTP/1.1\r\nHost: t\r\n"])
def test_a_client_too_slow_to_send_its_request_head_gets_408(server, head):
    with socket.create_connection(server[:2], timeout=30) as s:
        started = time.monotonic()
        s.sendall(head)  # and nothing more: a slowloris client, or a connection left open
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        waited = time.monotonic() - started
    if head:
        assert data.startswith(b"HTTP/1.1 408") and b"did not arrive within 2 seconds" in data
    else:
        assert data == b""  # a connection that never sent a byte is closed quietly
    assert HEAD_SECONDS - 0.5 < waited < HEAD_SECONDS + 5
    assert healthy(server)


def test_a_kept_alive_connection_is_not_cut_while_the_app_works(server):
    conn = http.client.HTTPConnection(server[0], server[1], timeout=30)
    for _ in range(3):
        assert get(server, "/api/search?q=violencia&k=2", conn)[0] == 200
        time.sleep(HEAD_SECONDS / 2)
    conn.close()


def test_the_access_log_shortens_long_urls(server):
    get(server, "/api/search?q=" + "z" * 100_000)
    lines = server[2].read_text(errors="replace").splitlines()
    logged = [line for line in lines if "zzzz" in line]
    assert logged and all(len(line) < 1000 for line in logged)
    assert "(100,014 characters)" in logged[-1]
