"""The body cache on disk: bodies stored as rendered, read where shown, not held by briefings."""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from generator.autolinks import AutoLinkTerms
from generator.bodies import (
    SHELF, BodyHtml, BodyJob, BodyMissing, BodyRenderer, BodyShelf, html_of, load_bodies,
)
from generator.codekey import build_key
from generator.incremental.fingerprint import Fingerprinter
from generator.wikilinks import WikiIndex
from generator.workers import map_in_order

TEXTS = [f"Talks resumed in town number {number}.\n\nA *second* paragraph, {number}." for number in range(300)]


def renderer(shelf: BodyShelf | None, jobs: int = 1) -> BodyRenderer:
    return BodyRenderer(WikiIndex.of([]), AutoLinkTerms.of({}), shelf, jobs)


def jobs_of(texts: list[str]) -> list[BodyJob]:
    return [BodyJob(f"articles/2024/b{number}/index.html", text, True) for number, text in enumerate(texts)]


def test_a_body_rendered_with_the_cache_is_stored_there_and_read_where_shown(tmp_path: Path):
    held = renderer(None).render(jobs_of(TEXTS[:3]))
    stored = renderer(BodyShelf.open(tmp_path)).render(jobs_of(TEXTS[:3]))
    assert all(isinstance(body.html, BodyHtml) and body.html.held is None for body in stored)
    assert [html_of(body.html) for body in stored] == [body.html for body in held]
    assert "<em>second</em>" in html_of(stored[0].html)


def test_forked_workers_read_stored_bodies_through_their_own_connection(tmp_path: Path):
    bodies = renderer(BodyShelf.open(tmp_path), jobs=2).render(jobs_of(TEXTS))
    read = list(map_in_order(lambda body: html_of(body.html), bodies, jobs=2, min_per_worker=1))
    assert read == [body.html for body in renderer(None).render(jobs_of(TEXTS))]


def test_the_cache_keeps_only_the_last_builds_bodies_and_reuses_them(tmp_path: Path):
    renderer(BodyShelf.open(tmp_path)).render(jobs_of(TEXTS[:10]))
    shelf = BodyShelf.open(tmp_path)
    again = renderer(shelf).render(jobs_of(TEXTS[5:12]))
    keys = {body.html.key for body in again}
    assert len(keys) == 7
    stored = {row[0] for row in sqlite3.connect(tmp_path / SHELF).execute("SELECT key FROM bodies")}
    assert stored == keys


def test_a_damaged_cache_file_starts_empty(tmp_path: Path):
    (tmp_path / SHELF).write_bytes(b"not a database at all" * 100)
    shelf = BodyShelf.open(tmp_path)
    assert shelf.file is not None and shelf.entries(["anything"]) == {}
    bodies = renderer(shelf).render(jobs_of(TEXTS[:2]))
    assert "town number 1" in html_of(bodies[1].html)


def test_bodies_of_another_generator_are_not_trusted(tmp_path: Path):
    first = renderer(BodyShelf.open(tmp_path)).render(jobs_of(TEXTS[:2]))
    with sqlite3.connect(tmp_path / SHELF) as connection:
        connection.execute("UPDATE meta SET build_key = 'an older generator'")
    assert BodyShelf.open(tmp_path).entries([body.html.key for body in first]) == {}


def test_a_shelf_of_the_zlib_format_under_the_same_generator_is_read_as_misses(tmp_path: Path):
    # the shelf as the code before Zstandard wrote it: its meta names the build key alone,
    # each body's pickle compressed by zlib with a preset dictionary of 32 KB
    first = renderer(BodyShelf.open(tmp_path)).render(jobs_of(TEXTS[:3]))
    keys = [body.html.key for body in first]
    pickles = {
        key: pickle.dumps(replace(body, html=html_of(body.html)), protocol=pickle.HIGHEST_PROTOCOL)
        for key, body in load_bodies(tmp_path, keys).items()
    }
    dictionary = b"".join(pickles.values())[-32 * 1024:]

    def zlib_packed(data: bytes) -> tuple[bytes, bytes]:
        compressor = zlib.compressobj(4, zdict=dictionary)
        packed = compressor.compress(data) + compressor.flush()
        return packed, hashlib.blake2b(packed, digest_size=16).digest()

    with sqlite3.connect(tmp_path / SHELF) as connection:
        connection.execute("UPDATE meta SET build_key = ?, dictionary = ?", (build_key(), dictionary))
        connection.executemany("UPDATE bodies SET data = ?, checksum = ? WHERE key = ?",
                               [(*zlib_packed(data), key) for key, data in pickles.items()])
    shelf = BodyShelf.open(tmp_path)
    assert shelf.entries(keys) == {}
    again = renderer(shelf).render(jobs_of(TEXTS[:3]))  # rendered again, and stored in the new format
    assert [html_of(body.html) for body in again] == [html_of(body.html) for body in first]
    assert set(load_bodies(tmp_path, keys)) == set(keys)


