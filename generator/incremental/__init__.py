"""Incremental builds: what the last build left, and how little this one can do.

The pipeline (generator/build.py) calls, in its order:

- `output_locked`: held for the whole build, so that no other build into the same
  output folder runs beside it and no build into another removes its cache (cachelock.py);
- `last_build`: the last build's output manifest, trusted only where it checks out,
  and this build's input index (`unchanged`: nothing to do at all);
- `plan`: the build's `Plan`, made by the cheapest planner that can make it: a
  quick build when only briefings' text changed (quickplan.py), an addition when
  only briefings were added (addition.py), else the whole archive (fullplan.py);
- `stale_pages`: the planned pages whose output changes, the ones rendered, in batches
  as they are planned (a full plan never holds every page at once);
- `start_from_last`: a staging folder filled with the last site, by hard links,
  so that only what the plan changes is written;
- `pages_to_index`: the briefing pages search indexes again; `output_records`
  (`output_record` for one file): the records of the files written, for the next build;
- `save`: the plan store and the output manifest, for the next build.

Whatever the cache holds, the output is the bytes a clean build gives.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.config import Settings
from generator.incremental.cache import (
    FAST_COMPRESSION, BuildCache, OutputManifest, OutputRecord, build_key, cache_folder, load_manifest, save_manifest,
    with_files,
)
from generator.incremental.cachelock import held as held_lock
from generator.incremental.inputs import SourceIndex, input_digest, settings_key
# here, light as it is, and before `plan` below: importing it later would bind the package's
# name `plan` to the module rather than to the function
from generator.incremental.plan import Plan
from generator.models import BuildOptions
from generator.write import folder_identity, link_tree, shadow_folder, sync_tree

# The planners, the plan store and what comes after planning are imported when a build
# plans (`plan`, `LastBuild.store`, the names of _AFTER_PLANNING): with them, Jinja, Markdown and the
# whole site model, half the time of a build that finds nothing changed (0.5 s at 10,000).
if TYPE_CHECKING:
    from generator.incremental.outputs import StaleEntry, output_record, output_records, pages_to_index, stale_pages
    from generator.incremental.planstore import PlanStore
    from generator.render import PageRenderer
    from generator.workers import Workers

_AFTER_PLANNING = {
    name: "generator.incremental.outputs"
    for name in ("StaleEntry", "output_record", "output_records", "pages_to_index", "stale_pages")
}


def __getattr__(name: str) -> Any:  # PEP 562: `incremental.stale_pages` and the like, imported when first asked for
    if name in _AFTER_PLANNING:
        import importlib

        return getattr(importlib.import_module(_AFTER_PLANNING[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LastBuild", "OutputRecord", "Plan", "StaleEntry", "last_build", "output_locked", "output_record", "output_records",
    "pages_to_index", "plan", "save", "stale_pages", "start_from_last",
]


@dataclass(frozen=True)
class LastBuild:
    """What the last build into this output folder left, and this build's inputs."""

    cache: BuildCache
    # None: no last build to trust (or --clean). With nothing changed (`unchanged`), without
    # its records of files, which a build with nothing to do does not read (cache.py)
    manifest: OutputManifest | None
    settings_key: str  # this build's settings and options (incremental/inputs.py)
    inputs: str  # the digest of this build's inputs
    sources: SourceIndex  # this build's input index
    # the site before the last is in the shadow folder as the last build left it (read
    # before staging: adopting the shadow as the staging folder moves it)
    shadow_usable: bool

    @cached_property
    def store(self) -> PlanStore:
        """The last build's plans."""
        from generator.incremental.planstore import PlanStore

        return PlanStore(self.cache.folder)

    @property
    def unchanged(self) -> bool:
        return self.manifest is not None and self.manifest.inputs == self.inputs

    @property
    def files(self) -> dict[str, OutputRecord]:
        """The records of the last build's files ({} when there is none to trust)."""
        return self.manifest.files if self.manifest is not None else {}

    @property
    def same_settings(self) -> bool:
        return self.manifest is not None and self.manifest.settings_key == self.settings_key


def output_locked(root: Path, out_dir: Path) -> AbstractContextManager[bool]:
    """The lock of the cache of builds into `out_dir`, for a build to hold from before it
    reads the cache until it has saved it; a build holding it already is waited for, with
    a message on stderr naming it (generator/incremental/cachelock.py)."""
    return held_lock(cache_folder(root, out_dir), out_dir)


