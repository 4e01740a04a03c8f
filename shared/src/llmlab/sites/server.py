"""Serve a generated site (or a folder) over HTTP on a loopback address, in a background thread."""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


class App(Protocol):
    def handle(self, path: str, query: dict[str, list[str]]) -> Response: ...


Handler = Callable[[str, dict[str, list[str]]], Response]


def _app_handler(handle: Handler) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        server_version = "llmlab-site/1.0"

        def _respond(self, with_body: bool) -> None:
            parts = urlsplit(self.path)
            try:
                response = handle(parts.path, parse_qs(parts.query, keep_blank_values=True))
            except Exception as error:  # a bug in a site must not hang the client
                response = Response(500, f"internal error: {error!r}".encode(), "text/plain; charset=utf-8")
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            if with_body:
                self.wfile.write(response.body)

        def do_GET(self) -> None:  # noqa: N802
            self._respond(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(False)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return _Handler


class _ServerV6(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve_site(site: App | Handler | str | os.PathLike, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``site`` until the ``with`` block ends; yields the base URL, e.g. ``http://127.0.0.1:53817``.

    ``site`` is a generated site (anything with ``handle(path, query) -> Response``), a plain
    function with that signature, or a folder of static files. The port is picked by the OS
    (port 0), and ``host`` must be a loopback address.
    """
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"serve_site only binds loopback addresses, got {host!r}")
    if isinstance(site, (str, os.PathLike)):
        folder = Path(site)
        if not folder.is_dir():
            raise FileNotFoundError(f"no such folder: {folder}")
        handler: type[BaseHTTPRequestHandler] = partial(_QuietFiles, directory=str(folder))  # type: ignore[assignment]
    else:
        handler = _app_handler(site.handle if hasattr(site, "handle") else site)
    server_class = _ServerV6 if ":" in host else ThreadingHTTPServer
    server = server_class((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
