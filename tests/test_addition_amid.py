"""An addition amid the chronology: a briefing dated in the middle of the archive, naming
its most common values, is what a desk adds most. It lands inside every list that shows
its terms and inside its month, so every later entry moves one place (and onto the next
page); planned from the store all the same, it gives a clean build's bytes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from generator.build import BuildOptions, build
from test_determinism import assert_incremental_same_as_clean  # also puts bench/ on the path

ARTICLES = "content/articles"


def frontmatter(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.split("\n")[1:] if ": " in line)


def test_a_copy_landing_amid_the_chronology_shifts_its_lists_and_gives_a_clean_builds_bytes(tmp_path: Path):
    from make_corpus import make_corpus  # bench/, on the path through test_determinism

    root = tmp_path / "generated"
    make_corpus(60, root, seed=3)
    # three to a page: every term and month with more than three briefings paginates
    with open(root / "pyproject.toml", "a", encoding="utf-8") as settings:
        settings.write("per_page = 3\n")
    out = root / "build"
    build(BuildOptions(root=root, out_dir=out))

    files = sorted((root / ARTICLES).rglob("*.md"))
    fields = {path: frontmatter(path) for path in files}
    region = Counter(f["region"] for f in fields.values()).most_common(1)[0][0]
    dated = sorted((f["date"], path) for path, f in fields.items() if f["region"] == region)
    middle = dated[len(dated) // 2][1]
    region_slug = region.strip('"').lower().replace(" ", "-")
    pages = sorted((out / "regions" / region_slug).rglob("index.html"))
    assert len(pages) >= 3  # its list runs over several pages, the copy lands amid them
    last_page = pages[-1].read_bytes()

    middle.with_name("copy-amid.md").write_text(
        middle.read_text(encoding="utf-8").replace('title: "', 'title: "Copy amid: ', 1), encoding="utf-8"
    )
    result = build(BuildOptions(root=root, out_dir=out))

    assert result.quick and result.added == 1  # planned from the store, not in full
    assert pages[-1].read_bytes() != last_page  # the list's older end moved on
    build(BuildOptions(root=root, out_dir=tmp_path / "clean", clean=True))
    assert_incremental_same_as_clean(out, tmp_path / "clean")
