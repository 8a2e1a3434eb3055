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
