"""The digest of what the search indexer reads of a page: the same wherever the page
changes outside what Pagefind reads, different wherever it may read."""

from __future__ import annotations

from generator.searchdigest import search_digest

PAGE = """<!doctype html>
<html lang="{lang}">
<head><title>{title} · Briefings</title><meta charset="utf-8"></head>
<body>
<header class="site-header"><a href="/">Briefings</a></header>
<main>
<article class="briefing" data-pagefind-body>
  <h1 data-pagefind-meta="title">{title}</h1>
  <time datetime="2024-03-02" data-pagefind-filter="year:2024">2 March 2024</time>
  <p>{body}</p>
</article>
<aside class="briefing-aside" data-pagefind-ignore>
  <h2>Related briefings</h2>
  <ol>{related}</ol>
</aside>
</main>
<footer><p>Briefings</p></footer>
</body>
</html>
"""


def page(*, lang="en", title="Floods close the river port", body="Barges waited at the lock.",
         related="<li><a href=\"/a/\">Harvest falls short</a></li>", template=PAGE) -> bytes:
    return template.format(lang=lang, title=title, body=body, related=related).encode("utf-8")


def test_a_page_changed_only_in_its_related_list_digests_alike():
    changed = page(related="<li><a href=\"/b/\">Ferry service resumes</a></li><li><a href=\"/a/\">Harvest falls short</a></li>")
    assert search_digest(changed) == search_digest(page())


def test_a_change_of_the_indexed_text_its_title_or_its_language_digests_otherwise():
    assert search_digest(page(body="Barges waited at the second lock.")) != search_digest(page())
    assert search_digest(page(title="Floods close the river ports")) != search_digest(page())
    assert search_digest(page(lang="fr")) != search_digest(page())


def test_a_filter_inside_the_body_element_is_read_with_it():
    moved = page().replace(b"year:2024", b"year:2025")
    assert search_digest(moved) != search_digest(page())


def test_a_filter_outside_the_body_element_makes_the_whole_page_count():
    template = PAGE.replace('<aside class="briefing-aside"', '<aside data-pagefind-filter="desk:Rivers" class="briefing-aside"')
    assert search_digest(page(template=template, related="<li>Ferry</li>")) != search_digest(page(template=template))


def test_a_heading_or_a_picture_outside_the_body_element_makes_the_whole_page_count():
    # Pagefind takes the first h1 as a title, and the first picture after it as an image, when none is given
    with_heading = PAGE.replace('<a href="/">Briefings</a>', '<h1>Briefings</h1>')
    with_picture = PAGE.replace("<h2>Related briefings</h2>", '<h2>Related briefings</h2><img src="/map.png" alt="">')
    for template in (with_heading, with_picture):
        assert search_digest(page(template=template, related="<li>Ferry</li>")) != search_digest(page(template=template))


def test_a_page_without_a_body_element_counts_whole():
    template = PAGE.replace(" data-pagefind-body", "")
    assert search_digest(page(template=template, related="<li>Ferry</li>")) != search_digest(page(template=template))


def test_a_body_element_left_open_counts_whole():
    template = PAGE.replace("</article>", "")
    assert search_digest(page(template=template, related="<li>Ferry</li>")) != search_digest(page(template=template))


def test_the_body_element_ends_at_its_own_end_tag_not_at_a_nested_one():
    body = "Barges waited.</p><article><p>A quoted notice.</p></article><p>The lock reopened on {day}."
    assert search_digest(page(body=body.format(day="Monday"))) != search_digest(page(body=body.format(day="Tuesday")))


def test_an_end_tag_in_a_comment_or_a_script_does_not_end_the_body_element():
    for quoted in ("<!-- </article> -->", "<script>var end = '</article>';</script>"):
        body = f"Barges waited.{quoted} The lock reopened on {{day}}."
        assert search_digest(page(body=body.format(day="Monday"))) != search_digest(page(body=body.format(day="Tuesday")))
        same = search_digest(page(body=body.format(day="Monday"), related="<li>Ferry</li>"))
        assert same == search_digest(page(body=body.format(day="Monday")))


def test_a_quoted_angle_bracket_in_an_attribute_is_not_the_end_of_the_tag():
    template = PAGE.replace('<article class="briefing" data-pagefind-body>', '<article title="a > b" data-pagefind-body>')
    assert search_digest(page(template=template, related="<li>Ferry</li>")) == search_digest(page(template=template))
    assert search_digest(page(template=template, body="Other words.")) != search_digest(page(template=template))
