"""The plan store keeps planned pages with their briefings by address, loads only
what a quick build asks for, and trusts nothing that fails its checks."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import sqlite3
from pathlib import Path

import pytest

from conftest import FIXTURE_ARCHIVE
from generator.bodies import html_of
from generator.codekey import build_key
from generator.build import BuildOptions, load_site, resolve_settings
from generator.feeds import plan_feeds
from generator.incremental.fingerprint import Fingerprinter
from generator.models import Page, Site
from generator.pages import plan_pages
from generator.incremental.planstore import (
    STORE, BriefingRecord, LinkTargets, PlanStore, StoreError, _WithBriefings, compress, decompress, forget,
    pickle_plan, stored_form,
)


@pytest.fixture(scope="module")
def site() -> Site:
    settings = resolve_settings(BuildOptions(root=FIXTURE_ARCHIVE))
    site, _ = load_site(FIXTURE_ARCHIVE, settings, drafts=False)
    return site


def written(folder: Path, site: Site) -> tuple[PlanStore, list[Page]]:
    """A store holding the fixture site, as a full build writes it."""
    pages = plan_pages(site)
    records = [BriefingRecord(b, (), Fingerprinter().object_digest(b), f"body of {b.url}") for b in site.briefings]
    store = PlanStore(folder)
    assert site.wiki_index is not None and site.autolink_terms is not None
    store.write_build(
        "token-1", records, {b.url: f"digest of {b.url}" for b in site.briefings}, [*pages, *plan_feeds(site)],
        None, LinkTargets(site.wiki_index, site.autolink_terms, frozenset(p.path for p in pages)),
    )
    return store, pages


def test_a_plan_is_stored_with_its_briefings_by_address(site: Site):
    kyiv = next(b for b in site.briefings if b.url.endswith("blinken-visits-kyiv/index.html"))
    page = next(p for p in plan_pages(site) if p.path == kyiv.url)
    data, shown = pickle_plan(page)
    assert kyiv.url in shown
    plain = decompress(data)
    assert html_of(kyiv.body_html).encode("utf-8") not in plain  # the briefing is not in the plan's bytes
    with pytest.raises(pickle.UnpicklingError):  # and the plan cannot be read without them
        pickle.loads(plain)


def test_the_pages_and_feeds_showing_a_briefing_are_found_and_loaded_with_it_replaced(site: Site, tmp_path: Path):
    store, pages = written(tmp_path, site)
    kyiv = next(b for b in site.briefings if b.url.endswith("blinken-visits-kyiv/index.html"))
    showing = store.showing([kyiv.url])
    expected = sorted(p.path for p in pages if kyiv.url in pickle_plan(p)[1])
    assert [path for path in showing if path.endswith(".html")] == expected
    assert kyiv.url in showing and "feed.xml" in showing  # its page, and the feed of everything
    edited = dataclasses.replace(kyiv, body_html="<p>edited</p>")
    bodies = {f"body of {b.url}": b.body_html for b in site.briefings}
    fingerprinter = Fingerprinter()
    plans = store.plans(showing, {kyiv.url: edited}, fingerprinter, lambda keys: {k: bodies[k] for k in keys})
    own = next(plan for plan in plans if plan.path == kyiv.url)
    assert own.context["briefing"] is edited
    # every other briefing is loaded once and shared, as in the planned site
    others = [b for plan in plans if isinstance(plan, Page) for b in plan.context.get("briefings", ())]
    assert edited in others and len({id(b) for b in others if b.url == edited.url}) == 1
    assert store.token() == "token-1"
    # the stored briefing is the briefing without its Markdown, which no page shows
    stored = store.record_at(kyiv.article.path).briefing
    assert stored == stored_form(BriefingRecord(kyiv, ())).briefing and stored.article.body == ""
    assert dataclasses.replace(stored.article, body=kyiv.article.body) == kyiv.article


def test_every_plan_reads_back_as_it_was_planned(site: Site):
    # plain dataclasses are stored as their fields' values (planstore._ByAddress): read back,
    # each plan holds (context and all) what the planned one does
    by_url = {b.url: b for b in site.briefings}
    for plan in [*plan_pages(site), *plan_feeds(site)]:
        data, _ = pickle_plan(plan)
        read = _WithBriefings(decompress(data), by_url.__getitem__).load()
        assert _everything(read) == _everything(plan), plan.path


def _everything(value: object) -> object:
    """`value` with every object in it as its class and attributes (fields that do not
    compare, as a page's context, compared too)."""
    if isinstance(value, dict):
        return {key: _everything(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_everything(item) for item in value)
    if isinstance(value, functools.partial):
        return value.func, _everything(value.args), _everything(value.keywords)
    if hasattr(value, "__dict__") and not isinstance(value, type) and not callable(value):
        return type(value), _everything(vars(value))
    return value


@dataclasses.dataclass(frozen=True)
class _WithCachedValue:
    value: int

    @functools.cached_property
    def twice(self) -> int:
        return 2 * self.value


def test_a_dataclass_holding_more_than_its_fields_is_stored_whole():
    plain, cached = _WithCachedValue(1), _WithCachedValue(2)
    assert cached.twice == 4  # now in its __dict__
    page = Page(path="p/index.html", template="t.html", title="T", context={"plain": plain, "cached": cached})
    read = _WithBriefings(decompress(pickle_plan(page)[0]), lambda url: pytest.fail(url)).load()
    assert read.context["plain"] == plain and read.context["cached"].__dict__ == {"value": 2, "twice": 4}


def test_briefings_loaded_without_their_bodies_fingerprint_as_the_whole_ones(site: Site, tmp_path: Path):
    store, pages = written(tmp_path, site)
    bodies = {f"body of {b.url}": b.body_html for b in site.briefings}
    asked: list[str] = []

    def loader(keys):
        asked.extend(keys)
        return {key: bodies[key] for key in keys}

    fingerprinter = Fingerprinter()
    paths = [page.path for page in pages]
    loaded = store.plans(paths, {}, fingerprinter, loader)
    whole = Fingerprinter()
    assert [fingerprinter.page(plan) for plan in loaded] == [whole.page(page) for page in pages]
    # each article page gets its own briefing's body back, and only those bodies are read
    articles = [plan for plan in loaded if plan.template == "article.html"]
    assert all(plan.context["briefing"].body_html == bodies[f"body of {plan.path}"] for plan in articles)
    assert sorted(asked) == sorted(f"body of {plan.path}" for plan in articles)
    # lists show the briefings as stored: no body
    assert all(b.body_html == "" for plan in loaded if plan.template == "term.html" for b in plan.context["briefings"])
    with pytest.raises(StoreError):  # a body the cache lost: not trusted
        store.plans([articles[0].path], {}, Fingerprinter(), lambda keys: {})
    assert store.record_at("content/articles/no-such.md") is None


def test_a_row_whose_bytes_do_not_match_its_digest_is_refused(site: Site, tmp_path: Path):
    store, _ = written(tmp_path, site)
    store.close()
    with sqlite3.connect(tmp_path / STORE) as db:
        db.execute("UPDATE plans SET data = substr(data, 1, length(data) - 1) || x'00'")
    store = PlanStore(tmp_path)
    with pytest.raises(StoreError):
        store.plans(["index.html"], {}, Fingerprinter(), lambda keys: {})


def test_a_store_of_another_generator_or_none_at_all_is_refused(site: Site, tmp_path: Path, monkeypatch):
    store, _ = written(tmp_path, site)
    monkeypatch.setattr("generator.incremental.planstore.build_key", lambda: "another build key")
    with pytest.raises(StoreError):
        store.token()
    monkeypatch.undo()
    store.close()
    (tmp_path / STORE).write_bytes(b"garbage " * 1000)
    with pytest.raises(StoreError):
        PlanStore(tmp_path).token()
    forget(tmp_path)
    assert not (tmp_path / STORE).exists()
    with pytest.raises(StoreError):
        PlanStore(tmp_path).token()  # an empty store names no build


def test_a_store_of_the_format_before_under_the_same_generator_is_refused(site: Site, tmp_path: Path):
    # the code before format 2 named the build key alone, its plans showing briefings as
    # persistent ids, which the reader of format 2 cannot load: refused, never read
    store, _ = written(tmp_path, site)
    store.close()
    data = compress(pickle.dumps(build_key(), protocol=pickle.HIGHEST_PROTOCOL))
    _name_key(tmp_path, data)
    with pytest.raises(StoreError, match="another version"):
        PlanStore(tmp_path).token()
    # format 2 pickled plain dataclasses as pickle does: refused as well
    data = compress(pickle.dumps(f"{build_key()} 2", protocol=pickle.HIGHEST_PROTOCOL))
    _name_key(tmp_path, data)
    with pytest.raises(StoreError, match="another version"):
        PlanStore(tmp_path).token()


def _name_key(folder: Path, data: bytes) -> None:
    with sqlite3.connect(folder / STORE) as db:
        db.execute("UPDATE meta SET data = ?, checksum = ? WHERE key = 'build_key'",
                   (data, hashlib.blake2b(data, digest_size=16).digest()))


def test_a_plan_written_again_shows_only_what_it_shows_now(site: Site, tmp_path: Path):
    # a new file gets its index of pairs by plan when its build is finished (planstore
    # _SHOWS_BY_PLAN): a later build that writes a plan again drops the pairs it had
    store, pages = written(tmp_path, site)
    indexes = sqlite3.connect(tmp_path / STORE).execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    assert "shows_by_plan" in {name for (name,) in indexes}
    kyiv = next(b for b in site.briefings if b.url.endswith("blinken-visits-kyiv/index.html"))
    home = pages[0]
    assert home.path in store.showing([kyiv.url])
    emptied = Page(path=home.path, template=home.template, title=home.title, context={})
    records = [BriefingRecord(b, ()) for b in site.briefings]
    store.write_build(
        "token-2", records, {b.url: f"digest of {b.url}" for b in site.briefings}, [emptied, *pages[1:], *plan_feeds(site)],
        {home.path}, store.body_context(),
    )
    assert home.path not in store.showing([kyiv.url])


def test_a_later_build_rewrites_only_the_plans_it_names(site: Site, tmp_path: Path):
    store, pages = written(tmp_path, site)
    before = dict(sqlite3.connect(tmp_path / STORE).execute("SELECT path, data FROM plans"))
    home = pages[0]
    renamed = Page(path=home.path, template=home.template, title="Renamed", context=home.context)
    records = [BriefingRecord(b, ()) for b in site.briefings]
    store.write_build(
        "token-2", records, {b.url: f"digest of {b.url}" for b in site.briefings}, [renamed, *pages[1:], *plan_feeds(site)],
        {home.path}, store.body_context(),
    )
    after = dict(sqlite3.connect(tmp_path / STORE).execute("SELECT path, data FROM plans"))
    assert {path for path in after if after[path] != before.get(path)} == {home.path}
    assert store.token() == "token-2"
    assert store.plans([home.path], {}, Fingerprinter(), lambda keys: {})[0].title == "Renamed"
