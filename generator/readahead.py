"""What a build has just read, held for the step that would read it again moments later,
up to a bound (a large archive's is read again), each given back once, let go of as a whole.

Two holds use it. The bytes of briefing files the input index read whole
(incremental/inputs.py), for content.read_text: a small archive's files are read from
disk once a build, not twice; and the bytes a build parses are then those its input index
digested, so a file saved in between is seen changed by the next build, never parsed new
under the old digest. And the bodies load_articles parsed, for content.read_body when they
are rendered.
"""

from __future__ import annotations

from typing import Callable, Generic, Hashable, Sized, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value", bound=Sized)


class HeldOnce(Generic[Key, Value]):
    """Values held while their summed lengths stay within `bound()` (read at each `hold`,
    so a setting can change it), each given back once by `take`."""

    def __init__(self, bound: Callable[[], int]):
        self._bound = bound
        self._held: dict[Key, Value] = {}
        self.total = 0  # summed lengths of what is held

    def hold(self, key: Key, value: Value) -> None:
        """Keep `value` for `take`, if the bound allows; what was held of `key` before is let go."""
        self.take(key)
        if self.total + len(value) <= self._bound():
            self._held[key] = value
            self.total += len(value)

    def take(self, key: Key) -> Value | None:
        """What is held of `key` (given once), or None: read it."""
        value = self._held.pop(key, None)
        if value is not None:
            self.total -= len(value)
        return value

    def let_go(self) -> None:
        self._held.clear()
        self.total = 0

    def __len__(self) -> int:
        return len(self._held)


HELD_BYTES = 8_000_000
_FILES: HeldOnce[str, bytes] = HeldOnce(lambda: HELD_BYTES)


def hold(file: str, data: bytes) -> None:
    """Keep the bytes just read of `file` (as the build names it: the folder's path, `/`, the
    file's path in it) for `take`, if the bound allows; bytes held of it before are let go."""
    _FILES.hold(file, data)


def take(file: str) -> bytes | None:
    """The bytes held of `file` (given once), or None: read it."""
    return _FILES.take(file)


def let_go() -> None:
    _FILES.let_go()
