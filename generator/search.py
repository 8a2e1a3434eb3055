"""Pagefind over the written site: one main index, and one small recent part.

The real binary from the pagefind-bin wheel runs over the written pages (the
CLI indexes a folder in one process; the Python API's per-record calls wait
about 0.1 s each, a known upstream issue). Pages opt in with
`data-pagefind-body` (only briefings do), so lists and taxonomy pages are never
results.

A reader's first search costs about ten files per index it loads (Pagefind's
entry file, metadata, an index chunk, ...), so there are at most two (issue 17):

    pagefind/main/     every briefing, indexed by a clean build (a compaction)
    pagefind/recent/   the briefings added or changed since, indexed again in
                       full by every build that changes one (it stays small)
    pagefind/parts.json  the parts (["main", "recent"] or ["main"]), the ids of
                       main's copies that are stale (of a briefing changed since,
                       or gone), and the filters' names
    pagefind/filters/NAME.json  one filter's values with their counts (region.json,
                       actor.json, ...): a search loads only the ones it shows
    pagefind/files.json  every file of the index a browser loads, but the ones
                       Pagefind names anew on each run (for "save the whole archive")

The browser loads main as Pagefind's primary index and merges recent into it
(`mergeIndex`); search.js drops the stale ids from the results (a result's id
is its fragment's name, known before its data is read). The filter lists come
from filters/NAME.json, not from Pagefind, so opening the search page loads no
index at all, and their counts are those of the current briefings; a filter's
file is read when it is opened or the address carries it, so a first search
pays for no filter, and a filtered search for its own (an archive's actors grow
with it, its regions hardly). When recent holds
more than `recent_limit` briefings (the setting `search_part_size`), the build
compacts: main is indexed anew over everything, and recent goes.

Which main copy belongs to which page is read from main's fragments (the
only place Pagefind writes a page's address next to its id); a build keeps that
map in `state_file`, keyed by main's entry file, so an edit does not read them
all again.

Parts are written to a temporary folder and renamed into place, never written
in place: on an incremental build the staging folder holds hard links of the
previous output, which must not change through them.
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable

from generator import wordindex

BUNDLE_DIR = "pagefind"
MANIFEST = f"{BUNDLE_DIR}/parts.json"
# every file of the index a reader's browser may load, for "save the whole archive"
# (the service worker's own list leaves the index out: its files depend on the builds
# since the last clean one, and everything else the build writes does not)
FILE_LIST = f"{BUNDLE_DIR}/files.json"
# a folder of one file per filter, of its values and counts: read when a reader opens
# that filter, or when the address carries it (an archive's actors grow with it: no
# first search pays for them, and a search by region does not either)
FILTER_VALUES = f"{BUNDLE_DIR}/filters"
_FILTER_NAME = re.compile(r"[a-z0-9_-]+")
# Pagefind's code in a merged part: the primary's is what runs
_MERGED_CODE = ("pagefind.js", "wasm.*.pagefind")
MAIN = "main"
RECENT = "recent"
PARTS = (MAIN, RECENT)  # in the order the browser loads them: main is the primary index
# what the browser loads from a part; the rest of Pagefind's output (its UIs, the
# highlighter, and its web worker: every page runs Pagefind with `noWorker`, so the
# worker's file would only be fetched by the service worker's install and "save the
# whole archive", 40 KB that no search uses) is dropped from the part
PART_FILES = (
    "pagefind.js", "wasm.*.pagefind", "pagefind-entry.json", "pagefind.*.pf_meta",
    "index/*", "filter/*", "fragment/*",
)

# Pagefind 1.5 names its filter chunks, and so its entry file and metadata index,
# differently on identical rebuilds (upstream issue #638). Nothing the build writes
# may depend on these names, or that variation would spread through the site.
VARYING_FILES = ("pagefind/*/filter/*.pf_filter", "pagefind/*/pagefind-entry.json", "pagefind/*/pagefind.*.pf_meta")

_BRIEFING_PAGE = re.compile(r"articles/([0-9]+)/([^/]+)/index\.html")
_YEAR = re.compile(r"[0-9]+")
# Most briefings the recent part holds before the build compacts the index. Pagefind
# takes about 1.5 ms a briefing, so an edit re-indexes recent in under a second.
RECENT_PAGES = 500
_TEMPORARY = f".{BUNDLE_DIR}-"  # prefix of the folders a call writes before renaming them
_FRAGMENT_MAGIC = b"pagefind_dcd"  # what a decompressed fragment starts with

_VARYING = re.compile("|".join(fnmatch.translate(pattern) for pattern in VARYING_FILES))


def varies_between_builds(path: str) -> bool:
    """True for the Pagefind files whose names or bytes change on every build."""
    return _VARYING.match(path) is not None


def is_briefing_page(path: str) -> bool:
    """True for the output page of a briefing (`articles/2024/slug/index.html`),
    the only pages the index holds."""
    return _BRIEFING_PAGE.fullmatch(path) is not None


def page_url(path: str) -> str:
    """The address Pagefind records for the output page at `path` (`/articles/2024/slug/`)."""
    return "/" + path.removesuffix("index.html")


def parts_in(paths: Iterable[str]) -> list[str]:
    """The parts whose bundles are among the output `paths`, in the order the browser loads them."""
    found = set()
    for path in paths:
        pieces = path.split("/")
        if len(pieces) > 2 and pieces[0] == BUNDLE_DIR and pieces[1] in PARTS:
            found.add(pieces[1])
    return [part for part in PARTS if part in found]


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class SearchIndex:
    """What a call of index_site did.

    pages: briefings the index finds after the call (main's, less its stale
        copies, plus recent's).
    words: distinct words of the parts indexed by this call, summed over them
        (0 when none was).
    filters: filter names (region, country, ...) the briefings use.
    parts: the parts indexed by this call, in loading order.
    """

    pages: int
    words: int
    filters: int
    parts: tuple[str, ...] = field(default=())


# A page as main or recent holds it: its fragment's id and its filter values (as stored).
Filters = dict[str, list[str]]


@dataclass(frozen=True)
class IndexedPage:
    id: str
    filters: Filters


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
    """The version `executable --version` prints. A run that fails or prints nothing is an
    error, not a version: taken as one, it differed from main's and silently rebuilt main
    whole (an edit's index became a compaction)."""
    try:
        completed = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    version = completed.stdout.strip().removeprefix("pagefind ").strip()
    if completed.returncode != 0 or not version:
        said = (completed.stdout + completed.stderr).strip() or "nothing"
        raise SearchIndexError(f"{executable} --version failed (exit {completed.returncode}): {said}")
    return version


def _entry(part_dir: Path) -> dict | None:
    try:
        return json.loads((part_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _entry_digest(part_dir: Path) -> str | None:
    try:
        return hashlib.sha256((part_dir / "pagefind-entry.json").read_bytes()).hexdigest()
    except OSError:
        return None


def read_pages(part_dir: Path) -> dict[str, IndexedPage]:
    """Every page a part holds, by address, read from its fragments."""
    pages: dict[str, IndexedPage] = {}
    folder = part_dir / "fragment"
    if not folder.is_dir():
        return pages
    for fragment in sorted(folder.iterdir()):
        try:
            data = gzip.decompress(fragment.read_bytes())
            record = json.loads(data.removeprefix(_FRAGMENT_MAGIC))
        except (OSError, ValueError, EOFError) as exc:
            raise SearchIndexError(f"unreadable search fragment {fragment}: {exc}") from exc
        pages[record["url"]] = IndexedPage(fragment.name.removesuffix(".pf_fragment"), record.get("filters", {}))
    return pages


def _main_pages(main: Path, state_file: Path | None) -> dict[str, IndexedPage]:
    """Main's pages, from `state_file` when it was written for this very main."""
    digest = _entry_digest(main)
    if state_file is not None and digest is not None:
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
            if state.get("main") == digest:
                return {url: IndexedPage(id, filters) for url, (id, filters) in state["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            pass
    pages = read_pages(main)
    _save_state(state_file, digest, pages)
    return pages


def _save_state(state_file: Path | None, digest: str | None, pages: dict[str, IndexedPage]) -> None:
    if state_file is None or digest is None:
        return
    data = json.dumps({"main": digest, "pages": {url: [p.id, p.filters] for url, p in sorted(pages.items())}})
    try:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = state_file.with_name(f".{state_file.name}.{os.getpid()}.tmp")
        temporary.write_text(data, encoding="utf-8")
        os.replace(temporary, state_file)
    except OSError:
        pass  # a cache: the next build reads main's fragments again


@dataclass(frozen=True)
class _Run:
    folder: Path  # the temporary folder Pagefind wrote the part to
    words: int
    filters: int


def _run_pagefind(executable: Path, site: Path, folder: Path) -> _Run:
    """Run Pagefind over the briefing pages of `site` into `folder`, and keep what the browser loads."""
    command = [
        str(executable), "--site", str(site), "--glob", "articles/*/*/index.html", "--output-path", str(folder),
    ]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise SearchIndexError(f"Pagefind failed on {folder.name} (exit {completed.returncode}):\n{output.strip()}")
    _keep_browser_files(folder)

    def number(pattern: str) -> int:
        match = re.search(pattern, output)
        return int(match.group(1)) if match else 0

    return _Run(folder, number(r"Indexed (\d+) words?"), number(r"Indexed (\d+) filters?"))


def _keep_browser_files(folder: Path) -> None:
    """Drop from a fresh part what no browser loads, the WebAssembly of no language of its index included."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = None
    loaded_wasm = wasm_loaded(entry)
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif not any(fnmatch.fnmatchcase(relative, pattern) for pattern in PART_FILES) or (
            loaded_wasm is not None and fnmatch.fnmatchcase(relative, "wasm.*.pagefind") and relative not in loaded_wasm
        ):
            path.unlink()


def wasm_loaded(entry: object) -> set[str] | None:
    """The WebAssembly files pagefind.js may load, given its entry file (`pagefind-entry.json`,
    as JSON): the `wasm` of each language index, one of which it picks by the page's language
    (Pagefind 1.x: `lang_wasm = index.wasm ? index.wasm : "unknown"`). Pagefind also writes
    `wasm.unknown.pagefind`, its code for languages it cannot stem, whatever the index holds:
    published, the service worker cached it and "save the whole archive" fetched it, for no
    search. None when the entry is not as expected: then every file is kept."""
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict) or not languages:
        return None
    loaded = set()
    for index in languages.values():
        if not isinstance(index, dict):
            return None
        loaded.add(f"wasm.{index.get('wasm') or 'unknown'}.pagefind")
    return loaded


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


def _remove_temporary(bundle: Path) -> None:
    """Remove the folders a call writes before renaming them (left by a call that failed or was killed)."""
    for leftover in bundle.glob(f"{_TEMPORARY}*") if bundle.is_dir() else ():
        _remove(leftover)


def _swap_in(bundle: Path, folders: dict[str, Path]) -> None:
    """Rename each part's freshly written folder into place, the old one out and then away:
    never written in place, as the staging folder holds hard links of the previous output."""
    for part, folder in folders.items():
        old = bundle / f"{_TEMPORARY}old-{part}"
        if (bundle / part).exists():
            os.replace(bundle / part, old)
        os.replace(folder, bundle / part)
        _remove(old)


def briefing_pages(site_dir: Path) -> list[str]:
    """The output paths of every briefing page under `site_dir`, sorted."""
    articles = site_dir / "articles"
    found: list[str] = []
    if not articles.is_dir():
        return found
    for year in articles.iterdir():
        if not (_YEAR.fullmatch(year.name) and year.is_dir()):
            continue
        with os.scandir(year) as entries:  # no stat of each page: 10,000 would cost 0.1 s
            found.extend(
                f"articles/{year.name}/{entry.name}/index.html" for entry in entries
                if entry.is_dir() and os.path.exists(os.path.join(entry.path, "index.html"))
            )
    return sorted(found)


def filter_values(pages: Iterable[IndexedPage]) -> dict[str, list[list]]:
    """Each filter's values and how many pages have each: {name: [[shown, count], ...]},
    by name and value, with what Pagefind stored as a third item where it differs.
    Pagefind stores a value HTML-escaped once (render.search_filter_value): the page
    shows it unescaped and asks Pagefind with what it stored."""
    counts: dict[str, dict[str, int]] = {}
    for page in pages:
        for name, values in page.filters.items():
            of_name = counts.setdefault(name, {})
            for value in set(values):
                of_name[value] = of_name.get(value, 0) + 1
    return {
        name: [[html.unescape(value), count] + ([value] if html.unescape(value) != value else [])
               for value, count in sorted(values.items())]
        for name, values in sorted(counts.items())
    }


def filter_file(name: str) -> str:
    """The output path of filter `name`'s values (`pagefind/filters/region.json`)."""
    if not _FILTER_NAME.fullmatch(name):  # the templates name filters: a bad name is ours
        raise SearchIndexError(f"search filter name {name!r} is not a plain lower-case word")
    return f"{FILTER_VALUES}/{name}.json"


def read_filter_values(site_dir: Path) -> dict[str, list[list]]:
    """Every filter's values as the site holds them, {name: [[shown, count(, stored)], ...]}."""
    folder = site_dir / FILTER_VALUES
    if not folder.is_dir():
        return {}
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def _write_filter_values(site_dir: Path, filters: dict[str, list[list]]) -> None:
    folder = site_dir / FILTER_VALUES
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {Path(filter_file(name)).name: values for name, values in filters.items()}
    for path in sorted(folder.iterdir()):
        if path.name not in wanted:
            _remove(path)  # a filter no briefing uses any more
    for name, values in sorted(wanted.items()):
        _write_replacing(folder / name, _json_bytes(values))


def _json_bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def manifest_bytes(parts: Collection[str], hidden: Collection[str], filters: Iterable[str]) -> bytes:
    # (no "engine": Pagefind's, as before there were two; ours says "own")
    return _json_bytes({"parts": [part for part in PARTS if part in parts], "hidden": sorted(hidden),
                        "filters": sorted(filters)})


def saved_files(site_dir: Path, parts: Iterable[str], main_files: list[str] | None = None) -> list[str]:
    """The index's files a browser may load, relative to the site: the manifest and
    every part's chunks and fragments, main's code, none of the files named anew on
    each run (the search page fetches those, and the worker keeps them). `main_files`:
    main's, when known (`_main_files`)."""
    files = [MANIFEST] + [f"{FILTER_VALUES}/{path.name}" for path in sorted((site_dir / FILTER_VALUES).glob("*.json"))]
    for part in parts:
        files += main_files if part == MAIN and main_files is not None else _part_files(site_dir, part)
    return files


def _part_files(site_dir: Path, part: str) -> list[str]:
    folder = site_dir / BUNDLE_DIR / part
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        name = f"{BUNDLE_DIR}/{part}/{relative}"
        if not path.is_file() or varies_between_builds(name):
            continue
        if part != MAIN and any(fnmatch.fnmatchcase(relative, code) for code in _MERGED_CODE):
            continue
        files.append(name)
    return files


def _main_files(site_dir: Path, state_file: Path | None) -> list[str]:
    """Main's files (as `saved_files` lists them), from a file beside `state_file` when it
    was written for this very main: listing main's ten thousand fragments took a fifth of
    a second of every edit at 10,000 briefings, and main changes only when compacted."""
    digest = _entry_digest(site_dir / BUNDLE_DIR / MAIN)
    kept = state_file.with_name(state_file.stem + "-files.json") if state_file is not None else None
    if kept is not None and digest is not None:
        try:
            state = json.loads(kept.read_text(encoding="utf-8"))
            if state.get("main") == digest and isinstance(state.get("files"), list):
                return state["files"]
        except (OSError, ValueError, AttributeError):
            pass
    files = _part_files(site_dir, MAIN)
    if kept is not None and digest is not None:
        try:
            temporary = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"main": digest, "files": files}), encoding="utf-8")
            os.replace(temporary, kept)
        except OSError:
            pass  # a cache: the next build lists main's files again
    return files


def read_manifest(site_dir: Path) -> dict:
    try:
        return json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# The engines the setting `search_engine` chooses between (config.SEARCH_ENGINES).
# "auto": Pagefind below OWN_FROM briefings, ours from there. Measured with
# bench/search_requests.py (Chromium, fresh profile, a clean build): Pagefind's first
# search fetched 372 KB at 10,000 briefings and 2,446 KB at 100,000 (23 bytes a
# briefing more: its metadata file lists every briefing, a word's chunk every briefing
# holding it), so it passes issue 17's 400 KB near 11,200; its search filtered by a
# region fetched 394 KB and 2,720 KB (26 bytes a briefing), passing 400 KB near 10,200,
# the lower of the two and so the threshold. Ours fetched 22 KB at 10,000 and 40 KB at
# 100,000. Below the threshold the site keeps the Pagefind index it has always had.
OWN_FROM = 10_200


def engine_for(setting: str, briefings: int) -> str:
    """The engine that indexes a site of `briefings` under the setting `search_engine`."""
    if setting == "auto":
        return "own" if briefings >= OWN_FROM else "pagefind"
    return setting


def index_site(
    site_dir: Path, changed: Collection[str] | None = None, *, recent_limit: int = RECENT_PAGES,
    state_file: Path | None = None, engine: str = "auto",
) -> SearchIndex:
    """Write the search index of `site_dir` to `site_dir/pagefind/`; raise SearchIndexError on failure.

    With `changed` None, the index is compacted: main is indexed over every
    briefing and recent goes. With the output paths of the briefing pages that
    changed, appeared or went since the last call, only recent is indexed again,
    over the briefings it held and the changed ones still present, unless that
    makes more than `recent_limit`, main is missing, or main was written by
    another Pagefind version: then the index is compacted. `state_file` keeps
    which main copy is which page between calls (a cache; None: read main's
    fragments each time).
    """
    bundle = site_dir / BUNDLE_DIR
    present = briefing_pages(site_dir)
    if engine_for(engine, len(present)) == "own":
        return _index_own(site_dir, present, changed, recent_limit, state_file)
    executable = pagefind_executable()
    main = bundle / MAIN
    recent_pages: dict[str, IndexedPage] = {}
    compact = changed is None or not present
    if not compact:
        entry = _entry(main)
        compact = entry is None or entry.get("version") != _pagefind_version(executable)
    if not compact:
        assert changed is not None
        held = set(read_pages(bundle / RECENT)) if (bundle / RECENT).is_dir() else set()
        wanted = held | {page_url(path) for path in changed if is_briefing_page(path)}
        on_disk = {page_url(path) for path in present}
        recent_urls = sorted(wanted & on_disk)
        compact = len(recent_urls) > recent_limit

    _remove_temporary(bundle)  # from a call that was killed
    bundle.mkdir(parents=True, exist_ok=True)
    try:
        if compact:
            run = _run_pagefind(executable, site_dir, bundle / f"{_TEMPORARY}{MAIN}") if present else None
            main_pages = read_pages(run.folder) if run else {}
            runs = {MAIN: run} if run else {}
            hidden: list[str] = []
            superseded: set[str] = set()
            recent_urls = []
        else:
            main_pages = _main_pages(main, state_file)
            runs = {}
            if recent_urls:
                # a site of hard links to just those pages: Pagefind records the same addresses
                scratch = bundle / f"{_TEMPORARY}site"
                for url in recent_urls:
                    page = url.lstrip("/") + "index.html"
                    (scratch / page).parent.mkdir(parents=True, exist_ok=True)
                    os.link(site_dir / page, scratch / page)
                runs[RECENT] = _run_pagefind(executable, scratch, bundle / f"{_TEMPORARY}{RECENT}")
                _remove(scratch)
                recent_pages = read_pages(runs[RECENT].folder)
            on_disk = {page_url(path) for path in present}
            # main's copies of pages changed since it was written, or gone. A page whose
            # indexed text did not change (its related list did, say) has the same id in
            # both parts: search.js keeps one of the two, so that id is not hidden.
            recent_ids = {page.id for page in recent_pages.values()}
            superseded = {url for url in main_pages if url in recent_pages or url not in on_disk}
            hidden = [main_pages[url].id for url in superseded if main_pages[url].id not in recent_ids]
    except BaseException:
        _remove_temporary(bundle)
        raise

    _swap_in(bundle, {part: run.folder for part, run in runs.items()})  # every part is ready; then the manifest
    if compact and MAIN in runs:
        _save_state(state_file, _entry_digest(main), main_pages)
    parts = [MAIN] if main_pages else []
    if recent_pages:
        parts.append(RECENT)
    # anything else is not of this layout: the parts by year or Pagefind UI of earlier builds, say
    kept = set(parts) | {Path(MANIFEST).name, Path(FILE_LIST).name, Path(FILTER_VALUES).name}
    for leftover in sorted(bundle.iterdir()):
        if leftover.name not in kept:
            _remove(leftover)
    current = [page for url, page in main_pages.items() if url not in superseded] + list(recent_pages.values())
    filters = filter_values(current)
    _write_replacing(site_dir / MANIFEST, manifest_bytes(parts, hidden, filters))
    _write_filter_values(site_dir, filters)
    main_files = _main_files(site_dir, state_file) if MAIN in parts else None
    _write_replacing(site_dir / FILE_LIST, (json.dumps(saved_files(site_dir, parts, main_files), indent=0) + "\n").encode("utf-8"))

    return SearchIndex(
        pages=len(current),
        words=sum(run.words for run in runs.values()),
        filters=len(filters),
        parts=tuple(part for part in PARTS if part in runs),
    )


# --- our own index (generator/wordindex.py), for archives Pagefind does not scale to ---
#
# The same parts as Pagefind's: main (every briefing, written by a compaction) and
# recent (the briefings added or changed since, written anew by each build that changes
# one), main's stale copies hidden by their document numbers. A part's files are in a
# folder named by their digest (pagefind/main/DIGEST/), which parts.json names
# ("bases"): a cached copy of a file (the browser's, the service worker's) can never be
# read with another build's files. What each part holds (address -> number, filters) is
# kept in cache files beside `state_file`; without them the build compacts, which is
# correct and costs a full indexing (about four minutes of CPU at 100,000 briefings).


def _own_state_files(state_file: Path | None) -> tuple[Path | None, Path | None]:
    """Where what main holds is kept (written by a compaction only: 54 MB of JSON at
    100,000 briefings), and what recent holds (written by every build that indexes it)."""
    if state_file is None:
        return None, None
    return state_file.with_name(state_file.stem + "-own.json"), state_file.with_name(state_file.stem + "-own-recent.json")


def _read_own_state(state_file: Path | None) -> dict:
    if state_file is None:
        return {}
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _save_own_state(state_file: Path | None, data: dict) -> None:
    if state_file is None:
        return
    try:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = state_file.with_name(f".{state_file.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, state_file)
    except OSError:
        pass  # a cache: the next build compacts


class _OrderKeys:
    """Main's documents' order keys (PageText.order_key), made only for the few a
    bisection looks at (making all 100,000 took half a second of every edit)."""

    def __init__(self, keys: list) -> None:
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, at: int) -> tuple:
        date, title, url = self.keys[at]
        return wordindex.PageText(url, title, date, "").order_key()


def _read_texts(site_dir: Path, urls: Iterable[str]) -> Iterable[wordindex.PageText]:
    for url in urls:
        path = site_dir / (url.lstrip("/") + "index.html")
        try:
            page = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SearchIndexError(f"cannot read {path} for the search index: {exc}") from exc
        text = wordindex.read_page(url, page)
        if text is not None:
            yield text


@dataclass(frozen=True)
class _OwnPart:
    folder: Path  # the temporary folder the part was written to
    base: str  # its digest: the folder's name under the part
    pages: dict[str, IndexedPage]  # by address; the id is the document number
    files: list[str]  # relative to the part's folder, base included
    keys: list  # [date, title, address] of each document, by number


def _write_own_part(site_dir: Path, urls: list[str], folder: Path, main_keys: list | None = None) -> _OwnPart:
    """Index the briefing pages at `urls` into `folder`/DIGEST/ (`main_keys`: for a
    recent part, main's documents' [date, title, address], by number)."""
    main_order = None if main_keys is None else _OrderKeys(main_keys)
    texts: dict[str, wordindex.PageText] = {}

    def remembered(pages: Iterable[wordindex.PageText]) -> Iterable[wordindex.PageText]:
        for page in pages:
            # only what the state needs: filters (small), and the order the numbers follow
            texts[page.url] = wordindex.PageText(page.url, page.title, page.date, "", page.filters)
            yield page

    staging = folder / "files"
    digest = hashlib.blake2b(digest_size=8)
    written: list[str] = []
    made: set[Path] = set()
    for relative, data in wordindex.index_files(remembered(_read_texts(site_dir, urls)), main_order):
        target = staging / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
        digest.update(relative.encode("utf-8") + b"\0" + hashlib.blake2b(data, digest_size=16).digest())
        written.append(relative)
    base = digest.hexdigest()
    os.replace(staging, folder / base)
    numbered = wordindex.ordered(texts.values())
    pages = {page.url: IndexedPage(str(number), page.filters) for number, page in enumerate(numbered)}
    keys = [[page.date, page.title, page.url] for page in numbered]
    return _OwnPart(folder, base, pages, [f"{base}/{relative}" for relative in written], keys)


def _index_own(
    site_dir: Path, present: list[str], changed: Collection[str] | None, recent_limit: int, state_file: Path | None,
) -> SearchIndex:
    bundle = site_dir / BUNDLE_DIR
    main_state_file, recent_state_file = _own_state_files(state_file)
    manifest = read_manifest(site_dir)
    on_disk = [page_url(path) for path in present]
    bases = manifest.get("bases") if isinstance(manifest.get("bases"), dict) else {}
    compact = changed is None or not present or manifest.get("engine") != "own" or not bases.get(MAIN)
    state = recent_state = {}
    if not compact:
        state = _read_own_state(main_state_file)
        recent_state = _read_own_state(recent_state_file) if bases.get(RECENT) else {}
        compact = (
            state.get("version") != wordindex.VERSION or state.get("base") != bases[MAIN]
            or not (bundle / MAIN / bases[MAIN]).is_dir()
            or bool(bases.get(RECENT)) and recent_state.get("bases") != {MAIN: bases[MAIN], RECENT: bases[RECENT]}
        )
    recent_urls: list[str] = []
    if not compact:
        assert changed is not None
        held = set(recent_state.get("pages", {}))
        wanted = held | {page_url(path) for path in changed if is_briefing_page(path)}
        recent_urls = sorted(wanted & set(on_disk))
        compact = len(recent_urls) > recent_limit

    _remove_temporary(bundle)  # from a call that was killed
    bundle.mkdir(parents=True, exist_ok=True)
    written: dict[str, _OwnPart] = {}
    try:
        if compact:
            if present:
                written[MAIN] = _write_own_part(site_dir, on_disk, bundle / f"{_TEMPORARY}{MAIN}")
            parts_pages = {MAIN: written[MAIN].pages} if present else {}
            kept_bases = {MAIN: written[MAIN].base} if present else {}
            files = {MAIN: written[MAIN].files} if present else {}
        else:
            parts_pages = {MAIN: {url: IndexedPage(id, filters) for url, (id, filters) in state["pages"].items()}}
            kept_bases = {MAIN: bases[MAIN]}
            files = {MAIN: state["files"]}
            if recent_urls:
                written[RECENT] = _write_own_part(
                    site_dir, recent_urls, bundle / f"{_TEMPORARY}{RECENT}", state["keys"],
                )
                parts_pages[RECENT] = written[RECENT].pages
                kept_bases[RECENT] = written[RECENT].base
                files[RECENT] = written[RECENT].files
    except BaseException:
        _remove_temporary(bundle)
        raise

    _swap_in(bundle, {part: run.folder for part, run in written.items()})  # every part is ready; then the manifest
    parts = [part for part in PARTS if part in kept_bases]
    keep = set(parts) | {Path(MANIFEST).name, Path(FILE_LIST).name, Path(FILTER_VALUES).name}
    for leftover in sorted(bundle.iterdir()):
        if leftover.name not in keep:
            _remove(leftover)  # Pagefind's parts, a recent part no longer needed
    main_pages = parts_pages.get(MAIN, {})
    recent_pages = parts_pages.get(RECENT, {})
    present_urls = set(on_disk)
    superseded = {url for url in main_pages if url in recent_pages or url not in present_urls}
    hidden = sorted(int(main_pages[url].id) for url in superseded)
    current = [page for url, page in main_pages.items() if url not in superseded] + list(recent_pages.values())
    filters = filter_values(current)
    _write_replacing(site_dir / MANIFEST, _json_bytes({
        "engine": "own", "parts": parts, "bases": kept_bases, "hidden": hidden, "filters": sorted(filters),
    }))
    _write_filter_values(site_dir, filters)
    listed = [MANIFEST] + [f"{FILTER_VALUES}/{path.name}" for path in sorted((site_dir / FILTER_VALUES).glob("*.json"))]
    for part in parts:
        listed += [f"{BUNDLE_DIR}/{part}/{relative}" for relative in files[part]]
    _write_replacing(site_dir / FILE_LIST, (json.dumps(listed, indent=0) + "\n").encode("utf-8"))
    if MAIN in written:
        _save_own_state(main_state_file, {
            "version": wordindex.VERSION, "base": written[MAIN].base, "files": written[MAIN].files,
            "pages": {url: [page.id, page.filters] for url, page in sorted(main_pages.items())},
            "keys": written[MAIN].keys,
        })
    if RECENT in written:
        _save_own_state(recent_state_file, {
            "bases": {MAIN: kept_bases[MAIN], RECENT: kept_bases[RECENT]},
            "pages": {url: [page.id, page.filters] for url, page in sorted(recent_pages.items())},
        })
    return SearchIndex(
        pages=len(current), words=0, filters=len(filters), parts=tuple(part for part in PARTS if part in written),
    )
