"""How long `briefings serve` takes to start: the first start of a project, then starts
with nothing changed, each until the server says it is serving.

    python bench/serve_start.py /tmp/corpus-1000 [--starts 3] [--briefings PATH]

Each start is the real command in a process of its own (`briefings serve -C DIR --port 0`),
stopped (SIGTERM) once it prints "Serving". Printed per start: wall time, CPU time of the
server and the processes it waited for (its render workers), and its own line saying what
the build did ("(nothing had changed)", or how many pages it rendered again). The first
start removes the preview folder and its cache, so it is a clean build; `--briefings`
runs another installation's command (to compare with a version that built every start
into a new temporary folder).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

PREVIEW = Path(".cache") / "briefings-preview"
CACHES = Path(".cache") / "briefings"


def one_start(briefings: str, root: Path) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, the build's line) of one start until "Serving"."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [briefings, "serve", "-C", str(root), "--port", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    built = ""
    for line in process.stderr:
        if line.startswith("Built "):
            built = line.strip()
        if line.startswith("Serving "):
            break
    else:
        sys.exit(f"the server ended before serving:\n{built}")
    elapsed = time.perf_counter() - started
    process.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(process.pid, 0)
    return elapsed, usage.ru_utime + usage.ru_stime, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the project (e.g. made by bench/make_corpus.py)")
    parser.add_argument("--starts", type=int, default=3, help="starts after the first (nothing changed)")
    parser.add_argument("--briefings", default=str(Path(sys.executable).with_name("briefings")),
                        help="the briefings command to run")
    arguments = parser.parse_args()
    root = arguments.root.resolve()
    shutil.rmtree(root / PREVIEW, ignore_errors=True)
    shutil.rmtree(root / CACHES, ignore_errors=True)
    for number in range(arguments.starts + 1):
        wall, cpu, built = one_start(arguments.briefings, root)
        print(f"start {number + 1}: {wall:6.2f} s wall, {cpu:6.2f} s CPU  {built}", flush=True)


if __name__ == "__main__":
    main()
