"""The key of the generator itself: a digest of its code, data and the libraries that shape
its output. Every cache a build keeps (the build cache, the plan store, the body cache)
is trusted only under the key that wrote it, so a changed generator starts afresh.

A value with no dependency on the rest of generator/, so that what stores bodies
(generator/bodies.py) and what stores plans (generator/incremental/) can both ask it.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from pathlib import Path


def _generator_digest() -> str:
    """Digest of the generator's own code and data: a changed generator is a new cache."""
    # the libraries' versions as installed, not imported: a build with nothing to do loads neither
    from importlib.metadata import version

    from generator import __version__

    package = Path(__file__).resolve().parent  # all of generator/
    digest = hashlib.blake2b(digest_size=16)
    libraries = f"{version('jinja2')} {version('markdown-it-py')}"
    versions = f"{__version__} {platform.python_implementation()} {sys.version} {libraries}"
    digest.update(versions.encode("utf-8"))
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
