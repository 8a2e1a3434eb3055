"""Time of the search index's two parts, on an already built site (issues 7, 17).

    .venv/bin/python bench/search_parts.py SITE [--repeat 3] [--edits 1]

SITE is the output of `briefings build` (e.g. of `bench/make_corpus.py 10000`).
Times, on a copy of SITE: a compaction (Pagefind over every briefing into the main
index, and reading main's fragments for the map of its pages), then an edit of
EDITS briefings indexed into the recent part, with main's page map kept in a state
file as a build keeps it (the first edit after a compaction reads that file; later
edits re-index a recent part that holds every briefing changed since).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.search import briefing_pages, index_site  # noqa: E402


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", type=int, default=1, help="briefings edited before each re-index")
    args = parser.parse_args()
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("pagefind"))
        state = Path(scratch) / "search-main.json"
        pages = briefing_pages(site)
        step = max(1, len(pages) // (args.edits * args.repeat * 2 + 1))
        edited = iter(pages[::step])

        def edit() -> list[str]:
            changed = [next(edited) for _ in range(args.edits)]
            for path in changed:
                page = site / path
                text = page.read_text(encoding="utf-8")
                page.unlink()  # as a build does: a new file, never a write through a link
                page.write_text(text.replace("</h1>", " edited</h1>", 1), encoding="utf-8")
            return changed

        for _ in range(args.repeat):
            figures.setdefault("compaction (main over every briefing)", []).append(
                timed(lambda: index_site(site, state_file=state)))
            for label in ("first edit after it", "second edit"):
                changed = edit()
                figures.setdefault(f"{label} ({args.edits} briefing(s) into recent)", []).append(
                    timed(lambda: index_site(site, changed, state_file=state)))
    print(f"{len(pages)} briefings; median of {args.repeat}")
    for name, times in figures.items():
        print(f"{name:<48} {statistics.median(times):6.2f} s   (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
