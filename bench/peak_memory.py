"""Peak memory and CPU time of one clean build, the build and its workers summed.

    python bench/peak_memory.py /tmp/corpus-10000 [--search] [--jobs 2] [--code DIR]

Writes nothing but the build's own output (to a temporary folder, removed after).
Every 50 ms it reads, for the build process and every descendant but Pagefind (the
issue's figure excludes the indexer), the resident set (VmRSS: pages a forked worker
shares with the build counted in each) and the proportional set (Pss from
smaps_rollup: shared pages divided among the processes sharing them, so summed they
count once), and prints the peaks of the two sums, the CPU time of the build and
every process it waited for, and the wall time (on a shared machine, only the CPU
time and the memory compare between runs). `--code DIR` builds with the generator
found in DIR (a checkout of another commit, to compare before and after).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proctree import peak_while_running  # noqa: E402


def measure(corpus: Path, search: bool, jobs: int, code: Path | None) -> dict[str, float]:
    """One clean build of `corpus`: peak RSS and PSS summed (MiB), CPU and wall time (s)."""
    with tempfile.TemporaryDirectory(prefix="peak-memory-") as temporary:
        command = [sys.executable, "-m", "generator", "build", "--clean", "-C", str(corpus),
                   "--out", str(Path(temporary) / "out"), "-j", str(jobs)] + ([] if search else ["--no-search"])
        environment = dict(os.environ, **({"PYTHONPATH": str(code)} if code else {}))
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        # run from the code's folder: `python -m` puts the working folder first on the path;
        # its messages to a file, not a pipe, which a build's warnings could fill and block
        errors = open(Path(temporary) / "stderr", "w+b")
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, env=environment, cwd=code or temporary,
        )
        peak_rss, peak_pss = peak_while_running(process, 0.05)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        errors.seek(0)
        error = errors.read().decode("utf-8", "replace")[-20000:]
        errors.close()
        shutil.rmtree(corpus / ".cache", ignore_errors=True)  # the cache of a temporary output folder
        if process.returncode != 0:
            sys.exit(f"the clean build failed:\n{error}")
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return {"rss_mib": peak_rss / 1024, "pss_mib": peak_pss / 1024, "cpu_s": cpu, "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a project folder (bench/make_corpus.py writes one)")
    parser.add_argument("--search", action="store_true", help="build the search index too (Pagefind is not counted)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (-j), 2 by default as on the project's machine")
    parser.add_argument("--code", type=Path, help="folder holding the `generator` package to run (default: installed)")
    args = parser.parse_args()
    figures = measure(args.corpus.resolve(), args.search, args.jobs, args.code)
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{args.corpus.name}: peak RSS summed {figures['rss_mib']:.0f} MiB, PSS summed {figures['pss_mib']:.0f} MiB, "
          f"CPU {figures['cpu_s']:.1f} s, wall {figures['wall_s']:.1f} s (load average {load})", flush=True)


if __name__ == "__main__":
    main()
