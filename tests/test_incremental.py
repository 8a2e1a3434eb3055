"""Incremental builds give exactly the bytes of a clean build, whatever changed,
and do only the work the change calls for."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from generator import workers
from generator.build import BuildOptions, BuildResult, build
from generator.incremental.cache import BuildCache
from generator.diagnostics import ContentError
from generator.incremental.planstore import STORE, PlanStore
from test_determinism import assert_identical_outside_pagefind_variation, assert_incremental_same_as_clean  # also puts bench/ on the path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "archive"
REPO = FIXTURE.parent.parent.parent
ARTICLES = "content/articles"


@pytest.fixture
def project(project_with_theme: Path) -> Path:
    return project_with_theme


def incremental(root: Path) -> BuildResult:
    return build(BuildOptions(root=root, out_dir=root / "build"))


def assert_same_as_clean_build(root: Path, tmp_path: Path) -> None:
    clean = tmp_path / f"clean-{len(list(tmp_path.glob('clean-*')))}"
    build(BuildOptions(root=root, out_dir=clean, clean=True))
    assert_incremental_same_as_clean(root / "build", clean)


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_build_with_nothing_changed_does_nothing(project: Path):
    first = incremental(project)
    second = incremental(project)
    assert not first.unchanged and first.rendered == first.pages
    assert second.unchanged and second.rendered == 0
    assert (second.briefings, second.pages, second.feeds) == (first.briefings, first.pages, first.feeds)
    # the warnings of the build are still reported
    assert second.diagnostics.items == first.diagnostics.items != []


def test_every_kind_of_change_gives_the_bytes_of_a_clean_build(project: Path, tmp_path: Path):
    articles = project / ARTICLES
    total = incremental(project).pages

    # a body edit: its page and the lists it is on, not the whole site
    edit(articles / "2023/blinken-visits-kyiv.md", "announced a new aid package.", "announced a larger aid package.")
    result = incremental(project)
    assert 0 < result.rendered < total and result.quick
    assert "larger aid package" in (project / "build/articles/2023/blinken-visits-kyiv/index.html").read_text()
    assert_same_as_clean_build(project, tmp_path)

    # a new briefing
    added = articles / "2023/talks-in-geneva.md"
    added.write_text(
        "---\ntitle: Talks in Geneva\ndate: 2023-10-02\nregion: South Caucasus\ncountries: [Armenia]\n"
        "actors: [Antony Blinken]\n---\n\nDelegations met in Geneva. See [[blinken-visits-kyiv]].\n",
        encoding="utf-8",
    )
    assert incremental(project).briefings == 6
    assert (project / "build/articles/2023/talks-in-geneva/index.html").exists()
    assert_same_as_clean_build(project, tmp_path)

    # a renamed briefing: the old address is gone, the wiki link to it must follow
    added.rename(articles / "2023/geneva-talks.md")
    incremental(project)
    assert not (project / "build/articles/2023/talks-in-geneva").exists()
    assert_same_as_clean_build(project, tmp_path)

    # a deleted briefing, linked to by another: the link check still runs
    (articles / "2022/blinken-calls-pashinyan-and-aliyev.md").unlink()
    assert incremental(project).briefings == 5
    assert not (project / "build/articles/2022").exists()
    assert_same_as_clean_build(project, tmp_path)

    # a template: the pages using it, not the others
    edit(project / "themes/default/templates/term.html", "{% block main %}", "{% block main %}<!-- edited -->")
    result = incremental(project)
    term_pages = sum(1 for p in (project / "build").rglob("index.html") if "<!-- edited -->" in p.read_text())
    assert result.rendered == term_pages > 0
    assert_same_as_clean_build(project, tmp_path)

    # a template every page extends
    edit(project / "themes/default/templates/base.html", "</body>", "<!-- base edited --></body>")
    result = incremental(project)
    assert result.rendered == result.pages
    assert_same_as_clean_build(project, tmp_path)

    # the settings
    edit(project / "pyproject.toml", 'title = "Fixture Briefings"', 'title = "Renamed Briefings"')
    incremental(project)
    assert_same_as_clean_build(project, tmp_path)

    # the vocabulary: a new alias resolves the unknown actor
    vocabulary = project / "content/taxonomy/actors.yaml"
    if vocabulary.exists():
        vocabulary.write_text(
            vocabulary.read_text(encoding="utf-8")
            + "\n- name: Abdul-Malik al-Houthi\n  kind: person\n  role: Leader of the Houthi movement\n",
            encoding="utf-8",
        )
        incremental(project)
        assert_same_as_clean_build(project, tmp_path)


def test_a_removed_or_replaced_output_folder_is_built_again_in_full(project: Path, tmp_path: Path):
    incremental(project)
    shutil.rmtree(project / "build")
    result = incremental(project)
    assert not result.unchanged and result.rendered == result.pages
    assert_same_as_clean_build(project, tmp_path)

    shutil.copytree(project / "build", project / "copy")
    shutil.rmtree(project / "build")
    (project / "copy").rename(project / "build")
    (project / "build/stray.html").write_text("left here by hand")
    result = incremental(project)
    assert not result.unchanged and result.rendered == result.pages
    assert not (project / "build/stray.html").exists()
    assert_same_as_clean_build(project, tmp_path)


def test_the_site_before_the_last_is_kept_beside_it_and_reused(project: Path, tmp_path: Path):
    incremental(project)
    shadow = project / ".build.shadow"
    # after a first build, the shadow is the site itself, by hard links: the next build need not link it all
    assert inodes(shadow) == inodes(project / "build")
    kyiv = project / ARTICLES / "2023/blinken-visits-kyiv.md"
    edit(kyiv, "by train", "by night train")
    incremental(project)
    assert "by train" in (shadow / "articles/2023/blinken-visits-kyiv/index.html").read_text()
    edit(kyiv, "by night train", "by day train")
    incremental(project)  # turns the shadow into the new site, changing only what changed
    assert "by night train" in (shadow / "articles/2023/blinken-visits-kyiv/index.html").read_text()
    assert_same_as_clean_build(project, tmp_path)
    # a shadow someone removed is not needed: the build links the whole site instead
    shutil.rmtree(shadow)
    edit(kyiv, "by day train", "by train")
    incremental(project)
    assert_same_as_clean_build(project, tmp_path)


def test_a_corrupt_or_foreign_cache_is_ignored(project: Path, tmp_path: Path):
    incremental(project)
    cache = BuildCache.for_output(project, project / "build").folder
    names = sorted(p.name for p in cache.iterdir() if not p.name.startswith("."))
    assert "outputs" in names and any(n.startswith("articles.") for n in names) and any(n.startswith("bodies.") for n in names)
    for name in names:  # flip bytes in the middle of every cache file
        data = bytearray((cache / name).read_bytes())
        data[len(data) // 2] ^= 0xFF
        (cache / name).write_bytes(bytes(data))
    edit(project / ARTICLES / "2023/blinken-visits-kyiv.md", "by train", "by night train")
    result = incremental(project)
    assert result.rendered == result.pages  # nothing was trusted
    assert_same_as_clean_build(project, tmp_path)
    # and a truncated one
    (cache / "outputs").write_bytes((cache / "outputs").read_bytes()[:40])
    assert not incremental(project).unchanged


def test_clean_ignores_the_cache(project: Path):
    incremental(project)
    result = build(BuildOptions(root=project, out_dir=project / "build", clean=True))
    assert not result.unchanged and result.rendered == result.pages


def test_a_failed_incremental_build_leaves_site_and_cache_as_they_were(project: Path, tmp_path: Path):
    incremental(project)
    before = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    broken = project / ARTICLES / "2023/blinken-visits-kyiv.md"
    edit(broken, "date: 2023-09-06", "date: 2023-13-45")
    with pytest.raises(Exception):
        incremental(project)
    assert {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()} == before
    edit(broken, "date: 2023-13-45", "date: 2023-09-06")
    assert incremental(project).unchanged  # back to what was built: nothing to do


def test_rendering_on_several_processes_gives_the_bytes_of_one(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(workers, "MIN_ITEMS_PER_WORKER", 1)  # the fixture is small: fork anyway
    build(BuildOptions(root=project, out_dir=tmp_path / "serial", jobs=1, clean=True))
    build(BuildOptions(root=project, out_dir=tmp_path / "parallel", jobs=3, clean=True))
    assert_identical_outside_pagefind_variation(tmp_path / "serial", tmp_path / "parallel")


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_indexes_only_the_recent_part_of_the_search(project: Path, tmp_path: Path):
    incremental(project)
    before = inodes(project / "build/pagefind")
    edit(project / ARTICLES / "2023/blinken-visits-kyiv.md", "new aid package.", "new aid package.\n\nIt includes winter equipment.")
    incremental(project)
    after = inodes(project / "build/pagefind")
    assert {path: after.get(path) for path in before if path.startswith("main/")} == {
        path: inode for path, inode in before.items() if path.startswith("main/")}  # main: not even rewritten
    assert json.loads((project / "build/pagefind/parts.json").read_text())["parts"] == ["main", "recent"]
    assert_same_as_clean_build(project, tmp_path)
    # a clean build compacts: one main index again
    build(BuildOptions(root=project, out_dir=project / "build", clean=True))
    assert json.loads((project / "build/pagefind/parts.json").read_text())["parts"] == ["main"]


def test_quick_saves_of_the_same_size_are_each_built(project: Path):
    """Two saves within one tick of the file system's clock keep size, modification time
    and inode: the build must still see the second (git's "racily clean" files)."""
    incremental(project)
    article = project / ARTICLES / "2024/red-sea-shipping-attacks.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("title: Red Sea shipping attacks widen", "title: Red Sea alpha"))
    incremental(project)
    tick = article.stat()
    article.write_text(original.replace("title: Red Sea shipping attacks widen", "title: Red Sea bravo"))
    os.utime(article, ns=(tick.st_atime_ns, tick.st_mtime_ns))  # the same tick
    assert (article.stat().st_size, article.stat().st_ino) == (tick.st_size, tick.st_ino)
    result = incremental(project)
    assert not result.unchanged and result.rendered > 0
    assert "Red Sea bravo" in (project / "build/articles/2024/red-sea-shipping-attacks/index.html").read_text()


def test_a_text_edit_plans_only_the_pages_showing_that_briefing(project: Path, tmp_path: Path):
    """Only the briefing's text changed: a quick build, planning from what the last build
    kept (generator/incremental/planstore.py), with the bytes and the diagnostics of a clean build."""
    incremental(project)
    kyiv = project / ARTICLES / "2023/blinken-visits-kyiv.md"
    edit(kyiv, "aid package.", "aid package. See [the old page](../../old-page/).")  # a dead link: a warning
    result = incremental(project)
    assert result.quick and 0 < result.rendered < result.pages
    dead = [d for d in result.diagnostics.items if "old-page" in d.message]
    assert [(d.path, d.line, d.level.value) for d in dead] == [(f"{ARTICLES}/2023/blinken-visits-kyiv.md", 11, "warning")]
    clean = build(BuildOptions(root=project, out_dir=tmp_path / "clean", clean=True))
    assert result.diagnostics.sorted() == clean.diagnostics.sorted()
    assert_incremental_same_as_clean(project / "build", tmp_path / "clean")

    edit(kyiv, " See [the old page](../../old-page/).", "")  # mended: the warning goes
    result = incremental(project)
    assert result.quick and not any("old-page" in d.message for d in result.diagnostics.items)
    assert_same_as_clean_build(project, tmp_path)
    # and the next build has nothing to do
    assert incremental(project).unchanged


def test_a_quick_build_shows_a_body_an_earlier_quick_build_rendered(project: Path, tmp_path: Path):
    """Bodies are kept once, in the body cache: the page of a briefing edited by one quick
    build, shown again by the next (its related list names the briefing edited then), has
    the edited body."""
    incremental(project)
    edit(project / ARTICLES / "2023/blinken-visits-kyiv.md", "by train", "by overnight train")
    assert incremental(project).quick
    store = PlanStore(BuildCache.for_output(project, project / "build").folder)
    riyadh = "articles/2024/blinken-in-riyadh/index.html"
    assert "articles/2023/blinken-visits-kyiv/index.html" in store.showing([riyadh])
    store.close()
    edit(project / ARTICLES / "2024/blinken-in-riyadh.md", "Blinken discussed", "Secretary Blinken discussed")
    assert incremental(project).quick
    assert "by overnight train" in (project / "build/articles/2023/blinken-visits-kyiv/index.html").read_text()
    assert_same_as_clean_build(project, tmp_path)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("2023/blinken-visits-kyiv.md", "title: Blinken visits Kyiv with", "title: Blinken in Kyiv with"), id="title"),
        pytest.param(("2023/blinken-visits-kyiv.md", "tags: [diplomacy, aid]", "tags: [diplomacy]"), id="tags"),
        pytest.param(("2023/blinken-visits-kyiv.md", "aid package.", "aid package. See [[red-sea-shipping-attacks]]."), id="wiki link"),
        pytest.param(("2023/blinken-visits-kyiv.md", "---\n\nAntony", "---\n\n\nAntony"), id="body line"),
    ],
)
def test_an_edit_beyond_the_text_plans_the_whole_site(project: Path, tmp_path: Path, change):
    """Frontmatter, the briefings wiki links lead to, or where the body starts: lists,
    backlinks or line numbers elsewhere may change, so everything is planned again."""
    incremental(project)
    name, old, new = change
    edit(project / ARTICLES / name, old, new)
    result = incremental(project)
    assert not result.quick and not result.unchanged
    assert_same_as_clean_build(project, tmp_path)


