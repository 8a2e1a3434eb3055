"""Which output folders' build caches to keep.

Every distinct output folder (`--out`) gets a cache of its own under
`.cache/briefings/`, as large as a few tenths of its site. Without a rule they
pile up: one-off `--out /tmp/x` folders, an old checkout's `build/`, the
preview's kept folder under `.cache/` (generator/outputdir.preview_folder). The rule, in order:

1. the cache of the folder being built is always kept;
2. a cache whose output folder no longer exists (or that names none) is removed:
   nothing is left for it to speed up;
3. of the others, the most recently used are kept, up to `keep` caches in all
   (the current one counted); the rest, least recently used first, are removed.

"Used" is the last build into that folder (generator/incremental/cache.py touches a file
in the cache on every build, a no-op build included). Ties (same time) are
broken by name, so the choice never depends on the order a folder is listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

KEEP = 3  # output folders whose caches are kept: the site, a preview, one more


@dataclass(frozen=True)
class CacheFolder:
    name: str  # the cache folder's name (a digest of its output folder's path)
    output_exists: bool  # the output folder it belongs to is still there
    last_used_ns: int  # when a build last used it


def caches_to_remove(caches: Sequence[CacheFolder], current: str, keep: int = KEEP) -> list[str]:
    """Names of the caches to remove, sorted, so that at most `keep` remain with `current` among them."""
    others = [cache for cache in caches if cache.name != current]
    remove = {cache.name for cache in others if not cache.output_exists}
    living = sorted(
        (cache for cache in others if cache.output_exists),
        key=lambda cache: (-cache.last_used_ns, cache.name),
    )
    remove.update(cache.name for cache in living[max(keep - 1, 0):])
    return sorted(remove)
