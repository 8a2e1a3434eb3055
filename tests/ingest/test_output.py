"""Writing briefings: schema order, loadable frontmatter, atomic and never-clobbering writes."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from generator.content import parse_article
from generator.filereadings import SETTLED_NS
from generator.ingest.output import (
    Existing,
    ExistingBriefings,
    load_existing,
    decide,
    edited_since_ingest,
    escape_wiki_brackets,
    keep_backup,
    render_briefing,
    shingles,
    target_path,
    with_ingest_hash,
    write_new,
)

FIELDS = {
    "title": "Talks resume: a 'new' phase, maybe",
    "date": dt.date(2022, 9, 13),
    "updated": dt.datetime(2022, 9, 13, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    "region": "South Caucasus",
    "countries": ("Armenia", "Azerbaijan"),
    "actors": ("Toivo Klaar", "Nikol Pashinyan", "Vladimir Putin", "Emmanuel Macron", "Antony Blinken", "Jeyhun Bayramov"),
    "places": ("Goris",),
    "source": "commonspace.eu",
    "summary": "Armenia and Azerbaijan: #1 priority, says the EU.",
    "ingested_from": "seed.txt",
    "raw_sha256": "0" * 64,
    "ingested_at": dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc),
}
BODY = "*Updated at 1030 CEST*\n\nFirst paragraph.\n\n---\n\nSecond paragraph.\n"


def test_a_rendered_briefing_loads_with_no_problems_and_keeps_every_value():
    text = render_briefing(FIELDS, BODY)
    article, diagnostics = parse_article(text, "content/articles/2022/talks-resume.md")
    assert not diagnostics.items
    assert article.title == FIELDS["title"] and article.summary == FIELDS["summary"]
    assert article.updated == FIELDS["updated"] and article.actors == FIELDS["actors"]
    assert article.body.strip() == BODY.strip()


def test_frontmatter_follows_the_schema_order_with_iso_dates_and_short_lists_in_flow_style():
    lines = render_briefing(FIELDS, BODY).splitlines()
    keys = [line.split(":")[0] for line in lines[1:lines.index("---", 1)] if not line.startswith(" ")]
    assert keys == list(FIELDS)
    assert "date: 2022-09-13" in lines and "updated: 2022-09-13T10:30:00+02:00" in lines
    assert "countries: [Armenia, Azerbaijan]" in lines
    assert "actors:" in lines and "  - Toivo Klaar" in lines  # too long for one line
    assert lines[lines.index("---", 1) + 1] == ""  # a blank line before the body


def test_empty_fields_are_left_out():
    text = render_briefing({**FIELDS, "places": (), "updated": None, "source": ""}, BODY)
    assert "places" not in text and "updated" not in text and "source" not in text


def test_the_target_is_the_year_folder_and_the_title_slug(tmp_path: Path):
    assert target_path(tmp_path, "Intense activity: Armenia–Azerbaijan", dt.date(2022, 9, 13)) == tmp_path / "2022" / "intense-activity-armenia-azerbaijan.md"


def existing(path: Path, body: str, sha: str = "") -> Existing:
    return Existing(path, "Old", sha, shingles(body))


STORY = " ".join(f"word{i}" for i in range(60))


def test_the_same_raw_input_is_unchanged_whatever_its_target(tmp_path: Path):
    decision = decide(tmp_path / "new.md", "abc", "other text", [existing(tmp_path / "old.md", STORY, "abc")], force=False)
    assert decision.action == "unchanged" and decision.other == tmp_path / "old.md"


def test_with_force_the_same_raw_input_is_made_again_in_its_own_file(tmp_path: Path):
    decision = decide(tmp_path / "new.md", "abc", "other text", [existing(tmp_path / "old.md", STORY, "abc")], force=True)
    assert decision.action == "write" and decision.path == tmp_path / "old.md"


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path):
    target = tmp_path / "story.md"
    target.write_text("x")
    assert decide(target, "abc", STORY, [], force=False).action == "exists"
    assert decide(target, "abc", STORY, [], force=True).action == "write"


def test_a_near_duplicate_of_an_existing_briefing_is_reported(tmp_path: Path):
    copy = STORY + " plus a few words the copy added at the end"
    decision = decide(tmp_path / "new.md", "abc", copy, [existing(tmp_path / "old.md", STORY)], force=False)
    assert decision.action == "near-duplicate" and decision.similarity > 0.9
    different = " ".join(f"other{i}" for i in range(60))
    assert decide(tmp_path / "new.md", "abc", different, [existing(tmp_path / "old.md", STORY)], force=False).action == "write"


def test_writing_never_clobbers_and_leaves_no_temporary_files(tmp_path: Path):
    target = tmp_path / "2022" / "story.md"
    write_new(target, "first\n", overwrite=False)
    with pytest.raises(FileExistsError):
        write_new(target, "second\n", overwrite=False)
    assert target.read_text() == "first\n"
    write_new(target, "third\n", overwrite=True)
    assert target.read_text() == "third\n"
    assert [p.name for p in target.parent.iterdir()] == ["story.md"]


def rendered(markdown: str) -> str:
    """The body as the build renders it, wiki links resolved against an archive of one briefing."""
    from generator.markdown import BodyContext, render_body
    from generator.wikilinks import WikiIndex, WikiTarget

    index = WikiIndex.of([WikiTarget("blue-line", "Blue Line", "articles/2023/blue-line/", 2023)])
    return render_body(markdown, BodyContext(relative_link=lambda path: path, wiki_index=index)).html


@pytest.mark.parametrize("scraped, shown", [
    ("The so-called [[Blue Line]] plan was leaked.", "The so-called [[Blue Line]] plan was leaked."),
    ("A page marked [[internal]] and [[[draft]]].", "A page marked [[internal]] and [[[draft]]]."),
    ("Stray ]] brackets and [[ more.", "Stray ]] brackets and [[ more."),
])
def test_scraped_double_brackets_are_shown_as_written_not_linked(scraped: str, shown: str):
    html = rendered(escape_wiki_brackets(scraped))
    assert f"<p>{shown}</p>" in html and "wikilink" not in html


def test_a_link_whose_text_is_in_brackets_stays_a_link():
    html = rendered(escape_wiki_brackets("See note [[1]](https://news.example/notes#1) below."))
    assert '<a href="https://news.example/notes#1">[1]</a>' in html


def test_brackets_in_code_are_left_as_they_are():
    body = "Type `[[x]]` to link.\n\n```\nlinks = [[a], [b]]\n```\n\nBut [[this]] is text."
    escaped = escape_wiki_brackets(body)
    assert "`[[x]]`" in escaped and "links = [[a], [b]]" in escaped and r"[\[this\]]" in escaped
    html = rendered(escaped)
    assert "<code>[[x]]</code>" in html and "links = [[a], [b]]" in html and "But [[this]] is text." in html


def test_text_without_double_brackets_is_unchanged():
    body = "A [link](https://news.example/) and [a] single [pair] of brackets."
    assert escape_wiki_brackets(body) is body


def test_an_ingested_file_records_its_own_hash_and_any_edit_shows():
    text = with_ingest_hash(render_briefing(FIELDS, BODY))
    article, diagnostics = parse_article(text, "content/articles/2022/talks-resume.md")
    assert article is not None and not diagnostics.items  # a YAML comment: no field, no warning
    assert edited_since_ingest(text) is False
    assert edited_since_ingest(text.replace("\n", "\r\n")) is False  # saved with Windows line ends
    assert edited_since_ingest(text.replace("First paragraph.", "First paragraph, corrected.")) is True
    assert edited_since_ingest(text.replace("region: South Caucasus", "region: Eastern Europe")) is True
    assert edited_since_ingest(render_briefing(FIELDS, BODY)) is None  # no record: cannot tell


def test_a_backup_never_replaces_an_earlier_one(tmp_path: Path):
    briefing = tmp_path / "story.md"
    briefing.write_text("edited by hand\n")
    assert keep_backup(briefing) == tmp_path / "story.md.bak"
    briefing.unlink()
    briefing.write_text("as ingested\n")
    assert keep_backup(briefing) == tmp_path / "story.md.2.bak"
    assert (tmp_path / "story.md.bak").read_text() == "edited by hand\n"
    assert (tmp_path / "story.md.2.bak").read_text() == "as ingested\n"


def _briefing_file(articles: Path, title: str, body: str = BODY) -> Path:
    path = articles / "2022" / f"{title.lower().replace(' ', '-')}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_briefing({**FIELDS, "title": title}, body), encoding="utf-8")
    return path


def test_briefings_unchanged_since_the_last_run_are_taken_from_the_cache(tmp_path: Path):
    articles, cache = tmp_path / "content" / "articles", tmp_path / ".cache" / "existing.pickle"
    kept = _briefing_file(articles, "Talks resume")
    edited = _briefing_file(articles, "Talks stall")
    first = load_existing(articles, cache)
    assert [e.title for e in first] == ["Talks resume", "Talks stall"] and cache.is_file()
    # same size and modification time: the cache's reading stands (the file is not read again)
    stamp = kept.stat()
    kept.write_text("x" * stamp.st_size, encoding="utf-8")
    os.utime(kept, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    # changed: read again
    edited.write_text(render_briefing({**FIELDS, "title": "Talks stall again"}, BODY), encoding="utf-8")
    again = load_existing(articles, cache)
    assert [(e.title, e.shingles) for e in again] == [("Talks resume", first[0].shingles), ("Talks stall again", first[1].shingles)]
    assert load_existing(articles) != again  # without the cache every file is read: the damaged one is skipped


def test_the_existing_briefings_cache_is_not_written_in_a_dry_run_and_a_broken_one_is_ignored(tmp_path: Path):
    articles, cache = tmp_path / "content" / "articles", tmp_path / ".cache" / "existing.pickle"
    _briefing_file(articles, "Talks resume")
    assert [e.title for e in load_existing(articles, cache, save=False)] == ["Talks resume"]
    assert not cache.exists()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a pickle")
    assert [e.title for e in load_existing(articles, cache)] == ["Talks resume"]



# -- the briefings on disk, kept in memory by a process that asks on every save ---------------


def test_kept_briefings_are_those_on_disk_and_parsed_again_only_when_their_file_changed(tmp_path: Path, monkeypatch):
    import generator.ingest.output as output

    parsed: list[str] = []
    real = output._read_briefing
    monkeypatch.setattr(output, "_read_briefing", lambda file: parsed.append(file.name) or real(file))
    articles = tmp_path / "content" / "articles"
    _briefing_file(articles, "Talks resume")
    edited = _briefing_file(articles, "Talks stall")
    # a clock well past the files' times: each counts as settled when read (generator/filereadings.py)
    on_disk = load_existing(articles)
    parsed.clear()
    existing = ExistingBriefings(articles, clock=lambda: time.time_ns() + 100 * SETTLED_NS)
    assert existing.load() == on_disk
    assert existing.load() == on_disk
    assert parsed == ["talks-resume.md", "talks-stall.md"]  # the second call parsed nothing

    parsed.clear()
    edited.write_text(render_briefing({**FIELDS, "title": "Talks stall again"}, BODY), encoding="utf-8")
    assert [e.title for e in existing.load()] == ["Talks resume", "Talks stall again"]
    assert parsed == ["talks-stall.md"]
