"""The theme's templates compiled once per process, not once per build.

Each build makes its own Jinja environment (generator/render.py), which compiled every
template again: about 0.1-0.2 s of CPU a build, the larger part of a small archive's
build after the imports. A process that builds more than once pays it each time for
nothing: `serve` rebuilds on every save, and the test suite builds small archives
hundreds of times. Jinja's bytecode cache keys a template by its name and file and
checks the source's digest, so an edited template is compiled again; this one keeps
the compiled code in memory, for the process only (nothing is written to disk).
"""

from __future__ import annotations

import jinja2

# templates of a few themes; forgotten all at once beyond this (a test run copies the
# theme into many temporary projects, each a new key)
_MOST = 512


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, by Jinja's key (name and file), in this process's memory.

    Shared only by environments made alike (generator/render.py's make_environment):
    Jinja's key does not cover the environment's options, which change the code."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # rejected by Jinja itself if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self._code) >= _MOST:
            self._code.clear()
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


COMPILED = CompiledTemplates()
