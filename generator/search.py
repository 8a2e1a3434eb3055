"""Pagefind over the written site, in parts by year: the real binary from the pagefind-bin wheel.

The CLI indexes a folder in one process; the Python API's per-record calls wait
about 0.1 s each (a known upstream issue), far too slow for a large archive.
Pages opt in with `data-pagefind-body` (only briefings do), so lists and
taxonomy pages are never results.

The index is split into parts, one per year of briefings, so that an edit
re-indexes only its part (issue 7): the browser loads the newest part as
Pagefind's primary index and merges the others with Pagefind's multi-index
search (`mergeIndex`). A year of more than `part_size` briefings (the setting
`search_part_size`, PART_PAGES by default) is split into
shares by the first character of the slugs ("2024-a", "2024-m"), so that a
part stays a few hundred pages however busy a year is. What is written:

    pagefind/parts.json        the parts, newest first: {"parts": ["2024", "2023"]}
    pagefind/<part>/           one part: what a Pagefind index instance loads
                               (pagefind.js, its worker and WebAssembly, the entry
                               file, metadata, index, filter and fragment chunks)

The search page is ours (search-ui.js, over Pagefind's JS API in search.js):
Pagefind's own UI cannot sort across parts, keep the search in the address, or
drop the results of its prefix backtracking, so it is not shipped.

Each part is indexed on its own (`--glob articles/<year>/*/index.html`, or
`articles/<year>/[am]*/index.html` for a share), so a part's files are the same
whether one part or every part was indexed. Parts are
written to a temporary folder and renamed into place, never written in place:
on an incremental build the staging folder holds hard links of the previous
output, which must not change through them.
"""

from __future__ import annotations

import concurrent.futures
import fnmatch
import json
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Sequence

BUNDLE_DIR = "pagefind"
MANIFEST = f"{BUNDLE_DIR}/parts.json"
# what the browser loads from a part; the rest of Pagefind's output (its UIs and
# the highlighter) is dropped from the part
PART_FILES = (
    "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind", "pagefind-entry.json", "pagefind.*.pf_meta",
    "index/*", "filter/*", "fragment/*",
)

# Pagefind 1.5 names its filter chunks, and so its entry file and metadata index,
# differently on identical rebuilds (upstream issue #638). Nothing the build writes
# may depend on these names, or that variation would spread through the site.
VARYING_FILES = ("pagefind/*/filter/*.pf_filter", "pagefind/*/pagefind-entry.json", "pagefind/*/pagefind.*.pf_meta")

_BRIEFING_PAGE = re.compile(r"articles/([0-9]+)/[^/]+/index\.html")
_YEAR = re.compile(r"[0-9]+")
# a part: a year ("2024"), or a share of a busy year named by its first initial ("2024-m")
_PART_NAME = re.compile(r"([0-9]+)(?:-([0-9a-z-]))?")
# A part holds at most about this many briefings by default: a busier year is split by
# the first character of the briefings' slugs, so that an edit re-indexes a few hundred
# pages however large the archive grows (Pagefind takes about 1.5 ms a page).
PART_PAGES = 500
_TEMPORARY = f".{BUNDLE_DIR}-"  # prefix of the folders a call writes before renaming them


_VARYING = re.compile("|".join(fnmatch.translate(pattern) for pattern in VARYING_FILES))


def varies_between_builds(path: str) -> bool:
    """True for the Pagefind files whose names or bytes change on every build."""
    return _VARYING.match(path) is not None


def part_of(path: str) -> str | None:
    """The index part of the output page at `path`: the year of a briefing page
    (`articles/2024/slug/index.html` -> "2024"), None for a page that is not searchable."""
    match = _BRIEFING_PAGE.fullmatch(path)
    return match.group(1) if match else None


def newest_first(parts: Iterable[str]) -> list[str]:
    """Parts in the order the browser loads them: the newest year (its first share) is the
    primary index."""
    return sorted(set(parts), key=lambda part: (-int(_year_of(part)), part))


@dataclass(frozen=True)
class Part:
    name: str
    year: str
    initials: str  # first characters of the slugs it holds; "" for the whole year

    @property
    def glob(self) -> str:
        """The pages it holds, as Pagefind's --glob (relative to the site)."""
        if not self.initials:
            return f"articles/{self.year}/*/index.html"
        return f"articles/{self.year}/[{self.initials}]*/index.html"


def split_year(year: str, slugs: Sequence[str], limit: int) -> list[Part]:
    """The parts of one year's briefings (by slug): the whole year, or when it has more
    than `limit`, shares of about `limit` by first character, each a run of initials
    in order (a pure function of the slugs: a clean build splits the same way)."""
    if len(slugs) <= limit:
        return [Part(year, year, "")]
    counts: dict[str, int] = {}
    for slug in slugs:
        counts[slug[0]] = counts.get(slug[0], 0) + 1
    shares = math.ceil(len(slugs) / limit)
    target = len(slugs) / shares
    groups: list[str] = [""]
    taken = 0
    for initial in sorted(counts, key=lambda c: (c != "-", c)):  # "-" first: literal in a class
        # a new share when the middle of this initial's run is past the current share's end
        if groups[-1] and taken + counts[initial] / 2 > target * len(groups) and len(groups) < shares:
            groups.append("")
        groups[-1] += initial
        taken += counts[initial]
    return [Part(f"{year}-{group[0]}", year, group) for group in groups]