def test_a_body_altered_on_disk_is_reported_when_read_not_shown_altered(tmp_path: Path):
    body = renderer(BodyShelf.open(tmp_path)).render(jobs_of(TEXTS[:1]))[0]
    with sqlite3.connect(tmp_path / SHELF) as connection:
        connection.execute("UPDATE bodies SET data = X'00'")
    with pytest.raises(BodyMissing, match="build with --clean"):
        html_of(body.html)
    assert load_bodies(tmp_path, [body.html.key]) == {}  # a quick build plans in full instead


def test_a_body_held_and_the_same_body_stored_fingerprint_alike(tmp_path: Path):
    html = "<p>Talks resumed.</p>\n"
    stored = BodyShelf.open(tmp_path).stored_html("some key", html)
    assert stored.held is None
    assert Fingerprinter().value(stored) == Fingerprinter().value(BodyHtml.of(html))
    assert Fingerprinter().value(BodyHtml.of(html)) != Fingerprinter().value(BodyHtml.of("<p>Talks ended.</p>\n"))


def test_briefings_of_a_build_hold_neither_markdown_nor_html(tmp_path: Path):
    from conftest import FIXTURE_ARCHIVE
    from generator.config import load_settings
    from generator.bodies import BodyRenderer, render_bodies
    from generator.readcheck import read_and_check

    shelf = BodyShelf.open(tmp_path)
    to_shelf = lambda wiki, names, jobs: BodyRenderer(wiki, names, shelf).render(jobs)  # noqa: E731, as the build's
    site = read_and_check(FIXTURE_ARCHIVE, load_settings(FIXTURE_ARCHIVE), False, {}, to_shelf).site
    alone = read_and_check(FIXTURE_ARCHIVE, load_settings(FIXTURE_ARCHIVE), False, read_bodies=render_bodies).site
    assert site.briefings and all(b.article.body == "" for b in site.briefings)
    assert all(b.body_html.held is None and b.body_html.key for b in site.briefings)
    assert [html_of(b.body_html) for b in site.briefings] == [html_of(b.body_html) for b in alone.briefings]


def test_a_shelf_lets_its_bodies_hold_their_html_up_to_its_bound_and_no_further(tmp_path: Path):
    alone = renderer(None).render(jobs_of(TEXTS[:3]))
    bound = len(alone[0].html) + len(alone[1].html)
    stored = renderer(BodyShelf.open(tmp_path, hold=bound)).render(jobs_of(TEXTS[:3]))
    assert [body.html.held for body in stored] == [alone[0].html, alone[1].html, None]
    assert all(body.html.key for body in stored)  # each still names where it is stored
    assert [html_of(body.html) for body in stored] == [body.html for body in alone]


def test_a_stored_body_goes_to_another_process_as_where_to_read_it_not_with_its_html(tmp_path: Path):
    import pickle

    stored = renderer(BodyShelf.open(tmp_path, hold=10**6)).render(jobs_of(TEXTS[:1]))[0].html
    assert stored.held is not None
    sent = pickle.loads(pickle.dumps(stored))
    assert sent.held is None and (sent.digest, sent.shelf, sent.key) == (stored.digest, stored.shelf, stored.key)
    assert html_of(sent) == stored.held  # read from the shelf
    alone = BodyHtml.of("<p>Nowhere else to read it from.</p>")  # no shelf: it keeps its HTML
    assert pickle.loads(pickle.dumps(alone)).held == "<p>Nowhere else to read it from.</p>"


def test_a_page_sent_to_a_worker_carries_the_body_it_shows_and_not_those_it_lists(tmp_path: Path):
    import pickle

    from conftest import FIXTURE_ARCHIVE
    from generator.config import find_theme, load_settings
    from generator.figures import plan_figures
    from generator.geo import load_world
    from generator.pages import iter_pages
    from generator.readcheck import read_and_check
    from generator.render import PageRenderer, render_page, shown_bodies

    settings = load_settings(FIXTURE_ARCHIVE)
    shelf = BodyShelf.open(tmp_path, hold=10**8)
    to_shelf = lambda wiki, names, jobs: BodyRenderer(wiki, names, shelf).render(jobs)  # noqa: E731, as the build's
    site = read_and_check(FIXTURE_ARCHIVE, settings, False, {}, to_shelf).site
    theme = find_theme(FIXTURE_ARCHIVE, settings.theme)
    page_renderer = PageRenderer(theme, settings)
    pages = list(iter_pages(site, plan_figures(site, load_world())))
    article = next(page for page in pages if page.searchable)
    listing = next(page for page in pages if page.template == "term.html" and len(page.context["briefings"]) > 1)
    shown = shown_bodies(article)
    assert shown == {article.context["briefing"].body_html.digest: article.context["briefing"].body_html.held}
    assert shown_bodies(listing) == {}
    for page in (article, listing):  # as a worker gets it: the same bytes as rendered here
        sent, sent_shown = pickle.loads(pickle.dumps((page, shown_bodies(page))))
        assert render_page(page_renderer, sent, theme, sent_shown) == render_page(page_renderer, page, theme)
    sent_bytes = pickle.dumps((listing, shown_bodies(listing)))
    assert not any(b.body_html.held.encode("utf-8") in sent_bytes for b in listing.context["briefings"])
