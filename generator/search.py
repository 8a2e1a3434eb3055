"""Pagefind over the written site, one index per year: the real binary from the pagefind-bin wheel.

The CLI indexes a folder in one process; the Python API's per-record calls wait
about 0.1 s each (a known upstream issue), far too slow for a large archive.
Pages opt in with `data-pagefind-body` (only briefings do), so lists and
taxonomy pages are never results.

The index is split into parts, one per year of briefings, so that an edit
re-indexes only its year (issue 7): the browser loads the newest part as
Pagefind's primary index and merges the others with Pagefind's multi-index
search (`mergeIndex`). What is written:

    pagefind/parts.json        the parts, newest first: {"parts": ["2024", "2023"]}
    pagefind/pagefind-ui.js    Pagefind's UI and its stylesheet, once for all parts
    pagefind/pagefind-ui.css
    pagefind/<year>/           one part: what a Pagefind index instance loads
                               (pagefind.js, its worker and WebAssembly, the entry
                               file, metadata, index, filter and fragment chunks)

Each part is indexed on its own (`--glob articles/<year>/*/index.html`), so a
part's files are the same whether one part or every part was indexed. Parts are
written to a temporary folder and renamed into place, never written in place:
on an incremental build the staging folder holds hard links of the previous
output, which must not change through them.
"""

from __future__ import annotations

import concurrent.futures
import fnmatch
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable

BUNDLE_DIR = "pagefind"
MANIFEST = f"{BUNDLE_DIR}/parts.json"
# Pagefind's UI, loaded by the search page from pagefind/ whichever part is primary
SHARED_FILES = ("pagefind-ui.js", "pagefind-ui.css")
# what the browser loads from a part; the rest of Pagefind's output (its other UIs,
# the highlighter, and the UI we keep once in pagefind/) is dropped from the part
PART_FILES = (
    "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind", "pagefind-entry.json", "pagefind.*.pf_meta",
    "index/*", "filter/*", "fragment/*",
)

# Pagefind 1.5 names its filter chunks, and so its entry file and metadata index,
# differently on identical rebuilds (upstream issue #638). Nothing the build writes
# may depend on these names, or that variation would spread through the site.
VARYING_FILES = ("pagefind/*/filter/*.pf_filter", "pagefind/*/pagefind-entry.json", "pagefind/*/pagefind.*.pf_meta")

_BRIEFING_PAGE = re.compile(r"articles/([0-9]+)/[^/]+/index\.html")
_PART_NAME = re.compile(r"[0-9]+")
_TEMPORARY = f".{BUNDLE_DIR}-"  # prefix of the folders a call writes before renaming them


