"""Time of the search index in parts, on an already built site (issue 7).

    .venv/bin/python bench/search_parts.py SITE [--repeat 3]

SITE is the output of `briefings build` (e.g. of `bench/make_corpus.py 10000`).
Times, on copies of SITE: Pagefind over the whole site in one run (the index as
it was before parts), every part one at a time, every part with one worker per
processor, and one part (the largest year) re-indexed alone after an edit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.search import index_site, pagefind_executable  # noqa: E402


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    years = sorted(p.name for p in (args.site / "articles").iterdir() if p.is_dir())
    largest = max(years, key=lambda y: len(list((args.site / "articles" / y).glob("*/index.html"))))
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("pagefind"))

        def whole() -> None:
            shutil.rmtree(Path(scratch) / "single", ignore_errors=True)
            subprocess.run([str(pagefind_executable()), "--site", str(site), "--output-path",
                            str(Path(scratch) / "single"), "--quiet"], check=True)

        def all_parts(workers: int) -> None:
            shutil.rmtree(site / "pagefind", ignore_errors=True)
            index_site(site, workers=workers)

        page = sorted((site / "articles" / largest).glob("*/index.html"))[0]

        def one_part() -> None:
            text = page.read_text(encoding="utf-8")
            page.unlink()
            page.write_text(text.replace("</h1>", " edited</h1>", 1), encoding="utf-8")
            index_site(site, {largest})

        for _ in range(args.repeat):
            figures.setdefault("whole site, one Pagefind run (before)", []).append(timed(whole))
            figures.setdefault("every part, one at a time", []).append(timed(lambda: all_parts(1)))
            cores = os.cpu_count() or 1
            figures.setdefault(f"every part, {cores} at a time", []).append(timed(lambda: all_parts(cores)))
            figures.setdefault(f"one part ({largest}) after an edit", []).append(timed(one_part))
    print(f"{len(years)} parts: {', '.join(years)}; median of {args.repeat}")
    for name, times in figures.items():
        print(f"{name:<40} {statistics.median(times):6.2f} s   (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
