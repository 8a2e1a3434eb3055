"""A draft briefing -> content/articles/YYYY/<slug>.md, written atomically and never twice.

Rendering is pure (`render_briefing`); `decide` compares a draft with the briefings that
exist (same raw input, same file, or nearly the same text) and says what to do; `write_new`
is the only function here that touches disk, through a temporary file and a rename, so a
reader never sees half an article.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content import parse_article
from generator.diagnostics import Diagnostics
from generator.schema import FIELDS
from generator.slugs import slugify
from generator.ingest.text import plain_from_markdown

NEAR_DUPLICATE = 0.5  # share of word 4-grams in common above which two bodies are one story


@dataclass(frozen=True)
class Existing:
    """A briefing already in content/articles, as far as duplicate detection needs it."""

    path: Path
    title: str
    raw_sha256: str
    shingles: frozenset[tuple[str, ...]]


@dataclass(frozen=True)
class Decision:
    action: str  # "write", "unchanged", "exists", "near-duplicate"
    path: Path
    other: Path | None = None  # the existing briefing the decision is about
    similarity: float = 0.0


def shingles(text: str, n: int = 4) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"[^\W_]+", plain_from_markdown(text).casefold())
    if len(words) < n:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def similarity(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Share of the smaller text found in the other: a cleaned copy of a longer page still matches."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def target_path(articles_dir: Path, title: str, date: dt.date) -> Path:
    return articles_dir / f"{date.year:04d}" / f"{slugify(title) or 'untitled'}.md"


def decide(target: Path, raw_sha256: str, body: str, existing: list[Existing], force: bool) -> Decision:
    """What to do with a draft, given the briefings that exist."""
    for other in existing:
        if other.raw_sha256 and other.raw_sha256 == raw_sha256:
            # with --force the briefing is made again from its raw input, in its own file
            return Decision("write", other.path) if force else Decision("unchanged", target, other.path)
    if force:
        return Decision("write", target)
    if target.exists():
        return Decision("exists", target, target)
    body_shingles = shingles(body)
    best, best_path = 0.0, None
    for other in existing:
        score = similarity(body_shingles, other.shingles)
        if score > best:
            best, best_path = score, other.path
    if best >= NEAR_DUPLICATE:
        return Decision("near-duplicate", target, best_path, best)
    return Decision("write", target)


def load_existing(articles_dir: Path) -> list[Existing]:
    """Briefings on disk; files that do not parse are skipped here (the build reports them)."""
    found: list[Existing] = []
    if not articles_dir.is_dir():
        return found
    for file in sorted(articles_dir.rglob("*.md")):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        article, _ = parse_article(text, file.as_posix())
        if article is None:
            continue
        sha = re.search(r"^raw_sha256:\s*['\"]?([0-9a-f]{64})", text, re.M)
        found.append(Existing(file, article.title, sha.group(1) if sha else "", shingles(article.body)))
    return found


def render_briefing(fields: dict[str, Any], body: str) -> str:
    """Frontmatter in the schema's key order, then a blank line and the Markdown body."""
    lines = ["---"]
    for spec in FIELDS:
        value = fields.get(spec.name)
        if value in (None, "", (), [], False):
            continue
        lines.extend(_field_lines(spec.name, value))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


def _field_lines(name: str, value: Any) -> list[str]:
    if isinstance(value, dt.datetime):
        return [f"{name}: {value.isoformat()}"]
    if isinstance(value, dt.date):
        return [f"{name}: {value.isoformat()}"]
    if isinstance(value, bool):
        return [f"{name}: {'true' if value else 'false'}"]
    if isinstance(value, (list, tuple)):
        items = [_scalar(str(v)) for v in value]
        flow = f"{name}: [{', '.join(items)}]"
        if len(flow) <= 88 and all("," not in i for i in items):
            return [flow]
        return [f"{name}:"] + [f"  - {i}" for i in items]
    return [f"{name}: {_scalar(str(value))}"]


def _scalar(text: str) -> str:
    """YAML's own quoting, on one line: plain when safe, quoted when not."""
    dumped = yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=10_000)
    dumped = dumped.strip()
    if dumped.endswith("\n..."):
        dumped = dumped[:-4].strip()
    if dumped.endswith("..."):
        dumped = dumped[:-3].strip()
    # flow lists need quotes around text with commas or brackets too
    if re.search(r"[,\[\]{}#]", dumped) and not dumped.startswith(("'", '"')):
        dumped = "'" + text.replace("'", "''") + "'"
    return dumped


def check_rendered(text: str, path: str) -> Diagnostics:
    """The written file must load like any hand-written briefing."""
    _, diagnostics = parse_article(text, path)
    return diagnostics


def write_new(path: Path, text: str, overwrite: bool) -> None:
    """Write through a temporary file in the same folder and a rename.

    Without `overwrite`, an existing file is never replaced, even one that appeared since
    the check: the temporary file is hard-linked to the target name, which fails if the
    name is taken.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except OSError as exc:
                if path.exists():
                    raise FileExistsError(str(path)) from exc
                # a file system without hard links: the check above is the best we can do
                os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def write_text_atomically(path: Path, text: str) -> None:
    write_new(path, text, overwrite=True)
