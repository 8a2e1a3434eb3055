"""A draft briefing -> content/articles/YYYY/<slug>.md, written atomically and never twice.

Rendering is pure (`render_briefing`); `decide` compares a draft with the briefings that
exist (same raw input, same file, or nearly the same text) and says what to do. Writing
goes through a temporary file and a rename (`write_new`), so a reader never sees half an
article; `--force` keeps the text it replaces (`keep_backup`) and tells whether an editor
had changed it (`edited_since_ingest`, through a hash ingest writes into each file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.atomicfile import remove_stale_temporaries, write_atomically
from generator.content import parse_article
from generator.diagnostics import Diagnostics
from generator.filereadings import KeptReadings
from generator.frontmatter_writer import render_briefing  # noqa: F401 - ingest writes through the shared writer
from generator.slugs import slugify
from generator.ingest.text import plain_from_markdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

NEAR_DUPLICATE = 0.5  # share of word 4-grams in common above which two bodies are one story


@dataclass(frozen=True)
class Existing:
    """A briefing already in content/articles, as far as duplicate detection needs it."""

    path: Path
    title: str
    raw_sha256: str
    shingles: frozenset[int]  # see shingles()


@dataclass(frozen=True)
class Decision:
    action: str  # "write", "unchanged", "exists", "near-duplicate"
    path: Path
    other: Path | None = None  # the existing briefing the decision is about
    similarity: float = 0.0


def shingles(text: str, n: int = 4) -> frozenset[int]:
    """The text's word 4-grams, each as a 64-bit digest: a set as small to keep (and to
    cache, see load_existing) as to compare, and the same in every process."""
    words = re.findall(r"[^\W_]+", plain_from_markdown(text).casefold())
    if len(words) < n:
        return frozenset({_digest(words)}) if words else frozenset()
    return frozenset(_digest(words[i:i + n]) for i in range(len(words) - n + 1))


def _digest(words: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest(), "little")


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
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
    # `existing` also holds what a dry run would have written earlier in the batch: the
    # dry run must find the same file in the way as the real run does
    if target.exists() or any(other.path == target for other in existing):
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


# What load_existing keeps of each briefing between runs (in the project; a new layout gets
# a new number). Beside the build cache, not in it: that one is evicted by output folder.
EXISTING_CACHE = Path(".cache") / "ingest" / "existing.pickle"
EXISTING_CACHE_VERSION = 1


def load_existing(articles_dir: Path, cache_file: Path | None = None, save: bool = True) -> list[Existing]:
    """Briefings on disk; files that do not parse are skipped here (the build reports them).

    Parsing a briefing and taking its 4-grams costs about 0.6 ms, 6 s of every ingest at
    10,000 briefings: `cache_file` keeps what was read of each file by its size and
    modification time, so that only the files changed since are read again (and the cache
    is written back when `save`; a dry run writes nothing).
    """
    found: list[Existing] = []
    if not articles_dir.is_dir():
        return found
    cached = _read_existing_cache(cache_file) if cache_file else {}
    current: dict[str, tuple[int, int, tuple[str, str, bytes] | None]] = {}
    changed = False
    for file in sorted(articles_dir.rglob("*.md")):
        try:
            stat = file.stat()
        except OSError:
            continue
        key = file.relative_to(articles_dir).as_posix()
        entry = cached.get(key)
        if entry is None or entry[:2] != (stat.st_size, stat.st_mtime_ns):
            entry = (stat.st_size, stat.st_mtime_ns, _read_briefing(file))
            changed = True
        current[key] = entry
        if entry[2] is not None:
            found.append(_existing(file, entry[2]))
    if cache_file and save and (changed or current.keys() != cached.keys()):
        _write_cache(cache_file, pickle.dumps({"version": EXISTING_CACHE_VERSION, "files": current}))
    return found


class ExistingBriefings:
    """`load_existing` for a process that asks on every save (the inbox of `briefings serve`):
    what was read of each briefing is kept in memory, and a file is read again only when it
    may have changed since (generator/filereadings.py), so an edit, a new or a removed file
    is seen by the next call, and unchanged files are not parsed again (0.6 ms each)."""

    def __init__(self, articles_dir: Path, clock: Callable[[], int] = time.time_ns):
        self.articles_dir = articles_dir
        self._readings = KeptReadings(articles_dir, lambda file: _existing(file, _read_briefing(file)), clock=clock)

    def load(self) -> list[Existing]:
        return [existing for existing in self._readings.current().values() if existing is not None]


def _existing(file: Path, read: tuple[str, str, bytes] | None) -> Existing | None:
    if read is None:
        return None
    title, sha, packed = read
    return Existing(file, title, sha, frozenset(array("Q", packed)))


def _write_cache(cache_file: Path, data: bytes) -> None:
    """Through a temporary file and a rename, so a reader never sees half of it; not synced
    to disk (unlike a briefing): a cache lost in a crash only costs the next run its time."""
    temporary = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, cache_file)
    except OSError:
        temporary.unlink(missing_ok=True)


def _read_briefing(file: Path) -> tuple[str, str, bytes] | None:
    """(title, raw_sha256, 4-grams packed) of a briefing, or None when it does not parse."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    article, _ = parse_article(text, file.as_posix())
    if article is None:
        return None
    sha = re.search(r"^raw_sha256:\s*['\"]?([0-9a-f]{64})", text, re.M)
    return article.title, sha.group(1) if sha else "", array("Q", sorted(shingles(article.body))).tobytes()


