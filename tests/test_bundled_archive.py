"""The archive that ships in content/: the cleaned seed, the Yemen briefing and 45
US Government statements and releases (public domain) on Iraq and Syria."""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path

import pytest

from generator.content import load_articles
from sitecheck import internal_links, term_links

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seeds" / "000_e4aa8bfa7932751b.txt"
SEED_PAGE = "articles/2022/intense-diplomatic-activity-after-clashes-on-armenia-azerbaijan-border/index.html"
YEMEN_PAGE = "articles/2025/saudi-uae-rift-deepens-over-south-yemen/index.html"
RE3D = REPO.parent / "shared" / "corpus" / "actors" / "actors.jsonl"
US_GOVERNMENT = {"U.S. Department of State", "U.S. Department of Defense", "U.S. Central Command (CENTCOM)"}
PUBLIC_DOMAIN = "A work of the United States Government, in the public domain in the United States"


def bundled_articles():
    articles, diagnostics = load_articles(REPO, REPO / "content")
    assert not diagnostics.items
    return articles


def page_text(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    # inline tags (auto-links, emphasis) add no space to the text a reader sees
    html = re.sub(r"</?(?:a|em|strong|code|span)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(
    "target",
    [
        "regions/south-caucasus/index.html",
        "countries/armenia/index.html",
        "countries/azerbaijan/index.html",
        "actors/antony-blinken/index.html",
        "actors/nikol-pashinyan/index.html",
        "actors/toivo-klaar/index.html",
        "sources/commonspace-eu/index.html",
    ],
)
def test_the_seed_briefing_and_its_pages_link_both_ways(built_bundled: Path, target: str):
    assert target in internal_links(built_bundled, SEED_PAGE)
    assert SEED_PAGE in term_links(built_bundled, target)


def test_the_seed_briefing_keeps_every_paragraph_of_the_article_and_none_of_the_furniture(built_bundled: Path):
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have shared/ beside the repository: {SEED} is missing")
        pytest.skip(f"the raw seed is not beside the repository ({SEED})")
    raw = SEED.read_text(encoding="utf-8")
    article = raw.split("\nsource: commonspace.eu")[0]
    paragraphs = [" ".join(p.split()) for p in article.split("\n\n") if p.strip()]
    paragraphs = [p for p in paragraphs if not p.startswith("Updated: ") and set(p) != {"_"}]
    text = page_text(built_bundled, SEED_PAGE)
    for paragraph in paragraphs:
        # the scrape lacks a few final full stops; the cleaned text adds them
        assert paragraph.rstrip(".") in text, paragraph
    for furniture in ["Related articles", "Editor's choice", "Popular", "South Yemen", "click the image"]:
        assert furniture not in text


def test_the_seed_briefing_carries_its_dates_and_source(built_bundled: Path):
    html = (built_bundled / SEED_PAGE).read_text(encoding="utf-8")
    assert '<time datetime="2022-09-13"' in html
    assert '<time datetime="2022-09-13T10:30:00+02:00">13 September 2022, 10:30 UTC+02:00</time>' in html
    assert ">commonspace.eu</a>" in html


def test_the_yemen_briefing_is_filed_with_its_actors(built_bundled: Path):
    links = internal_links(built_bundled, YEMEN_PAGE)
    for target in ["regions/middle-east/index.html", "countries/yemen/index.html",
                   "actors/southern-transitional-council/index.html", "actors/turki-al-maliki/index.html"]:
        assert target in links
    assert '<time datetime="2025-12-30"' in (built_bundled / YEMEN_PAGE).read_text(encoding="utf-8")


def test_the_bundled_archive_holds_the_two_reports_and_45_us_government_documents():
    articles = bundled_articles()
    sources = [a.source for a in articles]
    assert len(articles) == 47
    assert sources.count("commonspace.eu") == 2
    assert sum(source in US_GOVERNMENT for source in sources) == 45
    assert len({a.date.year for a in articles}) >= 6  # timelines with something to show


def test_every_us_government_briefing_names_its_address_and_says_it_is_public_domain():
    for article in bundled_articles():
        if article.source not in US_GOVERNMENT:
            continue
        assert article.source_url.startswith(("http://www.centcom.mil/", "https://www.state.gov/",
                                              "https://www.defense.gov/")), article.slug
        assert PUBLIC_DOMAIN in article.body, article.slug
        assert f"]({article.source_url})" in article.body, article.slug
        assert article.summary and article.summary not in article.body, article.slug


def test_the_us_government_briefings_are_the_re3d_documents_one_each():
    if not RE3D.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have shared/ beside the repository: {RE3D} is missing")
        pytest.skip(f"the re3d documents are not beside the repository ({RE3D})")
    documents = [json.loads(line) for line in RE3D.read_text(encoding="utf-8").splitlines()]
    addresses = sorted(a.source_url for a in bundled_articles() if a.source in US_GOVERNMENT)
    assert addresses == sorted(d["url"] for d in documents)


@pytest.mark.parametrize("page", [
    "articles/2017/terrorist-attacks-in-baghdad/index.html",  # "Da’esh"
    "articles/2015/u-s-condemns-terrorist-attacks-in-iraq/index.html",  # "ISIL"
    "articles/2016/u-s-central-command-media-advisory-dayr-az-zawr-investigation-results/index.html",
])
def test_the_names_of_one_actor_lead_to_one_page(built_bundled: Path, page: str):
    links = internal_links(built_bundled, page)
    if "dayr-az-zawr" in page:
        assert "actors/u-s-central-command/index.html" in links
    else:
        assert "actors/islamic-state-of-iraq-and-the-levant/index.html" in links
    assert not any(target.startswith(("actors/daesh", "actors/isil", "actors/da-esh")) for target in links)


def test_the_home_pages_timeline_and_map_show_every_bundled_briefing(built_bundled: Path):
    html = (built_bundled / "index.html").read_text(encoding="utf-8")
    timeline = html.split('id="timeline"')[1].split("</figure>")[0]
    world = html.split('id="map"')[1].split("</figure>")[0]
    articles = bundled_articles()
    # every briefing is a bar's part: the bars' totals add up to the archive
    assert sum(int(n) for n in re.findall(r'data-total="(\d+)"', timeline)) == len(articles) == 47
    # every country a briefing names is shaded with the number of briefings naming it
    shaded = {iso: int(n) for iso, n in re.findall(r'data-iso="([A-Z]{2})" data-count="(\d+)"', world)}
    assert shaded["IQ"] == sum("Iraq" in a.countries for a in articles) > 20
    assert shaded["SY"] == sum("Syria" in a.countries for a in articles) > 20
    assert len(shaded) == len({c for a in articles for c in a.countries})
