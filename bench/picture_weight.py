"""What the pictures cost a reader: bytes per page, raw and gzipped, and build time.

    .venv/bin/python bench/picture_weight.py                 # the bundled archive
    .venv/bin/python bench/picture_weight.py --synthetic 600 # plus a made-up archive of 600 briefings

For the home page and every region, country and actor page (first page of
each), the cost is the page with its pictures minus the same page with the
pictures section cut out, both as written and gzip-compressed (what a server
or GitHub Pages sends). The synthetic archive spreads briefings over eight
years, every region and country of the bundled vocabulary and its actors, so
timelines have ~96 bars and maps shade many countries: a heavier case than
today's archive. Figures print as a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from generator.build import BuildOptions, build, load_site, resolve_settings  # noqa: E402
from generator.figures import plan_figures  # noqa: E402
from generator.geo import load_world  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SECTION = re.compile(r'<section class="pictures".*?</section>\n?', re.S)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_cost(path: Path) -> tuple[int, int, int, int]:
    """(page bytes, picture bytes, page gzip, picture gzip)."""
    html = path.read_bytes()
    without = SECTION.sub("", html.decode("utf-8")).encode("utf-8")
    return len(html), len(html) - len(without), gz(html), gz(html) - gz(without)


def synthetic_project(target: Path, count: int, seed: int = 8) -> Path:
    """A project with the bundled vocabulary and `count` generated briefings."""
    shutil.copytree(REPO / "content/taxonomy", target / "content/taxonomy")
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    regions = yaml.safe_load((REPO / "content/taxonomy/regions.yaml").read_text(encoding="utf-8"))
    actors = [a["name"] for a in yaml.safe_load((REPO / "content/taxonomy/actors.yaml").read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    start = dt.date(2017, 1, 1)
    weights = [2 ** (len(regions) - i) for i in range(len(regions))]  # coverage is skewed
    for n in range(count):
        region = rng.choices(regions, weights)[0]
        names = [c["name"] if isinstance(c, dict) else c for c in region["countries"]]
        day = start + dt.timedelta(days=rng.randrange(8 * 365))
        folder = target / "content/articles" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"briefing-{n:04d}.md").write_text(
            "---\n"
            f"title: Briefing {n}\n"
            f"date: {day.isoformat()}\n"
            f"region: {region['name']}\n"
            f"countries: [{', '.join(rng.sample(names, min(len(names), rng.randint(1, 3))))}]\n"
            f"actors: [{', '.join(rng.sample(actors, rng.randint(1, 4)))}]\n"
            "---\n\nText.\n",
            encoding="utf-8",
        )
    return target


def measure(root: Path, label: str) -> None:
    settings = resolve_settings(BuildOptions(root=root))
    site, _ = load_site(root, settings, drafts=False)
    started = time.perf_counter()
    world = load_world()
    loaded = time.perf_counter()
    plan_figures(site, world)
    planned = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        build(BuildOptions(root=root, out_dir=Path(out) / "site", search=False))
        site_dir = Path(out) / "site"
        groups = {
            "home": [site_dir / "index.html"],
            "region": sorted(site_dir.glob("regions/*/index.html")),
            "country": sorted(site_dir.glob("countries/*/index.html")),
            "actor": sorted(site_dir.glob("actors/*/index.html")),
        }
        print(f"\n### {label}: {len(site.briefings)} briefings\n")
        print(f"Reading the shapes: {loaded - started:.2f} s; planning every picture: {planned - loaded:.2f} s.\n")
        print("| page | pages | pictures, bytes (median, max) | pictures, gzip (median, max) | whole page, gzip (median) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, paths in groups.items():
            paths = [p for p in paths if p.parent.name not in ("regions", "countries", "actors")]
            costs = [page_cost(p) for p in paths]
            if not costs:
                continue
            raw = [c[1] for c in costs]
            zipped = [c[3] for c in costs]
            print(
                f"| {name} | {len(costs)} | {statistics.median(raw) / 1024:.1f} KiB, {max(raw) / 1024:.1f} KiB"
                f" | {statistics.median(zipped) / 1024:.1f} KiB, {max(zipped) / 1024:.1f} KiB"
                f" | {statistics.median(c[2] for c in costs) / 1024:.1f} KiB |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=0, help="also measure a made-up archive of N briefings")
    args = parser.parse_args()
    measure(REPO, "Bundled archive")
    if args.synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            measure(synthetic_project(Path(tmp), args.synthetic), "Synthetic archive")


if __name__ == "__main__":
    main()
