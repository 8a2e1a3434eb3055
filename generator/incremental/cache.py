"""The build cache in `.cache/briefings/`: what the last build read and wrote.

An incremental build trusts nothing it cannot check. Each file of the cache
starts with a header naming the cache format and the build key (package
version, the generator's own source, the Python and library versions), then
a digest of its payload; a file with another key, a bad digest, or that fails
to load is ignored, and the build does the work again. Files are replaced
atomically, so a killed build leaves the old cache or the new one.

What is kept, one file each, loaded only when needed:

- `outputs`: the manifest of the last build's output folder: the digest of every
  input (content, vocabulary, theme, settings, options). Same inputs and an
  untouched output folder: the build has nothing to do. `outputs-files`: for each
  file of the output folder (and of the shadow folder), its page fingerprint,
  digest, size and modification time, read only by a build with something to do
  (at 10,000 briefings, 0.09 s of the 0.5 s a build with nothing to do took).
- `articles.NN`: parsed briefings by file digest (frontmatter parsing and checks).
- `bodies.sqlite`: rendered Markdown bodies by body text, page address and link names,
  where a build reads a body when it shows it (generator/bodies.py).

`articles.NN` is split into shards by key, so an edit rewrites one small file.
Payloads are compressed (Zstandard: about a third of the size of the pickles or less).

The cache sits under the project, one folder per output folder, since the
manifest describes one output folder. Caches of at most three output folders
are kept (generator/incremental/cacheeviction.py says which), and none a running build
holds is removed (generator/incremental/cachelock.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from time import time_ns
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, Sequence

import zstandard

from generator.codekey import build_key
from generator.incremental.cacheeviction import CacheFolder, caches_to_remove
from generator.incremental.cachelock import REMOVING, remove_unless_in_use

FORMAT = b"briefings-cache 3\n"  # 3: Zstandard-compressed payloads (2: zlib)
CACHE_DIR = ".cache/briefings"
SHARDS = 64  # files per cached dict
TARGET = "target"  # the output folder a cache belongs to; written on every build, so its time is the last use
# Zstandard levels. Before, zlib's: level 4 for the parsed articles, a clean build writing
# them all; level 1 for the manifest, written and read by every build that does anything.
# The records of a 10,000-briefing site's files (5 MB pickled): zlib's fastest wrote
# them in 0.041 s and read them in 0.023 s, Zstandard's level 1 in 0.008 and 0.006 s,
# 7% smaller.
COMPRESSION = 3
FAST_COMPRESSION = 1


class OutputRecord(NamedTuple):
    """One file of the output folder as the last build left it (a named tuple: a manifest
    holds tens of thousands, and tuples pickle four times faster than dataclasses)."""

    digest: str  # sha256 of its bytes
    size: int
    mtime_ns: int
    fingerprint: str = ""  # of the page it renders ("" for other files)


@dataclass
class OutputManifest:
    out_dir: str
    out_id: tuple[int, int] | None  # (device, inode) of the output folder this build left
    inputs: str  # digest of every input of the build
    # digest of the settings and options alone: a quick build needs them unchanged
    settings_key: str = ""
    sources: dict[str, Any] = field(default_factory=dict)  # stat and digest of each input file
    files: dict[str, OutputRecord] = field(default_factory=dict)
    # the shadow folder (the site before this one, kept for the next build): its files' digests
    shadow_files: dict[str, str] | None = None
    shadow_id: tuple[int, int] | None = None
    diagnostics: Any = None  # the build's warnings, shown again when nothing changed
    result: dict[str, Any] = field(default_factory=dict)  # counts for the summary line


class BuildCache:
    """One output folder's cache; every method fails safe (nothing cached) rather than raise."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._loaded_shards: dict[str, dict[str, frozenset[str]]] = {}

    @classmethod
    def for_output(cls, root: Path, out_dir: Path) -> BuildCache:
        """The cache of builds into `out_dir`; the caches of other output folders are
        removed on the way when their folder no longer exists (a one-off `--out /tmp/x`
        since deleted, say) or when more than three would be kept, but never one a
        running build holds (generator/incremental/cachelock.py): its output folder may
        not exist yet, and it is in use now whenever it was used before."""
        target = str(out_dir.resolve())
        folder = cache_folder(root, out_dir)
        caches = folder.parent
        if caches.is_dir():
            found = [_cache_folder(other) for other in caches.iterdir() if other.is_dir()]
            for gone in caches_to_remove(found, current=folder.name):
                remove_unless_in_use(caches / gone)
        cache = cls(folder)
        try:
            cache.folder.mkdir(parents=True, exist_ok=True)
            (cache.folder / TARGET).write_text(target, encoding="utf-8")  # also marks it used now
        except OSError:
            pass  # a read-only project still builds; it just builds everything
        return cache

    def load(self, name: str) -> Any | None:
        """The object stored under `name`, or None when missing, stale or corrupt."""
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        key = build_key().encode("ascii") + b"\n"
        header = len(FORMAT) + len(key)
        if data[: len(FORMAT)] != FORMAT or data[len(FORMAT) : header] != key:
            return None
        stored_digest, payload = data[header : header + 32], data[header + 32 :]
        if hashlib.blake2b(payload, digest_size=32).digest() != stored_digest:
            return None
        try:
            return pickle.loads(zstandard.ZstdDecompressor().decompress(payload))
        except Exception:  # a cache we wrote ourselves, but a broken one is just a miss
            return None

    def save(self, name: str, value: Any, level: int = COMPRESSION) -> None:
        payload = zstandard.ZstdCompressor(level=level).compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        data = FORMAT + build_key().encode("ascii") + b"\n" + hashlib.blake2b(payload, digest_size=32).digest() + payload
        temporary = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, self.folder / name)
        except OSError:  # a read-only project still builds; it just builds everything
            try:
                temporary.unlink(missing_ok=True)  # half written on a full disk: give the space back
            except OSError:
                pass

    def load_map(self, name: str) -> dict[str, Any]:
        """A dict stored in shards by `save_map`; shards that fail to load are left out."""
        merged: dict[str, Any] = {}
        loaded: dict[str, frozenset[str]] = {}
        for shard in range(SHARDS):
            part = self.load(f"{name}.{shard:02x}")
            if isinstance(part, dict):
                merged.update(part)
                loaded[f"{shard:02x}"] = frozenset(part)
        self._loaded_shards[name] = loaded
        return merged

    def load_entries(self, name: str, keys: Sequence[str]) -> dict[str, Any]:
        """The entries of `keys` (those found) of a dict stored by `save_map`, reading only their shards."""
        found: dict[str, Any] = {}
        for shard in sorted({_shard_of(key) for key in keys}):
            part = self.load(f"{name}.{shard}")
            if isinstance(part, dict):
                found.update((key, part[key]) for key in keys if _shard_of(key) == shard and key in part)
        return found

    def put_entries(self, name: str, entries: dict[str, Any]) -> None:
        """Add `entries` to a dict stored by `save_map`, rewriting only their shards
        (entries no build uses any more are dropped by the next `save_map`)."""
        for shard in sorted({_shard_of(key) for key in entries}):
            part = self.load(f"{name}.{shard}")
            part = dict(part) if isinstance(part, dict) else {}
            part.update((key, value) for key, value in entries.items() if _shard_of(key) == shard)
            self.save(f"{name}.{shard}", part)

    def save_map(self, name: str, mapping: dict[str, Any]) -> None:
        """Store a dict with hex-digest keys in shards, writing only the shards whose
        keys changed since `load_map`: one edited briefing rewrites one shard, not
        the rendered bodies of the whole archive."""
        shards: dict[str, dict[str, Any]] = {}
        for key, value in mapping.items():
            shards.setdefault(_shard_of(key), {})[key] = value
        loaded = self._loaded_shards.get(name, {})
        for shard in sorted(shards.keys() | loaded.keys()):
            part = shards.get(shard, {})
            if frozenset(part) == loaded.get(shard):
                continue
            if part:
                self.save(f"{name}.{shard}", part)
            else:
                try:
                    (self.folder / f"{name}.{shard}").unlink()
                except OSError:
                    pass


