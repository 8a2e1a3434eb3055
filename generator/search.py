"""Pagefind over the written site: the real binary from the pagefind-bin wheel.

The CLI indexes a whole folder in one process; the Python API's per-record
calls wait about 0.1 s each (a known upstream issue), far too slow for a large
archive. Pages opt in with `data-pagefind-body` (only briefings do), so lists
and taxonomy pages are never results.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"

# Pagefind 1.5 names its filter chunks, and so its entry file and metadata index,
# differently on identical rebuilds (upstream issue #638). Nothing the build writes
# may depend on these names, or that variation would spread through the site.
VARYING_FILES = ("pagefind/filter/*.pf_filter", "pagefind/pagefind-entry.json", "pagefind/pagefind.*.pf_meta")


def varies_between_builds(path: str) -> bool:
    """True for the Pagefind files whose names or bytes change on every build."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in VARYING_FILES)


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    words: int
    filters: int


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as exc:  # pragma: no cover - a broken install
        raise SearchIndexError("pagefind-bin is not installed; reinstall the project") from exc
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError as exc:
        raise SearchIndexError(f"the Pagefind binary is missing: {exc}") from exc


def index_site(site_dir: Path) -> SearchIndex:
    """Write the Pagefind bundle to `site_dir/pagefind/`; raise SearchIndexError on failure."""
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {completed.returncode}):\n{output.strip()}")

    def number(pattern: str) -> int:
        match = re.search(pattern, output)
        return int(match.group(1)) if match else 0

    return SearchIndex(
        pages=number(r"Indexed (\d+) pages?"),
        words=number(r"Indexed (\d+) words?"),
        filters=number(r"Indexed (\d+) filters?"),
    )
