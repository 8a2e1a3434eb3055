"""A term page's context carries only what the page shows, so its fingerprint (and an
addition's re-rendering) moves when a count it shows moves, and not otherwise."""

from __future__ import annotations

from generator.config import Settings
from generator.content import parse_article
from generator.incremental.fingerprint import Fingerprinter
from generator.pages import plan_term
from generator.site import build_site
from generator.taxonomy import Vocabulary, parse_actors, parse_regions


def vocabulary() -> Vocabulary:
    vocab, _ = parse_regions("- name: Middle East\n  countries: [Yemen, Oman]\n", "regions.yaml")
    parse_actors("- name: Houthis\n  kind: armed group\n  country: Yemen\n- name: Envoy\n  kind: person\n", "actors.yaml", vocab)
    return vocab


def briefing(number: int, actors: str, countries: str = "[Oman]") -> str:
    return (f"---\ntitle: Talks {number}\ndate: 2024-05-0{number}\nregion: Middle East\ncountries: {countries}\n"
            f"actors: {actors}\n---\n\nText.\n")


def first_page_fingerprints(*texts: str) -> dict[str, str]:
    articles = [parse_article(text, f"content/articles/2024/t{n}.md")[0] for n, text in enumerate(texts)]
    site, _ = build_site(articles, vocabulary(), Settings())
    fingerprinter = Fingerprinter()
    return {
        f"{taxonomy}/{slug}": fingerprinter.page(plan_term(site, entry)[-1])  # the last page: no pictures
        for taxonomy in ("actors", "countries") for slug, entry in site.terms[taxonomy].items()
    }


BEFORE = [briefing(1, "[Houthis, Envoy]", "[Yemen]"), briefing(2, "[Envoy]")]


def test_a_companions_own_count_moving_leaves_an_actors_page_as_it_was():
    before = first_page_fingerprints(*BEFORE)
    after = first_page_fingerprints(*BEFORE, briefing(3, "[Envoy]"))  # the Envoy's count, not together
    assert after["actors/houthis"] == before["actors/houthis"]
    assert after["actors/envoy"] != before["actors/envoy"]


def test_briefings_together_moving_changes_an_actors_page():
    before = first_page_fingerprints(*BEFORE)
    after = first_page_fingerprints(*BEFORE, briefing(3, "[Houthis, Envoy]"))
    assert after["actors/houthis"] != before["actors/houthis"]


def test_an_actors_country_count_moving_leaves_the_actors_page_as_it_was():
    before = first_page_fingerprints(*BEFORE)
    after = first_page_fingerprints(*BEFORE, briefing(3, "[Envoy]", "[Yemen]"))  # Yemen's count moves
    assert after["countries/yemen"] != before["countries/yemen"]
    assert after["actors/houthis"] == before["actors/houthis"]


def two_regions_site(*texts: str):
    vocab, _ = parse_regions(
        "- name: Middle East\n  countries: [{name: Yemen, iso: YE}, {name: Oman, iso: OM}]\n"
        "- name: Horn of Africa\n  countries: [{name: Somalia, iso: SO}]\n", "regions.yaml",
    )
    articles = [parse_article(text, f"content/articles/2024/r{n}.md")[0] for n, text in enumerate(texts)]
    site, _ = build_site(articles, vocab, Settings())
    return site


def filed(number: int, region: str, countries: str) -> str:
    return f"---\ntitle: Report {number}\ndate: 2024-06-0{number}\nregion: {region}\ncountries: {countries}\n---\n\nText.\n"


MIDDLE_EAST = [filed(1, "Middle East", "[Yemen, Somalia]"), filed(2, "Middle East", "[Yemen]")]


def test_a_regions_list_of_countries_counts_the_regions_own_briefings():
    # Somalia is named by three briefings, one of them the Middle East's
    site = two_regions_site(*MIDDLE_EAST, filed(3, "Horn of Africa", "[Somalia]"), filed(4, "Horn of Africa", "[Somalia]"))
    page = plan_term(site, site.terms["regions"]["middle-east"])[0]
    assert [(c.term.name, c.count) for c in page.context["region_countries"]] == [("Somalia", 1), ("Yemen", 2)]


def test_a_regions_map_counts_the_regions_own_briefings():
    from generator.figures import plan_figures
    from generator.geo import load_world

    site = two_regions_site(*MIDDLE_EAST, filed(3, "Horn of Africa", "[Yemen]"))
    figures = plan_figures(site, load_world()).of(site.terms["regions"]["middle-east"])
    region_map = next(figure for figure in figures if figure.kind == "map")
    assert {area.iso: area.count for area in region_map.data.areas} == {"YE": 2}  # not 3: one is the Horn's


def test_another_regions_briefing_naming_its_countries_leaves_a_regions_pages_as_they_were():
    from generator.figures import plan_figures
    from generator.geo import load_world

    def fingerprints(*texts: str) -> list[str]:
        site = two_regions_site(*texts)
        entry = site.terms["regions"]["middle-east"]
        return [Fingerprinter().page(page) for page in plan_term(site, entry, plan_figures(site, load_world()))]

    before = fingerprints(*MIDDLE_EAST)
    assert fingerprints(*MIDDLE_EAST, filed(3, "Horn of Africa", "[Yemen, Somalia]")) == before
    assert fingerprints(*MIDDLE_EAST, filed(3, "Middle East", "[Oman]")) != before
