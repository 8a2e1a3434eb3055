"""Work spread over processes: in order, as in one process, and the build process doing a share."""

import functools
import os
import time
from pathlib import Path
from typing import Iterator

import pytest

from generator import workers as worker_rules
from generator.build import BuildOptions, build
from generator.workers import AHEAD_PER_WORKER, Workers, map_in_order
from test_determinism import assert_identical_outside_pagefind_variation


def square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fail_on_seven_hundred(number: int) -> int:
    if number == 700:
        raise ValueError("seven hundred")
    return number


def test_results_come_in_the_order_of_the_items():
    results = list(map_in_order(square_with_pid, range(2000), jobs=3, min_per_worker=1))
    assert [value for value, _ in results] == [number * number for number in range(2000)]


def test_the_calling_process_does_a_share_and_forks_one_process_fewer_than_jobs():
    pids = {pid for _, pid in map_in_order(square_with_pid, range(2000), jobs=3, min_per_worker=1)}
    assert os.getpid() in pids
    assert len(pids) <= 3


def test_one_job_runs_in_this_process():
    pids = {pid for _, pid in map_in_order(square_with_pid, range(200), jobs=1, min_per_worker=1)}
    assert pids == {os.getpid()}


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_an_exception_in_any_process_is_raised_to_the_caller(jobs):
    with pytest.raises(ValueError, match="seven hundred"):
        list(map_in_order(fail_on_seven_hundred, range(2000), jobs=jobs, min_per_worker=1))


# made after the workers below are forked: they never see it
LATER: list[str] = []


def resident_later_and_pid(resident: str, number: int) -> tuple[str, int, tuple[str, ...], int]:
    return resident, number * number, tuple(LATER), os.getpid()


def test_workers_started_before_a_value_is_made_hold_only_their_resident_and_what_they_are_sent():
    with Workers(2, "the renderer") as workers:
        workers.start()
        LATER.append("the site")  # what the build reads after forking its workers
        try:
            results = list(workers.map_in_order(resident_later_and_pid, range(1000), min_per_worker=1))
        finally:
            LATER.clear()
    assert [(resident, square) for resident, square, _, _ in results] == [("the renderer", n * n) for n in range(1000)]
    seen_by = {pid: later for _, _, later, pid in results}
    assert seen_by.pop(os.getpid()) == ("the site",)  # this process does a share, seeing all it holds
    assert list(seen_by.values()) == [()]  # one worker, which never held the site


def fail_on_seven_hundred_with(resident: str, number: int) -> int:
    return fail_on_seven_hundred(number)


def test_workers_not_started_fork_for_each_call_and_hold_all_the_caller_does():
    with Workers(2, "the renderer") as workers:
        LATER.append("the site")
        try:
            results = list(workers.map_in_order(resident_later_and_pid, range(1000), min_per_worker=1))
        finally:
            LATER.clear()
    assert [(resident, square) for resident, square, _, _ in results] == [("the renderer", n * n) for n in range(1000)]
    assert {later for _, _, later, _ in results} == {("the site",)}
    assert len({pid for *_, pid in results}) == 2


def test_a_context_is_sent_to_the_workers_and_given_with_every_item():
    with Workers(2, "the renderer") as workers:
        workers.start()
        results = list(workers.map_in_order(resident_later_and_pid, range(1000), context="the links", min_per_worker=1))
    assert {resident for resident, *_ in results} == {"the links"}
    assert len({pid for *_, pid in results}) == 2


@pytest.mark.parametrize("start", [True, False])
def test_an_exception_in_a_worker_sent_its_items_is_raised_to_the_caller(start):
    with Workers(2, "resident") as workers, pytest.raises(ValueError, match="seven hundred"):
        if start:
            workers.start()
        list(workers.map_in_order(fail_on_seven_hundred_with, range(2000), min_per_worker=1))


def test_workers_of_one_job_fork_nothing():
    with Workers(1, "resident") as workers:
        workers.start()
        assert {pid for *_, pid in workers.map_in_order(resident_later_and_pid, range(500), min_per_worker=1)} == {os.getpid()}


