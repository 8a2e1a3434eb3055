"""What the offline edition costs a build: times `briefings build` of a synthetic
archive with and without --offline, and reports the sizes of what it adds.

    .venv/bin/python bench/offline_cost.py [BRIEFINGS]   (default 2000)

The archive is the test fixture's briefings copied under new names and dates,
so the figures are for short briefings (a few hundred words each).
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
    BuildOptions, _offline_edition, build, find_theme, load_site, resolve_settings,
)
from generator.pages import plan_pages  # noqa: E402
from generator.render import PageRenderer  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "archive"


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
    _offline_edition(site, pages, theme, site_dir, written)
    offline = time.perf_counter()
    print(f"stages: read and check content {loaded - started:.1f} s, render {len(pages)} pages "
          f"{rendered - loaded:.1f} s, offline edition (render again, index, zip) {offline - rendered:.1f} s")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        make_archive(root, count)
        plain = timed(BuildOptions(root=root, out_dir=Path(tmp) / "plain"))
        offline = timed(BuildOptions(root=root, out_dir=Path(tmp) / "offline", offline=True))
        print(f"{count} briefings: briefings build {plain:.1f} s, briefings build --offline {offline:.1f} s")
        stages(root, Path(tmp) / "plain")
        out = Path(tmp) / "offline"
        (archive,) = out.glob("*-offline.zip")
        with zipfile.ZipFile(archive) as opened:
            infos = opened.infolist()
        index = [i for i in infos if "/search/data/" in i.filename]
        manifest = next(i for i in index if i.filename.endswith("/manifest.js"))
        print(f"zip {archive.stat().st_size / 1e6:.1f} MB, {len(infos)} files; search index "
              f"{sum(i.file_size for i in index) / 1e6:.1f} MB in {len(index)} files; "
              f"manifest read on opening search {manifest.file_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
