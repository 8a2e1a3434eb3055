"""Run `briefings` commands in child processes, each measured: CPU time, wall time, peak memory.

`MeasuredCli` starts one driver process that imports the command line once, then
forks a child for every command it is asked to run (importing the generator costs
half a second of CPU, paid once rather than for each of a hundred commands, and not
counted in any). Each
child runs the real `briefings` entry point on real files; the driver waits for it
with wait4, which gives that one child's own CPU time and peak resident memory
(its ru_maxrss: the imported modules included, as in a `briefings` run). A child
still running at the deadline is killed, and an address-space limit keeps a
runaway one from taking the machine down with it.

Run as a script, this file is the driver: one JSON request per line on stdin,
one JSON result per line on stdout.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ADDRESS_SPACE_LIMIT = 4 << 30  # a safety net only: peak resident memory is what is measured


@dataclass(frozen=True)
class Measurement:
    exit_code: int | None  # None: killed at the deadline
    cpu_seconds: float  # user + system time of the child and what it waited for
    wall_seconds: float
    peak_mb: float  # peak resident set size
    output: str  # stdout and stderr, as the user would see them


class MeasuredCli:
    def __init__(self) -> None:
        repo = Path(__file__).resolve().parent.parent
        self._driver = subprocess.Popen(
            [sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=repo,
        )

    def run(self, args: list[str], log: Path, timeout: float) -> Measurement:
        assert self._driver.stdin and self._driver.stdout
        self._driver.stdin.write(json.dumps({"args": args, "log": str(log), "timeout": timeout}) + "\n")
        self._driver.stdin.flush()
        result = json.loads(self._driver.stdout.readline())
        return Measurement(**result, output=log.read_text(encoding="utf-8", errors="replace"))

    def close(self) -> None:
        if self._driver.stdin:
            self._driver.stdin.close()
        self._driver.wait(timeout=30)


def _child(args: list[str], log: str) -> None:
    """In the forked child: run the command line with its output to `log`; never returns."""
    code = 1  # as Python's own for an exception nobody caught
    try:
        descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(descriptor, 1)
        os.dup2(descriptor, 2)
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
        from generator.cli import main

        try:
            main(args, prog_name="briefings")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:  # noqa: BLE001 - shown as Python shows it: the test looks for tracebacks
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _measure(args: list[str], log: str, timeout: float) -> dict:
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(args, log)
    killed = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > timeout:
            os.kill(pid, signal.SIGKILL)
            killed = True
            done, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.02)
    return {
        "exit_code": None if killed else os.waitstatus_to_exitcode(status),
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "wall_seconds": time.monotonic() - started,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def _serve() -> None:
    # imported once here, inherited by every forked child: what each child then spends is
    # its command's own work (a `briefings` run also pays about half a second to import these)
    import numpy  # noqa: F401 - imported by the related-briefings ranking of every build

    import generator.cli  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        print(json.dumps(_measure(request["args"], request["log"], request["timeout"])), flush=True)


if __name__ == "__main__":
    _serve()
