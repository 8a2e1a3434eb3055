"""The `briefings` command line. Thin: parse options, call one function,
turn domain errors into readable messages and exit codes (never a traceback).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from pathlib import Path
from typing import Callable, Iterator

import click

from generator import __version__
from generator.check import FORMATS, report_lines
from generator.check import check as run_check
from generator.diagnostics import ContentError, Diagnostics, Level
from generator.project import find_project_root
from generator.quickexit import leave
from generator.schema import SCHEMA_PATH, json_schema_text


def print_diagnostics(diagnostics: Diagnostics, notes: bool = False) -> None:
    for diagnostic in diagnostics.sorted():
        if diagnostic.level is Level.NOTE and not notes:
            continue
        color = {Level.ERROR: "red", Level.WARNING: "yellow", Level.NOTE: None}[diagnostic.level]
        click.secho(diagnostic.format(), fg=color, err=True)


project_dir_option = click.option(
    "-C", "--project-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Project folder (with pyproject.toml and content/). Default: the nearest one above the current folder.",
)


class _Commands(click.Group):
    """The commands, with ingest's (trafilatura, lxml, the actor rules) imported only when
    it runs: every `briefings build` would otherwise pay for loading them."""

    LAZY = {"ingest": ("generator.ingest.command", "ingest")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            module, attribute = self.LAZY[name]
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefings")
def main() -> None:
    """Turn crisis briefings in content/ into a searchable, cross-linked static archive.

    \b
    Examples:
      briefings build                   build the archive into build/
      briefings build --no-search       faster, without the search index
      briefings check                   report every content problem, build nothing
      briefings new "Title" --region "South Caucasus"
      briefings serve                   preview with live reload on 127.0.0.1:8000
    """


@contextlib.contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[int], None]]:
    if not sys.stderr.isatty() or total < 50:  # a bar in a log file, or for a few pages, is noise
        yield lambda done: None
        return
    with click.progressbar(length=total, label="Rendering pages", file=sys.stderr, show_pos=True) as bar:
        yield bar.update


@main.command("build")
@project_dir_option
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Output folder: a new or empty one, or one this project's build wrote (never in content, themes, "
    ".git or .cache). Default: build/ in the project (the output_dir setting).",
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
@click.option(
    "--clean", is_flag=True,
    help="Ignore the build cache (.cache/briefings/): read, render and index everything again.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
    help="Processes that render pages; 0 means one per core.",
)
def build_command(
    project_dir: Path | None, out_dir: Path | None, base_url: str | None, drafts: bool, no_search: bool,
    offline: bool, clean: bool, jobs: int,
) -> None:
    """Build the archive: pages, feeds, sitemap and search index.

    Everything is checked before anything is written; the new site replaces
    the output folder only when complete, so a failed build leaves the
    previous one intact.

    Builds are incremental: only pages whose content, template or settings
    changed are rendered again, and nothing is done when nothing changed.
    The output is the same as a clean build's (--clean).

    \b
    Examples:
      briefings build
      briefings build --base-url https://example.github.io/repo/
      briefings build --out /tmp/site --drafts
      briefings build --offline         with the offline edition zip
    """
    from generator.build import BuildError, BuildOptions, build  # not loaded for `ingest`

    root = project_dir or find_project_root(Path.cwd())
    options = BuildOptions(
        root=root, out_dir=out_dir, base_url=base_url, drafts=drafts, search=not no_search, offline=offline,
        clean=clean, jobs=jobs,
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
    if result.unchanged:
        what = f"Nothing changed ({result.briefings} briefings)"
    elif result.rendered < result.pages:
        # a quick build planned only what shows the edit, or what an addition changes
        how = ("briefings added: " if result.added else "only text edited: ") if result.quick else ""
        what = f"Built {result.briefings} briefings ({how}{result.rendered} of {result.pages} pages rendered again)"
    else:
        what = f"Built {result.briefings} briefings"
    click.echo(
        f"{what}: {result.pages} pages, {result.feeds} feeds{search}"
        f" in {result.seconds:.2f} s -> {_shown(result.out_dir)}"
        + (f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else "")
    )


def _shown(path: Path) -> str:
    """A folder as the user would type it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return path.as_posix() + "/"


