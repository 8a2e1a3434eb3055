"""The staging folder's life: made beside the output folder (or the shadow folder,
the site before the last, adopted as it), filled, swapped into place; discarded on
any failure, so that a failed or killed build leaves the previous site whole. After
publishing, the site just replaced is kept as the shadow for the next build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from generator.diagnostics import BuildError
from generator.outputdir import MARKER
from generator.write import (
    adopt_shadow, discard, link_tree, make_writable, publish, remove_tree, shadow_folder, staging_folder,
)

Filled = TypeVar("Filled")


def stage_and_publish(
    out_dir: Path, fill: Callable[[Path], Filled], shadow_usable: bool, owned: Callable[[Path], bool],
    keep_previous: bool,
) -> Filled:
    """Fill a staging folder with `fill`, then swap it into place at `out_dir`; what `fill`
    gave. `shadow_usable`: start from the shadow folder; `owned`: whether a leftover
    staging folder is the build's own to remove."""
    staging: Path | None = None
    try:
        if shadow_usable:  # the site before the last: bring it to the last, by hard links, changes only
            staging = adopt_shadow(out_dir, removable=owned)
        else:
            staging = staging_folder(out_dir, removable=owned)
        try:
            filled = fill(staging)
        except PermissionError:
            if not shadow_usable:
                raise
            # the shadow is a site the build wrote, but its folders were made read-only
            # since (chmod -R a-w build/ before it became the shadow): give them back
            # their write permission (raises for folders of another owner), and do it again
            make_writable(staging)
            filled = fill(staging)
        publish(staging, out_dir, keep_previous=keep_previous)
    except BaseException as exc:
        if staging is not None:
            discard(staging)
        written = [folder for folder in (staging, out_dir, shadow_folder(out_dir)) if folder is not None]
        if isinstance(exc, PermissionError) and exc.filename and any(
            Path(exc.filename).is_relative_to(folder) for folder in written
        ):
            raise BuildError(
                f"permission denied: {exc.filename}; make {out_dir} and {shadow_folder(out_dir)} writable by you "
                "(or delete them) and build again"
            ) from exc
        raise
    return filled


def keep_shadow(out_dir: Path, previous: dict[str, str], current: dict[str, str]) -> dict[str, str] | None:
    """The files of the shadow folder, digests by path, or None when there is none.
    `previous`: the site just replaced ({} when there was none), `current`: the one
    published. With no site before this one to keep, the shadow is made now, of
    `current`, by hard links, so that the next build (an editor's first fix, say)
    changes only what changed."""
    if previous:
        return previous
    try:
        shadow_folder(out_dir).mkdir()
        link_tree(out_dir, shadow_folder(out_dir), [MARKER, *current])
    except OSError:
        remove_tree(shadow_folder(out_dir), ignore_errors=True)
        return None
    return current
