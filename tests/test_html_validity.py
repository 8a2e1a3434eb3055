"""The W3C Nu HTML checker (vnu, the checker behind validator.w3.org/nu) over every
page of the fixture archive's build, web and offline editions: 0 errors, 0 warnings.

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
    return [java, "-Xss4m", "-jar", VNU_JAR]


def test_every_page_of_both_editions_passes_the_nu_html_checker(built_offline: Path, tmp_path: Path):
    command = vnu_command()
    offline = unzip(next(built_offline.glob("*-offline.zip")), tmp_path / "offline")
    pages = sorted(built_offline.rglob("*.html")) + sorted(offline.rglob("*.html"))
    assert len(pages) > 80  # both editions: every page type, paginated lists included
    completed = subprocess.run(
        [*command, "--format", "json", "--also-check-svg", *map(str, pages)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(completed.stderr)["messages"]
    problems = [
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['type']} {m.get('subType', '')}: {m['message']}"
        for m in messages
        if not (m["type"] == "info" and m.get("subType") != "warning")
        and not (m.get("subType") == "warning" and m["message"].startswith(FROM_DISK_ONLY))
    ]
    assert problems == []
