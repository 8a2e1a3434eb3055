"""Work spread over processes: in order, as in one process, and the build process doing a share."""

import os

import pytest

from generator.workers import map_in_order


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
