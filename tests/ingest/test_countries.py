"""Countries from names, aliases, demonyms and places; the ones an article is about."""

from __future__ import annotations

import pycountry

from generator.ingest.countries import DEMONYMS, ISO_NAMES, country_matcher, locate, outlet_country
from generator.taxonomy import parse_regions


def central(title: str, body: str, vocabulary, outlet: str = "") -> list[str]:
    return list(locate(title, body, vocabulary, outlet).countries)


# --- the vocabulary ---------------------------------------------------------------------

def test_every_country_of_iso_3166_is_in_a_region(vocabulary):
    codes = {c.iso_code for c in vocabulary.countries.values()}
    missing = {c.alpha_2 for c in pycountry.countries} - codes
    assert missing == {"AQ"}  # Antarctica: no country, no region
    assert vocabulary.country("Australia").region == "Oceania"
    assert vocabulary.country("Bolivia").region == "Americas"
    assert vocabulary.country("Czech Republic").region == "Western Europe"
    assert vocabulary.country("Zimbabwe").region == "Southern Africa"


def test_every_demonym_and_iso_name_leads_to_a_country_of_the_vocabulary(vocabulary):
    assert [d for d, c in DEMONYMS.items() if vocabulary.country(c) is None] == []
    assert [n for n, c in ISO_NAMES.items() if vocabulary.country(c) is None] == ["Antarctica"]


# --- mentions ---------------------------------------------------------------------------

def test_names_aliases_and_demonyms_are_found(vocabulary):
    text = "The Armenian side and the Azerbaijani ministry; the Republic of Moldova; the US and the UAE."
    found = {m.name for m in country_matcher(vocabulary).find(text)}
    assert found == {"Armenia", "Azerbaijan", "Moldova", "United States", "United Arab Emirates"}


def test_plural_demonyms_are_found():
    vocabulary, _ = parse_regions("- name: Levant\n  countries: [Syria, Iraq]\n", "regions.yaml")
    found = [m.name for m in country_matcher(vocabulary).find("Syrians and Iraqis crossed.")]
    assert found == ["Syria", "Iraq"]


def test_countries_outside_the_vocabulary_are_still_seen_but_marked_unknown():
    vocabulary, _ = parse_regions("- name: Caucasus\n  countries: [Armenia]\n", "regions.yaml")
    [mention] = country_matcher(vocabulary).find("Talks were held in Portugal.")
    assert mention.name == "Portugal" and not mention.known


def test_names_that_are_also_first_names_or_lower_case_words_are_not_countries(vocabulary):
    assert country_matcher(vocabulary).find("Jordan Peterson ate turkey in georgia.") == []
    assert country_matcher(vocabulary).find("Customers of Jersey Central Power lost power.") == []


def test_a_country_inside_a_place_name_is_not_that_country(vocabulary):
    body = "Storms hit New Mexico and New Jersey overnight. New Mexico's governor spoke in Santa Fe."
    assert central("Storms in the Southwest", body, vocabulary) == ["United States"]


# --- the countries an article is about -------------------------------------------------

def test_the_headline_outweighs_passing_mentions_in_the_body(vocabulary):
    body = "Rivers rose across the country on Monday and roads were cut. " * 8 + "Aid came from Peru. Peru sent a plane."
    assert central("Floods in Bolivia leave thousands homeless", body, vocabulary) == ["Bolivia", "Peru"]
    assert central("Floods leave thousands homeless", body, vocabulary) == ["Peru"]


def test_the_lede_outweighs_the_end_of_the_body(vocabulary):
    body = "Ghana's parliament passed the budget on Tuesday. " + "The vote was close. " * 30 + "Togo passed its own last year."
    assert locate("Budget passed", body, vocabulary).weights == (("Ghana", 2.0), ("Togo", 1.0))


def test_a_domestic_story_is_placed_by_its_states_and_cities(vocabulary):
    body = "Voters in Ohio and Pennsylvania lined up early. In Cleveland, lines stretched for blocks; Columbus was calmer."
    assert central("Long lines at the polls", body, vocabulary) == ["United States"]


def test_institutions_name_their_country(vocabulary):
    body = "The Lok Sabha passed the bill after a long debate, and the Rajya Sabha is expected to follow."
    assert central("Parliament passes land bill", body, vocabulary) == ["India"]


def test_georgia_is_the_us_state_among_american_places(vocabulary):
    body = "The storm reached Savannah on Monday. Georgia officials closed schools, and Florida was spared."
    assert central("Storm hits the coast", body, vocabulary) == ["United States"]


def test_georgia_among_american_places_counts_nothing_for_the_country(vocabulary):
    body = "Savannah and Atlanta braced as Georgia officials closed schools in Georgia."
    assert [c for c, _ in locate("Storm hits", body, vocabulary).weights] == ["United States"]


