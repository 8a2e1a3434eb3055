"""The JSON Schema for editors is generated from schema.FIELDS, the list the
loader validates against, so the two cannot drift."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.schema import FIELDS, SCHEMA_PATH, json_schema_text

REPO = Path(__file__).resolve().parent.parent


def test_the_committed_schema_is_the_generated_one():
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run 'briefings schema' and commit schemas/briefing.schema.json"


def test_the_schema_declares_every_field_with_its_requirement():
    schema = json.loads(json_schema_text())
    assert list(schema["properties"]) == [spec.name for spec in FIELDS]
    assert schema["required"] == [spec.name for spec in FIELDS if spec.required]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["countries"]["type"] == "array"
    assert schema["properties"]["draft"]["type"] == "boolean"


def test_schema_check_fails_when_the_file_is_stale(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "-C", str(tmp_path), "--check"]).exit_code == 1
    assert runner.invoke(main, ["schema", "-C", str(tmp_path)]).exit_code == 0
    result = runner.invoke(main, ["schema", "-C", str(tmp_path), "--check"])
    assert result.exit_code == 0, result.output
