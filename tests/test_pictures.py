"""The pictures of a built site show the numbers of the content.

Expected numbers are counted here straight from the fixture's Markdown
frontmatter and taxonomy YAML (names matched to the vocabulary by a plain
case-folded lookup), not through the site model that draws the pictures.
"""

from __future__ import annotations

import collections
import re
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import pytest
import yaml

from conftest import FIXTURE_ARCHIVE
from sitecheck import resolve, scan_html

CONTENT = FIXTURE_ARCHIVE / "content"


def published() -> list[dict]:
    posts = [frontmatter.load(path).metadata for path in sorted((CONTENT / "articles").rglob("*.md"))]
    return [post for post in posts if not post.get("draft")]


def country_codes() -> dict[str, str]:
    """name or alias (case-folded) -> ISO code."""
    codes = {}
    for region in yaml.safe_load((CONTENT / "taxonomy/regions.yaml").read_text(encoding="utf-8")):
        for country in region["countries"]:
            for name in [country["name"], *country.get("aliases", [])]:
                codes[name.casefold()] = country["iso"]
    return codes


def region_codes(region_name: str) -> set[str]:
    for region in yaml.safe_load((CONTENT / "taxonomy/regions.yaml").read_text(encoding="utf-8")):
        if region["name"] == region_name:
            return {country["iso"] for country in region["countries"]}
    raise KeyError(region_name)


def actor_names() -> dict[str, str]:
    names = {}
    for actor in yaml.safe_load((CONTENT / "taxonomy/actors.yaml").read_text(encoding="utf-8")):
        for name in [actor["name"], *actor.get("aliases", [])]:
            names[name.casefold()] = actor["name"]
    return names


def month_of(post: dict) -> str:
    return f"{post['date'].year}-{post['date'].month:02d}"


