"""The offline edition on disk: one reproducible zip whose pages link to files,
carrying its own search index and a note on reading it offline."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURE_ARCHIVE, unzip
from generator.build import BuildOptions, build
from generator.offline import zip_files, zip_name
from generator.offline_search import fold, search_files, shard_of, words
from sitecheck import resolve, scan_html

ZIP = "fixture-briefings-offline.zip"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def edition(built_offline: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unzip(built_offline / ZIP, tmp_path_factory.mktemp("unzipped"))


def test_the_zip_is_named_after_the_site_and_linked_from_every_web_page(built_offline: Path):
    assert zip_name("Crisis Briefings") == "crisis-briefings-offline.zip"
    assert (built_offline / ZIP).is_file()
    for page in built_offline.rglob("*.html"):
        path = page.relative_to(built_offline).as_posix()
        if path.startswith("pagefind/") or path == "404.html":
            continue
        links = [resolve(path, link) for link in scan_html(page.read_text(encoding="utf-8")).links]
        assert ZIP in links, path


def test_without_the_option_no_zip_is_built_or_linked(built_fixture: Path):
    assert not list(built_fixture.glob("*.zip"))
    assert "offline.zip" not in (built_fixture / "index.html").read_text(encoding="utf-8")


def test_every_link_in_the_edition_names_a_file_that_is_there(edition: Path):
    pages = sorted(edition.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        path = page.relative_to(edition).as_posix()
        for link in scan_html(page.read_text(encoding="utf-8")).links:
            target = resolve(path, link)
            if target is None:
                continue  # outside links: the original report, the online edition
            address = link.split("#")[0].split("?")[0]
            assert not address.startswith("/"), (path, link)
            assert address == "" or not address.endswith("/"), f"{path}: {link} names a folder, not a file"
            assert (edition / target).is_file(), f"{path}: {link} -> {target} is missing"


def test_the_edition_has_the_reading_note_and_no_web_only_files(edition: Path):
    note = (edition / "HOW-TO-READ-OFFLINE.txt").read_text(encoding="utf-8")
    assert "double-click index.html" in note
    assert "https://example.org/briefings/" in note
    for web_only in ["pagefind", "sw.js", "offline-files.json", "sitemap.xml", "404.html", ZIP]:
        assert not (edition / web_only).exists(), web_only
    assert (edition / "search/data/manifest.js").is_file()
    search = (edition / "search/index.html").read_text(encoding="utf-8")
    assert "pagefind" not in search and "offline-search.js" in search


def test_the_zip_is_reproducible_and_in_sorted_order(built_offline: Path):
    with zipfile.ZipFile(built_offline / ZIP) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert all(name.startswith("fixture-briefings-offline/") for name in names)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    files = [("b.txt", b"2"), ("a.txt", b"1")]
    assert zip_files("x", files) == zip_files("x", list(reversed(files)))


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path):
    root = tmp_path / "src"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    first = build(BuildOptions(root=root, out_dir=tmp_path / "one", offline=True, search=False)).out_dir
    second = build(BuildOptions(root=root, out_dir=tmp_path / "two", offline=True, search=False)).out_dir
    assert tree_digest(first) == tree_digest(second)
    assert "sw.js" in tree_digest(first) and ZIP in tree_digest(first)


def test_with_search_only_pagefinds_own_files_and_the_worker_that_lists_them_vary(tmp_path: Path):
    # Pagefind 1.5 names its filter and metadata files differently on each run
    # (upstream issue Pagefind/pagefind#638). The service worker's version is a
    # digest that includes them, so it follows; everything of ours is identical.
    root = tmp_path / "src"
    shutil.copytree(FIXTURE_ARCHIVE, root)
    first = tree_digest(build(BuildOptions(root=root, out_dir=tmp_path / "one", offline=True)).out_dir)
    second = tree_digest(build(BuildOptions(root=root, out_dir=tmp_path / "two", offline=True)).out_dir)
    varying = {"sw.js", "offline-files.json"}
    assert {p: d for p, d in first.items() if not p.startswith("pagefind/") and p not in varying} == {
        p: d for p, d in second.items() if not p.startswith("pagefind/") and p not in varying
    }


def test_words_are_folded_as_the_browser_folds_queries():
    assert words("Pashinyan's talks in Yerevan, 2022") == ["pashinyan", "talks", "in", "yerevan", "2022"]
    assert fold("Çavuşoğlu") == "cavusoglu"
    assert words("a I x") == []  # single letters are not indexed
    assert shard_of("blinken") == "626c"


def test_the_index_is_split_and_each_file_is_one_receive_call(built_offline: Path, edition: Path):
    data = edition / "search/data"
    pattern = re.compile(r'^BriefingsSearch\.receive\("([\w-]+)",(.*)\);\n$', re.DOTALL)
    loaded = {}
    for file in sorted(data.iterdir()):
        match = pattern.match(file.read_text(encoding="ascii"))
        assert match and match.group(1) + ".js" == file.name, file.name
        loaded[match.group(1)] = json.loads(match.group(2))
    manifest = loaded["manifest"]
    assert manifest["documents"] == 5
    assert ["South Caucasus", 2] in manifest["filters"]["region"]
    assert [value for value, _ in manifest["filters"]["year"]] == ["2024", "2023", "2022"]
    assert sorted(manifest["shards"]) == sorted(name[2:] for name in loaded if name.startswith("w-"))
    # "blinken" is in three briefings, and counts most where it is in the title
    postings = loaded["w-626c"]["blinken"]
    documents = loaded["d-0"]
    scored = {documents[d][1]: score for d, score in zip(postings[::2], postings[1::2])}
    assert set(scored) == {"Blinken calls Pashinyan and Aliyev after border fighting",
                           "Blinken visits Kyiv with new aid package",
                           "Blinken in Riyadh for talks on Yemen"}


def test_a_large_archive_opens_with_a_small_manifest(built_offline: Path):
    # 10,000 briefings: the page reads the manifest first, then only the shards a query needs
    from generator.build import load_site, resolve_settings

    root = FIXTURE_ARCHIVE
    site, _ = load_site(root, resolve_settings(BuildOptions(root=root)), drafts=False)
    many = [site.briefings[i % len(site.briefings)] for i in range(10_000)]
    files = dict(search_files(many))
    assert len(files["manifest.js"]) < 20_000
    assert max(len(data) for name, data in files.items() if name.startswith("d-")) < 200_000
    assert len([name for name in files if name.startswith("d-")]) == 200


def test_the_edition_runs_no_script_but_its_search(edition: Path):
    for page in sorted(edition.rglob("*.html")):
        scan = scan_html(page.read_text(encoding="utf-8"))
        assert scan.inline_scripts == [] and scan.event_attributes == [], page
        sources = {(script.get("src") or "").rsplit("/", 1)[-1] for script in scan.scripts}
        expected = {"search-ui.js", "offline-search.js"} if page.relative_to(edition).as_posix() == "search/index.html" else set()
        assert sources == expected, page


def test_the_command_builds_the_edition_when_asked_and_says_so(archive: Path):
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search", "--offline"])
    assert result.exit_code == 0, result.output
    assert ", offline edition fixture-briefings-offline.zip in " in result.stdout
    with zipfile.ZipFile(archive / "build" / ZIP) as edition:
        assert edition.testzip() is None and "fixture-briefings-offline/index.html" in edition.namelist()


def test_a_theme_without_the_service_worker_template_is_a_build_error_naming_it(archive: Path):
    from generator.build import BuildError

    theme = archive / "themes" / "default"
    shutil.copytree(Path(__file__).resolve().parent.parent / "themes" / "default", theme)
    (theme / "templates" / "sw.js").unlink()
    with pytest.raises(BuildError, match=r"themes/default/templates/sw\.js: missing"):
        build(BuildOptions(root=archive, out_dir=archive / "site", search=False))
    assert not (archive / "site").exists()


REGION_BRIEFINGS = {  # the fixture's briefings by region, from their front matter
    "south-caucasus": {"articles/2022/blinken-calls-pashinyan-and-aliyev/index.html",
                       "articles/2023/ceasefire-holds-on-armenia-azerbaijan-border/index.html"},
    "eastern-europe": {"articles/2023/blinken-visits-kyiv/index.html"},
    "middle-east": {"articles/2024/blinken-in-riyadh/index.html", "articles/2024/red-sea-shipping-attacks/index.html"},
}


def region_edition(built_offline: Path, slug: str, target: Path) -> Path:
    return unzip(built_offline / f"fixture-briefings-offline-{slug}.zip", target)


def test_each_region_with_briefings_has_its_own_zip_linked_from_its_page(built_offline: Path):
    assert {p.name for p in built_offline.glob("*.zip")} == {ZIP} | {
        f"fixture-briefings-offline-{slug}.zip" for slug in REGION_BRIEFINGS
    }
    for slug in REGION_BRIEFINGS:
        page = f"regions/{slug}/index.html"
        links = [resolve(page, link) for link in scan_html((built_offline / page).read_text(encoding="utf-8")).links]
        assert f"fixture-briefings-offline-{slug}.zip" in links, page


def test_a_region_edition_holds_only_that_regions_briefings(built_offline: Path, tmp_path: Path):
    for slug, briefings in REGION_BRIEFINGS.items():
        edition = region_edition(built_offline, slug, tmp_path / slug)
        articles = {p.relative_to(edition).as_posix() for p in edition.glob("articles/**/index.html")}
        assert articles == briefings, slug
        pages = {p.relative_to(edition).as_posix() for p in edition.rglob("*.html")}
        assert pages - articles == {"index.html", "search/index.html", f"regions/{slug}/index.html"}, slug
        manifest = (edition / "search/data/manifest.js").read_text(encoding="ascii")
        assert f'"documents":{len(briefings)},' in manifest
        # the front page opens the region
        assert f'url=regions/{slug}/index.html"' in (edition / "index.html").read_text(encoding="utf-8")
        assert not (edition / "feed.xml").exists()  # the whole site's feed carries every region


def test_in_a_region_edition_a_link_names_a_file_there_or_the_web_edition(built_offline: Path, tmp_path: Path):
    edition = region_edition(built_offline, "south-caucasus", tmp_path)
    online = set()
    for page in sorted(edition.rglob("*.html")):
        path = page.relative_to(edition).as_posix()
        for link in scan_html(page.read_text(encoding="utf-8")).links:
            target = resolve(path, link)
            if target is None:
                online.add(link)
                continue
            assert (edition / target).is_file(), f"{path}: {link} -> {target} is missing"
    # the briefing of another region, and the pages that list every region, are read online
    assert "https://example.org/briefings/articles/2023/blinken-visits-kyiv/" in online
    assert "https://example.org/briefings/countries/" in online


def test_without_a_base_url_a_link_out_of_a_region_edition_is_plain_text():
    from generator.offline import confine_links

    page = (
        '<link rel="alternate" href="../../../feed.xml"><link rel="stylesheet" href="../../../assets/site.css">'
        '<p><a class="term" href="../../../countries/armenia/index.html">Armenia</a> and '
        '<a href="../ceasefire/index.html#top">the ceasefire</a></p>'
    )
    held = {"assets/site.css", "articles/2023/ceasefire/index.html"}.__contains__
    assert confine_links("articles/2023/talks/index.html", page, held, "") == (
        '<link rel="stylesheet" href="../../../assets/site.css">'
        '<p><span class="term">Armenia</span> and <a href="../ceasefire/index.html#top">the ceasefire</a></p>'
    )
    assert 'href="https://example.org/countries/armenia/"' in confine_links(
        "articles/2023/talks/index.html", page, held, "https://example.org/"
    )


def test_without_a_base_url_a_chart_bar_or_map_country_linking_out_becomes_an_svg_group():
    from generator.offline import confine_links

    # a <span> inside an <svg> is no SVG element: the bar would fall out of the drawing
    page = (
        '<svg viewBox="0 0 10 10"><a href="../../archive/2016/index.html" tabindex="-1">'
        '<rect class="bar" width="1" height="2"><title>2016: 3</title></rect></a></svg>'
        '<p><a href="../../countries/iraq/index.html">Iraq</a></p>'
    )
    assert confine_links("regions/middle-east/index.html", page, lambda target: False, "") == (
        '<svg viewBox="0 0 10 10"><g>'
        '<rect class="bar" width="1" height="2"><title>2016: 3</title></rect></g></svg>'
        '<p><span>Iraq</span></p>'
    )