def _read_existing_cache(cache_file: Path) -> dict[str, tuple[int, int, tuple[str, str, bytes] | None]]:
    """The cache's entries by file, or none when it is missing, of another version or unreadable."""
    try:
        data = pickle.loads(cache_file.read_bytes())
    except Exception:  # missing, truncated or from another version of Python: read the files
        return {}
    if not isinstance(data, dict) or data.get("version") != EXISTING_CACHE_VERSION:
        return {}
    return data["files"]


# Runs of two or more brackets: `[[` opens a wiki link (generator/wikilinks.py), so scraped
# text must not keep one. Every bracket of a run but the one at the outer end is
# backslash-escaped: `[[x]]` -> `[\[x\]]`, which renders as the text "[[x]]", and a link whose
# text is in brackets, `[[1]](https://...)`, stays a link reading "[1]".
_BRACKET_RUN = re.compile(r"\[{2,}|\]{2,}")
# an inline code span: its text is shown as written, so it is left as it is
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


def escape_wiki_brackets(markdown: str) -> str:
    """Scraped Markdown with `[[` and `]]` escaped, outside code, so they stay text."""
    if "[[" not in markdown and "]]" not in markdown:
        return markdown
    lines = markdown.split("\n")
    in_code = [False] * len(lines)
    for token in _parser().parse(markdown):
        if token.type in ("fence", "code_block") and token.map:
            for number in range(*token.map):
                in_code[number] = True
    escaped = _escape_outside_code(lines, in_code, _escape_outside_code_spans)
    if _has_wiki_links(escaped):  # a code span we read differently from the parser: escape it too
        escaped = _escape_outside_code(lines, in_code, lambda text: _BRACKET_RUN.sub(_escape_run, text))
    return escaped


def _escape_outside_code(lines: list[str], in_code: list[bool], escape: Callable[[str], str]) -> str:
    escaped: list[str] = []
    start = 0
    while start < len(lines):  # runs of lines that are all code, or all not
        end = start
        while end < len(lines) and in_code[end] == in_code[start]:
            end += 1
        chunk = "\n".join(lines[start:end])
        escaped.append(chunk if in_code[start] else escape(chunk))
        start = end
    return "\n".join(escaped)