@main.command("check")
@project_dir_option
@click.option("--strict", is_flag=True, help="Count warnings as errors (exit status 1 if there are any).")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
    help="text: 'path:line: level: message' lines; github: GitHub Actions annotations on the pull request.",
)
@click.option("--drafts", is_flag=True, help="Also check the bodies of drafts, as 'build --drafts' would.")
def check_command(project_dir: Path | None, strict: bool, output_format: str, drafts: bool) -> None:
    """Check all content without building: frontmatter, dates, vocabulary,
    duplicate addresses and titles, wiki links and internal links.

    Every problem is reported at once. Exit status 1 when there are errors
    (with --strict, also warnings): what fails here fails 'briefings build'.

    \b
    Examples:
      briefings check
      briefings check --strict
      briefings check --format github      in a GitHub Actions workflow
    """
    root = project_dir or find_project_root(Path.cwd())
    result = run_check(root, drafts=drafts, strict=strict)
    for line in report_lines(result, output_format):
        click.echo(line)
    click.echo(result.summary(), err=True)
    if not result.ok:
        sys.exit(1)


@main.command("new")
@project_dir_option
@click.argument("title")
@click.option("--region", required=True, help="Region, as listed in content/taxonomy/regions.yaml.")
@click.option("--country", "countries", multiple=True, help="A country concerned; repeat for several.")
@click.option("--actor", "actors", multiple=True, help="An actor involved (name or alias); repeat for several.")
@click.option("--tag", "tags", multiple=True, help="A topic tag; repeat for several.")
@click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Publication day, YYYY-MM-DD. Default: today.",
)
def new_command(
    project_dir: Path | None, title: str, region: str, countries: tuple[str, ...], actors: tuple[str, ...],
    tags: tuple[str, ...], day,
) -> None:
    """Start a new briefing: content/articles/YEAR/SLUG.md with valid
    frontmatter, dated today. Never overwrites an existing file.

    \b
    Examples:
      briefings new "Ceasefire holds on the border" --region "South Caucasus" \\
          --country Armenia --country Azerbaijan --actor Pashinyan --tag ceasefire
    """
    from generator.scaffold import ScaffoldError, create_briefing  # here: it reads briefings, which `build` need not load

    root = project_dir or find_project_root(Path.cwd())
    try:
        created = create_briefing(root, title, region, countries, actors, tags, day.date() if day else None)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    except ContentError as exc:
        print_diagnostics(exc.diagnostics)
        raise click.ClickException("cannot read the project's settings") from None
    for warning in created.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    click.echo(f"Created {_shown(created.path).rstrip('/')}")


@main.command("serve")
@project_dir_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; keep the default unless you mean to share the preview.")
@click.option("--drafts", is_flag=True, help="Include briefings marked draft: true.")
@click.option("--search", is_flag=True, help="Also build the search index on every change (slower).")
@click.option(
    "--allow-host", "allow_hosts", multiple=True, metavar="NAME",
    help="A host name the preview may be opened by besides its addresses and localhost (repeatable); "
    "requests naming any other host are refused, as a DNS-rebinding page's are.",
)
def serve_command(project_dir: Path | None, port: int, host: str, drafts: bool, search: bool, allow_hosts: tuple[str, ...]) -> None:
    """Preview the site: build it, serve it, rebuild on every save and
    reload open browser tabs. Content errors show over the page and in the
    terminal; the server keeps running and recovers on the next good save.

    \b
    Examples:
      briefings serve
      briefings serve --port 8080 --drafts
    """
    root = project_dir or find_project_root(Path.cwd())
    try:
        from generator.serve import serve as run_server  # the file watcher loads only to serve

        run_server(
            root, host=host, port=port, drafts=drafts, search=search, echo=lambda text: click.echo(text, err=True),
            allowed_hosts=frozenset(allow_hosts),
        )
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


@main.command("schema")
@project_dir_option
@click.option("--check", "check_only", is_flag=True, help="Only compare; exit status 1 if the file is out of date.")
def schema_command(project_dir: Path | None, check_only: bool) -> None:
    """Write the JSON Schema of the frontmatter to schemas/briefing.schema.json,
    for editors' YAML support. Generated from the loader's own field list.
    """
    root = project_dir or find_project_root(Path.cwd())
    target = root / SCHEMA_PATH
    text = json_schema_text()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check_only:
        if current != text:
            raise click.ClickException(f"{SCHEMA_PATH} is out of date; run 'briefings schema'")
        click.echo(f"{SCHEMA_PATH} is up to date")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {SCHEMA_PATH}")



def run() -> None:
    """`briefings` as a process (its console script, `python -m generator`): the command
    line, then an exit that skips freeing the heap one object at a time
    (generator/quickexit.py). Tests call `main` itself, which returns or raises."""
    try:
        main()
    except SystemExit as finished:  # click ends every command so, error or not
        leave(finished.code)