def test_georgia_is_the_country_among_caucasian_places(vocabulary):
    body = "Protesters marched in Tbilisi. Georgia's government said the rally was illegal."
    assert central("Protests in the capital", body, vocabulary) == ["Georgia"]


def test_a_subdivision_shared_by_two_countries_is_decided_by_the_rest_of_the_article(vocabulary):
    assert central("Farmers protest", "Farmers in Punjab blocked roads to Lahore. Punjab police said.", vocabulary) == ["Pakistan"]
    assert central("Farmers protest", "Farmers in Punjab blocked roads to Amritsar. Punjab police said.", vocabulary) == ["India"]
    assert central("Farmers protest", "Farmers in Punjab blocked roads. Punjab police said.", vocabulary) == []


def test_a_place_followed_by_its_state_or_country_is_that_one(vocabulary):
    body = "The fair in Paris, Texas drew crowds. Paris, Texas has 25,000 people."
    assert central("A small-town fair", body, vocabulary) == ["United States"]
    body = "Floods reached Hyderabad, Pakistan on Monday. Hyderabad officials opened shelters."
    assert locate("Floods reach the city", body, vocabulary).weights[0][0] == "Pakistan"


def test_a_story_that_names_a_country_once_in_passing_is_about_no_country(vocabulary):
    body = (
        "The company released a new phone with a larger screen and a faster chip. "
        "Reviewers praised the battery. " * 10 + "It is assembled in China."
    )
    assert central("New phone has a bigger screen", body, vocabulary) == []


def test_a_country_named_once_in_passing_is_not_central(vocabulary):
    body = (
        "Kenya's election commission announced the results in Nairobi. Kenyan voters waited for hours. "
        "Kenya's president conceded. An observer from Uganda praised the count."
    )
    assert central("Kenya election results announced", body, vocabulary) == ["Kenya"]


def test_the_outlets_country_decides_namesakes_but_finds_nothing_alone(vocabulary):
    body = "Farmers in Punjab blocked roads. Punjab police said the protest would go on."
    assert central("Farmers protest", body, vocabulary, outlet="IN") == ["India"]
    assert central("Markets rose", "Stocks rose on Monday as investors bought shares.", vocabulary, outlet="IN") == []


def test_the_outlets_country_comes_from_its_domain():
    assert outlet_country("https://www.bbc.co.uk/news/world-123") == "GB"
    assert outlet_country("http://timesofindia.example.in/x") == "IN"
    assert outlet_country("https://www.nytimes.com/2012/07/24/world") == "US"  # data/outlets.tsv
    assert outlet_country("https://example.tv/story") == ""  # a country code sold as a generic name
    assert outlet_country("https://www.reuters.com/world") == ""  # an international wire


def test_a_dateline_counts_as_one_body_mention_of_its_country(vocabulary):
    body = "KABUL (Reuters) - Gunmen attacked a checkpoint overnight. Afghan officials said three died."
    assert locate("Checkpoint attacked", body, vocabulary).weights == (("Afghanistan", 2.0),)
    assert central("Checkpoint attacked", body, vocabulary) == ["Afghanistan"]


def test_an_institution_named_like_a_town_elsewhere_is_decided_by_the_article(vocabulary):
    uk = "MPs at Westminster delayed the vote. The prime minister said Scotland would be consulted."
    assert central("Vote delayed", uk, vocabulary) == ["United Kingdom"]
    us = "Council members in Westminster, Colorado delayed the vote. Denver officials said."
    assert central("Vote delayed", us, vocabulary) == ["United States"]


# --- seas, bodies and short forms of bodies --------------------------------------------

def test_a_sea_named_like_a_subdivision_names_no_country(vocabulary):
    body = "Rebels fired missiles at cargo ships in the Red Sea on Tuesday. Red Sea shipping fell by half."
    assert central("Ships attacked at sea", body, vocabulary) == []


def test_a_country_in_the_name_of_a_sea_is_not_that_country(vocabulary):
    body = "Oil from the leaking well in the Gulf of Mexico reached Louisiana, and Texas closed beaches."
    assert [c for c, _ in locate("Oil reaches the coast", body, vocabulary).weights] == ["United States"]


def test_a_delta_that_holds_a_neighbours_name_is_its_own_countrys(vocabulary):
    body = "Militants in the Niger Delta blew up a pipeline. The Niger Delta produces most of the oil."
    assert central("Pipeline attacked", body, vocabulary) == ["Nigeria"]


