"""Importing from a URL: what is fetched, what is refused, and the words people see."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from forum.errors import Invalid
from forum.services import fetch
from forum.services.fetch import fetch_document

PAGE = "<html><head><title>Tides</title></head><body><p>Café opens at dawn.</p></body></html>"
TEN_MB = 10_000_000


@dataclass
class Site:
    """The test server's base URL and what it saw."""

    url: str
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def _stream(handler: BaseHTTPRequestHandler, size: int, length: bool) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    if length:
        handler.send_header("Content-Length", str(size))
    handler.end_headers()
    for _ in range(size // 65536):
        handler.wfile.write(b"a" * 65536)


def _send_late(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    handler.server.release.wait(2)  # the test's teardown releases it
    _send(handler, 200, body, Content_Type="text/html")


def _routes(port: int) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
    html, latin1 = "text/html; charset=utf-8", "text/plain; charset=iso-8859-1"
    return {
        "/article": lambda h: _send(h, 200, PAGE.encode(), Content_Type=html),
        "/notes.txt": lambda h: _send(h, 200, "naïve".encode(), Content_Type="text/plain"),
        "/latin1": lambda h: _send(h, 200, "café".encode("latin-1"), Content_Type=latin1),
        "/missing": lambda h: _send(h, 404, b"gone", Content_Type=html),
        "/binary": lambda h: _send(h, 200, b"\x00\x01", Content_Type="application/octet-stream"),
        "/image": lambda h: _send(h, 200, b"\x89PNG", Content_Type="image/png"),
        "/huge": lambda h: _stream(h, TEN_MB, length=True),
        "/huge-unsized": lambda h: _stream(h, TEN_MB, length=False),
        "/slow": lambda h: _send_late(h, PAGE.encode()),
        "/moved": lambda h: _send(h, 302, b"", Location="/article"),
        "/to-loopback": lambda h: _send(h, 302, b"", Location=f"http://127.0.0.2:{port}/article"),
        "/to-6to4-loopback": lambda h: _send(h, 302, b"", Location=f"http://[2002:7f00:1::1]:{port}/article"),
        "/loop": lambda h: _send(h, 302, b"", Location="/loop"),
    }


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.site.requests.append((self.path, self.headers.get("Host", "")))
        route = _routes(self.server.site.port).get(self.path, lambda h: _send(h, 404, b""))
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading on purpose

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = False  # so server_close() waits for every handler
    server.release = threading.Event()
    port = server.server_address[1]
    server.site = Site(f"http://127.0.0.1:{port}", port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.site
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def _message(call: Callable[[], object]) -> str:
    with pytest.raises(Invalid) as caught:
        call()
    assert caught.value.field == "url"
    return caught.value.message


def test_an_html_page_is_fetched_when_private_addresses_are_allowed(site: Site) -> None:
    document = fetch_document(f"{site.url}/article", allow_private=True)

    assert document.text == PAGE
    assert document.content_type == "text/html"
    assert document.url == f"{site.url}/article"


def test_text_without_a_charset_is_read_as_utf8(site: Site) -> None:
    assert fetch_document(f"{site.url}/notes.txt", allow_private=True).text == "naïve"


def test_the_charset_in_the_header_is_honoured(site: Site) -> None:
    assert fetch_document(f"{site.url}/latin1", allow_private=True).text == "café"


def test_a_private_address_is_refused_before_connecting(site: Site) -> None:
    message = _message(lambda: fetch_document(f"{site.url}/article"))

    assert message == "That address is on a private network and cannot be imported."
    assert site.requests == []


def test_a_missing_page_names_the_status(site: Site) -> None:
    message = _message(lambda: fetch_document(f"{site.url}/missing", allow_private=True))

    assert message == "The site answered 404; check the address."


@pytest.mark.parametrize("path", ["/binary", "/image"])
def test_files_that_are_not_text_are_refused(site: Site, path: str) -> None:
    message = _message(lambda: fetch_document(site.url + path, allow_private=True))

    assert message == "That address is not a web page or text file."


@pytest.mark.parametrize("path", ["/huge", "/huge-unsized"])
def test_pages_over_the_size_limit_are_refused(site: Site, path: str) -> None:
    message = _message(
        lambda: fetch_document(site.url + path, allow_private=True, max_bytes=2_000_000)
    )

    assert message == "That page is too large to import (limit 2 MB)."


def test_a_slow_site_times_out(site: Site) -> None:
    slow = f"{site.url}/slow"

    message = _message(lambda: fetch_document(slow, allow_private=True, timeout=0.5))

    assert message == "The site took too long to answer."


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/article.txt", "file:///etc/passwd", "javascript:alert(1)", "example.org"],
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    assert _message(lambda: fetch_document(url)) == "Only http and https addresses can be imported."


@pytest.mark.parametrize("url", ["http://", "https:///path", "http://[not-an-ip/", "http://a..b/"])
def test_malformed_addresses_ask_for_a_full_one(url: str) -> None:
    message = _message(lambda: fetch_document(url))

    assert message == "Enter a full web address, like https://example.org/article."


def test_redirects_are_followed(site: Site) -> None:
    document = fetch_document(f"{site.url}/moved", allow_private=True)

    assert document.url == f"{site.url}/article"
    assert document.text == PAGE


def test_a_redirect_loop_stops(site: Site) -> None:
    message = _message(lambda: fetch_document(f"{site.url}/loop", allow_private=True))

    assert message == "That address redirects too many times."
    assert len(site.requests) == fetch.MAX_REDIRECTS + 1


def test_a_redirect_to_a_loopback_address_is_refused(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Treat the test server's own address as public so only the redirect is private.
    checked = fetch._is_private
    monkeypatch.setattr(fetch, "_is_private", lambda ip: ip != "127.0.0.1" and checked(ip))

    message = _message(lambda: fetch_document(f"{site.url}/to-loopback"))

    assert message == "That address is on a private network and cannot be imported."
    assert [path for path, _ in site.requests] == ["/to-loopback"]


def test_a_redirect_to_a_6to4_address_of_a_loopback_is_refused(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = fetch._is_private
    monkeypatch.setattr(fetch, "_is_private", lambda ip: ip != "127.0.0.1" and checked(ip))

    message = _message(lambda: fetch_document(f"{site.url}/to-6to4-loopback"))

    assert message == "That address is on a private network and cannot be imported."
    assert [path for path, _ in site.requests] == ["/to-6to4-loopback"]


def test_the_connection_goes_to_the_checked_address_with_the_site_name_as_host(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve = socket.getaddrinfo
    answers = {"news.example": "127.0.0.1"}

    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers.pop(host), port))]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)

    document = fetch_document(f"http://news.example:{site.port}/article", allow_private=True)

    assert document.text == PAGE
    assert site.requests == [("/article", f"news.example:{site.port}")]


def test_a_name_that_resolves_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 80))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answer)

    message = _message(lambda: fetch_document("http://intranet.example/"))

    assert message == "That address is on a private network and cannot be imported."


def test_an_unknown_host_cannot_be_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)

    message = _message(lambda: fetch_document("http://nowhere.example/"))

    assert message == "Could not reach that site."


def test_a_closed_port_cannot_be_reached() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    message = _message(lambda: fetch_document(f"http://127.0.0.1:{port}/", allow_private=True))

    assert message == "Could not reach that site."


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "2002:7f00:1::1",  # 6to4 wrapping 127.0.0.1, which ipaddress calls global
        "2002:a00:1::1",  # 6to4 wrapping 10.0.0.1
        "fec0::1",  # deprecated site-local, also "global" to ipaddress
        "feff::1",
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::a00:1",  # local-use NAT64
        "::127.0.0.1",  # IPv4-compatible, deprecated
        "::a00:1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "2001:db8::1",
    ],
)
def test_private_and_special_addresses_are_recognised(address: str) -> None:
    assert fetch._is_private(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946",
                                     "2002:5db8:d822::1"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert not fetch._is_private(address)