class _Shapes(HTMLParser):
    """Collects, per figure id, the elements with data-* attributes (what was drawn)."""

    def __init__(self) -> None:
        super().__init__()
        self.figure: str | None = None
        self.drawn: dict[str, list[tuple[str, dict[str, str]]]] = collections.defaultdict(list)
        self.tables: dict[str, list[list[str]]] = collections.defaultdict(list)
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "figure":
            self.figure = attributes["id"]
        elif self.figure and any(k.startswith("data-") for k in attributes):
            self.drawn[self.figure].append((tag, attributes))
        elif self.figure and tag == "tr":
            self.tables[self.figure].append([])
        elif self.figure and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "figure":
            self.figure = None
        elif tag in ("td", "th") and self._cell is not None and self.figure:
            self.tables[self.figure][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def drawn_on(site: Path, page: str) -> _Shapes:
    parser = _Shapes()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def test_home_timeline_stacks_each_months_briefings_by_region(built_fixture: Path):
    expected = collections.Counter((month_of(p), p["region"]) for p in published())
    shapes = drawn_on(built_fixture, "index.html")
    html = (built_fixture / "index.html").read_text(encoding="utf-8")
    legend = dict(re.findall(r'<rect class="(series-\d)"[^>]*/></svg>([^<]+)</li>', html.split('id="timeline"')[1]))
    segments = {
        (period, legend[attributes["class"]]): int(attributes["data-count"])
        for period, attributes in _segments(shapes.drawn["timeline"])
    }
    assert segments == dict(expected)
    totals = {a["data-period"]: int(a["data-total"]) for tag, a in shapes.drawn["timeline"] if tag == "a"}
    assert totals == dict(collections.Counter(month_of(p) for p in published()))


def _segments(drawn):
    period = None
    for tag, attributes in drawn:
        if tag == "a":
            period = attributes["data-period"]
        elif tag == "rect":
            yield period, attributes


def test_each_bar_links_to_its_months_archive(built_fixture: Path):
    html = (built_fixture / "index.html").read_text(encoding="utf-8")
    figure = html.split('id="timeline"')[1].split("</svg>")[0]
    links = re.findall(r'<a href="([^"]+)" tabindex="-1" data-period="(\d{4})-(\d\d)"', figure)
    assert links
    for href, year, month in links:
        target = resolve("index.html", href)
        assert target == f"archive/{year}/{month}/index.html" and (built_fixture / target).is_file()


@pytest.mark.parametrize(
    "page, keep",
    [
        ("regions/south-caucasus/index.html", lambda p: p["region"] == "South Caucasus"),
        ("countries/yemen/index.html", lambda p: "Yemen" in p.get("countries", [])),
        ("actors/antony-blinken/index.html",
         lambda p: "Antony Blinken" in {actor_names().get(a.casefold(), a) for a in p.get("actors", [])}),
    ],
)
def test_term_timelines_count_that_terms_briefings_per_month(built_fixture: Path, page: str, keep):
    expected = collections.Counter(month_of(p) for p in published() if keep(p))
    shapes = drawn_on(built_fixture, page)
    drawn = {a["data-period"]: int(a["data-total"]) for tag, a in shapes.drawn["timeline"] if tag == "a"}
    assert drawn == dict(expected)
    table = {row[0]: int(row[1]) for row in shapes.tables["timeline"] if row and row[1].isdigit()}
    assert sum(table.values()) == sum(expected.values())  # the table says the same


def test_the_world_map_shades_each_country_by_its_briefings(built_fixture: Path):
    codes = country_codes()
    expected = collections.Counter(codes[name.casefold()] for p in published() for name in p.get("countries", []))
    shapes = drawn_on(built_fixture, "index.html")
    drawn = {a["data-iso"]: int(a["data-count"]) for tag, a in shapes.drawn["map"] if "data-iso" in a}
    assert drawn == dict(expected)
    table = {row[0]: int(row[1]) for row in shapes.tables["map"] if len(row) == 2 and row[1].isdigit()}
    assert sorted(table.values(), reverse=True) == sorted(expected.values(), reverse=True)


def test_a_region_map_shades_its_countries_by_the_regions_briefings_and_links_them(built_fixture: Path):
    codes = country_codes()
    region = region_codes("Middle East")
    expected = collections.Counter(
        codes[name.casefold()] for p in published() if p["region"] == "Middle East" for name in p.get("countries", [])
        if codes[name.casefold()] in region
    )
    page = "regions/middle-east/index.html"
    html = (built_fixture / page).read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" tabindex="-1" data-iso="(\w\w)"', html))
    assert {iso for iso in links.values()} == set(expected)
    for href, iso in links.items():
        assert (built_fixture / resolve(page, href)).is_file()
    shapes = drawn_on(built_fixture, page)
    assert {a["data-iso"]: int(a["data-count"]) for _, a in shapes.drawn["map"]} == dict(expected)


def test_shades_follow_the_legend(built_fixture: Path):
    html = (built_fixture / "index.html").read_text(encoding="utf-8")
    figure = html.split('id="map"')[1].split("</figure>")[0]
    legend = dict(re.findall(r'<rect class="(shade-\d)"[^>]*/></svg>([^<]+)</li>', figure))
    for count, shade in re.findall(r'data-count="(\d+)"><title>[^<]*</title><path class="(shade-\d)"', figure):
        label = legend[shade]
        low, _, high = label.replace("+", "–").partition("–")
        assert int(low) <= int(count) and (not high or int(count) <= int(high)), (count, label)


def test_the_co_actor_chart_counts_briefings_shared_with_each_actor(built_fixture: Path):
    names = actor_names()
    together: collections.Counter[str] = collections.Counter()
    for post in published():
        actors = {names.get(a.casefold(), a) for a in post.get("actors", [])}
        if "Nikol Pashinyan" in actors:
            together.update(actors - {"Nikol Pashinyan"})
    shapes = drawn_on(built_fixture, "actors/nikol-pashinyan/index.html")
    drawn = [(a["data-name"], int(a["data-count"])) for tag, a in shapes.drawn["co-actors"] if tag == "a"]
    assert dict(drawn) == dict(together)
    assert [count for _, count in drawn] == sorted(together.values(), reverse=True)


def test_pictures_appear_only_on_the_first_page_of_a_list(built_fixture: Path):
    first = (built_fixture / "actors/antony-blinken/index.html").read_text(encoding="utf-8")
    second = (built_fixture / "actors/antony-blinken/page/2/index.html").read_text(encoding="utf-8")  # per_page 2
    assert 'class="picture picture-timeline"' in first and "<svg" in first
    assert "picture" not in second and 'id="co-heading"' in second  # the plain list instead


def test_countries_the_maps_cannot_place_are_warned_about_and_listed(archive: Path, tmp_path: Path):
    from generator.build import BuildOptions, build

    regions = archive / "content/taxonomy/regions.yaml"
    text = regions.read_text(encoding="utf-8")
    regions.write_text(text.replace("{name: Yemen, iso: YE}", "{name: Yemen, iso: QQ}")
                       .replace("{name: Ukraine, iso: UA}", "Ukraine"), encoding="utf-8")
    result = build(BuildOptions(root=archive, out_dir=tmp_path / "site", search=False))
    warnings = {(d.path, d.line, d.message) for d in result.diagnostics.warnings}
    lines = regions.read_text(encoding="utf-8").splitlines()
    ukraine, yemen = (next(i for i, line in enumerate(lines, 1) if name in line) for name in ("Ukraine", "Yemen"))
    assert ("content/taxonomy/regions.yaml", ukraine, "country 'Ukraine' has no 'iso' code, so the maps leave it out") in warnings
    assert any(w[1] == yemen and "'QQ' has no shape" in w[2] for w in warnings)
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8").split('id="map"')[1].split("</figure>")[0]
    assert "Not on the map" in home and "Yemen" in home and "Ukraine" in home
    assert 'data-iso="QQ"' not in home


@pytest.mark.parametrize("page", ["index.html", "regions/middle-east/index.html", "actors/nikol-pashinyan/index.html"])
def test_each_picture_has_a_text_alternative_and_its_links_are_in_the_table(built_fixture: Path, page: str):
    html = (built_fixture / page).read_text(encoding="utf-8")
    for figure in re.findall(r'<figure class="picture[^"]*" id="([\w-]+)">(.*?)</figure>', html, re.S):
        ident, body = figure
        svg, rest = body.split("</svg>", 1)
        assert f'role="group" aria-labelledby="{ident}-t {ident}-d"' in svg
        assert re.search(rf'<title id="{ident}-t">[^<]+</title><desc id="{ident}-d">[^<]+</desc>', svg)
        scan = scan_html(svg + "</svg>")
        assert scan.scripts == [] and scan.event_attributes == []
        table = rest.split("<table>")[1]
        assert "<caption>" in table
        svg_links = set(re.findall(r'<a href="([^"]+)" tabindex="-1"', svg))
        table_links = set(re.findall(r'<a href="([^"]+)"', table))
        assert svg_links and svg_links <= table_links, ident  # keyboards reach every target through the table


def test_the_pictures_are_the_same_on_every_build(archive: Path, tmp_path: Path):
    from generator.build import BuildOptions, build

    for name in ("one", "two"):
        build(BuildOptions(root=archive, out_dir=tmp_path / name, search=False))
    for page in ["index.html", "regions/south-caucasus/index.html", "actors/antony-blinken/index.html"]:
        assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "two" / page).read_bytes(), page


