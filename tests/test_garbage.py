"""A build runs with the cyclic garbage collector paused, and leaves it as it found it."""

from __future__ import annotations

import gc
import weakref

import pytest

from generator.garbage import collector_paused


@pytest.fixture
def collector_on():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_on_again_after_an_error(collector_on):
    with pytest.raises(ValueError):
        with collector_paused():
            raise ValueError("a failed build")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_cycle_made_inside_lives_until_collected_after(collector_on):
    class Node:
        pass

    with collector_paused():
        node = Node()
        node.itself = node  # a cycle: reference counting alone never frees it
        alive = weakref.ref(node)
        del node
        for _ in range(10_000):  # allocations that would have run the collector
            [object() for _ in range(10)]
        assert alive() is not None
    gc.collect()
    assert alive() is None
