"""The `briefings ingest` command: parse options, call `ingest_paths`, report.

Registered on the `briefings` group by generator/cli.py. Nothing here decides anything
about articles; it only turns results into a progress bar, JSON Lines or a summary.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
from collections import Counter
from pathlib import Path

import click

from generator.diagnostics import display_path
from generator.ingest import IngestOptions, IngestRun, ingest_paths, result_record
from generator.ingest.fetch import DEFAULT_TIMEOUT
from generator.ingest.inputs import MAX_INPUT_BYTES, expand_arguments
from generator.ingest.overrides import OverrideProblem, Overrides, checked, parse_date
from generator.ingest.places import load_gazetteer
from generator.project import find_project_root
from generator.taxonomy import load_vocabulary


def _reference_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-C", "--project-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    help="Project folder (with pyproject.toml and content/). Default: the nearest one above the current folder.",
)
@click.option("--dry-run", is_flag=True, help="Write nothing; show what would be written.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per input (JSON Lines) on stdout.")
@click.option(
    "--force", is_flag=True,
    help="Replace an existing briefing (its text is kept beside it as <slug>.md.bak) and write near-duplicates.",
)
@click.option(
    "--add-actors", is_flag=True,
    help="Add the people and organisations found but not in content/taxonomy/actors.yaml to it.",
)
@click.option(
    "--reference-date", callback=_reference_date, default=None, metavar="YYYY-MM-DD",
    help="Day the articles were saved, for dates without a year ('Tuesday (13 September)'). Default: today.",
)
@click.option(
    "--skip-incomplete", is_flag=True,
    help="Skip an input without a title, date or region instead of writing it as a draft to review.",
)
@click.option("--title", "title_given", default="", metavar="TEXT", help="The headline (one input only).")
@click.option("--date", "date_given", default="", metavar="YYYY-MM-DD", help="The publication date.")
@click.option("--region", "region_given", default="", metavar="NAME", help="The region, one of regions.yaml.")
@click.option(
    "--country", "countries_given", multiple=True, metavar="NAME",
    help="A country of regions.yaml, instead of those found; repeat for more. The first gives the region.",
)
@click.option(
    "--actor", "actors_given", multiple=True, metavar="NAME",
    help="An actor, instead of those found; repeat for more.",
)
@click.option("--draft", "as_draft", is_flag=True, help="Write the briefings as drafts, out of builds until published.")
@click.option(
    "--max-size", type=click.IntRange(1), default=MAX_INPUT_BYTES // (1024 * 1024), show_default=True,
    metavar="MB", help="Largest input accepted, in megabytes.",
)
@click.option(
    "--timeout", type=click.FloatRange(0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
    metavar="SECONDS", help="Most time for fetching one address: connecting, redirects and the whole page.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
    help="Processes that extract a batch; 0 means one per core. The output is the same.",
)
def ingest(
    paths: tuple[str, ...], project_dir: Path | None, dry_run: bool, as_json: bool, force: bool,
    add_actors: bool, reference_date: dt.date, skip_incomplete: bool, title_given: str, date_given: str,
    region_given: str, countries_given: tuple[str, ...], actors_given: tuple[str, ...], as_draft: bool,
    max_size: int, timeout: float, jobs: int,
) -> None:
    """Turn raw news articles into briefings in content/articles/YYYY/<slug>.md.

    PATH is a text file copied from a web page, a saved HTML page, a folder (searched
    for .txt and .html files), a glob, - for standard input, or an http:// or https://
    address, whose page is fetched (its canonical address, or the one given, becomes
    source_url; a failed address is reported and the batch goes on). Each input is cleaned
    (menus, teasers, "Related articles", share lines and repeats removed), its title,
    dates, countries, region, actors, places and source are extracted, and a briefing
    is written with provenance (ingested_from, raw_sha256, ingested_at).

    An input without a title, date or region is written as a draft (draft: true) with
    notes for the editor (review:) and stand-ins for what is missing; --skip-incomplete
    skips it instead. --title, --date, --region, --country and --actor give a field
    instead of what ingest finds. --dry-run --json prints each field's evidence and the
    review notes, and the same decision the real run takes.

    An existing briefing is never replaced without --force; the same raw input ingested
    again writes nothing and names the existing file; a near-duplicate of an existing
    briefing is reported and skipped. A problem with one input is reported and the rest
    of the batch goes on; the exit code is 1 when any input was skipped or failed.

    \b
    Examples:
      briefings ingest saved/article.html
      briefings ingest https://news.example.org/2026/05/ceasefire-talks
      briefings ingest inbox/ --dry-run --json > review.jsonl
      pbpaste | briefings ingest - --reference-date 2022-09-20
      briefings ingest 'inbox/*.txt' --add-actors
      briefings ingest saved.html --date 2026-05-02 --region 'Middle East' --country Syria
    """
    root = project_dir or find_project_root(Path.cwd())
    files, _ = expand_arguments(list(paths))
    vocabulary, _diagnostics = load_vocabulary(root / "content", root)
    load_gazetteer()  # every input needs it: built here once, not again in each forked worker
    # What is loaded by now (the modules, their word lists and patterns, the vocabulary and
    # the gazetteer) lives until the command ends: set aside, the cyclic collector's full
    # collections need not walk it again (they took 40-70 ms of a run of one input), and a
    # forked worker's pages holding it stay shared.
    gc.freeze()
    try:
        overrides = checked(Overrides(
            title=title_given, date=parse_date(date_given) if date_given else None, region=region_given,
            countries=countries_given, actors=actors_given, draft=as_draft,
        ), vocabulary, len(files))
    except OverrideProblem as problem:
        raise click.UsageError(str(problem)) from None
    options = IngestOptions(
        project_dir=root, reference=reference_date, dry_run=dry_run, force=force,
        add_actors=add_actors, skip_incomplete=skip_incomplete, overrides=overrides,
        limit=max_size * 1024 * 1024, timeout=timeout, jobs=jobs, site_language=_site_language(root),
    )
    show_bar = len(files) > 1 and sys.stderr.isatty()
    if show_bar:
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr, show_pos=True) as bar:
            run = ingest_paths(list(paths), options, progress=lambda _file: bar.update(1), vocabulary=vocabulary)
    else:
        run = ingest_paths(list(paths), options, vocabulary=vocabulary)

    if as_json:
        for result in run.results:
            click.echo(json.dumps(result_record(result), ensure_ascii=False))
    _report(run, root, dry_run, verbose=not as_json)
    if run.actors_problem or any(r.needs_attention for r in run.results):
        sys.exit(1)


def _site_language(root: Path) -> str:
    """[tool.briefings] language, which a briefing in another language names in its frontmatter."""
    from generator.config import load_settings
    from generator.diagnostics import ContentError

    try:
        return load_settings(root).language
    except ContentError as error:
        raise click.ClickException("\n".join(d.format() for d in error.diagnostics.errors)) from error


def _report(run: IngestRun, root: Path, dry_run: bool, verbose: bool) -> None:
    """Per-input lines and a summary, on stderr (stdout is for --json)."""
    def say(message: str, **style: object) -> None:
        click.secho(message, err=True, **style)  # type: ignore[arg-type]

    results = run.results
    if run.leftovers_removed:
        shown = ", ".join(_shown(path, root) for path in run.leftovers_removed)
        say(f"removed {len(run.leftovers_removed)} temporary file(s) left by an interrupted run: {shown}")
    for result in results:
        if result.status == "ingested" and result.decision == "draft":
            say(f"draft     {result.input} -> {_shown(result.path, root)}: {result.reason}", fg="yellow")
        elif result.status == "ingested":
            say(f"ingested  {result.input} -> {_shown(result.path, root)}", fg="green")
        elif result.status == "dry-run" and verbose and result.draft is not None and result.decision == "write":
            draft = result.draft
            say(f"would write  {result.input}: {draft.title!r}, {draft.date}, {draft.region}")
        elif result.status == "dry-run" and verbose and result.decision == "draft":
            say(f"would write a draft  {result.input} -> {_shown(result.path, root)}: {result.reason}", fg="yellow")
        elif result.status == "dry-run" and verbose and result.decision == "unchanged":
            say(f"would leave unchanged  {result.input}: {result.reason}")
        elif result.status == "dry-run" and verbose and result.reason:
            say(f"would skip   {result.input}: {result.reason}", fg="yellow")
        elif result.status == "unchanged":
            say(f"unchanged {result.input}: {result.reason}")
        elif result.status == "skipped":
            say(f"skipped   {result.input}: {result.reason}", fg="yellow")
        elif result.status == "failed":
            say(f"failed    {result.input}: {result.reason}", fg="red")
        for warning in result.warnings:
            say(f"  warning: {result.input}: {warning}", fg="yellow")
        if result.decision == "draft" and result.draft is not None:
            for note in (n for n in result.draft.review if n not in result.warnings):
                say(f"  review: {result.input}: {note}", fg="yellow")

    counts = Counter(r.status for r in results)
    candidates = Counter(c for r in results if r.draft for c in r.draft.actor_candidates)
    parts = []
    decisions = Counter(r.decision for r in results)
    drafts = decisions["draft"]
    to_review = f" ({drafts} draft{'s' if drafts != 1 else ''} need{'s' if drafts == 1 else ''} review)" if drafts else ""
    if dry_run:
        parts.append(f"{counts['dry-run']} checked (dry run, nothing written)")
        parts.append(f"{decisions['write'] + drafts} would be written{to_review}")
        parts += [f"{decisions['unchanged']} unchanged",
                  f"{sum(decisions[d] for d in ('skip', 'exists', 'near-duplicate'))} would be skipped",
                  f"{counts['failed'] + decisions['fail']} failed"]
    else:
        parts.append(f"{counts['ingested']} ingested{to_review}")
        parts += [f"{counts['unchanged']} unchanged", f"{counts['skipped']} skipped", f"{counts['failed']} failed"]
    warnings = sum(len(r.warnings) for r in results)
    parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    say("Summary: " + ", ".join(parts), bold=True)
    if run.actors_problem:
        say(f"failed    {run.actors_problem}", fg="red")
    if run.actors_added:
        say(f"Added to actors.yaml ({len(run.actors_added)}): {', '.join(run.actors_added)}", fg="green")
        candidates = Counter({c: n for c, n in candidates.items() if c not in run.actors_added})
    if candidates:
        shown = ", ".join(name for name, _ in candidates.most_common(15))
        more = f" and {len(candidates) - 15} more" if len(candidates) > 15 else ""
        say(f"Actor candidates not in actors.yaml ({len(candidates)}): {shown}{more}")
        say("  add them with --add-actors, or add aliases to actors.yaml by hand")


def _shown(path: Path | None, root: Path) -> str:
    return display_path(path.resolve(), root.resolve()) if path is not None else ""
