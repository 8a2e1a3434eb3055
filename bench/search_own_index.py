"""What writing our own search index (generator/wordindex.py) costs on a built site.

    .venv/bin/python bench/search_own_index.py SITE [--edit N]

SITE is the output of `briefings build` that may be written to: its `pagefind/` folder
is replaced (for a kept site, make a copy of hard links, `cp -al`, and remove the
copy's `pagefind/` folder first: the index is written through new files and renames
only, never through a link). Prints the CPU and wall time and the peak memory (RSS) of
a compaction (every briefing into main), then of an incremental call re-indexing N
briefings into the recent part, as an edit does (the pages are named changed, not
changed), and the size of what was written.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from generator.search import briefing_pages, index_site


def timed(call) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    call()
    return time.process_time() - cpu, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--edit", type=int, default=1, help="briefings an incremental call re-indexes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        state = Path(cache) / "search-main.json"
        cpu, wall = timed(lambda: index_site(args.site, state_file=state, engine="own"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pages = briefing_pages(args.site)
        print(f"{len(pages)} briefings: compaction {cpu:.1f} s CPU, {wall:.1f} s wall, peak RSS {peak:.0f} MiB")
        changed = pages[: args.edit]
        cpu, wall = timed(lambda: index_site(args.site, changed, state_file=state, engine="own"))
        print(f"incremental, {len(changed)} re-indexed: {cpu:.2f} s CPU, {wall:.2f} s wall")
    bundle = args.site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    print(f"index: {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
