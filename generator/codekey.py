"""The key of the generator itself: a digest of its code, data and the libraries that shape
its output. Every cache a build keeps (the build cache, the plan store, the body cache)
is trusted only under the key that wrote it, so a changed generator starts afresh.

A value with no dependency on the rest of generator/, so that what stores bodies
(generator/bodies.py) and what stores plans (generator/incremental/) can both ask it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import platform
import sys
from pathlib import Path


# The libraries that shape the output, by module: a new version of one is a new key.
LIBRARIES = ("jinja2", "markdown_it")


def _library_stamp(module: str) -> bytes:
    """What tells an installed version of `module` apart, found without importing it (a
    build with nothing to do loads neither library): its package's `__init__.py`, which
    states the version. Not importlib.metadata's version(): its search of the installed
    distributions took 25-45 ms of CPU, in every build, a no-op's 0.2 s included."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return f"{module}: not found\0".encode("utf-8")
    return module.encode("utf-8") + b"\0" + Path(spec.origin).read_bytes() + b"\0"


def _generator_digest() -> str:
    """Digest of the generator's own code and data: a changed generator is a new cache."""
    from generator import __version__

    package = Path(__file__).resolve().parent  # all of generator/
    digest = hashlib.blake2b(digest_size=16)
    versions = f"{__version__} {platform.python_implementation()} {sys.version}"
    digest.update(versions.encode("utf-8"))
    for library in LIBRARIES:
        digest.update(_library_stamp(library))
    for file in sorted(package.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".json", ".yaml", ".txt"):
            digest.update(file.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


_BUILD_KEY: str | None = None


def build_key() -> str:
    global _BUILD_KEY
    if _BUILD_KEY is None:
        _BUILD_KEY = _generator_digest()
    return _BUILD_KEY
