"""`briefings ingest`: raw articles from news sites -> briefing files.

The flow, top to bottom (`ingest_paths`):

    arguments -> input files and addresses -> bytes (limits) -> text (encoding) -> cleaned article
    (HTML: trafilatura + post-cleaning; text: our cleaner) -> fields (title, dates,
    countries, region, actors, places, source) -> `Draft` -> decision against the briefings
    that exist -> written file (temp + rename), or one JSON record in a dry run.

Each input is handled on its own: a problem with one file is its result, and the batch
goes on. Everything up to the decision is pure, so `prepare_draft` is what the tests and
the quality bench call.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.diagnostics import display_path
from generator.ingest import dates as dates_module
from generator.ingest import evidence as evidence_module
from generator.ingest.actors import find_actors
from generator.ingest.countries import locate, outlet_country
from generator.ingest.extract import choose_region, find_places, source_from_url
from generator.ingest.fetch import DEFAULT_TIMEOUT, source_address
from generator.ingest.inputs import (
    MAX_INPUT_BYTES,
    Decoded,
    STDIN,
    InputProblem,
    RawInput,
    decode,
    expand_arguments,
    read_input,
)
from generator.ingest.language import detect_language, function_words
from generator.ingest.overrides import Overrides, apply_overrides
from generator.ingest.output import (
    EXISTING_CACHE,
    Existing,
    check_rendered,
    decide,
    edited_since_ingest,
    escape_wiki_brackets,
    keep_backup,
    load_existing,
    remove_leftovers,
    render_briefing,
    shingles,
    target_path,
    with_ingest_hash,
    write_new,
)
from generator.ingest.seams import mend_seams
from generator.ingest.text import clean_text, plain_from_markdown
from generator.ingest.titles import clean_title
from generator.taxonomy import Vocabulary, load_vocabulary
from generator.workers import available_cores, map_in_order


@dataclass(frozen=True)
class Draft:
    """One article as extracted, before anything is written."""

    input: str
    title: str
    title_marked_updated: bool
    date: dt.date | None
    updated: dt.datetime | None
    region: str
    countries: tuple[str, ...]
    actors: tuple[str, ...]
    actor_candidates: tuple[str, ...]
    places: tuple[str, ...]
    source: str
    source_url: str
    body: str  # Markdown
    warnings: tuple[str, ...]
    raw_sha256: str
    format: str  # "html" or "text"
    encoding: str
    persons: tuple[str, ...] = ()  # every person mention as written (for measuring)
    organisations: tuple[str, ...] = ()
    candidate_kinds: tuple[tuple[str, str], ...] = ()
    language: str = ""  # ISO 639-1 code of the text's language, "" when unsure
    # No summary is written: the article page would show it above the first paragraph it
    # repeats, and lists and feeds already shorten the first paragraph when there is none.
    summary: str = ""
    # where each field came from ({"title": {"how", "text", "line"}, ...}, see evidence.py)
    evidence: dict[str, dict[str, object]] = field(default_factory=dict, compare=False)
    notes: tuple[tuple[str, str], ...] = ()  # (field, plain-language note) for the editor's review
    # stand-ins for required fields not found, (field, value): written only into a draft
    guesses: tuple[tuple[str, object], ...] = ()

    @property
    def review(self) -> tuple[str, ...]:
        return tuple(note for _field, note in self.notes)

    def missing(self) -> tuple[str, ...]:
        """The required fields ingest could not find (the draft is written with `guesses`)."""
        return tuple(name for name, value in (("title", self.title), ("date", self.date), ("region", self.region)) if not value)

    def record(self) -> dict[str, object]:
        """The dry run's JSON object. Keys are a stable interface: quality is measured on it."""
        return {
            "input": self.input,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "region": self.region or None,
            "countries": list(self.countries),
            "actors": list(self.actors),
            "actor_candidates": list(self.actor_candidates),
            "places": list(self.places),
            "source": self.source or None,
            "source_url": self.source_url or None,
            "body": self.body,
            "warnings": list(self.warnings),
            # additions to the interface above: how the input was read, and the mentions
            # behind `actors` and `actor_candidates`, split by kind
            "title_marked_updated": self.title_marked_updated,
            "format": self.format,
            "encoding": self.encoding,
            "raw_sha256": self.raw_sha256,
            "entities": {"persons": list(self.persons), "organisations": list(self.organisations)},
            "language": self.language or None,
            "evidence": self.evidence,
            "review": list(self.review),
        }