def last_build(root: Path, options: BuildOptions, settings: Settings, theme_dir: Path, out_dir: Path) -> LastBuild:
    """What the last build left: trusted only where it checks out."""
    cache = BuildCache.for_output(root, out_dir)
    loaded = None if options.clean else load_manifest(cache)
    token, manifest = loaded if loaded is not None else ("", None)
    if manifest is not None and (manifest.out_dir, manifest.out_id) != (str(out_dir), folder_identity(out_dir)):
        manifest = None  # removed or replaced output folder: build it all again
    key = settings_key(settings, options, out_dir)
    inputs, sources = input_digest(root, key, settings, theme_dir, manifest.sources if manifest is not None else {})
    if manifest is not None and manifest.inputs != inputs:  # something to do: the records of the files too
        manifest = with_files(cache, token, manifest)
    shadow_usable = (
        manifest is not None and manifest.shadow_files is not None
        and manifest.shadow_id is not None and folder_identity(shadow_folder(out_dir)) == manifest.shadow_id
    )
    return LastBuild(cache, manifest, key, inputs, sources, shadow_usable)


def plan(
    last: LastBuild, root: Path, settings: Settings, options: BuildOptions, renderer: PageRenderer,
    offline_zip: str, workers: Workers,
) -> Plan:
    """Read and check what changed, and plan it: only the edited briefings' pages when
    only their text changed, only what an addition changes when briefings were only
    added, else everything."""
    from generator.compiledtemplates import COMPILED
    from generator.incremental.planstore import StoreError

    manifest, store, cache, sources = last.manifest, last.store, last.cache, last.sources
    # templates compiled (and parsed for what they extend) by the last build's process are
    # kept in the cache, for this one's (generator/compiledtemplates.py); --clean ignores them
    COMPILED.keep_in(None if options.clean else cache.folder, build_key())
    found = None
    if manifest is not None and last.same_settings and not offline_zip:
        # imported only here: a first or clean build plans in full, and loads neither
        from generator.incremental.addition import plan_addition
        from generator.incremental.quickplan import plan_quick

        found = plan_quick(root, settings, renderer, manifest, sources, store, cache)
        if found is None:
            found = plan_addition(root, settings, renderer, manifest, sources, store, cache)
    if found is None:
        from generator.incremental.fullplan import plan_in_full  # only here: an addition or an edit needs none of it

        try:
            store_current = manifest is not None and store.token() == manifest.inputs
        except StoreError:
            store_current = False
        found = plan_in_full(
            root, settings, options, renderer, offline_zip, cache, manifest, store, store_current, workers, sources,
        )
    return found


def start_from_last(staging: Path, last: LastBuild, out_dir: Path) -> None:
    """Fill `staging` with the last site, by hard links: unchanged pages cost nothing."""
    previous = last.files
    if last.shadow_usable:  # the site before the last, in staging already: brought to the last
        assert last.manifest is not None and last.manifest.shadow_files is not None
        sync_tree(staging, last.manifest.shadow_files, out_dir, {p: r.digest for p, r in previous.items()})
    elif previous:
        link_tree(out_dir, staging, previous)


def save(
    last: LastBuild, plan: Plan, out_dir: Path, records: dict[str, OutputRecord],
    shadow_files: dict[str, str] | None, result: dict,
) -> None:
    """Leave for the next build the plans (the store) and the output manifest."""
    from generator.incremental.planstore import StoreError
    from generator.incremental.planstore import forget as forget_store

    store, cache = last.store, last.cache
    try:  # before the manifest, which names the store's state: a store left half-way is not trusted
        plan.remember(store, last.inputs)
    except (StoreError, sqlite3.Error, OSError):
        store.close()
        forget_store(cache.folder)
    finally:
        store.close()
    save_manifest(cache, OutputManifest(
        out_dir=str(out_dir), out_id=folder_identity(out_dir), inputs=last.inputs, settings_key=last.settings_key,
        sources=last.sources, files=records,
        shadow_files=shadow_files,
        shadow_id=folder_identity(shadow_folder(out_dir)) if shadow_files is not None else None,
        diagnostics=plan.diagnostics, result=result,
    ), level=FAST_COMPRESSION)
