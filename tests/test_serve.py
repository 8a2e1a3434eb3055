"""`briefings serve`: the real command in a subprocess on a free port, driven by
Chromium. Saving a briefing updates the open page; a broken save shows the
error over the page and in the terminal; the next good save recovers, without
restarting the server. The live-reload script is only ever in served pages.
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

from generator.serve import EVENTS_PATH, SCRIPT_PATH, inject_live_script

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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
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
