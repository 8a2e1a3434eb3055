"""Fetching one article page from an http(s) address, within limits.

This is ingest's network edge, and nothing else: it knows nothing about articles. It
returns the page's bytes with what the server said about them (media type, charset), or
raises `FetchProblem` with a one-line reason for the editor. The limits are what keeps a
batch moving when one server misbehaves:

- only http and https, also after redirects;
- at most `MAX_REDIRECTS` redirects, and a redirect back to an address already visited is
  a loop, reported as such (urllib's own handler allows 10, and repeats);
- one deadline for the whole address (`timeout` seconds from the first connection to the
  last byte, redirects included). Each connection and each read waits at most the time
  left, and the body is read in single socket reads (`read1`) with the clock checked
  between them, so neither a silent server nor one that drips a byte at a time holds the
  batch past the deadline by more than one read (an address takes at most twice
  `timeout`; urllib gives no hold on the socket to shorten the last read);
- the size limit is applied while reading (a declared Content-Length over it is refused
  before reading), so a 50 MB answer costs no more than the limit; a gzip body some
  servers send unasked is inflated under the same limit;
- only the media types an article comes in (HTML, XHTML, plain text, Markdown); a PDF or
  an image is refused by its Content-Type, before its body is read.

The request says who is asking (`USER_AGENT`: the tool, its version, what it does) and
uses the standard library: urllib with a redirect handler of our own is all this needs.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass

from generator import __version__

MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 20.0  # seconds for one address, all of it
USER_AGENT = f"briefings/{__version__} (+static archive ingest)"
ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8"
_CHUNK = 64 * 1024
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class FetchProblem(Exception):
    """An address whose page cannot be had, with the reason as a one-line message."""


@dataclass(frozen=True)
class Fetched:
    address: str  # as the editor gave it, without a #fragment
    final_url: str  # where the redirects ended
    data: bytes
    media_type: str  # "text/html", ...; "" when the server sent no Content-Type
    charset: str  # from the Content-Type header; "" when it names none


def is_address(argument: str) -> bool:
    """Whether a command-line argument is meant as an address (any scheme) rather than a path."""
    return bool(_SCHEME.match(argument))


def address_problem(argument: str) -> str:
    """Why this address cannot be fetched ("" when it can)."""
    scheme = _SCHEME.match(argument)
    if not scheme or scheme.group(1).lower() not in ("http", "https"):
        return "only http:// and https:// addresses can be fetched"
    try:
        parts = urllib.parse.urlsplit(argument)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        return f"not a valid address: {exc}"
    if not parts.hostname:
        return "not a valid address: it names no host"
    return ""


def source_address(page_url: str, given: str) -> str:
    """The address a briefing keeps as `source_url`.

    The page's own canonical address (`<link rel="canonical">`, `og:url`) when it names
    one: it is the publisher's permanent address for the article, without the tracking
    parameters, edition prefixes or short links that an address copied from a browser or a
    feed often carries. Otherwise the address the editor gave, not the one redirects ended
    at: where a server redirects depends on the visitor (cookie walls, regional editions,
    session parameters), the editor's address is the one that was checked. A canonical
    link to the site's home page, for an address that is not the home page, is a template
    mistake that names every page alike, and is ignored.
    """
    if not page_url:
        return given
    page_path = urllib.parse.urlsplit(page_url).path.strip("/")
    given_path = urllib.parse.urlsplit(given).path.strip("/")
    if not page_path and given_path:
        return given
    return page_url


def fetch(address: str, limit: int, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """GET one page within the limits above; FetchProblem with the reason otherwise."""
    problem = address_problem(address)
    if problem:
        raise FetchProblem(problem)
    given = urllib.parse.urldefrag(address).url.replace(" ", "%20")
    deadline = time.monotonic() + timeout
    visited = [_request_uri(given)]
    while True:
        url = visited[-1]
        try:
            response = _OPENER.open(_request(url), timeout=_time_left(deadline, timeout))
        except _Redirected as hop:
            visited.append(_next_hop(visited, hop.url))
            continue
        except urllib.error.HTTPError as exc:
            exc.close()
            raise FetchProblem(f"HTTP {exc.code} {exc.reason}".strip()) from None
        except urllib.error.URLError as exc:
            raise FetchProblem(_network_problem(exc.reason, url, timeout)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchProblem(_network_problem(exc, url, timeout)) from None
        except ValueError as exc:  # http.client.InvalidURL and the like
            raise FetchProblem(f"not a valid address: {exc}") from None
        with response:
            media_type, charset = _content_type(response.headers)
            _check_media_type(media_type)
            data = _read_body(response, limit, deadline, timeout)
            return Fetched(given, response.geturl(), data, media_type, charset)


class _Redirected(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _RedirectsToUs(urllib.request.HTTPRedirectHandler):
    """urllib resolves the Location (relative, non-ASCII) and hands each hop to us.

    `fetch` follows the hop itself, so the count, the loop check and the deadline are in
    one place. The redirect's own body is never read: it is not needed, and could be
    anything.
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        fp.close()
        raise _Redirected(newurl)


