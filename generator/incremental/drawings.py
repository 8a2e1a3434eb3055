"""The maps' simplified borders, and the world map's frame, kept between builds.

Projecting and simplifying the borders a map shows is most of what planning a map
costs (the world map: a seventh of a second), and every addition plans the home
page's map again. The arcs depend only on the world's shapes and the frame (both
covered by the cache's build key, the frame by `maps.frame_key`), so the build
keeps them in its cache and the next build starts from them. So with the world
map's frame, whose bounds project every point of the world's borders (a tenth of
a second of an addition at 10,000 briefings): a function of the shapes alone.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.geo import WorldShapes
from generator.incremental.cache import BuildCache
from generator.maps import Drawings, Frame, drawings_of, reuse_drawings, reuse_world_frames, world_frames_of

DRAWINGS = "map-drawings"
FRAMES = "map-frames"


class Kept(NamedTuple):
    """What the last build kept of a world's maps."""

    drawings: Drawings
    frames: dict[int, Frame]  # the world map's frame, by width


def reuse(cache: BuildCache, world: WorldShapes) -> Kept:
    """Start `world`'s maps from the drawings and frames the last build kept; those."""
    kept = cache.load(DRAWINGS)
    drawings = kept if isinstance(kept, dict) else {}
    reuse_drawings(world, drawings)
    frames = cache.load(FRAMES)
    if not (isinstance(frames, dict) and all(isinstance(frame, Frame) for frame in frames.values())):
        frames = {}
    reuse_world_frames(world, frames)
    return Kept(drawings, frames)


def keep(cache: BuildCache, world: WorldShapes, before: Kept) -> None:
    """Keep `world`'s drawings and frames for the next build, when this one found more than `before`."""
    drawn = drawings_of(world)
    if {key: len(arcs) for key, arcs in drawn.items()} != {key: len(arcs) for key, arcs in before.drawings.items()}:
        cache.save(DRAWINGS, drawn)
    frames = world_frames_of(world)
    if frames.keys() != before.frames.keys():
        cache.save(FRAMES, frames)
