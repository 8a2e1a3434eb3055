"""A briefing printed or saved as PDF: the text with its date and source, link
addresses shown, no navigation, search or page furniture (Chromium, print media)."""

from __future__ import annotations

from pathlib import Path

from conftest import serve
from generator.build import BuildOptions, build

ARTICLE = "articles/2022/blinken-calls-pashinyan-and-aliyev/"

DISPLAY = "(selector) => getComputedStyle(document.querySelector(selector)).display"
AFTER = "(selector) => getComputedStyle(document.querySelector(selector), '::after').content"


def test_a_printed_briefing_keeps_its_text_date_source_and_link_addresses(archive: Path, page):
    source = archive / "content/articles/2022/blinken-calls-pashinyan-and-aliyev.md"
    text = source.read_text(encoding="utf-8").replace(
        "\nsource: Fixture Wire\n", "\nsource: Fixture Wire\nsource_url: https://example.org/report/1\n", 1
    )
    source.write_text(text + "\nSee [the statement](https://example.org/statement).\n", encoding="utf-8")
    site = build(BuildOptions(root=archive, out_dir=archive / "site", search=False)).out_dir
    with serve(site) as base:
        page.goto(base + ARTICLE)
        assert page.evaluate(DISPLAY, ".print-only") == "none"  # on screen
        page.emulate_media(media="print")
        for furniture in [".site-nav", ".site-search", ".site-footer", ".briefing-aside", ".skip-link"]:
            assert page.evaluate(DISPLAY, furniture) == "none", furniture
        for kept in [".briefing-header .meta", ".briefing-body", "h1"]:
            assert page.evaluate(DISPLAY, kept) != "none", kept
        header = page.locator(".briefing-header").inner_text()
        assert "14 September 2022" in header and "Source: Fixture Wire" in header
        assert "https://example.org/briefings/" + ARTICLE in header  # where the copy came from
        assert page.evaluate(AFTER, ".briefing-header a[href^='http']") == '" <https://example.org/report/1>"'
        assert page.evaluate(AFTER, ".briefing-body a") == '" <https://example.org/statement>"'
        assert page.evaluate(AFTER, ".briefing-terms a") == "none"  # site links: no address to show
        pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
