"""Problems found in content, collected rather than raised one at a time.

Every stage reports what it finds as a `Diagnostic` so that an editor sees all
problems of a build at once, each as `path:line: level: message`, instead of
fixing them one failed build at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # worth knowing, never a problem: e.g. a draft left out of the build


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    level: Level
    message: str
    hint: str = ""

    def format(self) -> str:
        """`path:line: level: message`, one line (plus an indented hint line) whatever the text holds."""
        path = escape_controls(self.path)
        location = f"{path}:{self.line}" if self.line else path
        text = f"{location}: {self.level.value}: {escape_controls(self.message)}"
        if self.hint:
            text += f"\n    hint: {escape_controls(self.hint)}"
        return text


# Line breaks, other control characters and undecodable bytes (kept as lone surrogates,
# Python's surrogateescape) in a file name or a quoted value would break the one-line
# format that editors and CI parse, or the terminal's encoding: each is written as its escape.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def escape_controls(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class Diagnostics:
    """An ordered, de-duplicated collection of diagnostics.

    Duplicates are found by a set beside the list, so that collecting n
    diagnostics costs n steps: one file with 50,000 problems (or an archive of
    10,000 files) must not cost n^2 comparisons.
    """

    def __init__(self, items: Iterable[Diagnostic] = ()):
        self._items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()
        self._append_all(items)

    @property
    def items(self) -> list[Diagnostic]:
        """In the order found. Read-only in spirit: add through the methods (the set must follow)."""
        return self._items

    @items.setter
    def items(self, items: Iterable[Diagnostic]) -> None:
        self._items, self._seen = [], set()
        self._append_all(items)

    def _append_all(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            if item not in self._seen:
                self._seen.add(item)
                self._items.append(item)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Diagnostics) and self._items == other._items

    def __repr__(self) -> str:
        return f"Diagnostics({self._items!r})"

    def add(self, path: str | Path, line: int, level: Level, message: str, hint: str = "") -> None:
        self._append_all((Diagnostic(str(path), line, level, message, hint),))

    def error(self, path: str | Path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, Level.ERROR, message, hint)

    def warning(self, path: str | Path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, Level.WARNING, message, hint)

    def note(self, path: str | Path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, Level.NOTE, message, hint)

    def extend(self, other: Diagnostics) -> None:
        self._append_all(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.WARNING]

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.NOTE]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items)


def display_path(path: Path, root: Path) -> str:
    """`path` as messages show it: relative to the project root when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class ContentError(Exception):
    """Raised when content has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        count = len(diagnostics.errors)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in content")


class BuildError(Exception):
    """A problem that is not in content: a theme, the search indexer, the output folder."""