def prepare_draft(raw: RawInput, decoded: Decoded, vocabulary: Vocabulary, reference: dt.date) -> Draft:
    """Clean and extract one decoded input. Pure apart from the HTML extractor's own work."""
    warnings: list[str] = []
    source_url = ""
    page_date = None
    dateline = ""
    if decoded.is_html:
        from generator.ingest.html import extract_html

        page = extract_html(decoded.text, reference)
        raw_title, body, source, source_url, page_date = page.title, page.markdown, page.source, page.url, page.date
        site_names = (page.source,)
        title_how, page_date_how, title_doubt = page.title_how, page.date_how, ""
    else:
        cleaned = clean_text(decoded.text, function_words(detect_language(decoded.text)))
        raw_title, body, source, dateline = cleaned.title, cleaned.markdown, cleaned.source, cleaned.dateline
        title_how, page_date_how = "the headline above the article in the copied text", ""
        title_doubt = cleaned.title_doubt
        if cleaned.title_doubt:
            warnings.append(cleaned.title_doubt)
        url_match = re.search(r"https?://[^\s)>\]]+", source)
        if url_match:
            source_url = url_match.group(0).rstrip(".,")
            source = source_from_url(source_url)
        site_names = (source,)
    if raw.url:  # fetched: the page's own canonical address, else the one given (fetch.source_address)
        source_url = source_address(source_url, raw.url)
        source = source or source_from_url(source_url)
    body = escape_wiki_brackets(body)  # scraped "[[...]]" is text, not a link to a briefing
    title = clean_title(raw_title, site_names)
    language = detect_language(f"{title.text}\n{plain_from_markdown(body)}")
    body = mend_seams(body, language)
    plain = plain_from_markdown(body)
    if not plain.strip():
        warnings.append("no article text found")
    if not title.text:
        warnings.append("no title found")

    found = page_date and dates_module.DateFound(page_date, page_date_how or "the page's metadata")
    if not found:
        found = dates_module.find_publication_date(dateline, plain, reference, dates_module.day_first_for(source_url, language))
    date = found.date if found else None
    if date is None:
        warnings.append("no publication date found; give one in the file or fix the briefing's date by hand")
    updated = dates_module.find_update("\n".join((dateline, plain[:3000])), date)
    if title.marked_updated and updated is None:
        warnings.append("the headline says 'Updated' but no update time with a time zone was found")
    if updated and date and updated.date() < date:
        updated = None

    # A headline in Title Case capitalises every word ("Latest Amelia Earhart Search..."),
    # which reads as names; such a title is left out of the text names are looked for in.
    words = title.text.split()
    title_case = len(words) > 3 and sum(1 for w in words if w[:1].isupper()) > 0.6 * len(words)
    text_for_entities = plain if title_case else f"{title.text}\n\n{plain}"
    located = locate(title.text, plain, vocabulary, outlet_country(source_url or source), language)
    mentions, countries = located.mentions, list(located.countries)
    unknown = [c for c in countries if vocabulary.country(c) is None]
    if unknown:
        warnings.append("countries not in regions.yaml, left out: " + ", ".join(unknown))
    countries = [c for c in countries if vocabulary.country(c) is not None]
    region = choose_region(countries, vocabulary)
    if not region:
        warnings.append("no region: no country of regions.yaml is named")
    actors = find_actors(text_for_entities, vocabulary, {m.surface for m in mentions}, title=title.text, outlet=source,
                         countries=located.countries, language=language)
    places = find_places(plain, actors, {m.surface for m in mentions} | {m.name for m in mentions}, vocabulary, located.places)
    said = evidence_module.explain(body, title.text, title_how, title_doubt, found, reference,
                   tuple(countries), region, located, actors.actors, actors.candidates, vocabulary)

    return Draft(
        input=raw.name,
        title=title.text,
        title_marked_updated=title.marked_updated,
        date=date,
        updated=updated,
        region=region,
        countries=tuple(countries),
        actors=actors.actors,
        actor_candidates=actors.candidates,
        places=tuple(places),
        source=source,
        source_url=source_url,
        body=body,
        warnings=tuple(warnings),
        raw_sha256=raw.sha256,
        format="html" if decoded.is_html else "text",
        encoding=decoded.encoding,
        persons=actors.persons,
        organisations=actors.organisations,
        candidate_kinds=actors.candidate_kinds,
        language=language,
        **said,
    )


