"""The import layering of generator/, as pyproject.toml's [tool.importlinter] contracts
state it: `lint-imports` keeps every contract on the code as it is, and breaks the
right one, naming the import, on a copy of the code with one import that breaks it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACT_IDS = ("layers", "incremental-layers", "ingest-apart", "check-writes-nothing", "acyclic")


def lint_imports(project: Path) -> tuple[int, dict[str, str], str]:
    """Run `lint-imports` on the `generator` package of `project` with `project`'s
    pyproject.toml: its exit status, each contract's verdict by name, and its output."""
    # the copy's generator/, not the installed one; a contract's name and verdict on one line
    environment = {**os.environ, "PYTHONPATH": str(project), "COLUMNS": "400"}
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=project, env=environment, capture_output=True, text=True, timeout=120,
    )
    output = done.stdout + done.stderr
    verdicts = dict(re.findall(r"^(\S.*?) (KEPT|BROKEN)$", output, re.MULTILINE))
    return done.returncode, verdicts, output


def contract_names() -> dict[str, str]:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {contract["id"]: contract["name"] for contract in config["contracts"]}


def test_the_code_keeps_every_contract():
    status, verdicts, output = lint_imports(REPO)
    assert status == 0, output
    assert verdicts == {name: "KEPT" for name in contract_names().values()}, output
    assert set(contract_names()) == set(CONTRACT_IDS)


# one import added to a copy of generator/ -> the contracts it breaks, and what their report names
BREAKS = {
    "a value imports the model above it": (
        "models.py", "from generator.site import Site", {"layers", "acyclic"}, "generator.models -> generator.site",
    ),
    "a module no layer lists": ("newcomer.py", "", {"layers"}, "generator.newcomer"),
    "check imports build": (
        "check.py", "from generator.build import build", {"layers", "ingest-apart", "check-writes-nothing"},
        "generator.check -> generator.build",
    ),
    "the build loads ingest": (
        "build.py", "from generator.ingest import prepare_draft", {"ingest-apart"}, "generator.build -> generator.ingest",
    ),
    "reading renders": (
        "readcheck.py", "from generator.render import Renderer", {"check-writes-nothing"},
        "generator.readcheck -> generator.render",
    ),
    "a stage uses the incremental machinery, which calls the stages": (
        "feeds.py", "from generator.incremental.cache import BuildCache", {"layers", "acyclic"},
        "generator.feeds -> generator.incremental.cache",
    ),
    "the plan store reads a plan's planner": (
        "incremental/planstore.py", "from generator.incremental.quickplan import plan_quick", {"incremental-layers", "acyclic"},
        "generator.incremental.planstore -> generator.incremental.quickplan",
    ),
    "two modules of ingest import each other": (
        "ingest/titles.py", "import generator.ingest.text", {"acyclic"}, ".titles -> .text",
    ),
}


@pytest.mark.parametrize("case", BREAKS)
def test_an_import_against_the_layering_breaks_its_contract_by_name(tmp_path: Path, case: str):
    module, line, broken, named = BREAKS[case]
    shutil.copytree(REPO / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__", "data", "*_assets"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "generator" / module
    target.write_text((target.read_text(encoding="utf-8") if target.exists() else "") + f"\n{line}\n", encoding="utf-8")

    status, verdicts, output = lint_imports(tmp_path)

    names = contract_names()
    assert status == 1, output
    assert verdicts == {name: ("BROKEN" if key in broken else "KEPT") for key, name in names.items()}, output
    assert named in output, output
