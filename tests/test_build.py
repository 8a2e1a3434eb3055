"""End to end: the fixture archive built for real, checked on disk."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from sitecheck import broken_links, internal_links, scan_html, term_links

ARTICLE = "articles/2022/blinken-calls-pashinyan-and-aliyev/index.html"
ATOM = "{http://www.w3.org/2005/Atom}"


# every kind of HTML page, by its output path: the heading it shows and its <title>
SITE = " · Fixture Briefings"
PAGES = {
    "index.html": ("Fixture Briefings", "Fixture Briefings"),
    ARTICLE: ("Blinken calls Pashinyan and Aliyev after border fighting",) * 2,
    "regions/index.html": ("Regions",) * 2, "regions/south-caucasus/index.html": ("South Caucasus",) * 2,
    "countries/index.html": ("Countries",) * 2, "countries/armenia/index.html": ("Armenia",) * 2,
    "actors/index.html": ("Actors",) * 2, "actors/antony-blinken/index.html": ("Antony Blinken",) * 2,
    "tags/index.html": ("Tags",) * 2, "tags/diplomacy/index.html": ("diplomacy",) * 2,
    "sources/index.html": ("Sources",) * 2, "sources/fixture-wire/index.html": ("Fixture Wire",) * 2,
    "archive/index.html": ("Archive",) * 2, "archive/2024/index.html": ("Archive: 2024",) * 2,
    "archive/2024/02/index.html": ("February 2024", "Archive: February 2024"),
    "search/index.html": ("Search",) * 2, "404.html": ("Page not found",) * 2,
}


def heading_and_title(html: str) -> tuple[str, str]:
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    return (re.sub(r"<[^>]+>", "", h1.group(1)).strip() if h1 else ""), (title.group(1).strip() if title else "")


def test_every_kind_of_page_is_written_with_its_heading_and_title(built_fixture: Path):
    for path, (heading, title) in PAGES.items():
        expected = (heading, title if path == "index.html" else title + SITE)
        assert heading_and_title((built_fixture / path).read_text(encoding="utf-8")) == expected, path


def test_the_search_files_and_the_theme_are_written_beside_the_pages(built_fixture: Path):
    # a clean build: one main index over every briefing, nothing hidden, with Pagefind's own code
    manifest = json.loads((built_fixture / "pagefind/parts.json").read_text(encoding="utf-8"))
    assert manifest["parts"] == ["main"] and manifest["hidden"] == []
    assert (built_fixture / "pagefind/main/pagefind.js").read_text(encoding="utf-8").strip()
    assert json.loads((built_fixture / "pagefind/filters/region.json").read_text(encoding="utf-8"))
    assert "search" in (built_fixture / "assets/search-ui.js").read_text(encoding="utf-8")
    assert ".site-header" in (built_fixture / "assets/site.css").read_text(encoding="utf-8")
    # GitHub Pages serves the files as they are (no Jekyll): the marker is empty
    assert (built_fixture / ".nojekyll").read_bytes() == b""


def test_no_internal_link_is_broken(built_fixture: Path):
    assert broken_links(built_fixture) == []


def test_an_article_links_to_its_region_countries_actors_tags_and_source(built_fixture: Path):
    links = internal_links(built_fixture, ARTICLE)
    for target in [
        "regions/south-caucasus/index.html", "countries/armenia/index.html", "countries/azerbaijan/index.html",
        "actors/antony-blinken/index.html", "actors/nikol-pashinyan/index.html", "actors/ilham-aliyev/index.html",
        "tags/diplomacy/index.html", "tags/ceasefire/index.html", "sources/fixture-wire/index.html",
    ]:
        assert target in links, target
        assert ARTICLE in term_links(built_fixture, target), f"{target} does not link back"


def test_aliases_lead_to_one_actor_page(built_fixture: Path):
    # "Blinken" in two briefings and "Antony Blinken" in one: one page, three briefings
    page = term_links(built_fixture, "actors/antony-blinken/index.html")
    assert {
        "articles/2022/blinken-calls-pashinyan-and-aliyev/index.html",
        "articles/2023/blinken-visits-kyiv/index.html",
        "articles/2024/blinken-in-riyadh/index.html",
    } <= page
    assert not (built_fixture / "actors/blinken").exists()


def test_names_missing_from_the_vocabulary_still_get_a_page(built_fixture: Path):
    assert "articles/2024/red-sea-shipping-attacks/index.html" in internal_links(
        built_fixture, "actors/abdul-malik-al-houthi/index.html"
    )


def test_previous_and_next_stay_within_the_region(built_fixture: Path):
    html = (built_fixture / ARTICLE).read_text(encoding="utf-8")
    assert 'rel="next" href="../../2023/ceasefire-holds-on-armenia-azerbaijan-border/"' in html
    assert 'rel="prev"' not in html  # the oldest South Caucasus briefing
    newer = (built_fixture / "articles/2023/ceasefire-holds-on-armenia-azerbaijan-border/index.html").read_text()
    assert 'rel="prev" href="../../2022/blinken-calls-pashinyan-and-aliyev/"' in newer


def test_related_briefings_are_ranked_by_shared_rare_values(built_fixture: Path):
    html = (built_fixture / ARTICLE).read_text(encoding="utf-8")
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    order = [related.index(title) for title in [
        "Ceasefire holds on the Armenia-Azerbaijan border",  # shares Pashinyan, Aliyev, both countries
        "Blinken visits Kyiv",  # shares Blinken and a tag
    ]]
    assert order == sorted(order)
    assert "Red Sea shipping attacks widen" not in related  # shares nothing


def test_long_lists_paginate(built_fixture: Path):
    # three briefings tagged diplomacy, two per page
    first = (built_fixture / "tags/diplomacy/index.html").read_text(encoding="utf-8")
    second = (built_fixture / "tags/diplomacy/page/2/index.html").read_text(encoding="utf-8")
    assert "Page 1 of 2" in first and 'rel="next" href="page/2/"' in first
    assert "Page 2 of 2" in second and 'rel="prev" href="../../"' in second
    assert "Blinken calls Pashinyan" in second  # the oldest comes last


def test_drafts_are_left_out_by_default(built_fixture: Path):
    assert not (built_fixture / "articles/2024/unpublished-note").exists()
    assert "Unpublished note" not in (built_fixture / "index.html").read_text(encoding="utf-8")


def test_actor_pages_show_kind_role_and_frequent_companions(built_fixture: Path):
    html = (built_fixture / "actors/nikol-pashinyan/index.html").read_text(encoding="utf-8")
    assert "Person · Prime Minister of Armenia" in html
    companions = html.split('id="co-actors"')[1].split("</figure>")[0]  # the chart and its table
    table = companions.split("<tbody>")[1]
    assert table.index("Ilham Aliyev") < table.index("Antony Blinken")  # 2 shared vs 1
    assert '<td class="num">2</td>' in table


def test_only_briefings_are_marked_for_the_search_index(built_fixture: Path):
    for page in built_fixture.rglob("*.html"):
        path = page.relative_to(built_fixture).as_posix()
        if path.startswith("pagefind/"):
            continue
        marked = "data-pagefind-body" in page.read_text(encoding="utf-8")
        assert marked == path.startswith("articles/"), path


def test_article_pages_expose_the_search_filters(built_fixture: Path):
    html = (built_fixture / ARTICLE).read_text(encoding="utf-8")
    filters = set(scan_html(html).filters)
    assert {("region", "South Caucasus"), ("country", "Armenia"), ("actor", "Antony Blinken"),
            ("source", "Fixture Wire")} <= filters
    assert 'data-pagefind-filter="year:2022"' in html
    assert 'data-pagefind-sort="date[datetime]"' in html


def test_feeds_are_atom_with_absolute_links_when_base_url_is_set(built_fixture: Path):
    feed = ET.parse(built_fixture / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries][0] == "Blinken in Riyadh for talks on Yemen"
    assert len(entries) == 5
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "https://example.org/briefings/articles/2024/blinken-in-riyadh/"
    region = ET.parse(built_fixture / "regions/middle-east/feed.xml").getroot()
    assert len(region.findall(f"{ATOM}entry")) == 2


def test_sitemap_lists_every_page_absolutely(built_fixture: Path):
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [e.text for e in ET.parse(built_fixture / "sitemap.xml").getroot().iter(f"{ns}loc")]
    assert "https://example.org/briefings/" in locs
    assert "https://example.org/briefings/articles/2024/blinken-in-riyadh/" in locs
    assert all(loc.startswith("https://example.org/briefings/") for loc in locs)


def test_canonical_and_open_graph_use_the_base_url(built_fixture: Path):
    html = (built_fixture / ARTICLE).read_text(encoding="utf-8")
    url = "https://example.org/briefings/articles/2022/blinken-calls-pashinyan-and-aliyev/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html


def test_the_edit_link_points_at_the_source_file(built_fixture: Path):
    html = (built_fixture / ARTICLE).read_text(encoding="utf-8")
    assert 'href="https://example.org/edit/content/articles/2022/blinken-calls-pashinyan-and-aliyev.md"' in html