def _parser() -> MarkdownIt:
    """The site's Markdown parser, imported on first use: only a body holding "[[" or "]]"
    needs it, and markdown-it with its plugins took a twentieth of a one-page ingest."""
    from generator.markdown import parser

    return parser()


def _has_wiki_links(markdown: str) -> bool:
    return any(
        child.type == "wikilink"
        for token in _parser().parse(markdown) if token.type == "inline"
        for child in token.children or ()
    )


def _escape_outside_code_spans(text: str) -> str:
    parts, position = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts += [_BRACKET_RUN.sub(_escape_run, text[position:span.start()]), span.group(0)]
        position = span.end()
    parts.append(_BRACKET_RUN.sub(_escape_run, text[position:]))
    return "".join(parts)


def _escape_run(run: re.Match[str]) -> str:
    brackets = run.group(0)
    if brackets[0] == "[":
        return "[" + "\\[" * (len(brackets) - 1)
    return "\\]" * (len(brackets) - 1) + "]"


def check_rendered(text: str, path: str) -> Diagnostics:
    """The written file must load like any hand-written briefing."""
    _, diagnostics = parse_article(text, path)
    return diagnostics


def write_new(path: Path, text: str, overwrite: bool) -> None:
    """Write through a locked temporary file in the same folder and a rename.

    Without `overwrite`, an existing file is never replaced, even one that appeared since
    the check (FileExistsError).
    """
    write_atomically(path, text, replace=overwrite)


def remove_leftovers(content_dir: Path) -> list[Path]:
    """Temporary files of a killed ingest in the folders it writes to (see generator/atomicfile.py)."""
    articles_dir = content_dir / "articles"
    folders = [content_dir / "taxonomy", articles_dir]
    if articles_dir.is_dir():
        folders += sorted(p for p in articles_dir.iterdir() if p.is_dir() and not p.is_symlink())
    return [path for folder in folders for path in remove_stale_temporaries(folder)]


# Written into the frontmatter of every ingested briefing, so that `--force` can tell a file
# as ingest wrote it from one an editor has worked on since. A YAML comment, not a field:
# it is bookkeeping for ingest, not part of the briefing.
_HASH_LINE = "# sha256 as ingest wrote this file, without this line: {}"
_HASH_LINE_FOUND = re.compile(r"^# sha256 as ingest wrote this file, without this line: ([0-9a-f]{64})\n", re.M)


def with_ingest_hash(text: str) -> str:
    """`text` (a rendered briefing) with a last frontmatter line recording its own hash."""
    end = text.index("\n---\n", 3) + 1
    return text[:end] + _HASH_LINE.format(_sha256(text)) + "\n" + text[end:]


def edited_since_ingest(text: str) -> bool | None:
    """True when the file differs from what ingest wrote; None when ingest left no record."""
    text = text.replace("\r\n", "\n")  # an editor saving with Windows line ends changed nothing
    end = text.find("\n---", 3)
    found = _HASH_LINE_FOUND.search(text, 0, end + 1 if end > 0 else len(text))
    if not found:
        return None
    return _sha256(text[:found.start()] + text[found.end():]) != found.group(1)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def keep_backup(path: Path) -> Path:
    """Keep `path`'s current file as `<name>.bak` beside it (or `<name>.2.bak`, ...); the copy.

    An earlier copy is never replaced: it may hold the hand edits. The names do not end in
    .md, so the build does not read them.
    """
    for number in range(1, 10_000):
        backup = path.with_name(f"{path.name}.bak" if number == 1 else f"{path.name}.{number}.bak")
        try:
            os.link(path, backup)  # the very file, whatever happens to the name next
            return backup
        except FileExistsError:
            continue
        except OSError:
            try:  # a file system without hard links: a copy of its bytes
                write_atomically(backup, path.read_bytes(), replace=False)
                return backup
            except FileExistsError:
                continue
    raise FileExistsError(f"{path.name}.bak and 9,998 numbered copies exist")
