"""The theme's templates compiled once per process, and kept in the build cache between builds.

Each build makes its own Jinja environment (generator/render.py), which compiled every
template again: about 0.1-0.2 s of CPU a build, the larger part of a small archive's
build after the imports. A process that builds more than once pays it each time for
nothing: `serve` rebuilds on every save, and the test suite builds small archives
hundreds of times. Jinja's bytecode cache keys a template by its name and file and
checks the source's digest, so an edited template is compiled again; this one keeps
the compiled code in memory, for the process.

And each `briefings build` is a process of its own: an addition or a text edit at
10,000 briefings compiled the templates it renders again (about 0.15 s of its CPU)
and parsed every template to find what each extends (render.template_digests, about
0.08 s). So a build that plans also keeps both in its cache folder (`keep_in`), where
the next build's process finds them: each file (named by Jinja's key) headed by a
digest of its bytes and the generator's build key, so a changed generator (or Jinja,
or Python: the key covers their versions) or a damaged file is a miss, and the
template is compiled again (and its file replaced).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import jinja2


# templates of a few themes; forgotten all at once beyond this (a test run copies the
# theme into many temporary projects, each a new key)
_MOST = 512
_DIGEST = 32  # bytes of the blake2b digest heading each kept file
PREFIX = "template."  # of the kept files' names, beside the cache's other files


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, by Jinja's key (name and file), in this process's memory,
    and in the folder `keep_in` names, if any.

    Shared only by environments made alike (generator/render.py's make_environment):
    Jinja's key does not cover the environment's options, which change the code; the
    build key, which names the kept files, covers make_environment's code."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._folder: Path | None = None
        self._key = b""

    def keep_in(self, folder: Path | None, key: str = "") -> None:
        """Keep compiled templates (and what each references) in `folder` too, and read
        them from there, under `key` (the generator's build key: generator/codekey.py,
        which this module, below it, does not import); None: in memory only."""
        self._folder = folder
        self._key = key.encode("ascii")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            code = self._read(f"code-{bucket.key}")
        if code is not None:
            bucket.bytecode_from_string(code)  # rejected by Jinja itself if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self._code) >= _MOST:
            self._code.clear()
        self._code[bucket.key] = code = bucket.bytecode_to_string()
        self._write(f"code-{bucket.key}", code)

    def clear(self) -> None:
        self._code.clear()

    def kept_references(self, source: str) -> frozenset[str | None] | None:
        """What a template of this `source` extends, includes and imports, as kept by an
        earlier build (render.referenced_templates); None when not kept."""
        data = self._read(f"refs-{_source_key(source)}")
        if data is None:
            return None
        try:
            return frozenset(json.loads(data))
        except (ValueError, TypeError):
            return None

    def keep_references(self, source: str, references: frozenset[str | None]) -> None:
        self._write(f"refs-{_source_key(source)}", json.dumps(sorted(references, key=str)).encode("utf-8"))

    def _path(self, name: str) -> Path | None:
        if self._folder is None:
            return None
        return self._folder / f"{PREFIX}{name}"

    def _read(self, name: str) -> bytes | None:
        path = self._path(name)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        payload = data[_DIGEST:]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != data[:_DIGEST]:
            return None  # damaged: compiled again, and kept anew
        key, _, kept = payload.partition(b"\n")
        return kept if key == self._key else None  # another generator's

    def _write(self, name: str, payload: bytes) -> None:
        path = self._path(name)
        if path is None:
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(exist_ok=True)  # only in a cache folder that exists (not one removed since)
            payload = self._key + b"\n" + payload
            temporary.write_bytes(hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload)
            os.replace(temporary, path)
        except OSError:  # a read-only project still builds; it compiles its templates each time
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass


def _source_key(source: str) -> str:
    return hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


COMPILED = CompiledTemplates()
