"""Links are relative to the page they are on, so the site works under any path."""

from __future__ import annotations

from generator import urls


def test_links_between_pages_are_relative_and_end_at_the_folder():
    article = urls.article(2022, "clashes")
    assert article == "articles/2022/clashes/index.html"
    assert urls.relative(article, urls.term("regions", "south-caucasus")) == "../../../regions/south-caucasus/"
    assert urls.relative(urls.home(), article) == "articles/2022/clashes/"
    assert urls.relative(article, urls.home()) == "../../../"
    assert urls.relative(urls.home(), urls.home()) == "./"


def test_file_links_name_the_file_when_not_pretty():
    assert urls.relative("search/index.html", "assets/site.css", pretty=False) == "../assets/site.css"
    assert urls.relative("index.html", "regions/index.html", pretty=False) == "regions/index.html"


def test_a_folder_target_keeps_its_trailing_slash():
    assert urls.relative("search/index.html", "pagefind/") == "../pagefind/"


def test_absolute_addresses_need_a_base_url():
    assert urls.absolute("", "index.html") == ""
    assert urls.absolute("https://example.org/repo", "regions/x/index.html") == "https://example.org/repo/regions/x/"
    assert urls.absolute("https://example.org/repo/", "feed.xml") == "https://example.org/repo/feed.xml"


def test_term_pages_paginate_under_page_n():
    assert urls.term("actors", "putin", 1) == "actors/putin/index.html"
    assert urls.term("actors", "putin", 3) == "actors/putin/page/3/index.html"


def test_relative_links_agree_with_posixpath_on_every_pair_of_a_small_site():
    import posixpath

    paths = [
        "index.html", "404.html", "feed.xml", "search/index.html", "regions/index.html", "regions/a/index.html",
        "regions/a/page/2/index.html", "regions/a/feed.xml", "articles/2022/x/index.html", "articles/2023/y/index.html",
        "assets/site.css", "pagefind/", "archive/2022/09/index.html",
    ]
    for start in paths:
        if start.endswith("/"):
            continue
        for target in paths:
            expected = posixpath.relpath(target, posixpath.dirname(start) or ".") + ("/" if target.endswith("/") else "")
            assert urls.relative(start, target, pretty=False) == expected, (start, target)


def test_links_from_one_page_are_those_of_relative_for_every_pair_of_a_small_site():
    paths = [
        "index.html", "404.html", "feed.xml", "search/index.html", "regions/index.html", "regions/a/index.html",
        "regions/a/page/2/index.html", "regions/a/feed.xml", "regions/ab/index.html", "regionsx/index.html",
        "articles/2022/x/index.html", "articles/2023/y/index.html", "assets/site.css", "pagefind/",
        "archive/2022/09/index.html", "regions",
    ]
    for start in paths:
        if start.endswith("/"):
            continue
        for pretty in (True, False):
            link = urls.relative_from(start, pretty=pretty)
            for target in paths:
                assert link(target) == urls.relative(start, target, pretty=pretty), (start, target, pretty)
