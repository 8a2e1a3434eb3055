"""What the plan store keeps of the whole archive for the next addition (the related
ranking, the page list, where the archive's links lead): after an addition, and after a
text edit, it is what a full plan of the same archive keeps, so that an addition planned
from it is the addition a full plan would make."""

from __future__ import annotations

from pathlib import Path

from generator.build import BuildOptions, build
from generator.incremental.addplan import LINK_TARGETS
from generator.incremental.cache import BuildCache
from generator.incremental.planstore import PlanStore
from generator.models import BriefingRecord

ARTICLES = "content/articles"


def kept(root: Path, out: Path) -> dict:
    store = PlanStore(BuildCache.for_output(root, out).folder)
    try:
        return {key: store.state(key) for key in ("ranking", "pages", LINK_TARGETS)}
    finally:
        store.close()


def full_plan_keeps(root: Path, tmp_path: Path) -> dict:
    out = tmp_path / f"clean-{len(list(tmp_path.glob('clean-*')))}"
    build(BuildOptions(root=root, out_dir=out, clean=True))
    return kept(root, out)


def test_an_addition_keeps_what_a_full_plan_keeps_of_the_whole_archive(project_with_theme: Path, tmp_path: Path):
    root = project_with_theme
    build(BuildOptions(root=root, out_dir=root / "build"))
    (root / ARTICLES / "2023/notes.md").write_text(
        "---\ntitle: Notes\ndate: 2023-01-02\nregion: Eastern Europe\ncountries: [Ukraine]\n"
        "actors: [Blinken]\n---\n\nSee [the talks](../../2024/later-talks/) and [a page](../../nowhere/).\n",
        encoding="utf-8",
    )
    result = build(BuildOptions(root=root, out_dir=root / "build"))
    assert result.quick and result.added == 1

    after, full = kept(root, root / "build"), full_plan_keeps(root, tmp_path)
    assert after["ranking"].related == full["ranking"].related
    assert after["pages"] == full["pages"]
    assert after[LINK_TARGETS] == full[LINK_TARGETS]
    assert {"articles/2024/later-talks/", "articles/nowhere/"} <= after[LINK_TARGETS]


def test_a_text_edit_adds_where_its_new_links_lead(project_with_theme: Path, tmp_path: Path):
    """A link an edit writes joins what the store keeps (one it removes may stay: a path
    too many only costs a later addition a full plan)."""
    root = project_with_theme
    build(BuildOptions(root=root, out_dir=root / "build"))
    kyiv = root / ARTICLES / "2023/blinken-visits-kyiv.md"
    kyiv.write_text(kyiv.read_text(encoding="utf-8").replace("by train", "by train (see [the plan](../future-plan/))", 1),
                    encoding="utf-8")
    assert build(BuildOptions(root=root, out_dir=root / "build")).quick

    assert kept(root, root / "build")[LINK_TARGETS] == full_plan_keeps(root, tmp_path)[LINK_TARGETS]
    assert "articles/2023/future-plan/" in kept(root, root / "build")[LINK_TARGETS]


def test_the_store_keeps_no_briefing_with_its_links(project_with_theme: Path):
    """Where they lead is kept once for the archive; a stored briefing, read by every
    addition, is read without them."""
    root = project_with_theme
    build(BuildOptions(root=root, out_dir=root / "build"))
    store = PlanStore(BuildCache.for_output(root, root / "build").folder)
    try:
        records: list[BriefingRecord] = store.all_records()
    finally:
        store.close()
    assert records and all(record.briefing.links == () for record in records)


def warnings_of(result) -> list[str]:
    return sorted(d.format() for d in result.diagnostics.items)


def test_an_addition_that_a_stored_folder_link_leads_to_clears_that_links_warning(project_with_theme: Path, tmp_path: Path):
    """A link written as a folder (`../slug/`) leads to the page `slug/index.html`: once a
    briefing there is added, the link's warning goes, as in a clean build (the addition is
    then planned whole: addplan.link_check_moves)."""
    root = project_with_theme
    (root / ARTICLES / "2023/notes.md").write_text(
        "---\ntitle: Notes\ndate: 2023-01-02\nregion: Eastern Europe\ncountries: [Ukraine]\n"
        "actors: [Blinken]\n---\n\nSee [the talks](../../2024/later-talks/).\n",
        encoding="utf-8",
    )
    before = build(BuildOptions(root=root, out_dir=root / "build"))
    assert any("'../../2024/later-talks/' leads to no page" in line for line in warnings_of(before))
    (root / ARTICLES / "2024/later-talks.md").write_text(
        "---\ntitle: Later talks\ndate: 2024-02-25\nregion: Eastern Europe\ncountries: [Ukraine]\n"
        "actors: [Blinken]\n---\n\nThe talks went on.\n",
        encoding="utf-8",
    )
    after = build(BuildOptions(root=root, out_dir=root / "build"))
    clean = build(BuildOptions(root=root, out_dir=tmp_path / "clean", clean=True))
    assert not any("later-talks/' leads to no page" in line for line in warnings_of(clean))
    assert warnings_of(after) == warnings_of(clean)
