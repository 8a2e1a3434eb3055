"""Raw inputs: which files and addresses to read, reading them within limits, decoding them to text.

This is the I/O edge of ingest. Everything a file can do wrong (empty, too large, binary,
undecodable) becomes an `InputProblem` with a message for the editor, so one bad file in a
batch is reported and skipped while the others go on. An http(s) address is an input like
a file: `fetch.py` gets its page, and what goes wrong there is an `InputProblem` too.

Decoding policy: UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are.
Anything else, including UTF-8 with invalid bytes, goes through charset-normalizer, which
also recognises cp1252 and latin-1. A file is refused only when no encoding makes it
readable text (that is what a binary file looks like); we never replace bytes silently. A fetched page's charset from the Content-Type header
comes before the page's own <meta charset> (as in browsers), but after valid UTF-8: bytes
that read as UTF-8 are UTF-8, whatever an old server default says. ISO-8859-1 and ASCII
labels are read as windows-1252, as browsers do, because that is what such pages hold.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.ingest.fetch import DEFAULT_TIMEOUT, HTML_TYPES, FetchProblem, address_problem, fetch, is_address

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a saved news page is well under 2 MB; 20 MB is generous
INPUT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".md")
STDIN = "-"


class InputProblem(Exception):
    """A raw input that cannot be ingested, with the reason as its message."""


@dataclass(frozen=True)
class RawInput:
    name: str  # as shown to the editor and stored as `ingested_from`: the file name, the address, or "-"
    data: bytes
    url: str = ""  # the address a fetched page came from; the source_url when the page names none
    media_type: str = ""  # a fetched page's Content-Type ("text/html"), "" for files
    charset: str = ""  # a fetched page's charset from its Content-Type header

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    is_html: bool


def expand_arguments(arguments: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files, directories (searched recursively for known suffixes), globs, '-' and http(s) addresses.

    Returns (paths in order, without repeats; [(argument, problem)] for arguments that
    name nothing).
    """
    found: list[str] = []
    problems: list[tuple[str, str]] = []
    for argument in arguments:
        if argument == STDIN:
            found.append(STDIN)
            continue
        if is_address(argument):
            problem = address_problem(argument)
            if problem:
                problems.append((argument, problem))
            else:
                found.append(argument)
            continue
        path = Path(argument)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
            )
            if not files:
                problems.append((argument, "directory holds no .txt or .html files"))
            found.extend(str(p) for p in files)
        elif path.exists():
            found.append(str(path))
        elif glob.has_magic(argument):
            matches = sorted(m for m in glob.glob(argument, recursive=True) if Path(m).is_file())
            if not matches:
                problems.append((argument, "pattern matches no file"))
            found.extend(matches)
        else:
            problems.append((argument, "no such file or directory"))
    unique = list(dict.fromkeys(found))
    return unique, problems


def read_input(argument: str, limit: int = MAX_INPUT_BYTES, timeout: float = DEFAULT_TIMEOUT) -> RawInput:
    """Read one input's bytes, refusing empty and oversized ones before reading them whole.

    An address is fetched, with `timeout` seconds for all of it.
    """
    if is_address(argument):
        try:
            page = fetch(argument, limit, timeout)
        except FetchProblem as problem:
            raise InputProblem(str(problem)) from None
        if not page.data.strip():
            raise InputProblem("the page is empty")
        return RawInput(argument, page.data, url=page.address, media_type=page.media_type, charset=page.charset)
    if argument == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        name = STDIN
    else:
        path = Path(argument)
        if not path.is_file():
            raise InputProblem("not a regular file")
        size = path.stat().st_size
        if size > limit:
            raise InputProblem(f"file is {_megabytes(size)}, over the {_megabytes(limit)} limit for one input")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputProblem(f"cannot read: {exc.strerror or exc}") from exc
        name = path.name
    if len(data) > limit:
        raise InputProblem(f"input is over the {_megabytes(limit)} limit for one input")
    if not data.strip():
        raise InputProblem("input is empty")
    return RawInput(name=name, data=data)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def decode(raw: RawInput) -> Decoded:
    """Raw bytes -> text, or InputProblem when the bytes are not text in any encoding."""
    data = raw.data
    text, encoding = None, ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, encoding = _try(data, codec), codec
            break
    if text is None and _looks_utf16_without_bom(data):
        for codec in ("utf-16-le", "utf-16-be"):
            candidate = _try(data, codec)
            if candidate is not None and _is_texty(candidate):
                text, encoding = candidate, codec
                break
    if text is None and b"\x00" not in data:
        text, encoding = _try(data, "utf-8"), "utf-8"
        if text is None and raw.charset:
            text, encoding = _try_declared(data, raw.charset)
        if text is None:
            declared = _META_CHARSET.search(data[:4096])
            if declared:
                text, encoding = _try_declared(data, declared.group(1).decode("ascii", "ignore"))
    if text is None:
        text, encoding = _detect(data)
    if text is None or not _is_texty(text):
        raise InputProblem("not text: looks like a binary file (no encoding gives readable text)")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    is_html = raw.media_type in HTML_TYPES or looks_like_html(text, raw.name)
    return Decoded(text=text, encoding=encoding, is_html=is_html)


