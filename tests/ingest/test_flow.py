"""The flow from raw input to draft, and the dry run's record as a stable interface."""

from __future__ import annotations

import datetime as dt

from generator.ingest import Draft, briefing_fields, prepare_draft
from generator.ingest.inputs import RawInput, decode

from .test_html import PAGE

RECORD_KEYS = [
    "input", "title", "date", "updated", "region", "countries", "actors", "actor_candidates", "places",
    "source", "source_url", "body", "warnings", "title_marked_updated", "format", "encoding", "raw_sha256",
    "entities", "language", "evidence", "review",
]


def draft_of(text: str, name: str, vocabulary, reference=dt.date(2026, 11, 24)) -> Draft:
    raw = RawInput(name, text.encode("utf-8"))
    return prepare_draft(raw, decode(raw), vocabulary, reference)


def test_the_record_has_the_documented_keys_in_order(vocabulary):
    record = draft_of(PAGE, "page.html", vocabulary).record()
    assert list(record) == RECORD_KEYS


def test_a_saved_page_gives_a_draft_from_its_metadata_and_text(vocabulary):
    page = PAGE.replace("the mission reported", "the mission in Armenia reported").replace(
        "The foreign ministers", "The Armenian and Azerbaijani foreign ministers"
    )
    draft = draft_of(page, "page.html", vocabulary)
    assert draft.format == "html"
    assert draft.title == "Ceasefire holds on the border"
    assert draft.date == dt.date(2022, 9, 14)
    assert draft.source == "example-news.org"
    assert draft.source_url == "https://www.example-news.org/world/ceasefire-holds"
    assert draft.countries[0] == "Armenia" and draft.region == "South Caucasus"


def test_missing_fields_become_warnings_not_errors(vocabulary):
    draft = draft_of("Just a line of text without much in it", "note.txt", vocabulary)
    assert any("no publication date" in w for w in draft.warnings)
    assert any("no region" in w for w in draft.warnings)


def test_a_source_line_with_an_address_gives_source_and_url(vocabulary):
    text = (
        "Talks resume in Brussels\n\nOn Tuesday (13 September) the Armenian and Azerbaijani ministers met "
        "in Brussels, the mediators said in a statement after the meeting ended.\n\n"
        "Source: https://www.example.org/news/talks-resume\n"
    )
    draft = draft_of(text, "talks.txt", vocabulary)
    assert draft.source == "example.org" and draft.source_url == "https://www.example.org/news/talks-resume"


def test_an_address_pasted_alone_after_the_copied_text_is_its_source_url(vocabulary):
    article = (
        "Floods cut off villages in northern Mali\n\nBy Jane Roe\n\nMarch 5, 2024\n\n"
        "Heavy rain has cut off dozens of villages in the north of Mali, officials said on Tuesday, "
        "as rivers burst their banks after a week of storms.\n\n"
        "Aid groups said thousands of people needed shelter and clean water, and roads were closed.\n\n"
    )
    draft = draft_of(article + "https://news.example.org/africa/mali-floods\n", "floods.txt", vocabulary)
    assert draft.source_url == "https://news.example.org/africa/mali-floods" and draft.source == "news.example.org"
    assert "https://" not in draft.body
    # an address inside the text, in a comment or a list of links, is not the page's
    inside = article.replace("Aid groups", "https://twitter.com/someone\n\nAid groups")
    assert draft_of(inside, "floods.txt", vocabulary).source_url == ""


def test_no_summary_is_written_that_would_repeat_the_first_paragraph(vocabulary):
    # the article page shows a summary above the text; the first paragraph again would be
    # read twice. Lists and feeds shorten the first paragraph themselves when there is none.
    draft = draft_of(PAGE, "page.html", vocabulary)
    fields = briefing_fields(draft, dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc))
    assert not fields["summary"]


def test_a_batch_spread_over_processes_gives_the_same_records_in_the_same_order(tmp_path, project):
    from generator.ingest import IngestOptions, ingest_paths, result_record

    for number in range(12):
        (tmp_path / f"in-{number:02d}.txt").write_text(
            f"Talks resume in round {number}\n\nOn Tuesday (13 September) the Armenian and Azerbaijani ministers met "
            f"in Brussels for round {number}, the mediators said in a statement after the meeting ended.\n",
            encoding="utf-8",
        )
    inputs = [str(tmp_path / "in-*.txt")]

    def records(jobs: int) -> list[dict]:
        options = IngestOptions(project_dir=project, reference=dt.date(2026, 11, 24), dry_run=True, jobs=jobs)
        return [result_record(r) for r in ingest_paths(inputs, options).results]

    one_process = records(1)
    assert [r["title"] for r in one_process] == [f"Talks resume in round {n}" for n in range(12)]
    assert records(2) == one_process
