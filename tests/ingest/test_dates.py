"""Dates: a missing year is inferred from the weekday; updates keep their UTC offset."""

from __future__ import annotations

import datetime as dt

from generator.ingest.dates import find_publication_date, find_update, infer_year, zone_offset

REFERENCE = dt.date(2026, 11, 24)


def test_a_weekday_and_day_without_a_year_is_the_latest_such_day_not_after_the_reference():
    # 13 September fell on a Tuesday in 2022 (and 2016, 2011); 2022 is the latest before 2026-11-24
    assert infer_year(9, 13, REFERENCE, weekday=1) == 2022
    found = find_publication_date("", "Clashes in the early hours of Tuesday (13 September) followed ...", REFERENCE)
    assert found is not None and found.date == dt.date(2022, 9, 13)


def test_the_reference_date_decides_between_candidate_years():
    # Tuesday 30 December: 2025 from early 2026, 2014 from before that
    assert infer_year(12, 30, dt.date(2026, 1, 5), weekday=1) == 2025
    assert infer_year(12, 30, dt.date(2025, 12, 29), weekday=1) == 2014


def test_without_a_weekday_the_year_is_the_latest_that_is_not_after_the_reference():
    assert infer_year(12, 30, dt.date(2026, 1, 5)) == 2025
    assert infer_year(1, 2, dt.date(2026, 1, 5)) == 2026


def test_the_latest_day_named_is_the_day_of_writing():
    text = "Shooting started late on Monday evening (12 September) and went on into Tuesday (13 September)."
    assert find_publication_date("", text, REFERENCE).date == dt.date(2022, 9, 13)


def test_a_dateline_above_the_article_wins_over_dates_in_the_text():
    found = find_publication_date("July 24, 2012 12:11 AM", "On Monday (23 July) the group ...", REFERENCE)
    assert found.date == dt.date(2012, 7, 24) and found.how == "dateline"


def test_full_dates_in_common_forms_are_read():
    for text in ("Published 5. November 2023", "on 5 November 2023", "November 5, 2023", "2023-11-05", "05.11.2023"):
        assert find_publication_date("", text, REFERENCE).date == dt.date(2023, 11, 5), text


def test_dates_after_the_reference_day_are_not_publication_dates():
    assert find_publication_date("", "The election is due on 5 November 2027.", REFERENCE) is None


