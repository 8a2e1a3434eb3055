"""The one way to change a vocabulary file (content/taxonomy/actors.yaml, regions.yaml).

Two `briefings ingest --add-actors` at once both read actors.yaml, both append, and the
second write either drops the first one's additions or, when both add the same name,
fails on a name listed twice. So every writer goes through `update_vocabulary_file`:
under an exclusive lock on a lock file beside the vocabulary file it reads the file as it
is now, lets the caller compute the new text from that, and writes it atomically. The
change is computed inside the lock, from what is on disk, never from what was read before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from generator.atomicfile import exclusive_lock, write_atomically


def lock_file_of(vocabulary_file: Path) -> Path:
    """`.actors.yaml.lock` beside `actors.yaml`: hidden, and not a .yaml file the build reads."""
    return vocabulary_file.with_name(f".{vocabulary_file.name}.lock")


def update_vocabulary_file(vocabulary_file: Path, change: Callable[[str], str | None]) -> bool:
    """Apply `change` (current text -> new text, or None for no change) under the file's lock.

    The current text is "" when the file does not exist. Whatever `change` raises leaves the
    file as it was. Returns whether the file was written.
    """
    vocabulary_file.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(lock_file_of(vocabulary_file)):
        current = vocabulary_file.read_text(encoding="utf-8") if vocabulary_file.exists() else ""
        new = change(current)
        if new is None or new == current:
            return False
        write_atomically(vocabulary_file, new)
        return True
