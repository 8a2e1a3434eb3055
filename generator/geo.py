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
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple, Sequence

from generator.numerics import numpy

if TYPE_CHECKING:
    import numpy as np

Point = tuple[float, float]
Arc = tuple[Point, ...]
Ring = tuple[int, ...]  # signed arc indexes; ~i is arc i walked backwards (TopoJSON)
Polygon = tuple[Ring, ...]  # outer ring, then holes
# A projection may also carry `arrays`: the same function over NumPy arrays of longitudes
# and latitudes, giving bit for bit the floats the plain function gives (maps.py projects
# the whole world at once through it; with none, point by point)
Projection = Callable[[float, float], Point]

WORLD_SHAPES = Path(__file__).resolve().parent / "data" / "countries.topo.json"


class ShapeDataError(Exception):
    """The shapes file is missing or not the TopoJSON this module reads."""


@dataclass(frozen=True)
class CountryShape:
    iso: str  # ISO 3166-1 alpha-2; "" for territories without a code (drawn as land only)
    name: str
    polygons: tuple[Polygon, ...]


class ArcPoints(NamedTuple):
    """Every arc's points one after another, as arrays: arc i is lon[starts[i]:starts[i + 1]]."""

    lon: np.ndarray
    lat: np.ndarray
    starts: np.ndarray  # one more than there are arcs

    def bounds(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each arc's bounds (as `bounds` finds them) in coordinates xs, ys given for every
        point; NaN for an empty arc."""
        np = numpy()
        firsts, sizes = self.starts[:-1], np.diff(self.starts)
        if not len(xs):
            nothing = np.full(len(firsts), np.nan)
            return nothing, nothing, nothing, nothing
        at = np.minimum(firsts, len(xs) - 1)  # reduceat needs indexes inside the arrays
        found = [np.where(sizes > 0, reduce.reduceat(values, at), np.nan)
                 for reduce, values in ((np.minimum, xs), (np.minimum, ys), (np.maximum, xs), (np.maximum, ys))]
        return found[0], found[1], found[2], found[3]


class PolygonArcs(NamedTuple):
    """The arcs (unsigned indexes) of every polygon of every country, one polygon after another."""

    number: dict[int, int]  # id of a polygon's outer ring -> the polygon's number
    outer: np.ndarray  # the arcs of each polygon's outer ring
    outer_sizes: np.ndarray  # how many each polygon's outer ring has
    every: np.ndarray  # the arcs of all rings of each polygon
    sizes: np.ndarray  # how many each polygon has


@dataclass(frozen=True)
class WorldShapes:
    arcs: tuple[Arc, ...]  # longitude, latitude in degrees
    countries: tuple[CountryShape, ...]

    def by_iso(self) -> dict[str, CountryShape]:
        return {country.iso: country for country in self.countries if country.iso}

    @functools.cached_property
    def points(self) -> ArcPoints:
        """The arcs' points as arrays, to project, place and simplify the world at once."""
        np = numpy()
        sizes = [len(arc) for arc in self.arcs]
        total = sum(sizes)
        lon = np.fromiter((point[0] for arc in self.arcs for point in arc), dtype=np.float64, count=total)
        lat = np.fromiter((point[1] for arc in self.arcs for point in arc), dtype=np.float64, count=total)
        return ArcPoints(lon, lat, np.concatenate(([0], np.cumsum(sizes, dtype=np.int64))))

    @functools.cached_property
    def arc_bounds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each arc's longitude/latitude bounds (x0, y0, x1, y1 arrays), to skip what a
        region map does not show: the same for every frame, so found once."""
        return self.points.bounds(self.points.lon, self.points.lat)

    @functools.cached_property
    def polygon_arcs(self) -> PolygonArcs:
        """The arcs of every country's polygons, as arrays, to tell which a frame shows at once."""
        np = numpy()
        number: dict[int, int] = {}
        outer: list[int] = []
        outer_sizes: list[int] = []
        every: list[int] = []
        sizes: list[int] = []
        for country in self.countries:
            for polygon in country.polygons:
                number.setdefault(id(polygon[0]), len(outer_sizes))
                outer += [index if index >= 0 else ~index for index in polygon[0]]
                outer_sizes.append(len(polygon[0]))
                arcs = [index if index >= 0 else ~index for ring in polygon for index in ring]
                every += arcs
                sizes.append(len(arcs))
        return PolygonArcs(number, np.array(outer, dtype=np.int64), np.array(outer_sizes, dtype=np.int64),
                           np.array(every, dtype=np.int64), np.array(sizes, dtype=np.int64))

    @functools.cached_property
    def _ring_indexes(self) -> dict[Ring, np.ndarray]:
        return {}

    def ring_indexes(self, ring: Ring) -> np.ndarray:
        """Where each point of `ring_points(self.arcs, ring)` is in `self.points`."""
        ring = tuple(ring)
        known = self._ring_indexes.get(ring)
        if known is None:
            known = self._ring_indexes[ring] = self._find_ring_indexes(ring)
        return known

    def _find_ring_indexes(self, ring: Ring) -> np.ndarray:
        np = numpy()
        starts = self.points.starts
        parts: list[np.ndarray] = []
        started = False
        for index in ring:
            arc = index if index >= 0 else ~index
            first, stop = int(starts[arc]), int(starts[arc + 1])
            part = np.arange(first, stop) if index >= 0 else np.arange(stop - 1, first - 1, -1)
            parts.append(part[1:] if started else part)
            started = started or stop > first
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def decode_arcs(topology: dict) -> tuple[Arc, ...]:
    """TopoJSON arcs -> absolute coordinates, undoing quantization and delta encoding."""
    transform = topology.get("transform")
    arcs = []
    for raw in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for delta in raw:  # indexed rather than unpacked with a starred rest: a third quicker
                x += delta[0]
                y += delta[1]
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
    return [points[i] for i in [0, *_kept_inside(points, tolerance), len(points) - 1]]


def _kept_inside(points: Sequence[Point], tolerance: float) -> list[int]:
    """Douglas-Peucker over one open run of points: the indexes of the points between its
    ends that it keeps, in order (simplify's loop, and simplify_arcs' where squares cannot
    tell distances apart)."""
    kept: list[int] = []
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
            kept.append(worst)
            stack += [(first, worst), (worst, last)]
    return sorted(kept)


# Relative slack when telling distances apart by their squares in NumPy: a square (two
# products and a sum) and math.hypot are each within a few units in the last place of the
# exact value, so squares further apart than this rank their hypot the same way.
_SQUARES_APART = 1e-9
_TINY = 1e-290  # below this, squares lose their relative precision (subnormal numbers)
_PYTHON_BELOW = 200  # points left to measure: fewer, and a Python loop is quicker than NumPy's calls


def simplify_arcs(xs: np.ndarray, ys: np.ndarray, starts: np.ndarray, tolerance: float) -> np.ndarray:
    """`simplify` of many arcs at once, the mask of the points it keeps of each, bit for bit.

    Arc i is xs[starts[i]:starts[i + 1]] (ys likewise). Douglas-Peucker's passes are made
    over every arc's open segments together, one NumPy step each; each segment's farthest
    point is found as `simplify` finds it: distances by the same floating-point operations,
    and math.hypot itself wherever their squares cannot tell the farthest (first) point apart.
    """
    np = numpy()
    keep = np.zeros(len(xs), dtype=bool)
    firsts, lasts = starts[:-1], starts[1:] - 1
    present = lasts >= firsts
    keep[firsts[present]] = keep[lasts[present]] = True
    long = lasts - firsts >= 2  # shorter arcs are kept whole, their ends
    firsts, lasts = firsts[long], lasts[long]
    closed = (xs[firsts] == xs[lasts]) & (ys[firsts] == ys[lasts])
    # a closed arc is split at its point farthest from its start (the first such point);
    # with every point on its start, `simplify` keeps them all
    rings_f, rings_l = firsts[closed], lasts[closed]
    far = _farthest(xs, ys, rings_f, rings_l, 0.0)
    for first, last in zip(rings_f[far < 0].tolist(), rings_l[far < 0].tolist()):
        keep[first:last + 1] = True
    split = far >= 0
    keep[far[split]] = True
    segment_f = np.concatenate((firsts[~closed], rings_f[split], far[split]))
    segment_l = np.concatenate((lasts[~closed], far[split], rings_l[split]))
    while len(segment_f):
        inner = segment_l - segment_f >= 2
        segment_f, segment_l = segment_f[inner], segment_l[inner]
        if int((segment_l - segment_f - 1).sum()) < _PYTHON_BELOW:
            _simplify_segments(xs, ys, segment_f.tolist(), segment_l.tolist(), tolerance, keep)
            break
        worst = _farthest(xs, ys, segment_f, segment_l, tolerance)
        found = worst >= 0
        keep[worst[found]] = True
        segment_f, segment_l = (np.concatenate((segment_f[found], worst[found])),
                                np.concatenate((worst[found], segment_l[found])))
    return keep


def _farthest(xs: np.ndarray, ys: np.ndarray, firsts: np.ndarray, lasts: np.ndarray, beyond: float) -> np.ndarray:
    """For each segment firsts[k]..lasts[k] (at least one point between), the first of the
    points between that lie farthest from it, by `simplify`'s measure, if farther than
    `beyond`; -1 where none is."""
    np = numpy()
    counts = lasts - firsts - 1
    if not len(counts):
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(counts) - counts
    segment = np.repeat(np.arange(len(counts)), counts)
    index = np.arange(int(counts.sum())) + np.repeat(firsts + 1 - offsets, counts)
    ax, ay = xs[firsts], ys[firsts]
    dx, dy = xs[lasts] - ax, ys[lasts] - ay
    length = dx * dx + dy * dy
    ax, ay, dx, dy, length = ax[segment], ay[segment], dx[segment], dy[segment], length[segment]
    px, py = xs[index], ys[index]
    rx, ry = px - ax, py - ay
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (rx * dx + ry * dy) / length
    # clamped to [0, 1] as `simplify` clamps (a zero's sign aside, which no distance keeps)
    np.clip(t, 0.0, 1.0, out=t)
    ex, ey = px - (ax + t * dx), py - (ay + t * dy)
    point = length == 0  # a segment whose ends meet: the distance to that point
    if point.any():
        ex, ey = np.where(point, rx, ex), np.where(point, ry, ey)
    squares = ex * ex + ey * ey
    top = np.maximum.reduceat(squares, offsets)
    lower = 1 - _SQUARES_APART
    bar = beyond * beyond
    candidate = squares >= top[segment] * lower - _TINY
    infinite = np.isinf(top)
    if infinite.any():  # squares overflowed: measure them all
        candidate |= infinite[segment]
    candidate &= (top >= bar * lower - _TINY)[segment]
    # most segments have a single candidate, surely beyond the bar: that is their point
    alone = np.bincount(segment[candidate], minlength=len(counts)) == 1
    sure = candidate & alone[segment] & (squares > bar * (1 + _SQUARES_APART) + _TINY)
    worst = np.full(len(counts), -1, dtype=np.int64)
    worst[segment[sure]] = index[sure]
    settled = np.zeros(len(counts), dtype=bool)
    settled[segment[sure]] = True
    unsure = np.flatnonzero(candidate & ~settled[segment])
    if len(unsure):
        best: dict[int, float] = {}
        hypot = math.hypot
        for k, i, x, y in zip(segment[unsure].tolist(), index[unsure].tolist(), ex[unsure].tolist(),
                              ey[unsure].tolist()):
            distance = hypot(x, y)
            if distance > best.get(k, beyond):
                best[k] = distance
                worst[k] = i
    return worst


def _simplify_segments(xs: np.ndarray, ys: np.ndarray, firsts: list[int], lasts: list[int],
                       tolerance: float, keep: np.ndarray) -> None:
    """`simplify`'s own loop over each of the given open segments, marking what it keeps in `keep`."""
    for start, end in zip(firsts, lasts):
        points = list(zip(xs[start:end + 1].tolist(), ys[start:end + 1].tolist()))
        for inside in _kept_inside(points, tolerance):
            keep[start + inside] = True


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


def _equal_earth_arrays(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`equal_earth` over arrays, bit for bit: the same operations in the same order, the
    sines and cosines by math's own functions (NumPy's may differ in the last place), once
    for each latitude (points of a border share many: half as many as points in the world)."""
    np = numpy()
    latitudes, each = np.unique(lat, return_inverse=True)
    radians, asin, sin = math.radians, math.asin, math.sin
    thetas = [asin(_M * sin(radians(phi))) for phi in latitudes.tolist()]
    cosines = np.array(list(map(math.cos, thetas)))
    # the polynomials by NumPy: products and sums, exactly rounded as Python rounds them,
    # each constant product (3 * _A2, ...) a Python float first, as in equal_earth
    theta = np.array(thetas)
    t2 = theta * theta
    t6 = t2 * t2 * t2
    divisors = _M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2))
    ys = -(theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2)))
    each = each.reshape(-1)
    lam = lon * math.radians(1.0)  # math.radians multiplies by this very number
    return lam * cosines[each] / divisors[each], ys[each]


equal_earth.arrays = _equal_earth_arrays  # type: ignore[attr-defined]


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

    project.arrays = lambda lon, lat: (lon * shrink, -lat)  # type: ignore[attr-defined]
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


def ring_area_of(xs: np.ndarray, ys: np.ndarray) -> float:
    """`ring_area` of the points xs, ys, bit for bit."""
    np = numpy()
    terms = xs[:-1] * ys[1:] - xs[1:] * ys[:-1]
    # added up in order, as ring_area adds them (np.sum would add them pairwise)
    return abs(float(np.add.accumulate(terms)[-1])) / 2 if len(terms) else 0.0


def main_extent_of(world: WorldShapes, shape: CountryShape, xs: np.ndarray, ys: np.ndarray) -> tuple[float, float, float, float]:
    """`main_extent`, bit for bit, of a shape of `world` whose points (`world.points`)
    are already projected to xs, ys."""
    np = numpy()
    parts = []
    for polygon in shape.polygons:
        where = world.ring_indexes(polygon[0])
        parts.append((ring_area_of(xs[where], ys[where]), where))
    largest = max(area for area, _ in parts)
    where = np.concatenate([where for area, where in parts if area >= largest / 4])
    px, py = xs[where], ys[where]
    return (float(px.min()), float(py.min()), float(px.max()), float(py.max()))
