"""Speed of `briefings ingest` (issue 14, acceptance 4), run as a user runs it.

Every measurement is the command line itself, a new process from start to finish, in a dry
run with JSON output (nothing is written, everything is extracted):

- batch: 100 saved pages (`clean/*.html`) and 100 copied texts (`fields/copied/*.txt`) of
  the development corpus in one call -> inputs per second (target >= 10 on 2 cores);
- one input: the largest of those saved pages, and the largest of those copied texts, each
  alone -> wall seconds (target < 1.5 s).

The runs are interleaved (batch, page, text, batch, page, text, ...) so that a change in the
machine's load falls on all of them alike; the figures are medians. CPU seconds (user + system
of the command and its workers) are printed beside the wall time: a machine shared with other
work stretches wall time, not CPU time. The batch's output is compared between rounds: the
same bytes every time, whatever the number of processes.

Whatever the project's ingest is when it runs (places, actors, titles), that is what is timed.

Python compiles a module's source each time it is imported when no bytecode of it is cached:
an installed package has its bytecode (pip compiles it), and a checkout gets it on its first
run, unless PYTHONDONTWRITEBYTECODE is set, as on the project's shared machine. Then every
run compiles the project's own modules again, about 0.1 s of one input's figure. The report
says which case was timed; `--bytecode` times the installed case without writing into the
checkout (the bytecode goes to a temporary PYTHONPYCACHEPREFIX, made by one untimed run).

    .venv/bin/python bench/ingest_speed.py [--corpus PATH] [--rounds 3] [--jobs N] [--bytecode]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus"
BATCH_PAGES = 100
BATCH_TEXTS = 100
TARGET_RATE = 10.0  # inputs per second
TARGET_ONE = 1.5  # seconds, one input end to end


def briefings() -> list[str]:
    """The installed command beside this Python, or the module run by it."""
    script = Path(sys.executable).with_name("briefings")
    return [str(script)] if script.is_file() else [sys.executable, "-c", "from generator.cli import main; main()"]


def run(arguments: list[str], jobs: int | None, env: dict[str, str] | None = None) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds and standard output of one `briefings ingest` run."""
    command = [*briefings(), "ingest", *arguments, "--dry-run", "--json", "--reference-date", "2026-11-24"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # exit 1 also says that a real run would skip an input (a near-duplicate, say): the run
    # itself went through when every input has its record
    records = done.stdout.count(b"\n")
    if done.returncode not in (0, 1) or records != sum(1 for a in arguments if not a.startswith("-")):
        raise SystemExit(f"briefings ingest failed ({done.returncode}):\n{done.stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for the batch (default: the command's own)")
    parser.add_argument(
        "--bytecode", action="store_true",
        help="time with the bytecode of every module cached, as an installed package runs (see above)",
    )
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    pages = sorted((corpus / "clean").glob("*.html"))[:BATCH_PAGES]
    texts = sorted((corpus / "fields" / "copied").glob("*.txt"))[:BATCH_TEXTS]
    if len(pages) < BATCH_PAGES or len(texts) < BATCH_TEXTS:
        print(f"skipped: the development corpus is not at {corpus} (expected shared/corpus beside the repository)")
        return 0
    batch = [str(p) for p in pages + texts]
    one_page = str(max(pages, key=lambda p: p.stat().st_size))
    one_text = str(max(texts, key=lambda p: p.stat().st_size))

    env, bytecode = None, "not cached (PYTHONDONTWRITEBYTECODE): each run compiles the project's modules"
    if args.bytecode:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="ingest-speed-bytecode-")
        run([one_page, one_text], None, env)  # untimed: writes the bytecode
        bytecode = "cached (--bytecode: in a temporary PYTHONPYCACHEPREFIX)"
    elif not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        bytecode = "cached after the first run (PYTHONDONTWRITEBYTECODE unset)"

    timings: dict[str, list[tuple[float, float]]] = {"batch": [], "page": [], "text": []}
    outputs: list[bytes] = []
    for number in range(1, args.rounds + 1):
        wall, cpu, out = run(batch, args.jobs, env)
        timings["batch"].append((wall, cpu))
        outputs.append(out)
        timings["page"].append(run([one_page], None, env)[:2])
        timings["text"].append(run([one_text], None, env)[:2])
        print(
            f"round {number}: batch {wall:.2f} s ({len(batch) / wall:.1f} inputs/s, {cpu:.1f} s CPU), "
            f"one page {timings['page'][-1][0]:.2f} s, one text {timings['text'][-1][0]:.2f} s"
        )
    records = outputs[0].count(b"\n")
    same = all(out == outputs[0] for out in outputs)

    def median(name: str, index: int) -> float:
        return statistics.median(t[index] for t in timings[name])

    rate = len(batch) / median("batch", 0)
    print()
    print("| measure | median wall | CPU | target | met |")
    print("| --- | --- | --- | --- | --- |")
    print(
        f"| batch of {len(pages)} saved pages + {len(texts)} copied texts | {median('batch', 0):.2f} s = "
        f"{rate:.1f} inputs/s | {median('batch', 1):.1f} s | >= {TARGET_RATE:.0f} inputs/s | "
        f"{'yes' if rate >= TARGET_RATE else 'NO'} |"
    )
    for name, path in (("page", one_page), ("text", one_text)):
        wall = median(name, 0)
        print(
            f"| one {'saved page' if name == 'page' else 'copied text'} ({Path(path).name}, "
            f"{Path(path).stat().st_size // 1024} KB), end to end | {wall:.2f} s | {median(name, 1):.2f} s | "
            f"< {TARGET_ONE} s | {'yes' if wall < TARGET_ONE else 'NO'} |"
        )
    print(
        f"\n{records} records per batch, output {'identical' if same else 'DIFFERENT'} across rounds; "
        f"{args.rounds} rounds; --jobs {args.jobs if args.jobs is not None else 'default (one per core)'}; "
        f"{platform.platform()}, Python {platform.python_version()}, {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.1f} at the end; bytecode {bytecode}"
    )
    if env is not None:
        shutil.rmtree(env["PYTHONPYCACHEPREFIX"], ignore_errors=True)
    return 0 if same and records == len(batch) else 1


if __name__ == "__main__":
    sys.exit(main())
