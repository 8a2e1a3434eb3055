"""Charts: periods, scales, counting, and SVG that carries scraped names only as text."""

from __future__ import annotations

import datetime as dt
import re

from generator.charts import (
    Period, co_actors_svg, nice_ticks, periods_between, plan_co_actors, plan_timeline, timeline_description,
    timeline_svg,
)
from sitecheck import scan_html


def test_periods_run_month_by_month_across_year_ends_including_empty_months():
    periods = periods_between(dt.date(2022, 11, 14), dt.date(2023, 2, 1))
    assert [p.key for p in periods] == ["2022-11", "2022-12", "2023-01", "2023-02"]
    assert periods[0].label == "November 2022"


def test_spans_over_eight_years_are_drawn_by_year():
    periods = periods_between(dt.date(2010, 5, 1), dt.date(2024, 1, 1))
    assert [p.key for p in periods] == [str(year) for year in range(2010, 2025)]
    assert periods_between(dt.date(2016, 1, 1), dt.date(2023, 12, 31))[0].month == 1  # 96 months: still monthly


def test_the_scale_has_whole_steps_of_one_two_or_five_and_reaches_the_largest_count():
    assert nice_ticks(0) == (0, 1)
    assert nice_ticks(1) == (0, 1)
    assert nice_ticks(3) == (0, 1, 2, 3)
    assert nice_ticks(7) == (0, 2, 4, 6, 8)
    assert nice_ticks(23) == (0, 5, 10, 15, 20, 25)
    assert nice_ticks(101) == (0, 50, 100, 150)
    for largest in range(1, 400):
        ticks = nice_ticks(largest)
        assert ticks[-1] >= largest and len(ticks) <= 6 and ticks[1] - ticks[0] in (1, 2, 5, 10, 20, 50, 100)


def test_a_timeline_counts_per_period_and_series_and_links_only_periods_with_briefings():
    periods = periods_between(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    dated = [(dt.date(2024, 1, 5), "East"), (dt.date(2024, 1, 20), "West"), (dt.date(2024, 3, 2), "East")]
    timeline = plan_timeline(dated, periods, lambda p: f"archive/{p.key}/", series_order=("East", "West"))
    assert [(bar.period.key, bar.counts, bar.target) for bar in timeline.bars] == [
        ("2024-01", (1, 1), "archive/2024-01/"),
        ("2024-02", (0, 0), None),
        ("2024-03", (1, 0), "archive/2024-03/"),
    ]
    assert timeline.ticks == (0, 1, 2)
    assert timeline_description(timeline) == (
        "3 briefings per month from January 2024 to March 2024, in 2 of 3 months; the most, 2, in January 2024."
    )


def test_bar_heights_are_proportional_to_counts_on_the_drawn_scale():
    periods = periods_between(dt.date(2024, 1, 1), dt.date(2024, 4, 30))
    dated = [(dt.date(2024, 1, 1), "")] * 7 + [(dt.date(2024, 3, 1), "")] * 3
    timeline = plan_timeline(dated, periods, lambda p: f"a/{p.key}/index.html")
    drawn = timeline_svg(timeline, lambda path: path, "t", "Title")
    heights = {int(c): float(h) for h, c in re.findall(r'height="([\d.]+)" data-count="(\d+)"', drawn)}
    assert set(heights) == {7, 3}
    grid = sorted(float(y) for y in re.findall(r'<line class="grid" [^>]*y1="([\d.]+)"', drawn))
    per_briefing = (grid[-1] - grid[0]) / timeline.ticks[-1]  # from the top grid line to the baseline
    assert abs(heights[7] - 7 * per_briefing) < 0.1 and abs(heights[3] - 3 * per_briefing) < 0.1


def test_scraped_names_in_charts_stay_text():
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    periods = (Period(2024, 1),)
    timeline = plan_timeline([(dt.date(2024, 1, 1), hostile)], periods, lambda p: "x/index.html", (hostile,))
    chart = plan_co_actors(hostile, [(hostile, 2, "actors/x/index.html")])
    for drawn in (timeline_svg(timeline, lambda p: p, "t", hostile), co_actors_svg(chart, lambda p: p, "c", hostile)):
        scan = scan_html(drawn)
        assert scan.scripts == [] and scan.event_attributes == []
        assert "&lt;script&gt;" in drawn and "<img" not in drawn


def test_co_actor_rows_keep_their_order_and_long_names_are_shortened_only_on_the_picture():
    long_name = "Coalition to Restore Legitimacy in Yemen and Its Many Partners Abroad"
    chart = plan_co_actors("A", [(long_name, 3, "actors/c/index.html"), ("B", 1, "actors/b/index.html")])
    assert [(r.name, r.count) for r in chart.rows] == [(long_name, 3), ("B", 1)]
    drawn = co_actors_svg(chart, lambda p: p, "c", "t")
    assert f'data-name="{long_name}"' in drawn and f">{long_name}<" not in drawn and "…" in drawn


def test_svg_text_is_escaped_as_markupsafe_escapes_it():
    import markupsafe

    from generator import svg

    for value in ["Tom & Jerry's <b>\"show\"</b>", "plain", 42, 2.5, markupsafe.Markup("<i>kept?</i>")]:
        assert svg.esc(value) == str(markupsafe.escape(str(value)))
    assert svg.esc(markupsafe.Markup("<i>")) == "&lt;i&gt;"  # markup from content is escaped all the same


def test_timelines_over_the_same_periods_count_each_their_own_briefings():
    periods = periods_between(dt.date(2024, 1, 1), dt.date(2024, 3, 31))  # one tuple for all, as a site's
    first = plan_timeline([(dt.date(2024, 2, 9), "")], periods, lambda p: p.key)
    second = plan_timeline([(dt.date(2024, 3, 1), ""), (dt.date(2023, 12, 31), "")], periods, lambda p: p.key)
    assert [bar.counts for bar in first.bars] == [(0,), (1,), (0,)]
    assert [bar.counts for bar in second.bars] == [(0,), (0,), (1,)]  # a day outside the periods is not counted
    listed = [Period(2024, 3), Period(2024, 1), Period(2024, 3)]  # a list, in any order, a period twice
    assert [(bar.period, bar.counts) for bar in plan_timeline([(dt.date(2024, 3, 5), "")], listed, str).bars] == [
        (Period(2024, 3), (1,)), (Period(2024, 1), (0,)),
    ]