def test_each_call_gives_its_own_context_and_the_resident_comes_back_after():
    with Workers(2, "the renderer") as workers:
        workers.start()
        first = list(workers.map_in_order(resident_later_and_pid, range(500), context="links", min_per_worker=1))
        second = list(workers.map_in_order(resident_later_and_pid, range(500), context="other links", min_per_worker=1))
        third = list(workers.map_in_order(resident_later_and_pid, range(500), min_per_worker=1))
    assert [{resident for resident, *_ in results} for results in (first, second, third)] == [
        {"links"}, {"other links"}, {"the renderer"}]


# The process that imports this module is the one that forks the workers.
CALLER = os.getpid()


def slow_here_quick_there(started: str, number: int) -> tuple[int, int]:
    """Slow in the calling process, quick in a worker, which notes each item it starts."""
    if os.getpid() == CALLER:
        time.sleep(0.004)
    else:
        with open(started, "a", encoding="utf-8") as file:
            file.write(f"{number}\n")
    return number, os.getpid()


def ahead_of_the_caller(results: Iterator[tuple[int, int]], started: Path) -> list[int]:
    """For each result the caller takes: how many items a worker has started that the caller
    has not yet taken from it."""
    taken_from_workers = 0
    ahead = []
    for _, pid in results:
        if pid != CALLER:
            taken_from_workers += 1
        ahead.append(len(started.read_text(encoding="utf-8").split()) - taken_from_workers)
    return ahead


# 16 chunks of 25 items for two processes (workers._chunks): every other chunk is a worker's
ITEMS, CHUNK = 400, 25


def test_workers_run_at_most_a_few_chunks_ahead_of_a_slow_caller(tmp_path):
    # the results a worker returns wait in the caller until their turn: a worker free to
    # run ahead would pile up a whole batch of them (rendered bodies, at 100,000 briefings)
    started = tmp_path / "started"
    started.touch()
    with Workers(2, "resident") as workers:
        workers.start()
        results = workers.map_in_order(slow_here_quick_there, range(ITEMS), context=str(started), min_per_worker=1)
        ahead = ahead_of_the_caller(results, started)
    assert max(ahead) <= AHEAD_PER_WORKER * CHUNK
    assert len(started.read_text(encoding="utf-8").split()) == ITEMS // 2  # and the worker did its half


def test_processes_forked_for_one_call_run_at_most_a_few_chunks_ahead_of_a_slow_caller(tmp_path):
    started = tmp_path / "started"
    started.touch()
    results = map_in_order(functools.partial(slow_here_quick_there, str(started)), range(ITEMS), jobs=2, min_per_worker=1)
    ahead = ahead_of_the_caller(results, started)
    assert max(ahead) <= AHEAD_PER_WORKER * CHUNK
    assert [number for number, _ in map_in_order(
        functools.partial(slow_here_quick_there, str(started)), range(ITEMS), jobs=2, min_per_worker=1,
    )] == list(range(ITEMS))


def test_a_full_build_sends_its_workers_their_work_only_for_a_large_archive(
    project_with_theme: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
):
    """Below SEND_WORK_FROM briefings each call forks processes holding what the build holds
    (nothing pickled); from it, workers forked before reading are sent their work. The
    bytes are the same either way."""
    monkeypatch.setattr(worker_rules, "MIN_ITEMS_PER_WORKER", 1)  # the fixture is small: fork anyway
    started: list[int] = []
    start = Workers.start
    monkeypatch.setattr(Workers, "start", lambda self: (started.append(self.jobs), start(self))[1])
    briefings = len(list((project_with_theme / "content/articles").rglob("*.md")))

    monkeypatch.setattr(worker_rules, "SEND_WORK_FROM", briefings + 1)
    build(BuildOptions(root=project_with_theme, out_dir=tmp_path / "forked", jobs=2, clean=True))
    assert started == []

    monkeypatch.setattr(worker_rules, "SEND_WORK_FROM", briefings)
    build(BuildOptions(root=project_with_theme, out_dir=tmp_path / "sent", jobs=2, clean=True))
    assert started == [2]
    assert_identical_outside_pagefind_variation(tmp_path / "forked", tmp_path / "sent")
