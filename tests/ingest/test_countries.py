"""Countries from names, aliases and demonyms; the ones an article is about."""

from __future__ import annotations

from generator.ingest.countries import country_matcher, rank_countries


def test_names_aliases_and_demonyms_are_found(vocabulary):
    text = "The Armenian side and the Azerbaijani ministry; the Republic of Moldova; the US and the UAE."
    found = {m.name for m in country_matcher(vocabulary).find(text)}
    assert found == {"Armenia", "Azerbaijan", "Moldova", "United States", "United Arab Emirates"}


def test_countries_outside_the_vocabulary_are_still_seen_but_marked_unknown(vocabulary):
    [mention] = country_matcher(vocabulary).find("Talks were held in Portugal.")
    assert mention.name == "Portugal" and not mention.known


def test_names_that_are_also_first_names_or_lower_case_words_are_not_countries(vocabulary):
    assert country_matcher(vocabulary).find("Jordan Peterson ate turkey in georgia.") == []


def test_the_countries_an_article_is_about_are_in_the_title_or_named_twice(vocabulary):
    title = "Clashes on Armenia-Azerbaijan border"
    text = title + "\n\nArmenian and Azerbaijani troops fought. Armenia said. The French president called."
    assert rank_countries(country_matcher(vocabulary).find(text), title) == ["Armenia", "Azerbaijan"]