def test_a_well_known_body_of_one_country_names_it_weakly(vocabulary):
    body = "The FDA approved the pill on Monday. The FDA said trials showed fewer side effects."
    assert central("Regulator approves arthritis pill", body, vocabulary) == ["United States"]
    # weaker than an institution that stands for the state ("the Kremlin")
    [(_, fda)] = locate("Pill approved", "The FDA approved it.", vocabulary).weights
    [(_, kremlin)] = locate("Pill approved", "The Kremlin approved it.", vocabulary).weights
    assert fda < kremlin


def test_a_bodys_name_that_holds_its_country_counts_once_as_that_country(vocabulary):
    body = "The U.S. Environmental Protection Agency fined the company."
    assert locate("Company fined", body, vocabulary).weights == (("United States", 2.0),)


def test_a_short_form_used_only_at_home_counts_for_the_country_the_article_points_to(vocabulary):
    body = "India's Congress walked out of parliament in New Delhi. Congress leaders said they would return."
    support = locate("Opposition walks out", body, vocabulary).support
    assert [(country, words) for country, words, _, _ in support] == [("India", "India"), ("India", "Congress"), ("India", "New Delhi"), ("India", "Congress")]
    nigeria = "Nigeria's Senate passed the budget in Abuja. The Senate president said the Senate had acted."
    assert [c for c, _ in locate("Budget passed", nigeria, vocabulary).weights] == ["Nigeria"]
    # not even in an American paper: the story names its country, whose Senate is not listed
    assert [c for c, _ in locate("Budget passed", nigeria, vocabulary, "US").weights] == ["Nigeria"]


def test_a_short_form_used_only_at_home_finds_no_country_alone_but_the_outlets(vocabulary):
    body = "Congress passed the budget on Tuesday. Congress will vote on taxes next."
    assert central("Budget passed", body, vocabulary) == []
    assert central("Budget passed", body, vocabulary, outlet="US") == ["United States"]
    assert central("Budget passed", body, vocabulary, outlet="IN") == ["India"]
    assert central("Budget passed", body, vocabulary, outlet="KE") == []  # no Congress of Kenya is listed


def test_an_area_named_like_a_small_subdivision_abroad_is_decided_by_the_article(vocabulary):
    # Long Island is a district of the Bahamas too: alone it is neither
    body = "Flooding on Long Island cut power to thousands, and New York City opened shelters."
    assert central("Storm floods homes", body, vocabulary) == ["United States"]
    assert "Bahamas" not in central("Storm floods homes", "Flooding on Long Island cut power to thousands.", vocabulary)


def test_a_name_the_body_uses_for_a_person_is_no_place_in_a_title_case_headline(vocabulary):
    # Blackburn is a town in England; "Marsha Blackburn" in the body says who is meant
    body = "Marsha Blackburn told reporters in Nashville that the plan would fail. Blackburn said she would vote no."
    assert "United Kingdom" not in dict(locate("Marsha Blackburn Rejects The Budget Plan", body, vocabulary).weights)


def test_a_body_whose_work_is_abroad_is_no_evidence_of_where_the_story_is(vocabulary):
    body = ("The Defense Department said a soldier died near Raqqa on Monday. The DoD and the Pentagon "
            "would investigate, the State Department said, and the U.S. Army named him.")
    assert [c for c, _ in locate("Soldier dies in Syria", body, vocabulary).weights] == ["Syria", "United States"]
    assert dict(locate("Soldier dies in Syria", body, vocabulary).weights)["United States"] == 2.0  # the lede's "U.S." alone


# --- country names in the article's language ----------------------------------------------

def test_an_article_in_another_language_is_filed_by_the_countries_it_names_in_that_language(vocabulary):
    german = "In Tschad gab es Proteste. Tschad grenzt an Libyen; die Regierung in Tschad schwieg."
    assert list(locate("Proteste in Tschad", german, vocabulary, language="de").countries) == ["Chad"]
    # the same words read as English name no country: the names come with the language
    assert list(locate("Proteste in Tschad", german, vocabulary).countries) == []
    french = "Les États-Unis ont salué l'accord. Washington et les États-Unis attendent le vote au Congrès."
    assert list(locate("Les États-Unis saluent l'accord", french, vocabulary, language="fr").countries)[:1] == ["United States"]


def test_names_in_scripts_without_spaces_or_with_attached_particles_are_found(vocabulary):
    chinese = "玻利维亚首都拉巴斯周一爆发大规模抗议。玻利维亚政府表示将进行对话。"
    assert list(locate("玻利维亚发生抗议", chinese, vocabulary, language="zh").countries) == ["Bolivia"]
    korean = "볼리비아에서 대규모 시위가 일어났다. 볼리비아의 정부는 대화를 제안했다."  # -에서 "in", -의 "of"
    assert list(locate("볼리비아 시위", korean, vocabulary, language="ko").countries) == ["Bolivia"]
    arabic = "خرج آلاف المتظاهرين في تشاد يوم الاثنين. وقالت حكومة تشاد إن الوضع هادئ. ولتشاد حدود طويلة."  # و "and", ل "to"
    found = locate("احتجاجات في تشاد", arabic, vocabulary, language="ar")
    assert list(found.countries) == ["Chad"] and len([m for m in found.mentions if m.name == "Chad"]) == 4


