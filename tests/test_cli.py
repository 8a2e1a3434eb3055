"""The `briefings` command line as an editor meets it."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from generator.cli import main

ARTICLE = "content/articles/2022/blinken-calls-pashinyan-and-aliyev.md"


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def test_every_command_and_option_has_help_text():
    def check(command: click.Command, ctx_name: str) -> None:
        assert command.help, f"{ctx_name} has no help"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{ctx_name} {param.opts} has no help"
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                check(sub, f"{ctx_name} {name}")

    check(main, "briefings")


def test_build_prints_a_closing_summary(archive: Path):
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search"])
    assert result.exit_code == 0, result.output
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("Built 5 briefings: 45 pages, 4 feeds, no search index in ")
    assert summary.endswith("/build/ (1 warning)")
    assert (archive / "build" / "index.html").is_file()


def test_rebuilds_say_how_much_was_done(archive: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["build", "-C", str(archive), "--no-search"]).exit_code == 0
    article = archive / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    summary = runner.invoke(main, ["build", "-C", str(archive), "--no-search"]).stdout.strip().splitlines()[-1]
    assert summary.startswith("Built 5 briefings (only text edited: ")
    assert " of 45 pages rendered again): 45 pages, 4 feeds, no search index in " in summary
    summary = runner.invoke(main, ["build", "-C", str(archive), "--no-search"]).stdout.strip().splitlines()[-1]
    assert summary.startswith("Nothing changed (5 briefings): 45 pages, 4 feeds, no search index in ")


def test_unknown_vocabulary_names_are_warnings_on_the_line_that_uses_them(archive: Path):
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search"])
    assert (
        "content/articles/2024/red-sea-shipping-attacks.md:6: warning: actor 'Abdul-Malik al-Houthi' is not in the vocabulary\n"
        "    hint: add it, or an alias for it, to content/taxonomy/actors.yaml"
    ) in result.stderr


def test_a_content_error_fails_with_file_line_and_field_and_keeps_the_previous_build(archive: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["build", "-C", str(archive), "--no-search"]).exit_code == 0
    before = tree_digest(archive / "build")

    article = archive / ARTICLE
    article.write_text(article.read_text().replace("date: 2022-09-14", "date: 2022-13-45"))
    result = runner.invoke(main, ["build", "-C", str(archive), "--no-search"])

    assert result.exit_code == 1
    assert (
        f"{ARTICLE}:3: error: field 'date': '2022-13-45' is not a real date (month must be in 1..12)"
    ) in result.stderr
    assert "build failed: 1 error; the previous site was left unchanged" in result.stderr
    assert "Traceback" not in result.output
    assert tree_digest(archive / "build") == before
    # no staging folder left behind; the shadow (the site kept for the next build's links) stays
    assert sorted(p.name for p in archive.iterdir() if p.name.startswith(".build")) == [".build.shadow"]


def test_all_errors_are_reported_at_once(archive: Path):
    for name, old, new in [
        (ARTICLE, "date: 2022-09-14", "date: yesterday"),
        ("content/articles/2023/blinken-visits-kyiv.md", "region: Eastern Europe\n", ""),
    ]:
        path = archive / name
        path.write_text(path.read_text().replace(old, new))
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search"])
    assert result.exit_code == 1
    assert f"{ARTICLE}:3: error: field 'date'" in result.stderr
    assert "content/articles/2023/blinken-visits-kyiv.md:1: error: field 'region' is required" in result.stderr
    assert "build failed: 2 errors;" in result.stderr


def test_a_bad_base_url_is_refused_before_anything_is_written(archive: Path):
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--base-url", "example.org"])
    assert result.exit_code == 1
    assert "base URL must be an absolute http(s) URL, not 'example.org'" in result.stderr
    assert not (archive / "build").exists()


def test_an_unknown_setting_is_an_error_naming_its_line(archive: Path):
    pyproject = archive / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text + "colour = 'red'\n")
    line = len(text.splitlines()) + 1
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search"])
    assert result.exit_code == 1
    assert f"pyproject.toml:{line}: error: unknown setting 'colour' in [tool.briefings]" in result.stderr


def test_drafts_are_built_only_when_asked(archive: Path):
    draft = "articles/2024/unpublished-note/index.html"
    without = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search", "--out", str(archive / "site")])
    assert without.exit_code == 0, without.output
    assert without.stdout.strip().splitlines()[-1].startswith("Built 5 briefings: ")
    assert not (archive / "site" / draft).exists()
    result = CliRunner().invoke(main, ["build", "-C", str(archive), "--no-search", "--drafts", "--out", str(archive / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("Built 6 briefings: ")
    assert ">Unpublished note on Georgia</h1>" in (archive / "out" / draft).read_text(encoding="utf-8")
    assert "Unpublished note" in (archive / "out/index.html").read_text(encoding="utf-8")


def test_the_console_script_runs_as_installed(archive: Path):
    # the real entry point in a subprocess, as the README runs it
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--no-search"], cwd=archive,
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Built 5 briefings" in completed.stdout