@dataclass(frozen=True)
class IngestResult:
    input: str  # the argument or file as given
    status: str  # "ingested", "unchanged", "skipped", "failed", "dry-run"
    reason: str = ""
    path: Path | None = None
    draft: Draft | None = None
    warnings: tuple[str, ...] = ()
    # what `plan` decided, the same in a dry run and a real one: "write", "draft", "skip",
    # "exists", "near-duplicate", "unchanged" or "fail" ("" when the input could not be read)
    decision: str = ""

    @property
    def needs_attention(self) -> bool:
        """Skipped or failed, or would be in a dry run: the exit status is 1."""
        return self.status in ("skipped", "failed") or self.decision in SKIPPED


SKIPPED = ("skip", "exists", "near-duplicate", "fail")


@dataclass
class IngestOptions:
    project_dir: Path
    reference: dt.date
    dry_run: bool = False
    force: bool = False
    add_actors: bool = False
    skip_incomplete: bool = False  # skip an input without a title, date or region instead of writing a draft
    overrides: Overrides = field(default_factory=Overrides)  # checked (overrides.checked) before the run
    limit: int = MAX_INPUT_BYTES
    timeout: float = DEFAULT_TIMEOUT  # seconds for fetching one address, all of it
    jobs: int = 0  # processes that extract a batch; 0: one per core
    site_language: str = "en"  # [tool.briefings] language: a briefing in another says which
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.timezone.utc).astimezone())


@dataclass(frozen=True)
class IngestRun:
    """A whole run: a result per input, and what the run did besides."""

    results: list[IngestResult]
    actors_added: tuple[str, ...] = ()  # --add-actors: names appended to actors.yaml
    actors_problem: str = ""  # --add-actors: why actors.yaml was left as it was
    leftovers_removed: tuple[Path, ...] = ()  # temporary files of an earlier, killed run


def ingest_paths(
    arguments: list[str], options: IngestOptions, progress: Callable[[str], None] | None = None,
    vocabulary: Vocabulary | None = None,
) -> IngestRun:
    """Ingest every input named by `arguments` (files, folders, globs, '-', http(s) addresses).
    `vocabulary`: the project's, when the caller has read it already (else it is read here)."""
    root = options.project_dir
    content_dir = root / "content"
    articles_dir = content_dir / "articles"
    leftovers = () if options.dry_run else tuple(remove_leftovers(content_dir))
    if vocabulary is None:
        vocabulary, _ = load_vocabulary(content_dir, root)
    existing = load_existing(articles_dir, root / EXISTING_CACHE, save=not options.dry_run)
    files, problems = expand_arguments(arguments)
    results = [IngestResult(argument, "failed", problem) for argument, problem in problems]
    # Reading and extracting is pure and most of the time, so it is spread over the cores;
    # deciding and writing stay here, in input order, since each input is judged against
    # what the ones before it wrote.
    prepared = map_in_order(
        functools.partial(
            prepare_one, limit=options.limit, vocabulary=vocabulary, reference=options.reference,
            timeout=options.timeout,
        ),
        files,
        # a forked worker's standard input is /dev/null: '-' is read here, in this process
        1 if STDIN in files else options.jobs or available_cores(),
        min_per_worker=MIN_INPUTS_PER_WORKER,
    )
    for file, draft in zip(files, prepared):
        result = settle(file, draft, options, existing, articles_dir)
        results.append(result)
        written = result.status == "ingested" or (result.status == "dry-run" and result.decision in ("write", "draft"))
        if written and result.path is not None and result.draft is not None:
            # a batch can hold the same story twice: what was just written (or, in a dry run,
            # would have been) counts as existing, so both runs decide the next input alike
            existing.append(Existing(result.path, result.draft.title, result.draft.raw_sha256, shingles(result.draft.body)))
        if progress:
            progress(file)
    added: tuple[str, ...] = ()
    problem = ""
    if options.add_actors and not options.dry_run:
        from generator.ingest.vocabulary import VocabularyProblem, add_candidates

        drafts = [r.draft for r in results if r.draft is not None and r.status == "ingested"]
        actors_file = content_dir / "taxonomy" / "actors.yaml"
        try:
            added = add_candidates(actors_file, drafts, vocabulary)
        except VocabularyProblem as exc:
            problem = f"{_rel(actors_file, root)}: not changed: {exc}"
        except OSError as exc:
            problem = f"{_rel(actors_file, root)}: not changed: {exc.strerror or exc}"
    return IngestRun(results, added, problem, leftovers)