def site_parts(site_dir: Path, part_size: int = PART_PAGES) -> dict[str, Part]:
    """Every part the briefing pages under `site_dir/articles/` make, by name."""
    articles = site_dir / "articles"
    parts: dict[str, Part] = {}
    if not articles.is_dir():
        return parts
    for folder in articles.iterdir():
        if not (_YEAR.fullmatch(folder.name) and folder.is_dir()):
            continue
        with os.scandir(folder) as entries:  # a briefing page's folder (no stat: 10,000 cost 0.1 s)
            slugs = sorted(entry.name for entry in entries if entry.is_dir())
        if slugs:
            for part in split_year(folder.name, slugs, part_size):
                parts[part.name] = part
    return parts


def parts_of(site_dir: Path, paths: Iterable[str], part_size: int = PART_PAGES) -> set[str]:
    """The parts to index again after the briefing pages at `paths` changed, appeared or
    went: the part each is in now; every part of a year split differently than its
    bundle is; a year left without pages (its bundle is then removed)."""
    parts = site_parts(site_dir, part_size)
    by_year: dict[str, list[Part]] = {}
    for part in parts.values():
        by_year.setdefault(part.year, []).append(part)
    bundled = _bundled_parts(site_dir / BUNDLE_DIR)
    dirty: set[str] = set()
    for path in paths:
        year = part_of(path)
        if year is None:
            continue
        if year not in by_year:
            dirty.add(year)
            continue
        initial = path.split("/")[2][0]
        dirty.update(part.name for part in by_year[year] if not part.initials or initial in part.initials)
        if {part.name for part in by_year[year]} != {name for name in bundled if _year_of(name) == year}:
            dirty.update(part.name for part in by_year[year])
    return dirty


def _year_of(part: str) -> str:
    return part.partition("-")[0]


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


def _index_part(executable: Path, site_dir: Path, part: Part, folder: Path) -> _Run:
    """Run Pagefind over one part's briefings into `folder`, and keep what the browser loads."""
    command = [
        str(executable), "--site", str(site_dir), "--glob", part.glob,
        "--output-path", str(folder),
    ]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise SearchIndexError(f"Pagefind failed on {part.name} (exit {completed.returncode}):\n{output.strip()}")

    def number(pattern: str) -> int:
        match = re.search(pattern, output)
        return int(match.group(1)) if match else 0

    return _Run(part.name, folder, number(r"Indexed (\d+) words?"), number(r"Indexed (\d+) filters?"))


def _keep_browser_files(folder: Path) -> None:
    """Drop from a fresh part what no browser loads."""
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


def index_site(
    site_dir: Path, parts: Collection[str] | None = None, *, workers: int | None = None, part_size: int = PART_PAGES,
) -> SearchIndex:
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
    layout = site_parts(site_dir, part_size)
    present = set(layout)
    bundled = _bundled_parts(bundle)
    if parts is None:
        wanted = set(present)
    else:
        wanted = set(parts)
        if not all(isinstance(part, str) and _PART_NAME.fullmatch(part) for part in wanted):
            raise ValueError(f"index parts are years or shares of one, like '2024' or '2024-m': {sorted(map(repr, wanted))}")
        # a year asked for by its number: every share of it
        wanted |= {name for name, part in layout.items() if part.year in wanted}
        stale = set()
        if present - wanted:
            version = _pagefind_version(executable)
            stale = {part for part in present - wanted if (_entry(bundle / part) or {}).get("version") != version}
        wanted |= stale
    to_index = newest_first(wanted & present)
    to_remove = newest_first((wanted | bundled) - present)

    for leftover in bundle.glob(f"{_TEMPORARY}*") if bundle.is_dir() else ():
        _remove(leftover)  # from a call that was killed
    bundle.mkdir(parents=True, exist_ok=True)
    runs: list[_Run] = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=_workers(len(to_index), workers)) as pool:
            futures = [
                pool.submit(_index_part, executable, site_dir, layout[part], bundle / f"{_TEMPORARY}{part}")
                for part in to_index
            ]
            runs = [future.result() for future in futures]
        for run in runs:
            _keep_browser_files(run.folder)
    except BaseException:
        for leftover in bundle.glob(f"{_TEMPORARY}*"):
            _remove(leftover)
        raise

    # every part is ready: swap them in, then the manifest
    for run in runs:
        old = bundle / f"{_TEMPORARY}old-{run.part}"
        if (bundle / run.part).exists():
            os.replace(bundle / run.part, old)
        os.replace(run.folder, bundle / run.part)
        _remove(old)
    for part in to_remove:
        _remove(bundle / part)
    # anything else is not of this layout: the single bundle or Pagefind UI of earlier builds, say
    kept = set(present) | {Path(MANIFEST).name}
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
