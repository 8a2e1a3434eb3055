"""Which folders a build may replace: its own output, and nothing else.

A build replaces its output folder whole (and keeps the site before it as a
shadow folder beside it), so pointing `--out` or `output_dir` at the wrong
folder would delete it. Two rules keep that from happening, both checked
before anything is written:

- Never inside, or above, what the project is made of: the project root,
  `content_dir`, the themes, `.git`, the build cache.
- A folder that exists is replaced only when it is provably the build's own:
  empty, or carrying the marker file (`.briefings-build`) a build of this
  project wrote into it. Folders left by builds from before the marker
  existed are recognised by their content (see `is_legacy_site`).

The one folder under `.cache/` a build may write is the preview server's
(`preview_folder`): the project's own, kept between runs so that `serve` starts
with an incremental build, and apart from `build/` so that a preview (drafts
included) is never what gets published.

The marker names the project by a digest of its resolved root path, so one
project's build never replaces another's site in a shared folder. It is the
one file whose bytes depend on where the project is; the service worker's
version and the offline edition leave it out.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from generator.config import Settings
from generator.diagnostics import BuildError
from generator.search import BUNDLE_DIR
from generator.serviceworker import NOT_CACHED, SAVE_LIST, WORKER
from generator.write import OWNERSHIP_MARKER, shadow_folder

MARKER = OWNERSHIP_MARKER  # defined beside the removal that deletes it last
_MARKER_HEADER = "This folder is the output of `briefings build`, which replaces it whole on the next build.\n"
# where `briefings serve` builds the site it shows: under the project's .cache/, beside the
# build cache (.cache/briefings/, whose folders are the caches' own), never a folder of the user's
PREVIEW_DIR = Path(".cache") / "briefings-preview" / "site"
_WHAT_TO_DO = "choose a new or empty folder (--out, or output_dir in pyproject.toml), or move the folder's files away first"


def project_id(root: Path) -> str:
    """The project a build comes from: a digest of its resolved root (the path itself
    would publish the machine's folder names with the site)."""
    return hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def preview_folder(root: Path) -> Path:
    """The folder `briefings serve` builds the project at `root` into (resolved)."""
    return (root / PREVIEW_DIR).resolve()


def marker_bytes(project: str) -> bytes:
    return f"{_MARKER_HEADER}project: {project}\n".encode("ascii")


def marker_project(folder: Path) -> str | None:
    """The project named by `folder`'s marker; None without a readable marker."""
    try:
        text = (folder / MARKER).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("project: "):
            return line.removeprefix("project: ").strip()
    return None


def protected_folders(root: Path, content_dir: Path, theme_dirs: Iterable[Path], cache_dir: Path) -> list[tuple[Path, str]]:
    """The folders no output may be in, contain or be: (resolved path, what it is)."""
    root = root.resolve()
    found = [
        (content_dir.resolve(), "the content folder (content_dir)"),
        (root / ".git", "the git repository"),
        (cache_dir.resolve(), "the build cache"),
    ]
    found += [(theme.resolve(), "a theme folder") for theme in theme_dirs]
    return found


def placement_problem(root: Path, out_dir: Path, protected: list[tuple[Path, str]]) -> str | None:
    """Why the site may not be written at `out_dir` (resolved), whatever is in it; None if it may."""
    root = root.resolve()
    if out_dir == root:
        return "it is the project folder itself"
    if root.is_relative_to(out_dir):
        return f"it holds the project folder ({root})"
    if ".git" in out_dir.parts:
        return "it is inside a git repository's own folder (.git)"
    for folder, what in protected:
        if out_dir == folder:
            return f"it is {what}"
        if out_dir.is_relative_to(folder):
            return f"it is inside {what} ({folder})"
        if folder.is_relative_to(out_dir):
            return f"it holds {what} ({folder})"
    return None


def ownership_problem(folder: Path, project: str, any_project: bool = False) -> str | None:
    """Why the build may not replace `folder`; None when it is missing, empty, this
    project's marked output (any project's with `any_project`), or a site an earlier
    build left before markers existed."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"it cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link, not a folder the build made"
    if not stat.S_ISDIR(info.st_mode):
        return "it is a file, not a folder"
    try:
        with os.scandir(folder) as entries:
            if next(entries, None) is None:
                return None  # empty: nothing to lose
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if (folder / ".git").exists():
        # a site folder someone made a repository of (to push it to a pages branch):
        # replacing the folder would delete the repository
        return "it holds a git repository (.git), which replacing the folder would delete"
    owner = marker_project(folder)
    if owner == project or (any_project and owner is not None):
        return None
    if owner is not None:
        return (
            "it holds a site built from another project (or from this one before it was moved); "
            f"{_WHAT_TO_DO}"
        )
    foreign = not_built_files(folder)
    if foreign is None:
        return None
    return f"it holds files this project's build did not write ({foreign}); {_WHAT_TO_DO}"


def _files(folder: Path) -> Iterator[str]:
    """Every file and link under `folder`, relative, without following links."""
    for current, dirnames, filenames in os.walk(folder):
        relative = Path(current).relative_to(folder)
        for name in dirnames:  # a link to a folder is listed among folders: report it as a file
            if os.path.islink(os.path.join(current, name)):
                yield (relative / name).as_posix()
        for name in filenames:
            yield (relative / name).as_posix()


def not_built_files(folder: Path) -> str | None:
    """None when every file in `folder` is one an earlier build wrote, else a few of the others.

    Builds from before the marker left no proof of ownership but their service worker's
    save list (offline-files.json), which names every file of the site but the search
    bundle, the worker and a few fixed files. A folder holding only those files is a
    site those builds wrote: replacing it loses nothing a build cannot write again.
    """
    allowed = {*NOT_CACHED, "404.html"}
    try:
        listed = json.loads((folder / SAVE_LIST).read_text(encoding="utf-8"))
        is_site = isinstance(listed, list) and (folder / WORKER).is_file()
    except (OSError, ValueError):
        listed, is_site = [], False
    if is_site:
        for entry in listed:
            if isinstance(entry, str):
                allowed.add(entry)
                if entry == "./":
                    allowed.add("index.html")
                elif entry.endswith("/"):  # a page, listed by its address
                    allowed.add(entry + "index.html")
    others = []
    for path in _files(folder):
        if is_site and (path in allowed or path.startswith(f"{BUNDLE_DIR}/") or ("/" not in path and path.endswith(".zip"))):
            continue
        others.append(path)
        if len(others) > 3:
            break
    if not others:
        return None
    shown = ", ".join(others[:3])
    return shown + (" and more" if len(others) > 3 else "")


def claim_output(root: Path, settings: Settings, theme_dir: Path, out_dir: Path) -> str:
    """Check that the build may replace `out_dir` (resolved) and the shadow folder
    beside it, before anything is written (generator/outputdir.py); the project's id."""
    cache = root / ".cache"
    protected = protected_folders(root, root / settings.content_dir, [root / "themes", theme_dir], cache)
    # the preview's folder is in .cache/ on purpose, and any build's site there is a preview of
    # this project (moved or copied with its .cache/, its marker names the old path); every
    # other rule holds for it too
    preview = out_dir == preview_folder(root)
    if preview:
        protected = [(folder, what) for folder, what in protected if folder != cache.resolve()]
    problem = placement_problem(root, out_dir, protected)
    if problem:
        raise BuildError(
            f"refusing to write the site to {out_dir}: {problem}; choose another folder "
            "(--out, or output_dir in pyproject.toml)"
        )
    project = project_id(root)
    problem = ownership_problem(out_dir, project, any_project=preview)
    if problem:
        raise BuildError(f"refusing to replace the output folder {out_dir}: {problem}")
    shadow = shadow_folder(out_dir)
    problem = ownership_problem(shadow, project, any_project=preview)
    if problem:
        raise BuildError(
            f"refusing to replace {shadow}, where the build keeps the site before the last: {problem}"
        )
    return project
