"""Concurrent `briefings ingest --add-actors` runs each keep their article and their actors.

Real processes, two at a time, as two editors (or a cron job and an editor) would run them.
A few pairs here keep the suite quick; `bench/concurrent_ingest.py` runs the twenty pairs of
issue 13's acceptance (see the README's "Ingesting articles" for its figures).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from concurrent_ingest import copy_project, run_pairs  # noqa: E402

PAIRS = 4


def test_pairs_of_concurrent_add_actors_runs_keep_every_article_and_every_new_actor(tmp_path: Path):
    outcome = run_pairs(copy_project(tmp_path), PAIRS, [sys.executable, "-m", "generator"])
    assert outcome.tracebacks == []
    assert outcome.failed_runs == []
    assert outcome.missing_articles == []
    assert outcome.missing_actors == []
    assert outcome.listed_twice == []
