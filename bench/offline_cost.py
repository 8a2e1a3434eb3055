"""What the offline edition costs a build: times `briefings build` of a synthetic
archive with and without --offline, and reports the sizes of what it adds: the
whole edition's zip and each region's.

    .venv/bin/python bench/offline_cost.py [BRIEFINGS] [--generated] [--sizes-only]

BRIEFINGS defaults to 2000. The archive is the test fixture's briefings copied
under new names and dates (short briefings, a few hundred words each, in three
regions); with --generated it is bench/make_corpus.py's (500-900 words each,
about 12 regions), closer to a real archive's shape. --sizes-only builds once,
with the offline edition and without Pagefind (the edition holds none of it),
and reports only the sizes: it is what a 10,000-briefing run can afford.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import (  # noqa: E402
    BuildOptions, build, load_site, resolve_settings,
)
from generator.pages import plan_pages  # noqa: E402
from generator.offline import offline_edition  # noqa: E402
from generator.render import PageRenderer, find_theme  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "archive"
sys.path.insert(0, str(REPO / "bench"))
from make_corpus import make_corpus  # noqa: E402


def make_archive(root: Path, count: int) -> None:
    shutil.copytree(FIXTURE, root)
    sources = sorted((root / "content" / "articles").rglob("*.md"))
    texts = [s.read_text(encoding="utf-8") for s in sources if "draft: true" not in s.read_text(encoding="utf-8")]
    for source in sources:
        source.unlink()
    start = dt.date(2015, 1, 1)
    for n in range(count):
        day = start + dt.timedelta(days=n % 3650)
        text = texts[n % len(texts)]
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("date: "):
                lines[i] = f"date: {day.isoformat()}"
            elif line.startswith("title: "):
                lines[i] = f"{line} ({n})"
        folder = root / "content" / "articles" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"briefing-{n:05d}.md").write_text("\n".join(lines), encoding="utf-8")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("per_page = 2", "per_page = 20"))


def timed(options: BuildOptions) -> float:
    started = time.perf_counter()
    build(options)
    return time.perf_counter() - started


def stages(root: Path, site_dir: Path) -> None:
    """The build's stages timed one by one: the offline edition against the rest."""
    settings = resolve_settings(BuildOptions(root=root))
    started = time.perf_counter()
    site, _ = load_site(root, settings, drafts=False)
    pages = plan_pages(site)
    loaded = time.perf_counter()
    theme = find_theme(root, settings.theme)
    renderer = PageRenderer(theme, settings)
    for page in pages:
        renderer.render(page)
    rendered = time.perf_counter()
    written = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    offline_edition(site, pages, theme, site_dir, written)
    offline = time.perf_counter()
    print(f"stages: read and check content {loaded - started:.1f} s, render {len(pages)} pages "
          f"{rendered - loaded:.1f} s, offline edition (render again, index, zip) {offline - rendered:.1f} s")


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def sizes(out: Path) -> None:
    (archive,) = out.glob("*-offline.zip")
    with zipfile.ZipFile(archive) as opened:
        infos = opened.infolist()
    index = [i for i in infos if "/search/data/" in i.filename]
    manifest = next(i for i in index if i.filename.endswith("/manifest.js"))
    print(f"whole edition: zip {megabytes(archive.stat().st_size)}, {len(infos)} files; search index "
          f"{sum(i.file_size for i in index) / 1e6:.1f} MB in {len(index)} files; "
          f"manifest read on opening search {manifest.file_size / 1e3:.0f} kB")
    regions = sorted(out.glob(archive.name.removesuffix(".zip") + "-*.zip"), key=lambda p: p.stat().st_size)
    if regions:
        size = [p.stat().st_size for p in regions]
        print(f"{len(regions)} region editions: {megabytes(sum(size))} in all; smallest {megabytes(size[0])}, "
              f"median {megabytes(size[len(size) // 2])}, largest {megabytes(size[-1])}")
        for path in regions:
            with zipfile.ZipFile(path) as opened:
                pages = sum(1 for n in opened.namelist() if "/articles/" in n and n.endswith("/index.html"))
            print(f"  {path.name}: {megabytes(path.stat().st_size)}, {pages} briefings")


def main() -> None:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(arguments[0]) if arguments else 2000
    generated = "--generated" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        make_corpus(count, root) if generated else make_archive(root, count)
        what = "generated" if generated else "fixture-copied"
        if "--sizes-only" in sys.argv:
            took = timed(BuildOptions(root=root, out_dir=Path(tmp) / "offline", offline=True, search=False))
            print(f"{count} {what} briefings: briefings build --offline --no-search {took:.1f} s")
            sizes(Path(tmp) / "offline")
            return
        plain = timed(BuildOptions(root=root, out_dir=Path(tmp) / "plain"))
        offline = timed(BuildOptions(root=root, out_dir=Path(tmp) / "offline", offline=True))
        print(f"{count} {what} briefings: briefings build {plain:.1f} s, briefings build --offline {offline:.1f} s")
        stages(root, Path(tmp) / "plain")
        sizes(Path(tmp) / "offline")


if __name__ == "__main__":
    main()
