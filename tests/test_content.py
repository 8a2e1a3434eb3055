"""Loading briefings: what a valid file gives, and how each mistake is reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content import MAX_FRONTMATTER_BYTES, load_articles, parse_article, read_text
from generator.diagnostics import Diagnostics, Level

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


@pytest.mark.parametrize(
    "replace, expected",
    [
        (("title: Ceasefire talks resume", "title: 12345"), ":2: error: field 'title': must be text, not the number 12345"),
        (("summary: Talks resumed.", "summary: 1.50"), ":12: error: field 'summary': must be text, not the number 1.5"),
        (("source: Fixture Wire", "source: 2024"), ":10: error: field 'source': must be text, not the number 2024"),
        (("region: South Caucasus", "region: true"), ":5: error: field 'region': must be text, not true/false"),
    ],
)
def test_a_text_field_given_a_number_is_an_error_not_the_number_as_text(replace, expected):
    # YAML reads `summary: 1.50` as 1.5: taking it as text would show what nobody wrote
    article, diagnostics = parse_article(VALID.replace(*replace), "a.md")
    assert article is None
    assert messages(diagnostics, Level.ERROR)[0].startswith("a.md" + expected), messages(diagnostics)


def test_a_number_in_quotes_is_text():
    article, diagnostics = parse_article(VALID.replace("title: Ceasefire talks resume", 'title: "12345"'), "a.md")
    assert diagnostics.errors == [] and article.title == "12345"


@pytest.mark.parametrize("actors", ['[""]', "[Houthis, '  ']"])
def test_an_empty_name_in_a_list_is_an_error(actors: str):
    article, diagnostics = parse_article(VALID.replace("actors:\n  - Nikol Pashinyan", f"actors: {actors}"), "a.md")
    assert article is None
    assert messages(diagnostics, Level.ERROR) == [
        "a.md:7: error: field 'actors': has an empty value\n    hint: remove it, or write the name"
    ]


def test_a_field_written_twice_is_an_error_at_the_second():
    text = VALID.replace("summary: Talks resumed.", "summary: Talks resumed.\ntitle: Another title")
    article, diagnostics = parse_article(text, "a.md")
    assert article is None
    assert messages(diagnostics) == ["a.md:13: error: duplicate key 'title' (first at line 2)"]


def test_yaml_anchors_and_aliases_are_errors_at_their_line():
    text = VALID.replace("tags: [ceasefire]", "tags: &t [ceasefire]\nplaces: *t")
    article, diagnostics = parse_article(text, "a.md")
    assert article is None
    assert messages(diagnostics) == ["a.md:9: error: YAML anchor &t is not allowed here; write the value out"]


def test_a_frontmatter_past_its_size_limit_is_an_error_before_any_yaml_is_read():
    text = VALID.replace("summary: Talks resumed.", "summary: '" + "x" * MAX_FRONTMATTER_BYTES + "'")
    article, diagnostics = parse_article(text, "a.md")
    assert article is None
    assert messages(diagnostics)[0].startswith("a.md:1: error: the frontmatter is 128 KB long; the limit is 128 KB")


def test_loading_reports_symlink_loops_links_to_nowhere_and_links_to_folders(tmp_path: Path):
    year = tmp_path / "content" / "articles" / "2023"
    year.mkdir(parents=True)
    (year / "good.md").write_text(VALID, encoding="utf-8")
    (year / "loop.md").symlink_to("loop.md")
    (year / "gone.md").symlink_to("nowhere.md")
    (year / "folder").symlink_to(year)
    articles, diagnostics = load_articles(tmp_path, tmp_path / "content")
    assert [a.slug for a in articles] == ["good"]
    assert sorted(messages(diagnostics)) == [
        "content/articles/2023/folder: error: symbolic link to a folder is not followed"
        "\n    hint: move the folder here, or link its files one by one",
        "content/articles/2023/gone.md: error: cannot read it: No such file or directory",
        "content/articles/2023/loop.md: error: cannot read it: symbolic link loop"
        "\n    hint: a symbolic link leads to itself, directly or through others: remove or fix it",
    ]


def test_a_file_that_vanishes_or_cannot_be_read_is_an_error_naming_it(tmp_path: Path):
    diagnostics = Diagnostics()
    assert read_text(tmp_path / "missing.md", "content/articles/2023/missing.md", diagnostics) is None
    assert messages(diagnostics) == ["content/articles/2023/missing.md: error: cannot read the file: No such file or directory"]


def test_the_placeholder_of_briefings_new_is_found_on_its_line_however_its_spaces_were_changed():
    text = VALID.replace(
        "First paragraph.\n",
        "First paragraph.\n\nWrite  the briefing here: what happened,\twhere, who was involved, and what comes next.\n",
    )
    _, diagnostics = parse_article(text, "content/articles/2023/ceasefire-talks-resume.md")
    assert [message.splitlines()[0] for message in messages(diagnostics)] == [
        "content/articles/2023/ceasefire-talks-resume.md:17: warning: the body still holds the placeholder text of 'briefings new'"
    ]


def test_a_body_sharing_words_with_the_placeholder_is_not_the_placeholder():
    text = VALID.replace("First paragraph.\n", "Write down what happened, where, who was involved, and what comes next.\n")
    _, diagnostics = parse_article(text, "content/articles/2023/ceasefire-talks-resume.md")
    assert messages(diagnostics) == []


@pytest.mark.parametrize("path", [
    "content/articles/2024/talks.md", "talks.md", "a/..md", "a/.md", "a/b.c.md", "a/noext", "a/trailing.", "/abs/2019/x.md",
])
def test_the_stem_and_year_folder_are_those_of_the_path(path):
    from pathlib import PurePosixPath

    from generator.content import _stem

    assert _stem(path) == PurePosixPath(path).stem
    assert path.rpartition("/")[0].rpartition("/")[2] == PurePosixPath(path).parent.name


def test_files_are_listed_in_the_order_of_their_paths(tmp_path):
    from generator.content import _listed_article_files, find_article_files

    for name in ("2019/b.md", "2019-x/a.md", "2019/a/c.md", "A.md", "a.md", "2019 /z.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = Diagnostics()
    listed = _listed_article_files(tmp_path, tmp_path, found)
    assert [Path(item.file) for item in listed] == sorted(tmp_path.rglob("*.md")) == find_article_files(tmp_path, tmp_path, found)
    assert [item.relative for item in listed] == [Path(item.file).relative_to(tmp_path).as_posix() for item in listed]
