"""`briefings serve`: the real command in a subprocess on a free port, driven by
Chromium. Saving a briefing updates the open page; a broken save shows the
error over the page and in the terminal; the next good save recovers, without
restarting the server. The live-reload script is only ever in served pages.
Changes are numbered, and the site is said to hold a change only once a build
that began after it has finished. The preview folder is the project's own, kept between
runs: a start renders only what changed, and serves nothing until its own build succeeded.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from generator.build import BuildOptions, BuildResult, build
from measured import waiting_for_cpu_seconds
from generator.serve import (
    EVENTS_PATH, SCRIPT_PATH, BuildState, ChangeQueue, DevServer, host_is_allowed, inject_live_script,
)

ARTICLE = "content/articles/2024/red-sea-shipping-attacks.md"
ARTICLE_URL = "articles/2024/red-sea-shipping-attacks/"
BRIEFINGS = Path(sys.executable).parent / "briefings"


class ServeProcess:
    def __init__(self, root: Path):
        self.process = subprocess.Popen(
            [str(BRIEFINGS), "serve", "-C", str(root), "--port", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = 20.0, after: int = 0) -> re.Match[str]:
        """The first line matching `pattern` printed within `timeout` seconds of the server's
        own time: the time its threads waited for a CPU does not count (at load 20 a start
        that takes 1 s of CPU took over 30 s of wall clock), so a hang still fails."""
        started, waited_before = time.monotonic(), waiting_for_cpu_seconds(self.process.pid) or 0.0
        while time.monotonic() - started - ((waiting_for_cpu_seconds(self.process.pid) or 0.0) - waited_before) < timeout:
            for line in self.lines[after:]:
                match = re.search(pattern, line)
                if match:
                    return match
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in the server's output:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server(archive: Path) -> Iterator[tuple[ServeProcess, str]]:
    process = ServeProcess(archive)
    try:
        url = process.wait_for_line(r"Serving (http://127\.0\.0\.1:\d+/)").group(1)
        yield process, url
    finally:
        process.stop()


# A bound for a hang, not a measure of speed: each step waits for its own event (the
# page's reload, the overlay), which comes as soon as the rebuild is done, however busy
# the machine.
EVENT_TIMEOUT_MS = 60_000


def save_and_wait_for_reload(page, source: Path, text: str) -> None:
    """Save `text`; return once the live-reload script has reloaded the page."""
    with page.expect_navigation(timeout=EVENT_TIMEOUT_MS):
        source.write_text(text, encoding="utf-8")


def test_saving_updates_the_page_and_a_broken_save_shows_the_error_until_fixed(server, archive: Path, browser):
    from playwright.sync_api import expect

    process, url = server
    page = browser.new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + ARTICLE_URL)
    heading = page.locator("h1")
    expect(heading).to_have_text("Red Sea shipping attacks widen")

    source = archive / ARTICLE
    original = source.read_text(encoding="utf-8")
    save_and_wait_for_reload(page, source, original.replace("title: Red Sea shipping attacks widen", "title: Red Sea attacks spread"))
    assert heading.inner_text() == "Red Sea attacks spread"

    seen = len(process.lines)
    source.write_text(original.replace("date: 2024-01-12", "date: 2024-01-32"), encoding="utf-8")
    process.wait_for_line(rf"{re.escape(ARTICLE)}:3: error: field 'date'", timeout=EVENT_TIMEOUT_MS / 1000, after=seen)
    overlay = page.locator("#briefings-error-overlay")
    expect(overlay).to_contain_text(
        f"{ARTICLE}:3: error: field 'date': '2024-01-32' is not a real date", timeout=EVENT_TIMEOUT_MS
    )

    save_and_wait_for_reload(page, source, original.replace("title: Red Sea shipping attacks widen", "title: Red Sea attacks recede"))
    assert heading.inner_text() == "Red Sea attacks recede"
    assert overlay.count() == 0
    assert process.process.poll() is None, "the server must keep running through a failed build"
    assert errors == []


def test_the_live_script_is_a_same_origin_file_loaded_before_the_end_of_the_body():
    # a file, not inline code, so a page's Content-Security-Policy of script-src 'self' allows it
    page = inject_live_script(b"<html><body><p>x</p></body></html>", 3)
    assert page == (
        b'<html><body><p>x</p><script src="/__briefings/live.js" data-build-version="3"></script>\n</body></html>'
    )


def test_built_sites_never_contain_the_live_reload_script(built_fixture: Path):
    for html in built_fixture.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert EVENTS_PATH not in text and SCRIPT_PATH not in text, html


def test_changes_are_numbered_as_queued_and_a_burst_is_taken_at_once_with_its_last_number():
    changes = ChangeQueue()
    assert changes.take(timeout=0) is None
    assert changes.put({Path("a.md")}) == 1
    assert changes.put({Path("b.md"), Path("a.md")}) == 2
    assert changes.take(timeout=0) == ({Path("a.md"), Path("b.md")}, 2)
    assert changes.take(timeout=0) is None
    assert changes.put({Path("c.md")}) == 3
    assert changes.take(timeout=0) == ({Path("c.md")}, 3)


def test_the_watchers_report_of_a_file_the_server_queued_itself_does_not_build_it_again(tmp_path: Path):
    server = DevServer(tmp_path, port=0, echo=lambda text: None)  # not started: no thread serves or watches
    try:
        saved = tmp_path / "content" / "articles" / "talks.md"
        saved.parent.mkdir(parents=True)
        saved.write_text("as the inbox saved it\n", encoding="utf-8")
        assert server.queue_write(saved) == 1
        # what the watcher sees of one atomic write: the writer's temporary file and the file
        temporary = saved.parent / ".talks.md.k3x9_q2a.tmp"
        assert server.news({temporary, saved}) == set()
        edited = tmp_path / "content" / "articles" / "edited.md"
        edited.write_text("queued\n", encoding="utf-8")
        server.queue_write(edited)
        edited.write_text("then changed by an editor\n", encoding="utf-8")
        assert server.news({edited}) == {edited}
        other = tmp_path / "content" / "articles" / "other.md"
        assert server.news({other}) == {other}  # gone or never queued: always news
    finally:
        server.httpd.server_close()


PASTED = (
    "Ceasefire talks resume in Geneva after a month of clashes\n\n"
    "Armenia and Azerbaijan resumed talks on 14 March 2024 in Geneva, after a month of clashes on the border, "
    "and officials said that prisoners would be exchanged before the next round in April.\n"
)


def test_a_build_that_began_before_a_save_is_never_said_to_hold_the_saved_file(archive: Path):
    """The inbox's race, held still: the rebuild after an earlier change has read and
    written the whole site when the inbox saves a file, and reports only after the save.
    It must not be taken for the build that holds the file; the next build is."""
    builds: list[int] = []
    old_build_done, saved_file, next_build_may_report = threading.Event(), threading.Event(), threading.Event()

    def build_held_at_the_save(options: BuildOptions) -> BuildResult:
        builds.append(len(builds) + 1)
        result = build(options)
        if len(builds) == 2:  # the rebuild after the earlier change: done, not yet reported
            old_build_done.set()
            assert saved_file.wait(60)
        if len(builds) == 3:  # the rebuild after the save waits until the old one's state is checked
            assert next_build_may_report.wait(60)
        return result

    server = DevServer(archive, port=0, echo=lambda text: None, build_site=build_held_at_the_save)
    server.start()
    try:
        before = server.live.current
        assert (before.version, before.changes_built) == (1, 0)
        server.changes.put({archive / "content" / "articles"})  # an earlier save, as the watcher queues it
        assert old_build_done.wait(60)

        (item,) = server.inbox.extract({"text": PASTED})["items"]
        saved = server.inbox.save({"id": item["id"], "title": item["record"]["title"], "date": "2024-03-14",
                                   "region": "South Caucasus"})
        page = server.out_dir / saved["url"].strip("/")
        assert page.name == "index.html"
        saved_file.set()

        old = server.live.wait_for_change(before, 60)
        assert old.version == 2 and not page.exists()  # a build finished after the save, without the file
        assert old.changes_built < saved["change"]  # and the live state does not say it holds the save
        next_build_may_report.set()

        holding = wait_for_state(server, lambda state: state.changes_built >= saved["change"])
        assert holding.version == 3 and holding.error is None
        assert "Ceasefire talks resume in Geneva after a month of clashes" in page.read_text(encoding="utf-8")
    finally:
        saved_file.set()
        next_build_may_report.set()
        server.stop()


def wait_for_state(server: DevServer, wanted, timeout: float = 60.0) -> BuildState:
    deadline = time.monotonic() + timeout
    state = server.live.current
    while not wanted(state):
        assert time.monotonic() < deadline, f"no such build state within {timeout} s; the last: {state}"
        state = server.live.wait_for_change(state, deadline - time.monotonic())
    return state


# -- the preview folder: one per project, kept between runs ----------------------------------


def start_and_stop(root: Path, **options) -> tuple[DevServer, BuildResult | None, str]:
    """One `serve` run: started (its first build), then stopped. (the server, the result of
    its first build, the terminal's lines)."""
    results: list[BuildResult] = []
    lines: list[str] = []

    def recorded_build(build_options: BuildOptions) -> BuildResult:
        results.append(build(build_options))
        return results[-1]

    server = DevServer(root, port=0, echo=lines.append, build_site=recorded_build, **options)
    server.start()
    server.stop()
    return server, results[0] if results else None, "\n".join(lines)


def page_times(folder: Path) -> dict[str, int]:
    return {page.relative_to(folder).as_posix(): page.stat().st_mtime_ns for page in folder.rglob("*.html")}


def test_a_second_start_renders_no_page_that_did_not_change(archive: Path):
    first, built, _ = start_and_stop(archive)
    assert built is not None and built.rendered == built.pages > 40  # the first start builds everything
    times = page_times(first.out_dir)

    second, again, said = start_and_stop(archive)
    assert second.out_dir == first.out_dir
    assert again is not None and again.unchanged and again.rendered == 0
    assert page_times(second.out_dir) == times  # not one page written again
    assert "(nothing had changed)" in said

    source = archive / ARTICLE
    source.write_text(source.read_text(encoding="utf-8").replace("widen", "narrow"), encoding="utf-8")
    third, edited, said = start_and_stop(archive)
    assert edited is not None and 0 < edited.rendered < edited.pages // 2  # only what shows the edit
    assert f"({edited.rendered} of {edited.pages} pages rendered again)" in said
    rewritten = {path for path, mtime in page_times(third.out_dir).items() if times.get(path) != mtime}
    assert ARTICLE_URL + "index.html" in rewritten and len(rewritten) == edited.rendered


def test_the_preview_is_built_under_the_projects_cache_and_never_into_build(archive: Path):
    build(BuildOptions(root=archive, search=False, jobs=1))  # `briefings build`: into build/
    published = page_times(archive / "build")

    server, built, _ = start_and_stop(archive, drafts=True)
    assert server.out_dir == (archive / ".cache" / "briefings-preview" / "site").resolve()
    assert built is not None and (server.out_dir / "articles/2024/unpublished-note/index.html").is_file()
    assert page_times(archive / "build") == published  # build/ not touched: the preview's drafts are not in it
    assert not (archive / "build" / "articles/2024/unpublished-note").exists()

    # and a build of build/ leaves the preview's cache (its folder is still there): the next start is quick
    build(BuildOptions(root=archive, search=False, jobs=1))
    _, again, _ = start_and_stop(archive, drafts=True)
    assert again is not None and again.unchanged


def test_a_preview_left_by_an_older_version_of_briefings_is_built_again_in_full(archive: Path, monkeypatch):
    import generator.codekey

    monkeypatch.setattr(generator.codekey, "_BUILD_KEY", "an older generator")
    server, _, _ = start_and_stop(archive)
    page = server.out_dir / ARTICLE_URL / "index.html"
    page.write_text("<h1>What the older version wrote</h1>", encoding="utf-8")
    monkeypatch.undo()  # the generator of now: it trusts nothing the older one cached

    _, built, _ = start_and_stop(archive)
    assert built is not None and built.rendered == built.pages
    assert "What the older version wrote" not in page.read_text(encoding="utf-8")


def test_nothing_from_the_preview_folder_is_served_before_this_servers_own_build_succeeds(archive: Path):
    server, _, _ = start_and_stop(archive)
    assert (server.out_dir / "index.html").is_file() and (server.out_dir / "assets" / "site.css").is_file()
    source = archive / ARTICLE
    source.write_text(source.read_text(encoding="utf-8").replace("date: 2024-01-12", "date: 2024-01-32"))

    failing = DevServer(archive, port=0, echo=lambda text: None)
    failing.start()  # its first build fails: the folder holds the last run's site
    try:
        assert failing.live.current.version == 0 and failing.live.current.error
        status, page = fetch(failing.url)
        assert status == 200 and "The site has not been built yet" in page and SCRIPT_PATH in page
        assert fetch(failing.url + "assets/site.css")[0] == 503
    finally:
        failing.stop()


def fetch(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_project_moved_with_its_preview_folder_previews_in_the_new_place(archive: Path):
    start_and_stop(archive)
    moved = archive.rename(archive.with_name("moved"))  # .cache/ and the preview's marker come along
    server, built, said = start_and_stop(moved)
    assert built is not None, said
    assert server.out_dir.is_relative_to(moved)


def test_a_preview_folder_holding_files_no_build_wrote_is_not_replaced(archive: Path):
    preview = archive / ".cache" / "briefings-preview" / "site"
    preview.mkdir(parents=True)
    (preview / "notes.txt").write_text("kept here by hand\n", encoding="utf-8")
    _, built, said = start_and_stop(archive)
    assert built is None and "it holds files this project's build did not write (notes.txt)" in said
    assert (preview / "notes.txt").read_text(encoding="utf-8") == "kept here by hand\n"


def test_two_previews_of_one_project_share_its_folder_and_build_one_at_a_time(archive: Path):
    servers = [DevServer(archive, port=0, echo=lambda text: None) for _ in range(2)]  # not started
    try:
        assert servers[0].out_dir == servers[1].out_dir
        for round_number, title in enumerate(["Red Sea shipping attacks widen", "Red Sea shipping attacks ease"]):
            source = archive / ARTICLE
            source.write_text(source.read_text(encoding="utf-8").replace("attacks widen", "attacks ease")
                              if round_number else source.read_text(encoding="utf-8"), encoding="utf-8")
            results: list[BuildResult | None] = []
            builders = [threading.Thread(target=lambda s=server: results.append(s.rebuild(jobs=1))) for server in servers]
            for builder in builders:  # both at once, as two servers' watchers see one save
                builder.start()
            for builder in builders:
                builder.join(120)
            assert len(results) == 2 and None not in results  # the build lock kept them apart
            assert title in (servers[0].out_dir / ARTICLE_URL / "index.html").read_text(encoding="utf-8")
    finally:
        for server in servers:
            server.httpd.server_close()


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1:8000", True), ("[::1]:8000", True), ("192.168.1.20:8000", True), ("localhost:8000", True),
    ("LOCALHOST", True), ("preview.localhost:8000", True),
    ("attacker.example:8000", False), ("127.0.0.1.attacker.example", False), ("localhost.attacker.example", False),
    ("", False), (None, False), ("[not-an-address]:80", False),
])
def test_a_request_is_answered_only_when_its_host_is_an_address_or_localhost(host, allowed):
    assert host_is_allowed(host) is allowed


