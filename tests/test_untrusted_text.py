"""Scraped text never reaches a reader's browser as live HTML or script."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import markupsafe
import pytest

from generator.build import BuildOptions, build
from conftest import add_region
from sitecheck import scan_html

HOSTILE_BODY = """\
<script>alert('body')</script>
<iframe src="https://evil.example/"></iframe>
<img src=x onerror="alert('img')">
<svg><script>alert('svg')</script></svg>
<a href="javascript:alert('raw')">raw link</a>

[markdown link](javascript:alert('md'))
[encoded](javascript&#58;alert('enc'))
[spaced](  javascript:alert('sp'))
[vb](vbscript:msgbox('x'))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
![image](javascript:alert('img'))
<div onmouseover="alert('div')">hover</div>
"""

HOSTILE_ARTICLE = f"""\
---
title: "<script>alert('title')</script> Breaking"
date: 2024-05-01
region: "<img src=x onerror=alert('region')>"
countries: ["<b onclick=alert('country')>Ruritania</b>"]
actors: ["\\"><script>alert('actor')</script>"]
tags: ["<svg onload=alert('tag')>"]
places: ["<a href=javascript:alert('place')>Town</a>"]
source: "javascript:alert('source')"
summary: "</p><script>alert('summary')</script>"
---

{HOSTILE_BODY}
"""

OUR_SCRIPTS = {"search-ui.js", "search.js", "offline.js"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "archive", root, dirs_exist_ok=True)
    target = root / "content/articles/2024/hostile.md"
    target.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    add_region(root, "<img src=x onerror=alert('region')>")  # a briefing's region must be in the vocabulary
    out = root / "site"
    build(BuildOptions(root=root, out_dir=out))
    return out


def html_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith("pagefind/")]


def test_the_hostile_briefing_was_built(hostile_site: Path):
    html = (hostile_site / "articles/2024/hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Breaking" in html
    assert "&lt;script&gt;alert('body')&lt;/script&gt;" in html


def test_no_page_carries_a_script_other_than_our_own(hostile_site: Path):
    for page in html_pages(hostile_site):
        scan = scan_html(page.read_text(encoding="utf-8"))
        assert scan.inline_scripts == [], page
        for script in scan.scripts:
            assert (script.get("src") or "").rsplit("/", 1)[-1] in OUR_SCRIPTS, (page, script)


def test_no_page_carries_an_event_handler_attribute(hostile_site: Path):
    for page in html_pages(hostile_site):
        assert scan_html(page.read_text(encoding="utf-8")).event_attributes == [], page


def test_no_link_runs_script(hostile_site: Path):
    for page in html_pages(hostile_site):
        for link in scan_html(page.read_text(encoding="utf-8")).links:
            scheme = link.strip().split(":", 1)[0].lower()
            assert scheme not in ("javascript", "vbscript", "data"), (page, link)


def test_feeds_carry_the_body_as_escaped_safe_html(hostile_site: Path):
    ns = "{http://www.w3.org/2005/Atom}"
    for feed in hostile_site.rglob("feed.xml"):
        for content in ET.parse(feed).getroot().iter(f"{ns}content"):
            # what a feed reader renders: the decoded HTML must hold no live markup
            scan = scan_html(content.text or "")
            assert scan.scripts == [] and scan.event_attributes == [], feed
            assert not any(link.lower().startswith(("javascript", "vbscript", "data")) for link in scan.links)


def test_search_records_hold_text_not_markup(hostile_site: Path):
    # Pagefind stores what it indexed; the title it shows in results must be the escaped text
    html = (hostile_site / "articles/2024/hostile/index.html").read_text(encoding="utf-8")
    assert "<h1 data-pagefind-meta=\"title\">&lt;script&gt;" in html


def test_every_page_declares_a_policy_that_allows_only_its_own_scripts(hostile_site: Path):
    from generator.render import CONTENT_SECURITY_POLICY

    assert "script-src 'self' 'wasm-unsafe-eval'" in CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{markupsafe.escape(CONTENT_SECURITY_POLICY)}">'
    for page in html_pages(hostile_site):
        assert meta in page.read_text(encoding="utf-8"), page