def test_a_new_briefing_of_known_terms_is_added_without_planning_the_whole_site(project: Path, tmp_path: Path):
    """Its terms have pages already, its month is inside the archive's span, its slug and
    title are its own: what it changes is planned from what the last build kept."""
    incremental(project)
    (project / ARTICLES / "2023/notes.md").write_text(
        "---\ntitle: Notes\ndate: 2023-01-02\nregion: Eastern Europe\ncountries: [Ukraine]\n"
        "actors: [Blinken, Abdul-Malik al-Houthi]\n---\n\nShort. See [[blinken-visits-kyiv]] and [a page](../../nowhere/).\n",
        encoding="utf-8",
    )
    result = incremental(project)
    assert result.quick and result.added == 1 and result.briefings == 6
    assert 0 < result.rendered < result.pages
    clean = build(BuildOptions(root=project, out_dir=tmp_path / "clean", clean=True))
    assert result.diagnostics.sorted() == clean.diagnostics.sorted()  # its unknown actor, its dead link
    assert_incremental_same_as_clean(project / "build", tmp_path / "clean")
    # what it added is kept for the next quick build: an edit of the briefing it links to
    edit(project / ARTICLES / "2023/blinken-visits-kyiv.md", "by train", "by slow train")
    assert incremental(project).quick
    assert_same_as_clean_build(project, tmp_path)
    edit(project / ARTICLES / "2023/notes.md", "Short.", "Shorter.")
    assert incremental(project).quick
    assert_same_as_clean_build(project, tmp_path)


