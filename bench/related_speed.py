"""CPU time of the related ranking alone, on a corpus from bench/make_corpus.py.

    python bench/related_speed.py /tmp/b10k/corpus-10000
    python bench/related_speed.py /tmp/b10k/corpus-10000 --against main   # old and new, interleaved
    python bench/related_speed.py /tmp/b10k/corpus-10000 --first 20000 --runs 3

It reads each briefing's date, countries, actors and tags from its frontmatter (as
`site.related_inputs` gives them to the ranking: taxonomy and slug), ranks them with
`generator.related.rank_with_ceilings` and prints the process's CPU time and peak
memory. `--against REF` also ranks with generator/related.py as it is at the git
revision REF, alternating runs of the two, and checks that both give the same related
lists and the same ceilings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.related import RelatedInput, rank_with_ceilings  # noqa: E402
from generator.slugs import slugify  # noqa: E402

TAXONOMIES = ("countries", "actors", "tags")


def read_inputs(corpus: Path, first: int | None = None) -> list[RelatedInput]:
    """The ranking's input for each briefing of `corpus` (the first `first` by path)."""
    paths = sorted((corpus / "content/articles").rglob("*.md"))[:first]
    items = []
    for path in paths:
        date, features = None, set()
        with open(path, encoding="utf-8") as text:
            next(text)  # the opening ---
            for line in text:
                if line.startswith("---"):
                    break
                field, _, value = line.partition(":")
                if field == "date":
                    date = dt.date.fromisoformat(value.strip())
                elif field in TAXONOMIES:
                    features.update((field, slugify(name)) for name in json.loads(value))
        assert date is not None, path
        items.append(RelatedInput(str(path.relative_to(corpus)), date, frozenset(features)))
    return items


def module_at(revision: str):
    """generator/related.py as it is at the git `revision`, imported as a module of its own."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:generator/related.py"],
        capture_output=True, text=True, check=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="related-at-"))
    (folder / "related_then.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("related_then", folder / "related_then.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def timed(rank, items, limit):
    cpu, wall = time.process_time(), time.perf_counter()
    ranking = rank(items, limit)
    return time.process_time() - cpu, time.perf_counter() - wall, ranking


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder written by bench/make_corpus.py")
    parser.add_argument("--first", type=int, help="rank only the first N briefings (by path)")
    parser.add_argument("--limit", type=int, default=5, help="related briefings per page (the default setting's)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each (medians are printed)")
    parser.add_argument("--against", metavar="REF", help="also rank with generator/related.py at this git revision")
    args = parser.parse_args()
    items = read_inputs(args.corpus, args.first)
    print(f"{len(items)} briefings, limit {args.limit}")
    contenders = {"now": rank_with_ceilings}
    if args.against:
        contenders[args.against] = module_at(args.against).rank_with_ceilings
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    rankings = {}
    for run in range(args.runs):
        for name, rank in contenders.items():  # interleaved, so that machine load touches both alike
            cpu, wall, ranking = timed(rank, items, args.limit)
            figures[name].append((cpu, wall))
            rankings[name] = ranking
            print(f"  run {run + 1}, {name}: CPU {cpu:.2f} s, wall {wall:.2f} s", flush=True)
    for name, runs in figures.items():
        print(f"{name}: median CPU {statistics.median(c for c, _ in runs):.2f} s, "
              f"wall {statistics.median(w for _, w in runs):.2f} s")
    print(f"peak RSS of this process (all runs): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if args.against:
        now, then = rankings["now"], rankings[args.against]
        same_lists = now.related == then.related
        same_ceilings = now.ceilings == then.ceilings
        differing = sum(now.related[key] != then.related.get(key) for key in now.related)
        print(f"same related lists: {same_lists} ({differing} differ); same ceilings: {same_ceilings}")
        if not (same_lists and same_ceilings):
            sys.exit(1)


if __name__ == "__main__":
    main()