def test_a_country_the_vocabulary_does_not_know_is_listed_under_the_world_map(archive: Path, tmp_path: Path):
    from generator.build import BuildOptions, build

    post = archive / "content/articles/2024/red-sea-shipping-attacks.md"
    post.write_text(post.read_text(encoding="utf-8").replace("countries: [Yemen]", "countries: [Yemen, Ruritania]"),
                    encoding="utf-8")
    build(BuildOptions(root=archive, out_dir=tmp_path / "site", search=False))
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8").split('id="map"')[1].split("</figure>")[0]
    assert "Not on the map (no ISO code with a shape in content/taxonomy/regions.yaml): Ruritania." in home
    assert '<a href="countries/ruritania/">Ruritania</a></th><td class="num">1</td>' in home


def test_a_timeline_title_names_the_period_its_bars_are_drawn_by():
    import datetime as dt

    from generator.charts import periods_between
    from generator.figures import timeline_figure

    two_years = periods_between(dt.date(2022, 9, 13), dt.date(2024, 2, 20))
    fifteen_years = periods_between(dt.date(2011, 2, 1), dt.date(2025, 12, 30))
    assert timeline_figure("t", "Briefings", [], two_years, by="region").title == "Briefings per month, by region"
    # over eight years a bar is a year: a title saying "per month" would misread every bar
    assert timeline_figure("t", "Briefings on Iraq", [], fifteen_years).title == "Briefings on Iraq per year"
    assert timeline_figure("t", "Briefings on Iraq", [], fifteen_years).table_head[0] == "Year"