@pytest.mark.parametrize(
    "frontmatter",
    [
        pytest.param("title: Notes\ndate: 2023-01-02\nregion: Eastern Europe\ntags: [brand new tag]", id="new term"),
        pytest.param("title: Blinken visits Kyiv with new aid package\ndate: 2023-01-02\nregion: Eastern Europe", id="same title"),
        pytest.param("title: Notes\ndate: 2021-01-02\nregion: Eastern Europe", id="older than the archive"),
        pytest.param("title: Notes\ndate: 2023-01-02\nregion: Eastern Europe\ndraft: true", id="draft"),
    ],
)
def test_an_addition_beyond_known_terms_and_span_plans_the_whole_site(project: Path, tmp_path: Path, frontmatter):
    incremental(project)
    (project / ARTICLES / "2023/notes.md").write_text(f"---\n{frontmatter}\n---\n\nShort.\n", encoding="utf-8")
    assert not incremental(project).quick
    assert_same_as_clean_build(project, tmp_path)


def test_a_vocabulary_change_plans_the_whole_site(project: Path, tmp_path: Path):
    incremental(project)
    regions = project / "content/taxonomy/regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edit(project / ARTICLES / "2023/blinken-visits-kyiv.md", "by train", "by night train")
    assert not incremental(project).quick
    assert_same_as_clean_build(project, tmp_path)