MANIFEST = "outputs"
MANIFEST_FILES = "outputs-files"


def save_manifest(cache: BuildCache, manifest: OutputManifest, level: int = COMPRESSION) -> None:
    """Save `manifest` as two files: its records of files apart, so that a build with
    nothing to do reads only the rest. The records first, under a token the rest names:
    a build killed between the two leaves a manifest whose records do not match, which
    the next build does not trust."""
    token = hashlib.blake2b(f"{manifest.inputs} {os.getpid()} {time_ns()}".encode(), digest_size=16).hexdigest()
    cache.save(MANIFEST_FILES, (token, _columns(manifest.files), manifest.shadow_files), level)
    cache.save(MANIFEST, (token, replace(manifest, files={}, shadow_files=None)), level)


# The records of files as columns (paths, digests, sizes, times, fingerprints): pickle
# writes each of 25,000 named tuples of a 10,000-briefing site through a Python call, and
# as plain lists of strings and numbers they pickle in a fifth of the time (0.05 s less
# for every incremental build with something to do)
def _columns(files: dict[str, OutputRecord]) -> tuple[list, ...]:
    records = files.values()
    return (
        list(files), [r.digest for r in records], [r.size for r in records], [r.mtime_ns for r in records],
        [r.fingerprint for r in records],
    )


