"""Country shapes and maps: the bundled data, projection, simplification, shading."""

from __future__ import annotations

import math

import pytest
import yaml

from conftest import REPO
from generator.geo import decode_countries, equal_earth, load_world, ring_points, simplify
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