# An input takes 20-100 ms to extract; a forked worker pays for itself from a few inputs on.
MIN_INPUTS_PER_WORKER = 4


def prepare_one(
    file: str, limit: int, vocabulary: Vocabulary, reference: dt.date, timeout: float = DEFAULT_TIMEOUT,
) -> Draft | IngestResult:
    """One input read and extracted: its draft, or the failed result saying why not."""
    try:
        raw = read_input(file, limit, timeout)
        decoded = decode(raw)
    except InputProblem as problem:
        return IngestResult(file, "failed", str(problem))
    try:
        return prepare_draft(raw, decoded, vocabulary, reference)
    except Exception as exc:  # an extractor bug must not stop the batch; say which file
        return IngestResult(file, "failed", f"could not extract the article: {type(exc).__name__}: {exc}")


def ingest_one(
    file: str, options: IngestOptions, vocabulary: Vocabulary, existing: list[Existing], articles_dir: Path,
) -> IngestResult:
    """One input, start to end; every problem is the result, never an exception."""
    draft = prepare_one(file, options.limit, vocabulary, options.reference, options.timeout)
    return settle(file, draft, options, existing, articles_dir)


def settle(
    file: str, draft: Draft | IngestResult, options: IngestOptions, existing: list[Existing], articles_dir: Path,
) -> IngestResult:
    """What becomes of one prepared input: a dry-run record, a skip, or a written briefing."""
    if isinstance(draft, IngestResult):
        return draft
    draft = apply_overrides(draft, options.overrides)
    root = options.project_dir
    chosen = plan(draft, options, existing, articles_dir)
    if options.dry_run:  # the same decision; only nothing is written
        return IngestResult(file, "dry-run", chosen.reason, chosen.path, draft, draft.warnings, chosen.decision)
    if chosen.decision == "unchanged":
        return IngestResult(file, "unchanged", chosen.reason, chosen.path, draft, decision=chosen.decision)
    if chosen.decision not in ("write", "draft"):
        status = "failed" if chosen.decision == "fail" else "skipped"
        return IngestResult(file, status, chosen.reason, chosen.path, draft, draft.warnings, chosen.decision)
    target = chosen.path
    assert target is not None
    notes: tuple[str, ...] = ()
    try:
        if options.force and target.exists():
            notes = _keep_replaced(target, chosen.text, root)
        write_new(target, chosen.text, overwrite=options.force)
    except FileExistsError:
        return IngestResult(file, "skipped", f"{_rel(target, root)} exists; --force to replace it", target, draft, decision="exists")
    except OSError as exc:
        return IngestResult(file, "failed", f"cannot write {_rel(target, root)}: {exc.strerror or exc}", draft=draft, decision=chosen.decision)
    return IngestResult(file, "ingested", chosen.reason, target, draft, draft.warnings + notes, chosen.decision)


@dataclass(frozen=True)
class Plan:
    """What to do with one draft; a dry run and a real run both follow it."""

    decision: str  # see IngestResult.decision
    reason: str = ""  # why (for a draft: what it lacks)
    path: Path | None = None  # the file to write, or the existing briefing the decision is about
    text: str = ""  # the briefing to write