def test_a_name_the_editor_allows_passes_and_no_other():
    assert host_is_allowed("desk-laptop.lan:8000", frozenset({"desk-laptop.lan"}))
    assert not host_is_allowed("other.lan:8000", frozenset({"desk-laptop.lan"}))


def test_the_preview_refuses_a_page_reached_under_a_foreign_host_name(archive: Path):
    """DNS rebinding: a foreign page points its name at 127.0.0.1 and reads the preview
    (drafts included) as its own origin; its requests carry its name as Host."""
    import http.client

    server = DevServer(archive, port=0, echo=lambda text: None, allowed_hosts=frozenset({"desk-laptop.lan"}))
    server.start()
    try:
        port = server.httpd.server_address[1]

        def status(method: str, host: str, path: str = "/") -> tuple[int, bytes]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.putrequest(method, path, skip_host=True)
            connection.putheader("Host", host)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
            connection.close()
            return response.status, body

        for method in ("GET", "HEAD", "POST"):
            code, body = status(method, f"attacker.example:{port}")
            assert code == 403, method
            assert b"<html" not in body.lower()
        assert status("GET", f"attacker.example:{port}", EVENTS_PATH)[0] == 403
        assert status("GET", f"attacker.example:{port}", "/_inbox/")[0] == 403
        code, body = status("GET", f"127.0.0.1:{port}")
        assert code == 200 and SCRIPT_PATH.encode() in body
        assert status("GET", f"localhost:{port}")[0] == 200
        assert status("GET", f"desk-laptop.lan:{port}")[0] == 200
    finally:
        server.stop()
