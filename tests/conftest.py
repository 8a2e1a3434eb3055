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
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, settings

from generator.atomicfile import exclusive_lock
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


# The modules that take longest, longest first (`--durations`, on the 2-core machine).
# The suite runs on one process per core, each module whole on one process
# (pyproject.toml's addopts), and modules are handed out in collection order: started
# first, the long ones finish together rather than one process running the last long
# module while the other has nothing left to do. A module missing here only costs
# that balance; the other modules keep their order after these.
LONGEST_MODULES = (  # ranked from a --junitxml run of the whole suite, 2026-11-30 (branch suiteother)
    "test_incremental.py",
    "test_heavy_corpus.py",
    "test_accessibility.py",
    "test_search_page.py",
    "test_determinism.py",
    "test_reading_browser.py",
    "test_serve.py",
    "test_kill_mid_build.py",
    "test_output_safety.py",
    "test_html_validity.py",
    "test_browser.py",
    "test_review.py",
    "test_corpus.py",
    "test_service_worker.py",
    "test_unreadable_content.py",
    "test_hostile_corpus.py",
    "test_related.py",
    "test_offline_browser.py",
    "test_pictures_browser.py",
    "test_concurrent_ingest.py",
    "test_offline.py",
    "test_pages.py",
    "test_inbox_browser.py",
    "test_check.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # a stable sort


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


@pytest.fixture
def project_with_theme(tmp_path: Path) -> Path:
    """A writable copy of the fixture archive with a copy of the default theme of its own,
    so a test can edit a template."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    shutil.copytree(REPO / "themes" / "default", root / "themes" / "default")
    return root


def build_fixture_copy(factory: pytest.TempPathFactory, label: str, **options) -> Path:
    """A copy of the fixture archive built into a new folder with `options`; the site folder."""
    root = factory.mktemp(f"{label}-src")
    shutil.copytree(FIXTURE_ARCHIVE, root, dirs_exist_ok=True)
    out = factory.mktemp(f"{label}-build") / "site"
    build(BuildOptions(root=root, out_dir=out, **options))
    return out


def made_once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """What `make(folder)` returns, made once for the whole test run.

    The suite runs on several processes (pytest-xdist), and a session fixture is per
    process, so each would build the same site again. The first process to ask makes it
    in a folder shared by all of the run's processes, under a lock; the others wait for
    it and then read the same files. Only for what the tests read and never change.
    Run in one process (`-n 0`), this is a plain session fixture.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(factory.mktemp(name))
    shared = factory.getbasetemp().parent / "made-once"  # the run's folder, above each process's own
    shared.mkdir(exist_ok=True)
    folder, made = shared / name, shared / f"{name}.made"
    with exclusive_lock(shared / f"{name}.lock"):
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a process that failed left half made
            folder.mkdir()
            made.write_text(str(make(folder).relative_to(folder)), encoding="utf-8")
    return folder / made.read_text(encoding="utf-8")


def build_fixture_once(factory: pytest.TempPathFactory, label: str, **options) -> Path:
    """The fixture archive built once per run with `options` (see made_once_per_run); the site folder."""
    def make(folder: Path) -> Path:
        root = folder / "src"
        shutil.copytree(FIXTURE_ARCHIVE, root)
        build(BuildOptions(root=root, out_dir=folder / "site", **options))
        return folder / "site"

    return made_once_per_run(factory, label, make)


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built once, search index included."""
    return build_fixture_once(tmp_path_factory, "fixture")


@pytest.fixture(scope="session")
def built_bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own bundled archive built once, search index and offline
    editions included (as the published site is built).

    Built from a copy of what a build reads (settings, content, theme), so that its
    build cache is its own: a build of the repository itself, run at the same time by
    another test process, would take the cache of an output folder not yet published
    for an abandoned one and remove it (generator/cacheeviction.py).
    """
    def make(folder: Path) -> Path:
        root = folder / "project"
        for name in ("content", "themes"):
            shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns(".*.lock"))
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
        build(BuildOptions(root=root, out_dir=folder / "site", offline=True))
        return folder / "site"

    return made_once_per_run(tmp_path_factory, "bundled", make)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


# the ports this process has served on (see serve)
_SERVED_PORTS: set[int] = set()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a port this process has not served on before;
    yields the base URL.

    The browser tests of a process share one browser context (`page`), whose HTTP cache
    keeps what earlier tests' servers sent: a port served on twice would give a later
    site an earlier one's cached files at the same addresses.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    refused: list[http.server.ThreadingHTTPServer] = []  # held open, so not offered again
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    while server.server_address[1] in _SERVED_PORTS:
        refused.append(server)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    for spare in refused:
        spare.server_close()
    _SERVED_PORTS.add(server.server_address[1])
    # shutdown() waits for the serving loop's next look at its flag: every 0.5 s by default,
    # paid by each of the twenty-odd tests that serve a site
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
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
    return build_fixture_once(tmp_path_factory, "offline", offline=True)


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


def edit_add_and_delete(root: Path) -> None:
    """Change the fixture archive at `root` as a desk would between two builds of one search
    index: two edits (a title and text, text alone), an addition and a deletion."""
    articles = root / "content/articles"
    riyadh = articles / "2024/blinken-in-riyadh.md"  # Blinken goes from its text: main's copy still has him
    riyadh.write_text(riyadh.read_text(encoding="utf-8").replace("title: Blinken in", "title: Austin in").replace(
        "Blinken discussed", "Austin discussed"), encoding="utf-8")
    red_sea = articles / "2024/red-sea-shipping-attacks.md"
    red_sea.write_text(red_sea.read_text(encoding="utf-8") + "\nMonsoon storms slowed the convoys.\n", encoding="utf-8")
    kyiv = articles / "2023/blinken-visits-kyiv.md"
    (articles / "2024/blinken-returns-to-kyiv.md").write_text(
        kyiv.read_text(encoding="utf-8").replace("Blinken visits Kyiv", "Blinken returns to Kyiv").replace(
            "date: 2023-09-06", "date: 2024-03-01"), encoding="utf-8")
    (articles / "2022/blinken-calls-pashinyan-and-aliyev.md").unlink()


def hostile_archive(folder: Path) -> Path:
    """The fixture archive plus one briefing whose every field tries to run script
    (its region through the vocabulary, which a region must be in)."""
    root = folder / "hostile"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    add_region(root, "<img src=x onerror=window.__pwned_region=1>")
    (root / "content/articles/2024/hostile.md").write_text(HOSTILE_BRIEFING, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile archive (hostile_archive) built once per run, search index and offline
    editions included: the web search and the offline search of it read the same build."""
    def make(folder: Path) -> Path:
        root = hostile_archive(folder)
        build(BuildOptions(root=root, out_dir=folder / "site", offline=True))
        return folder / "site"

    return made_once_per_run(tmp_path_factory, "hostile", make)


@pytest.fixture(scope="session")
def pages_context(browser) -> Iterator[object]:
    """The browser context of every test's `page` in this process.

    A context of its own for each test cost about 1.2 s of CPU (made, its first page
    started, closed) against 0.3 s for a page in a context kept open. Tests do not meet:
    each has a page of its own, serves its sites at ports no other test of the process
    used (serve), and the pages run no service worker, so a site's worker cannot outlive
    its test. The worker is what test_service_worker.py tests, in contexts of its own,
    as are the tests that need an empty cache or a context's own settings.
    """
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(20_000)  # generous: CI machines are small and sometimes busy
    yield context
    context.close()


@pytest.fixture
def page(pages_context):
    """A fresh browser page (of pages_context); the test fails if the page raised a
    JavaScript error."""
    page = pages_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
