"""A build killed with SIGKILL at any moment leaves build/ whole: exactly the
previous site or exactly the new one, never a mixture or nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path


from test_determinism import digests, indexed_briefings

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from make_corpus import make_corpus  # noqa: E402

KILLS = 20
MARKED = "content/articles"


def run_build(root: Path) -> subprocess.Popen:
    # its own session, so the kill takes Pagefind down with it, as a job runner's kill does
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "-C", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def fingerprint(site: Path) -> tuple:
    """What must match a complete build: every file outside the search index, and what the
    index finds (its files depend on the builds since the last clean one: see
    test_determinism.assert_incremental_same_as_clean)."""
    files = digests(site)
    stable = tuple(sorted((p, d) for p, d in files.items() if not p.startswith("pagefind/")))
    return stable, tuple(sorted(indexed_briefings(site).items()))


def set_version(root: Path, version: str) -> None:
    first = sorted((root / MARKED).rglob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    marker = "version"
    lines = [line for line in text.split("\n") if not line.startswith("summary: " + marker)]
    lines.insert(1, f"summary: {marker} {version}")
    first.write_text("\n".join(lines), encoding="utf-8")


def test_sigkill_at_random_moments_never_breaks_the_site(tmp_path: Path):
    root = tmp_path / "archive"
    make_corpus(120, root, seed=5)
    expected = {}
    durations = []
    for version in ("a", "b"):
        set_version(root, version)
        started = time.perf_counter()
        assert run_build(root).wait() == 0
        durations.append(time.perf_counter() - started)
        expected[version] = fingerprint(root / "build")
    assert expected["a"] != expected["b"]

    rng = random.Random(20)
    outcomes = []
    for attempt in range(KILLS):
        version = "ab"[attempt % 2]
        set_version(root, version)
        process = run_build(root)
        # over the span of the builds being killed (edits, not the first, clean build),
        # so kills land in every stage rather than mostly after the build has finished
        time.sleep(rng.uniform(0, durations[-1] * 1.05))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        found = fingerprint(root / "build")
        assert found in (expected["a"], expected["b"]), f"kill {attempt + 1}: build/ is neither site"
        outcomes.append("new" if found == expected[version] else "old")
    print(f"outcomes of {KILLS} kills: {outcomes.count('old')} left the old site, {outcomes.count('new')} the new")

    # the next build clears the staging folders the killed ones left behind
    assert run_build(root).wait() == 0
    # (the site before the last stays as .build.shadow, which the next build reuses)
    assert [p.name for p in root.iterdir() if p.name.startswith(".build")] in ([], [".build.shadow"])
