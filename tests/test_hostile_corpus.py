"""The hostile corpus: every safe case builds inert, every bad case fails by name."""

from __future__ import annotations

import dataclasses
import gzip
import re
import json
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_ARCHIVE, add_region
from generator.build import BuildOptions, build
from generator.check import check
from generator.diagnostics import ContentError, Diagnostics
from hostile_corpus import FAILING_CASES, FRONTMATTER_CASES, SAFE_CASES, SCRIPT_BODIES
from sitecheck import scan_html

ARTICLES = "content/articles/2024"
OUR_SCRIPTS = {"search-ui.js", "search.js", "offline.js", "offline-search.js"}


@pytest.fixture(scope="module")
def hostile_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Diagnostics]:
    """The fixture archive with every safe case, built: its folder and what the build reported."""
    root = tmp_path_factory.mktemp("hostile-corpus")
    shutil.copytree(FIXTURE_ARCHIVE, root, dirs_exist_ok=True)
    for name, data in SAFE_CASES.items():
        (root / ARTICLES / name).write_bytes(data)
    add_region(root, "<img src=x onerror=alert(1)>")  # region-html's: a region must be in the vocabulary
    return root, build(BuildOptions(root=root, out_dir=root / "site")).diagnostics


@pytest.fixture(scope="module")
def hostile_build(hostile_built: tuple[Path, Diagnostics]) -> Path:
    return hostile_built[0]


def formatted(diagnostics: Diagnostics) -> list[str]:
    return [d.format() for d in diagnostics.sorted()]


def test_check_reports_what_the_build_of_the_safe_cases_reported(hostile_built: tuple[Path, Diagnostics]):
    root, built = hostile_built
    checked = check(root)
    assert formatted(checked.diagnostics) == formatted(built)
    # --strict fails wherever the build warns: the same reading, judged strictly (that check()
    # passes `strict` on is test_check.py's; reading these 55 files again would only repeat it)
    assert dataclasses.replace(checked, strict=True).ok == (not built.warnings)


def live_markup(html: str) -> list[str]:
    scan = scan_html(html)
    problems = [f"inline script {s[:40]!r}" for s in scan.inline_scripts]
    problems += [f"script {s.get('src')}" for s in scan.scripts if (s.get("src") or "").rsplit("/", 1)[-1] not in OUR_SCRIPTS]
    problems += [f"{tag} {attribute}=" for tag, attribute in scan.event_attributes]
    problems += [
        f"link {link[:40]!r}" for link in scan.links
        if "".join(link.split()).lower().startswith(("javascript:", "vbscript:", "data:"))
    ]
    lowered = html.lower()
    for tag in ("iframe", "object", "embed", "base", "form", "meta http-equiv"):
        if f"<{tag} " in lowered or f"<{tag}>" in lowered:
            problems.append(f"<{tag}> element")
    # the site draws its own SVG pictures; a briefing's text must never bring one
    body = lowered.split('<div class="briefing-body">', 1)[-1].split("</article>", 1)[0] if "briefing-body" in lowered else ""
    if "<svg" in body:
        problems.append("<svg> element in a briefing body")
    return problems


def test_every_page_is_inert(hostile_build: Path):
    site = hostile_build / "site"
    pages = [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith("pagefind/")]
    assert len(pages) > 60
    found = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # the header search form is ours; any other <form> would come from content
        html = html.replace('<form class="site-search" role="search"', "<our-search-form")
        if page.name == "404.html":  # its <base> is base_url from the settings, so links work at any depth
            html = re.sub(r'<base href="https://example\.org/briefings/">', "", html)
        problems = live_markup(html)
        if problems:
            found[page.relative_to(site).as_posix()] = problems
    assert found == {}


def shown_text(html: str) -> str:
    """What a reader sees of some HTML: its text, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


# raw HTML, and Markdown links to a script or data address: shown exactly as written, never live
SHOWN_AS_WRITTEN = [name for name, body in SCRIPT_BODIES.items() if body.startswith("<")] + [
    "md-javascript-link", "md-javascript-upper", "md-javascript-tab", "md-javascript-image",
    "md-vbscript-link", "md-data-html-link",
]


def test_every_safe_case_is_published_showing_what_was_written_as_text(hostile_build: Path):
    pages = {
        name: (hostile_build / "site/articles/2024" / name.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        for name in SAFE_CASES
    }
    for name in SHOWN_AS_WRITTEN:
        body = pages[f"{name}.md"].split('<div class="briefing-body">', 1)[1].split("</div>", 1)[0]
        assert shown_text(body).strip() == SCRIPT_BODIES[name], name
    # every value of every field, markup and all, is on its briefing's page as text: nothing dropped
    for name in FRONTMATTER_CASES:
        fields = yaml.safe_load(SAFE_CASES[f"{name}.md"].decode("utf-8").split("\n---\n")[0].removeprefix("---\n"))
        text = shown_text(pages[f"{name}.md"])
        for field, value in fields.items():
            for one in value if isinstance(value, list) else [value]:
                if field != "date":
                    assert str(one) in text, (name, field, one)


def test_feeds_are_inert(hostile_build: Path):
    ns = "{http://www.w3.org/2005/Atom}"
    for feed in (hostile_build / "site").rglob("feed.xml"):
        root = ET.parse(feed).getroot()  # also proves every feed is well-formed XML
        for element in root.iter():
            if element.tag == f"{ns}content":  # the one element feed readers render as HTML
                assert element.get("type") == "html"
                assert live_markup(element.text or "") == [], (feed, element.tag)
            elif element.tag in (f"{ns}title", f"{ns}summary"):
                assert element.get("type") in (None, "text"), (feed, element.tag)  # shown as plain text


def test_search_records_hold_no_markup_in_filters(hostile_build: Path):
    # Pagefind's UI renders filter values as HTML; they must be stored escaped
    fragments = sorted((hostile_build / "site/pagefind").glob("*/fragment/*.pf_fragment"))  # every year's part
    assert fragments
    for fragment in fragments:
        record = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        for name, values in record["filters"].items():
            for value in values:
                assert "<" not in value and ">" not in value, (record["url"], name, value)


def test_every_failing_case_is_reported_by_file_and_the_old_site_stays(tmp_path: Path, hostile_build: Path):
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    build(BuildOptions(root=root, out_dir=root / "site", search=False))
    before = sorted((p.relative_to(root / "site").as_posix(), p.read_bytes()) for p in (root / "site").rglob("*") if p.is_file())
    for name, (data, _) in FAILING_CASES.items():
        (root / ARTICLES / name).write_bytes(data)
    with pytest.raises(ContentError) as failure:
        build(BuildOptions(root=root, out_dir=root / "site", search=False))
    errors = [d.format() for d in failure.value.diagnostics.errors]
    assert formatted(check(root).diagnostics) == formatted(failure.value.diagnostics)  # check refuses alike
    for name, (_, expected) in FAILING_CASES.items():
        path = f"{ARTICLES}/{name}"
        # reported at the file itself, or named in the error of the file it collides with
        assert any(path in e and expected in e for e in errors), (name, errors)
    after = sorted((p.relative_to(root / "site").as_posix(), p.read_bytes()) for p in (root / "site").rglob("*") if p.is_file())
    assert after == before