def test_an_edit_with_an_error_is_reported_as_by_a_full_build(project: Path):
    incremental(project)
    before = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    edit(project / ARTICLES / "2023/blinken-visits-kyiv.md", "aid package.", "aid package. See [[no-such-briefing]].")
    with pytest.raises(ContentError) as raised:
        incremental(project)
    assert any("no-such-briefing" in d.message for d in raised.value.diagnostics.errors)
    assert {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()} == before


def test_a_damaged_or_missing_plan_store_is_not_trusted(project: Path, tmp_path: Path):
    incremental(project)
    store = BuildCache.for_output(project, project / "build").folder / STORE
    kyiv = project / ARTICLES / "2023/blinken-visits-kyiv.md"
    with sqlite3.connect(store) as db:  # a stored briefing's bytes changed, its digest not
        ((url, data),) = db.execute("SELECT url, data FROM briefings WHERE path LIKE '%blinken-visits-kyiv.md'")
        flipped = bytearray(data)
        flipped[len(flipped) // 2] ^= 0xFF
        db.execute("UPDATE briefings SET data = ? WHERE url = ?", (bytes(flipped), url))
    edit(kyiv, "by train", "by night train")
    result = incremental(project)
    assert not result.quick
    assert_same_as_clean_build(project, tmp_path)
    edit(kyiv, "by night train", "by day train")
    assert incremental(project).quick  # the full build wrote the store anew

    store.write_bytes(b"not a database" * 100)
    edit(kyiv, "by day train", "by train")
    assert not incremental(project).quick
    assert_same_as_clean_build(project, tmp_path)

    store.unlink()
    edit(kyiv, "by train", "by slow train")
    assert not incremental(project).quick
    assert_same_as_clean_build(project, tmp_path)
    edit(kyiv, "by slow train", "by train")
    assert incremental(project).quick


def test_more_changed_briefings_than_search_part_size_compact_the_index(project: Path, tmp_path: Path):
    edit(project / "pyproject.toml", "[tool.briefings]\n", "[tool.briefings]\nsearch_part_size = 1\n")
    incremental(project)
    parts = lambda: json.loads((project / "build/pagefind/parts.json").read_text())["parts"]  # noqa: E731
    edit(project / ARTICLES / "2023/blinken-visits-kyiv.md", "by train", "by slow train")
    incremental(project)
    assert parts() == ["main", "recent"]
    edit(project / ARTICLES / "2024/red-sea-shipping-attacks.md", "title: Red Sea shipping attacks widen",
         "title: Red Sea shipping attacks widen again")
    incremental(project)
    assert parts() == ["main"]  # two changed briefings: more than the recent part holds
    assert_same_as_clean_build(project, tmp_path)


def test_adding_and_deleting_in_a_generated_archive_gives_the_bytes_of_a_clean_build(tmp_path: Path):
    """At a size where additions move related lists, page counts and companions (150
    briefings over ten years: bench/make_corpus.py), quick additions and the full builds
    of deletions give a clean build's bytes."""
    from make_corpus import make_corpus  # bench/, on the path through test_determinism

    root = tmp_path / "generated"
    make_corpus(150, root, seed=11)
    incremental(root)
    files = sorted((root / ARTICLES).rglob("*.md"))

    def follow_up(source: Path, name: str) -> Path:
        """A new briefing with the terms and month of `source`, under a title of its own."""
        added = source.with_name(name)
        added.write_text(source.read_text(encoding="utf-8").replace('title: "', 'title: "Follow-up: ', 1), encoding="utf-8")
        return added

    first = follow_up(files[75], "follow-up-one.md")
    result = incremental(root)
    assert result.quick and result.added == 1 and result.briefings == 151
    assert_same_as_clean_build(root, tmp_path)

    follow_up(files[10], "follow-up-two.md")  # two at once
    follow_up(files[140], "follow-up-three.md")
    result = incremental(root)
    assert result.quick and result.added == 2 and result.briefings == 153
    assert_same_as_clean_build(root, tmp_path)

    first.unlink()  # a deletion plans in full
    assert incremental(root).briefings == 152
    assert_same_as_clean_build(root, tmp_path)
    files[20].unlink()
    assert incremental(root).briefings == 151
    assert_same_as_clean_build(root, tmp_path)


def test_an_addition_indexes_again_only_the_briefings_whose_searchable_content_changed(tmp_path: Path):
    """An addition re-renders the briefings whose related lists or neighbours it enters;
    what the search reads of them (their body element, generator/searchdigest.py) is
    unchanged, so the search's recent part holds the new briefing alone."""
    from make_corpus import make_corpus  # bench/, on the path through test_determinism
    from generator.search import read_pages

    root = tmp_path / "generated"
    make_corpus(60, root, seed=5)
    incremental(root)
    pages = lambda: {p: p.read_bytes() for p in (root / "build/articles").glob("*/*/index.html")}  # noqa: E731
    before = pages()
    source = sorted((root / ARTICLES).rglob("*.md"))[30]
    added = source.with_name("follow-up.md")
    added.write_text(source.read_text(encoding="utf-8").replace('title: "', 'title: "Follow-up: ', 1), encoding="utf-8")
    result = incremental(root)
    assert result.quick and result.added == 1
    after = pages()
    new_page = next(p for p in after if p not in before)
    assert [p for p in before if after[p] != before[p]]  # others' pages changed: related lists, neighbours
    recent = read_pages(root / "build/pagefind/recent")
    assert set(recent) == {"/" + new_page.relative_to(root / "build").parent.as_posix() + "/"}
    assert_same_as_clean_build(root, tmp_path)


def test_a_manifest_whose_records_of_files_are_not_its_own_is_not_trusted(project: Path, tmp_path: Path):
    """The manifest is two files, the records of the output's files apart (a build with
    nothing to do reads only the rest): a build killed between writing the two leaves
    records of another build, which must not be taken for this one's."""
    incremental(project)
    cache = BuildCache.for_output(project, project / "build").folder
    earlier_records = (cache / "outputs-files").read_bytes()
    kyiv = project / ARTICLES / "2023/blinken-visits-kyiv.md"
    edit(kyiv, "by train", "by night train")
    incremental(project)
    (cache / "outputs-files").write_bytes(earlier_records)
    assert incremental(project).unchanged  # nothing changed: the records are not read
    edit(kyiv, "by night train", "by day train")
    result = incremental(project)
    assert result.rendered == result.pages  # nothing was trusted
    assert_same_as_clean_build(project, tmp_path)