def _try_declared(data: bytes, label: str) -> tuple[str | None, str]:
    """Decode with a declared charset; (None, "") when the label is unknown or does not fit."""
    try:
        codec = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None, ""
    if codec in ("latin-1", "iso8859-1", "ascii"):
        # windows-1252 leaves five bytes undefined, which latin-1 reads as control characters
        text = _try(data, "cp1252")
        return (text, "cp1252") if text is not None else (_try(data, "latin-1"), "latin-1")
    if codec == "utf-8":
        return None, ""  # already tried: the bytes are not UTF-8, whatever the label says
    text = _try(data, codec)
    return (text, codec) if text is not None else (None, "")


# When several single-byte code pages read a text equally well (as they do for French or
# German, whose letters sit at the same bytes in most of them), the Western one is meant:
# that is what Windows and older sites saved.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _detect(data: bytes) -> tuple[str | None, str]:
    import charset_normalizer  # only for bytes in no declared or UTF encoding: imported then

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None, ""
    best = matches[0]
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos and match.coherence >= best.coherence - 0.01:
            return str(match), match.encoding
    return str(best), best.encoding


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) / 2
    return max(zeros_even, zeros_odd) > 0.4 * half and min(zeros_even, zeros_odd) < 0.05 * half


def _is_texty(text: str) -> bool:
    """Mostly printable characters: control characters other than whitespace mean binary."""
    if not text.strip():
        return False
    sample = text[:20000]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")
    return controls / len(sample) < 0.01


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<\?xml[^>]*>\s*<!doctype html|<!--)", re.I)
# The tags that give a page its structure: a document has them whatever it holds.
_DOCUMENT_TAG = re.compile(r"<(?:html|head|body)(?:\s[^<>]*)?>", re.I)
# A tag of the elements that hold a page's text, opening or closing.
_TEXT_TAG = re.compile(r"</?(?:p|div|a|span|li|ul|ol|td|tr|table|h[1-6]|br|em|strong|b|i|blockquote|section|article)(?:\s[^<>]*)?/?>", re.I)
# A fragment of markup without <html> or <body> is markup when tags stand on this share of
# its lines at least (or, in one long line, at least MIN_TAGS of them): a text that quotes
# some markup ("he wrote <i>$700 billion</i>") has tags on a few lines of many.
TAGGED_LINE_SHARE = 1 / 3
MIN_TAGS = 10


def looks_like_html(text: str, name: str = "") -> bool:
    """Whether `text` is a page's markup rather than text: by the name's suffix, else by its
    structure (a doctype, <html>, <head> or <body>), else by tags on most of its lines. Text
    copied from a page may hold a few tags and angle brackets of its own; that is no markup."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:2000]
    sample = text[:20000]
    if _HTML_START.match(head):
        return bool(re.search(r"<(html|head|body|div|p)\b", sample, re.I))
    if _DOCUMENT_TAG.search(sample) and re.search(r"</(?:body|html)>", text, re.I):
        return True
    lines = [line for line in sample.split("\n") if line.strip()]
    tagged = sum(1 for line in lines if _TEXT_TAG.search(line))
    return len(_TEXT_TAG.findall(sample)) >= MIN_TAGS and tagged >= TAGGED_LINE_SHARE * len(lines)
