"""Loading briefings: what a valid file gives, and how each mistake is reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content import load_articles, parse_article
from generator.diagnostics import Level

VALID = """\
---
title: Ceasefire talks resume
date: 2023-03-02
updated: 2023-03-02T18:00:00+04:00
region: South Caucasus
countries: [Armenia, Azerbaijan]
actors:
  - Nikol Pashinyan
tags: [ceasefire]
source: Fixture Wire
source_url: https://example.org/report
summary: Talks resumed.
---

First paragraph.
"""


def messages(diagnostics, level=None):
    return [d.format() for d in diagnostics.items if level is None or d.level is level]


def test_a_valid_briefing_loads_into_typed_fields():
    article, diagnostics = parse_article(VALID, "content/articles/2023/ceasefire-talks-resume.md")
    assert diagnostics.items == []
    assert article.slug == "ceasefire-talks-resume"
    assert article.title == "Ceasefire talks resume"
    assert article.date == dt.date(2023, 3, 2)
    assert article.updated == dt.datetime(2023, 3, 2, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=4)))
    assert article.countries == ("Armenia", "Azerbaijan")
    assert article.actors == ("Nikol Pashinyan",)
    assert article.source_url == "https://example.org/report"
    assert article.draft is False
    assert article.body == "First paragraph.\n"
    assert article.body_line == 15  # where "First paragraph." stands in the file


def test_an_impossible_date_names_file_line_and_field():
    text = VALID.replace("date: 2023-03-02", "date: 2022-13-45")
    article, diagnostics = parse_article(text, "content/articles/2023/x.md")
    assert article is None
    assert messages(diagnostics, Level.ERROR) == [
        "content/articles/2023/x.md:3: error: field 'date': '2022-13-45' is not a real date "
        "(month must be in 1..12)\n    hint: e.g. date: 2022-09-13"
    ]


@pytest.mark.parametrize(
    "replace, expected",
    [
        (("title: Ceasefire talks resume\n", ""), ":1: error: field 'title' is required"),
        (("region: South Caucasus\n", ""), ":1: error: field 'region' is required"),
        (("date: 2023-03-02", "date: 2 March 2023"), ":3: error: field 'date': '2 March 2023' is not a date in YYYY-MM-DD form"),
        (("updated: 2023-03-02T18:00:00+04:00", "updated: 2023-03-02T18:00:00"), ":4: error: field 'updated': '2023-03-02T18:00:00' has no UTC offset"),
        (("countries: [Armenia, Azerbaijan]", "countries: Armenia"), ":6: error: field 'countries': must be a list, not 'Armenia'"),
        (("source_url: https://example.org/report", "source_url: javascript:alert(1)"), ":11: error: field 'source_url': 'javascript:alert(1)' is not an http(s) address"),
        (("summary: Talks resumed.", "draft: maybe"), ":12: error: field 'draft': must be true or false, not 'maybe'"),
        (("title: Ceasefire talks resume", "title: [a, b]"), ":2: error: field 'title': must be text, not a list"),
    ],
)
def test_each_schema_violation_is_an_error_on_its_line(replace, expected):
    article, diagnostics = parse_article(VALID.replace(*replace), "a.md")
    assert article is None
    assert any(m.startswith("a.md" + expected) for m in messages(diagnostics, Level.ERROR)), messages(diagnostics)


def test_broken_yaml_is_reported_at_the_line_of_the_problem():
    text = VALID.replace("countries: [Armenia, Azerbaijan]", "countries: [Armenia, Azerbaijan")
    _, diagnostics = parse_article(text, "a.md")
    (message,) = messages(diagnostics)
    assert message.startswith("a.md:7: error: invalid YAML")


def test_missing_frontmatter_is_an_error():
    article, diagnostics = parse_article("Just text\n", "a.md")
    assert article is None
    assert messages(diagnostics)[0].startswith("a.md:1: error: no frontmatter")


def test_unknown_fields_are_warnings_with_a_suggestion():
    article, diagnostics = parse_article(VALID.replace("tags:", "tgas:"), "a.md")
    assert article is not None and article.tags == ()
    assert messages(diagnostics) == ["a.md:9: warning: unknown field 'tgas' is ignored\n    hint: did you mean 'tags'?"]


def test_a_file_name_that_is_not_a_slug_is_a_warning_and_slugified():
    article, diagnostics = parse_article(VALID, "content/articles/2023/Ceasefire Talks.md")
    assert article.slug == "ceasefire-talks"
    assert "is not a URL slug" in messages(diagnostics, Level.WARNING)[0]


def test_a_briefing_filed_under_the_wrong_year_is_a_warning():
    _, diagnostics = parse_article(VALID, "content/articles/2021/ceasefire.md")
    assert messages(diagnostics) == [
        "content/articles/2021/ceasefire.md:3: warning: briefing dated 2023 is filed under 2021/"
        "\n    hint: move it to articles/2023/"
    ]


def test_an_update_before_the_publication_date_is_a_warning():
    text = VALID.replace("updated: 2023-03-02T18:00:00+04:00", "updated: 2023-03-01T18:00:00+04:00")
    _, diagnostics = parse_article(text, "a.md")
    assert messages(diagnostics) == ["a.md:4: warning: field 'updated' is before 'date'"]


def test_list_values_are_trimmed_and_deduplicated():
    article, _ = parse_article(VALID.replace("[Armenia, Azerbaijan]", "[Armenia, ' Armenia ', Azerbaijan]"), "a.md")
    assert article.countries == ("Armenia", "Azerbaijan")


def test_loading_a_folder_reports_undecodable_and_binary_files_and_keeps_the_rest(tmp_path: Path):
    articles_dir = tmp_path / "content" / "articles" / "2023"
    articles_dir.mkdir(parents=True)
    (articles_dir / "good.md").write_text(VALID, encoding="utf-8")
    (articles_dir / "latin1.md").write_bytes(VALID.replace("First", "Caf\xe9").encode("latin-1"))
    (articles_dir / "binary.md").write_bytes(b"---\ntitle: x\x00\n")
    articles, diagnostics = load_articles(tmp_path, tmp_path / "content")
    assert [a.slug for a in articles] == ["good"]
    assert messages(diagnostics) == [
        "content/articles/2023/binary.md:2: error: file contains a NUL byte; is it a binary file?",
        "content/articles/2023/latin1.md:15: error: file is not valid UTF-8 (byte 0xe9)\n    hint: re-save the file as UTF-8",
    ]


def test_a_symlink_out_of_content_is_refused(tmp_path: Path):
    outside = tmp_path / "outside.md"
    outside.write_text(VALID, encoding="utf-8")
    articles_dir = tmp_path / "content" / "articles" / "2023"
    articles_dir.mkdir(parents=True)
    (articles_dir / "link.md").symlink_to(outside)
    articles, diagnostics = load_articles(tmp_path, tmp_path / "content")
    assert articles == []
    assert messages(diagnostics) == ["content/articles/2023/link.md: error: symbolic link pointing outside content/ is refused"]


def test_the_language_of_a_briefing_in_another_language_is_loaded():
    article, diagnostics = parse_article(VALID.replace("summary: Talks resumed.", "language: de"), "content/articles/2023/a.md")
    assert not diagnostics.errors and article.language == "de"


def test_a_language_that_is_not_a_language_code_is_an_error_on_its_line():
    _, diagnostics = parse_article(VALID.replace("summary: Talks resumed.", "language: German"), "content/articles/2023/a.md")
    assert messages(diagnostics, Level.ERROR) == [
        "content/articles/2023/a.md:12: error: field 'language' is 'German', not a language code\n"
        "    hint: use a BCP 47 code such as de, fr or pt-BR"
    ]
