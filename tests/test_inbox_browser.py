"""The inbox in Chromium: paste an article, see each field's evidence marked in the
cleaned text, correct the region, save, and find the briefing on the live site; an
undated page becomes a draft that is published from the drafts list; a hostile page
runs nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from conftest import PWNED
from generator.build import BuildOptions, build
from generator.serve import DevServer

# Invented, so the test never depends on a file outside the repository.
ARTICLE = (
    "Armenia and Azerbaijan resume border talks in Geneva\n\n"
    "Armenia and Azerbaijan resumed talks on 14 March 2024 in Geneva, with Nikol Pashinyan and "
    "Ilham Aliyev meeting under mediation by the European Union after clashes on the border.\n\n"
    "Officials said that further rounds would follow in April and that prisoners would be exchanged.\n"
)
UNDATED = (
    "Houthi attacks on shipping force new routes through the Red Sea\n\n"
    "Attacks by the Houthis on merchant ships off Yemen have pushed shipping companies to send "
    "their vessels around Africa, adding weeks to each voyage and raising insurance costs.\n\n"
    "Saudi Arabia called for restraint, and talks between the parties are expected to continue.\n"
)
HOSTILE = """<!doctype html><html><head><title>Hostile page about talks in Armenia</title>
<script>window.__pwned_head = 1; alert("head"); console.log("pwned head");</script></head>
<body onload="window.__pwned_onload = 1">
<article><h1 onmouseover="window.__pwned_h1 = 1">Armenia and Azerbaijan meet again <img src=x onerror="window.__pwned_img = 1"></h1>
<p>Armenia and Azerbaijan met again on 14 March 2024, with Nikol Pashinyan and Ilham Aliyev present
<script>window.__pwned_body = 1; console.log("pwned body")</script> and
<a href="javascript:window.__pwned_link = 1; console.log('pwned link')">a link that would run script</a>.</p>
<p>&lt;img src=x onerror="window.__pwned_escaped = 1"&gt; is text an article may quote, and
<svg onload="window.__pwned_svg = 1"></svg> more words follow so that this is an article of some length.</p>
</article></body></html>
"""


@pytest.fixture
def live(archive: Path) -> Iterator[tuple[DevServer, str]]:
    """`briefings serve` as the command runs it: built, watching, serving (in this process)."""
    server = DevServer(archive, port=0, echo=lambda text: None)
    server.start()
    try:
        yield server, server.url
    finally:
        server.stop()


def open_inbox(browser, url: str):
    page = browser.new_context().new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}"))
    page.on("response", lambda response: response.status >= 400 and problems.append(f"{response.status}: {response.url}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(url + "_inbox/")
    return page, problems


def test_paste_extract_correct_the_region_save_and_see_it_on_the_site(live, archive: Path, browser):
    from playwright.sync_api import expect

    _, url = live
    page, problems = open_inbox(browser, url)
    page.fill("#paste", ARTICLE)
    page.click("#extract")
    extract = page.locator(".extract")
    # each field's evidence is marked in the cleaned text, and named beside its field
    expect(extract.locator('mark[data-field="title"]')).to_have_text("Armenia and Azerbaijan resume border talks in Geneva")
    expect(extract.locator('mark[data-field="date"]')).to_contain_text("14 March 2024")
    expect(extract.locator('mark[data-field="region"]')).to_have_text("Armenia")
    expect(extract.locator('mark[data-field="actors"]').first).to_have_text("Nikol Pashinyan")
    expect(extract.locator('input[name="title"]')).to_have_value("Armenia and Azerbaijan resume border talks in Geneva")
    expect(extract.locator('input[name="date"]')).to_have_value("2024-03-14")
    expect(extract.locator('input[name="region"]')).to_have_value("South Caucasus")
    expect(extract.locator('[data-field="actors"] .names')).to_contain_text("Ilham Aliyev")
    expect(extract.locator('[data-evidence-for="date"]')).to_contain_text("14 March 2024")

    extract.locator('input[name="region"]').fill("Eastern Europe")
    extract.locator("button.save").click()
    saved_path = "content/articles/2024/armenia-and-azerbaijan-resume-border-talks-in-geneva.md"
    expect(extract.locator(".saved-path")).to_have_text(saved_path)
    text = (archive / saved_path).read_text(encoding="utf-8")
    assert "region: Eastern Europe\n" in text
    assert "ingested_from: 'inbox: pasted text'\n" in text
    assert re.search(r"^raw_sha256: [0-9a-f]{64}$", text, re.M)
    assert re.search(r"^ingested_at: 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d", text, re.M)

    # live reload: once the preview has rebuilt, the inbox links to the new page
    expect(extract.locator(".site")).to_contain_text("Now on the site", timeout=15_000)
    extract.locator("a.site-link").click()
    expect(page.locator("h1")).to_have_text("Armenia and Azerbaijan resume border talks in Geneva")
    expect(page.locator("body")).to_contain_text("Eastern Europe")
    assert problems == []


def test_an_undated_page_is_saved_as_a_draft_and_published_from_the_drafts_list(live, archive: Path, browser, tmp_path):
    from playwright.sync_api import expect

    _, url = live
    page, problems = open_inbox(browser, url)
    page.fill("#paste", UNDATED)
    page.click("#extract")
    extract = page.locator(".extract")
    expect(extract.locator('input[name="date"]')).to_have_value("")
    expect(extract.locator('[data-evidence-for="date"]')).to_contain_text("no date found")  # ingest's own evidence
    extract.locator('input[name="region"]').fill("Middle East")  # the editor gives what was not found
    extract.locator("button.save").click()
    expect(extract.locator(".result")).to_contain_text("saved as a draft")
    path = extract.locator(".saved-path").text_content()
    written = (archive / path).read_text(encoding="utf-8")
    assert "draft: true\n" in written and "no publication date found" in written

    draft = page.locator(f'li.draft[data-path="{path.removeprefix("content/articles/")}"]')
    expect(draft).to_contain_text("Houthi attacks on shipping force new routes through the Red Sea")
    expect(draft.locator(".review")).to_contain_text("no publication date found")
    expect(draft.locator("a.edit")).to_have_text(path)
    draft.locator("button.publish").click()
    expect(draft).to_contain_text("Published " + path)
    published = (archive / path).read_text(encoding="utf-8")
    assert "draft:" not in published and "review:" not in published and "no publication date" not in published

    expect(draft).to_contain_text("Now on the site", timeout=15_000)
    out = tmp_path / "next-build"
    build(BuildOptions(root=archive, out_dir=out, search=False))
    slug = Path(path).stem
    (built,) = out.glob(f"articles/*/{slug}/index.html")
    assert "Houthi attacks on shipping force new routes through the Red Sea" in built.read_text(encoding="utf-8")
    assert problems == []


def test_a_pasted_hostile_page_runs_nothing(live, browser):
    from playwright.sync_api import expect

    _, url = live
    page, problems = open_inbox(browser, url)
    page.fill("#paste", HOSTILE)
    page.click("#extract")
    extract = page.locator(".extract")
    expect(extract.locator(".body")).to_contain_text("Nikol Pashinyan")
    # quoted markup is shown as the text it is (the body is Markdown, where "<" is written "&lt;")
    expect(extract.locator(".body")).to_contain_text('img src=x onerror="window.__pwned_escaped = 1">')
    extract.locator(".body").hover()
    extract.locator("h2").hover()
    for link in extract.locator("a").all():
        link.click()
    page.wait_for_timeout(300)
    assert page.evaluate(PWNED) == []
    assert extract.locator(".body img, .body script, .body svg, .body a").count() == 0
    assert problems == []
    # a title that is markup, saved as a draft, is listed as the text it is
    extract.locator('input[name="title"]').fill('<img src=x onerror="window.__pwned_title = 1"> Talks in Geneva')
    extract.locator('input[name="draft"]').check()
    extract.locator("button.save").click()
    expect(extract.locator(".result")).to_contain_text("saved as a draft")
    expect(page.locator("li.draft strong").filter(has_text="Talks in Geneva")).to_have_text('<img src=x onerror="window.__pwned_title = 1"> Talks in Geneva')
    page.wait_for_timeout(300)
    assert page.evaluate(PWNED) == []
    assert problems == []
