"""The archive's pages: planned whole by a full build, or only those an addition changes
(its year and month, a month with its further pages), which are the same pages."""

from __future__ import annotations

import datetime as dt

from generator import urls
from generator.config import Settings
from generator.content import parse_article
from generator.pages import plan_archive
from generator.site import build_site
from generator.taxonomy import parse_regions


def archive_site():
    vocabulary, _ = parse_regions("- name: Middle East\n  countries: [Yemen]\n", "regions.yaml")
    dates = ["2023-01-04", "2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05", "2024-06-01"]
    articles = [
        parse_article(f"---\ntitle: Talks {n}\ndate: {day}\nregion: Middle East\n---\n\nText.\n",
                      f"content/articles/{day[:4]}/t{n}.md")[0]
        for n, day in enumerate(dates)
    ]
    site, _ = build_site(articles, vocabulary, Settings(per_page=2))
    return site


def test_only_the_pages_asked_for_are_planned_as_the_whole_archive_plans_them():
    site = archive_site()
    may = urls.archive_month(dt.date(2024, 5, 1))
    wanted = {urls.archive_index(), urls.archive_year(2023), may}
    whole = plan_archive(site)

    only = plan_archive(site, only=wanted)

    may_pages = [p.path for p in only if p.path.startswith(may.removesuffix("index.html"))]
    assert may_pages == [may, may.replace("index.html", "page/2/index.html"), may.replace("index.html", "page/3/index.html")]
    assert only == [page for page in whole if page.path in wanted or page.path in may_pages]
    assert urls.archive_year(2024) not in {p.path for p in only}  # asked for its month only
    assert plan_archive(site, only=set()) == []
