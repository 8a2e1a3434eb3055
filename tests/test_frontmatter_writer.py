"""The one frontmatter writer of `new`, `ingest` and the inbox, and `without_fields`,
which removes whole fields and keeps every other byte of a briefing."""

from __future__ import annotations

import datetime as dt

from generator.frontmatter_writer import render_briefing, without_fields
from generator.scaffold import PLACEHOLDER_BODY, briefing_text


def test_new_writes_its_frontmatter_through_the_shared_writer():
    fields = {"title": "Talks: a new round", "date": dt.date(2024, 3, 14), "region": "South Caucasus",
              "countries": ("Armenia",), "actors": ("Nikol Pashinyan",), "tags": ("diplomacy",)}
    assert briefing_text(**fields) == render_briefing(fields, PLACEHOLDER_BODY)
    assert briefing_text(**fields).startswith("---\ntitle: 'Talks: a new round'\ndate: 2024-03-14\n")


def test_review_notes_are_written_after_draft_as_a_list():
    text = render_briefing({"title": "T", "date": dt.date(2024, 1, 2), "region": "Americas", "draft": True,
                            "review": ["no publication date found, check it", "region from one mention"]}, "Body.")
    assert "draft: true\nreview:\n  - 'no publication date found, check it'\n  - region from one mention\n---" in text


def test_without_fields_removes_block_and_flow_fields_and_keeps_every_other_byte():
    text = (
        "---\r\n"
        "title:   Talks   # the editor's spacing and comment\r\n"
        "draft: true\r\n"
        "review:\r\n"
        "  - no date found\r\n"
        "  - region from one mention\r\n"
        "# a comment the editor wrote\r\n"
        "date: 2024-03-14\r\n"
        "review2: [kept, 'a different field']\r\n"
        "---\r\n"
        "\r\n"
        "draft: true is body text here and stays.\r\n"
    )
    assert without_fields(text, ("draft", "review")) == (
        "---\r\n"
        "title:   Talks   # the editor's spacing and comment\r\n"
        "# a comment the editor wrote\r\n"
        "date: 2024-03-14\r\n"
        "review2: [kept, 'a different field']\r\n"
        "---\r\n"
        "\r\n"
        "draft: true is body text here and stays.\r\n"
    )


def test_without_fields_removes_a_flush_block_list_and_a_flow_list():
    text = "---\nreview:\n- one\n- two\ntitle: T\nreview_flow: x\ndraft: true\nreview: [a, b]\n---\nBody\n"
    assert without_fields(text, ("draft", "review")) == "---\ntitle: T\nreview_flow: x\n---\nBody\n"


def test_without_fields_leaves_text_without_frontmatter_alone():
    assert without_fields("draft: true\n", ("draft",)) == "draft: true\n"
    assert without_fields("---\ndraft: true\nno end\n", ("draft",)) == "---\ndraft: true\nno end\n"
