"""`briefings ingest ADDRESS`: fetching pages from a server, and every way a server can fail.

The server is our own, on 127.0.0.1 in a thread; nothing else is contacted. The articles
are invented for these tests. A failing address is one line on stderr, the others of the
batch are written, and the exit status is 1.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import main
from generator.content import parse_article
from generator.ingest.fetch import FetchProblem, fetch, source_address

MB = 1024 * 1024

HERDERS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Chad and Niger reopen border crossing for seasonal herders</title>
<meta property="article:published_time" content="2026-03-14T09:00:00Z">
{canonical}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Chad and Niger reopen border crossing for seasonal herders</h1>
<p>Chad and Niger agreed on Friday to reopen the main crossing on their shared border for
herders moving cattle south before the dry season, ending a closure that had lasted almost
a year and left thousands of animals stranded on the northern pastures.</p>
<p>Officials from both governments met in the border town for two days of talks. They said
the crossing would open at dawn each day and close at dusk, and that herders would need a
single permit valid on both sides rather than the two documents demanded until now.</p>
<p>Aid groups working in the area welcomed the decision. Water points along the route have
been repaired over the winter, and veterinary teams will vaccinate animals at the crossing
so that the herds do not carry disease into the southern grazing lands.</p>
<p>The closure had been ordered after clashes between farmers and herders in the spring,
and local leaders on both sides have since agreed on corridors that keep the herds away
from fields that are still being harvested.</p>
</article>
<footer>Copyright the invented paper</footer>
</body></html>
"""

