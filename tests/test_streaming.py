"""A build holds neither the archive's Markdown nor every page planned: bodies are read
again from their files as they are rendered, and pages are planned, fingerprinted,
rendered and stored a batch at a time. The output is the same whatever the batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE_ARCHIVE
from generator.bodies import BodyJob
from generator.build import BuildOptions, build
from generator.config import load_settings
from generator.content import load_articles, read_body
from generator.diagnostics import BuildError
from generator.incremental import outputs
from generator.incremental.planstore import PlanStore, StoreError
from generator.pages import page_paths, plan_pages
from generator.readcheck import read_and_check
from test_determinism import digests

BRIEFING = """---
title: Talks resume at the border
date: 2024-03-02
region: Europe
---
Delegations met at the crossing on Monday.
"""


def test_the_paths_of_the_pages_are_those_planned_in_the_same_order():
    settings = load_settings(FIXTURE_ARCHIVE)
    for per_page in (1, 2, settings.per_page):  # lists of one page and of many
        site = read_and_check(FIXTURE_ARCHIVE, settings.with_overrides(per_page=per_page), drafts=False).site
        assert page_paths(site) == [page.path for page in plan_pages(site)]


def test_articles_read_without_their_bodies_name_the_file_to_read_them_from(tmp_path: Path):
    (tmp_path / "content/articles/2024").mkdir(parents=True)
    (tmp_path / "content/articles/2024/talks.md").write_text(BRIEFING, encoding="utf-8")
    [held], _ = load_articles(tmp_path, tmp_path / "content")
    [let_go], _ = load_articles(tmp_path, tmp_path / "content", keep_bodies=False)
    assert let_go.body == "" and held.body == "Delegations met at the crossing on Monday.\n"
    assert read_body(let_go.body_file, let_go.body_digest) == held.body
    assert let_go.body_digest == held.body_digest
    # the same body, held or read again, is the same body to the body cache
    assert BodyJob("a/index.html", held.body, True).digest == BodyJob("a/index.html", "", True, let_go.body_file, let_go.body_digest).digest


def test_a_body_changed_between_reading_and_rendering_stops_the_build_naming_the_file(tmp_path: Path):
    file = tmp_path / "content/articles/2024/talks.md"
    file.parent.mkdir(parents=True)
    file.write_text(BRIEFING, encoding="utf-8")
    [article], _ = load_articles(tmp_path, tmp_path / "content", keep_bodies=False)
    file.write_text(BRIEFING.replace("Monday", "Tuesday"), encoding="utf-8")
    with pytest.raises(BuildError, match="talks.md changed while the build was reading it"):
        BodyJob("a/index.html", "", True, article.body_file, article.body_digest).markdown()


@pytest.fixture
def project(project_with_theme: Path) -> Path:
    return project_with_theme


def test_pages_rendered_in_small_batches_give_the_bytes_of_one_batch(project: Path, tmp_path: Path, monkeypatch):
    build(BuildOptions(root=project, out_dir=tmp_path / "one-batch", clean=True, search=False))
    monkeypatch.setattr(outputs, "BATCH", 3)
    result = build(BuildOptions(root=project, out_dir=project / "build", search=False))
    assert result.rendered == result.pages > 3 * 10  # many batches
    assert digests(project / "build") == digests(tmp_path / "one-batch")
    # the plan store, written a batch at a time, is whole: a text edit is a quick build
    article = next((project / "content/articles").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    edited = build(BuildOptions(root=project, out_dir=project / "build", search=False))
    assert edited.quick and 0 < edited.rendered < 3 * 10
    build(BuildOptions(root=project, out_dir=tmp_path / "clean", clean=True, search=False))
    assert digests(project / "build") == digests(tmp_path / "clean")


def test_a_store_begun_and_not_finished_is_not_trusted(project: Path, tmp_path: Path):
    build(BuildOptions(root=project, out_dir=project / "build", search=False))
    store = PlanStore(next((project / ".cache/briefings").iterdir()))
    assert store.token()  # a finished build's
    store.begin_build([], {}, [], fresh=False)  # as a build that failed after its first batch
    with pytest.raises(StoreError):
        store.token()
    store.close()


def test_briefings_written_alike_share_their_names_and_their_lines():
    from generator.content import parse_article

    def text(title: str, actors: str) -> str:
        return f"---\ntitle: {title}\ndate: 2024-03-02\nregion: Europe\nactors: [{actors}]\n---\nText.\n"

    first, _ = parse_article(text("Talks", "Envoy Kari, Ministry"), "content/articles/2024/a.md")
    second, _ = parse_article(text("Talks again", "Ministry"), "content/articles/2024/b.md")
    assert first is not None and second is not None
    # one string per name, one dict of lines per layout: not one per briefing
    assert first.actors[1] is second.actors[0] and first.region is second.region
    assert first.field_lines is second.field_lines
    moved, _ = parse_article(text("Talks", "Ministry").replace("region: Europe\n", "region: Europe\ntags: [aid]\n"),
                             "content/articles/2024/c.md")
    assert moved is not None and moved.field_lines != first.field_lines


def test_a_small_archives_bodies_held_for_rendering_are_those_read_and_let_go_after(tmp_path: Path):
    from generator.content import let_go_of_held_bodies

    file = tmp_path / "content/articles/2024/talks.md"
    file.parent.mkdir(parents=True)
    file.write_text(BRIEFING, encoding="utf-8")
    [article], _ = load_articles(tmp_path, tmp_path / "content", keep_bodies=False, hold_for_read_body=True)
    file.write_text(BRIEFING.replace("Monday", "Tuesday"), encoding="utf-8")
    # the body the build read and parsed, not the file's new text: what is rendered is what was checked
    job = BodyJob("a/index.html", "", True, article.body_file, article.body_digest)
    assert job.markdown() == "Delegations met at the crossing on Monday.\n"
    with pytest.raises(BuildError, match="talks.md changed while the build was reading it"):
        job.markdown()  # taken once: read again, it is the file's
    [article], _ = load_articles(tmp_path, tmp_path / "content", keep_bodies=False, hold_for_read_body=True)
    let_go_of_held_bodies()
    file.write_text(BRIEFING, encoding="utf-8")
    with pytest.raises(BuildError, match="talks.md changed while the build was reading it"):
        BodyJob("a/index.html", "", True, article.body_file, article.body_digest).markdown()


def test_no_more_than_the_bound_of_bodies_is_held(tmp_path: Path, monkeypatch):
    from generator import content

    for name in ("a", "b", "c"):
        file = tmp_path / f"content/articles/2024/{name}.md"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(BRIEFING, encoding="utf-8")
    body = "Delegations met at the crossing on Monday.\n"
    monkeypatch.setattr(content, "HELD_BODY_CHARACTERS", 2 * len(body))
    load_articles(tmp_path, tmp_path / "content", keep_bodies=False, hold_for_read_body=True)
    assert content._HELD_BODIES.total == 2 * len(body) and len(content._HELD_BODIES) == 2
    content.let_go_of_held_bodies()
    assert not content._HELD_BODIES
