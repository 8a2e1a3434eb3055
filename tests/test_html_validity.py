"""The W3C Nu HTML checker (vnu, the checker behind validator.w3.org/nu) over every
page of two builds, each with its web edition, its whole offline edition and every
region's offline edition: 0 errors, 0 warnings.

- the fixture archive's, which holds every page type and the awkward cases (a long
  word, an address, paged lists);
- the bundled archive's (the 47 briefings a newcomer's first build shows): what a
  reader gets, charts and map full.

vnu runs on Java and comes from npm (`vnu-jar`); `.ci/run` installs both and names
the jar in VNU_JAR. Elsewhere the test is skipped, with the reason, when either is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import unzip

VNU_JAR = os.environ.get("VNU_JAR", "")
# Checked from disk, a page has no origin, so the Content-Security-Policy's 'self'
# matches none of its own stylesheets and scripts, and vnu says so for each of them
# (an "info" warning). Served over http, as readers get the pages, 'self' matches.
# vnu refuses to fetch from 127.0.0.1 ("Forbidden host"), so this one artefact of
# checking files is set aside, and nothing else.
FROM_DISK_ONLY = "Resource violates Content Security Policy"


def vnu_command() -> list[str]:
    reason = None
    java = shutil.which("java")
    if java is None:
        reason = "java not installed (apt-get install default-jre-headless)"
    elif not VNU_JAR or not Path(VNU_JAR).is_file():
        reason = "vnu.jar not found: npm install vnu-jar, and set VNU_JAR to its build/dist/vnu.jar"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the HTML checker must run in CI: {reason}")
        print(f"skipped: {reason}")
        pytest.skip(reason)
    # One short run: Java's first-tier compiler alone and one garbage-collector thread
    # check the same pages in a third of the CPU time that its optimising compiler, which
    # pays off only in long runs, takes (measured: 9.7 s against 24-34 s for the bundled
    # build's 434 files, the same messages).
    return [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", VNU_JAR]


def every_page(site: Path, unzipped: Path) -> list[Path]:
    """Every page and drawing of the web edition in `site`, and of every offline
    edition beside it (the whole archive's and each region's zip), unzipped in `unzipped`."""
    editions = [site] + [unzip(z, unzipped / z.stem) for z in sorted(site.glob("*-offline*.zip"))]
    return sorted(p for edition in editions for p in edition.rglob("*") if p.suffix in (".html", ".svg"))


def checker_problems(pages: list[Path]) -> list[str]:
    """vnu's errors and warnings over `pages`, in one run (one Java start), as
    `path:line: type: message`; its notes ("info") left out, as on validator.w3.org."""
    completed = subprocess.run(
        [*vnu_command(), "--format", "json", "--also-check-svg", *map(str, pages)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(completed.stderr)["messages"]
    return [
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['type']} {m.get('subType', '')}: {m['message']}"
        for m in messages
        if not (m["type"] == "info" and m.get("subType") != "warning")
        and not (m.get("subType") == "warning" and m["message"].startswith(FROM_DISK_ONLY))
    ]


@dataclass(frozen=True)
class Checked:
    pages: list[Path]  # every page and drawing of the build's editions
    unzipped: Path  # where its offline editions were unzipped
    problems: list[str]  # vnu's errors and warnings on those pages


@pytest.fixture(scope="module")
def checked(built_offline: Path, built_bundled: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Checked]:
    """Both builds' pages checked in one vnu run: each Java start costs about 1.7 s of CPU
    before it checks a page, and its compiler warms up once rather than twice (measured:
    12 s of CPU for the two builds in one run, against 16 s in two). Each message goes to
    the build whose page it names; one naming neither page goes to both, so none is lost."""
    sites = {"fixture": built_offline, "bundled": built_bundled}
    unzipped = {name: tmp_path_factory.mktemp(f"{name}-editions") for name in sites}
    pages = {name: every_page(site, unzipped[name]) for name, site in sites.items()}
    owner = {str(page): name for name, its_pages in pages.items() for page in its_pages}
    problems = checker_problems([page for its_pages in pages.values() for page in its_pages])
    by_build: dict[str, list[str]] = {name: [] for name in sites}
    for problem in problems:
        named = [name for page, name in owner.items() if problem.startswith(page + ":")]
        for name in named or sites:
            by_build[name].append(problem)
    return {name: Checked(pages[name], unzipped[name], by_build[name]) for name in sites}


def test_every_page_of_every_edition_of_the_fixture_build_passes_the_nu_html_checker(checked: dict[str, Checked]):
    pages = checked["fixture"].pages
    # every page type, paginated lists included, in the three editions
    assert sum(p.name.endswith(".html") for p in pages) > 100
    assert checked["fixture"].problems == []


def test_every_page_of_every_edition_of_the_bundled_build_passes_the_nu_html_checker(
    checked: dict[str, Checked], built_bundled: Path,
):
    pages = checked["bundled"].pages
    web = [p for p in pages if p.is_relative_to(built_bundled) and p.suffix == ".html"]
    region_editions = [folder for folder in checked["bundled"].unzipped.iterdir() if "-offline-" in folder.name]
    # the 47 briefings with every list and index, the whole offline edition, three regions'
    assert len(web) > 180 and len(region_editions) == 3
    assert len(pages) > 2 * len(web)
    assert checked["bundled"].problems == []
