"""Country shapes: reading the bundled TopoJSON, projecting and simplifying it.

Pure geometry over plain tuples; drawing SVG is `maps.py`'s job. Shapes are
kept as TopoJSON arcs (borders shared by two countries are stored once), and
arcs are simplified one by one with both ends kept, so neighbouring countries
still meet exactly however coarse a map is drawn: simplifying each country's
outline on its own would open gaps and overlaps along every border.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

Point = tuple[float, float]
Arc = tuple[Point, ...]
Ring = tuple[int, ...]  # signed arc indexes; ~i is arc i walked backwards (TopoJSON)
Polygon = tuple[Ring, ...]  # outer ring, then holes
Projection = Callable[[float, float], Point]

WORLD_SHAPES = Path(__file__).resolve().parent / "data" / "countries.topo.json"


class ShapeDataError(Exception):
    """The shapes file is missing or not the TopoJSON this module reads."""


@dataclass(frozen=True)
class CountryShape:
    iso: str  # ISO 3166-1 alpha-2; "" for territories without a code (drawn as land only)
    name: str
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class WorldShapes:
    arcs: tuple[Arc, ...]  # longitude, latitude in degrees
    countries: tuple[CountryShape, ...]

    def by_iso(self) -> dict[str, CountryShape]:
        return {country.iso: country for country in self.countries if country.iso}

    @functools.cached_property
    def arc_bounds(self) -> tuple[tuple[float, float, float, float], ...]:
        """Longitude/latitude bounds of each arc, to skip what a region map does not show."""
        return tuple(bounds(arc) for arc in self.arcs)


def decode_arcs(topology: dict) -> tuple[Arc, ...]:
    """TopoJSON arcs -> absolute coordinates, undoing quantization and delta encoding."""
    transform = topology.get("transform")
    arcs = []
    for raw in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in raw:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in raw]
        arcs.append(tuple(points))
    return tuple(arcs)


def decode_countries(topology: dict, object_name: str = "countries") -> WorldShapes:
    """A topology whose `object_name` collection holds countries with `properties.iso`."""
    try:
        geometries = topology["objects"][object_name]["geometries"]
        arcs = decode_arcs(topology)
    except (KeyError, TypeError, ValueError) as exc:
        raise ShapeDataError(f"not a TopoJSON topology with a {object_name!r} collection: {exc}") from exc
    countries = []
    for geometry in geometries:
        kind, raw = geometry.get("type"), geometry.get("arcs")
        if kind == "Polygon":
            polygons = (tuple(tuple(ring) for ring in raw),)
        elif kind == "MultiPolygon":
            polygons = tuple(tuple(tuple(ring) for ring in polygon) for polygon in raw)
        else:
            continue  # null geometries carry nothing to draw
        properties = geometry.get("properties") or {}
        countries.append(
            CountryShape(iso=str(properties.get("iso") or ""), name=str(properties.get("name") or ""), polygons=polygons)
        )
    return WorldShapes(arcs=arcs, countries=tuple(countries))


@functools.lru_cache(maxsize=4)  # read-only data: one copy per process, so drawings of it can be reused
def load_world(path: Path = WORLD_SHAPES) -> WorldShapes:
    try:
        return decode_countries(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError) as exc:
        raise ShapeDataError(f"{path}: cannot read country shapes: {exc}") from exc


def ring_points(arcs: Sequence[Sequence[Point]], ring: Iterable[int]) -> list[Point]:
    """The closed ring's points, arcs joined (each arc starts where the previous ended)."""
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def ring_area(points: Sequence[Point]) -> float:
    """Unsigned shoelace area, in the units of the points squared."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def bounds(points: Iterable[Point]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys))


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, keeping both ends (where arcs meet, so borders stay shared).

    A closed arc (an island drawn as one arc) is split at its point farthest
    from the start, so the line between its two equal ends is not degenerate.
    """
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        start = points[0]
        far = max(range(1, len(points) - 1), key=lambda i: math.hypot(points[i][0] - start[0], points[i][1] - start[1]))
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    hypot = math.hypot
    while stack:
        first, last = stack.pop()
        worst, worst_distance = 0, tolerance
        # each point's distance to the segment, inline: this loop is most of drawing a map,
        # and a function call per point was half of it
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = hypot(px - ax, py - ay)
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / length
                t = t if t < 1.0 else 1.0  # min(1.0, t)
                t = t if t > 0.0 else 0.0  # max(0.0, t)
                distance = hypot(px - (ax + t * dx), py - (ay + t * dy))
            if distance > worst_distance:
                worst, worst_distance = i, distance
        if worst:
            keep[worst] = True
            stack += [(first, worst), (worst, last)]
    return [p for p, kept in zip(points, keep) if kept]


# Equal Earth (Šavrič, Patterson, Jenny 2018): an equal-area world projection, so
# a big country does not look busier than it is, with the familiar rounded outline.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> Point:
    """Longitude, latitude in degrees -> x east, y south (SVG's y grows downwards)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return (x, -y)


# Memoised so that one latitude gives the same function: frames compare their projection
# by identity, and the maps' caches (generator/maps.py) are keyed by frame.
@functools.lru_cache(maxsize=256)
def local_equirectangular(centre_lat: float) -> Projection:
    """For one region: degrees, with longitude shrunk by the cosine of the region's
    middle latitude, so shapes keep their proportions there. Simple and free of
    the antimeridian cuts a recentred world projection would need."""
    shrink = math.cos(math.radians(centre_lat))

    def project(lon: float, lat: float) -> Point:
        return (lon * shrink, -lat)

    return project


def main_extent(shape: CountryShape, arcs: Sequence[Arc], projection: Projection) -> tuple[float, float, float, float]:
    """The projected bounds of a country's mainland and its big parts.

    Parts smaller than a quarter of the largest are left out, so France frames
    Europe and not French Guiana, and Norway not Svalbard; they are still drawn.
    """
    parts = []
    for polygon in shape.polygons:
        points = [projection(lon, lat) for lon, lat in ring_points(arcs, polygon[0])]
        parts.append((ring_area(points), points))
    largest = max(area for area, _ in parts)
    return bounds(p for area, points in parts if area >= largest / 4 for p in points)
