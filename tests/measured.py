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

Two things make the figures hold on a shared machine:
- The deadline counts the time the child ran or was blocked, not the time it waited
  for a CPU (/proc/PID/schedstat): on a machine at load 20 a child gets a tenth of a
  core, and a wall-clock deadline measured the neighbours, not the child.
- CPU time itself grows under load (caches and memory bandwidth shared with the
  neighbours, a busy host): no heavy case takes 2.5 s at load 10, yet one took 5.3 s
  at load 20. So a fixed piece of reference work is run in a child of its own twice
  just after a command, and its CPU time against its time on a quiet machine says
  how much slower the machine is at that moment (`Measurement.slowdown`, never below
  1). A bound of "5 s on the project's machine" is then `5 * slowdown` seconds of CPU
  there and then. Since the slowdown is never below 1, a command under the bound
  itself passes whatever the load: the reference work is run only after a command
  that took at least `scale_from` seconds of CPU (most take a tenth of that), where
  it decides something.

What every run of a command pays whatever its input (imports, the theme's templates
compiled, the world map projected) can be paid once in the driver (`warm`), before
the children are forked: what each child then spends is what its own input costs.

Run as a script, this file is the driver: one JSON request per line on stdin,
one JSON result per line on stdout.
"""

from __future__ import annotations

import gc
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ADDRESS_SPACE_LIMIT = 4 << 30  # a safety net only: peak resident memory is what is measured
# The CPU time of reference_work() on the project's 2-core machine when quiet: the least
# of 60 runs on 2026-11-30, at load 9 to 11 (a slow day of that machine: 10^7 additions
# took 0.57 s of CPU), so if anything a little above its quiet time.
REFERENCE_QUIET_SECONDS = 0.045


@dataclass(frozen=True)
class Measurement:
    exit_code: int | None  # None: killed at the deadline
    cpu_seconds: float  # user + system time of the child and what it waited for
    wall_seconds: float
    waiting_seconds: float  # of the wall time, spent waiting for a CPU (other processes' turn)
    peak_mb: float  # peak resident set size
    # the CPU time of reference_work() next to the command (the larger of two); 0 when not
    # run, the command having taken less CPU than the driver was asked to scale from
    reference_seconds: float
    output: str  # stdout and stderr, as the user would see them

    @property
    def slowdown(self) -> float:
        """How much more CPU time work took on the machine at that moment than when quiet (>= 1;
        1 when not measured)."""
        return max(1.0, self.reference_seconds / REFERENCE_QUIET_SECONDS)


def reference_work() -> int:
    """A fixed piece of Python work of the kind a command does (small objects, dicts,
    strings, a sort, a regular expression), about 45 ms of CPU on a quiet machine."""
    tokens = [{"kind": "word", "text": f"w{i % 997}x{i % 13}", "line": i // 12} for i in range(60_000)]
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token["text"]] = counts.get(token["text"], 0) + 1
    text = " ".join(token["text"] for token in tokens)
    return len(re.findall(r"w(\d+)x", text)) + len(sorted(counts, key=counts.get)) + len(tokens)


class MeasuredCli:
    def __init__(self) -> None:
        repo = Path(__file__).resolve().parent.parent
        self._driver = subprocess.Popen(
            [sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=repo,
        )

    def run(
        self, args: list[str], log: Path, timeout: float, scale_from: float | None = None,
        prepare: tuple[str, str, list] | None = None,
    ) -> Measurement:
        """`args` run in a child and measured; the machine's slowdown measured beside it
        only when the child took at least `scale_from` seconds of CPU (never when None: for
        a command whose time is bounded by nothing). `prepare`: (module,
        function, arguments) called in the child before the command (its module imported
        there: tests/ is on the driver's path)."""
        result = self._ask({"args": args, "log": str(log), "timeout": timeout, "scale_from": scale_from,
                            "prepare": prepare})
        return Measurement(**result, output=log.read_text(encoding="utf-8", errors="replace"))

    def warm(self, args: list[str], log: Path) -> None:
        """Run `args` in the driver itself, unmeasured, so that what any run pays whatever
        its input (the imports it makes, what it keeps for the process) is paid once, before
        the children that inherit it; raises if the command failed."""
        code = self._ask({"warm": args, "log": str(log)})["exit_code"]
        if code != 0:
            raise RuntimeError(f"warming up with {args} failed (exit status {code}):\n{log.read_text(encoding='utf-8')}")

    def _ask(self, request: dict) -> dict:
        assert self._driver.stdin and self._driver.stdout
        self._driver.stdin.write(json.dumps(request) + "\n")
        self._driver.stdin.flush()
        line = self._driver.stdout.readline()
        if not line:  # the driver itself ended: say so, rather than a JSON error of an empty line
            raise RuntimeError(f"the measuring driver ended (exit status {self._driver.wait()}) on {request}")
        return json.loads(line)

    def close(self) -> None:
        if self._driver.stdin:
            self._driver.stdin.close()
        try:
            self._driver.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # every measurement is in: a driver slow to exit (a loaded machine) is not the
            # commands' failure, and must not turn every case of the module into an error
            self._driver.kill()
            self._driver.wait()


def _child(args: list[str], log: str, prepare: list | None) -> None:
    """In the forked child: run the command line with its output to `log`; never returns."""
    code = 1  # as Python's own for an exception nobody caught
    try:
        descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(descriptor, 1)
        os.dup2(descriptor, 2)
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
        if prepare:
            import importlib

            module, function, arguments = prepare
            getattr(importlib.import_module(module), function)(*arguments)
        code = _main(args)
    except BaseException:  # noqa: BLE001 - shown as Python shows it: the test looks for tracebacks
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _main(args: list[str]) -> int:
    """The `briefings` command line run on `args` in this process; its exit status."""
    from generator.cli import main

    try:
        main(args, prog_name="briefings")
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    return 0


def _warm(args: list[str], log: str) -> int:
    """`args` run in the driver, its output to `log` (the driver's stdout is the pipe of results)."""
    with open(log, "w", encoding="utf-8") as out:
        saved = os.dup(1), os.dup(2)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
        try:
            return _main(args)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def waiting_for_cpu_seconds(pid: int) -> float | None:
    """How long the process's threads have waited for a CPU while ready to run (their
    run-queue delay, summed), or None where the kernel does not say (then a deadline
    falls back to the wall clock)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    waited = 0
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as stat:
                waited += int(stat.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # a thread that ended meanwhile
    return waited / 1e9


def _measure(args: list[str], log: str, timeout: float, prepare: list | None = None) -> dict:
    """Run one command in a forked child; kill it once it has run or been blocked (not
    waiting for a CPU) for `timeout` seconds."""
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(args, log, prepare)
    killed = False
    waited = 0.0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        waited = waiting_for_cpu_seconds(pid) or waited
        if time.monotonic() - started - waited > timeout:
            os.kill(pid, signal.SIGKILL)
            killed = True
            done, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.02)
    return {
        "exit_code": None if killed else os.waitstatus_to_exitcode(status),
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "wall_seconds": time.monotonic() - started,
        "waiting_seconds": waited,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def _reference_cpu_seconds() -> float:
    """The CPU time of reference_work() in a child of its own, as the machine is now."""
    pid = os.fork()
    if pid == 0:
        # the driver's own objects out of the collector's way: its collections would walk
        # them and copy their pages, a cost of the driver's size, not of the machine's speed
        gc.freeze()
        reference_work()
        os._exit(0)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_utime + usage.ru_stime




def _serve() -> None:
    # imported once here, inherited by every forked child: what each child then spends is
    # its command's own work (a `briefings` run also pays about half a second to import these)
    import numpy  # noqa: F401 - imported by the related-briefings ranking of every build

    import generator.cli  # noqa: F401
    # what `check` and `build` load lazily (the command line defers them for `ingest`): the
    # reading and checking, the pipeline, Markdown and Jinja. Left to each child, they were
    # 0.065 s of every check's CPU and 0.14 s of every build's, paid again in each command
    import generator.build  # noqa: F401
    import generator.readcheck  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        if "warm" in request:
            print(json.dumps({"exit_code": _warm(request["warm"], request["log"])}), flush=True)
            continue
        measured = _measure(request["args"], request["log"], request["timeout"], request.get("prepare"))
        reference = 0.0
        if request["scale_from"] is not None and measured["cpu_seconds"] >= request["scale_from"]:
            # twice, the larger: a burst of neighbours during the command shows in one of them
            reference = max(_reference_cpu_seconds(), _reference_cpu_seconds())
        print(json.dumps({**measured, "reference_seconds": reference}), flush=True)


if __name__ == "__main__":
    _serve()
