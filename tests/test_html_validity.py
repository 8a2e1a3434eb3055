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


def test_every_page_of_every_edition_of_the_fixture_build_passes_the_nu_html_checker(built_offline: Path, tmp_path: Path):
    pages = every_page(built_offline, tmp_path)
    # every page type, paginated lists included, in the three editions
    assert sum(p.name.endswith(".html") for p in pages) > 100
    assert checker_problems(pages) == []


def test_every_page_of_every_edition_of_the_bundled_build_passes_the_nu_html_checker(built_bundled: Path, tmp_path: Path):
    pages = every_page(built_bundled, tmp_path)
    web = [p for p in pages if p.is_relative_to(built_bundled) and p.suffix == ".html"]
    region_editions = [folder for folder in tmp_path.iterdir() if "-offline-" in folder.name]
    # the 47 briefings with every list and index, the whole offline edition, three regions'
    assert len(web) > 180 and len(region_editions) == 3
    assert len(pages) > 2 * len(web)
    assert checker_problems(pages) == []
