"""Ingest when things go wrong around it (issue 13): a killed run, a run beside it, scraped
`[[...]]`, and --force over a briefing an editor has worked on.

Real processes where the point is another process: a run killed with SIGKILL in the middle
of writing, a run still writing while the next one starts.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.ingest import IngestOptions, ingest_paths

REFERENCE = "2023-03-20"
ARTICLE = textwrap.dedent("""\
    Mediators publish a ceasefire schedule for the river line

    YEREVAN, 14 March 2023 - Mediators from Armenia and Azerbaijan published a schedule for a
    ceasefire along the river line on Tuesday, officials said.

    The schedule sets out the return of prisoners in three stages and a joint commission to
    mark the line, the mediators said in a statement after the fourth round of talks.

    Neither government commented on the schedule, which follows four rounds of talks since January.
    """)
OTHER_ARTICLE = textwrap.dedent("""\
    Flooded railway cuts the northern province off for a week

    BAKU, 15 March 2023 - Floods in Azerbaijan's northern province washed away a railway bridge
    on Wednesday, leaving villages without supplies, the emergencies ministry said.

    Engineers expect the line to reopen within a week; until then lorries carry flour and fuel
    over a mountain road that was cleared of snow on Thursday.
    """)
SLUG = "mediators-publish-a-ceasefire-schedule-for-the-river-line"


def ingest(project: Path, *arguments: str):
    return CliRunner().invoke(main, ["ingest", *arguments, "-C", str(project), "--reference-date", REFERENCE])


def build(project: Path):
    return CliRunner().invoke(main, ["build", "-C", str(project), "--no-search"])


def hidden_temporary_files(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "content").rglob(".*.tmp"))


def start_ingest_that_stops_in_the_write(project: Path, source: Path, then: str) -> subprocess.Popen:
    """`briefings ingest` in its own process, stopped where the briefing's temporary file is
    written but not yet renamed: `then` is "die" (SIGKILL, as `kill -9`) or "wait" (until
    its standard input is closed)."""
    stop = {
        "die": "os.kill(os.getpid(), signal.SIGKILL)",
        "wait": "print('writing', flush=True); sys.stdin.read(); real_fsync(descriptor)",
    }[then]
    program = textwrap.dedent(f"""\
        import os, signal, sys
        real_fsync = os.fsync
        def stopping_fsync(descriptor):
            {stop}
        os.fsync = stopping_fsync
        from generator.cli import main
        main(["ingest", {str(source)!r}, "-C", {str(project)!r}, "--reference-date", {REFERENCE!r}])
        """)
    return subprocess.Popen(
        [sys.executable, "-c", program], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_the_temporary_file_of_a_killed_ingest_is_removed_by_the_next_run(project: Path, tmp_path: Path):
    source = tmp_path / "schedule.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    killed = start_ingest_that_stops_in_the_write(project, source, then="die")
    killed.communicate(timeout=120)
    assert killed.returncode == -9
    leftovers = hidden_temporary_files(project)
    assert len(leftovers) == 1 and leftovers[0].startswith(f".{SLUG}.")

    result = ingest(project, str(source))
    assert result.exit_code == 0, result.output
    assert hidden_temporary_files(project) == []
    assert "removed 1 temporary file(s) left by an interrupted run: content/articles/2023/" in result.stderr
    assert (project / "content" / "articles" / "2023" / f"{SLUG}.md").is_file()


def test_the_temporary_file_of_a_run_still_writing_beside_it_is_left_alone(project: Path, tmp_path: Path):
    first, second = tmp_path / "schedule.txt", tmp_path / "railway.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(OTHER_ARTICLE, encoding="utf-8")
    writing = start_ingest_that_stops_in_the_write(project, first, then="wait")
    try:
        assert writing.stdout.readline() == "writing\n"
        [live] = hidden_temporary_files(project)

        result = ingest(project, str(second))
        assert result.exit_code == 0, result.output
        assert hidden_temporary_files(project) == [live] and "removed" not in result.stderr
    finally:
        _, stderr = writing.communicate(input="", timeout=120)  # let it finish
    assert writing.returncode == 0, stderr
    assert (project / "content" / "articles" / "2023" / f"{SLUG}.md").is_file()
    assert hidden_temporary_files(project) == []


def test_scraped_double_brackets_stay_text_and_the_build_shows_them(project: Path, tmp_path: Path):
    source = tmp_path / "plan.txt"
    source.write_text(
        ARTICLE.replace("a schedule for a\nceasefire", "the [[Blue Line]] schedule for a\nceasefire")
        .replace("in a statement", "in a statement marked \"[[internal]]\""),
        encoding="utf-8",
    )
    result = ingest(project, str(source))
    assert result.exit_code == 0, result.output
    written = (project / "content" / "articles" / "2023" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert r"[\[Blue Line\]]" in written

    built = build(project)
    assert built.exit_code == 0, built.output
    page = (project / "build" / "articles" / "2023" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "published the [[Blue Line]] schedule" in page and "marked &quot;[[internal]]&quot;" in page
    assert 'class="wikilink' not in page


def test_force_over_an_edited_briefing_says_so_and_keeps_its_text(project: Path, tmp_path: Path):
    source = tmp_path / "schedule.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert ingest(project, str(source)).exit_code == 0
    briefing = project / "content" / "articles" / "2023" / f"{SLUG}.md"
    edited = briefing.read_text(encoding="utf-8").replace("in three stages", "in three stages (an editor's note)")
    briefing.write_text(edited, encoding="utf-8")

    result = ingest(project, str(source), "--force")
    assert result.exit_code == 0, result.output
    backup = briefing.with_name(f"{SLUG}.md.bak")
    assert (
        f"replaced content/articles/2023/{SLUG}.md, which was edited after it was ingested; "
        f"its text is kept in content/articles/2023/{SLUG}.md.bak"
    ) in " ".join(result.stderr.split())
    assert backup.read_text(encoding="utf-8") == edited
    assert "an editor's note" not in briefing.read_text(encoding="utf-8")

    # again, a day later: the file is now as ingest wrote it, and the editor's copy stays
    options = IngestOptions(
        project_dir=project, reference=dt.date(2023, 3, 20), force=True,
        now=lambda: dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
    )
    [again] = ingest_paths([str(source)], options).results
    assert again.status == "ingested"
    assert again.warnings[-1] == (
        f"replaced content/articles/2023/{SLUG}.md, unchanged since it was ingested; "
        f"its text is kept in content/articles/2023/{SLUG}.md.2.bak"
    )
    assert backup.read_text(encoding="utf-8") == edited
    assert briefing.with_name(f"{SLUG}.md.2.bak").is_file()

    built = build(project)  # the copies beside the briefing are not briefings
    assert built.exit_code == 0, built.output


def test_force_over_a_briefing_written_by_hand_says_it_may_have_been_edited(project: Path, tmp_path: Path):
    source = tmp_path / "schedule.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    briefing = project / "content" / "articles" / "2023" / f"{SLUG}.md"
    briefing.parent.mkdir(parents=True, exist_ok=True)
    by_hand = "---\ntitle: Mediators publish a ceasefire schedule\ndate: 2023-03-14\nregion: South Caucasus\n---\n\nWritten by hand.\n"
    briefing.write_text(by_hand, encoding="utf-8")

    result = ingest(project, str(source), "--force")
    assert result.exit_code == 0, result.output
    assert "which ingest did not write (or wrote without a hash), so it may have been edited by hand" in " ".join(result.stderr.split())
    assert briefing.with_name(f"{SLUG}.md.bak").read_text(encoding="utf-8") == by_hand


def test_an_actors_file_that_cannot_take_the_additions_is_reported_after_the_summary(project: Path, tmp_path: Path):
    source = tmp_path / "schedule.txt"
    source.write_text(ARTICLE.replace("officials said.", "said Lena Okafor of the Riverside Mediation Group."), encoding="utf-8")
    actors_file = project / "content" / "taxonomy" / "actors.yaml"
    broken = actors_file.read_text(encoding="utf-8") + "\n- name: Nobody Kind\n  kind: planet\n"
    actors_file.write_text(broken, encoding="utf-8")

    result = ingest(project, str(source), "--add-actors")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # an exit status, not a crash
    assert "Summary: 1 ingested" in result.stderr
    assert "failed    content/taxonomy/actors.yaml: not changed: it has errors, so nothing was added: line " in result.stderr
    assert actors_file.read_text(encoding="utf-8") == broken
    assert (project / "content" / "articles" / "2023" / f"{SLUG}.md").is_file()