def _records(columns: tuple[list, ...]) -> dict[str, OutputRecord]:
    paths, *fields = columns
    if any(len(field) != len(paths) for field in fields):
        raise ValueError("columns of unequal length")
    return dict(zip(paths, map(OutputRecord._make, zip(*fields))))


def load_manifest(cache: BuildCache) -> tuple[str, OutputManifest] | None:
    """The last build's manifest without its records of files (see `with_files`), and
    the token of those records; None when missing, stale or corrupt."""
    loaded = cache.load(MANIFEST)
    if not (isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], OutputManifest)):
        return None
    return loaded


def with_files(cache: BuildCache, token: str, manifest: OutputManifest) -> OutputManifest | None:
    """`manifest` with its records of files, read from their own file; None when those
    are missing, corrupt, or not the ones saved with it."""
    loaded = cache.load(MANIFEST_FILES)
    if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[0] == token):
        return None
    try:
        files = _records(loaded[1])
    except (TypeError, ValueError):  # not columns of records: not trusted
        return None
    return replace(manifest, files=files, shadow_files=loaded[2])


def cache_folder(root: Path, out_dir: Path) -> Path:
    """The cache folder of builds into `out_dir`, named by a digest of its resolved path."""
    target = str(out_dir.resolve())
    return root / CACHE_DIR / hashlib.blake2b(target.encode("utf-8"), digest_size=8).hexdigest()


def _shard_of(key: str) -> str:
    return f"{int(key[:2], 16) % SHARDS:02x}"


def _cache_folder(folder: Path) -> CacheFolder:
    """What the eviction rule needs to know of one cache folder."""
    if folder.name.startswith(REMOVING):  # a removal that was killed half-way: finish it
        return CacheFolder(folder.name, output_exists=False, last_used_ns=0)
    try:
        marker = folder / TARGET
        target = marker.read_text(encoding="utf-8")
        last_used = marker.stat().st_mtime_ns
    except (OSError, ValueError):  # half made, damaged or not ours: nothing to keep it for
        return CacheFolder(folder.name, output_exists=False, last_used_ns=0)
    return CacheFolder(folder.name, output_exists=bool(target) and Path(target).exists(), last_used_ns=last_used)
