"""Title, region and places."""

from __future__ import annotations

from generator.ingest.actors import ActorsFound
from generator.ingest.extract import choose_region, find_places, source_from_url
from generator.ingest.titles import clean_title

NO_ACTORS = ActorsFound((), (), (), ())


def test_an_updated_prefix_is_a_flag_not_part_of_the_title():
    title = clean_title("Updated: Intense diplomatic activity after clashes")
    assert title.text == "Intense diplomatic activity after clashes" and title.marked_updated
    assert not clean_title("Intense diplomatic activity").marked_updated


def test_a_site_name_after_the_headline_is_dropped():
    assert clean_title("Ceasefire holds on the border | Example News", ("example-news.org",)).text == "Ceasefire holds on the border"
    assert clean_title("Armenia - Azerbaijan talks resume").text == "Armenia - Azerbaijan talks resume"


def test_the_region_is_that_of_the_first_country_in_the_vocabulary(vocabulary):
    assert choose_region(["Atlantis", "Armenia", "Yemen"], vocabulary) == "South Caucasus"
    assert choose_region(["Atlantis"], vocabulary) == ""


def test_places_are_towns_and_districts_named_as_places(vocabulary):
    text = (
        "The Armenian side says that the areas affected are in the direction of Goris, Jermuk and Sotk "
        "Districts. Azerbaijan says that the areas affected are Lachin, Kelbajar and Dashkesan. "
        "Fighting was reported near Stepanakert."
    )
    places = find_places(text, NO_ACTORS, {"Azerbaijan", "Armenian"}, vocabulary)
    assert places == ["Goris", "Jermuk", "Sotk", "Lachin", "Kelbajar", "Dashkesan", "Stepanakert"]


def test_countries_and_people_are_not_places(vocabulary):
    actors = ActorsFound((), ("Ash Carter",), ("Ash Carter",), ())
    assert find_places("He flew to Armenia and met Ash Carter in Yerevan.", actors, {"Armenia"}, vocabulary) == ["Yerevan"]


def test_source_from_an_address_is_its_host():
    assert source_from_url("https://www.commonspace.eu/news/x") == "commonspace.eu"


def test_places_the_gazetteer_resolved_are_kept_in_text_order_but_never_countries(vocabulary):
    places = find_places("Shelling in Homs and later Aleppo went on.", NO_ACTORS, set(), vocabulary, ("Aleppo", "Syria"))
    assert places == ["Homs", "Aleppo"]


def test_place_names_are_cleaned_of_possessives_and_dangling_hyphens(vocabulary):
    assert find_places("Fighting was reported near Stepanakert's airport.", NO_ACTORS, set(), vocabulary) == ["Stepanakert"]
    assert find_places("Shots in Aurora, Colo., and in Nasa's Chronology.", NO_ACTORS, set(), vocabulary, ("Aurora",)) == ["Aurora"]
    assert find_places("Talks in Delhi- and Syria's envoy.", NO_ACTORS, {"Syria"}, vocabulary, ("Delhi-",)) == ["Delhi"]


def test_a_lone_capitalised_word_after_in_is_a_place_only_when_the_gazetteer_knows_it(vocabulary):
    assert find_places("He invested in Gossip and lived in Homs.", NO_ACTORS, set(), vocabulary) == ["Homs"]


def test_a_word_the_text_also_writes_in_lower_case_is_not_a_place(vocabulary):
    text = "Prizes in Physics and Chemistry were announced; physics and chemistry shared the day. Towns in Goris and Jermuk celebrated."
    assert find_places(text, NO_ACTORS, set(), vocabulary) == ["Goris", "Jermuk"]