def plan(draft: Draft, options: IngestOptions, existing: list[Existing], articles_dir: Path) -> Plan:
    """The one place that decides what happens to a draft, in a dry run as in a real one."""
    root = options.project_dir
    if not draft.body.strip():
        return Plan("skip", "no article text found")
    missing = draft.missing()
    if missing and options.skip_incomplete:
        return Plan("skip", f"no {_listed(missing)} found, and a briefing needs it (--skip-incomplete)")
    fields = briefing_fields(draft, options.now(), options.site_language)
    fields.update(dict(draft.guesses))
    as_draft = bool(missing) or options.overrides.draft
    if as_draft:
        fields["draft"], fields["review"] = True, list(draft.review)
    date = fields["date"]
    assert isinstance(date, dt.date)
    decision = decide(target_path(articles_dir, str(fields["title"]), date), draft.raw_sha256, draft.body, existing, options.force)
    target = decision.path
    if decision.action == "unchanged":
        return Plan("unchanged", f"already ingested as {_rel(decision.other, root)}", decision.other)
    if decision.action == "exists":
        return Plan("exists", f"{_rel(target, root)} exists; --force to replace it", target)
    if decision.action == "near-duplicate":
        return Plan(
            "near-duplicate",
            f"near-duplicate of {_rel(decision.other, root)} ({decision.similarity:.0%} of the text in common); "
            "--force to write it anyway",
            decision.other,
        )
    text = with_ingest_hash(render_briefing(fields, draft.body))
    diagnostics = check_rendered(text, _rel(target, root))
    if diagnostics.errors:
        return Plan("fail", "; ".join(d.message for d in diagnostics.errors))
    if as_draft:
        lacking = f"no {_listed(missing)} found" if missing else "--draft"
        return Plan("draft", f"written as a draft to review ({lacking})", target, text)
    return Plan("write", "", target, text)


def _keep_replaced(target: Path, new_text: str, root: Path) -> tuple[str, ...]:
    """Before --force replaces `target`: keep its text beside it; what to tell the editor."""
    try:
        old_text = target.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        old_text = None
    if old_text == new_text:
        return ()  # nothing would be lost
    backup = keep_backup(target)
    kept = f"its text is kept in {_rel(backup, root)}"
    edited = edited_since_ingest(old_text) if old_text is not None else None
    if edited is None:
        return (f"replaced {_rel(target, root)}, which ingest did not write (or wrote without a hash), "
                f"so it may have been edited by hand; {kept}",)
    if edited:
        return (f"replaced {_rel(target, root)}, which was edited after it was ingested; {kept}",)
    return (f"replaced {_rel(target, root)}, unchanged since it was ingested; {kept}",)


def result_record(result: IngestResult) -> dict[str, object]:
    """One JSON Lines record of a dry run: the draft's fields, or the input and why it failed."""
    if result.draft is not None:
        record = result.draft.record()
        record["input"] = result.input
        if result.decision:
            record["decision"] = result.decision
        if result.status not in ("dry-run", "ingested"):
            record["status"], record["reason"] = result.status, result.reason
        elif result.reason:
            record["reason"] = result.reason
        return record
    return {"input": result.input, "error": result.reason, "warnings": []}


def dry_run_record(path: str, vocabulary: Vocabulary, reference: dt.date, limit: int = MAX_INPUT_BYTES) -> dict[str, object]:
    """The record `briefings ingest PATH --dry-run --json` prints for one file, in-process."""
    options = IngestOptions(project_dir=Path("."), reference=reference, dry_run=True, limit=limit)
    return result_record(ingest_one(path, options, vocabulary, [], Path(".")))


def briefing_fields(draft: Draft, ingested_at: dt.datetime, site_language: str = "en") -> dict[str, object]:
    return {
        "title": draft.title,
        "date": draft.date,
        "updated": draft.updated,
        "region": draft.region,
        "countries": draft.countries,
        "actors": draft.actors,
        "places": draft.places,
        "source": draft.source,
        "source_url": draft.source_url,
        "summary": draft.summary,
        "language": draft.language if draft.language and draft.language != site_language.split("-")[0] else "",
        "ingested_from": "stdin" if draft.input == STDIN else draft.input,
        "raw_sha256": draft.raw_sha256,
        "ingested_at": ingested_at.replace(microsecond=0),
    }


def _listed(names: tuple[str, ...]) -> str:
    """("title", "date", "region") -> "title, date or region"."""
    return " or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " or " + names[-1]


def _rel(path: Path | None, root: Path) -> str:
    return display_path(path.resolve(), root.resolve()) if path is not None else ""
