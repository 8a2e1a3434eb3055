"""`[tool.briefings]` in pyproject.toml -> a typed, validated `Settings`.

Each option is declared once in `OPTIONS`, with its type, default and the help
text shown in the README; unknown keys are errors (a typo in a setting should
not silently fall back to a default during a crisis).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from generator.diagnostics import BuildError, ContentError, Diagnostics


@dataclass(frozen=True)
class Settings:
    title: str = "Crisis Briefings"
    description: str = ""
    language: str = "en"
    base_url: str = ""
    edit_url: str = ""
    cname: str = ""
    content_dir: str = "content"
    theme: str = "default"
    output_dir: str = "build"
    per_page: int = 20
    home_latest: int = 10
    feed_entries: int = 50
    related_count: int = 5
    search_part_size: int = 500
    search_engine: str = "auto"

    @property
    def absolute_base(self) -> str:
        """`base_url` with exactly one trailing slash, or "" when unset."""
        return self.base_url.rstrip("/") + "/" if self.base_url else ""

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


OPTION_HELP: dict[str, str] = {
    "title": "Site title, shown in the header, page titles and feeds.",
    "description": "One-sentence description of the archive (home page, feeds, Open Graph).",
    "language": "Language code of the content (html lang, feeds).",
    "base_url": "Published address, an http(s) URL, e.g. https://org.github.io/repo/. Used only for absolute "
    "URLs: canonical links, Open Graph, feeds and the sitemap.",
    "edit_url": "Pattern for the 'Edit this briefing' link, an http(s) URL; {path} is replaced by the file's "
    "path in the repository, e.g. https://github.com/org/repo/edit/main/{path}.",
    "cname": "Custom domain for GitHub Pages, e.g. briefings.example.org; written to a CNAME file, "
    "which only branch publishing reads (with an Actions deployment, set the domain in the "
    "repository's Pages settings).",
    "content_dir": "Folder holding articles/ and taxonomy/.",
    "theme": "Theme folder under themes/.",
    "output_dir": "Where the site is written: a new or empty folder, or one an earlier build wrote "
    "(see \"Output folder\").",
    "per_page": "Briefings per page on list pages before they paginate.",
    "home_latest": "How many latest briefings the home page lists.",
    "feed_entries": "How many entries each Atom feed carries.",
    "related_count": "How many related briefings an article page lists.",
    "search_part_size": "Most briefings the search index's recent part holds (those added or changed "
    "since the last clean build); past it, a build indexes every briefing anew into the main index. "
    "An edit re-indexes the recent part (about 1.5 ms a briefing).",
    "search_engine": "Which search index the web edition gets: `auto` (Pagefind below 10,200 briefings, "
    "our own index from there, where Pagefind's filtered search grows past 400 KB), `pagefind`, or `own`.",
}
# the values of `search_engine` (what each chooses: generator/search.py engine_for)
SEARCH_ENGINES = ("auto", "pagefind", "own")


def _line_of_key(text: str, key: str) -> int:
    """The line of `key = ...` in [tool.briefings] (the first anywhere when the table
    is written otherwise, as dotted keys); 0 when not found."""
    table = re.search(r"^\s*\[\s*tool\s*\.\s*briefings\s*\]", text, re.MULTILINE)
    start = table.end() if table else 0
    match = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE).search(text, start)
    if match is None and start:
        match = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE).search(text)
    return text[: match.start()].count("\n") + 1 if match else 0


def load_settings(root: Path) -> Settings:
    """Read `[tool.briefings]` from `root/pyproject.toml`; defaults when absent."""
    path = root / "pyproject.toml"
    if not path.exists():
        return Settings()
    text = path.read_text(encoding="utf-8")
    diagnostics = Diagnostics()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        diagnostics.error("pyproject.toml", 0, f"cannot parse settings: {exc}")
        raise ContentError(diagnostics) from exc
    table = data.get("tool", {}).get("briefings", {})
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = _line_of_key(text, key)
        if key not in known:
            diagnostics.error(
                "pyproject.toml",
                line,
                f"unknown setting '{key}' in [tool.briefings]",
                hint="known settings: " + ", ".join(sorted(known)),
            )
            continue
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
            diagnostics.error(
                "pyproject.toml",
                line,
                f"setting '{key}' must be {expected.__name__}, not {type(value).__name__}",
            )
            continue
        if expected is int and value < 1:
            diagnostics.error("pyproject.toml", line, f"setting '{key}' must be at least 1")
            continue
        values[key] = value
    cname = values.get("cname", "")
    if cname and not re.fullmatch(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", cname):
        diagnostics.error(
            "pyproject.toml", _line_of_key(text, "cname"),
            f"setting 'cname' must be a bare domain name in lower case, like briefings.example.org, not {cname!r}",
        )
    engine = values.get("search_engine", "auto")
    if engine not in SEARCH_ENGINES:
        diagnostics.error(
            "pyproject.toml", _line_of_key(text, "search_engine"),
            f"setting 'search_engine' must be one of {', '.join(SEARCH_ENGINES)}, not {engine!r}",
        )
    for key, check in (("base_url", validate_base_url), ("edit_url", validate_edit_url)):
        problem = check(values.get(key, ""))
        if problem:
            diagnostics.error("pyproject.toml", _line_of_key(text, key), f"setting '{key}': {problem}")
    if diagnostics.errors:
        raise ContentError(diagnostics)
    return Settings(**values)


# Characters an address in a page attribute, a feed or a sitemap has no use for: white
# space and control characters, quotes, angle brackets, backslashes, backticks and braces.
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f\"'<>\\`{}|^]")


def _http_url_problem(url: str, what: str) -> str | None:
    # the scheme is checked first: a javascript: or data: address must never become a link
    if not re.match(r"^https?://[^/?#]", url, re.IGNORECASE):
        return f"{what} must be an absolute http(s) URL, not {url!r}"
    bad = _NOT_IN_URL.search(url)
    if bad:
        return f"{what} must not contain {bad.group()!r} (quotes, spaces and the like), in {url!r}"
    return None


def validate_base_url(base_url: str) -> str | None:
    """The problem with a base URL (setting or --base-url), or None when it is usable."""
    return _http_url_problem(base_url, "base URL") if base_url else None


def validate_edit_url(edit_url: str) -> str | None:
    """The problem with an edit_url pattern, or None; {path} is its one placeholder."""
    return _http_url_problem(edit_url.replace("{path}", "path"), "the edit link") if edit_url else None


# The theme setting's folder, found here rather than where templates render: a build with
# nothing to do needs it, and not Jinja (generator/render.py re-exports both)
BUNDLED_THEMES = Path(__file__).resolve().parent.parent / "themes"


def find_theme(root: Path, name: str) -> Path:
    """The project's themes/<name>, else the theme of that name shipped beside the package."""
    for themes in (root / "themes", BUNDLED_THEMES):
        if (themes / name / "templates").is_dir():
            return themes / name
    raise BuildError(f"theme {name!r} not found: expected themes/{name}/templates/ in the project")
