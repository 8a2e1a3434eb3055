"""content/articles/**/*.md -> validated `Article`s, with path:line diagnostics.

`parse_article` is pure (text in, article and diagnostics out); `load_articles`
is the I/O edge that walks the folder. Every problem of every file is
collected, so one build reports them all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import hashlib
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Callable, NamedTuple

import frontmatter

from generator import readahead
from generator.diagnostics import BuildError, Diagnostics, display_path
from generator.models import Article
from generator.schema import FIELDS, FIELDS_BY_NAME
from generator.slugs import slugify
from generator.yamltext import YamlProblem, load_with_lines

FRONTMATTER_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The body `briefings new` writes (generator/scaffold.py): an instruction to the editor,
# never to be published, so a briefing that still holds it is warned about.
NEW_BRIEFING_PLACEHOLDER = "Write the briefing here: what happened, where, who was involved, and what comes next."

# Limits that keep one bad file from stalling a build. A long briefing is tens of
# kilobytes; past a megabyte a file is a mistake (a pasted dump, a binary), and
# pathological Markdown of that size still renders in seconds, not minutes.
MAX_FILE_BYTES = 1024 * 1024
MAX_LIST_ITEMS = 200  # values in one list field (actors, countries, ...)
MAX_TEXT_CHARS = 2000  # characters in one text field (title, summary, ...)
# The frontmatter is a few hundred bytes, a few kilobytes with long lists; YAML costs far
# more per byte than Markdown (a node object for every value), so it is bounded on its own.
MAX_FRONTMATTER_BYTES = 128 * 1024
MAX_FRONTMATTER_VALUES = 20_000  # keys and values in all: 16 fields of 200 items fit many times over


def _split(text: str) -> tuple[str, int, str, int] | None:
    """(frontmatter text, its first line offset, body, body's first line) or None."""
    if not FRONTMATTER_BOUNDARY.match(text):
        return None
    # the first two only: the rest of the file (a body with thematic breaks) is not searched
    boundaries = FRONTMATTER_BOUNDARY.finditer(text)
    opening, closing = next(boundaries), next(boundaries, None)
    if closing is None:
        return None
    fm_text = text[opening.end() : closing.start()]
    fm_offset = text[: opening.end()].count("\n")
    body = text[closing.end() :]
    # the closing '---' line itself ends with a newline that belongs to it
    if body.startswith("\r\n"):
        body = body[2:]
    elif body.startswith("\n"):
        body = body[1:]
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return fm_text, fm_offset, body, body_line


def _check_value(name: str, value: Any) -> tuple[Any, str | None, str]:
    """Validate one frontmatter value: (converted value, problem or None, hint)."""
    kind = FIELDS_BY_NAME[name].kind
    if kind in ("string", "url"):
        # YAML reads `title: 12345` as a number and `title: 1.0` as 1.0 (not "1.0"): what
        # is shown would not be what was written, so only text is taken
        if not isinstance(value, str):
            return None, f"must be text, not {_describe(value)}", f'quote it: {name}: "..."'
        text = value.strip()
        if not text and FIELDS_BY_NAME[name].required:
            return None, "must not be empty", ""
        if len(text) > MAX_TEXT_CHARS:
            return None, f"is {len(text)} characters long; the limit is {MAX_TEXT_CHARS}", ""
        if kind == "url" and text and not re.match(r"^https?://\S+$", text):
            return None, f"{text!r} is not an http(s) address", "write the full URL, https://..."
        return text, None, ""
    if kind == "date":
        text = str(value).strip() if not isinstance(value, bool) else ""
        if not DATE_PATTERN.match(text):
            return None, f"{value!r} is not a date in YYYY-MM-DD form", "e.g. date: 2022-09-13"
        try:
            return dt.date.fromisoformat(text), None, ""
        except ValueError as exc:
            return None, f"{text!r} is not a real date ({exc})", "e.g. date: 2022-09-13"
    if kind == "datetime":
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            return (
                None,
                f"{value!r} is not an ISO date-time",
                "e.g. updated: 2022-09-13T10:30:00+02:00",
            )
        if parsed.tzinfo is None:
            return None, f"{text!r} has no UTC offset", "add one, e.g. +02:00 or Z"
        return parsed, None, ""
    if kind == "list":
        if value is None:
            return (), None, ""
        if not isinstance(value, list):
            return None, f"must be a list, not {_describe(value)}", f"write {name}: [{value}]"
        if len(value) > MAX_LIST_ITEMS:
            return None, f"has {len(value)} values; the limit is {MAX_LIST_ITEMS}", "keep the most relevant ones"
        items: list[str] = []
        for item in value:
            if isinstance(item, bool) or item is None or isinstance(item, (list, dict)):
                return None, f"items must be text; found {_describe(item)}", ""
            text = str(item).strip()
            if not text:  # `actors: [""]` names nobody: dropping it would hide the slip
                return None, "has an empty value", "remove it, or write the name"
            if len(text) > MAX_TEXT_CHARS:
                return None, f"has a value {len(text)} characters long; the limit is {MAX_TEXT_CHARS}", ""
            # a name recurs over the archive: one string for all its briefings, not one each
            items.append(sys.intern(text))
        return tuple(dict.fromkeys(items)), None, ""  # each once, in order
    if kind == "boolean":
        if not isinstance(value, bool):
            return None, f"must be true or false, not {value!r}", ""
        return value, None, ""
    raise AssertionError(f"unknown field kind {kind}")


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return f"{value!r}"


def parse_article(text: str, path: str) -> tuple[Article | None, Diagnostics]:
    """Validate one briefing file's text. `path` is used for messages and the slug."""
    article, diagnostics, _ = _parsed(text, path)
    return article, diagnostics


def _parsed(text: str, path: str, body_file: str = "") -> tuple[Article | None, Diagnostics, str]:
    """parse_article, and the body; with `body_file`, the article holds not its Markdown
    but the file to read it from again (load_articles' keep_bodies)."""
    diagnostics = Diagnostics()
    parts = _split(text)
    if parts is None:
        diagnostics.error(
            path,
            1,
            "no frontmatter: a briefing starts with a '---' block holding title, date and region",
            hint="see 'Frontmatter' in the README",
        )
        return None, diagnostics, ""
    fm_text, fm_offset, body, body_line = parts
    if len(fm_text) > MAX_FRONTMATTER_BYTES:  # characters: at least as many bytes
        diagnostics.error(
            path, 1,
            f"the frontmatter is {len(fm_text.encode('utf-8', 'surrogatepass')) // 1024} KB long; "
            f"the limit is {MAX_FRONTMATTER_BYTES // 1024} KB",
            hint="the frontmatter holds the fields; the text goes below the closing '---'",
        )
        return None, diagnostics, ""
    try:
        data, key_lines = load_with_lines(fm_text, MAX_FRONTMATTER_VALUES)
    except YamlProblem as problem:
        diagnostics.error(path, fm_offset + problem.line, problem.message)
        return None, diagnostics, ""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diagnostics.error(path, fm_offset + 1, "frontmatter must be a mapping of field: value")
        return None, diagnostics, ""

    def line_of(name: str) -> int:
        return fm_offset + key_lines.get((name,), 0) if (name,) in key_lines else 1

    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key not in FIELDS_BY_NAME:
            close = difflib.get_close_matches(key, FIELDS_BY_NAME, n=1)
            diagnostics.warning(
                path,
                line_of(key),
                f"unknown field '{key}' is ignored",
                hint=f"did you mean '{close[0]}'?" if close else "",
            )
            continue
        converted, problem, hint = _check_value(key, value)
        if problem:
            diagnostics.error(path, line_of(key), f"field '{key}': {problem}", hint)
        else:
            values[key] = converted
    for spec in FIELDS:
        if spec.required and spec.name not in data:
            diagnostics.error(path, 1, f"field '{spec.name}' is required: {spec.description}")
    if diagnostics.errors:
        return None, diagnostics, ""

    stem = _stem(path)
    slug = slugify(stem)
    if slug != stem:
        diagnostics.warning(
            path, 1, f"file name {stem!r} is not a URL slug; the briefing's address uses {slug!r}",
            hint=f"rename the file to {slug}.md",
        )
    if not slug:
        diagnostics.error(path, 1, "file name gives an empty slug", hint="rename the file")
        return None, diagnostics, ""
    folder = path.rpartition("/")[0].rpartition("/")[2]  # Path(path).parent.name
    if re.fullmatch(r"\d{4}", folder) and int(folder) != values["date"].year:
        diagnostics.warning(
            path, line_of("date"),
            f"briefing dated {values['date'].year} is filed under {folder}/",
            hint=f"move it to articles/{values['date'].year}/",
        )
    updated = values.get("updated")
    if updated and updated.date() < values["date"]:
        diagnostics.warning(path, line_of("updated"), "field 'updated' is before 'date'")
    language = values.get("language", "")
    if language and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        # it becomes the lang attribute of the text: a wrong one misleads screen readers
        diagnostics.error(
            path, line_of("language"), f"field 'language' is {language!r}, not a language code",
            hint="use a BCP 47 code such as de, fr or pt-BR",
        )
        return None, diagnostics, ""
    if not body.strip():
        # a file that ends at the closing '---' has no body line to point at: point at the '---'
        empty_line = body_line if body else body_line - 1
        diagnostics.warning(path, empty_line, "the briefing has no body text", hint="write the text below the '---' line")
    placeholder = _placeholder_line(body)
    if placeholder is not None:
        diagnostics.warning(
            path, body_line + placeholder, "the body still holds the placeholder text of 'briefings new'",
            hint="replace it with the briefing's text",
        )

    field_lines = {name: line_of(name) for name in values}
    article = Article(
        path=path,
        slug=slug,
        title=values["title"],
        date=values["date"],
        region=sys.intern(values["region"]),
        body="" if body_file else body,
        body_file=body_file,
        body_line=body_line,
        updated=updated,
        countries=values.get("countries", ()),
        actors=values.get("actors", ()),
        places=values.get("places", ()),
        tags=values.get("tags", ()),
        source=sys.intern(values.get("source", "")),
        source_url=values.get("source_url", ""),
        summary=values.get("summary", ""),
        language=values.get("language", ""),
        draft=values.get("draft", False),
        review=values.get("review", ()),
        autolinks=values.get("autolinks", True),
        field_lines=_shared_layout(field_lines),
        source_digest=source_digest(path, text),
        body_digest=body_digest(body),
    )
    return article, diagnostics, body


# Briefings written alike have the same fields on the same lines: one dict of lines for
# all of them (never changed once made), rather than one each, which at 100,000 briefings
# held about 80 MB. Bounded, as a server builds again and again.
_LAYOUTS: dict[tuple[tuple[str, int], ...], dict[str, int]] = {}
_MAX_LAYOUTS = 10_000


def _shared_layout(field_lines: dict[str, int]) -> dict[str, int]:
    key = tuple(field_lines.items())
    found = _LAYOUTS.get(key)
    if found is None:
        if len(_LAYOUTS) >= _MAX_LAYOUTS:
            _LAYOUTS.clear()
        found = _LAYOUTS[key] = field_lines
    return found


def _stem(path: str) -> str:
    """PurePosixPath(path).stem, of a path as messages show it (`/`-separated, normalized),
    without making a path object of it."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _placeholder_line(body: str) -> int | None:
    """Index of the body line holding the placeholder of `briefings new`, None if none does."""
    wanted = " ".join(NEW_BRIEFING_PLACEHOLDER.split())
    # a line holds it only if the body holds its longest word: most bodies are passed
    # over without splitting every line (reading 1,000 briefings spent a sixth here)
    if max(wanted.split(), key=len) not in body:
        return None
    for index, line in enumerate(body.splitlines()):
        if wanted in " ".join(line.split()):
            return index
    return None


def source_digest(path: str, text: str) -> str:
    return hashlib.blake2b(f"{path}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def body_digest(body: str) -> str:
    """The digest of a body's Markdown: what the body cache knows it by (with its page and names)."""
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# Bodies load_articles let go of, kept for read_body up to a bound: a small archive's are
# not read from disk a second time when rendered (at 1,000 briefings, 0.04 s of a clean
# build), a large one's text is never all held. Only until the site is filed
# (`let_go_of_held_bodies`): what renders a large archive's bodies is forked before they are
# read and reads them from disk.
HELD_BODY_CHARACTERS = 8_000_000
_HELD_BODIES: readahead.HeldOnce[tuple[str, str], str] = readahead.HeldOnce(lambda: HELD_BODY_CHARACTERS)


def let_go_of_held_bodies() -> None:
    _HELD_BODIES.let_go()


def read_body(file: str, digest: str) -> str:
    """The body of the briefing file `file` read again, which must be the body of `digest`
    (a build reads each body again when it renders it, rather than hold them all; a
    small archive's, held since load_articles read them, are not read again)."""
    held = _HELD_BODIES.take((file, digest))
    if held is not None:
        return held
    found = Diagnostics()
    text = read_text(Path(file), file, found)
    parts = _split(text) if text is not None else None
    if parts is None or body_digest(parts[2]) != digest:
        raise BuildError(f"{file} changed while the build was reading it; build again")
    return parts[2]


def read_text(file: Path, display: str, diagnostics: Diagnostics) -> str | None:
    """Read a content file as UTF-8, reporting the line of any undecodable byte,
    and a file that cannot be read (permissions, a symbolic link loop) by name."""
    raw = readahead.take(os.fspath(file))  # read whole a moment ago by the input index
    if raw is not None:
        return None if _too_large(len(raw), display, diagnostics) else _decoded(raw, display, diagnostics)
    try:
        if _too_large(file.stat().st_size, display, diagnostics):
            return None
        with file.open("rb") as handle:  # read at most the limit: the file may have grown since
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        diagnostics.error(display, 0, f"cannot read the file: {_reason(exc)}", hint=_fix_for(exc))
        return None
    if len(raw) > MAX_FILE_BYTES:
        diagnostics.error(display, 0, f"file is over {MAX_FILE_BYTES // 1024} KB; a briefing may be at most that")
        return None
    return _decoded(raw, display, diagnostics)


def _too_large(size: int, display: str, diagnostics: Diagnostics) -> bool:
    if size > MAX_FILE_BYTES:
        diagnostics.error(
            display, 0,
            f"file is {size / 1024 / 1024:.1f} MB; a briefing may be at most {MAX_FILE_BYTES // 1024} KB",
            hint="is this really one article? split it, or remove pasted material",
        )
        return True
    return False


def _decoded(raw: bytes, display: str, diagnostics: Diagnostics) -> str | None:
    """The text of a content file's bytes, or None with the problem reported at its line."""
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        diagnostics.error(display, line, "file contains a NUL byte; is it a binary file?")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diagnostics.error(
            display, line, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            hint="re-save the file as UTF-8",
        )
        return None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _fix_for(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "give the user running the build permission to read it (chmod u+rX)"
    if exc.errno == errno.ELOOP:
        return "a symbolic link leads to itself, directly or through others: remove or fix it"
    return ""


def find_article_files(articles_dir: Path, root: Path, diagnostics: Diagnostics) -> list[Path]:
    """Every `*.md` file under `articles_dir` (symbolic links to files included), sorted.

    A folder that cannot be listed, and a link that leads nowhere, to itself
    or to a folder, is an error naming it: a build that quietly left out a
    year because of its permissions would publish an archive with a hole in it.
    (Links to folders are not followed: one into content/ would give every
    briefing twice, one out of it would publish what is not content.)
    """
    return [Path(listed.file) for listed in _listed_article_files(articles_dir, root, diagnostics)]


class _Listed(NamedTuple):
    file: str  # as the folder listing names it: str(Path(file)) is the same text
    relative: str  # under the articles folder, `/`-separated
    link: bool  # a symbolic link


def _listed_article_files(articles_dir: Path, root: Path, diagnostics: Diagnostics) -> list[_Listed]:
    """find_article_files, in its order, each file with its path under `articles_dir` and
    whether it is a link, as the listing gave them (no path objects, no more system calls)."""
    found: list[tuple[list[str], _Listed]] = []
    pending: list[tuple[str, str]] = [(os.fspath(articles_dir), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            diagnostics.error(
                display_path(Path(folder), root), 0, f"cannot read the folder: {_reason(exc)}", hint=_fix_for(exc),
            )
            continue
        for entry in listed:
            relative = prefix + entry.name
            try:
                if entry.is_symlink():
                    target = os.stat(entry.path)  # follows the link: raises for a loop or a link to nothing
                    if stat.S_ISDIR(target.st_mode):
                        diagnostics.error(
                            display_path(Path(entry.path), root), 0, "symbolic link to a folder is not followed",
                            hint="move the folder here, or link its files one by one",
                        )
                    elif entry.name.endswith(".md"):
                        found.append((relative.split("/"), _Listed(entry.path, relative, True)))
                elif entry.is_dir():
                    pending.append((entry.path, relative + "/"))
                elif entry.name.endswith(".md"):
                    found.append((relative.split("/"), _Listed(entry.path, relative, False)))
            except OSError as exc:
                if entry.name.endswith(".md") or exc.errno == errno.ELOOP:
                    problem = "symbolic link loop" if exc.errno == errno.ELOOP else _reason(exc)
                    diagnostics.error(
                        display_path(Path(entry.path), root), 0, f"cannot read it: {problem}", hint=_fix_for(exc),
                    )
    # in the order of their paths (part by part, as paths compare): "2019/a.md" before "2019-b/a.md"
    found.sort(key=lambda item: item[0])
    return [listed for _, listed in found]


ParsedArticles = dict[str, tuple[Article | None, Diagnostics]]


def load_articles(
    root: Path, content_dir: Path, memo: ParsedArticles | None = None,
    file_digest: Callable[[Path], bytes | None] = lambda file: None, keep_bodies: bool = True,
    hold_for_read_body: bool = False,
) -> tuple[list[Article], Diagnostics]:
    """Load and validate every briefing under `content_dir/articles`.

    `memo` maps a file's digest to what parsing it gave: a file unchanged
    since it was filled is not parsed again; on return it holds exactly the
    files of this load. `file_digest` gives the digest of a file's bytes
    where the caller already has it (the build's input index), so that an
    unchanged file is not even read. Without `keep_bodies`, articles hold no
    Markdown but the file to read it from again (`read_body`): the archive's text,
    most of its bytes, is not held while the whole archive is filed; with
    `hold_for_read_body`, but for a small archive's (HELD_BODY_CHARACTERS), which
    `read_body` takes from memory until `let_go_of_held_bodies`.
    """
    diagnostics = Diagnostics()
    articles: list[Article] = []
    articles_dir = content_dir / "articles"
    try:
        is_folder = stat.S_ISDIR(articles_dir.stat().st_mode)
    except FileNotFoundError:
        is_folder = False
    except OSError as exc:
        diagnostics.error(display_path(articles_dir, root), 0, f"cannot read the folder: {_reason(exc)}", _fix_for(exc))
        return articles, diagnostics
    if not is_folder:
        diagnostics.error(display_path(articles_dir, root), 0, "no articles folder")
        return articles, diagnostics
    resolved_content = content_dir.resolve()
    used: set[str] = set()
    let_go_of_held_bodies()
    # each file as messages show it: the folder's, and the file's path under it (display_path, without its cost)
    shown_folder = display_path(articles_dir, root)
    for listed in _listed_article_files(articles_dir, root, diagnostics):
        file = Path(listed.file)
        display = f"{shown_folder}/{listed.relative}" if shown_folder != "." else display_path(file, root)
        if listed.link and not file.resolve().is_relative_to(resolved_content):
            diagnostics.error(display, 0, "symbolic link pointing outside content/ is refused")
            continue
        known = file_digest(file)
        key = (  # hex, as the build cache shards by its first characters
            hashlib.blake2b(f"{display}\0".encode("utf-8", "surrogateescape") + known, digest_size=16).hexdigest()
            if known is not None else None
        )
        parsed = memo.get(key) if memo is not None and key is not None else None
        if parsed is None:
            # read_text reports only failures, which are never memoised
            text = read_text(file, display, diagnostics)
            if text is None:
                continue
            article, found, body = _parsed(text, display, body_file="" if keep_bodies else listed.file)
            if hold_for_read_body and article is not None and not keep_bodies:
                _HELD_BODIES.hold((listed.file, article.body_digest), body)
            parsed = (article, found)
            key = key or source_digest(display, text)
            if memo is not None:
                memo[key] = parsed
        used.add(key)
        article, found = parsed
        diagnostics.extend(found)
        if article is not None:
            articles.append(article)
    readahead.let_go()  # what is left was not needed (files unchanged since the cache parsed them)
    if memo is not None:  # only this load's files: the memo never grows with old versions
        for key in memo.keys() - used:
            del memo[key]
    return articles, diagnostics
