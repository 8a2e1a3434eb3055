"""The README tells the truth: its tables match the code, its commands are what CI runs."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from generator.config import OPTION_HELP, Settings
from generator.schema import FIELDS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```\w*\n(.*?)```", text, re.DOTALL)


def test_the_readme_opens_with_exactly_two_set_up_commands():
    before_first_section = README.split("\n## ")[0]
    blocks = code_blocks(before_first_section)
    assert len(blocks) == 2
    install_and_build, install_and_test = (block.strip() for block in blocks)
    assert install_and_build.endswith("briefings build")
    assert "'.[test]'" in install_and_test and install_and_test.endswith("pytest")


def test_ci_runs_the_readmes_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = code_blocks(README.split("\n## ")[0])[1].strip()
    pattern = re.search(r'grep -m1 -E "(.+?)" README\.md', ci).group(1)
    assert re.search(pattern, test_command) and re.search(pattern, README, re.MULTILINE)
    assert "apt-get install -y -qq chromium" in ci


def test_every_frontmatter_field_is_documented_as_defined():
    for spec in FIELDS:
        row = f"| `{spec.name}` | {spec.kind} | {'yes' if spec.required else 'no'} | {spec.description} |"
        assert row in README, row


def test_every_setting_is_documented_with_its_default():
    for field in fields(Settings):
        default = f'"{field.default}"' if isinstance(field.default, str) else str(field.default)
        row = f"| `{field.name}` | `{default}` | {OPTION_HELP[field.name]} |"
        assert row in README, row
