"""What a reader's browser fetches for a search on the web edition (issue 17, point 1).

    .venv/bin/python bench/search_requests.py SITE [--word ceasefire] [--region NAME] [--repeat 3]

SITE is the output of `briefings build` (e.g. of `bench/make_corpus.py 10000`).
The site is served on 127.0.0.1, and Chromium (/usr/bin/chromium, a fresh
profile each run, so nothing is cached) opens the search page at the address of
a first search (?q=WORD), a filtered search (?q=WORD&region=NAME), a search
sorted newest first (?q=WORD&sort=newest), and filters alone (?region=NAME).
Once the first results are shown it counts the requests and the bytes served
under pagefind/ (the index, as served: Pagefind's chunks are already
compressed) and the time to the first results, and prints the medians. A host
that compresses text (GitHub Pages gzips JavaScript and JSON) sends less: the
"KB gzip" column counts Pagefind's code and our JSON files gzipped.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus, unquote, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
_REGION = re.compile(r'data-pagefind-filter="region\[data-filter-value\]" data-filter-value="([^"]+)"')


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line a request would drown the figures
        pass


def a_region(site: Path) -> str:
    """The region of the first briefing (in path order): a filter every archive has."""
    for page in sorted((site / "articles").glob("*/*/index.html")):
        found = _REGION.search(page.read_text(encoding="utf-8"))
        if found:
            return found.group(1).replace("&amp;", "&")
    raise SystemExit(f"{site}: no briefing carries a region filter")


RESULTS_WITHIN = 120  # seconds a search may take to show its first results

# Pagefind's index files, and ours (generator/wordindex.py: .bin), already gzipped: a
# host sends them as they are
_COMPRESSED = (".pf_index", ".pf_filter", ".pf_fragment", ".pf_meta", ".pagefind", ".bin")


def gzipped_size(file: Path) -> int:
    """What a host that compresses text sends for `file`."""
    if file.name.endswith(_COMPRESSED):
        return file.stat().st_size
    return len(gzip.compress(file.read_bytes(), compresslevel=6, mtime=0))


def measure(browser, base: str, site: Path, address: str) -> tuple[int, int, float, int]:
    """(requests under pagefind/, their bytes, seconds to the first results, their bytes
    gzipped) for one address; infinite seconds when no results showed within RESULTS_WITHIN
    (the requests and bytes are then what was fetched until then)."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(urlsplit(request.url).path))
    started = time.perf_counter()
    page.goto(base + "search/" + address)
    try:
        page.wait_for_selector("#search[data-ready]", timeout=RESULTS_WITHIN * 1000)
    except PlaywrightTimeout:
        # a search that shows nothing is a figure too (Pagefind 1.5's scoring scans every
        # matching word for each result: quadratic in the briefings that hold the word),
        # and the run's other figures are not lost to it: what was fetched until now counts
        print(f"  ({address}: no results shown within {RESULTS_WITHIN} s)", file=sys.stderr, flush=True)
        elapsed = float("inf")
    else:
        elapsed = time.perf_counter() - started
        try:  # what is still being read once the results are shown counts too
            page.wait_for_load_state("networkidle", timeout=RESULTS_WITHIN * 1000)
        except PlaywrightTimeout:
            print(f"  ({address}: the network was still busy {RESULTS_WITHIN} s after the results)", file=sys.stderr)
    context.close()
    index = [path for path in fetched if path.startswith("/pagefind/")]
    files = [site / unquote(path).lstrip("/") for path in index]
    return len(index), sum(file.stat().st_size for file in files), elapsed, sum(map(gzipped_size, files))


def addresses_of(site: Path, word: str = "ceasefire", region: str | None = None) -> dict[str, str]:
    """The searches measured, by name: their addresses on the search page."""
    region = quote_plus(region or a_region(site))
    word = quote_plus(word)
    return {
        "first search": f"?q={word}",
        "filtered search": f"?q={word}&region={region}",
        "sorted newest first": f"?q={word}&sort=newest",
        "filters alone": f"?region={region}",
    }


def measure_site(site: Path, addresses: dict[str, str], repeat: int = 3) -> dict[str, tuple[float, float, float, float]]:
    """{name: (requests, bytes, seconds to the first results, bytes gzipped)}, medians of
    `repeat` runs, for each address of the search page of the built `site`."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    medians: dict[str, tuple[float, float, float, float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for name, address in addresses.items():
                runs = [measure(browser, base, site, address) for _ in range(repeat)]
                medians[name] = tuple(statistics.median(run[i] for run in runs) for i in range(4))
            browser.close()
    finally:
        server.shutdown()
    return medians


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--word", default="ceasefire")
    parser.add_argument("--region", help="a region's name (default: the first briefing's)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    briefings = len(list((args.site / "articles").glob("*/*/index.html")))
    print(f"{briefings} briefings, word {args.word!r}, medians of {args.repeat} runs; index files under pagefind/")
    print(f"{'search':<22}{'requests':>9}{'KB':>9}{'KB gzip':>9}{'first results s':>17}")
    figures = measure_site(args.site, addresses_of(args.site, args.word, args.region), args.repeat)
    for name, (requests, size, seconds, packed) in figures.items():
        print(f"{name:<22}{requests:>9.0f}{size / 1024:>9.0f}{packed / 1024:>9.0f}{seconds:>17.2f}")


if __name__ == "__main__":
    main()
