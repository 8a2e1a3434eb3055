"""Bar charts as SVG: briefings per month (timelines) and co-mentioned actors.

Each chart is planned by a pure function into a frozen dataclass holding the
numbers drawn (tests compare them with counts made from the content), then
drawn by a `*_svg` function with the page's `link()`.

Text size: an SVG scales with its box, so on a phone a chart drawn for 640
units shrinks its labels to half. site.css enlarges `.picture-svg text` on
narrow screens instead, and the layouts below leave room for the larger size
(`NARROW_FONT`), hiding the month labels (class "minor") there.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from generator import svg

MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Tableau 10: told apart by most colour-blind readers, legible on light and dark paper.
SERIES_FILLS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)
INK = "#4a5568"
GRID = "#d9dee4"

TIMELINE_WIDTH, TIMELINE_HEIGHT = 640, 230
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 46, 8, 10, 44
NARROW_FONT = 22  # units: the label size site.css sets on narrow screens
MONTHS_UP_TO = 96  # longer spans are drawn by year
MONTH_LABELS_UP_TO = 18  # month abbreviations fit under the bars up to this many


@dataclass(frozen=True, order=True)
class Period:
    """A month (month 1-12) or a whole year (month 0)."""

    year: int
    month: int = 0

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}" if self.month else str(self.year)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    def next(self) -> "Period":
        if not self.month:
            return Period(self.year + 1)
        return Period(self.year + self.month // 12, self.month % 12 + 1)


def period_of(day: dt.date, by_month: bool) -> Period:
    return Period(day.year, day.month) if by_month else Period(day.year)


def periods_between(first: dt.date, last: dt.date) -> tuple[Period, ...]:
    """Every month from first to last (or every year when that is over MONTHS_UP_TO
    months), empty ones included: a gap in coverage is information too."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    by_month = months <= MONTHS_UP_TO
    period, end, periods = period_of(first, by_month), period_of(last, by_month), []
    while period <= end:
        periods.append(period)
        period = period.next()
    return tuple(periods)


@dataclass(frozen=True)
class TimelineBar:
    period: Period
    counts: tuple[int, ...]  # per series, in the order of Timeline.series
    target: str | None  # output path of the period's archive page; None when empty

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Timeline:
    series: tuple[str, ...]  # e.g. region names, most briefings first; one unnamed series: ("",)
    bars: tuple[TimelineBar, ...]
    ticks: tuple[int, ...]  # y axis, from 0 to the top of the scale

    @property
    def by_month(self) -> bool:
        return bool(self.bars) and self.bars[0].period.month != 0

    def __reduce__(self) -> tuple:
        # pickled (the plan store keeps every page's figures) as numbers and text: its bars
        # and their periods, two objects a bar, took most of the time of pickling it
        bars = [(bar.period.year, bar.period.month, bar.counts, bar.target) for bar in self.bars]
        return _timeline_of, (self.series, bars, self.ticks)

    @property
    def busiest(self) -> TimelineBar:
        return max(self.bars, key=lambda bar: (bar.total, bar.period))


def _timeline_of(
    series: tuple[str, ...], bars: list[tuple[int, int, tuple[int, ...], str | None]], ticks: tuple[int, ...],
) -> Timeline:
    """A timeline as pickled (Timeline.__reduce__)."""
    return Timeline(
        series, tuple(TimelineBar(Period(year, month), counts, target) for year, month, counts, target in bars), ticks
    )


