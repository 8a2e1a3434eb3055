"""`briefings check`: every content problem at once, without building.

It runs the build's own reading and checking (`readcheck.read_and_check`:
vocabulary, frontmatter, addresses, wiki links, internal links, map coverage),
so what the check reports is exactly what `briefings build` reports: an error
fails the build, and a warning fails `check --strict`. It adds the list of
briefings with `review` notes, and ways to show the result: plain
`path:line: level: message` lines, or GitHub Actions workflow commands, which
GitHub shows on the changed lines of a pull request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.config import load_settings
from generator.diagnostics import ContentError, Diagnostic, Diagnostics, Level
from generator.geo import ShapeDataError

FORMATS = ("text", "github")


@dataclass(frozen=True)
class CheckResult:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    briefings: int = 0  # briefings that would be published (0 when content has errors)
    strict: bool = False  # warnings count as errors
    needs_review: str = ""  # "3 drafts need review: path, path, path", or ""

    @property
    def failures(self) -> list[Diagnostic]:
        failing = (Level.ERROR, Level.WARNING) if self.strict else (Level.ERROR,)
        return [d for d in self.diagnostics.items if d.level in failing]

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        errors, warnings = len(self.diagnostics.errors), len(self.diagnostics.warnings)
        counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        review = f"; {self.needs_review}" if self.needs_review else ""
        if self.ok:
            return f"Checked: {counts}; {_plural(self.briefings, 'briefing')} ready to publish{review}"
        strict = " (--strict: warnings count as errors)" if self.strict and warnings else ""
        return f"Check failed: {counts}{strict}{review}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def check(root: Path, drafts: bool = False, strict: bool = False) -> CheckResult:
    """Read and check all content under `root`, as `briefings build` does, writing nothing."""
    try:
        from generator.readcheck import read_and_check  # the site's modules: `briefings ingest` loads this module, not them

        checked = read_and_check(root, load_settings(root), drafts)
    except ContentError as exc:  # the settings
        return CheckResult(exc.diagnostics, 0, strict)
    except ShapeDataError as exc:  # a broken installation, not content: still one line, not a trace
        found = Diagnostics()
        found.error("(the generator's map data)", 0, str(exc), hint="reinstall briefings")
        return CheckResult(found, 0, strict)
    publishable = 0 if checked.diagnostics.errors else len(checked.site.briefings)
    return CheckResult(checked.diagnostics, publishable, strict, checked.review_summary)


def format_text(diagnostic: Diagnostic, strict: bool = False) -> str:
    if strict and diagnostic.level is Level.WARNING:
        diagnostic = Diagnostic(diagnostic.path, diagnostic.line, Level.ERROR, diagnostic.message, diagnostic.hint)
    return diagnostic.format()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}


def format_github(diagnostic: Diagnostic, strict: bool = False) -> str:
    """A GitHub Actions workflow command: shown as an annotation on that file and line."""
    level = Level.ERROR if strict and diagnostic.level is Level.WARNING else diagnostic.level
    properties = [f"file={_escape_property(diagnostic.path)}"]
    if diagnostic.line:
        properties.append(f"line={diagnostic.line}")
    properties.append(f"title={_escape_property('briefings check')}")
    message = diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")
    return f"::{GITHUB_COMMANDS[level]} {','.join(properties)}::{_escape_data(message)}"


def report_lines(result: CheckResult, output_format: str = "text") -> list[str]:
    """Every diagnostic, sorted by file and line, in the chosen format."""
    formatter = format_github if output_format == "github" else format_text
    return [formatter(d, result.strict) for d in result.diagnostics.sorted()]
