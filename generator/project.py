"""Finding the project a command works on."""

from __future__ import annotations

from pathlib import Path


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a pyproject.toml or content/ folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() or (folder / "content").is_dir():
            return folder
    return start