def test_an_update_time_with_a_zone_becomes_a_datetime_with_offset():
    assert find_update("Updated at 1030 CEST/1230 Baku/Yerevan", dt.date(2022, 9, 13)) == dt.datetime(
        2022, 9, 13, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert find_update("Updated July 24, 2012, 9:16 p.m. ET", None).isoformat() == "2012-07-24T21:16:00-04:00"


def test_an_update_time_without_a_zone_is_not_guessed():
    assert find_update("Updated: 08/09/2012 4:25 pm", None) is None


def test_zone_offsets_follow_us_daylight_time_for_et():
    assert zone_offset("ET", dt.date(2022, 1, 10)) == -300
    assert zone_offset("ET", dt.date(2022, 7, 10)) == -240
    assert zone_offset("UTC+4", dt.date(2022, 7, 10)) == 240


# --- date lines and datelines --------------------------------------------------------------

from generator.ingest.dates import dates_in, is_date_line  # noqa: E402
from generator.ingest.text import clean_text  # noqa: E402

LEDE = (
    "Rebels said they had taken two villages overnight, and the army said it had pushed them back "
    "towards the river before dawn, residents reported."
)


def test_a_wire_dateline_without_a_year_gives_the_day_in_the_latest_year_not_after_the_reference():
    found = find_publication_date("", f"KHARTOUM, Nov 18 (Reuters) - {LEDE}", REFERENCE)
    assert found is not None and found.date == dt.date(2026, 11, 18) and found.how == "dateline"
    found = find_publication_date("", f"KHARTOUM, Sunday, Nov 18, 2012 (Reuters) - {LEDE}", REFERENCE)
    assert found is not None and found.date == dt.date(2012, 11, 18)


def test_date_lines_in_the_usual_english_and_iso_forms_are_read():
    assert dates_in("November 18, 2012 4:31 PM ET", REFERENCE)[0][1] == dt.date(2012, 11, 18)
    assert dates_in("18 Nov 2012", REFERENCE)[0][1] == dt.date(2012, 11, 18)
    assert dates_in("2012-11-18T09:22:40Z", REFERENCE)[0][1] == dt.date(2012, 11, 18)
    assert dates_in("Posted: 11/18/2012 10:56 am", REFERENCE)[0][1] == dt.date(2012, 11, 18)
    assert dates_in("Mon, Nov 19, 2012", REFERENCE)[0][1] == dt.date(2012, 11, 19)


def test_a_slashed_date_is_read_day_first_when_the_outlet_writes_day_first_or_the_day_says_so():
    assert dates_in("Posted at 07/11/2012", REFERENCE, day_first=True)[0][1] == dt.date(2012, 11, 7)
    assert dates_in("Posted at 07/11/2012", REFERENCE)[0][1] == dt.date(2012, 7, 11)
    assert dates_in("Posted at 18/11/2012", REFERENCE)[0][1] == dt.date(2012, 11, 18)


def test_a_date_line_gives_a_date_and_little_else_while_a_headline_naming_a_day_is_no_date_line():
    assert is_date_line("Published: July 23, 2012")
    assert is_date_line("Aug 9, 2012 · 13 Comments")
    assert is_date_line("9:49am, EDT")
    assert not is_date_line("Nov. 5: Late Poll Gains for the Governor Leave His Rival With Longer Odds")
    assert not is_date_line("Rebels take two villages near the river")


def test_a_date_copied_one_part_a_line_is_read_whole():
    text = "\n".join(["Home", "World", "24", "Jul", "2012", "9:49am, EDT", "Rebels take two villages near the river", LEDE, LEDE + " More."])
    cleaned = clean_text(text)
    found = find_publication_date(cleaned.dateline, cleaned.plain, REFERENCE)
    assert found is not None and found.date == dt.date(2012, 7, 24)


def test_the_date_by_the_headline_beats_a_date_in_the_sidebar():
    text = "\n".join([
        "Most read", "Markets close higher", "March 1, 2021", "Rebels take two villages near the river",
        "By Jane Example", "March 3, 2021", LEDE, LEDE + " More.",
    ])
    cleaned = clean_text(text)
    found = find_publication_date(cleaned.dateline, cleaned.plain, REFERENCE)
    assert found is not None and found.date == dt.date(2021, 3, 3)


from generator.ingest.dates import date_by_headline, day_first_for  # noqa: E402
from generator.ingest.html import visible_date  # noqa: E402

HEADLINE = "Rebels take two villages near the river"


def test_the_date_under_the_headline_is_read_and_teasers_below_the_article_are_not():
    lines = ["Menu", HEADLINE, "By", "JANE EXAMPLE", "Published: March 3, 2021", LEDE, "More news", "March 9, 2021"]
    assert date_by_headline(lines, 1, REFERENCE) == dt.date(2021, 3, 3)
    teasers = [HEADLINE, "in World, Politics, Conflict and its consequences", "Other story: talks stall again", "March 9, 2021"]
    assert date_by_headline(teasers, 0, REFERENCE) is None


def test_a_relative_date_under_the_headline_means_no_visible_date_rather_than_a_teasers():
    lines = [HEADLINE, "4 months ago", "Music", "March 9, 2021"]
    assert date_by_headline(lines, 0, REFERENCE) is None


def test_an_ambiguous_slashed_date_follows_the_domain_or_else_the_metadata_day():
    lines = [HEADLINE, "Posted at 07/11/2012 2:22 AM"]
    assert day_first_for("https://news.example.co.uk/a") is True
    assert day_first_for("https://news.example.ph/a") is False
    assert day_first_for("https://news.example.com/a") is None
    assert date_by_headline(lines, 0, REFERENCE, day_first=True) == dt.date(2012, 11, 7)
    assert date_by_headline(lines, 0, REFERENCE, day_first=False) == dt.date(2012, 7, 11)
    assert date_by_headline(lines, 0, REFERENCE, near=dt.date(2012, 11, 5)) == dt.date(2012, 11, 7)


def test_on_a_saved_page_the_date_by_the_headline_beats_a_print_day_in_the_address_and_a_widget():
    html = f"""<html><head><title>{HEADLINE}</title></head><body>
    <div class="markets"><p>As of closing November 05, 2012</p></div>
    <h1>{HEADLINE}</h1><p>By Jane Example</p><p>Published: March 3, 2021</p><p>{LEDE}</p></body></html>"""
    url = "https://news.example.com/2021/03/04/world/rebels-take-villages.html"
    assert visible_date(html, HEADLINE, url, REFERENCE, near=dt.date(2021, 3, 4)) == dt.date(2021, 3, 3)
    assert visible_date(html, "", url, REFERENCE) is None


def test_a_weekday_before_a_numeric_date_decides_which_number_is_the_month():
    # 6 November 2012 was a Tuesday, 11 June 2012 a Monday
    assert dates_in("Tuesday, 11.06.2012 4:54 PM", REFERENCE)[0][1] == dt.date(2012, 11, 6)
    assert dates_in("Monday, 11.06.2012", REFERENCE)[0][1] == dt.date(2012, 6, 11)
    assert dates_in("Tuesday 06/11/2012", REFERENCE)[0][1] == dt.date(2012, 11, 6)


def test_a_visible_date_without_a_year_takes_the_year_of_the_metadata_day():
    lines = [HEADLINE, "Aug 09 1:44p by Jane Example"]
    assert date_by_headline(lines, 0, REFERENCE, near=dt.date(2012, 8, 9)) == dt.date(2012, 8, 9)
    assert date_by_headline(lines, 0, REFERENCE) == dt.date(2026, 8, 9)


def test_a_byline_without_a_year_does_not_shift_the_year_of_the_date_line_after_it():
    lines = ["Energy", "31 October 2023", "By Jane Example", HEADLINE]
    assert date_by_headline(lines, 3, REFERENCE, near=dt.date(2023, 10, 3)) == dt.date(2023, 10, 31)


# --- dates in other languages and calendars' ways of writing -----------------------------

def test_a_date_in_chinese_japanese_or_korean_characters_is_read_without_a_time():
    from generator.ingest.dates import dates_in

    assert dates_in("新华社北京2024年3月5日电", REFERENCE)[0][1] == dt.date(2024, 3, 5)
    assert dates_in("発行日：2024年 3月 5日（火）", REFERENCE)[0][1] == dt.date(2024, 3, 5)
    assert dates_in("입력 2024년 3월 5일", REFERENCE)[0][1] == dt.date(2024, 3, 5)


def test_a_chinese_japanese_or_korean_date_without_its_year_takes_the_latest_year():
    from generator.ingest.dates import dates_in

    assert dates_in("[6月24日 11時30分]", REFERENCE)[0][1] == dt.date(2026, 6, 24)
    assert dates_in("3월 5일 입력", dt.date(2024, 12, 1))[0][1] == dt.date(2024, 3, 5)


def test_a_date_written_year_first_is_year_month_day_in_any_locale():
    from generator.ingest.dates import dates_in

    assert dates_in("2024/3/5 10:12", REFERENCE)[0][1] == dt.date(2024, 3, 5)
    assert dates_in("기사입력 2024.03.05.", REFERENCE)[0][1] == dt.date(2024, 3, 5)
    assert dates_in("Közzétéve: 2024. március 5.", REFERENCE)[0][1] == dt.date(2024, 3, 5)


def test_month_names_of_other_languages_are_read_in_their_usual_forms():
    from generator.ingest.dates import dates_in

    written = {
        "5 de marzo de 2024": "Spanish, with its 'de'", "5 de março de 2024": "Portuguese",
        "5 marca 2024 r.": "Polish genitive", "5 марта 2024 года": "Russian genitive",
        "5 مارس 2024": "Arabic (Egypt)", "5 آذار 2024": "Arabic (Levant)", "5 Mart 2024": "Turkish",
        "Publié le 5 mars 2024": "French", "5. März 2024": "German", "5 maart 2024": "Dutch",
    }
    for text, language in written.items():
        assert [d for _, d in dates_in(text, REFERENCE)] == [dt.date(2024, 3, 5)], language


def test_a_three_letter_abbreviation_of_another_language_is_a_month_only_with_its_year():
    from generator.ingest.dates import dates_in

    assert dates_in("05 oct 2024 - 10:30 CEST", REFERENCE)[0][1] == dt.date(2024, 10, 5)
    assert dates_in("Aktualisiert am 5. Okt. 2024", REFERENCE)[0][1] == dt.date(2024, 10, 5)
    assert dates_in("5 dic 2023", REFERENCE)[0][1] == dt.date(2023, 12, 5)
    assert dates_in("5 set 2024", REFERENCE)[0][1] == dt.date(2024, 9, 5)  # Italian, Portuguese
    assert dates_in("They set 5 records", REFERENCE) == []  # without a year, a word


def test_a_thai_date_of_the_buddhist_era_is_read_in_the_common_era():
    from generator.ingest.dates import dates_in

    assert dates_in("5 มีนาคม 2567", REFERENCE)[0][1] == dt.date(2024, 3, 5)  # 2567 - 543
    assert dates_in("วันที่ 5/3/2567", REFERENCE, day_first=True)[0][1] == dt.date(2024, 3, 5)
    assert dates_in("5 मार्च 2024", REFERENCE)[0][1] == dt.date(2024, 3, 5)  # Hindi, its vowel signs in the name


def test_a_day_and_month_followed_by_a_year_of_another_calendar_get_no_year_of_ours():
    from generator.ingest.dates import dates_in

    # 1403 is a year of the Persian calendar: guessing 2026 for "5 March" would be wrong
    assert dates_in("5 March 1403", REFERENCE) == []
    assert dates_in("Tuesday 5 March 1403", REFERENCE) == []
    # a weekday before a full date is that date, not a weekday-and-day of another year
    found = find_publication_date("", "Posted on Tuesday, Nov. 13, 2012, at 2:50 PM by the desk.", REFERENCE)
    assert found.date == dt.date(2012, 11, 13)


def test_a_date_of_the_persian_calendar_is_converted_exactly():
    from generator.ingest.dates import dates_in, from_persian

    assert from_persian(1403, 1, 1) == dt.date(2024, 3, 20)  # Nowruz, the March equinox
    assert from_persian(1403, 12, 30) == dt.date(2025, 3, 20)  # the leap day of a leap year
    assert from_persian(1357, 11, 22) == dt.date(1979, 2, 11)
    assert dates_in("۲۶ فروردین ۱۴۰۳ - ۱۰:۳۰", REFERENCE)[0][1] == dt.date(2024, 4, 14)
    assert dates_in("31 مهر 1403", REFERENCE) == []  # Mehr has 30 days
    assert dates_in("تیر 5", REFERENCE) == []  # "Tir" is also a word (arrow): not without its year


def test_eastern_arabic_digits_are_read_as_digits():
    from generator.ingest.dates import dates_in

    assert dates_in("١٢ كانون الثاني ٢٠٢٤", REFERENCE)[0][1] == dt.date(2024, 1, 12)
    assert dates_in("۱۲ ژانویه ۲۰۲۴", REFERENCE)[0][1] == dt.date(2024, 1, 12)


def test_a_word_before_a_number_is_no_date_unless_it_names_a_month():
    from generator.ingest.dates import dates_in, is_date_line

    assert dates_in("See page 12 of 2012 and chapter 5, 2013", REFERENCE) == []
    assert not is_date_line("Chapter 12 tells the story of the long talks between the parties and what they agreed")
    # a weekday before the month is not taken for part of the month's name
    assert dates_in("Monday September 13, 2022", REFERENCE)[0][1] == dt.date(2022, 9, 13)


def test_a_name_that_is_one_month_in_one_language_and_another_in_another_is_not_read():
    from generator.ingest.dates import month_number_of

    # Czech "listopad" is November, Croatian "listopad" October: without the language, neither
    assert month_number_of("listopad") is None
    assert month_number_of("listopadu") == 11 and month_number_of("studenoga") == 11  # Czech, Croatian genitives


def test_a_slashed_date_follows_the_page_languages_order_on_a_generic_domain():
    from generator.ingest.dates import day_first_for

    assert day_first_for("https://example.com/a", "fr") is True  # 07/11/2012: 7 November
    assert day_first_for("https://example.com/a", "fil") is False
    assert day_first_for("https://example.com/a", "en") is None  # English is written both ways
    assert day_first_for("https://example.com/a", "zh") is None  # year first: no rule for d/m/y
    assert day_first_for("https://example.us/a", "es") is False  # the domain's country first
    # an outlet on a generic domain writes as its home country does (data/outlets.tsv)
    assert day_first_for("https://www.hindustantimes.com/world/a") is True
    assert day_first_for("https://www.nytimes.com/2012/07/11/a") is False
    found = find_publication_date("Publicado el 07/11/2012", "", REFERENCE, day_first_for("https://example.com", "es"))
    assert found.date == dt.date(2012, 11, 7)
