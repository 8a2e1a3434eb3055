"""`briefings check`: every problem of an archive at once, on its file and line,
without writing anything; exit status 1 on errors (or, with --strict, warnings);
GitHub Actions annotations with --format github.

fixtures/problems/ plants one problem per file (its frontmatter comment says which).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from conftest import REPO, hostile_archive
from generator.build import BuildOptions, build
from generator.check import check
from generator.cli import main
from generator.diagnostics import ContentError
from generator.scaffold import create_briefing

PROBLEMS = Path(__file__).resolve().parent / "fixtures" / "problems"
A = "content/articles/2023/"

# (path:line, level, what the message says): each planted problem, exactly where it is
PLANTED = [
    (A + "bad-source-url.md:6", "error", "field 'source_url': 'ftp://example.org/statement' is not an http(s) address"),
    (A + "broken-internal-link.md:9", "warning", "link '../brussels-talk/' leads to no page of the site"),
    (A + "broken-wiki-link.md:10", "error", "wiki link [[Talks in Geneva]] matches no briefing's slug or title"),
    (A + "broken-yaml.md:6", "error", "invalid YAML: while parsing a flow sequence"),
    (A + "countries-not-a-list.md:6", "error", "field 'countries': must be a list, not 'Ukraine'"),
    (A + "empty-body.md:6", "warning", "the briefing has no body text"),
    (A + "impossible-date.md:4", "error", "field 'date': '2023-02-30' is not a real date"),
    (A + "missing-region.md:1", "error", "field 'region' is required"),
    (A + "misspelt-actor.md:7", "warning", "actor 'Blinkin' is not in the vocabulary"),
    (A + "misspelt-region.md:5", "error", "region 'South Caucasas' is not in the vocabulary"),
    (A + "placeholder-body.md:8", "warning", "the body still holds the placeholder text of 'briefings new'"),
    (A + "same-title.md:3", "warning", "same title as content/articles/2023/brussels-talks.md"),
    (A + "unknown-field.md:6", "warning", "unknown field 'sumary' is ignored"),
    (A + "updated-before-date.md:5", "warning", "field 'updated' is before 'date'"),
    (A + "updated-without-offset.md:5", "error", "field 'updated': '2023-06-21T18:00:00' has no UTC offset"),
    ("content/articles/2024/brussels-talks.md:1", "warning", "same slug as content/articles/2023/brussels-talks.md"),
    ("content/taxonomy/regions.yaml:6", "warning", "country 'Georgia' has no 'iso' code, so the maps leave it out"),
]


@pytest.fixture
def problems(tmp_path: Path) -> Path:
    target = tmp_path / "problems"
    shutil.copytree(PROBLEMS, target)
    return target


def test_every_planted_problem_is_reported_on_its_file_and_line_and_nothing_else(problems: Path):
    result = CliRunner().invoke(main, ["check", "-C", str(problems)])
    assert result.exit_code == 1
    reported = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    problems_found = [line for line in reported if ": note: " not in line]
    assert len(problems_found) == len(PLANTED) >= 12
    for (location, level, message), line in zip(PLANTED, problems_found):
        assert line.startswith(f"{location}: {level}: {message}"), line
    assert "Check failed: 8 errors, 9 warnings" in result.stderr


def test_near_misses_of_the_vocabulary_suggest_the_known_name(problems: Path):
    result = CliRunner().invoke(main, ["check", "-C", str(problems)])
    assert "hint: did you mean 'Antony Blinken'?" in result.stdout
    assert "hint: did you mean 'South Caucasus'?" in result.stdout
    assert "hint: did you mean 'summary'?" in result.stdout


def test_drafts_are_noted_not_counted_as_problems(problems: Path):
    result = CliRunner().invoke(main, ["check", "-C", str(problems)])
    assert f"{A}a-draft.md:6: note: draft: left out of the site" in result.stdout


def test_a_clean_archive_passes_with_exit_status_0(archive: Path):
    result = CliRunner().invoke(main, ["check", "-C", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Checked: 0 errors, 1 warning; 5 briefings ready to publish" in result.stderr


def test_strict_makes_warnings_fail(archive: Path):
    result = CliRunner().invoke(main, ["check", "-C", str(archive), "--strict"])
    assert result.exit_code == 1
    assert "red-sea-shipping-attacks.md:6: error: actor 'Abdul-Malik al-Houthi'" in result.stdout


def test_check_writes_nothing(problems: Path):
    before = sorted(p.relative_to(problems) for p in problems.rglob("*"))
    CliRunner().invoke(main, ["check", "-C", str(problems)])
    assert sorted(p.relative_to(problems) for p in problems.rglob("*")) == before


def test_github_format_annotates_the_lines_of_the_pull_request(problems: Path):
    result = CliRunner().invoke(main, ["check", "-C", str(problems), "--format", "github"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        f"::error file={A}broken-wiki-link.md,line=10,title=briefings check::"
        "wiki link [[Talks in Geneva]] matches no briefing's slug or title%0A"
        "hint: link with [[slug]], [[YEAR/slug]] or [[Exact title]]; see 'Wiki links' in the README"
    ) in lines
    assert any(line.startswith(f"::error file={A}misspelt-region.md,line=5,") for line in lines)
    assert any(line.startswith(f"::notice file={A}a-draft.md,line=6,") for line in lines)
    assert all(line.startswith("::") for line in lines)


def test_every_error_of_check_also_fails_the_build(problems: Path, tmp_path: Path):
    result = check(problems)
    with pytest.raises(ContentError) as failed:
        build(BuildOptions(root=problems, out_dir=tmp_path / "site", search=False))
    assert failed.value.diagnostics.errors == result.diagnostics.errors
    assert not (tmp_path / "site").exists()


def test_a_region_not_in_the_vocabulary_is_an_error_and_nothing_is_published(archive: Path, tmp_path: Path):
    post = archive / "content/articles/2024/red-sea-shipping-attacks.md"
    post.write_text(post.read_text(encoding="utf-8").replace("region: Middle East", "region: Middel East"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-C", str(archive)])
    assert result.exit_code == 1
    assert (
        "content/articles/2024/red-sea-shipping-attacks.md:4: error: region 'Middel East' is not in the vocabulary\n"
        "    hint: did you mean 'Middle East'?"
    ) in result.stdout
    assert "ready to publish" not in result.stderr
    with pytest.raises(ContentError):
        build(BuildOptions(root=archive, out_dir=tmp_path / "site", search=False))
    assert not (tmp_path / "site/regions/middel-east").exists()


def test_the_unchanged_body_of_briefings_new_is_a_warning_until_it_is_replaced(archive: Path):
    import datetime as dt

    new = create_briefing(archive, "Monitors return to the border", "South Caucasus", today=dt.date(2024, 3, 1))
    path = new.path.relative_to(archive).as_posix()
    result = CliRunner().invoke(main, ["check", "-C", str(archive)])
    assert f"{path}:7: warning: the body still holds the placeholder text of 'briefings new'" in result.stdout
    assert CliRunner().invoke(main, ["check", "-C", str(archive), "--strict"]).exit_code == 1

    text = new.path.read_text(encoding="utf-8")
    new.path.write_text(text.split("Write the briefing here")[0] + "Monitors went back to the line.\n", encoding="utf-8")
    assert "placeholder" not in CliRunner().invoke(main, ["check", "-C", str(archive)]).stdout


def test_briefings_with_review_notes_are_listed_with_their_notes(problems: Path):
    result = CliRunner().invoke(main, ["check", "-C", str(problems)])
    assert (
        f"2 drafts need review: {A}review-no-date.md, {A}review-title.md"
    ) in result.stderr
    assert (
        f"{A}review-no-date.md:7: note: needs review: no date found in the page: the date is the day of ingest; "
        "region from a single mention (Armenia)"
    ) in result.stdout


def test_a_published_briefing_with_review_notes_is_listed_as_a_briefing(archive: Path):
    post = archive / "content/articles/2024/red-sea-shipping-attacks.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("region: Middle East", "region: Middle East\nreview: [check the date]"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "-C", str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 briefing needs review: content/articles/2024/red-sea-shipping-attacks.md" in result.stderr


FIXTURES = Path(__file__).resolve().parent / "fixtures"
# every archive under tests/fixtures/ (a folder with its pyproject.toml), found rather than listed
FIXTURE_ARCHIVES = sorted(p.parent.name for p in FIXTURES.glob("*/pyproject.toml"))


def _copy(source: Path) -> Callable[[Path], Path]:
    def copy(folder: Path) -> Path:
        shutil.copytree(source / "content", folder / source.name / "content")
        shutil.copy(source / "pyproject.toml", folder / source.name / "pyproject.toml")
        return folder / source.name
    return copy


# every archive the tests build, as a writable copy made in a folder: the fixture
# archives, the hostile one (conftest.py) and the repository's bundled archive
# (the hostile corpus's archives are compared in test_hostile_corpus.py, with their builds)
ARCHIVES: dict[str, Callable[[Path], Path]] = {
    **{name: _copy(FIXTURES / name) for name in FIXTURE_ARCHIVES},
    "hostile": hostile_archive,
    "bundled": _copy(REPO),
}


def test_the_comparison_covers_every_fixture_archive():
    assert {"archive", "problems"} <= set(FIXTURE_ARCHIVES) and len(FIXTURE_ARCHIVES) == len(list(FIXTURES.glob("*/content")))


@pytest.mark.parametrize("name", ARCHIVES)
@pytest.mark.parametrize("drafts", [False, True])
def test_check_and_build_report_the_same_diagnostics(tmp_path: Path, name: str, drafts: bool):
    root = ARCHIVES[name](tmp_path)
    checked = check(root, drafts=drafts)
    try:
        built = build(BuildOptions(root=root, out_dir=tmp_path / "site", search=False, drafts=drafts)).diagnostics
    except ContentError as failed:
        built = failed.diagnostics
    assert [d.format() for d in checked.diagnostics.sorted()] == [d.format() for d in built.sorted()]
    if name in FIXTURE_ARCHIVES or name == "hostile":
        assert checked.diagnostics.items, "every fixture archive has something to report"
    # so --strict fails wherever the build warns
    assert check(root, drafts=drafts, strict=True).ok == (not built.errors and not built.warnings)


def test_what_build_warns_about_the_maps_check_reports_too(archive: Path):
    regions = archive / "content/taxonomy/regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8").replace("{name: Yemen, iso: YE}", "Yemen"), encoding="utf-8")
    result = check(archive)
    assert "country 'Yemen' has no 'iso' code, so the maps leave it out" in [d.message for d in result.diagnostics.warnings]
    assert not check(archive, strict=True).ok
