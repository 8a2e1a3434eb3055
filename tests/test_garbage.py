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


def test_a_build_has_let_go_of_its_plan_when_the_collector_resumes(collector_on, archive, tmp_path, monkeypatch):
    """Resumed while the build's objects lived, the collector's first pass walked them all
    (0.4 s at 10,000 briefings) to free nothing: they are gone with the build's frame first."""
    import contextlib

    from generator import build as pipeline
    from generator import incremental
    from generator.models import BuildOptions

    plans: list[weakref.ref] = []
    alive_at_resume: list[bool] = []
    planner = incremental.plan

    def plan(*args, **kwargs):
        made = planner(*args, **kwargs)
        plans.append(weakref.ref(made))
        return made

    @contextlib.contextmanager
    def paused():
        with collector_paused():
            yield
            alive_at_resume.append(plans[0]() is not None)

    monkeypatch.setattr(incremental, "plan", plan)
    monkeypatch.setattr(pipeline, "collector_paused", paused)
    pipeline.build(BuildOptions(root=archive, out_dir=tmp_path / "site", search=False))
    assert alive_at_resume == [False]