WATER_TALKS = """Kyrgyzstan and Tajikistan resume talks on sharing river water

14 March 2026

Negotiators from Kyrgyzstan and Tajikistan met again on Saturday to discuss how water from
the rivers that cross their border should be shared during the coming irrigation season.

The two delegations said they had agreed on a schedule for releasing water from the
reservoirs upstream, and on a joint team that will measure the flow at three points along
the border every week until the end of the summer.

Farmers downstream have complained for years that water arrives too late for the spring
sowing. The new schedule is meant to release more water in April and May, when the fields
need it most, and less in the autumn.
"""

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Server:
    """A local HTTP server whose routes the tests set; `release` frees handlers that hang."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.release = threading.Event()
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should have

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        def send(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        self.routes[path] = send

    def redirect(self, path: str, to: str, code: int = 302) -> None:
        def send(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(code)
            handler.send_header("Location", to)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        self.routes[path] = send


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("no_proxy", "*")  # a proxy set in the environment must not see 127.0.0.1
    local = Server()
    local.thread.start()
    try:
        yield local
    finally:
        local.release.set()
        local.httpd.shutdown()
        local.httpd.server_close()


def silent(server: Server) -> Callable[[BaseHTTPRequestHandler], None]:
    """Accepts the connection, reads the request, never answers."""
    def send(_handler: BaseHTTPRequestHandler) -> None:
        server.release.wait(30)
    return send


def endless(chunk: bytes = b"<p>" + b"filler text " * 5000 + b"</p>\n", total: int = 50 * MB, declare: bool = False):
    """A 50 MB page made of one chunk sent again and again, never held in memory whole."""
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if declare:
            handler.send_header("Content-Length", str(total))
        handler.end_headers()  # HTTP/1.0 without a length: the body ends when the connection does
        sent = 0
        while sent < total:
            handler.wfile.write(chunk)
            sent += len(chunk)
    return send


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["ingest", "-C", str(project), "--reference-date", "2026-11-24", *args])


def written(project: Path) -> list[Path]:
    """The briefings ingested from an address (the project's own are there too)."""
    found = (project / "content" / "articles").rglob("*.md")
    return sorted(p for p in found if "\ningested_from: http" in p.read_text(encoding="utf-8"))


def failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed")]


def test_an_address_is_fetched_and_written_with_its_address_as_source_url(project: Path, server: Server):
    server.page("/article.html", HERDERS.format(canonical="").encode())
    result = run(project, server.url("/article.html"))
    assert result.exit_code == 0, result.output
    [path] = written(project)
    article, diagnostics = parse_article(path.read_text(encoding="utf-8"), str(path))
    assert not diagnostics.errors
    assert article.title == "Chad and Niger reopen border crossing for seasonal herders"
    assert article.source_url == server.url("/article.html")
    assert article.source == "127.0.0.1"
    assert article.region == "West Africa and the Sahel"
    assert "single permit valid on both sides" in article.body
    assert f"ingested_from: {server.url('/article.html')}" in path.read_text(encoding="utf-8")


def test_the_request_names_the_tool_and_its_version(project: Path, server: Server):
    server.page("/article.html", HERDERS.format(canonical="").encode())
    run(project, server.url("/article.html"), "--dry-run")
    [(_, agent)] = server.requests
    assert agent == f"briefings/{__version__} (+static archive ingest)"


def test_the_pages_canonical_address_is_kept_rather_than_the_one_given(project: Path, server: Server):
    canonical = '<link rel="canonical" href="https://news.example.org/2026/03/border-crossing-reopens">'
    server.page("/article.html", HERDERS.format(canonical=canonical).encode())
    result = run(project, server.url("/article.html?utm_source=feed"), "--dry-run", "--json")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["source_url"] == "https://news.example.org/2026/03/border-crossing-reopens"
    assert record["source"].endswith("example.org")  # the host, as trafilatura names it


def test_the_given_address_is_kept_rather_than_where_redirects_end(project: Path, server: Server):
    server.page("/2026/03/border-crossing.html", HERDERS.format(canonical="").encode())
    server.redirect("/short/b7", "/2026/03/border-crossing.html?session=41ac", code=301)
    result = run(project, server.url("/short/b7"), "--dry-run", "--json")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["title"] == "Chad and Niger reopen border crossing for seasonal herders"
    assert record["source_url"] == server.url("/short/b7")


def test_a_canonical_link_to_the_home_page_is_a_template_mistake_and_ignored():
    given = "https://news.example.org/2026/03/border-crossing-reopens"
    assert source_address("https://news.example.org/", given) == given
    assert source_address("https://news.example.org/2026/03/crossing", given) == "https://news.example.org/2026/03/crossing"
    assert source_address("", given) == given


def test_a_plain_text_page_is_cleaned_like_copied_text_and_its_source_is_the_host(project: Path, server: Server):
    server.page("/dispatch", WATER_TALKS.encode(), content_type="text/plain; charset=utf-8")
    result = run(project, server.url("/dispatch"), "--dry-run", "--json")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["format"] == "text"
    assert record["title"] == "Kyrgyzstan and Tajikistan resume talks on sharing river water"
    assert record["date"] == "2026-03-14"
    assert record["source"] == "127.0.0.1"
    assert record["source_url"] == server.url("/dispatch")


def test_an_html_page_at_an_address_without_html_in_its_name_is_read_as_html(project: Path, server: Server):
    server.page("/news/4172", HERDERS.format(canonical="").encode())
    result = run(project, server.url("/news/4172"), "--dry-run", "--json")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["format"] == "html"
    assert "<p>" not in record["body"] and "Home" not in record["body"]


def test_the_charset_of_the_content_type_header_decodes_the_page(project: Path, server: Server):
    text = WATER_TALKS.replace("Negotiators", "Négociateurs “from Genève”")
    server.page("/dispatch", text.encode("cp1252"), content_type="text/plain; charset=ISO-8859-1")
    result = run(project, server.url("/dispatch"), "--dry-run", "--json")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert "Négociateurs “from Genève”" in record["body"]
    assert record["encoding"] == "cp1252"


def test_a_gzip_body_the_server_sends_unasked_is_inflated(project: Path, server: Server):
    server.page("/article.html", gzip.compress(HERDERS.format(canonical="").encode()), headers={"Content-Encoding": "gzip"})
    result = run(project, server.url("/article.html"), "--dry-run", "--json")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["title"] == "Chad and Niger reopen border crossing for seasonal herders"


def test_five_redirects_are_followed_and_a_sixth_is_refused(project: Path, server: Server):
    server.page("/article.html", HERDERS.format(canonical="").encode())
    for hop in range(1, 6):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}" if hop < 5 else "/article.html")
    server.redirect("/hop0", "/hop1")
    assert run(project, server.url("/hop1"), "--dry-run").exit_code == 0
    result = run(project, server.url("/hop0"), "--dry-run")
    assert result.exit_code == 1
    assert failure_lines(result.stderr) == [f"failed    {server.url('/hop0')}: more than 5 redirects (last to {server.url('/article.html')})"]


def test_a_redirect_to_another_scheme_is_refused(project: Path, server: Server):
    server.redirect("/elsewhere", "ftp://127.0.0.1/article.txt")
    result = run(project, server.url("/elsewhere"))
    assert failure_lines(result.stderr) == [
        f"failed    {server.url('/elsewhere')}: redirected to ftp://127.0.0.1/article.txt, which is not an http or https address"
    ]


