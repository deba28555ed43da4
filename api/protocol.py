"""The HTTP/1.1 protocol `kb serve` runs: uvicorn's httptools protocol with bounded request heads and long URLs.

Two gaps of uvicorn's httptools protocol, both closed here without giving up its C parser:

* httptools parses the request target with http_parser's URL parser, whose offsets are 16-bit: a URL of more than
  65,535 bytes raises "url is too long", and uvicorn answers a plain-text 400 "Invalid HTTP request received"
  before the app sees the request. Here a long target in origin form (``/path?query``, what every client sends
  to a server) is split by hand, so the app answers it with its own ``detail`` (the query is N characters long...).
* llhttp sets no limit on the request line and headers, and uvicorn keeps them in memory until they end. Here
  they are capped at ``max_head`` bytes (setting ``max_request_head``, env KB_MAX_REQUEST_HEAD): past it the answer
  is a JSON 414 (the URL) or 431 (the headers), the connection is closed for writing, and what the client still
  sends is read and dropped for a moment (a lingering close), so that it sees the answer instead of a reset.

uvicorn takes the protocol class as ``http=``; ``protocol(max_head)`` makes one. With h11 instead (when
httptools is missing) ``h11_max_incomplete_event_size`` is the same limit, answered with uvicorn's plain 400.
"""

from __future__ import annotations

import json
import logging
import urllib.parse

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from api.security import HEADERS, PAGE_POLICY

# the headers every answer of the app carries, for the answers given before the app sees the request
SECURITY_HEADERS = HEADERS + [(b"content-security-policy", PAGE_POLICY.encode())]

URL_PARSER_LIMIT = 65_535  # http_parser_url's uint16_t offsets
LINGER_SECONDS = 2.0  # how long the rest of a refused request is read and dropped
LINGER_BYTES = 16 * 1024 * 1024  # and at most this much of it
LOGGED_PATH_CHARS = 300  # the access log shows this much of a long path and query


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    max_head = 1024 * 1024
    head_seconds = 20.0  # a request head (from the connection or the request's first byte) must arrive in this time

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = False  # between the start of a request and the end of its headers
        self._head_bytes = 0  # bytes received since that start (counting whole reads: at most one read over)
        self._dropping = False  # a refused request: the rest is read and dropped
        self._dropped = 0
        self._head_timer = None

    # A client that opens a connection and sends its request head a byte at a time (slowloris) would hold the
    # connection for ever: uvicorn times out only idle keep-alive connections. The head gets ``head_seconds``.
    def _start_head_timer(self) -> None:
        if self._head_timer is None and self.head_seconds:
            self._head_timer = self.loop.call_later(self.head_seconds, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self._dropping:
            return
        if self._in_head:
            self._answer(408, f"the request line and headers did not arrive within {self.head_seconds:g} seconds")
        elif not self.cycle:  # a connection that never sent a byte (a browser's preconnect): closed quietly, as nginx does
            self.transport.close()

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_timer()

    def connection_lost(self, exc) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._dropping:
            self._dropped += len(data)
            if self._dropped > LINGER_BYTES:
                self.transport.close()
            return
        was_in_head = self._in_head
        super().data_received(data)
        if self._in_head and self.parser is not None and not self.transport.is_closing():
            self._head_bytes = (self._head_bytes if was_in_head else 0) + len(data)
            if self._head_bytes > self.max_head:
                self._refuse()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._start_head_timer()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._stop_head_timer()
        url = self.url
        if len(url) <= URL_PARSER_LIMIT or not url.startswith(b"/"):
            return super().on_headers_complete()
        raw_path, _, query = url.partition(b"#")[0].partition(b"?")
        path = raw_path.decode("ascii")  # as uvicorn does: a non-ASCII path is a bad request
        if "%" in path:
            path = urllib.parse.unquote(path)
        self.url = b"/"  # httptools parses this one; the scope gets the real path and query below
        try:
            super().on_headers_complete()
        finally:
            self.url = url
        # The request's task is created but has not run yet: it reads the same scope.
        self.scope["path"] = self.root_path + path
        self.scope["raw_path"] = self.root_path.encode("ascii") + raw_path
        self.scope["query_string"] = query

    def _refuse(self) -> None:
        limit = f"{self.max_head:,}"
        if not self.headers:
            status, detail = 414, (f"the URL is longer than {limit} bytes, the most this server reads; a search "
                                   "query is at most a few lines (for a whole plan draft, use suggestions)")
        else:
            status, detail = 431, f"the request line and headers are longer than {limit} bytes, the most this server reads"
        self._answer(status, detail)

    def _answer(self, status: int, detail: str) -> None:
        """Answers ``status`` with a JSON ``detail`` before the app sees the request, and closes the connection."""
        self._stop_head_timer()
        self.logger.warning("Refused a request: %s", detail)
        body = json.dumps({"detail": detail}).encode()
        content = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        for name, value in SECURITY_HEADERS:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend([b"content-type: application/json\r\n", b"content-length: " + str(len(body)).encode() + b"\r\n",
                        b"connection: close\r\n", b"\r\n", body])
        self.transport.write(b"".join(content))
        self._in_head, self._dropping = False, True
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:  # pragma: no cover - TLS
            self.transport.close()


def protocol(max_head: int, head_seconds: float = 20.0) -> type[BoundedHttpToolsProtocol]:
    """The protocol class for uvicorn's ``http=``, reading at most ``max_head`` bytes of request line and headers,
    which must arrive within ``head_seconds`` (0: no limit)."""
    return type("BoundedHttpToolsProtocol", (BoundedHttpToolsProtocol,), {"max_head": max_head,
                                                                          "head_seconds": head_seconds})


def from_settings(settings) -> type[BoundedHttpToolsProtocol]:
    """The protocol class with the settings' limits; uvicorn's access log shortens long paths from then on."""
    logging.getLogger("uvicorn.access").addFilter(ShortPaths())
    return protocol(settings.max_request_head, settings.request_head_seconds)


def __getattr__(name: str):
    """``FromSettings``: ``from_settings`` of the environment's settings, for uvicorn's worker processes, which
    get ``http=`` as the import string ``api.protocol:FromSettings``."""
    if name == "FromSettings":
        from kb.settings import get_settings

        globals()[name] = cls = from_settings(get_settings())
        return cls
    raise AttributeError(name)


class ShortPaths(logging.Filter):
    """Shortens the path and query in uvicorn's access log: one long request must not write a megabyte of log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str) and len(args[2]) > LOGGED_PATH_CHARS:
            path = args[2]
            record.args = (*args[:2], f"{path[:LOGGED_PATH_CHARS]}... ({len(path):,} characters)", *args[3:])
        return True
