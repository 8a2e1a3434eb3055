"""The `briefings` command line. Thin: parse options, call one function,
turn domain errors into readable messages and exit codes (never a traceback).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Iterator, Sequence

import click

from generator import __version__
from generator.build import BuildError, BuildOptions, build
from generator.diagnostics import ContentError, Diagnostics
from generator.pages import Page


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a pyproject.toml or content/ folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() or (folder / "content").is_dir():
            return folder
    return start


def print_diagnostics(diagnostics: Diagnostics) -> None:
    for diagnostic in diagnostics.sorted():
        color = "red" if diagnostic.level.value == "error" else "yellow"
        click.secho(diagnostic.format(), fg=color, err=True)


project_dir_option = click.option(
    "-C", "--project-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Project folder (with pyproject.toml and content/). Default: the nearest one above the current folder.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefings")
def main() -> None:
    """Turn crisis briefings in content/ into a searchable, cross-linked static archive.

    \b
    Examples:
      briefings build                   build the archive into build/
      briefings build --no-search       faster, without the search index
    """


@contextlib.contextmanager
def _progress_bar(pages: Sequence[Page]) -> Iterator[Sequence[Page]]:
    if not sys.stderr.isatty():  # a bar in a log file is noise
        yield pages
        return
    with click.progressbar(
        pages, label="Rendering pages", file=sys.stderr, show_pos=True, item_show_func=lambda p: None
    ) as bar:
        yield bar


@main.command("build")
@project_dir_option
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Output folder. Default: build/ in the project (the output_dir setting).",
)
@click.option(
    "--base-url", default=None, metavar="URL",
    help="Published address, e.g. https://org.github.io/repo/; overrides base_url in pyproject.toml.",
)
@click.option("--drafts", is_flag=True, help="Include briefings marked draft: true.")
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index (faster; search page will not work).")
@click.option(
    "--offline", is_flag=True,
    help="Also write the offline edition, <site>-offline.zip, linked from every page's footer: "
    "the whole archive, search included, for reading from disk.",
)
def build_command(
    project_dir: Path | None, out_dir: Path | None, base_url: str | None, drafts: bool, no_search: bool,
    offline: bool,
) -> None:
    """Build the archive: pages, feeds, sitemap and search index.

    Everything is checked before anything is written; the new site replaces
    the output folder only when complete, so a failed build leaves the
    previous one intact.

    \b
    Examples:
      briefings build
      briefings build --base-url https://example.github.io/repo/
      briefings build --out /tmp/site --drafts
      briefings build --offline         with the offline edition zip
    """
    root = project_dir or find_project_root(Path.cwd())
    options = BuildOptions(
        root=root, out_dir=out_dir, base_url=base_url, drafts=drafts, search=not no_search, offline=offline
    )
    try:
        result = build(options, progress=_progress_bar)
    except ContentError as exc:
        print_diagnostics(exc.diagnostics)
        count = len(exc.diagnostics.errors)
        raise click.ClickException(
            f"build failed: {count} error{'s' if count != 1 else ''}; the previous site was left unchanged"
        ) from None
    except BuildError as exc:
        raise click.ClickException(f"build failed: {exc}; the previous site was left unchanged") from None
    print_diagnostics(result.diagnostics)
    search = f", search index of {result.search.pages} briefings" if result.search else ", no search index"
    if result.offline_zip:
        search += f", offline edition {result.offline_zip}"
    warnings = len(result.diagnostics.warnings)
    click.echo(
        f"Built {result.briefings} briefings: {result.pages} pages, {result.feeds} feeds{search}"
        f" in {result.seconds:.2f} s -> {_shown(result.out_dir)}"
        + (f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else "")
    )


def _shown(path: Path) -> str:
    """A folder as the user would type it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return path.as_posix() + "/"
