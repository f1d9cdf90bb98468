"""Fetch a page or a feed over http(s), refusing what a newsroom tool must never reach.

Every hop (the first request and each redirect) is checked the same way: the scheme
is http or https; the host name is resolved, and every address it resolves to must be
a public one (no loopback, private, link-local, multicast, reserved or unspecified
address, IPv4-mapped IPv6 included).  The connection then goes to the address that was
checked, not to a second DNS answer (the host name still goes in ``Host`` and in TLS
SNI, and the certificate is checked against it), so DNS rebinding cannot slip a
private address in.  The body is capped in bytes (after decompression) and the whole
fetch in seconds.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import urllib.parse
from dataclasses import dataclass

import httpx

from .. import __version__

#: A page or feed larger than this is refused (bytes, after decompression).
MAX_FETCH_BYTES = 10 * 1024 * 1024
#: The whole fetch, redirects included, must finish within this (seconds).
FETCH_SECONDS = 30.0
#: Connecting, and each wait for data, may take at most this (seconds).
IO_TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 5
USER_AGENT = f"qawl/{__version__} (Arabic news analysis; one request at a time)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Test-only hook: networks a test may allow (its own loopback server).  Empty in use,
#: and not reachable from the command line or the web server.
ALLOW_FOR_TESTS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()


class FetchError(RuntimeError):
    """A fetch refused or failed; a message fit for one line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


#: IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it: NAT64
#: (well-known and local-use) and the deprecated IPv4-compatible form (``::a.b.c.d``).
_IPV4_IN_LOW_BITS = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"),
                     ipaddress.IPv6Network("::/96"))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries and may route to: IPv4-mapped, 6to4
    (``2002:7f00:1::`` holds 127.0.0.1), Teredo (server and client), NAT64."""
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip.teredo is not None:
        found += list(ip.teredo)
    if any(ip in net for net in _IPV4_IN_LOW_BITS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public(ip: IPAddress) -> bool:
    """Whether an address is one a fetch may go to; an IPv6 address that carries an IPv4
    one is public only when that one is too."""
    if any(ip in net for net in ALLOW_FOR_TESTS):
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if ip.ipv4_mapped is not None:
            return is_public(ip.ipv4_mapped)
        if inner and not all(is_public(a) for a in inner):
            return False
    return ip.is_global and not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def check_url(url: str) -> tuple[urllib.parse.SplitResult, IPAddress]:
    """The parsed URL and the checked address to connect to; FetchError when refused."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError as e:  # "http://[::1/": an IPv6 host left open
        raise FetchError(f"not a valid URL: {e}") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not host:
        raise FetchError("URL has no host")
    if parts.username or parts.password:
        raise FetchError("URLs with a user name or password are not fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("URL has a bad port") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"cannot resolve host {host}: {e}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    refused = [a for a in addresses if not is_public(a)]
    if refused or not addresses:
        raise FetchError(f"refused: {host} resolves to a non-public address ({refused[0] if refused else 'none'})")
    return parts, addresses[0]


def fetch(url: str, *, max_bytes: int = MAX_FETCH_BYTES, seconds: float = FETCH_SECONDS) -> Fetched:
    """GET ``url`` safely (see the module docstring), following up to MAX_REDIRECTS redirects."""
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=httpx.Timeout(IO_TIMEOUT_SECONDS), follow_redirects=False, trust_env=False,
                      headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/xhtml+xml, "
                               "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            parts, ip = check_url(url)
            host = f"[{ip}]" if ip.version == 6 else str(ip)
            pinned = urllib.parse.urlunsplit((parts.scheme, f"{host}:{parts.port}" if parts.port else host,
                                              parts.path or "/", parts.query, ""))
            request = client.build_request("GET", pinned, headers={"Host": parts.netloc},
                                           extensions={"sni_hostname": parts.hostname})
            try:
                response = client.send(request, stream=True)
            except httpx.HTTPError as e:
                raise FetchError(f"cannot fetch {url}: {type(e).__name__}: {e}") from None
            try:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{url}: redirect without a Location")
                    url = urllib.parse.urljoin(url, location)
                    continue
                if response.status_code != 200:
                    raise FetchError(f"{url}: HTTP {response.status_code}")
                data = _read_capped(response, max_bytes, deadline, url)
                return Fetched(url, response.headers.get("content-type", ""), data)
            finally:
                response.close()
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: {int(declared):,} bytes, over the limit of {max_bytes:,}")
    chunks, size = [], 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: over the limit of {max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: took longer than the limit")
            chunks.append(chunk)
    except httpx.HTTPError as e:
        raise FetchError(f"cannot fetch {url}: {type(e).__name__}: {e}") from None
    return b"".join(chunks)
