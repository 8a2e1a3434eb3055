"""Every heavy file of at most a megabyte is checked and built in under 5 seconds and
500 MB, or refused with an error naming it: measured, one real `briefings` process each.

Each case of hostile_corpus.HEAVY_CASES goes into its own copy of the fixture archive,
where `briefings check` runs in a child process of its own (tests/measured.py), two
at a time, and then `briefings build` wherever check accepts the file. A file check
refuses is not built as well: the build runs the same reading and checking
(generator/readcheck.py) and stops with the same errors, as test_check.py shows on
every fixture archive; the named cases are built anyway, to show it here end to end.

What is bounded is what the file costs, not what the neighbours cost (tests/measured.py):
- not what any build of the archive costs whatever its files: each measuring process
  builds the fixture archive once before the cases (imports, templates compiled, maps
  projected), and every case's command is forked from it;
- the child's CPU time (user + system), not the wall clock, which on a shared machine
  mostly measures the other processes; and since CPU time itself grows on a loaded
  machine, the 5 s are the issue's "5 s on the project's machine", scaled by how much
  slower a fixed piece of reference work ran next to the command (its `slowdown`);
- a hang, by the time the child ran or was blocked, not the time it waited its turn
  for a CPU, so that a hang fails rather than stalls the suite, at any load.
Quadratic work on a 1 MB file costs minutes (issue 13 killed such runs after 120 s);
linear work costs a second or two: the bound tells them apart at any load.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import FIXTURE_ARCHIVE
from generator.content import MAX_FILE_BYTES
from hostile_corpus import HEAVY_CASES
from measured import Measurement, MeasuredCli

CPU_SECONDS = 5.0
PEAK_MB = 500
HANG_SECONDS = 120  # run or blocked, not waiting for a CPU: for a child that does not finish at all
COMMANDS = {"check": ["check"], "build": ["build", "--no-search", "-j", "1"]}
ARTICLES = "content/articles/2024"

# The cases the issue names, with what each must give now
NAMED = {
    "billion-laughs": "error: YAML anchor &a is not allowed here",
    "unknown-keys": "error: the frontmatter is 477 KB long; the limit is 128 KB",
    "same-headings": "error: the text has more than 100,000 lines",
    "autolinks-on-one-line": "error: the text has more than 100,000 Markdown elements",
}


def built_as_well(name: str, checked: Measurement) -> bool:
    """Whether the case is built after its check: when check accepts it, or the issue names it."""
    return checked.exit_code == 0 or name in NAMED


def reported(output: str) -> list[str]:
    """The errors and warnings of a run, as printed (the build leaves out the notes check prints)."""
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Measurement]]:
    """Every case checked, then built: (case, command) -> (its project, the measurement)."""
    drivers = [MeasuredCli(), MeasuredCli()]
    # made here, before the threads: the first mktemp of a process makes its base folder
    # (removing what a run left there), which two threads at once would both do
    warms = [tmp_path_factory.mktemp(f"warm-{share}") for share in range(len(drivers))]

    def run_share(share: int) -> dict[tuple[str, str], tuple[Path, Measurement]]:
        warm = warms[share]
        shutil.copytree(FIXTURE_ARCHIVE, warm, dirs_exist_ok=True)
        drivers[share].warm([*COMMANDS["build"], "-C", str(warm)], warm.parent / f"{warm.name}.log")
        results = {}
        for name in list(HEAVY_CASES)[share :: len(drivers)]:
            root = tmp_path_factory.mktemp(name)
            shutil.copytree(FIXTURE_ARCHIVE, root, dirs_exist_ok=True)
            (root / ARTICLES / f"{name}.md").write_bytes(HEAVY_CASES[name]())
            for command, args in COMMANDS.items():
                if command == "build" and not built_as_well(name, results[(name, "check")][1]):
                    continue
                log = root.parent / f"{root.name}-{command}.log"
                results[(name, command)] = (
                    root, drivers[share].run([*args, "-C", str(root)], log, HANG_SECONDS, scale_from=CPU_SECONDS),
                )
        return results

    try:
        with ThreadPoolExecutor(len(drivers)) as pool:
            return {key: value for share in pool.map(run_share, range(len(drivers))) for key, value in share.items()}
    finally:
        for driver in drivers:
            driver.close()


def test_every_case_is_at_most_the_size_limit():
    for name, make in HEAVY_CASES.items():
        assert len(make()) <= MAX_FILE_BYTES, name


def shown(name: str, command: str, run: Measurement) -> str:
    slowdown = f"the machine {run.slowdown:.2f} times slower than quiet" if run.reference_seconds else "not scaled"
    return (
        f"{name} {command}: exit {run.exit_code}, {run.cpu_seconds:.2f} s CPU "
        f"(bound {CPU_SECONDS * run.slowdown:.2f} s: {slowdown}), "
        f"{run.wall_seconds:.1f} s wall ({run.waiting_seconds:.1f} s of it waiting for a CPU), {run.peak_mb:.0f} MB"
    )


def assert_bounded_or_refused_by_name(root: Path, name: str, command: str, run: Measurement) -> None:
    said = shown(name, command, run)
    assert run.exit_code is not None, f"{said}: still running after {HANG_SECONDS} s of its own time"
    assert "Traceback" not in run.output, f"{said}\n{run.output[-3000:]}"
    assert run.exit_code in (0, 1), f"{said}\n{run.output[-3000:]}"
    assert run.cpu_seconds < CPU_SECONDS * run.slowdown, said
    assert run.peak_mb < PEAK_MB, said
    path = f"{ARTICLES}/{name}.md"
    if run.exit_code == 1:
        errors = [line for line in run.output.splitlines() if line.startswith(f"{path}:") and ": error: " in line]
        assert errors, f"{said}: failed without an error naming {path}\n{run.output[-3000:]}"
        if command == "build":
            assert not (root / "build").exists(), "a refused build wrote a site"
    elif command == "build":
        assert (root / "build/articles/2024" / name / "index.html").is_file(), said
    if name in NAMED:
        assert NAMED[name] in run.output, f"{said}\n{run.output[-3000:]}"


@pytest.mark.parametrize("name", HEAVY_CASES)
def test_each_file_is_done_in_bounded_time_and_memory_or_refused_by_name(measured, name: str):
    root, checked = measured[(name, "check")]
    assert_bounded_or_refused_by_name(root, name, "check", checked)
    if built_as_well(name, checked):
        _, built = measured[(name, "build")]
        assert_bounded_or_refused_by_name(root, name, "build", built)
        # the build reports what check reported, and refuses what check refuses
        assert (built.exit_code, reported(built.output)) == (checked.exit_code, reported(checked.output)), name
