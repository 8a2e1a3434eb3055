"""End to end: the fixture archive built for real, checked on disk."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from sitecheck import broken_links, internal_links, scan_html, term_links

ARTICLE = "articles/2022/blinken-calls-pashinyan-and-aliyev/index.html"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_page_kind_is_written(built_fixture: Path):
    for path in [
        "index.html", ARTICLE, "regions/index.html", "regions/south-caucasus/index.html",
        "countries/index.html", "countries/armenia/index.html", "actors/index.html",
        "actors/antony-blinken/index.html", "tags/index.html", "tags/diplomacy/index.html",
        "sources/index.html", "sources/fixture-wire/index.html", "archive/index.html",
        "archive/2024/index.html", "archive/2024/02/index.html", "search/index.html", "404.html",
        "feed.xml", "regions/middle-east/feed.xml", "sitemap.xml", "assets/site.css", ".nojekyll",
        "pagefind/parts.json", "pagefind/filters.json", "assets/search-ui.js", "pagefind/main/pagefind.js",
    ]:
        assert (built_fixture / path).is_file(), path


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
