"""The maps' simplified borders, kept between builds.

Projecting and simplifying the borders a map shows is most of what planning a map
costs (the world map: a seventh of a second), and every addition plans the home
page's map again. The arcs depend only on the world's shapes and the frame (both
covered by the cache's build key, the frame by `maps.frame_key`), so the build
keeps them in its cache and the next build starts from them.
"""

from __future__ import annotations

from generator.geo import WorldShapes
from generator.incremental.cache import BuildCache
from generator.maps import Drawings, drawings_of, reuse_drawings

DRAWINGS = "map-drawings"


def reuse(cache: BuildCache, world: WorldShapes) -> Drawings:
    """Start `world`'s maps from the drawings the last build kept; those drawings."""
    kept = cache.load(DRAWINGS)
    if not isinstance(kept, dict):
        return {}
    reuse_drawings(world, kept)
    return kept


def keep(cache: BuildCache, world: WorldShapes, before: Drawings) -> None:
    """Keep `world`'s drawings for the next build, when this one drew more than `before`."""
    drawn = drawings_of(world)
    if {key: len(arcs) for key, arcs in drawn.items()} != {key: len(arcs) for key, arcs in before.items()}:
        cache.save(DRAWINGS, drawn)
