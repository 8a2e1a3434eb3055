"""The bytes of briefing files the input index read whole (incremental/inputs.py), held
for content.read_text, which would read them again moments later: a small archive's
files are read from disk once a build, not twice. Held up to a bound (a large archive's
are read again), each given once, and let go of once the archive is read.

Also the bytes a build parses are then those its input index digested: a file saved in
between is seen changed by the next build, never parsed new under the old digest.
"""

from __future__ import annotations

HELD_BYTES = 8_000_000

_held: dict[str, bytes] = {}
_total = 0


def hold(file: str, data: bytes) -> None:
    """Keep the bytes just read of `file` (as the build names it: the folder's path, `/`, the
    file's path in it) for `take`, if the bound allows; bytes held of it before are let go."""
    global _total
    take(file)
    if _total + len(data) <= HELD_BYTES:
        _held[file] = data
        _total += len(data)


def take(file: str) -> bytes | None:
    """The bytes held of `file` (given once), or None: read it."""
    global _total
    data = _held.pop(file, None)
    if data is not None:
        _total -= len(data)
    return data


def let_go() -> None:
    global _total
    _held.clear()
    _total = 0
