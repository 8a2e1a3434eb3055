"""Well-known organisations: short forms and acronyms become one canonical name, decided by
the story's countries where a short form is shared (data/known_organisations.tsv)."""

from __future__ import annotations

import pytest

from generator.ingest.actors import find_actors
from generator.ingest.actors.known_organisations import (
    KnownOrganisationsError, alias_key, canonical_organisation, known_organisations, parse_table,
)

TABLE = parse_table(
    "# invented rows in the data file's format\n"
    "Federal Bureau of Investigation\tUS\tFBI\t\n"
    "United States Congress\tUS\tU.S. Congress\tCongress\n"
    "Indian National Congress\tIN\tCongress party\tCongress\n"
    "Democratic Party\tUS\t\tDemocratic Party|Democrats\n"
    "Democratic Party (Italy)\tIT\t\tDemocratic Party|PD\n"
    "World Health Organization\t\tWHO\t\n"
)


def test_an_acronym_that_names_one_body_anywhere_becomes_its_full_name():
    assert canonical_organisation("FBI", (), table=TABLE) == "Federal Bureau of Investigation"
    assert canonical_organisation("F.B.I.", ("FR",), table=TABLE) == "Federal Bureau of Investigation"


def test_an_acronym_matches_only_in_capitals():
    assert canonical_organisation("WHO", (), table=TABLE) == "World Health Organization"
    assert canonical_organisation("Who", (), table=TABLE) is None


def test_a_shared_short_form_follows_the_most_central_country_that_has_one():
    assert canonical_organisation("Congress", ("US",), table=TABLE) == "United States Congress"
    assert canonical_organisation("Congress", ("IN", "US"), table=TABLE) == "Indian National Congress"
    assert canonical_organisation("Congress", ("SY", "US"), table=TABLE) == "United States Congress"


def test_a_country_short_form_names_nothing_in_a_story_about_no_country_of_its_own():
    assert canonical_organisation("Congress", (), table=TABLE) is None
    assert canonical_organisation("Congress", ("FR",), table=TABLE) is None


def test_the_story_s_own_country_beats_a_namesake_elsewhere():
    assert canonical_organisation("Democratic Party", ("IT",), table=TABLE) == "Democratic Party (Italy)"
    assert canonical_organisation("Democratic Party", ("US",), table=TABLE) == "Democratic Party"


def test_a_country_written_before_the_short_form_decides():
    assert canonical_organisation("US Congress", (), table=TABLE) == "United States Congress"
    assert canonical_organisation("Indian Congress", ("US",), table=TABLE) == "Indian National Congress"
    assert canonical_organisation("French Congress", (), table=TABLE) is None


def test_a_leading_the_dots_and_a_possessive_are_no_part_of_the_compared_name():
    assert alias_key("the F.B.I.'s") == "FBI"
    assert alias_key("The State Department") == "state department"


def test_a_bad_line_names_the_file_the_line_and_the_field():
    with pytest.raises(KnownOrganisationsError, match=r"orgs\.tsv, line 2: field 'country'"):
        parse_table("Good Body\t\t\t\nBad Body\tXX\t\t\n", "orgs.tsv")
    with pytest.raises(KnownOrganisationsError, match=r"orgs\.tsv, line 1: expected 4"):
        parse_table("Short Row\tUS\n", "orgs.tsv")
    with pytest.raises(KnownOrganisationsError, match="needs a country"):
        parse_table("Some Council\t\t\tCouncil\n", "orgs.tsv")


def test_the_shipped_table_reads_and_leaves_parliament_alone_unresolved():
    table = known_organisations()
    assert canonical_organisation("Parliament", ("GB",), table=table) is None
    assert canonical_organisation("Parliament", ("IN",), table=table) is None
    assert canonical_organisation("BJP", (), table=table) == "Bharatiya Janata Party"
    assert canonical_organisation("Bundestag", (), table=table) == "Bundestag"


