"""A briefing in another language than the site's is marked as such on its page."""

from __future__ import annotations

from pathlib import Path

from generator.build import BuildOptions, build

GERMAN = """\
---
title: Blinken besucht Kiew mit neuem Hilfspaket
date: 2023-09-07
region: Eastern Europe
countries: [Ukraine]
language: de
---

Antony Blinken ist mit dem Zug in Kiew angekommen und hat ein neues Hilfspaket angekündigt.
"""


def test_the_title_and_text_carry_their_language_and_the_page_around_them_the_sites(archive: Path):
    (archive / "content/articles/2023/blinken-besucht-kiew.md").write_text(GERMAN, encoding="utf-8")
    build(BuildOptions(root=archive, out_dir=archive / "site", search=False))
    german = (archive / "site/articles/2023/blinken-besucht-kiew/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in german
    assert 'lang="de">Blinken besucht Kiew mit neuem Hilfspaket</h1>' in german
    assert '<div class="briefing-body" lang="de">' in german
    english = (archive / "site/articles/2023/blinken-visits-kyiv/index.html").read_text(encoding="utf-8")
    assert 'lang="de"' not in english and '<div class="briefing-body">' in english
