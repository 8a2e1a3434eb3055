"""The pictures of each page: the `Site` -> timelines, maps and co-actor charts.

A `Figure` is what a template shows: a title, the SVG (drawn with the page's
own `link()`), a legend, and the same numbers as a table (the text
alternative, and the way in for keyboards and screen readers). `plan_figures`
is pure: the world's shapes are read by the build and handed in.

Which pages get which pictures:
- home: briefings per month (per year over a long span) stacked by region, and a world map;
- a region: its timeline and a map of the region (its briefings by country);
- a country: its timeline;
- an actor: its timeline and the actors most often named with it.
Only the first page of a paginated list carries them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Container, Sequence

import markupsafe

from generator import urls
from generator.charts import (
    SERIES_FILLS, CoActorChart, Period, Timeline, co_actors_svg, periods_between, plan_co_actors, plan_timeline,
    timeline_svg,
)
from generator.diagnostics import Diagnostics
from generator.geo import WorldShapes
from generator.maps import SHADE_FILLS, shade_of, ChoroplethMap, CountryCount, map_svg, plan_map, region_frame, world_frame
from generator.models import Briefing, Site, TermEntry

Link = Callable[[str], str]


@dataclass(frozen=True)
class Cell:
    text: str
    target: str | None = None  # output path to link to
    numeric: bool = False


@dataclass(frozen=True)
class LegendItem:
    label: str
    css_class: str
    fill: str  # colour when the stylesheet is missing


def _draw_nothing(link: Link) -> str:
    return ""


@dataclass(frozen=True)
class Figure:
    # plain frozen data all the way down: its repr shows every field but the drawing
    # function (derived from them), so incremental builds fingerprint it by repr, which
    # is many times faster than walking its thousands of cells and bars; or, faster still,
    # by `fingerprint` when it was planned with one
    FINGERPRINT_BY_REPR: ClassVar[bool] = True

    ident: str  # element id, unique on its page
    kind: str  # "timeline", "map" or "co-actors"
    title: str
    data: Timeline | ChoroplethMap | CoActorChart  # the numbers drawn
    table_head: tuple[str, ...]
    table_rows: tuple[tuple[Cell, ...], ...]
    legend: tuple[LegendItem, ...] = ()
    note: str = ""
    # drawn from the fields above (data, ident, title), so incremental builds need not
    # fingerprint it (generator/incremental/fingerprint.py skips fields marked derived); a partial of
    # a module-level function, never a lambda, so that planned pages can be kept
    # between builds (generator/pagestore.py pickles them)
    _draw: Callable[[Link], str] = field(
        default=_draw_nothing, repr=False, compare=False, metadata={"derived": True}
    )
    # a digest of what every field above is made from, set as it is planned (`_planned`),
    # which page fingerprints take instead of its repr; "" when planned without one (the
    # map's: generator/incremental/fingerprint.py then takes its repr). Not an argument, so
    # that a copy with other fields (dataclasses.replace) has none rather than a wrong one
    fingerprint: str = field(default="", init=False, repr=False, compare=False, metadata={"derived": True})

    def svg(self, link: Link) -> markupsafe.Markup:
        """The picture, its links relative to the page `link` belongs to; every
        text in it is escaped by the drawing functions."""
        return markupsafe.Markup(self._draw(link))

    def __reduce_ex__(self, protocol: int) -> Any:
        # Kept between builds (the plan store pickles every page's plan) as what its planner
        # made it from: its rows and drawing are made again as it is read, by the same code
        # (a store of another generator is not read). Its thousands of cells took half the
        # time of pickling the site's figures. One planned otherwise is pickled whole.
        if self.fingerprint and self.kind in _REMADE_KINDS:
            return _remade, (self.kind, self.ident, self.title, self.data, self.table_head, self.legend, self.note,
                             self.fingerprint)
        return object.__reduce_ex__(self, protocol)


@dataclass(frozen=True)
class Figures:
    home: tuple[Figure, ...] = ()
    terms: dict[tuple[str, str], tuple[Figure, ...]] = field(default_factory=dict)  # (taxonomy, slug)

    def of(self, entry: TermEntry) -> tuple[Figure, ...]:
        return self.terms.get(entry.term.key, ())


def _planned(
    ident: str, kind: str, title: str, data: Timeline | CoActorChart, plain_data: list, table_head: tuple[str, ...],
    table_rows: tuple[tuple[Cell, ...], ...], legend: tuple[LegendItem, ...], note: str, draw: Callable[[Link], str],
) -> Figure:
    """A figure with its `fingerprint`: the digest of its ident, kind, title, table head,
    note and of `plain_data`, the numbers and text its `data` is made from (as tuples and
    lists, whose repr is made in C). Its data's other values, its rows and legend are made
    from those by the caller's code, as its drawing is: the digest follows all it shows, in
    a tenth of the time of its repr (which took 0.025 s of a clean build at 1,000 briefings,
    for its thousands of cells, bars and periods)."""
    text = repr((ident, kind, title, table_head, note, type(data).__qualname__, plain_data))
    figure = Figure(
        ident=ident, kind=kind, title=title, data=data, table_head=table_head, table_rows=table_rows,
        legend=legend, note=note, _draw=draw,
    )
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    object.__setattr__(figure, "fingerprint", digest)
    return figure


# The digest of the last sequence of periods timelines were planned over (a site's all share
# one), kept with the sequence itself, so that its id cannot be reused while the entry lives
_PERIODS_DIGEST: list[tuple[Sequence[Period], str]] = []


def _periods_digest(periods: Sequence[Period]) -> str:
    """What a timeline's periods are: (year, month) of each, as a digest made once for a site."""
    if _PERIODS_DIGEST and _PERIODS_DIGEST[0][0] is periods and isinstance(periods, tuple):
        return _PERIODS_DIGEST[0][1]
    text = repr([(period.year, period.month) for period in periods])
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    _PERIODS_DIGEST[:] = [(periods, digest)]
    return digest


