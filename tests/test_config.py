"""Settings in [tool.briefings]: addresses are http(s) URLs or an error naming
pyproject.toml and the line, so no setting can put a script or a broken
attribute into every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_settings
from generator.diagnostics import ContentError

SETTINGS = """\
[project]
name = "an-archive"

[tool.briefings]
title = "Briefings"
{line}
"""
LINE = 6  # of the setting under test in SETTINGS


def settings_with(root: Path, line: str):
    (root / "pyproject.toml").write_text(SETTINGS.format(line=line), encoding="utf-8")
    return load_settings(root)


def error_of(root: Path, line: str) -> str:
    with pytest.raises(ContentError) as caught:
        settings_with(root, line)
    (error,) = caught.value.diagnostics.errors
    return error.format()


@pytest.mark.parametrize("value", [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)//{path}",
    "data:text/html,<script>alert(1)</script>",
    "//example.org/edit/{path}",
    "github.com/org/repo/edit/main/{path}",
    "https://example.org/edit/{path} onmouseover=alert(1)",
    'https://example.org/edit/{path}" onmouseover="alert(1)',
    "https://example.org/edit/{path}'",
    "https://example.org/edit/<b>{path}",
    "https://example.org/edit/{file}",
    " https://example.org/edit/{path}",
])
def test_an_edit_url_that_is_not_an_http_address_is_an_error_on_its_line(tmp_path: Path, value: str):
    message = error_of(tmp_path, f"edit_url = {json.dumps(value)}")  # a JSON string is a TOML string
    assert message.startswith(f"pyproject.toml:{LINE}: error: setting 'edit_url'")


@pytest.mark.parametrize("value", [
    "example.org",
    "ftp://example.org/",
    "javascript:alert(1)",
    "https://",
    "https://exa mple.org/",
    "https://example.org/archive/\" onload=\"alert(1)",
    "https://example.org/'",
    "https://example.org/\t",
])
def test_a_base_url_that_is_not_an_http_address_is_an_error_on_its_line(tmp_path: Path, value: str):
    message = error_of(tmp_path, f"base_url = {json.dumps(value)}")
    assert message.startswith(f"pyproject.toml:{LINE}: error: setting 'base_url'")


@pytest.mark.parametrize("line", [
    'edit_url = "https://github.com/org/repo/edit/main/{path}"',
    'edit_url = "http://git.example.org/edit?file={path}&branch=main"',
    'base_url = "https://org.github.io/repo/"',
    'base_url = "http://localhost:8000"',
    'base_url = "HTTPS://Example.org/archive/"',
])
def test_http_addresses_are_accepted(tmp_path: Path, line: str):
    key, _, value = line.partition(" = ")
    assert getattr(settings_with(tmp_path, line), key) == value.strip('"')


def test_the_line_named_is_the_settings_own_not_another_tables(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.other]\nbase_url = "whatever"\n\n[tool.briefings]\nbase_url = "example.org"\n', encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_settings(tmp_path)
    assert caught.value.diagnostics.errors[0].format().startswith("pyproject.toml:5: error: setting 'base_url'")


def test_a_javascript_edit_link_fails_the_build_and_reaches_no_page(archive: Path):
    pyproject = archive / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('edit_url = "https://example.org/edit/{path}"', 'edit_url = "javascript:alert(1)"'))
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search"])
    assert result.exit_code == 1
    assert "pyproject.toml:7: error: setting 'edit_url'" in result.stderr
    assert not (archive / "build").exists()


def test_a_base_url_option_with_a_quote_is_refused(archive: Path):
    result = CliRunner().invoke(
        main, ["build", "-C", str(archive), "--no-search", "--base-url", 'https://example.org/"><script>']
    )
    assert result.exit_code == 1
    assert "base URL must not contain" in result.stderr
    assert not (archive / "build").exists()


def test_a_search_engine_that_is_none_of_the_three_is_an_error_on_its_line(tmp_path: Path):
    message = error_of(tmp_path, 'search_engine = "lucene"')
    assert message.startswith(f"pyproject.toml:{LINE}: error: setting 'search_engine' must be one of auto, pagefind, own")


def test_the_search_engine_is_auto_unless_set(tmp_path: Path):
    assert load_settings(tmp_path).search_engine == "auto"
    (tmp_path / "pyproject.toml").write_text('[tool.briefings]\nsearch_engine = "own"\n', encoding="utf-8")
    assert load_settings(tmp_path).search_engine == "own"
