"""`briefings ingest` as an editor meets it: the seed, a real build, re-ingesting, bad inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content import parse_article
from generator.taxonomy import load_vocabulary

from .conftest import REPO, SEED, need

SEED_SLUG = "intense-diplomatic-activity-after-clashes-on-armenia-azerbaijan-border"


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["ingest", *args], input=input)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_the_seed_dry_run_gives_the_fields_of_the_briefing():
    result = run(str(need(SEED)), "--dry-run", "--json", "--reference-date", "2026-11-24", "-C", str(REPO))
    # the repository holds the hand-cleaned seed briefing: the real run would skip the input
    # as existing, so the dry run says so and exits 1 as the real run would
    assert result.exit_code == 1, result.output
    [record] = records(result.stdout)
    assert record["decision"] == "exists"
    assert record["title"] == "Intense diplomatic activity after clashes on Armenia-Azerbaijan border"
    assert record["title_marked_updated"] is True
    assert record["date"] == "2022-09-13"
    assert record["updated"] == "2022-09-13T10:30:00+02:00"
    assert record["region"] == "South Caucasus"
    assert {"Armenia", "Azerbaijan"} <= set(record["countries"])
    assert {
        "Toivo Klaar", "Nikol Pashinyan", "Vladimir Putin", "Emmanuel Macron", "Antony Blinken",
        "Jeyhun Bayramov", "Karen Donfried", "Ararat Mirzoyan",
    } <= set(record["actors"])
    assert record["source"] == "commonspace.eu"
    body = record["body"]
    for furniture in ("Related articles", "Editor's choice", "Popular", "South Yemen", "click the image"):
        assert furniture not in body
    # every paragraph of the article, in order, the update first and the rule before the report
    raw = SEED.read_text(encoding="utf-8")
    article = raw[raw.index("International efforts"): raw.index("source: commonspace.eu")]
    paragraphs = [" ".join(p.split()) for p in article.split("\n\n") if p.strip() and not set(p.strip()) <= {"_"}]
    positions = [body.index(p) for p in paragraphs]
    assert positions == sorted(positions) and len(paragraphs) == 12
    assert body.startswith("*Updated at 1030 CEST/1230 Baku/Yerevan*\n\n")
    assert "either side\n\n---\n\nThere was intensive" in body
    assert set(record) >= {
        "input", "title", "date", "updated", "region", "countries", "actors", "actor_candidates", "places",
        "source", "source_url", "body", "warnings",
    }


def test_ingest_then_build_gives_a_cross_linked_briefing_and_ingesting_again_writes_nothing(project: Path):
    result = run(str(need(SEED)), "-C", str(project), "--reference-date", "2026-11-24")
    assert result.exit_code == 0, result.output
    written = project / "content" / "articles" / "2022" / f"{SEED_SLUG}.md"
    assert f"ingested  {SEED}" in result.stderr and written.is_file()
    text = written.read_text(encoding="utf-8")
    article, diagnostics = parse_article(text, f"content/articles/2022/{SEED_SLUG}.md")
    assert article is not None and not diagnostics.items
    assert "ingested_from: 000_e4aa8bfa7932751b.txt" in text and "raw_sha256: " in text and "ingested_at: " in text
    vocabulary, _ = load_vocabulary(project / "content", project)
    assert all(vocabulary.actor(name) for name in article.actors)
    assert all(vocabulary.country(name) for name in article.countries)
    assert vocabulary.region(article.region)

    build = CliRunner().invoke(main, ["build", "-C", str(project), "--no-search"])
    assert build.exit_code == 0, build.output
    page = (project / "build" / "articles" / "2022" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    for link in ("actors/toivo-klaar/", "actors/antony-blinken/", "countries/armenia/", "regions/south-caucasus/"):
        assert link in page, link
    blinken = (project / "build" / "actors" / "antony-blinken" / "index.html").read_text(encoding="utf-8")
    assert SEED_SLUG in blinken

    before = sorted(p.name for p in written.parent.iterdir())
    again = run(str(SEED), "-C", str(project))
    assert again.exit_code == 0
    assert f"already ingested as content/articles/2022/{SEED_SLUG}.md" in again.stderr
    assert sorted(p.name for p in written.parent.iterdir()) == before and written.read_text(encoding="utf-8") == text


def test_in_the_real_content_the_hand_cleaned_briefing_is_not_overwritten(tmp_path: Path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    existing = tmp_path / "content" / "articles" / "2022" / f"{SEED_SLUG}.md"
    original = existing.read_text(encoding="utf-8")
    result = run(str(need(SEED)), "-C", str(tmp_path))
    assert f"content/articles/2022/{SEED_SLUG}.md exists; --force to replace it" in result.stderr
    assert existing.read_text(encoding="utf-8") == original
    # under another name it is still recognised: as a near-duplicate
    existing.rename(existing.with_name("hand-cleaned.md"))
    result = run(str(SEED), "-C", str(tmp_path))
    assert "near-duplicate of content/articles/2022/hand-cleaned.md" in result.stderr
    assert not existing.exists()


def test_bad_inputs_get_a_message_each_and_the_rest_of_the_batch_goes_on(project: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-empty.txt").write_bytes(b"")
    (inbox / "b-binary.txt").write_bytes(bytes(range(256)) * 64)
    with (inbox / "c-huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    latin = (
        "Ceasefire holds in the south\n\nOn Tuesday (13 September) the mediators said the ceasefire "
        "between Armenia and Azerbaijan held. Caf\xe9 owners in Goris reopened, the Armenian side said.\n\n"
        "The talks will continue, the Armenian and Azerbaijani ministers said in a joint statement.\n"
    ).encode("cp1252")
    (inbox / "d-cp1252.txt").write_bytes(latin)
    shutil.copy(need(SEED), inbox / "e-seed.txt")
    result = run(str(inbox), "-C", str(project), "--reference-date", "2026-11-24")
    assert result.exit_code == 1  # some inputs failed
    err = result.stderr
    assert "a-empty.txt: input is empty" in err
    assert "b-binary.txt: not text: looks like a binary file" in err
    assert "c-huge.txt: file is 50 MB, over the 20 MB limit for one input" in err
    assert "ingested" in err and "Summary: 2 ingested, 0 unchanged, 0 skipped, 3 failed" in err
    written = sorted(p.name for p in (project / "content" / "articles" / "2022").iterdir())
    assert written == ["ceasefire-holds-in-the-south.md", f"{SEED_SLUG}.md"]  # nothing partial, no temp files
    assert "Café owners" in (project / "content" / "articles" / "2022" / "ceasefire-holds-in-the-south.md").read_text(encoding="utf-8")


def test_failures_are_json_records_too(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run(str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"), "--dry-run", "--json", "-C", str(REPO))
    assert records(result.stdout) == [
        {"input": str(tmp_path / "missing.txt"), "error": "no such file or directory", "warnings": []},
        {"input": str(tmp_path / "empty.txt"), "error": "input is empty", "warnings": []},
    ]


def test_standard_input_is_read_with_a_dash():
    text = need(SEED).read_bytes()
    result = run("-", "--dry-run", "--json", "--reference-date", "2026-11-24", "-C", str(REPO), input=text)
    [record] = records(result.stdout)
    assert record["input"] == "-" and record["date"] == "2022-09-13"


def test_the_dry_run_writes_nothing(project: Path):
    before = sorted(str(p) for p in project.rglob("*"))
    run(str(need(SEED)), "--dry-run", "-C", str(project), "--add-actors")
    assert sorted(str(p) for p in project.rglob("*")) == before


def test_the_dry_run_says_what_a_real_run_would_skip(project: Path, tmp_path: Path):
    untitled = tmp_path / "fragment.txt"
    untitled.write_text("A sentence about nothing in particular, long enough to be kept as text.\n")
    dry = run(str(untitled), "--dry-run", "--skip-incomplete", "-C", str(project))
    real = run(str(untitled), "--skip-incomplete", "-C", str(project))
    assert "would skip   " in dry.output and "would write" not in dry.output
    reason = dry.output.split("would skip   ")[1].split(": ", 1)[1].splitlines()[0]
    assert f"skipped   {untitled}: {reason}" in real.output


def test_every_option_has_help_text():
    from generator.ingest.command import ingest

    for param in ingest.params:
        if param.param_type_name == "option":
            assert param.help, param.name
    assert "Examples" in (ingest.help or "")


@pytest.mark.parametrize("bad", ["2022-13-45", "yesterday"])
def test_a_bad_reference_date_is_refused(bad: str):
    result = run("x.txt", "--reference-date", bad)
    assert result.exit_code == 2 and "is not a date in YYYY-MM-DD form" in result.output


def test_the_same_story_twice_in_one_batch_is_written_once(project: Path, tmp_path: Path):
    seed = need(SEED).read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed.replace("Updated: Intense", "Intense") + "\nShared 12 times\n", encoding="utf-8")
    result = run(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-C", str(project))
    assert "Summary: 1 ingested, 0 unchanged, 1 skipped" in result.stderr
    assert f"b.txt: content/articles/2022/{SEED_SLUG}.md exists" in result.stderr
