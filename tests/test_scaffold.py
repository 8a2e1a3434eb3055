"""`briefings new`: a briefing at content/articles/YEAR/SLUG.md, dated today,
with frontmatter that passes the check and builds; never an overwrite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.content import parse_article
from generator.scaffold import briefing_text


def test_a_new_briefing_passes_the_check_builds_and_is_listed_on_its_region_page(archive: Path):
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["new", "-C", str(archive), "Talks resume in Geneva", "--region", "south caucasus",
         "--country", "Armenia", "--actor", "Pashinyan", "--actor", "EU", "--tag", "diplomacy"],
    )
    assert result.exit_code == 0, result.output
    year = dt.date.today().year
    path = archive / "content" / "articles" / str(year) / "talks-resume-in-geneva.md"
    assert result.stdout.strip().endswith(f"articles/{year}/talks-resume-in-geneva.md")
    text = path.read_text(encoding="utf-8")
    assert f"date: {dt.date.today().isoformat()}\n" in text
    # names are written as the vocabulary spells them
    assert "region: South Caucasus\n" in text
    assert "actors: [Nikol Pashinyan, European Union]\n" in text

    checked = runner.invoke(main, ["check", "-C", str(archive)])
    assert checked.exit_code == 0, checked.output
    # nothing to say about it but that its body is still the placeholder to write over
    said = [line for line in checked.stdout.splitlines() if f"{year}/talks-resume-in-geneva.md" in line]
    assert len(said) == 1 and said[0].endswith("warning: the body still holds the placeholder text of 'briefings new'")

    built = runner.invoke(main, ["build", "-C", str(archive), "--no-search"])
    assert built.exit_code == 0, built.output
    region_page = (archive / "build" / "regions" / "south-caucasus" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../articles/{year}/talks-resume-in-geneva/"' in region_page
    assert "Talks resume in Geneva" in region_page


def test_new_refuses_to_overwrite(archive: Path):
    runner = CliRunner()
    args = ["new", "-C", str(archive), "Blinken in Riyadh for talks on Yemen", "--region", "Middle East",
            "--date", "2024-02-20"]
    existing = archive / "content/articles/2024/blinken-in-riyadh-for-talks-on-yemen.md"
    assert runner.invoke(main, args).exit_code == 0
    before = existing.read_text(encoding="utf-8")
    again = runner.invoke(main, args)
    assert again.exit_code == 1
    assert "content/articles/2024/blinken-in-riyadh-for-talks-on-yemen.md already exists; not overwriting it" in again.output
    assert existing.read_text(encoding="utf-8") == before


def test_an_unknown_region_is_refused_with_a_suggestion(archive: Path):
    result = CliRunner().invoke(main, ["new", "-C", str(archive), "Anything", "--region", "Midle East"])
    assert result.exit_code == 1
    assert "region 'Midle East' is not in content/taxonomy/regions.yaml; did you mean 'Middle East'?" in result.output
    assert not list((archive / "content/articles").glob(f"{dt.date.today().year}/anything.md"))


def test_unknown_actors_are_kept_with_a_warning(archive: Path):
    result = CliRunner().invoke(main, ["new", "-C", str(archive), "A call", "--region", "Americas", "--actor", "Blinkn"])
    assert result.exit_code == 0
    assert "warning: actor 'Blinkn' is not in the vocabulary; did you mean 'Antony Blinken'?" in result.stderr


def test_titles_that_need_quoting_read_back_exactly():
    title = 'Yes: "ceasefire" #1 - [maybe]'
    text = briefing_text(title, dt.date(2024, 5, 1), "Middle East", tags=("true", "no"))
    article, diagnostics = parse_article(text, "content/articles/2024/x.md")
    assert article is not None and not diagnostics.errors
    assert article.title == title and article.tags == ("true", "no")
