"""Make generator/data/countries.topo.json, the country shapes the maps are drawn from.

Source: the npm package world-atlas 2.0.2 (ISC licence, Mike Bostock), file
countries-50m.json: Natural Earth 4.1.0 Admin 0 countries at 1:50m, which
Natural Earth places in the public domain. Run from the repository root:

    npm pack world-atlas@2.0.2 --pack-destination /tmp && tar -xzf /tmp/world-atlas-2.0.2.tgz -C /tmp
    .venv/bin/python tools/make_country_shapes.py /tmp/package/countries-50m.json

What it does, so the file stays small (it is read at every build) but keeps
enough detail for a region map 640 px wide:
- simplifies every arc (Douglas-Peucker, TOLERANCE degrees, ends kept so
  neighbours still share borders), and drops islands under MIN_ISLAND square
  degrees unless they are all a country has (Bahrain, Malta stay);
- leaves out Antarctica (no briefing region reaches it; the world map is
  shorter without it);
- names each country by its ISO 3166-1 alpha-2 code (world-atlas uses the
  numeric code; pycountry converts), which is how regions.yaml names them;
  territories without a code (Somaliland, Kosovo, N. Cyprus, ...) are kept
  with iso "" so the land is drawn, but cannot be shaded or linked;
- joins the rings that cross the antimeridian (east Russia, Fiji) into one
  piece running past 180 degrees, instead of a line across the whole map;
- requantizes to QUANTUM degrees and writes TopoJSON (delta-encoded arcs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.geo import WORLD_SHAPES, decode_arcs, ring_area, ring_points, simplify  # noqa: E402

TOLERANCE = 0.02  # degrees, about 2 km
MIN_ISLAND = 0.02  # square degrees, about 200 km² at the equator
QUANTUM = 0.005  # degrees
ANTARCTICA = "010"


def alpha2(numeric: str | None) -> str:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else ""


def crosses(ring: list[int], crossing: set[int]) -> bool:
    return any((i if i >= 0 else ~i) in crossing for i in ring)


def unwrapped(arcs: list, ring: list[int]) -> list[int]:
    """The ring with longitudes running on continuously past +180 instead of
    jumping to -180. Arcs that need shifting are copied (appended to `arcs`);
    the others, borders shared with neighbours among them, are kept as they are."""
    offset, out = 0.0, []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        shifted = []
        for i, (lon, lat) in enumerate(arc):
            if i and abs(lon - arc[i - 1][0]) > 180:
                offset += 360 if arc[i - 1][0] > lon else -360
            shifted.append((lon + offset, lat))
        if shifted == list(arc):
            out.append(index)
        else:
            arcs.append(shifted)
            out.append(len(arcs) - 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("--out", type=Path, default=WORLD_SHAPES)
    args = parser.parse_args()
    raw = args.source.read_bytes()
    topology = json.loads(raw)
    arcs = decode_arcs(topology)
    simplified = [simplify(arc, TOLERANCE) for arc in arcs]

    countries = []
    crossing = {i for i, arc in enumerate(simplified) if any(abs(b[0] - a[0]) > 180 for a, b in zip(arc, arc[1:]))}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        sized = [(ring_area(ring_points(simplified, polygon[0])), polygon) for polygon in polygons]
        largest = max(area for area, _ in sized)
        kept = [polygon for area, polygon in sized if area >= MIN_ISLAND or area == largest]
        kept = [[unwrapped(simplified, ring) if crosses(ring, crossing) else ring for ring in p] for p in kept]
        countries.append((alpha2(geometry.get("id")), geometry["properties"]["name"], kept))

    # keep only arcs still used, renumbered in order of first use
    renumber: dict[int, int] = {}
    out_arcs = []
    for _, _, polygons in countries:
        for polygon in polygons:
            for ring in polygon:
                for index in ring:
                    arc = index if index >= 0 else ~index
                    if arc not in renumber:
                        renumber[arc] = len(out_arcs)
                        out_arcs.append(simplified[arc])

    def quantized(arc):
        cells = [(round((lon + 180) / QUANTUM), round((lat + 90) / QUANTUM)) for lon, lat in arc]
        deduped = [cells[0]] + [c for prev, c in zip(cells, cells[1:]) if c != prev]
        if len(deduped) == 1:
            deduped.append(deduped[0])  # an arc needs two points, even if both round alike
        deltas = [list(deduped[0])] + [[x1 - x0, y1 - y0] for (x0, y0), (x1, y1) in zip(deduped, deduped[1:])]
        return deltas

    def remap(ring):
        return [renumber[i] if i >= 0 else ~renumber[~i] for i in ring]

    geometries = []
    for iso, name, polygons in sorted(countries, key=lambda c: (c[0] == "", c[0], c[1])):
        rings = [[remap(ring) for ring in polygon] for polygon in polygons]
        geometry = {"type": "Polygon", "arcs": rings[0]} if len(rings) == 1 else {"type": "MultiPolygon", "arcs": rings}
        geometry["properties"] = {"iso": iso, "name": name}
        geometries.append(geometry)

    result = {
        "type": "Topology",
        "source": (
            "Natural Earth 4.1.0 Admin 0 countries 1:50m (public domain), via the npm package "
            f"world-atlas 2.0.2 countries-50m.json (ISC), sha256 {hashlib.sha256(raw).hexdigest()}; "
            f"simplified by tools/make_country_shapes.py (tolerance {TOLERANCE} deg, islands under "
            f"{MIN_ISLAND} sq deg dropped, Antarctica left out)"
        ),
        "transform": {"scale": [QUANTUM, QUANTUM], "translate": [-180, -90]},
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": [quantized(arc) for arc in out_arcs],
    }
    text = json.dumps(result, separators=(",", ":"), ensure_ascii=False)
    # one geometry or arc per line: readable diffs when the data is remade
    text = text.replace('},{"type"', '},\n{"type"').replace("]],[[", "]],\n[[")
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(geometries)} countries, {len(out_arcs)} arcs, {len(text.encode()) // 1024} KiB")


if __name__ == "__main__":
    main()