def varies_between_builds(path: str) -> bool:
    """True for the Pagefind files whose names or bytes change on every build."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in VARYING_FILES)


def part_of(path: str) -> str | None:
    """The index part of the output page at `path`: the year of a briefing page
    (`articles/2024/slug/index.html` -> "2024"), None for a page that is not searchable."""
    match = _BRIEFING_PAGE.fullmatch(path)
    return match.group(1) if match else None


def newest_first(parts: Iterable[str]) -> list[str]:
    """Parts in the order the browser loads them: the newest year is the primary index."""
    return sorted(set(parts), key=lambda part: (-int(part), part))


def parts_in(paths: Iterable[str]) -> list[str]:
    """The parts whose bundles are among the output `paths`, newest first."""
    found = set()
    for path in paths:
        pieces = path.split("/")
        if len(pieces) > 2 and pieces[0] == BUNDLE_DIR and _PART_NAME.fullmatch(pieces[1]):
            found.add(pieces[1])
    return newest_first(found)


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class SearchIndex:
    """What a call of index_site did.

    pages: pages in the whole index after the call, every part counted, whether
        it was re-indexed or kept (each part's entry file records its count).
    words: distinct words of the parts indexed by this call, summed over them
        (a word used in two years counts twice; 0 when no part was re-indexed).
    filters: filter names (region, country, ...) of the parts indexed by this
        call, the most any of them has (each part has all of the site's names
        that its briefings use).
    parts: the parts indexed by this call, newest first.
    """

    pages: int
    words: int
    filters: int
    parts: tuple[str, ...] = field(default=())


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as exc:  # pragma: no cover - a broken install
        raise SearchIndexError("pagefind-bin is not installed; reinstall the project") from exc
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError as exc:
        raise SearchIndexError(f"the Pagefind binary is missing: {exc}") from exc


def _pagefind_version(executable: Path) -> str:
    try:
        completed = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    return completed.stdout.strip().removeprefix("pagefind ").strip()


def _pages_of(site_dir: Path, part: str) -> list[Path]:
    folder = site_dir / "articles" / part
    return sorted(folder.glob("*/index.html")) if folder.is_dir() else []


def _parts_with_pages(site_dir: Path) -> set[str]:
    articles = site_dir / "articles"
    if not articles.is_dir():
        return set()
    return {
        folder.name for folder in articles.iterdir()
        if _PART_NAME.fullmatch(folder.name) and _pages_of(site_dir, folder.name)
    }


def _bundled_parts(bundle: Path) -> set[str]:
    if not bundle.is_dir():
        return set()
    return {folder.name for folder in bundle.iterdir() if folder.is_dir() and _PART_NAME.fullmatch(folder.name)}


def _entry(part_dir: Path) -> dict | None:
    try:
        return json.loads((part_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _page_count(part_dir: Path) -> int:
    entry = _entry(part_dir) or {}
    return sum(int(language.get("page_count", 0)) for language in entry.get("languages", {}).values())


@dataclass(frozen=True)
class _Run:
    part: str
    folder: Path  # the temporary folder Pagefind wrote the part to
    words: int
    filters: int


def _index_part(executable: Path, site_dir: Path, part: str, folder: Path) -> _Run:
    """Run Pagefind over one year's briefings into `folder`, and keep what the browser loads."""
    command = [
        str(executable), "--site", str(site_dir), "--glob", f"articles/{part}/*/index.html",
        "--output-path", str(folder),
    ]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise SearchIndexError(f"Pagefind failed on {part} (exit {completed.returncode}):\n{output.strip()}")

    def number(pattern: str) -> int:
        match = re.search(pattern, output)
        return int(match.group(1)) if match else 0

    return _Run(part, folder, number(r"Indexed (\d+) words?"), number(r"Indexed (\d+) filters?"))


def _keep_browser_files(folder: Path, shared: Path | None) -> None:
    """Move the shared UI out of a fresh part (to `shared`, if given) and drop what no browser loads."""
    for name in SHARED_FILES:
        if shared is not None and (folder / name).is_file():
            shared.mkdir(parents=True, exist_ok=True)
            os.replace(folder / name, shared / name)
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif not any(fnmatch.fnmatchcase(relative, pattern) for pattern in PART_FILES):
            path.unlink()


def _write_replacing(path: Path, data: bytes) -> None:
    """Write through a new file and a rename (`path` may be a hard link to the
    previous build); a file that already holds `data` is left as it is."""
    if path.is_file() and path.read_bytes() == data:
        return
    temporary = path.with_name(f"{_TEMPORARY}{path.name}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _workers(count: int, workers: int | None) -> int:
    return max(1, min(count, workers or os.cpu_count() or 1))


def index_site(site_dir: Path, parts: Collection[str] | None = None, *, workers: int | None = None) -> SearchIndex:
    """Write the search index of `site_dir` to `site_dir/pagefind/`; raise SearchIndexError on failure.

    With `parts` None, every part found is indexed and the bundles of parts that
    no longer have pages are removed. With a collection of parts (years), only
    those are re-indexed (a part without pages loses its bundle) and every other
    part's files are left exactly as they are, unless their bundle is missing or
    was written by another Pagefind version, in which case they are indexed too.
    The manifest is written anew on every call. Parts are indexed `workers` at
    a time (default: one per processor; Pagefind keeps about one busy).
    """
    bundle = site_dir / BUNDLE_DIR
    executable = pagefind_executable()
    present = _parts_with_pages(site_dir)
    bundled = _bundled_parts(bundle)
    if parts is None:
        wanted = set(present)
    else:
        wanted = set(parts)
        if not all(isinstance(part, str) and _PART_NAME.fullmatch(part) for part in wanted):
            raise ValueError(f"index parts are years, like '2024': {sorted(map(repr, wanted))}")
        stale = set()
        if present - wanted:
            version = _pagefind_version(executable)
            stale = {part for part in present - wanted if (_entry(bundle / part) or {}).get("version") != version}
        wanted |= stale
    to_index = newest_first(wanted & present)
    to_remove = newest_first((wanted | bundled) - present)
    if present and not to_index and not all((bundle / name).is_file() for name in SHARED_FILES):
        to_index = newest_first(present)[:1]  # the shared UI comes from a fresh run

    for leftover in bundle.glob(f"{_TEMPORARY}*") if bundle.is_dir() else ():
        _remove(leftover)  # from a call that was killed
    bundle.mkdir(parents=True, exist_ok=True)
    runs: list[_Run] = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=_workers(len(to_index), workers)) as pool:
            futures = [
                pool.submit(_index_part, executable, site_dir, part, bundle / f"{_TEMPORARY}{part}")
                for part in to_index
            ]
            runs = [future.result() for future in futures]
        shared = bundle / f"{_TEMPORARY}shared"
        for run in runs:
            _keep_browser_files(run.folder, shared if run is runs[0] else None)
    except BaseException:
        for leftover in bundle.glob(f"{_TEMPORARY}*"):
            _remove(leftover)
        raise

    # every part is ready: swap them in, the shared UI, then the manifest
    for run in runs:
        old = bundle / f"{_TEMPORARY}old-{run.part}"
        if (bundle / run.part).exists():
            os.replace(bundle / run.part, old)
        os.replace(run.folder, bundle / run.part)
        _remove(old)
    if runs:
        for name in SHARED_FILES:
            target = bundle / name
            if target.is_file() and target.read_bytes() == (shared / name).read_bytes():
                continue  # the same Pagefind version: keep the file (and its link to the last build)
            os.replace(shared / name, target)
        _remove(shared)
    for part in to_remove:
        _remove(bundle / part)
    if not present:
        for name in SHARED_FILES:
            _remove(bundle / name)
    # anything else is not of this layout: the single bundle of earlier builds, say
    kept = set(present) | set(SHARED_FILES) | {Path(MANIFEST).name}
    for leftover in sorted(bundle.iterdir()):
        if leftover.name not in kept:
            _remove(leftover)
    manifest = json.dumps({"parts": newest_first(present)}, indent=1) + "\n"
    _write_replacing(site_dir / MANIFEST, manifest.encode("utf-8"))

    return SearchIndex(
        pages=sum(_page_count(bundle / part) for part in present),
        words=sum(run.words for run in runs),
        filters=max((run.filters for run in runs), default=0),
        parts=tuple(run.part for run in runs),
    )
