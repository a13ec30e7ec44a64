"""Download an article from the web without letting anyone aim Agora at a private network."""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from forum.errors import Invalid

MAX_REDIRECTS = 5  # real sites need one or two; more is a loop or a trick
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown"})
USER_AGENT = "Agora/0.1 (article import)"
CHUNK_SIZE = 64 * 1024

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_META_CHARSET = re.compile(rb"""<meta[^>]{1,300}charset=["']?([\w.:-]+)""", re.IGNORECASE)
_SAFE_IN_TARGET = "/?&=%:@!$'()*+,;~-._"  # already-escaped URLs pass through unchanged
_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html, application/xhtml+xml, text/markdown, text/plain;q=0.9",
    "Accept-Encoding": "identity",  # http.client does not decompress
}


@dataclass(frozen=True)
class FetchedDocument:
    """A page or text file as the site served it, decoded to text."""

    url: str
    text: str
    content_type: str


def fetch_document(
    url: str, *, allow_private: bool = False, timeout: float = 10.0, max_bytes: int = 2_000_000
) -> FetchedDocument:
    """Fetch a web page or text file over http or https for import.

    Every address, a redirect's included, is resolved and checked before
    connecting, and the connection goes to the checked address, so a DNS answer
    that changes in between (rebinding) cannot reach a private network.
    ``timeout`` bounds the whole fetch, redirects included.

    :raises Invalid: with a message for the person importing, on the ``url`` field.
    """
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        found = _fetch_once(url, allow_private=allow_private, deadline=deadline, limit=max_bytes)
        if isinstance(found, FetchedDocument):
            return found
        url = found
    raise Invalid("That address redirects too many times.", field="url")


def _fetch_once(
    url: str, *, allow_private: bool, deadline: float, limit: int
) -> FetchedDocument | str:
    """One request: the document, or the address a redirect points to."""
    parts, host, port = _split(url)
    connection: http.client.HTTPConnection | None = None
    try:
        addresses = _vetted_addresses(host, port, allow_private=allow_private)
        pinned = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = pinned(host, port, addresses, timeout=_remaining(deadline))
        connection.request("GET", _target(parts), headers=_HEADERS)
        with connection.getresponse() as response:
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                return urljoin(url, location.strip())
            if not 200 <= response.status < 300:
                status = response.status
                raise Invalid(f"The site answered {status}; check the address.", field="url")
            content_type = response.headers.get_content_type()
            if not response.getheader("Content-Type") or content_type not in TEXT_TYPES:
                raise Invalid("That address is not a web page or text file.", field="url")
            body = _read(response, deadline=deadline, max_bytes=limit)
            return FetchedDocument(url, _decode(body, response, content_type), content_type)
    except TimeoutError:
        raise Invalid("The site took too long to answer.", field="url") from None
    except (OSError, ValueError, http.client.HTTPException):  # ValueError: a garbled answer
        raise Invalid("Could not reach that site.", field="url") from None
    finally:
        if connection is not None:
            connection.close()


def _split(url: str) -> tuple[SplitResult, str, int]:
    """The parts of ``url``, its host name in ASCII, and its port."""
    try:
        parts = urlsplit(url.strip())
        scheme_ok = parts.scheme in ("http", "https")
        host = (parts.hostname or "").encode("idna").decode("ascii") if scheme_ok else ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (UnicodeError, ValueError):
        scheme_ok, host = True, ""
    if not scheme_ok:
        raise Invalid("Only http and https addresses can be imported.", field="url")
    if not host:
        raise Invalid("Enter a full web address, like https://example.org/article.", field="url")
    return parts, host, port


def _vetted_addresses(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Every address the name resolves to, refusing the name if any of them is private."""
    addresses = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    if not allow_private and any(map(_is_private, addresses)):
        raise Invalid("That address is on a private network and cannot be imported.", field="url")
    return addresses


def _is_private(address: str) -> bool:
    """False only for an address ``ipaddress`` calls global, as is every IPv4 address it wraps.

    ``ipaddress`` (before Python 3.13) calls 6to4 (2002::/16) and the old
    site-local fec0::/10 global, though 2002:7f00:1:: reaches 127.0.0.1.
    """
    return _is_refused(ipaddress.ip_address(address.split("%", 1)[0]))


def _is_refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return True
        wrapped = ip.ipv4_mapped or ip.sixtofour  # ::ffff:127.0.0.1 is loopback in disguise
        if wrapped is not None and _is_refused(wrapped):
            return True
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # shared address space (100.64.0.0/10) and the like
    )


def _connect(addresses: list[str], port: int, timeout: float | None) -> socket.socket:
    error: OSError = OSError("no address")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as exc:
            error = exc
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to addresses checked in advance; the Host header still names the site."""

    def __init__(self, host: str, port: int, addresses: list[str], *, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Like the HTTP one; TLS still checks the certificate against the host name (SNI)."""

    def __init__(self, host: str, port: int, addresses: list[str], *, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.addresses = addresses

    def connect(self) -> None:
        sock = _connect(self.addresses, self.port, self.timeout)
        try:
            self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _target(parts: SplitResult) -> str:
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return quote(target, safe=_SAFE_IN_TARGET)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _read(response: http.client.HTTPResponse, *, deadline: float, max_bytes: int) -> bytes:
    """The body, refusing it as soon as it is known to be too large or too slow."""
    too_large = Invalid(
        f"That page is too large to import (limit {max_bytes / 1_000_000:g} MB).", field="url"
    )
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
        _remaining(deadline)  # a site that trickles bytes must not hold a worker forever
    return b"".join(chunks)


def _decode(body: bytes, response: http.client.HTTPResponse, content_type: str) -> str:
    charset = response.headers.get_content_charset()
    if not charset and content_type != "text/plain":
        declared = _META_CHARSET.search(body[:4096])
        charset = declared.group(1).decode("ascii") if declared else None
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