def _timeline_rows(timeline: Timeline, by_series: bool) -> tuple[tuple[Cell, ...], ...]:
    """A row per period with briefings: the period (linked), the count, and the count of each
    series (`by_series`)."""
    rows = []
    for bar in timeline.bars:
        if not bar.total:
            continue
        row = [Cell(bar.period.label, bar.target), Cell(str(bar.total), numeric=True)]
        if by_series:
            row.append(Cell(", ".join(f"{name} {n}" for name, n in zip(timeline.series, bar.counts) if n)))
        rows.append(tuple(row))
    return tuple(rows)


def _co_actor_rows(chart: CoActorChart) -> tuple[tuple[Cell, ...], ...]:
    return tuple((Cell(r.name, r.target), Cell(str(r.count), numeric=True)) for r in chart.rows)


def _draw_timeline(timeline: Timeline, ident: str, title: str) -> Callable[[Link], str]:
    return functools.partial(timeline_svg, timeline, ident=ident, title=title)


def _draw_co_actors(chart: CoActorChart, ident: str, title: str) -> Callable[[Link], str]:
    return functools.partial(co_actors_svg, chart, ident=ident, title=title)


_REMADE_KINDS = frozenset(("timeline", "co-actors"))  # figures pickled as what they are made from


def _remade(
    kind: str, ident: str, title: str, data: Any, table_head: tuple[str, ...], legend: tuple[LegendItem, ...],
    note: str, fingerprint: str,
) -> Figure:
    """A planned figure as pickled (Figure.__reduce_ex__), its rows and drawing made again
    as its planner made them (timeline_figure, co_actor_figure)."""
    if kind == "timeline":  # a column of the series' counts when they are stacked
        rows, draw = _timeline_rows(data, by_series=len(table_head) > 2), _draw_timeline(data, ident, title)
    else:
        rows, draw = _co_actor_rows(data), _draw_co_actors(data, ident, title)
    figure = Figure(
        ident=ident, kind=kind, title=title, data=data, table_head=table_head, table_rows=rows, legend=legend,
        note=note, _draw=draw,
    )
    object.__setattr__(figure, "fingerprint", fingerprint)
    return figure


def _period_target(period: Period) -> str:
    if period.month:
        return urls.archive_month(dt.date(period.year, period.month, 1))
    return urls.archive_year(period.year)


