"""Review before publish (issue 15): ingest says where each field came from, writes what it
cannot complete as a draft with notes, never skips silently, takes the editor's word for a
field, and its dry run decides exactly as the real run does."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.ingest import IngestOptions, ingest_paths
from generator.ingest.countries import locate
from generator.ingest.dates import find_publication_date
from generator.ingest.evidence import line_of
from generator.ingest.titles import PageTitles, choose_html_title_explained
from tests.ingest.conftest import CORPUS, need

REFERENCE = "2026-11-24"

ARTICLE = """Ceasefire talks resume in Baku

Published 3 March 2025

Negotiators from Armenia and Azerbaijan met again in Baku to discuss the border. The Armenian
delegation said the talks were constructive and that a new round would follow soon.

Officials in Yerevan said the next meeting would take place in Armenia after the holidays.
"""

UNDATED = """Ceasefire talks resume in Baku

Negotiators from Armenia and Azerbaijan met again in Baku to discuss the border. The Armenian
delegation said the talks were constructive and that a new round would follow soon.

Officials in Yerevan said the next meeting would take place in Armenia after the holidays.
"""

NOWHERE = """Storm closes schools across the valley

Published 3 March 2025

Heavy rain closed schools across the valley on Monday as the river rose above its banks. The
mayor said the water would fall by the weekend and asked residents to stay indoors.
"""


@pytest.fixture
def project(project: Path) -> Path:
    """The project's content without its briefings: what a run writes is all there is."""
    for path in (project / "content" / "articles").rglob("*.md"):
        path.unlink()
    return project


def run(*args: str):
    return CliRunner().invoke(main, ["ingest", *args, "--reference-date", REFERENCE])


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def frontmatter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def written(project: Path) -> list[Path]:
    return sorted((project / "content" / "articles").rglob("*.md"))