def nice_ticks(largest: int, most: int = 5) -> tuple[int, ...]:
    """0, step, 2*step, ... up to at least `largest`: whole numbers from the
    steps 1, 2, 5, 10, 20, 50, ..., at most `most` intervals."""
    step = 1
    while -(-max(largest, 1) // step) > most:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    top = -(-max(largest, 1) // step) * step
    return tuple(range(0, top + 1, step))


# The periods of the last timelines planned, each with its distinct periods and their places
# by (year, month): a site's timelines all share one sequence of periods, and finding a
# briefing's period by a plain tuple spares hashing a Period per period and per count.
# The sequence is kept in the value, so its id cannot be reused while the entry lives.
_POSITIONS: dict[int, tuple[Sequence[Period], list[Period], dict[tuple[int, int], int]]] = {}


def _positions(periods: Sequence[Period]) -> tuple[list[Period], dict[tuple[int, int], int]]:
    known = _POSITIONS.get(id(periods))
    if known is None or known[0] is not periods:
        distinct = list(dict.fromkeys(periods))  # each period once, as a dict keyed by them had it
        known = (periods, distinct, {(period.year, period.month): at for at, period in enumerate(distinct)})
        if isinstance(periods, tuple):  # only what cannot change is remembered
            if len(_POSITIONS) >= 8:
                _POSITIONS.clear()
            _POSITIONS[id(periods)] = known
    return known[1], known[2]


def plan_timeline(
    dated: Iterable[tuple[dt.date, str]],
    periods: Sequence[Period],
    target: Callable[[Period], str],
    series_order: Sequence[str] = ("",),
) -> Timeline:
    """Count (day, series) pairs per period and series. `series_order` lists the
    series to stack, bottom first; `target` gives a period's archive page."""
    index = {name: i for i, name in enumerate(series_order)}
    distinct, position = _positions(periods)
    counts = [[0] * len(series_order) for _ in distinct]
    by_month = bool(periods) and periods[0].month != 0
    # tallied by plain (year, month, series) first: a Period per briefing, hashed as a
    # dataclass, took most of the time of the home page's timeline over the whole archive
    tally = Counter((day.year, day.month if by_month else 0, series) for day, series in dated)
    for (year, month, series), number in tally.items():
        at = position.get((year, month))
        if at is not None:
            counts[at][index[series]] += number
    bars = tuple(
        TimelineBar(period, tuple(values), target(period) if sum(values) else None)
        for period, values in zip(distinct, counts)
    )
    largest = max((bar.total for bar in bars), default=0)
    return Timeline(tuple(series_order), bars, nice_ticks(largest))


def _plural(count: int, noun: str = "briefing") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def timeline_description(timeline: Timeline) -> str:
    """One sentence a screen reader says for the chart; the table has every number."""
    total = sum(bar.total for bar in timeline.bars)
    if not timeline.bars or total == 0:
        return "No briefings yet."
    unit = "month" if timeline.by_month else "year"
    first, last, busiest = timeline.bars[0].period, timeline.bars[-1].period, timeline.busiest
    active = sum(1 for bar in timeline.bars if bar.total)
    return (
        f"{_plural(total)} per {unit} from {first.label} to {last.label}, in {active} of "
        f"{len(timeline.bars)} {unit}s; the most, {busiest.total}, in {busiest.period.label}."
    )


def _year_labels(timeline: Timeline, band: float) -> list[tuple[float, float, str]]:
    """(start x, end x, label) per year along the axis, for the labels and separators."""
    spans: list[tuple[float, float, str]] = []
    if timeline.by_month:
        for i, bar in enumerate(timeline.bars):
            x = MARGIN_LEFT + i * band
            if spans and spans[-1][2] == str(bar.period.year):
                spans[-1] = (spans[-1][0], x + band, spans[-1][2])
            else:
                spans.append((x, x + band, str(bar.period.year)))
        return spans
    every = next(n for n in (1, 2, 5, 10, 20, 50, 100) if n * band >= NARROW_FONT * 2.4)
    return [
        (MARGIN_LEFT + i * band, MARGIN_LEFT + (i + 1) * band, str(bar.period.year))
        for i, bar in enumerate(timeline.bars)
        if bar.period.year % every == 0
    ]


def timeline_svg(timeline: Timeline, link: Callable[[str], str], ident: str, title: str) -> str:
    width, height = TIMELINE_WIDTH, TIMELINE_HEIGHT
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM
    base = MARGIN_TOP + plot_h
    top = timeline.ticks[-1]
    unit = plot_h / top
    band = plot_w / max(len(timeline.bars), 1)
    bar_w = min(band * 0.8, 48.0) if band >= 3 else band
    description = timeline_description(timeline)
    out = [
        f'<svg class="picture-svg timeline-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="group" aria-labelledby="{ident}-t {ident}-d" font-size="14" fill="{INK}">',
        f'<title id="{ident}-t">{svg.esc(title)}</title><desc id="{ident}-d">{svg.esc(description)}</desc>',
    ]
    # y axis: grid lines and counts
    for tick in timeline.ticks:
        y = svg.num(base - tick * unit)
        out.append(f'<line class="grid" x1="{MARGIN_LEFT}" x2="{width - MARGIN_RIGHT}" y1="{y}" y2="{y}" stroke="{GRID}"/>')
        out.append(f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{y}" text-anchor="end" dy="0.35em">{tick}</text>')
    # bars: one link per period with briefings, a rectangle per series
    bar_width = svg.num(bar_w)
    fills = [
        f'<rect class="series-{k % len(SERIES_FILLS)}" fill="{SERIES_FILLS[k % len(SERIES_FILLS)]}"'
        for k in range(len(timeline.series))
    ]
    esc, num = svg.esc, svg.num
    for i, bar in enumerate(timeline.bars):
        total = sum(bar.counts)
        if not total:
            continue
        x = num(MARGIN_LEFT + i * band + (band - bar_w) / 2)
        label = bar.period.label
        stack, rects = 0, []
        for series_index, count in enumerate(bar.counts):
            if not count:
                continue
            y = base - (stack + count) * unit
            name = timeline.series[series_index]
            tip = f"{name}, {label}: {_plural(count)}" if name else f"{label}: {_plural(count)}"
            rects.append(
                f'{fills[series_index]} x="{x}" y="{num(y)}" width="{bar_width}" height="{num(count * unit)}"'
                f' data-count="{count}"><title>{esc(tip)}</title></rect>'
            )
            stack += count
        out.append(
            f'<a href="{esc(link(bar.target))}" tabindex="-1" data-period="{esc(bar.period.key)}" data-total="{total}">'
            + "".join(rects) + "</a>"
        )
    # x axis: baseline, month initials (wide screens), years
    out.append(f'<line class="axis" x1="{MARGIN_LEFT}" x2="{width - MARGIN_RIGHT}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    if timeline.by_month and len(timeline.bars) <= MONTH_LABELS_UP_TO:
        for i, bar in enumerate(timeline.bars):
            x = svg.num(MARGIN_LEFT + (i + 0.5) * band)
            out.append(f'<text class="minor" x="{x}" y="{base + 15}" text-anchor="middle">{MONTH_ABBREVIATIONS[bar.period.month - 1]}</text>')
    year_y = base + (33 if timeline.by_month and len(timeline.bars) <= MONTH_LABELS_UP_TO else 20)
    for start, end, label in _year_labels(timeline, band):
        if timeline.by_month and start > MARGIN_LEFT:
            out.append(f'<line class="axis" x1="{svg.num(start)}" x2="{svg.num(start)}" y1="{base}" y2="{base + 8}" stroke="{INK}"/>')
        if end - start >= NARROW_FONT * 2.4 or not timeline.by_month:
            out.append(f'<text class="year" x="{svg.num((start + end) / 2)}" y="{year_y}" text-anchor="middle">{label}</text>')
    out.append("</svg>")
    return "".join(out)


# Who appears with whom: one row per actor, the name above its bar, so long
# names need no truncation at any width.
CO_WIDTH, CO_ROW, CO_TOP = 480, 40, 4
CO_NAME_CHARS = 44


@dataclass(frozen=True)
class CoActorRow:
    name: str
    count: int  # briefings naming both actors
    target: str  # output path of the other actor's page


@dataclass(frozen=True)
class CoActorChart:
    actor: str
    rows: tuple[CoActorRow, ...]  # most briefings together first
    largest: int

    def __reduce__(self) -> tuple:
        # pickled as numbers and text, as a Timeline is
        return _co_actor_chart_of, (self.actor, [(row.name, row.count, row.target) for row in self.rows], self.largest)


def _co_actor_chart_of(actor: str, rows: list[tuple[str, int, str]], largest: int) -> CoActorChart:
    """A chart as pickled (CoActorChart.__reduce__)."""
    return CoActorChart(actor, tuple(CoActorRow(name, count, target) for name, count, target in rows), largest)


def plan_co_actors(actor: str, companions: Sequence[tuple[str, int, str]]) -> CoActorChart:
    """`companions`: (name, briefings together, page path), in the order to show."""
    rows = tuple(CoActorRow(name, count, target) for name, count, target in companions)
    return CoActorChart(actor, rows, max((row.count for row in rows), default=0))


def co_actors_description(chart: CoActorChart) -> str:
    if not chart.rows:
        return f"{chart.actor} appears with no other actor."
    first = chart.rows[0]
    return (
        f"The {len(chart.rows)} actors named most often in the same briefings as {chart.actor}; "
        f"first {first.name}, in {_plural(first.count)}."
    )


def co_actors_svg(chart: CoActorChart, link: Callable[[str], str], ident: str, title: str) -> str:
    height = CO_TOP + CO_ROW * len(chart.rows) + 2
    bar_space = CO_WIDTH - 40  # room for the count after the longest bar
    out = [
        f'<svg class="picture-svg co-svg" viewBox="0 0 {CO_WIDTH} {height}" width="{CO_WIDTH}" height="{height}"'
        f' role="group" aria-labelledby="{ident}-t {ident}-d" font-size="13" fill="{INK}">',
        f'<title id="{ident}-t">{svg.esc(title)}</title><desc id="{ident}-d">{svg.esc(co_actors_description(chart))}</desc>',
    ]
    esc, num = svg.esc, svg.num
    for i, row in enumerate(chart.rows):
        y = CO_TOP + i * CO_ROW
        name = row.name if len(row.name) <= CO_NAME_CHARS else row.name[: CO_NAME_CHARS - 1] + "…"
        width = max(bar_space * row.count / chart.largest, 2)
        escaped = esc(row.name)
        out.append(
            f'<a href="{esc(link(row.target))}" tabindex="-1" data-name="{escaped}" data-count="{row.count}">'
            f"<title>{escaped}: {_plural(row.count)} together</title>"
            f'<text class="name" x="0" y="{y + 15}">{escaped if name is row.name else esc(name)}</text>'
            f'<rect class="series-0" fill="{SERIES_FILLS[0]}" x="0" y="{y + 22}" width="{num(width)}" height="14"/>'
            f'<text class="value" x="{num(width + 6)}" y="{y + 34}">{row.count}</text></a>'
        )
    out.append("</svg>")
    return "".join(out)