_OPENER = urllib.request.build_opener(_RedirectsToUs)


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})


def _request_uri(address: str) -> str:
    """An address as typed (Unicode host and path allowed) -> one http.client can send.

    Addresses of news sites are in every script: the host goes to IDNA, everything else
    non-ASCII is percent-encoded as UTF-8; what is already encoded stays as it is.
    """
    parts = urllib.parse.urlsplit(address)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchProblem(f"not a valid address: cannot encode the host {host!r}") from None
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username is not None:
        netloc = f"{parts.username}{':' + parts.password if parts.password is not None else ''}@{netloc}"
    safe = "/%:@!$&'()*+,;=-._~?"
    return urllib.parse.urlunsplit((
        parts.scheme.lower(), netloc, urllib.parse.quote(parts.path or "/", safe=safe),
        urllib.parse.quote(parts.query, safe=safe), "",
    ))


def _next_hop(visited: list[str], url: str) -> str:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchProblem(f"redirected to {url}, which is not an http or https address")
    if url in visited:
        raise FetchProblem("redirect loop: " + " -> ".join(visited[visited.index(url):] + [url]))
    if len(visited) > MAX_REDIRECTS:
        raise FetchProblem(f"more than {MAX_REDIRECTS} redirects (last to {url})")
    return url


def _time_left(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchProblem(f"gave up after {timeout:g} s: the page had not arrived in full")
    return left


def _network_problem(reason: object, url: str, timeout: float) -> str:
    host = urllib.parse.urlsplit(url).hostname or url
    if isinstance(reason, TimeoutError):
        return f"no answer from {host} within {timeout:g} s"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"the TLS certificate of {host} is not valid: {reason.verify_message}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed with {host}: {reason.reason or reason}"
    if isinstance(reason, ConnectionRefusedError):
        return f"{host} refused the connection"
    if isinstance(reason, socket.gaierror):
        return f"cannot find the host {host}"
    if isinstance(reason, http.client.RemoteDisconnected):
        return f"{host} closed the connection without answering"
    if isinstance(reason, http.client.HTTPException):
        return f"{host} sent a malformed answer ({type(reason).__name__})"
    if isinstance(reason, OSError):
        return f"network error with {host}: {reason.strerror or reason}"
    return f"cannot fetch from {host}: {reason}"


def _content_type(headers: http.client.HTTPMessage) -> tuple[str, str]:
    if not headers.get("Content-Type"):
        return "", ""  # left to the content: decode() looks at the bytes
    return headers.get_content_type(), (headers.get_content_charset() or "").strip()


_KINDS = {"application/pdf": "a PDF document", "image": "an image", "audio": "a sound file", "video": "a video"}


def _check_media_type(media_type: str) -> None:
    if not media_type or media_type in ARTICLE_TYPES:
        return
    kind = _KINDS.get(media_type) or _KINDS.get(media_type.split("/")[0])
    described = f"{media_type} ({kind})" if kind else media_type
    raise FetchProblem(f"not an article page: the server sent {described}; save or copy its text and ingest that")


def _read_body(response: http.client.HTTPResponse, limit: int, deadline: float, timeout: float) -> bytes:
    """The body, one socket read at a time, under the size limit and the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchProblem(f"the page is {_size(int(declared))}, over the {_size(limit)} limit for one input")
    coding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if coding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise FetchProblem(f"the page is compressed as {coding!r}, which cannot be read here")
    # 32 + 15: a gzip or a zlib header, whichever comes
    inflater = zlib.decompressobj(32 + zlib.MAX_WBITS) if coding not in ("identity", "") else None
    body = bytearray()
    received = 0
    while True:
        _time_left(deadline, timeout)
        try:
            chunk = response.read1(_CHUNK)
        except TimeoutError:
            raise FetchProblem(f"gave up after {timeout:g} s: the page had not arrived in full") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchProblem(f"the connection broke while reading: {_network_problem(exc, response.geturl(), timeout)}") from None
        if not chunk:
            break
        received += len(chunk)
        if inflater is None:
            body += chunk
        else:
            try:
                # never more out than the room left: a small compressed body can inflate enormously
                body += inflater.decompress(chunk, limit + 1 - len(body))
            except zlib.error as exc:
                raise FetchProblem(f"the page's {coding} compression is broken: {exc}") from None
        if len(body) > limit:
            raise FetchProblem(f"the page is over the {_size(limit)} limit for one input; stopped reading there")
    if declared.isdigit() and received < int(declared):
        raise FetchProblem(f"the connection closed after {received} of {declared} bytes")
    if inflater is not None:
        body += inflater.flush()
        if not inflater.eof:
            raise FetchProblem(f"the page's {coding} compression is cut short")
        if len(body) > limit:
            raise FetchProblem(f"the page is over the {_size(limit)} limit for one input")
    return bytes(body)


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"
