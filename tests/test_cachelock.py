"""A build holds the lock of its output folder's cache while it runs: a second build into
the same folder waits for it, saying so, and no build removes a cache in use, though its
output folder does not exist yet. A lock left by a killed build blocks nobody.

The races are made deterministic with real locks and real processes: the test takes the
lock a build takes (or a subprocess does and is killed), and a real build runs beside it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from generator import incremental
from generator.build import BuildOptions, build
from generator.incremental import cachelock
from generator.incremental.cache import CACHE_DIR, TARGET, BuildCache, cache_folder
from generator.incremental.cachelock import LOCK, REMOVING, held, remove_unless_in_use


def refuse_to_wait(message: str) -> None:
    raise AssertionError(f"the lock is held by someone: {message}")


def start_build(root: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "-C", str(root), "--no-search", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def caches(root: Path) -> list[str]:
    return sorted(path.name for path in (root / CACHE_DIR).iterdir())


# Two builds into the same output folder


def test_a_second_build_into_the_same_output_folder_waits_for_the_first_and_names_it(archive: Path, tmp_path: Path):
    beside = tmp_path / "published"
    beside.mkdir()
    out = beside / "site"
    with incremental.output_locked(archive, out):  # as a build into `out` holds it while it runs
        second = start_build(archive, out)
        try:
            said = second.stderr.readline()
            assert said == f"waiting for another build of {out} (pid {os.getpid()}) to finish...\n"
            # it waits before touching anything: no output folder, no staging folder beside it
            assert second.poll() is None
            assert list(beside.iterdir()) == []
        except BaseException:
            second.kill()
            raise
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode == 0, stderr
    assert stdout.startswith("Built 5 briefings")
    assert (out / "index.html").is_file()
    # the lock file names the last holder, for the next waiting build's message
    assert (cache_folder(archive, out) / LOCK).read_text() == f"{second.pid}\n"


def test_a_build_that_holds_no_lock_is_not_waited_for(archive: Path, tmp_path: Path):
    with incremental.output_locked(archive, tmp_path / "elsewhere"):  # a build into another folder
        with held(cache_folder(archive, tmp_path / "site"), tmp_path / "site", notify=refuse_to_wait) as locked:
            assert locked


def test_a_lock_left_by_a_killed_build_blocks_nobody_even_while_a_worker_it_forked_lives(archive: Path, tmp_path: Path):
    out = tmp_path / "site"
    # a build that forks a worker (as the render workers are forked), then is killed with SIGKILL;
    # the worker says it runs, so its fork hooks (which close its copy of the lock) have run:
    # a build killed in the microseconds before a worker's hooks run would be held up by it
    # for those microseconds only, which is not what this test is about
    script = (
        "import multiprocessing, os, sys, time\n"
        "from pathlib import Path\n"
        "from generator import incremental\n"
        "def work():\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(600)\n"
        "if __name__ == '__main__':\n"
        "    with incremental.output_locked(Path(sys.argv[1]), Path(sys.argv[2])):\n"
        "        multiprocessing.get_context('fork').Process(target=work).start()\n"
        "        time.sleep(600)\n"
    )
    killed = subprocess.Popen([sys.executable, "-c", script, str(archive), str(out)], stdout=subprocess.PIPE, text=True)
    worker = int(killed.stdout.readline())  # written by the worker itself, once it runs
    try:
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=60)
        os.kill(worker, 0)  # the worker outlives it: still there
        with held(cache_folder(archive, out), out, notify=refuse_to_wait) as locked:
            assert locked
    finally:
        os.kill(worker, signal.SIGKILL)
        killed.stdout.close()


# The removal of caches (issue 17's eviction) beside running builds


def test_a_build_removes_neither_the_cache_of_a_build_running_into_a_new_folder_nor_one_made_a_moment_ago(
    archive: Path, tmp_path: Path,
):
    # a first build into a new folder: its folder does not exist until it swaps its site in at the end
    running_into = tmp_path / "preview" / "site"
    # a build that has just made its cache folder: no record yet of its output folder
    starting_into = tmp_path / "other" / "site"
    with incremental.output_locked(archive, running_into), incremental.output_locked(archive, starting_into):
        running = BuildCache.for_output(archive, running_into)
        running.save("outputs", "what the running build keeps")
        just_made = cache_folder(archive, starting_into)
        assert sorted(path.name for path in just_made.iterdir()) == [LOCK]

        build(BuildOptions(root=archive, out_dir=tmp_path / "site", search=False))

        assert running.load("outputs") == "what the running build keeps"
        assert just_made.is_dir()
    # once they ended, with their output folders still missing, the next build removes them
    build(BuildOptions(root=archive, out_dir=tmp_path / "site", search=False))
    assert not running.folder.exists() and not just_made.exists()
    assert caches(archive) == [cache_folder(archive, tmp_path / "site").name]


def test_a_cache_in_use_is_kept_even_when_it_is_the_least_recently_used_beyond_three(tmp_path: Path):
    root = tmp_path / "project"
    root.mkdir()
    outs = [tmp_path / f"out-{n}" for n in range(4)]
    for out in outs:
        out.mkdir()
    folders = [BuildCache.for_output(root, out).folder for out in outs[:3]]
    for seconds, folder in enumerate(folders, start=1):  # used long ago, out-0's longest ago
        os.utime(folder / TARGET, ns=(seconds * 10**9, seconds * 10**9))
    with incremental.output_locked(root, outs[0]):  # a long build into out-0, still running
        BuildCache.for_output(root, outs[3])
        assert folders[0].is_dir()
        assert len(caches(root)) == 4
    BuildCache.for_output(root, outs[3])  # it ended: now it goes
    assert caches(root) == sorted(folder.name for folder in [folders[1], folders[2], cache_folder(root, outs[3])])


def test_a_build_waiting_for_a_cache_that_is_removed_meanwhile_makes_and_locks_a_new_one(tmp_path: Path):
    folder, out = tmp_path / "cache", tmp_path / "site"
    waiting, locked, done = threading.Event(), threading.Event(), threading.Event()

    def waiting_build() -> None:
        with held(folder, out, notify=lambda message: waiting.set()) as holds:
            assert holds
            locked.set()
            done.wait(timeout=120)

    with held(folder, out) as holds:  # a removal holds the lock, as remove_unless_in_use does
        assert holds
        waiter = threading.Thread(target=waiting_build)
        waiter.start()
        assert waiting.wait(timeout=120)
        (folder / "outputs").write_text("the old cache")
        folder.rename(tmp_path / f"{REMOVING}test")  # removed with its lock file, as the removal does
    try:
        assert locked.wait(timeout=120)
        # the waiting build holds the lock of the new folder, which its name now leads to
        assert sorted(path.name for path in folder.iterdir()) == [LOCK]
        assert not remove_unless_in_use(folder)
        assert folder.is_dir()
    finally:
        done.set()
        waiter.join(timeout=120)
    assert remove_unless_in_use(folder) and not folder.exists()


def test_a_removal_killed_half_way_is_finished_by_the_next_build(tmp_path: Path):
    root = tmp_path / "project"
    leftover = root / CACHE_DIR / f"{REMOVING}0a1b2c3d"
    leftover.mkdir(parents=True)
    (leftover / TARGET).write_text(str(tmp_path))  # an output folder that exists: still removed
    (leftover / "outputs").write_text("half removed")
    BuildCache.for_output(root, tmp_path / "site")
    assert caches(root) == [cache_folder(root, tmp_path / "site").name]


def test_a_cache_from_before_the_lock_is_removed_as_any_other(tmp_path: Path):
    old = tmp_path / "cache"
    old.mkdir()
    (old / "outputs").write_text("no lock file in it")
    assert remove_unless_in_use(old)
    assert not old.exists() and not list(tmp_path.glob(f"{REMOVING}*"))


# Where fcntl is missing


@pytest.fixture
def without_fcntl(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(cachelock, "fcntl", None)
    yield


def test_without_fcntl_a_build_holds_no_lock_and_removal_spares_caches_whose_build_started_within_the_hour(
    without_fcntl: None, tmp_path: Path,
):
    recent, old = tmp_path / "recent", tmp_path / "old"
    with held(recent, tmp_path / "a", notify=refuse_to_wait) as locked, held(old, tmp_path / "b") as also:
        assert not locked and not also
    two_hours_ago = time.time() - 7200
    os.utime(old / LOCK, (two_hours_ago, two_hours_ago))
    assert not remove_unless_in_use(recent)
    assert remove_unless_in_use(old)
    assert recent.is_dir() and not old.exists()