def invented(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "inbox" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- evidence ---------------------------------------------------------------------------

def test_every_field_says_where_it_came_from(project: Path, tmp_path: Path):
    [record] = records(run(str(invented(tmp_path, "a.txt", ARTICLE)), "--dry-run", "--json", "-C", str(project)).stdout)
    evidence = record["evidence"]
    assert set(evidence) == {"title", "date", "region", "countries", "actors"}
    for field in evidence.values():
        assert isinstance(field["how"], str) and field["how"]
        assert isinstance(field["text"], str)
        assert field["line"] is None or isinstance(field["line"], int)
    body_lines = record["body"].split("\n")
    for field in evidence.values():  # a snippet with a line is on that line of the cleaned body
        if field["line"] is not None:
            assert field["text"] in body_lines[field["line"] - 1]
    assert evidence["region"]["how"] == f"from the primary country {record['countries'][0]}"
    armenia = next(item for item in evidence["countries"]["items"] if item["name"] == "Armenia")
    assert armenia["how"].startswith("Armenia: 3 mentions, 3 in the lede")  # Armenia, Armenian, Armenia
    assert evidence["date"]["how"] == "the date line by the headline: “Published 3 March 2025”"
    assert evidence["date"]["text"] == "" and evidence["date"]["line"] is None  # not in the body
    assert evidence["title"] == {"how": "the headline above the article in the copied text",
                                 "text": "Ceasefire talks resume in Baku", "line": None}


def test_a_snippet_is_found_on_its_own_line_of_the_body():
    assert line_of("first line\nsecond line with Syria\nthird", "Syria") == 2
    assert line_of("first line", "Syria") is None
    assert line_of("first line", "") is None
    assert line_of("EUROPE DIGEST\nthe EU said", "EU") == 2  # words of their own, not part of a word


def test_the_html_title_says_which_heading_and_metadata_agree():
    page = PageTitles(headings=(("h1", ("Floods cut off villages in the north",)),),
                      og_title="Floods cut off villages in the north | Daily Example", site_name="Daily Example")
    assert choose_html_title_explained(page) == ("Floods cut off villages in the north", "the <h1>, matching og:title")
    metadata_only = PageTitles(headings=(), og_title="Floods cut off villages in the north")
    title, how = choose_html_title_explained(metadata_only)
    assert title == "Floods cut off villages in the north" and how.startswith("the page's og:title")


def test_a_date_says_which_words_it_was_read_from():
    text = "Shelling went on near the border on Tuesday (13 September), officials said."
    found = find_publication_date("", text, dt.date(2022, 9, 20))
    assert found.date == dt.date(2022, 9, 13) and found.how == "weekday and day"
    assert found.text.startswith("Tuesday (13 September)") and found.text in text


def test_a_country_found_only_through_a_city_says_so(vocabulary):
    location = locate("Talks in Yerevan", "Delegates met in Yerevan on Monday and again in Yerevan later.", vocabulary)
    assert location.countries[0] == "Armenia"
    support = [s for s in location.support if s[0] == "Armenia"]
    assert support and all(s[1] == "Yerevan" and s[2] not in ("country", "demonym") for s in support)
    assert support[0][3] == "headline"


def test_a_city_only_country_and_new_actor_candidates_are_review_notes(project: Path, tmp_path: Path):
    text = ("Talks held in Yerevan\n\nPublished 3 March 2025\n\nDelegates met in Yerevan on Monday. "
            "Mediator Johanna Vestergaard-Okafor said the talks in Yerevan would go on, and Johanna "
            "Vestergaard-Okafor called them frank.\n")
    [record] = records(run(str(invented(tmp_path, "city.txt", text)), "--dry-run", "--json", "-C", str(project)).stdout)
    assert any(note.startswith("Armenia is not named, only found through a city (Yerevan)") for note in record["review"])
    if record["actor_candidates"]:  # the actor rules decide what a candidate is; each is named to the editor
        assert any("new actor candidates" in note for note in record["review"])


def test_a_region_resting_on_one_mention_is_a_review_note(project: Path, tmp_path: Path):
    text = ("Harvest figures published\n\nPublished 3 March 2025\n\nFarmers in Georgia brought in more "
            "wheat than in any year before, the ministry said on Monday, and prices fell.\n")
    [record] = records(run(str(invented(tmp_path, "one.txt", text)), "--dry-run", "--json", "-C", str(project)).stdout)
    if record["region"]:
        assert any("rests on a single mention" in note for note in record["review"]), record["review"]


# --- drafts, nothing skipped silently ------------------------------------------------------

def test_an_article_without_a_date_is_written_as_a_draft_with_notes(project: Path, tmp_path: Path):
    result = run(str(invented(tmp_path, "undated.txt", UNDATED)), "-C", str(project))
    assert result.exit_code == 0, result.output
    [path] = written(project)
    fields = frontmatter(path)
    assert fields["draft"] is True
    assert fields["date"] == dt.date.fromisoformat(REFERENCE)
    assert any(f"the reference date {REFERENCE} stands in" in note for note in fields["review"])
    assert "1 draft needs review" in result.output


def test_an_article_naming_no_country_gets_a_stand_in_region_from_the_vocabulary(project: Path, tmp_path: Path, vocabulary):
    result = run(str(invented(tmp_path, "nowhere.txt", NOWHERE)), "-C", str(project))
    assert result.exit_code == 0, result.output
    [path] = written(project)
    fields = frontmatter(path)
    assert fields["draft"] is True and vocabulary.region(fields["region"]) is not None
    assert any(note.startswith(f"no region found: {fields['region']} stands in") for note in fields["review"])


def test_a_draft_loads_like_any_briefing_with_its_review_notes(project: Path, tmp_path: Path):
    from generator.content import parse_article

    run(str(invented(tmp_path, "undated.txt", UNDATED)), "-C", str(project))
    [path] = written(project)
    article, diagnostics = parse_article(path.read_text(encoding="utf-8"), path.as_posix())
    assert article is not None and article.draft
    assert not diagnostics.errors and not [d for d in diagnostics.items if "review" in d.message]


def test_skip_incomplete_skips_and_exits_1(project: Path, tmp_path: Path):
    result = run(str(invented(tmp_path, "undated.txt", UNDATED)), "--skip-incomplete", "-C", str(project))
    assert result.exit_code == 1
    assert "no date found, and a briefing needs it (--skip-incomplete)" in result.output
    assert written(project) == []


def test_the_exit_status_is_1_when_an_input_is_skipped(project: Path, tmp_path: Path):
    article = invented(tmp_path, "a.txt", ARTICLE)
    first = run(str(article), "-C", str(project))
    assert first.exit_code == 0, first.output
    copy = invented(tmp_path, "copy.txt", ARTICLE.replace("after the holidays", "after the holidays, they said"))
    second = run(str(copy), "-C", str(project))  # same title and day: the file exists
    assert second.exit_code == 1 and "skipped" in second.output
    again = run(str(article), "-C", str(project))  # the same raw input: nothing to do, nothing wrong
    assert again.exit_code == 0 and "unchanged" in again.output


def test_the_dry_run_finds_a_near_duplicate_in_its_own_batch(project: Path, tmp_path: Path):
    first = invented(tmp_path, "first.txt", ARTICLE)
    retitled = invented(tmp_path, "second.txt", ARTICLE.replace("Ceasefire talks resume in Baku", "Border talks go on"))
    dry = run(str(first), str(retitled), "--dry-run", "--json", "-C", str(project))
    real = run(str(first), str(retitled), "--json", "-C", str(project))
    assert [r["decision"] for r in records(dry.stdout)] == ["write", "near-duplicate"]
    assert [r["decision"] for r in records(real.stdout)] == ["write", "near-duplicate"]
    assert dry.exit_code == real.exit_code == 1


# --- overrides ------------------------------------------------------------------------------

def test_the_editor_gives_the_fields_ingest_could_not_find(project: Path, tmp_path: Path):
    result = run(str(invented(tmp_path, "undated.txt", UNDATED)), "-C", str(project), "--json", "--title", "Talks in Baku",
                 "--date", "2025-03-04", "--country", "azerbaijan", "--actor", "European Union", "--actor", "A New Mediator")
    assert result.exit_code == 0, result.output
    [record] = records(result.stdout)
    assert record["decision"] == "write" and record["review"] == [] or all("date" not in n for n in record["review"])
    [path] = written(project)
    fields = frontmatter(path)
    assert path.name == "talks-in-baku.md"
    assert fields["title"] == "Talks in Baku" and fields["date"] == dt.date(2025, 3, 4)
    assert fields["countries"] == ["Azerbaijan"] and fields["region"] == "South Caucasus"
    assert fields["actors"] == ["European Union", "A New Mediator"]
    assert "draft" not in fields
    evidence = record["evidence"]
    for name in ("title", "date", "countries", "actors"):
        assert evidence[name]["how"] == "given by the editor"
    assert evidence["region"]["how"] == "from the primary country Azerbaijan, given by the editor"


def test_the_region_given_wins_over_the_one_found(project: Path, tmp_path: Path):
    result = run(str(invented(tmp_path, "a.txt", ARTICLE)), "-C", str(project), "--dry-run", "--json",
                 "--region", "eastern europe")
    [record] = records(result.stdout)
    assert record["region"] == "Eastern Europe"
    assert record["evidence"]["region"] == {"how": "given by the editor", "text": "", "line": None}


def test_draft_writes_a_complete_article_as_a_draft(project: Path, tmp_path: Path):
    result = run(str(invented(tmp_path, "a.txt", ARTICLE)), "-C", str(project), "--draft")
    assert result.exit_code == 0, result.output
    [path] = written(project)
    assert frontmatter(path)["draft"] is True


def test_overrides_are_checked_before_anything_is_written(project: Path, tmp_path: Path):
    article = str(invented(tmp_path, "a.txt", ARTICLE))
    misspelt = run(article, "-C", str(project), "--region", "Middel East")
    assert misspelt.exit_code == 2
    assert "--region 'Middel East' is not one of the regions" in misspelt.output and "did you mean 'Middle East'" in misspelt.output
    assert run(article, "-C", str(project), "--country", "Atlantis").exit_code == 2
    bad_date = run(article, "-C", str(project), "--date", "2025-02-30")
    assert bad_date.exit_code == 2 and "not a real date" in bad_date.output
    assert written(project) == []


def test_a_title_is_refused_for_a_batch(project: Path, tmp_path: Path):
    one, two = invented(tmp_path, "a.txt", ARTICLE), invented(tmp_path, "b.txt", NOWHERE)
    result = run(str(one), str(two), "-C", str(project), "--title", "One headline")
    assert result.exit_code == 2 and "--title names one article, but 2 inputs were given" in result.output
    assert written(project) == []


def test_overrides_apply_to_every_input_of_a_batch(project: Path, tmp_path: Path):
    one, two = invented(tmp_path, "a.txt", ARTICLE), invented(tmp_path, "b.txt", NOWHERE)
    result = run(str(one), str(two), "-C", str(project), "--region", "Western Europe", "--date", "2025-03-05")
    assert result.exit_code == 0, result.output
    assert {(f["region"], f["date"]) for f in map(frontmatter, written(project))} == {("Western Europe", dt.date(2025, 3, 5))}


# --- the dry run decides as the real run does, over the shared corpus --------------------------

def corpus_inputs(per_folder: int | None) -> list[str]:
    """Inputs of every kind in the corpus. A sample takes the same documents' saved page, copied
    text and hand-cleaned text (one story three times: the batch's own "exists" and
    near-duplicates), dated pages and copied pages; `per_folder=None` takes all of them."""
    clean_ids = sorted(p.stem for p in need(CORPUS / "clean").glob("*.html"))[:per_folder]
    chosen = [CORPUS / "clean" / f"{i}{suffix}" for i in clean_ids for suffix in (".html", ".txt", ".gold.txt")]
    chosen += sorted(need(CORPUS / "dates").glob("*.html"))[:per_folder]
    chosen += sorted(need(CORPUS / "fields" / "copied").glob("*.txt"))[:per_folder]
    return [str(p) for p in chosen if p.exists()]


def test_the_dry_run_decides_what_the_real_run_does_over_the_corpus(project: Path):
    # The whole corpus (630 inputs) takes minutes on the shared machine: the suite runs a
    # sample of every kind (20 inputs: 4 stories three times each, 4 dated pages, 4 copied
    # pages, which give every decision: write, draft, exists, near-duplicate);
    # BRIEFINGS_FULL_CORPUS=1 runs all 630.
    per_folder = None if os.environ.get("BRIEFINGS_FULL_CORPUS") else 4
    inputs = corpus_inputs(per_folder)
    options = dict(project_dir=project, reference=dt.date.fromisoformat(REFERENCE))
    started = time.perf_counter()
    dry = ingest_paths(inputs, IngestOptions(**options, dry_run=True))
    real = ingest_paths(inputs, IngestOptions(**options))
    print(f"{len(inputs)} inputs, dry and real run in {time.perf_counter() - started:.1f} s")
    assert [(r.input, r.decision, r.path) for r in dry.results] == [(r.input, r.decision, r.path) for r in real.results]
    decisions = Counter(r.decision for r in real.results)
    assert decisions["write"] and decisions["draft"] and decisions["exists"] + decisions["near-duplicate"], decisions
    for result in real.results:  # and the real run did what it decided
        if result.decision in ("write", "draft"):
            assert result.status == "ingested" and result.path.exists()
            assert (frontmatter(result.path).get("draft") is True) == (result.decision == "draft")
        elif result.decision in ("exists", "near-duplicate", "skip"):
            assert result.status == "skipped"
    # the same inputs again: every one is unchanged, in the dry run as in the real one
    again = inputs[:6]
    dry_again = ingest_paths(again, IngestOptions(**options, dry_run=True))
    real_again = ingest_paths(again, IngestOptions(**options))
    assert [r.decision for r in dry_again.results] == [r.decision for r in real_again.results]
    assert {r.decision for r in real_again.results if r.input in {x.input for x in real.results if x.status == "ingested"}} == {"unchanged"}


def test_a_country_found_through_one_body_is_explained_with_the_right_article():
    from generator.ingest.countries import Location
    from generator.ingest.evidence import through_places

    location = Location(
        countries=("United States",), mentions=(), places=("FDA",),
        support=(("United States", "FDA", "organisation", "lede"),),
    )
    assert through_places(location, ("United States",)) == [
        "United States is not named, only found through an organisation (FDA)"
    ]
