"""Choropleth maps: countries shaded by their number of briefings, as SVG.

`plan_map` is pure and returns a `ChoroplethMap` whose numbers (count and
shade of every country) tests compare with counts made from the content;
`map_svg` draws it, with links made by the page's own `link()` so the same
map works on pages at any depth and from disk.

Shapes are projected, then simplified to a fraction of a pixel of the map
being drawn, then rounded to whole units: a world map does not carry the
detail a region map needs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from generator import svg
from generator.geo import (
    CountryShape, Projection, WorldShapes, equal_earth, local_equirectangular, main_extent_of, simplify_arcs,
)
from generator.numerics import numpy

if TYPE_CHECKING:
    import numpy as np

MAP_WIDTH = 640
TOLERANCE = 0.6  # map units (pixels at natural size): finer detail is invisible
MARKER_BELOW = 5  # a shaded country narrower and shorter than this also gets a dot
MARKER_RADIUS = 3.5

# Fallback colours (light theme) written into the SVG, for readers whose CSS did
# not load; site.css overrides them, also for dark mode.
LAND_FILL = "#dfe3e8"
REGION_FILL = "#c3cad3"
SHADE_FILLS = ("#fdd7c9", "#f9a98c", "#ed6f52", "#c7402d", "#8c1d12")
BORDER = "#fdfdfb"


@dataclass(frozen=True)
class Bucket:
    """One shade of the legend: counts from `low` to `high` (None: and more)."""

    low: int
    high: int | None

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{self.low}+"
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    def holds(self, count: int) -> bool:
        return count >= self.low and (self.high is None or count <= self.high)


def buckets_for(largest: int) -> tuple[Bucket, ...]:
    """At most five shades. Up to five briefings, one shade per count. Above,
    news coverage is skewed (a few countries dominate), so the shades start at
    steps of 1, 2, 5, 10, 20, 50, ... spread evenly over those up to the largest
    count: a country with 3 briefings stays apart from one with 1 even when
    another has 200."""
    shades = len(SHADE_FILLS)
    if largest <= 0:
        return ()
    if largest <= shades:
        return tuple(Bucket(n, n) for n in range(1, largest + 1))
    steps = [1]
    while True:
        step = steps[-1] * 5 // 2 if str(steps[-1])[0] == "2" else steps[-1] * 2
        if step > largest:
            break
        steps.append(step)
    if len(steps) > shades:
        steps = [steps[round(i * (len(steps) - 1) / (shades - 1))] for i in range(shades)]
    return tuple(
        Bucket(low, steps[i + 1] - 1 if i + 1 < len(steps) else None) for i, low in enumerate(steps)
    )


def shade_of(bucket: int, buckets: int) -> int:
    """Which of the SHADE_FILLS bucket number `bucket` of `buckets` is drawn in:
    with fewer buckets than shades the darker ones are used, so that a country
    with the only count there is does not look nearly empty."""
    return round((bucket + 1) * len(SHADE_FILLS) / buckets) - 1


@dataclass(frozen=True)
class CountryCount:
    """What the map needs to know of a country in the archive."""

    iso: str
    name: str
    count: int
    target: str | None  # output path of its page; None when it has no briefings


@dataclass(frozen=True)
class MapArea:
    iso: str
    name: str
    count: int
    bucket: int  # index into the map's buckets
    shade: int  # index into SHADE_FILLS
    target: str | None
    path: str  # SVG path data; "" when too small to draw at this scale
    marker: tuple[int, int] | None  # dot for countries too small to see


@dataclass(frozen=True)
class ChoroplethMap:
    width: int
    height: int
    land: str  # path of countries drawn without shading (context)
    region_land: str  # region maps: path of the region's countries without briefings
    areas: tuple[MapArea, ...]  # shaded countries, most briefings first
    buckets: tuple[Bucket, ...]
    unmapped: tuple[CountryCount, ...]  # countries with briefings but no shape here


@dataclass(frozen=True)
class Frame:
    """Where projected coordinates land on the map, and which longitudes and
    latitudes are worth drawing (None: everything)."""

    projection: Projection
    x0: float
    y0: float
    scale: float
    width: int
    height: int
    window: tuple[float, float, float, float] | None  # lon/lat bounds of what is visible
    # the projection as plain values, so that drawings kept between builds find their
    # frame (generator/incremental/drawings.py); () for a frame that names none
    projection_key: tuple = ()

    def place(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.projection(lon, lat)
        return ((x - self.x0) * self.scale, (y - self.y0) * self.scale)


# The world frame by (world, width): projecting every point for its bounds is a good part
# of a rebuild of a small archive (the preview server rebuilds on every save). The world
# object is kept in the value, so its id cannot be reused while the entry lives.
_WORLD_FRAMES: dict[tuple[int, int], tuple[WorldShapes, Frame]] = {}


# The world's points projected, by (world, projection), all at once: the world frame's
# bounds and the world map's drawing project the same points, and every map of one frame's
# projection draws some of the same arcs. The world object is kept in the value, as above.
_PROJECTED: dict[tuple[int, Projection], tuple[WorldShapes, np.ndarray, np.ndarray]] = {}
_PROJECTIONS_KEPT = 32  # about 0.6 MB each for the bundled world: a region's is made in a tenth of a millisecond


def _projected_world(world: WorldShapes, projection: Projection) -> tuple[np.ndarray, np.ndarray]:
    """Every point of `world.points` projected: through the projection's `arrays` (the same
    floats, computed at once) when it has them, else point by point."""
    known = _PROJECTED.get((id(world), projection))
    if known is None:
        if len(_PROJECTED) >= _PROJECTIONS_KEPT:  # the oldest forgotten: each holds the whole world
            del _PROJECTED[next(iter(_PROJECTED))]
        points = world.points
        arrays = getattr(projection, "arrays", None)
        if arrays is not None:
            xs, ys = arrays(points.lon, points.lat)
        else:
            np = numpy()
            projected = [projection(lon, lat) for lon, lat in zip(points.lon.tolist(), points.lat.tolist())]
            xs = np.array([x for x, _ in projected], dtype=np.float64)
            ys = np.array([y for _, y in projected], dtype=np.float64)
        known = _PROJECTED[(id(world), projection)] = (world, xs, ys)
    return known[1], known[2]


def world_frames_of(world: WorldShapes) -> dict[int, Frame]:
    """The world frames found so far for `world`, by width, for a build to keep."""
    return {key[1]: frame for key, (shapes, frame) in _WORLD_FRAMES.items() if shapes is world}


def reuse_world_frames(world: WorldShapes, kept: dict[int, Frame]) -> None:
    """Start from the world frames an earlier build found (`world_frames_of`) for the same world."""
    for width, frame in kept.items():
        _WORLD_FRAMES.setdefault((id(world), width), (world, frame))


def world_frame(world: WorldShapes, width: int = MAP_WIDTH) -> Frame:
    known = _WORLD_FRAMES.get((id(world), width))
    if known is None:
        xs, ys = _projected_world(world, equal_earth)
        x0, y0, x1, y1 = float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())
        scale = width / (x1 - x0)
        frame = Frame(equal_earth, x0, y0, scale, width, round((y1 - y0) * scale), None, ("equal_earth",))
        known = _WORLD_FRAMES[(id(world), width)] = (world, frame)
    return known[1]


def region_frame(world: WorldShapes, isos: Sequence[str], width: int = MAP_WIDTH) -> Frame | None:
    """A frame around the main parts of the given countries, with a margin of
    neighbours, between square and 2.2:1 so a region never becomes a sliver."""
    shapes = [s for iso in isos if (s := world.by_iso().get(iso))]
    if not shapes:
        return None
    points = world.points
    plain = [main_extent_of(world, s, points.lon, points.lat) for s in shapes]
    middle_lat = (min(b[1] for b in plain) + max(b[3] for b in plain)) / 2
    projection = local_equirectangular(middle_lat)
    xs, ys = _projected_world(world, projection)
    extents = [main_extent_of(world, s, xs, ys) for s in shapes]
    x0, y0 = min(e[0] for e in extents), min(e[1] for e in extents)
    x1, y1 = max(e[2] for e in extents), max(e[3] for e in extents)
    w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    x0, y0, w, h = x0 - w * 0.08, y0 - h * 0.08, w * 1.16, h * 1.16
    if w / h > 2.2:
        y0, h = y0 - (w / 2.2 - h) / 2, w / 2.2
    elif w / h < 1.0:
        x0, w = x0 - (h - w) / 2, h
    shrink = projection(1.0, 0.0)[0]
    window = (x0 / shrink - 1, -(y0 + h) - 1, (x0 + w) / shrink + 1, -y0 + 1)
    scale = width / w
    return Frame(projection, x0, y0, scale, width, round(h * scale), window, ("local_equirectangular", middle_lat))


# Arcs projected and simplified, by (world, frame key): the same maps are drawn on every
# build (and the preview server builds on every save), and simplifying the world's
# borders is most of a small archive's build. The world object is kept in the value,
# so its id cannot be reused while the entry lives.
_SIMPLIFIED: dict[tuple[int, tuple | Frame], tuple[WorldShapes, dict[int, list[tuple[int, int]]]]] = {}
_SIMPLIFIED_FRAMES = 512  # a frame per map; forgotten all at once beyond this
Drawings = dict[tuple, dict[int, list[tuple[int, int]]]]  # frame key -> arc index -> points drawn


def frame_key(frame: Frame) -> tuple | Frame:
    """What a frame's drawings depend on, as plain values (the frame itself when its
    projection has no name: those drawings are not kept between builds)."""
    if not frame.projection_key:
        return frame
    return (frame.projection_key, frame.x0, frame.y0, frame.scale, frame.width, frame.height, frame.window)


def drawings_of(world: WorldShapes) -> Drawings:
    """The arcs simplified so far for `world`, by frame key, for a build to keep."""
    return {key[1]: dict(arcs) for key, (shapes, arcs) in _SIMPLIFIED.items()
            if shapes is world and isinstance(key[1], tuple)}


def reuse_drawings(world: WorldShapes, kept: Drawings) -> None:
    """Start from arcs simplified by an earlier build (`drawings_of`) of the same world."""
    for key, arcs in kept.items():
        if len(_SIMPLIFIED) >= _SIMPLIFIED_FRAMES:
            return
        known = _SIMPLIFIED.setdefault((id(world), key), (world, {}))[1]
        for index, points in arcs.items():
            known.setdefault(index, points)


class _Drawing:
    """Arcs projected and simplified for one frame, computed on first use, or ahead (`prepare`)
    for all the arcs a map may draw at once."""

    def __init__(self, world: WorldShapes, frame: Frame):
        self.world, self.frame = world, frame
        if len(_SIMPLIFIED) >= _SIMPLIFIED_FRAMES:
            _SIMPLIFIED.clear()
        self.cache = _SIMPLIFIED.setdefault((id(world), frame_key(frame)), (world, {}))[1]
        # drawn by `prepare` and not asked for yet: they join the cache (kept between builds)
        # only when drawn, so that it holds the same arcs however they were computed
        self.ahead: dict[int, list[tuple[int, int]]] = {}
        self._placed: tuple[np.ndarray, np.ndarray] | None = None
        self._polygons_visible: np.ndarray | None = None
        self._visible_list: list[bool] = []

    def placed(self) -> tuple[np.ndarray, np.ndarray]:
        """Every point of the world placed on the map, as Frame.place places it."""
        if self._placed is None:
            frame = self.frame
            xs, ys = _projected_world(self.world, frame.projection)
            self._placed = ((xs - frame.x0) * frame.scale, (ys - frame.y0) * frame.scale)
        return self._placed

    def polygons_visible(self) -> np.ndarray:
        """By polygon number (`WorldShapes.polygon_arcs`): has its outer ring an arc in the window?"""
        if self._polygons_visible is None:
            np = numpy()
            table = self.world.polygon_arcs
            if self.frame.window is None:
                self._polygons_visible = np.ones(len(table.outer_sizes), dtype=bool)
            else:
                wx0, wy0, wx1, wy1 = self.frame.window
                bx0, by0, bx1, by1 = self.world.arc_bounds
                arcs = (bx0 <= wx1) & (bx1 >= wx0) & (by0 <= wy1) & (by1 >= wy0)
                # a polygon is visible when any arc of its outer ring is: arcs counted per polygon
                seen = np.concatenate(([0], np.cumsum(arcs[table.outer])))
                ends = np.cumsum(table.outer_sizes)
                self._polygons_visible = seen[ends] > seen[ends - table.outer_sizes]
            self._visible_list = self._polygons_visible.tolist()
        return self._polygons_visible

    def visible(self, ring: Sequence[int]) -> bool:
        if self.frame.window is None:
            return True
        number = self.world.polygon_arcs.number.get(id(ring))
        if number is None:  # not a ring of the world's countries: its arcs one by one
            wx0, wy0, wx1, wy1 = self.frame.window
            bounds = self.world.arc_bounds
            return any(bool((bounds[0][arc] <= wx1) & (bounds[2][arc] >= wx0) & (bounds[1][arc] <= wy1)
                            & (bounds[3][arc] >= wy0)) for arc in (i if i >= 0 else ~i for i in ring))
        self.polygons_visible()
        return self._visible_list[number]

    def prepare_frame(self) -> None:
        """Simplify every arc that a polygon visible in the frame draws, together."""
        np = numpy()
        table = self.world.polygon_arcs
        arcs = np.sort(table.every[np.repeat(self.polygons_visible(), table.sizes)])
        # np.unique's values, without np.unique: it asks numpy.ma whether the array is masked,
        # and importing numpy.ma cost a clean build 0.009 s (as in related.py)
        self.prepare(arcs[np.concatenate(([True], arcs[1:] != arcs[:-1]))].tolist() if arcs.size else [])

    def prepare(self, indexes: Sequence[int]) -> None:
        """Simplify the arcs of `indexes` not drawn yet, together (geo.simplify_arcs)."""
        wanted = sorted({arc for index in indexes if (arc := index if index >= 0 else ~index) not in self.cache
                         and arc not in self.ahead})
        if not wanted:
            return
        np = numpy()
        starts = self.world.points.starts
        firsts = starts[wanted]
        sizes = starts[np.array(wanted) + 1] - firsts
        offsets = np.concatenate(([0], np.cumsum(sizes)))
        where = np.arange(int(offsets[-1])) + np.repeat(firsts - offsets[:-1], sizes)
        xs, ys = self.placed()
        xs, ys = xs[where], ys[where]
        keep = simplify_arcs(xs, ys, offsets, TOLERANCE)
        # rounded as round() rounds: to the nearest, halves to even
        points = list(zip(np.rint(xs[keep]).astype(np.int64).tolist(), np.rint(ys[keep]).astype(np.int64).tolist()))
        kept = np.concatenate(([0], np.cumsum(keep))).take(offsets).tolist()
        for k, index in enumerate(wanted):
            self.ahead[index] = points[kept[k]:kept[k + 1]]

    def arc(self, index: int) -> list[tuple[int, int]]:
        found = self.cache.get(index)
        if found is None:
            if index not in self.ahead:
                self.prepare([index])
            found = self.cache[index] = self.ahead.pop(index)
        return found

    def ring(self, ring: Sequence[int]) -> list[tuple[int, int]]:
        points: list[tuple[int, int]] = []
        for index in ring:
            arc = self.arc(index) if index >= 0 else self.arc(~index)[::-1]
            points.extend(arc if not points else arc[1:])
        deduped = [point for point, _ in itertools.groupby(points)]  # a point repeated: once
        return deduped if len(set(deduped)) >= 3 else []

    def country(self, shape: CountryShape) -> str:
        rings = []
        for polygon in shape.polygons:
            if not self.visible(polygon[0]):
                continue
            outer = self.ring(polygon[0])
            if not outer:
                continue
            rings.append(svg.ring_path(outer))
            rings += [svg.ring_path(hole) for ring in polygon[1:] if (hole := self.ring(ring))]
        return "".join(rings)

    def marker(self, shape: CountryShape) -> tuple[int, int] | None:
        x0, y0, x1, y1 = main_extent_of(self.world, shape, *self.placed())
        if x1 - x0 >= MARKER_BELOW or y1 - y0 >= MARKER_BELOW:
            return None
        return (round((x0 + x1) / 2), round((y0 + y1) / 2))


def plan_map(
    world: WorldShapes, frame: Frame, counts: Mapping[str, CountryCount], focus: Sequence[str] = (),
) -> ChoroplethMap:
    """Shade every country of `counts` (by ISO code) that has briefings; draw the
    rest as land, the `focus` countries (a region's) a shade darker than others."""
    shapes = world.by_iso()
    shaded = sorted((c for c in counts.values() if c.count > 0), key=lambda c: (-c.count, c.name))
    buckets = buckets_for(shaded[0].count if shaded else 0)
    drawing = _Drawing(world, frame)
    drawing.prepare_frame()  # every arc a country in the frame may draw, simplified together
    areas, unmapped = [], []
    for country in shaded:
        shape = shapes.get(country.iso)
        if shape is None:
            unmapped.append(country)
            continue
        path = drawing.country(shape)
        marker = drawing.marker(shape)
        if not path and marker is None:
            continue  # drawn on another region's map, not visible in this frame
        bucket = next(i for i, b in enumerate(buckets) if b.holds(country.count))
        areas.append(MapArea(
            country.iso, country.name, country.count, bucket, shade_of(bucket, len(buckets)), country.target, path, marker,
        ))
    drawn = {area.iso for area in areas}
    focus_set = set(focus)
    land = "".join(drawing.country(s) for s in world.countries if s.iso not in drawn and s.iso not in focus_set)
    region_land = "".join(drawing.country(shapes[iso]) for iso in sorted(focus_set - drawn) if iso in shapes)
    return ChoroplethMap(
        width=frame.width, height=frame.height, land=land, region_land=region_land,
        areas=tuple(areas), buckets=buckets, unmapped=tuple(unmapped),
    )


def map_svg(plan: ChoroplethMap, link: Callable[[str], str], ident: str, title: str, description: str) -> str:
    """The map as inline SVG. Links are out of the tab order (tabindex -1): the
    table of the same numbers beside it carries them for keyboards and screen readers.
    The SVG is a labelled group, not role="img": an image may not contain links."""
    parts = [
        f'<svg class="picture-svg map-svg" viewBox="0 0 {plan.width} {plan.height}"'
        f' width="{plan.width}" height="{plan.height}" role="group" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{svg.esc(title)}</title><desc id="{ident}-d">{svg.esc(description)}</desc>',
        f'<g stroke="{BORDER}" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    if plan.land:
        parts.append(f'<path class="map-land" fill="{LAND_FILL}" d="{plan.land}"/>')
    if plan.region_land:
        parts.append(f'<path class="map-region" fill="{REGION_FILL}" d="{plan.region_land}"/>')
    for area in plan.areas:
        shade = f' class="shade-{area.shade}" fill="{SHADE_FILLS[area.shade]}"'
        noun = "briefing" if area.count == 1 else "briefings"
        inner = f"<title>{svg.esc(area.name)}: {area.count} {noun}</title>"
        if area.path:
            inner += f'<path{shade} d="{area.path}"/>'
        if area.marker:
            x, y = area.marker
            inner += f'<circle{shade} cx="{x}" cy="{y}" r="{MARKER_RADIUS}"/>'
        data = svg.attrs(data_iso=area.iso, data_count=area.count)
        if area.target:
            parts.append(f'<a href="{svg.esc(link(area.target))}" tabindex="-1"{data}>{inner}</a>')
        else:
            parts.append(f"<g{data}>{inner}</g>")
    parts.append("</g></svg>")
    return "".join(parts)

