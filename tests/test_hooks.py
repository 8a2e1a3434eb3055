"""The pre-commit hooks and the pull-request workflow run commands that exist,
with options they accept, and the workflow annotates the pull request."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def briefings_args(command: str) -> list[str]:
    words = shlex.split(command)
    assert Path(words[0]).name == "briefings", command
    return words[1:]


def test_every_pre_commit_hook_runs_a_briefings_command_that_passes_on_this_repository():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in hooks} == {"briefings-check", "briefings-schema"}
    for hook in hooks:
        assert hook["pass_filenames"] is False
        result = CliRunner().invoke(main, [*briefings_args(hook["entry"]), "-C", str(REPO)])
        assert result.exit_code == 0, (hook["id"], result.output)


def test_the_pull_request_workflow_annotates_with_the_check(archive: Path):
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # PyYAML reads the bare key `on` as true
    commands = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert "briefings check --format github" in commands
    # the command the workflow runs, on a project with a problem, prints annotations and fails
    (archive / "content/articles/2024/red-sea-shipping-attacks.md").write_text("no frontmatter\n")
    result = CliRunner().invoke(main, [*briefings_args("briefings check --format github"), "-C", str(archive)])
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=content/articles/2024/red-sea-shipping-attacks.md,line=1,")
