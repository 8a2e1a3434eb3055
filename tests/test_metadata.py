"""What the pages and feeds tell browsers, feed readers and search engines: a
description on every page, distinct titles, one `updated` per feed entry, the
search page kept out of search engines, headings on every section."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURE_ARCHIVE
from generator.build import BuildOptions, build

ATOM = "{http://www.w3.org/2005/Atom}"
SAME_DAY = """---
title: {title}
date: 2024-02-20
region: Middle East
countries: [Saudi Arabia]
actors: [Saudi Arabia]
{extra}---

Saudi Arabia said {title}.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive without a description, with three more briefings on the day
    of "Blinken in Riyadh" (one carrying `updated`), and an actor named like a country."""
    root = tmp_path_factory.mktemp("metadata") / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    settings = root / "pyproject.toml"
    settings.write_text(re.sub(r"(?m)^description = .*\n", "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    with (root / "content/taxonomy/actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write("- name: Saudi Arabia\n  kind: state\n")
    for slug, title, extra in [
        ("a-first", "A first statement", ""),
        ("b-second", "B second statement", ""),
        ("c-revised", "C revised statement", "updated: 2024-02-20T09:30:00+00:00\n"),
    ]:
        (root / f"content/articles/2024/{slug}.md").write_text(SAME_DAY.format(title=title, extra=extra), encoding="utf-8")
    out = root / "site"
    build(BuildOptions(root=root, out_dir=out, search=False))
    return out


def entries(feed: Path) -> list[tuple[str, str]]:
    tree = ET.parse(feed)
    return [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated")) for e in tree.getroot().iter(f"{ATOM}entry")]


def test_briefings_of_one_day_have_distinct_updated_times_in_the_order_of_the_feed(site: Path):
    for feed in [site / "feed.xml", site / "regions/middle-east/feed.xml"]:
        listed = entries(feed)
        times = [updated for _, updated in listed]
        assert len(set(times)) == len(times), feed
        # newest first, as listed: no entry below is updated after one above it on that day
        day = [(title, updated) for title, updated in listed if updated.startswith("2024-02-20")]
        assert [updated for _, updated in day] == sorted((updated for _, updated in day), reverse=True)
        assert ("C revised statement", "2024-02-20T09:30:00+00:00") in day  # its own `updated` is kept
        assert len(day) == 4


def test_feed_times_are_the_same_on_every_build(site: Path, tmp_path: Path):
    again = tmp_path / "again"
    build(BuildOptions(root=site.parent, out_dir=again, search=False))
    assert (again / "feed.xml").read_bytes() == (site / "feed.xml").read_bytes()


def test_a_country_and_an_actor_of_one_name_have_distinct_titles(site: Path):
    def title(path: str) -> str:
        return re.search(r"<title>(.*?)</title>", (site / path).read_text(encoding="utf-8")).group(1)

    assert title("countries/saudi-arabia/index.html").startswith("Saudi Arabia (country) · ")
    assert title("actors/saudi-arabia/index.html").startswith("Saudi Arabia (actor) · ")
    assert title("countries/yemen/index.html").startswith("Yemen · ")  # a name of one page stays bare


def test_every_page_has_a_description_even_the_home_page_without_the_setting(site: Path):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<meta name="description" content="[^"]+">', text), page.relative_to(site)


def test_the_search_page_is_kept_out_of_search_engines_and_404_names_no_canonical(site: Path):
    search = (site / "search/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in search
    assert "/search/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "archive/2024/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in (site / "404.html").read_text(encoding="utf-8")
    assert 'name="robots"' not in (site / "archive/index.html").read_text(encoding="utf-8")


def test_every_section_opens_with_its_heading_or_is_named(site: Path):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for section in re.finditer(r"<section\b([^>]*)>\s*(<[a-z0-9]+)", text):
            named = "aria-label=" in section.group(1)
            assert named or re.fullmatch(r"<h[1-6]", section.group(2)), (page.relative_to(site), section.group(0))


def test_archive_months_are_headings_with_their_count_apart(site: Path):
    year = (site / "archive/2024/index.html").read_text(encoding="utf-8")
    heading = re.search(r'<h2 class="month-label"[^>]*>(.*?)</h2>', year).group(1)
    assert re.fullmatch(r'<a href="02/">February 2024</a>', heading)  # the name alone: no count run into it
    assert '<p class="month-count"><span class="count">4 briefings</span></p>' in year


ATOM_SCHEMA = Path(__file__).parent / "schemas" / "atom.rng"


def atom_schema():
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))


def test_every_feed_is_valid_atom_by_the_rfc_4287_schema(site: Path, built_fixture: Path, built_bundled: Path):
    from lxml import etree

    schema = atom_schema()
    feeds = [*site.rglob("feed.xml"), *built_fixture.rglob("feed.xml"), *built_bundled.rglob("feed.xml")]
    assert len(feeds) == 8 + 4  # the whole site's and each region's, of both archives
    for feed in feeds:
        assert schema.validate(etree.parse(str(feed))), (feed, str(schema.error_log))


def test_the_atom_schema_refuses_an_entry_without_an_id_or_a_date_without_a_time(site: Path):
    from lxml import etree

    schema = atom_schema()
    feed = (site / "feed.xml").read_bytes()
    no_id = re.sub(rb"(<entry>\s*<title>[^<]*</title>\s*)<id>[^<]*</id>", rb"\1", feed, count=1)
    no_time = re.sub(rb"<published>(\d{4}-\d{2}-\d{2})T[^<]*</published>", rb"<published>\1</published>", feed, count=1)
    for broken in (no_id, no_time):
        assert broken != feed
        assert not schema.validate(etree.fromstring(broken))
