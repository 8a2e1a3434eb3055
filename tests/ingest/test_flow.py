"""The flow from raw input to draft, and the dry run's record as a stable interface."""

from __future__ import annotations

import datetime as dt

from generator.ingest import Draft, prepare_draft, summarise
from generator.ingest.inputs import RawInput, decode

from .test_html import PAGE

RECORD_KEYS = [
    "input", "title", "date", "updated", "region", "countries", "actors", "actor_candidates", "places",
    "source", "source_url", "body", "warnings", "title_marked_updated", "format", "encoding", "raw_sha256",
    "entities", "evidence", "review",
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


def test_the_summary_is_the_first_two_sentences_of_the_first_paragraph():
    body = "*Updated at 10:30 CEST*\n\nFirst sentence here is long enough. Second one follows it. Third is left out.\n"
    assert summarise(body) == "First sentence here is long enough. Second one follows it."
