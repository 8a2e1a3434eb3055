"""The names of other languages ingest reads (data/month_names.tsv, date_orders.tsv, city_names.tsv,
country_names.tsv) are what tools/make_world_names.py makes from CLDR."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "generator/ingest/data"


def test_the_files_are_what_the_tool_makes_from_the_babel_they_name(tmp_path, monkeypatch):
    babel = pytest.importorskip("babel", reason="Babel comes with trafilatura; without it the files cannot be remade")
    made_with = (DATA / "month_names.tsv").read_text(encoding="utf-8").splitlines()[0]
    if f"Babel {babel.__version__})" not in made_with:
        pytest.skip(f"the files were made with another Babel ({made_with!r}); this is {babel.__version__}")
    spec = importlib.util.spec_from_file_location("make_world_names", REPO / "tools/make_world_names.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    monkeypatch.setattr(tool, "OUT", tmp_path)
    tool.main()
    for name in ("month_names.tsv", "date_orders.tsv", "country_names.tsv", "city_names.tsv"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (DATA / name).read_text(encoding="utf-8"), name
