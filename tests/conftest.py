"""Shared fixtures: the fixture archive, real builds, a loopback server, Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, settings

from generator.build import BuildOptions, build

# Property-based tests: a fixed seed (derandomize) and a bounded number of examples,
# so CI runs the same cases every time and within a known time.
settings.register_profile(
    "briefings", derandomize=True, max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("briefings")

REPO = Path(__file__).resolve().parent.parent
FIXTURE_ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "archive"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A writable copy of the fixture archive."""
    target = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, target)
    return target


def build_fixture_copy(factory: pytest.TempPathFactory, label: str, **options) -> Path:
    """A copy of the fixture archive built into a new folder with `options`; the site folder."""
    root = factory.mktemp(f"{label}-src")
    shutil.copytree(FIXTURE_ARCHIVE, root, dirs_exist_ok=True)
    out = factory.mktemp(f"{label}-build") / "site"
    build(BuildOptions(root=root, out_dir=out, **options))
    return out


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built once, search index included."""
    return build_fixture_copy(tmp_path_factory, "fixture")


@pytest.fixture(scope="session")
def built_bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own bundled archive built once, search index and offline
    editions included (as the published site is built)."""
    out = tmp_path_factory.mktemp("bundled-build") / "site"
    build(BuildOptions(root=REPO, out_dir=out, offline=True))
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright; skipped with a reason only outside CI."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not installed (apt-get install chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "playwright not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def built_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built once with the offline edition, search included."""
    return build_fixture_copy(tmp_path_factory, "offline", offline=True)


def unzip(archive: Path, target: Path) -> Path:
    """Unzip as a reader would; returns the edition's one top-level folder."""
    import zipfile

    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


HOSTILE_BRIEFING = (
    "---\n"
    "title: \"<img src=x onerror=window.__pwned_title=1> Payload\"\n"
    "date: 2024-05-01\n"
    "region: \"<img src=x onerror=window.__pwned_region=1>\"\n"
    "actors: [\"<img src=x onerror=window.__pwned_actor=1>\"]\n"
    "---\n\n"
    "Payload text <img src=x onerror=window.__pwned_body=1> <script>window.__pwned_script=1</script>\n"
)
# what a page would have run if any of the hostile text above became live
PWNED = "Object.keys(window).filter((key) => key.startsWith('__pwned'))"


def add_region(root: Path, name: str) -> None:
    """Add a region named `name` to the archive's vocabulary (a briefing's region must be in it)."""
    regions = root / "content/taxonomy/regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8") + f"- name: {json.dumps(name)}\n", encoding="utf-8")


def hostile_archive(folder: Path) -> Path:
    """The fixture archive plus one briefing whose every field tries to run script
    (its region through the vocabulary, which a region must be in)."""
    root = folder / "hostile"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    add_region(root, "<img src=x onerror=window.__pwned_region=1>")
    (root / "content/articles/2024/hostile.md").write_text(HOSTILE_BRIEFING, encoding="utf-8")
    return root


@pytest.fixture
def page(browser):
    """A fresh browser page; the test fails if the page raised a JavaScript error."""
    context = browser.new_context()
    context.set_default_timeout(20_000)  # generous: CI machines are small and sometimes busy
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