def test_only_http_and_https_addresses_are_fetched(project: Path):
    result = run(project, "ftp://127.0.0.1/article.txt", "file:///etc/hostname")
    assert result.exit_code == 1
    assert failure_lines(result.stderr) == [
        "failed    ftp://127.0.0.1/article.txt: only http:// and https:// addresses can be fetched",
        "failed    file:///etc/hostname: only http:// and https:// addresses can be fetched",
    ]


def test_a_page_that_drips_forever_is_abandoned_at_the_deadline(server: Server):
    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        while not server.release.is_set():
            handler.wfile.write(b"<p>a</p>")
            handler.wfile.flush()
            time.sleep(0.05)  # well inside the read timeout: only the deadline stops it
    server.routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(FetchProblem, match=r"gave up after 1 s: the page had not arrived in full"):
        fetch(server.url("/drip"), limit=20 * MB, timeout=1)
    assert time.monotonic() - started < 5  # the deadline (1 s), not the page, ended it


def test_a_declared_length_over_the_limit_is_refused_before_reading(server: Server):
    server.routes["/huge"] = endless(declare=True)
    with pytest.raises(FetchProblem, match=r"^the page is 50 MB, over the 20 MB limit for one input$"):
        fetch(server.url("/huge"), limit=20 * MB)


def test_a_body_cut_short_of_its_declared_length_is_a_failure(server: Server):
    def short(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "5000")
        handler.end_headers()
        handler.wfile.write(b"<p>only part of it</p>")
    server.routes["/short"] = short
    with pytest.raises(FetchProblem, match=r"the connection closed after 22 of 5000 bytes"):
        fetch(server.url("/short"), limit=20 * MB)


def test_a_small_gzip_body_that_inflates_past_the_limit_is_stopped_at_the_limit(server: Server):
    bomb = gzip.compress(b"\0" * (3 * MB))  # about 3 kB on the wire
    server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchProblem, match=r"over the 1 MB limit"):
        fetch(server.url("/bomb"), limit=1 * MB)


def test_every_failing_address_is_one_line_and_the_rest_of_the_batch_is_written(project: Path, server: Server):
    server.page("/article.html", HERDERS.format(canonical="").encode())
    server.page("/dispatch", WATER_TALKS.encode(), content_type="text/plain; charset=utf-8")
    server.routes["/silent"] = silent(server)
    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    server.routes["/fifty-megabytes"] = endless()
    server.page("/report.pdf", PDF, content_type="application/pdf")
    url = server.url
    addresses = [
        url("/missing"), url("/article.html"), url("/silent"), url("/loop-a"), url("/fifty-megabytes"),
        url("/report.pdf"), url("/dispatch"),
    ]

    result = run(project, *addresses, "--timeout", "1")

    assert result.exit_code == 1
    assert failure_lines(result.stderr) == [
        f"failed    {url('/missing')}: HTTP 404 Not Found",
        f"failed    {url('/silent')}: no answer from 127.0.0.1 within 1 s",
        f"failed    {url('/loop-a')}: redirect loop: {url('/loop-a')} -> {url('/loop-b')} -> {url('/loop-a')}",
        f"failed    {url('/fifty-megabytes')}: the page is over the 20 MB limit for one input; stopped reading there",
        f"failed    {url('/report.pdf')}: not an article page: the server sent application/pdf (a PDF document); "
        "save or copy its text and ingest that",
    ]
    sources = sorted(parse_article(p.read_text(encoding="utf-8"), str(p))[0].source_url for p in written(project))
    assert sources == [url("/article.html"), url("/dispatch")]
    assert "2 ingested, 0 unchanged, 0 skipped, 5 failed" in result.stderr


def test_an_image_is_refused_by_its_content_type_before_its_body_is_read(server: Server):
    server.page("/map.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
    with pytest.raises(FetchProblem, match=r"^not an article page: the server sent image/png \(an image\)"):
        fetch(server.url("/map.png"), limit=MB)


def test_an_address_in_any_script_is_sent_percent_encoded(server: Server):
    server.page("/nouvelles/gen%C3%A8ve-n%C3%A9gociations.html", HERDERS.format(canonical="").encode())
    page = fetch(server.url("/nouvelles/genève-négociations.html#commentaires"), limit=MB)
    assert page.address == server.url("/nouvelles/genève-négociations.html")  # as given, less the #fragment
    assert page.media_type == "text/html" and page.charset == "utf-8"
    assert b"single permit" in page.data


def test_a_closed_port_is_named_as_a_refused_connection():
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchProblem, match=r"^127\.0\.0\.1 refused the connection$"):
        fetch(f"http://127.0.0.1:{port}/article.html", limit=MB, timeout=2)