def _plural(count: int) -> str:
    return "1 briefing" if count == 1 else f"{count} briefings"


def timeline_figure(
    ident: str, subject: str, briefings: list[Briefing], periods: tuple[Period, ...],
    series_of: Callable[[Briefing], str] | None = None, series_order: tuple[str, ...] = ("",), by: str = "",
) -> Figure:
    """A timeline titled "`subject` per month" (or "per year": a long span is drawn by
    year, and the title must say which), ", by `by`" when the bars are stacked."""
    timeline = plan_timeline(
        ((b.date, series_of(b) if series_of else "") for b in briefings), periods, _period_target, series_order
    )
    unit = "Month" if timeline.by_month else "Year"
    title = f"{subject} per {unit.lower()}" + (f", by {by}" if by else "")
    # what the timeline is made from: its series, its periods and the counts of each (a bar's
    # target and the ticks are made from those, by plan_timeline with _period_target)
    plain = [timeline.series, _periods_digest(periods), [bar.counts for bar in timeline.bars]]
    legend = ()
    if series_of:
        legend = tuple(
            LegendItem(name, f"series-{i % len(SERIES_FILLS)}", SERIES_FILLS[i % len(SERIES_FILLS)])
            for i, name in enumerate(timeline.series)
        )
    return _planned(
        ident, "timeline", title, timeline, plain,
        (unit, "Briefings", *(("By region",) if series_of else ())), _timeline_rows(timeline, bool(series_of)), legend,
        f"Each bar links to the archive of its {unit.lower()}.", _draw_timeline(timeline, ident, title),
    )


def map_figure(ident: str, title: str, plan: ChoroplethMap, empty_label: str, focus_label: str = "") -> Figure:
    rows = tuple((Cell(a.name, a.target), Cell(str(a.count), numeric=True)) for a in plan.areas)
    rows += tuple((Cell(c.name, c.target), Cell(str(c.count), numeric=True)) for c in plan.unmapped)
    legend = tuple(
        LegendItem(bucket.label, f"shade-{shade}", SHADE_FILLS[shade])
        for i, bucket in enumerate(plan.buckets)
        for shade in [shade_of(i, len(plan.buckets))]
    )
    legend += ((LegendItem(focus_label, "map-region", "#c3cad3"),) if focus_label else ())
    legend += (LegendItem(empty_label, "map-land", "#dfe3e8"),)
    note = "Shaded by the number of briefings naming each country; each shaded country links to its page."
    if plan.unmapped:
        note += " Not on the map (no ISO code with a shape in content/taxonomy/regions.yaml): " + ", ".join(c.name for c in plan.unmapped) + "."
    description = (
        f"{len(plan.areas)} countries shaded by their number of briefings"
        + (f"; the most, {plan.areas[0].count}, for {plan.areas[0].name}." if plan.areas else ".")
    )
    return Figure(
        ident=ident, kind="map", title=title, data=plan, table_head=("Country", "Briefings"),
        table_rows=rows, legend=legend, note=note,
        _draw=functools.partial(map_svg, plan, ident=ident, title=title, description=description),
    )


def country_counts(
    site: Site, names: list[str] | None = None, within: Sequence[Briefing] | None = None,
) -> dict[str, CountryCount]:
    """ISO code -> briefings naming the country (of those `within`, when given: a
    region's), for the vocabulary's countries (or only those of `names`). Countries
    that cannot be placed (no code, or not in the vocabulary) are keyed "?name" and
    end up listed under the map."""
    named = None if within is None else Counter(c.slug for b in within for c in b.countries)
    counts = {}
    for country in site.vocabulary.countries.values():
        if names is not None and country.name not in names:
            continue
        entry = site.terms["countries"].get(country.slug)
        count = (len(entry.briefings) if entry else 0) if named is None else named[country.slug]
        # without a code it is listed under the map as not on it (and warned about)
        counts[country.iso_code or f"?{country.name}"] = CountryCount(
            country.iso_code, country.name, count, urls.term("countries", country.slug) if count else None
        )
    if names is None:  # names the vocabulary does not know cannot be placed either: say so
        for entry in site.terms["countries"].values():
            if not entry.known:
                counts[f"?{entry.term.name}"] = CountryCount(
                    "", entry.term.name, len(entry.briefings), urls.term("countries", entry.term.slug)
                )
    return counts


