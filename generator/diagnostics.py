"""Problems found in content, collected rather than raised one at a time.

Every stage reports what it finds as a `Diagnostic` so that an editor sees all
problems of a build at once, each as `path:line: level: message`, instead of
fixing them one failed build at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


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
        location = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{location}: {self.level.value}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """An ordered, de-duplicated collection of diagnostics."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, path: str | Path, line: int, level: Level, message: str, hint: str = "") -> None:
        diagnostic = Diagnostic(str(path), line, level, message, hint)
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def error(self, path: str | Path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, Level.ERROR, message, hint)

    def warning(self, path: str | Path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, Level.WARNING, message, hint)

    def note(self, path: str | Path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, Level.NOTE, message, hint)

    def extend(self, other: Diagnostics) -> None:
        for item in other.items:
            if item not in self.items:
                self.items.append(item)

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
