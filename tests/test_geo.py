"""Country shapes and maps: the bundled data, projection, simplification, shading."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest
import yaml

from conftest import REPO
from generator import maps
from generator.geo import (
    decode_countries, equal_earth, load_world, local_equirectangular, main_extent, main_extent_of, ring_area,
    ring_area_of, ring_points, simplify, simplify_arcs,
)
from generator.maps import CountryCount, buckets_for, plan_map, region_frame, shade_of, world_frame


@pytest.fixture(scope="module")
def world():
    return load_world()


# Natural Earth at 1:50m draws France's overseas departments as part of France, Kosovo
# without a code, and has no shape for these small islands and territories.
WITHOUT_SHAPE = {"GF", "GP", "MQ", "RE", "YT", "XK", "BQ", "BV", "CC", "CX", "GI", "SJ", "TK", "TV", "UM"}


def test_every_country_of_the_bundled_vocabulary_has_a_shape_but_known_specks(world):
    regions = yaml.safe_load((REPO / "content/taxonomy/regions.yaml").read_text(encoding="utf-8"))
    codes = {c["iso"] for region in regions for c in region["countries"]}
    assert codes - set(world.by_iso()) == WITHOUT_SHAPE


def test_the_shapes_say_where_they_come_from_and_leave_out_antarctica(world):
    text = (REPO / "generator/data/countries.topo.json").read_text(encoding="utf-8")
    assert "Natural Earth" in text and "world-atlas 2.0.2" in text and "public domain" in text
    assert "AQ" not in world.by_iso()
    assert {"FR", "RU", "US", "YE", "AM", "BH"} <= set(world.by_iso())


def test_equal_earth_matches_the_published_projection():
    assert equal_earth(0, 0) == (0.0, 0.0)
    assert equal_earth(180, 0)[0] == pytest.approx(2.7066, abs=1e-4)
    assert -equal_earth(0, 90)[1] == pytest.approx(1.3173627, abs=1e-6)


def test_simplifying_keeps_both_ends_so_neighbours_share_their_border():
    line = [(x / 10, math.sin(x / 10) * 0.01) for x in range(101)]
    simple = simplify(line, 0.05)
    assert simple[0] == line[0] and simple[-1] == line[-1] and len(simple) < 10
    island = [(math.cos(a / 20 * math.tau), math.sin(a / 20 * math.tau)) for a in range(20)]
    island.append(island[0])
    kept = simplify(island, 0.2)
    assert kept[0] == kept[-1] and len(kept) >= 4  # a closed arc stays a ring


def test_decoding_joins_arcs_into_rings_and_reverses_negative_ones():
    topology = {
        "type": "Topology",
        "arcs": [[[0, 0], [1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"iso": "XA", "name": "A"}},
            {"type": "Polygon", "arcs": [[~1, ~0]], "properties": {"iso": "XB", "name": "B"}},
        ]}},
    }
    shapes = decode_countries(topology)
    a, b = shapes.by_iso()["XA"], shapes.by_iso()["XB"]
    assert ring_points(shapes.arcs, a.polygons[0][0]) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    assert ring_points(shapes.arcs, b.polygons[0][0]) == [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]


def test_shades_group_skewed_counts_into_at_most_five_steps():
    assert [b.label for b in buckets_for(3)] == ["1", "2", "3"]
    assert [b.label for b in buckets_for(30)] == ["1", "2–4", "5–9", "10–19", "20+"]
    assert [b.label for b in buckets_for(200)] == ["1–4", "5–19", "20–49", "50–199", "200+"]
    for largest in range(1, 500):
        buckets = buckets_for(largest)
        assert len(buckets) <= 5
        for count in range(1, largest + 1):  # every count falls in exactly one bucket
            assert sum(b.holds(count) for b in buckets) == 1
    assert shade_of(0, 1) == 4 and [shade_of(i, 5) for i in range(5)] == [0, 1, 2, 3, 4]


def test_a_world_map_shades_exactly_the_countries_with_briefings(world):
    counts = {
        "YE": CountryCount("YE", "Yemen", 12, "countries/yemen/index.html"),
        "BH": CountryCount("BH", "Bahrain", 1, "countries/bahrain/index.html"),
        "FR": CountryCount("FR", "France", 0, None),
        "ZZ": CountryCount("ZZ", "Nowhere", 2, "countries/nowhere/index.html"),
    }
    plan = plan_map(world, world_frame(world), counts)
    assert [(a.iso, a.count) for a in plan.areas] == [("YE", 12), ("BH", 1)]
    assert [c.name for c in plan.unmapped] == ["Nowhere"]
    bahrain = plan.areas[1]
    assert bahrain.marker is not None  # too small to see at world scale: it gets a dot
    assert plan.land and plan.width == 640 and 250 < plan.height < 350


def test_a_region_map_frames_the_mainland_of_its_countries(world):
    frame = region_frame(world, ["FR", "DE", "NO", "GR", "ES"])
    place = frame.place
    for lon, lat in [(2.35, 48.86), (23.7, 37.98), (10.75, 59.91)]:  # Paris, Athens, Oslo: inside
        x, y = place(lon, lat)
        assert 0 < x < frame.width and 0 < y < frame.height
    x, _ = place(-53.0, 4.0)  # French Guiana (part of France) is left out of the frame
    assert x < 0


# The maps compute over the whole world at once with NumPy; each of these must give, bit for
# bit, the floats of the plain functions (the SVG's rounded numbers must not move), so they are
# checked over every point of the bundled world, and on invented arcs full of ties.

def _arrays_of(arcs):
    xs = np.array([x for arc in arcs for x, _ in arc], dtype=np.float64)
    ys = np.array([y for arc in arcs for _, y in arc], dtype=np.float64)
    return xs, ys, np.concatenate(([0], np.cumsum([len(arc) for arc in arcs])))


def _kept(arcs, mask, starts):
    return [[p for p, kept in zip(arc, mask[starts[i]:starts[i + 1]]) if kept] for i, arc in enumerate(arcs)]


def test_simplifying_many_arcs_at_once_keeps_what_simplify_keeps_of_each(world):
    for tolerance in (0.02, 0.5):  # degrees: finer than a region map's detail, and coarser than the world map's
        xs, ys, starts = _arrays_of(world.arcs)
        assert _kept(world.arcs, simplify_arcs(xs, ys, starts, tolerance), starts) == [
            simplify(arc, tolerance) for arc in world.arcs
        ]


def test_simplifying_at_once_picks_the_first_of_equally_far_points_as_simplify_does():
    rng = random.Random(7)
    arcs = [
        [(0.0, 0.0), (1.0, 1.0), (2.0, -1.0), (3.0, 1.0), (4.0, 0.0)],  # three points equally far
        [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)],  # a closed square
        [(5.0, 5.0)] * 6,  # a closed arc whose points all coincide: kept whole
        [(1.0, 2.0)], [(1.0, 2.0), (3.0, 4.0)],  # too short to simplify
        [(0.0, 0.0), (3.0, 0.0), (1.0, 0.0), (2.0, 0.0)],  # points beyond the segment's end
    ]
    for _ in range(40):  # points on a coarse grid: many distances tie exactly
        size = rng.choice([3, 8, 40, 300])
        arc = [(rng.randint(0, 4) * 0.5, rng.randint(0, 4) * 0.25) for _ in range(size)]
        arcs.append(arc + [arc[0]] if rng.random() < 0.4 else arc)
    for tolerance in (0.0, 0.1, 0.25, 0.6):
        xs, ys, starts = _arrays_of(arcs)
        assert _kept(arcs, simplify_arcs(xs, ys, starts, tolerance), starts) == [simplify(arc, tolerance) for arc in arcs]


def test_projecting_the_world_at_once_gives_the_floats_of_each_point(world):
    lon, lat = world.points.lon, world.points.lat
    for projection in (equal_earth, local_equirectangular(47.5)):
        xs, ys = projection.arrays(lon, lat)
        assert list(zip(xs.tolist(), ys.tolist())) == [projection(x, y) for x, y in zip(lon.tolist(), lat.tolist())]


def test_the_main_extent_from_projected_arrays_is_main_extents(world):
    lon, lat = world.points.lon, world.points.lat
    xs, ys = equal_earth.arrays(lon, lat)
    for shape in world.countries:
        for polygon in shape.polygons:
            where = world.ring_indexes(polygon[0])
            points = [equal_earth(lon, lat) for lon, lat in ring_points(world.arcs, polygon[0])]
            assert list(zip(xs[where].tolist(), ys[where].tolist())) == points
            assert ring_area_of(xs[where], ys[where]) == ring_area(points)
    for shape in world.countries:
        assert main_extent_of(world, shape, lon, lat) == main_extent(shape, world.arcs, lambda x, y: (x, y))
        assert main_extent_of(world, shape, xs, ys) == main_extent(shape, world.arcs, equal_earth)


def test_maps_draw_each_border_as_simplify_and_round_draw_it(world):
    for frame in (world_frame(world), region_frame(world, ["YE", "OM", "SA"])):
        drawing = maps._Drawing(world, frame)
        drawing.cache = {}  # drawn afresh
        drawing.prepare(range(len(world.arcs)))
        for index, arc in enumerate(world.arcs):
            placed = [frame.place(lon, lat) for lon, lat in arc]
            assert drawing.arc(index) == [(round(x), round(y)) for x, y in simplify(placed, maps.TOLERANCE)]


def test_a_projection_without_arrays_is_projected_point_by_point_to_the_same_map(world):
    counts = {"UA": CountryCount("UA", "Ukraine", 3, None), "MD": CountryCount("MD", "Moldova", 1, None)}
    frame = region_frame(world, ["UA", "MD"])
    plain = maps.Frame(lambda lon, lat: frame.projection(lon, lat), *dataclasses.astuple(frame)[1:-1])
    assert not hasattr(plain.projection, "arrays")
    assert plan_map(world, plain, counts, focus=["UA", "MD"]) == plan_map(world, frame, counts, focus=["UA", "MD"])


def test_a_ring_is_written_as_relative_moves_with_minus_signs_as_separators():
    from generator.svg import ring_path

    assert ring_path([(10, 20), (13, 20), (13, 15), (10, 20)]) == "M10 20l3 0 0-5-3 5z"
    assert ring_path([(7, -2)]) == "M7-2lz"
