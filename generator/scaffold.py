"""`briefings new`: a new briefing file with valid frontmatter, at the right path.

`briefing_text` is pure (values in, file text out) and proves its own output
by parsing it back with the loader; `create_briefing` is the I/O edge: it
checks names against the vocabulary, picks `content/articles/YEAR/SLUG.md`
and refuses to overwrite anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.config import load_settings
from generator.content import NEW_BRIEFING_PLACEHOLDER, parse_article
from generator.slugs import slugify
from generator.taxonomy import Vocabulary, load_vocabulary

PLACEHOLDER_BODY = NEW_BRIEFING_PLACEHOLDER + "\n"  # `briefings check` warns while it is there
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'()/-]*$")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


class ScaffoldError(Exception):
    """The briefing cannot be created as asked; the message says why and what to do."""


@dataclass(frozen=True)
class NewBriefing:
    path: Path
    warnings: tuple[str, ...] = ()


def _scalar(text: str) -> str:
    """A YAML scalar: plain when unambiguous, else double-quoted (a JSON string is valid YAML)."""
    if _PLAIN.match(text) and text.casefold() not in _YAML_WORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def briefing_text(
    title: str, date: dt.date, region: str,
    countries: tuple[str, ...] = (), actors: tuple[str, ...] = (), tags: tuple[str, ...] = (),
) -> str:
    lines = ["---", f"title: {_scalar(title)}", f"date: {date.isoformat()}", f"region: {_scalar(region)}"]
    for name, values in (("countries", countries), ("actors", actors), ("tags", tags)):
        if values:
            lines.append(f"{name}: [{', '.join(_scalar(v) for v in values)}]")
    lines += ["---", "", PLACEHOLDER_BODY]
    text = "\n".join(lines)
    article, diagnostics = parse_article(text, f"content/articles/{date.year}/{slugify(title)}.md")
    if article is None or (article.title, article.region, article.countries, article.actors, article.tags) != (
        title.strip(), region, countries, actors, tags,
    ):
        problems = "; ".join(d.format() for d in diagnostics.items)
        raise AssertionError(f"generated frontmatter does not read back as written: {problems}")
    return text


def _canonical(vocabulary: Vocabulary, kind: str, name: str) -> tuple[str, str | None]:
    """(name to write, warning or None): the canonical name when known."""
    found = {"country": vocabulary.country, "actor": vocabulary.actor}[kind](name)
    if found:
        return found.name, None
    suggestion = vocabulary.suggestion(kind, name)
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    return name, f"{kind} {name!r} is not in the vocabulary{hint}"


def create_briefing(
    root: Path, title: str, region: str,
    countries: tuple[str, ...] = (), actors: tuple[str, ...] = (), tags: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> NewBriefing:
    """Write a new briefing under `root`'s content folder and return where."""
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"title {title!r} gives an empty file name; use words in the title")
    settings = load_settings(root)
    content_dir = root / settings.content_dir
    vocabulary, _ = load_vocabulary(content_dir, root)
    known_region = vocabulary.region(region)
    if known_region is None:
        suggestion = vocabulary.suggestion("region", region)
        choices = ", ".join(sorted(vocabulary.regions)) or "none: content/taxonomy/regions.yaml is empty"
        hint = f"did you mean {suggestion!r}? " if suggestion else ""
        raise ScaffoldError(f"region {region!r} is not in content/taxonomy/regions.yaml; {hint}known regions: {choices}")
    warnings: list[str] = []
    canonical: dict[str, list[str]] = {"country": [], "actor": []}
    for kind, names in (("country", countries), ("actor", actors)):
        for name in names:
            written, warning = _canonical(vocabulary, kind, name.strip())
            if written not in canonical[kind]:
                canonical[kind].append(written)
            if warning:
                warnings.append(warning)
    date = today or dt.date.today()
    text = briefing_text(
        title, date, known_region.name, tuple(canonical["country"]), tuple(canonical["actor"]),
        tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
    )
    path = content_dir / "articles" / str(date.year) / f"{slug}.md"
    others = [p for p in (content_dir / "articles").glob(f"*/{slug}.md") if p != path]
    if others:
        warnings.append(f"a briefing with the same file name exists: {others[0].relative_to(root).as_posix()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole to a temporary file beside it, then linked into place: a killed
    # process leaves no half-written briefing, and link() refuses an existing name,
    # so a file that appears between a check and the write is never overwritten.
    descriptor, temporary = tempfile.mkstemp(prefix=f".{slug}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; not overwriting it") from None
    finally:
        os.unlink(temporary)
    return NewBriefing(path, tuple(warnings))
