"""Maps drawn from the borders a build kept are the maps drawn afresh."""

from __future__ import annotations

from generator import maps
from generator.geo import load_world, simplify_arcs
from generator.incremental import drawings
from generator.incremental.cache import BuildCache
from generator.maps import CountryCount, plan_map, region_frame, world_frame


def draw_both(world):
    gulf = ["YE", "OM", "SA"]
    counts = {iso: CountryCount(iso, iso, number + 1, None) for number, iso in enumerate(gulf)}
    return [
        plan_map(world, world_frame(world), counts),
        plan_map(world, region_frame(world, gulf), counts, focus=gulf),
    ]


def test_maps_drawn_from_kept_borders_are_the_maps_drawn_afresh(tmp_path, monkeypatch):
    world = load_world()
    monkeypatch.setattr(maps, "_SIMPLIFIED", {})
    fresh = draw_both(world)
    cache = BuildCache(tmp_path)
    drawings.keep(cache, world, drawings.Kept({}, {}))  # what a build leaves

    monkeypatch.setattr(maps, "_SIMPLIFIED", {})  # the next build, another process
    assert len(drawings.reuse(cache, world).drawings) == 2  # the world's frame and the region's

    def never(*args, **kwargs):
        raise AssertionError("a border simplified again")

    monkeypatch.setattr(maps, "simplify_arcs", never)
    assert draw_both(world) == fresh


def test_borders_of_another_frame_are_not_taken_for_this_ones(tmp_path, monkeypatch):
    world = load_world()
    monkeypatch.setattr(maps, "_SIMPLIFIED", {})
    plan_map(world, region_frame(world, ["UA", "MD"]), {})
    cache = BuildCache(tmp_path)
    drawings.keep(cache, world, drawings.Kept({}, {}))
    monkeypatch.setattr(maps, "_SIMPLIFIED", {})
    drawings.reuse(cache, world)
    simplified = []
    monkeypatch.setattr(maps, "simplify_arcs", lambda *arcs: simplified.append(1) or simplify_arcs(*arcs))
    draw_both(world)
    assert simplified  # the Gulf's and the world's borders were drawn, not taken from Ukraine's frame


def test_the_world_frame_kept_is_the_frame_found_afresh_and_spares_projecting_the_world(tmp_path, monkeypatch):
    world = load_world()
    monkeypatch.setattr(maps, "_WORLD_FRAMES", {})
    fresh = world_frame(world)
    cache = BuildCache(tmp_path)
    drawings.keep(cache, world, drawings.Kept({}, {}))

    monkeypatch.setattr(maps, "_WORLD_FRAMES", {})  # the next build, another process
    monkeypatch.setattr(maps, "_PROJECTED", {})
    assert drawings.reuse(cache, world).frames == {maps.MAP_WIDTH: fresh}

    def never(*args, **kwargs):
        raise AssertionError("the world's borders projected again for its bounds")

    monkeypatch.setattr(maps, "_projected_world", never)
    assert world_frame(world) == fresh


def test_a_damaged_kept_frame_is_found_afresh(tmp_path, monkeypatch):
    world = load_world()
    cache = BuildCache(tmp_path)
    cache.save(drawings.FRAMES, {maps.MAP_WIDTH: "not a frame"})
    monkeypatch.setattr(maps, "_WORLD_FRAMES", {})
    assert drawings.reuse(cache, world).frames == {}
    assert world_frame(world).width == maps.MAP_WIDTH
