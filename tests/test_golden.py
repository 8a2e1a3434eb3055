"""Rendered pages compared byte for byte with reviewed golden files.

After an intended change to templates or rendering, regenerate them with
`python -m pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"

PAGES = {
    "article.html": "articles/2022/blinken-calls-pashinyan-and-aliyev/index.html",
    "actor.html": "actors/nikol-pashinyan/index.html",
    "feed.xml": "regions/south-caucasus/feed.xml",
}


@pytest.mark.parametrize("golden_name", sorted(PAGES))
def test_page_matches_its_golden_file(golden_name: str, built_fixture: Path, update_golden: bool):
    produced = (built_fixture / PAGES[golden_name]).read_text(encoding="utf-8")
    golden = GOLDEN / golden_name
    if update_golden:
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run pytest --update-golden and review it"
    assert produced == golden.read_text(encoding="utf-8")
