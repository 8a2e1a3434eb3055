"""The records of the output folder's files, which the next build trusts: what it
keeps, what it links from, which pages it indexes again for search."""

from __future__ import annotations

import hashlib
import itertools
import os
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Sequence

from generator import serviceworker
from generator.incremental.cache import OutputRecord
from generator.incremental.inputs import files_on_disk
from generator.incremental.plan import Plan
from generator.models import Page
from generator.search import BUNDLE_DIR, is_briefing_page
from generator.searchdigest import search_digest

NO_RECORD = OutputRecord(digest="", size=-1, mtime_ns=-1)


def output_record(staging: Path, path: str, digest: str, fingerprint: str = "") -> OutputRecord:
    info = os.stat(f"{os.fspath(staging)}/{path}")  # not a path object for each of the site's files
    return OutputRecord(digest=digest, size=info.st_size, mtime_ns=info.st_mtime_ns, fingerprint=fingerprint)


def search_records(staging: Path, previous: dict[str, OutputRecord]) -> dict[str, OutputRecord]:
    """Records of the search bundle's files; unchanged files (same link) keep their digest."""
    bundle = staging / BUNDLE_DIR
    records: dict[str, OutputRecord] = {}
    if not bundle.is_dir():
        return records
    for relative, (size, mtime_ns, *_) in files_on_disk(bundle).items():
        path = f"{BUNDLE_DIR}/{relative}"
        known = previous.get(path)
        if known is not None and (known.size, known.mtime_ns) == (size, mtime_ns):
            records[path] = known
        else:
            digest = hashlib.sha256((staging / path).read_bytes()).hexdigest()
            records[path] = OutputRecord(digest, size, mtime_ns)
    return records


# Pages planned, fingerprinted and rendered a batch at a time: a batch's contexts are let
# go once it is written, so a build never holds every page planned. Big enough that a
# batch's render workers (forked for each) are cheap to start.
BATCH = 2000


class StaleEntry(NamedTuple):
    """A page rendered by this build, as what comes after rendering reads it."""

    path: str
    searchable: bool


class StalePages:
    """The planned pages whose fingerprint is not that of the file the last build wrote,
    in batches as they are planned (`batches`); after, the pages rendered (`rendered`)."""

    def __init__(self, plan: Plan, previous: dict[str, OutputRecord]):
        self.plan = plan
        self.previous = previous
        self.total = len(plan.page_paths) if plan.site is not None else len(plan.fingerprints)  # pages planned
        self.rendered: list[StaleEntry] = []

    def batches(self, advance: Callable[[int], None] = lambda done: None) -> Iterator[list[Page]]:
        """The stale pages, a batch at a time; `advance` is told of the pages kept as they were."""
        for batch in _batched(iter(self.plan.planned), BATCH):
            self.plan.on_batch(batch)
            stale = [
                page for page in batch
                if self.previous.get(page.path, NO_RECORD).fingerprint != self.plan.fingerprints[page.path]
            ]
            self.rendered += [StaleEntry(page.path, page.searchable) for page in stale]
            advance(len(batch) - len(stale))
            yield stale

    def __len__(self) -> int:
        return len(self.rendered)


def _batched(pages: Iterator[Page], size: int) -> Iterator[list[Page]]:
    while batch := list(itertools.islice(pages, size)):
        yield batch


def stale_pages(plan: Plan, previous: dict[str, OutputRecord]) -> StalePages:
    """The planned pages whose fingerprint is not that of the file the last build wrote (in batches)."""
    return StalePages(plan, previous)


def output_records(
    staging: Path, plan: Plan, previous: dict[str, OutputRecord], written: dict[str, str]
) -> dict[str, OutputRecord]:
    """The records of every file in `staging` but the offline edition's and the service
    worker's (written after: the worker's version is a digest of these)."""
    if plan.site is not None:  # the pages kept as they were; every other file was written
        records = {path: previous[path] for path in plan.page_paths if path not in written}
    else:  # every file kept but those written, the search index's (listed again below), the worker's
        records = {
            path: record for path, record in previous.items()
            if path not in written and not path.startswith(f"{BUNDLE_DIR}/")
            and path not in (serviceworker.WORKER, serviceworker.SAVE_LIST)
        }
    records.update(
        {path: output_record(staging, path, digest, plan.fingerprints.get(path, "")) for path, digest in written.items()}
    )
    records.update(search_records(staging, previous))
    return records


def pages_to_index(
    stale: Sequence[StaleEntry | Page], previous: dict[str, OutputRecord], written: dict[str, str], gone: Sequence[str],
    staging: Path | None = None, last_site: Path | None = None,
) -> list[str]:
    """The briefing pages the search index must index again: those re-rendered to other
    bytes (a page rendered to the same bytes indexes the same), and those gone. Given the
    new site (`staging`) and the last (`last_site`), not those whose new bytes differ only
    where the indexer does not read (generator/searchdigest.py): an addition changes the
    related lists of tens of briefings, and not one word of what search holds of them."""
    changed = []
    for page in stale:
        last = previous.get(page.path, NO_RECORD)
        if not page.searchable or last.digest == written[page.path]:
            continue
        if last is not NO_RECORD and staging is not None and last_site is not None \
                and _indexed_alike(staging, last_site, page.path, last):
            continue
        changed.append(page.path)
    return changed + [path for path in gone if is_briefing_page(path)]


def _indexed_alike(staging: Path, last_site: Path, path: str, last: OutputRecord) -> bool:
    """True when the page at `path` in `staging` gives the index what the last build's
    gave it: read from the last site only if it is still the file the last build wrote."""
    try:
        before = last_site / path
        info = before.stat()
        if (info.st_size, info.st_mtime_ns) != (last.size, last.mtime_ns):
            return False  # not the page the index was made from (or changed since): index it
        return search_digest(before.read_bytes()) == search_digest((staging / path).read_bytes())
    except OSError:
        return False