def test_a_country_name_that_is_also_a_first_name_is_no_country_before_a_surname(vocabulary):
    # "Maurice" is Mauritius in French, and a first name
    text = "Maurice Papon a été jugé à Bordeaux. Maurice Papon était préfet de police en France."
    assert "Mauritius" not in locate("Le procès de Maurice Papon", text, vocabulary, language="fr").countries
    assert [m.name for m in country_matcher(vocabulary, "fr").find("Le port de Maurice, et l'île Maurice.")] == ["Mauritius"] * 2


# --- bodies whose name says no country by itself -------------------------------------------

def test_a_movement_named_by_its_creed_points_to_no_country_of_its_own(vocabulary):
    # "Maoists" fight in India, Nepal, Peru and the Philippines: the word is no evidence of India
    text = ("Maoists ambushed a patrol in the hills, killing five soldiers, officials said. "
            "The Maoists have fought the government for four decades.")
    assert "India" not in locate("Maoists ambush patrol", text, vocabulary).countries


def test_a_party_name_that_parties_of_two_countries_bear_is_only_a_hint(vocabulary):
    from generator.ingest.places import load_gazetteer

    # the Democratic Party of the United States and of Italy
    assert {(e.iso, e.kind) for e in load_gazetteer().names["Democratic Party"]} == {("US", "national"), ("IT", "national")}
    text = ("The Democratic Party won the regional vote on Sunday, its leader said. "
            "The Democratic Party will now lead talks on a coalition in Rome.")
    assert list(locate("Democratic Party wins regional vote", text, vocabulary).countries)[:1] == ["Italy"]


def test_a_city_named_in_the_articles_language_counts_for_its_country_as_a_city(vocabulary):
    german = "Die Regierung in Moskau hat am Montag neue Sanktionen angekündigt. Ein Sprecher sagte, man werde reagieren."
    found = locate("Moskau kündigt Sanktionen an", german, vocabulary, language="de")
    assert list(found.countries) == ["Russia"] and {kind for _, _, kind, _ in found.support} == {"city"}
    arabic = "وقع انفجار في القاهرة صباح اليوم. وقالت الشرطة في القاهرة إن التحقيق جار."  # Cairo
    assert list(locate("انفجار في القاهرة", arabic, vocabulary, language="ar").countries) == ["Egypt"]


def test_in_a_language_of_cases_a_name_is_found_with_its_ending(vocabulary):
    russian = "Власти Казахстана эвакуировали жителей. В Казахстане объявлен режим ЧС; помощь пришла из России."
    found = locate("Паводки в Казахстане", russian, vocabulary, language="ru")
    assert list(found.countries)[:1] == ["Kazakhstan"] and "Казахстана" in {m.surface for m in found.mentions}
    finnish = country_matcher(vocabulary, "fi").find("Venäjällä ja Suomessa")  # -llä "on", -ssa "in"
    assert [m.name for m in finnish] == ["Russia", "Finland"]
    hungarian = country_matcher(vocabulary, "hu").find("Oroszországban")  # -ban "in": Hungarian's own suffix
    assert [m.name for m in hungarian] == ["Russia"]


def test_a_word_that_only_begins_like_a_name_is_not_its_declined_form(vocabulary):
    # "Франциск" (Francis) begins as "Франция" (France) does, but "-ск" is no case ending;
    # English names are matched as written, in any language
    assert [m.name for m in country_matcher(vocabulary, "ru").find("Папа Франциск прибыл в Рим.")] == ["Italy"]  # Rome
    assert [m.surface for m in country_matcher(vocabulary, "pl").find("Chinas Premier, Chinese")] == ["Chinese"]


def test_in_a_language_with_a_genitive_ending_a_name_is_found_with_it(vocabulary):
    # German "Frankreichs" (of France), Swedish "Sveriges" (of Sweden); German capitalises
    # its nouns, so the capital after the name ("Präsident") says nothing of the name
    german = [m.name for m in country_matcher(vocabulary, "de").find("Partner Frankreichs, Russlands Präsident, Chinas")]
    assert german == ["France", "Russia", "China"]
    assert [m.name for m in country_matcher(vocabulary, "sv").find("Sveriges regering")] == ["Sweden"]