def map_coverage(site: Site, world: WorldShapes, regions_path: str) -> Diagnostics:
    """Warn about countries with briefings that no map can show: without an
    `iso` code in regions.yaml, or with a code the shapes do not have."""
    diagnostics = Diagnostics()
    shapes = world.by_iso()
    for country in site.vocabulary.countries.values():
        if country.slug not in site.terms["countries"]:
            continue
        if not country.iso_code:
            diagnostics.warning(
                regions_path, country.line, f"country {country.name!r} has no 'iso' code, so the maps leave it out",
                hint="add its ISO 3166-1 alpha-2 code, e.g. {name: Armenia, iso: AM}",
            )
        elif country.iso_code not in shapes:
            diagnostics.warning(
                regions_path, country.line,
                f"country {country.name!r}: 'iso' {country.iso_code!r} has no shape in the map data, so the maps leave it out",
                hint="check the code (ISO 3166-1 alpha-2, e.g. AM for Armenia)",
            )
    return diagnostics


def plan_figures(site: Site, world: WorldShapes | None, only: Container[tuple[str, str]] | None = None) -> Figures:
    """Every picture of the site (of the home page and the terms `only` lists by key,
    when given: an addition plans only the pages it changes). Without `world`, no maps."""
    if not site.briefings:
        return Figures()
    periods = periods_between(site.briefings[-1].date, site.briefings[0].date)
    regions = site.terms["regions"]
    region_order = tuple(
        e.term.name for e in sorted(regions.values(), key=lambda e: (-len(e.briefings), e.term.name.casefold()))
    )
    home = [
        timeline_figure(
            "timeline", "Briefings", site.briefings, periods,
            series_of=lambda b: b.region.name, series_order=region_order, by="region",
        )
    ]
    if world is not None:
        plan = plan_map(world, world_frame(world), country_counts(site))
        home.append(map_figure("map", "Briefings by country", plan, "No briefings"))

    terms: dict[tuple[str, str], tuple[Figure, ...]] = {}
    for taxonomy in ("regions", "countries", "actors"):
        for entry in site.terms[taxonomy].values():
            if only is not None and entry.term.key not in only:
                continue
            name = entry.term.name
            figures = [timeline_figure("timeline", f"Briefings on {name}", entry.briefings, periods)]
            if taxonomy == "regions" and world is not None:
                region = site.vocabulary.regions.get(name)
                if region:
                    # the region's own briefings, as its list of countries counts them (pages.plan_term)
                    counts = country_counts(site, list(region.countries), within=entry.briefings)
                    frame = region_frame(world, [c.iso for c in counts.values() if c.iso])
                    if frame is not None:
                        plan = plan_map(world, frame, counts, focus=[c.iso for c in counts.values() if c.iso])
                        figures.append(
                            map_figure("map", f"Briefings by country in {name}", plan, "Outside the region",
                                       focus_label="No briefings")
                        )
            if taxonomy == "actors":
                companions = [
                    (other.term.name, count, urls.term("actors", other.term.slug))
                    for other, count in site.co_actors.get(entry.term.slug, [])
                ]
                if companions:
                    chart = plan_co_actors(name, companions)
                    figures.append(co_actor_figure(chart))
            terms[entry.term.key] = tuple(figures)
    return Figures(home=tuple(home), terms=terms)


def co_actor_figure(chart: CoActorChart) -> Figure:
    title = f"Most often named with {chart.actor}"
    # what the chart is made from (plan_co_actors): its rows
    plain = [chart.actor, [(r.name, r.count, r.target) for r in chart.rows]]
    return _planned(
        "co-actors", "co-actors", title, chart, plain,
        ("Actor", "Briefings together"), _co_actor_rows(chart), (),
        "Briefings that name both; each bar links to the other actor's page.", _draw_co_actors(chart, "co-actors", title),
    )

