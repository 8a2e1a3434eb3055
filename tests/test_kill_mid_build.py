"""A build killed with SIGKILL at any moment leaves build/ whole: exactly the
previous site or exactly the new one, never a mixture or nothing.

Between two of the build's own steps that change the disk (a file opened for writing,
a rename, a removal, a folder made or removed, a command started), nothing on disk
changes but the bytes written into a file already opened. So the moments worth
killing at are those steps, and the test kills at them by the build's own progress
rather than after a random delay, which mostly landed where nothing is at stake: each
build runs with an audit hook (sys.addaudithook, which Python calls before each such
step) that sends SIGKILL to the build's process group just before the step chosen.
The steps are those of an edit's uninterrupted build, counted by kind (the 3rd
rename, the 40th file opened for writing): every rename, tree removed, command
started, link and database opened, and the steps repeated by the dozen (files
written and removed) at their first, middle and last. The swap of the new site into
place (renameat2 through ctypes, which raises no audit event) lies between two of
them. A kill also lands while the search indexer runs, where Python takes no step.
A build that gets past its point (a kill can leave less to do) must make the site of
the sources as they are: a cache trusted after a kill shows there.

Each build is a process of its own, forked from one that has built a copy of the
archive already (tests/measured.py: imports, templates and maps are not paid again by
every build), in a session of its own, so that the kill takes Pagefind down with it as
a job runner's kill does. Each kill leaves the next build whatever it left (a staging
folder, no shadow, a cache one step behind), as a killed CI job leaves it to the next.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
from collections import Counter
from pathlib import Path

from measured import MeasuredCli
from test_determinism import digests, indexed_briefings

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from make_corpus import make_corpus  # noqa: E402

BRIEFINGS = 8  # the steps of a build are the same at any size; a few briefings make them quick
MARKED = "content/articles"
INDEXER = "the search indexer started"  # of the commands a build starts, the one killed while it runs too
INDEXER_RUNS_FOR = 0.1  # seconds after it starts: the kill that lands while it runs
# every one of these steps is killed at: a few each, and each a change of the build's state
EVERY_ONE = {
    "os.rename", "shutil.rmtree", "subprocess.Popen", INDEXER, "os.link", "os.symlink", "os.truncate", "sqlite3.connect",
}
# these, one like the next by the dozen (a page written in the staging folder, a page of the
# site before removed from it), at the first, the middle and the last
SOME_OF = {"open for writing", "os.remove"}

# the audit events of the steps that change the disk (https://docs.python.org/3/library/audit_events.html)
STEPS = {
    "os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.link", "os.symlink", "os.truncate", "os.chmod",
    "shutil.rmtree", "shutil.copyfile", "shutil.copytree", "subprocess.Popen", "sqlite3.connect",
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def step_of(event: str, args: tuple) -> str | None:
    """The kind of step an audit event is, or None for one that changes nothing on disk."""
    if event == "open":
        _, mode, flags = args
        writes = any(letter in mode for letter in "wax+") if isinstance(mode, str) else bool(flags & WRITE_FLAGS)
        return "open for writing" if writes else None
    return event if event in STEPS else None


def armed(kill_at: tuple[str, int] | None, steps_file: str | None) -> None:
    """In the forked build process, before the build: kill it with its process group just
    before the `kill_at` step (its kind and number), and write each step's kind to
    `steps_file` as it is taken."""
    os.setsid()  # a process group of its own, Pagefind included: the kill is the build's alone
    taken: Counter[str] = Counter()
    record = open(steps_file, "a", encoding="utf-8", buffering=1) if steps_file else None  # noqa: SIM115

    def kill() -> None:
        os.killpg(0, signal.SIGKILL)

    def hook(event: str, args: tuple) -> None:
        kind = step_of(event, args)
        if kind is None:
            return
        if kind == "subprocess.Popen" and Path(str(args[0])).name == "pagefind":
            kind = INDEXER
        taken[kind] += 1
        if record:
            record.write(kind + "\n")
        if kill_at is None:
            return
        if (kind, taken[kind]) == tuple(kill_at):
            kill()
        if tuple(kill_at) == ("while the indexer runs", taken[kind]) and kind == INDEXER:
            threading.Timer(INDEXER_RUNS_FOR, kill).start()

    sys.addaudithook(hook)


class Builds:
    """`briefings build` of one project, each in a process of its own, killed or not."""

    def __init__(self, root: Path, folder: Path):
        self.root, self.folder, self.count = root, folder, 0
        self.driver = MeasuredCli()
        warm = folder / "warm"
        shutil.copytree(root, warm)
        self.driver.warm(["build", "-C", str(warm)], folder / "warm.log")
        self.cpu_seconds = 0.0

    def run(self, kill_at: tuple[str, int] | None = None, steps_file: Path | None = None) -> int | None:
        """Its exit code (-9: killed at its step)."""
        self.count += 1
        built = self.driver.run(
            ["build", "-C", str(self.root)], self.folder / f"build-{self.count}.log", timeout=300,
            prepare=("test_kill_mid_build", "armed", [kill_at, steps_file and str(steps_file)]),
        )
        self.cpu_seconds += built.cpu_seconds
        assert "Traceback" not in built.output, built.output
        return built.exit_code


def kill_points(steps: list[str]) -> list[tuple[str, int]]:
    """Where to kill a build taking `steps` (kinds, in order): see EVERY_ONE, and once
    while each command it starts runs."""
    counts = Counter(steps)
    points = []
    for kind in sorted(counts):
        if kind in EVERY_ONE:
            points += [(kind, number) for number in range(1, counts[kind] + 1)]
        elif kind in SOME_OF:
            points += [(kind, number) for number in sorted({1, (counts[kind] + 1) // 2, counts[kind]})]
    points += [("while the indexer runs", number) for number in range(1, counts[INDEXER] + 1)]
    return points


def fingerprint(site: Path) -> tuple | None:
    """What must match a complete build: every file outside the search index, and what the
    index finds (its files depend on the builds since the last clean one: see
    test_determinism.assert_incremental_same_as_clean)."""
    if not site.is_dir():
        return None  # gone: neither site
    files = digests(site)
    stable = tuple(sorted((p, d) for p, d in files.items() if not p.startswith("pagefind/")))
    try:
        return stable, tuple(sorted(indexed_briefings(site).items()))
    except FileNotFoundError:
        return None  # a site without its whole search index: neither site


def set_version(root: Path, version: str) -> None:
    first = sorted((root / MARKED).rglob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    marker = "version"
    lines = [line for line in text.split("\n") if not line.startswith("summary: " + marker)]
    lines.insert(1, f"summary: {marker} {version}")
    first.write_text("\n".join(lines), encoding="utf-8")


def test_sigkill_at_every_kind_of_step_never_breaks_the_site(tmp_path: Path):
    root = tmp_path / "archive"
    make_corpus(BRIEFINGS, root, seed=5)
    builds = Builds(root, tmp_path)
    expected = {}
    steps_file = tmp_path / "steps.txt"
    try:
        for version in ("a", "b"):
            set_version(root, version)
            steps_file.write_text("", encoding="utf-8")
            # the second, an edit, is the kind of build killed below: its steps say where to kill
            assert builds.run(steps_file=steps_file) == 0
            expected[version] = fingerprint(root / "build")
        assert expected["a"] != expected["b"]
        points = kill_points(steps_file.read_text(encoding="utf-8").splitlines())
        assert {"os.rename", "shutil.rmtree", INDEXER, "open for writing"} <= {kind for kind, _ in points}

        outcomes = []
        for attempt, point in enumerate(points):
            version = "ab"[attempt % 2]
            set_version(root, version)
            code = builds.run(kill_at=point)
            found = fingerprint(root / "build")
            assert found in (expected["a"], expected["b"]), f"killed before {point}: build/ is neither site"
            # a build that ran past its point (the state a kill left made it take fewer steps)
            # finished: whatever the last kill left, it made the site of the sources as they are
            assert code == -signal.SIGKILL or found == expected[version], f"{point}: exit {code}, the {version} site not made"
            outcomes.append((point, code, "new" if found == expected[version] else "old"))
        killed = [outcome for outcome in outcomes if outcome[1] == -signal.SIGKILL]
        print(f"{len(killed)} of {len(points)} builds killed ({builds.cpu_seconds:.1f} s CPU in all): "
              f"{sum(o[2] == 'old' for o in killed)} left the old site, {sum(o[2] == 'new' for o in killed)} the new; "
              f"not reached: {[o[0] for o in outcomes if o not in killed]}")
        # the kills landed on both sides of the swap
        assert {outcome for _, _, outcome in killed} == {"old", "new"}

        # the next build clears the staging folders the killed ones left behind, and makes the site
        assert builds.run() == 0
        assert fingerprint(root / "build") == expected[version]
    finally:
        builds.driver.close()
    # (the site before the last stays as .build.shadow, which the next build reuses)
    assert [p.name for p in root.iterdir() if p.name.startswith(".build")] in ([], [".build.shadow"])
