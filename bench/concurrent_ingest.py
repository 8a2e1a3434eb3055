"""Pairs of concurrent `briefings ingest --add-actors`: is every article and every new actor kept?

Each pair runs two real `briefings ingest` processes at once, each on its own invented
article naming a new person and a new organisation (and, in both, one organisation new to
the vocabulary, so the two runs race to add the same name). Pairs run one after another
in one project copy, so the vocabulary grows as it would in an editor's inbox.

    .venv/bin/python bench/concurrent_ingest.py            # 20 pairs (issue 13's acceptance)
    .venv/bin/python bench/concurrent_ingest.py --pairs 50

tests/ingest/test_concurrent_ingest.py runs a few pairs through `run_pairs` on every test
run; this script runs the full count and prints the time it took.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Invented words only: no real person, place or outlet is needed to exercise the writers.
_FIRST = ["Marta", "Tomas", "Ilse", "Kofi", "Aiko", "Ravi", "Lena", "Omar", "Noor", "Pablo"]
_SYLLABLES = ["ka", "lo", "mi", "ra", "ve", "su", "don", "tar", "bel", "nor", "fen", "qui"]
_NOUNS = (
    "well bridge harvest council market river convoy border clinic school railway festival drought "
    "flood pipeline archive museum harbour ferry orchard quarry bakery tunnel granary stadium depot "
    "lighthouse reservoir vineyard printing-house customs-post tram-line water-tower"
).split()
_VERBS = "closed reopened flooded blocked repaired crossed guarded emptied rebuilt inspected surveyed".split()
_WHEN = "on Monday|at dawn|overnight|last week|before the rains|after the vote|in the spring".split("|")


def _made_up(number: int, parts: int) -> str:
    rng = random.Random(f"name-{number}")
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def person(number: int) -> str:
    return f"{_FIRST[number % len(_FIRST)]} {_made_up(number, 3)}vic"


def organisation(number: int) -> str:
    return f"{_made_up(number + 10_000, 2)}an Relief Committee"


def shared_organisation(pair: int) -> str:
    return f"{_made_up(pair + 20_000, 2)}ese Water Council"


def article(number: int, pair: int) -> str:
    """An invented news report, different enough from every other one not to be a near-duplicate."""
    rng = random.Random(f"article-{number}")
    who, group, shared = person(number), organisation(number), shared_organisation(pair)
    sentences = [
        f"The {rng.choice(_NOUNS)} near the {rng.choice(_NOUNS)} was {rng.choice(_VERBS)} {rng.choice(_WHEN)}, "
        f"and the {rng.choice(_NOUNS)} {rng.choice(_VERBS)} the {rng.choice(_NOUNS)}, officials said."
        for _ in range(14)
    ]
    return (
        f"Report {number}: talks on the {rng.choice(_NOUNS)} resume in Yerevan\n\n"
        f"YEREVAN, 14 March 2023 - Negotiators from Armenia and Azerbaijan met again on Tuesday, "
        f"said {who}, who speaks for the {group}.\n\n"
        f"\"We expect progress,\" {who.split()[-1]} told reporters. The {shared} also sent observers.\n\n"
        + " ".join(sentences[:7]) + "\n\n" + " ".join(sentences[7:]) + "\n"
    )


@dataclass
class Outcome:
    pairs: int
    seconds: float
    tracebacks: list[str] = field(default_factory=list)
    failed_runs: list[str] = field(default_factory=list)  # stderr of runs that did not ingest their article
    missing_articles: list[str] = field(default_factory=list)
    missing_actors: list[str] = field(default_factory=list)
    listed_twice: list[str] = field(default_factory=list)

    @property
    def everything_kept(self) -> bool:
        return not (self.tracebacks or self.failed_runs or self.missing_articles or self.missing_actors or self.listed_twice)


def copy_project(into: Path) -> Path:
    shutil.copytree(REPO / "content", into / "content")
    shutil.copy(REPO / "pyproject.toml", into / "pyproject.toml")
    return into


def run_pairs(project: Path, pairs: int, command: list[str]) -> Outcome:
    """`pairs` rounds of two concurrent ingests in `project`; what was kept and what was not."""
    inbox = project / "inbox"
    inbox.mkdir(exist_ok=True)
    outcome = Outcome(pairs, 0.0)
    titles, expected_actors = [], []
    started = time.perf_counter()
    for pair in range(pairs):
        runs = []
        for side in (0, 1):
            number = pair * 2 + side
            source = inbox / f"report-{number}.txt"
            source.write_text(article(number, pair), encoding="utf-8")
            titles.append(article(number, pair).split("\n", 1)[0])
            expected_actors += [person(number), organisation(number)]
            runs.append(subprocess.Popen(
                [*command, "ingest", str(source), "--add-actors", "-C", str(project), "--reference-date", "2023-03-20"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            ))
        expected_actors.append(shared_organisation(pair))
        for run in runs:
            _, stderr = run.communicate()
            if "Traceback" in stderr:
                outcome.tracebacks.append(stderr)
            elif run.returncode != 0 or "Summary: 1 ingested" not in stderr:
                outcome.failed_runs.append(stderr)
    outcome.seconds = time.perf_counter() - started

    written = {
        m.group(1).strip() for path in (project / "content" / "articles").rglob("*.md")
        if (m := re.search(r"^title: ['\"]?(.*?)['\"]?$", path.read_text(encoding="utf-8"), re.M))
    }
    outcome.missing_articles = [t for t in titles if t not in written]
    actors_text = (project / "content" / "taxonomy" / "actors.yaml").read_text(encoding="utf-8")
    names = [n.strip().strip("'\"") for n in re.findall(r"^- name: (.+)$", actors_text, re.M)]
    outcome.missing_actors = [n for n in expected_actors if n not in names]
    outcome.listed_twice = sorted({n for n in names if names.count(n) > 1})
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=20)
    arguments = parser.parse_args()
    command = [str(Path(sys.executable).with_name("briefings"))]
    with tempfile.TemporaryDirectory() as folder:
        outcome = run_pairs(copy_project(Path(folder)), arguments.pairs, command)
    print(f"{outcome.pairs} pairs of concurrent ingests in {outcome.seconds:.1f} s "
          f"({outcome.seconds / outcome.pairs:.2f} s a pair)")
    print(f"tracebacks: {len(outcome.tracebacks)}, runs that did not ingest: {len(outcome.failed_runs)}, "
          f"articles missing: {len(outcome.missing_articles)}, actors missing: {len(outcome.missing_actors)}, "
          f"actors listed twice: {len(outcome.listed_twice)}")
    for problem in outcome.tracebacks[:1] + outcome.failed_runs[:1]:
        print(problem[-800:])
    if outcome.missing_actors:
        print("missing actors:", ", ".join(outcome.missing_actors))
    return 0 if outcome.everything_kept else 1


if __name__ == "__main__":
    sys.exit(main())