def test_short_forms_in_a_us_story_become_candidates_under_their_full_names(vocabulary):
    text = (
        "The FBI and the Pentagon said on Monday that Congress would be briefed by the State "
        "Department."
    )
    found = find_actors(text, vocabulary, countries=("United States",))
    assert set(found.candidates) == {
        "Federal Bureau of Investigation", "United States Department of Defense", "United States Congress",
        "United States Department of State",
    }


def test_congress_in_an_indian_story_is_the_indian_national_congress(vocabulary):
    text = "Congress leaders met in Delhi on Friday. The BJP said Congress had failed the farmers of Punjab."
    found = find_actors(text, vocabulary, countries=("India",))
    assert set(found.candidates) == {"Indian National Congress", "Bharatiya Janata Party"}


def test_without_the_story_s_country_congress_stays_as_written(vocabulary):
    text = "The plan goes to Congress on Friday, Anna Ruiz said, and Congress will vote soon."
    assert "United States Congress" in find_actors(text, vocabulary, countries=("US",)).candidates
    assert "United States Congress" not in find_actors(text, vocabulary).candidates


def test_a_short_form_and_the_full_name_are_one_candidate(vocabulary):
    text = (
        "A team from the Federal Bureau of Investigation searched the house on Monday. The FBI said "
        "that the search was over."
    )
    found = find_actors(text, vocabulary, countries=("US",))
    assert found.candidates == ("Federal Bureau of Investigation",)


def test_a_name_the_vocabulary_knows_keeps_the_vocabulary_s_name(vocabulary):
    # actors.yaml lists the Houthis; the table's alias 'Ansar Allah' leads to that actor
    found = find_actors("Ansar Allah fighters fired on the port, a spokesman for Ansar Allah said.", vocabulary)
    assert "Houthis" in found.actors
    assert not any("Ansar" in c for c in found.candidates)


def test_a_one_word_short_form_the_text_writes_in_lower_case_is_left_alone(vocabulary):
    text = "The Fed was quiet. Traders were fed up with waiting, Anna Ruiz said."
    found = find_actors(text, vocabulary, countries=("US",))
    assert "Federal Reserve System" not in found.candidates


def test_a_party_s_members_written_as_a_group_name_the_party_in_its_country(vocabulary):
    text = "Republicans blocked the bill on Friday, and Democrats vowed to bring it back, Anna Ruiz said."
    found = find_actors(text, vocabulary, countries=("US",))
    assert {"Republican Party", "Democratic Party"} <= set(found.candidates)
    assert not {"Republican Party", "Democratic Party"} & set(find_actors(text, vocabulary, countries=("GB",)).candidates)


def test_a_short_form_inside_a_longer_name_is_that_longer_name(vocabulary):
    text = "The Ohio Senate passed the bill, and Senate Majority Leader Anna Ruiz praised it."
    found = find_actors(text, vocabulary, countries=("US",))
    assert "United States Senate" not in found.candidates


def test_a_short_form_opening_a_sentence_is_found_too(vocabulary):
    text = "Congress adjourned on Friday without a vote, Anna Ruiz said."
    found = find_actors(text, vocabulary, countries=("US",))
    assert "United States Congress" in found.candidates


def test_a_body_before_its_officer_s_title_is_named_there(vocabulary):
    text = "On Friday, CIA Director Anna Ruiz resigned after a long inquiry."
    found = find_actors(text, vocabulary, countries=("US",))
    assert "Central Intelligence Agency" in found.candidates


def test_a_fragment_cut_from_a_listed_name_is_that_body(vocabulary):
    text = "Regulators at the Securities and Exchange Commission opened an inquiry on Friday, Anna Ruiz said."
    found = find_actors(text, vocabulary, countries=("US",))
    assert "U.S. Securities and Exchange Commission" in found.candidates
    assert "Exchange Commission" not in found.candidates
