"""The records of the output folder's files, which the next build trusts: what it
keeps, what it links from, which pages it indexes again for search."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

from generator import serviceworker
from generator.incremental.cache import OutputRecord
from generator.incremental.inputs import files_on_disk
from generator.incremental.plan import Plan
from generator.models import Page
from generator.search import BUNDLE_DIR, is_briefing_page

NO_RECORD = OutputRecord(digest="", size=-1, mtime_ns=-1)


def output_record(staging: Path, path: str, digest: str, fingerprint: str = "") -> OutputRecord:
    info = (staging / path).stat()
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


def stale_pages(plan: Plan, previous: dict[str, OutputRecord]) -> list[Page]:
    """The planned pages whose fingerprint is not that of the file the last build wrote."""
    return [
        page for page in plan.planned
        if previous.get(page.path, NO_RECORD).fingerprint != plan.fingerprints[page.path]
    ]


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
    stale: Sequence[Page], previous: dict[str, OutputRecord], written: dict[str, str], gone: Sequence[str],
) -> list[str]:
    """The briefing pages the search index must index again: those re-rendered to other
    bytes (a page rendered to the same bytes indexes the same), and those gone."""
    changed = [
        page.path for page in stale
        if page.searchable and previous.get(page.path, NO_RECORD).digest != written[page.path]
    ]
    return changed + [path for path in gone if is_briefing_page(path)]
