"""Every briefing's Markdown body rendered, reusing what the last build rendered.

A rendered body depends on its text, the page it is shown on (links are
relative) and the names that link: the wiki-link index (every briefing's
slug and title) and the auto-linked names. Checking a cached body against the
whole wiki index would make any new title re-render every body, so each body
keeps the wiki links it resolved, and is reused only if every one of them
still resolves the same way.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Sequence

import zstandard

from generator import urls
from generator.autolinks import AutoLinkTerms
from generator.codekey import build_key
from generator.content import body_digest, read_body
from generator.markdown import BodyContext, RenderedBody, parse_body, render_body
from generator.wikilinks import WikiIndex
from generator.workers import Workers, map_in_order

BATCH = 256  # bodies stored in one transaction: a few MB held at most

@dataclass(frozen=True)
class BodyJob:
    url: str  # output path of the page it is shown on
    text: str  # Markdown ("" when read from `file` as it is rendered)
    autolinks: bool
    file: str = ""  # the briefing file to read the Markdown from, when not in `text`
    text_digest: str = ""  # content.body_digest of the Markdown; of `text` when not given

    @property
    def digest(self) -> str:
        return self.text_digest or body_digest(self.text)

    def markdown(self) -> str:
        """The Markdown, read from its file if it is not held: the worker rendering a
        body reads it, so the build never holds the archive's text."""
        return read_body(self.file, self.digest) if self.file else self.text


@dataclass(frozen=True)
class BodyRenderer:
    """Renders bodies for one build: shared link targets, an optional cache, worker count.

    With a cache, the bodies returned hold a `BodyHtml` that reads the HTML from
    it: each body is stored as it comes from the workers, and not held."""

    wiki_index: WikiIndex
    autolink_terms: AutoLinkTerms
    cache: BodyShelf | None = None  # read from; on return, holds exactly this build's bodies
    jobs: int = 1
    # a build's workers, forked before it read the archive: bodies are sent to them, with
    # the link targets once, rather than rendered by processes forked now with all the
    # build holds (every article), which each count it all again (generator/workers.py)
    workers: Workers | None = None

    def render(self, jobs: Sequence[BodyJob]) -> list[RenderedBody]:
        names = names_digest(self.autolink_terms)
        keys = [body_key(job, names) for job in jobs]
        found: list[RenderedBody | None] = [self._cached(key) for key in keys]
        missing = [index for index, body in enumerate(found) if body is None]
        todo = [jobs[index] for index in missing]
        if self.workers is not None:
            rendered = self.workers.map_in_order(_render_sent, todo, context=(self.wiki_index, self.autolink_terms))
        else:
            rendered = map_in_order(self._render_one, todo, self.jobs)
        batch: dict[str, RenderedBody] = {}
        for index, body in zip(missing, rendered):
            if self.cache is not None:
                batch[keys[index]] = body
                body = replace(body, html=self.cache.stored_html(keys[index], body.html))
                if len(batch) >= BATCH:
                    self.cache.put(batch)
                    batch = {}
            found[index] = body
        if self.cache is not None:
            self.cache.put(batch)
            self.cache.keep_only(set(keys))  # only this build's bodies: the cache never grows with old versions
        return [body for body in found if body is not None]

    def _cached(self, key: str) -> RenderedBody | None:
        body = self.cache.get(key) if self.cache is not None else None
        if body is None:
            return None
        still_same = all(self.wiki_index.resolve(use.written) == use.resolution for use in body.wiki_links)
        return replace(body, html=self.cache.stored_html(key, body.html)) if still_same else None

    def _render_one(self, job: BodyJob) -> RenderedBody:
        return render_body(job.markdown(), body_context(job, self.wiki_index, self.autolink_terms))


def _render_sent(link_targets: tuple[WikiIndex, AutoLinkTerms], job: BodyJob) -> RenderedBody:
    wiki_index, autolink_terms = link_targets
    return render_body(job.markdown(), body_context(job, wiki_index, autolink_terms))


# Reads the bodies of a site's briefings: (wiki index, auto-linked names, bodies) ->
# what each says, in order (site.build_site calls one, as its caller chooses)
BodyReader = Callable[[WikiIndex, AutoLinkTerms, Sequence[BodyJob]], list[RenderedBody]]


def parse_bodies(wiki_index: WikiIndex, autolink_terms: AutoLinkTerms, jobs: Sequence[BodyJob]) -> list[RenderedBody]:
    """Each body parsed and not rendered (its `html` is ""): what reading and checking needs."""
    return [parse_body(job.markdown(), body_context(job, wiki_index, autolink_terms)) for job in jobs]


def render_bodies(wiki_index: WikiIndex, autolink_terms: AutoLinkTerms, jobs: Sequence[BodyJob]) -> list[RenderedBody]:
    """Each body rendered in this process, its HTML held (a site built alone: tests, tools)."""
    return BodyRenderer(wiki_index, autolink_terms).render(jobs)


def body_context(job: BodyJob, wiki_index: WikiIndex, autolink_terms: AutoLinkTerms) -> BodyContext:
    """What the body of `job` may link to, seen from its page."""
    return BodyContext(
        relative_link=urls.relative_from(job.url),  # its links: auto-links, wiki links
        wiki_index=wiki_index,
        autolink_terms=autolink_terms if job.autolinks else None,
    )


def names_digest(terms: AutoLinkTerms) -> str:
    """Digest of the auto-linked names and their pages: part of every body's key."""
    digest = hashlib.blake2b(digest_size=16)
    for name, path in sorted(terms.target_of.items()):
        digest.update(f"{name}\0{path}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def body_key(job: BodyJob, names: str) -> str:
    """The key of a body in the cache: its text (by digest), page, and the names (`names_digest`) that link."""
    text = f"{job.url}\0{job.autolinks}\0{names if job.autolinks else ''}\0{job.digest}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# The body cache on disk: every body the last build rendered, by key (`body_key`).
#
# Bodies are most of the archive's text, and a build needs a body's HTML only where
# it is shown: on its own page, in the feeds that carry it whole, in the offline
# search index. Lists show summaries and terms. So bodies are not held in a build's
# memory: each goes to this file as soon as it is rendered, a briefing holds a
# `BodyHtml` (a digest and where to read it), and whatever shows a body reads it
# from here. One SQLite file, read by key from any process (render workers open
# their own connection), each body compressed as the rest of the cache is; a
# body's bytes are checked against their digest when read, as every cache file is.

SHELF = "bodies.sqlite"
# What a build lets its shelf hold (BodyShelf.open's `hold`): a small archive's bodies
# held as well as stored, as reading each back (select, check, decompress, unpickle) to
# render its page was 3% of a clean build's CPU at 1,000 briefings, whose bodies are
# 6.3 M characters. A bound, so that memory does not grow with the archive: past it
# bodies are read back from the shelf as before.
HELD_CHARACTERS = 8_000_000
# Zstandard level 3 with the preset dictionary below, as the plan store compresses its
# rows (generator/incremental/planstore.py): on the 1,000 bodies of bench/make_corpus.py
# (7.0 MB pickled), 1.54 MB in 0.024 s of CPU, read back in 0.008 s, against zlib level 4's
# 1.62 MB in 0.136 s and 0.034 s (its window held a dictionary of 32 KB at most); a clean
# build compresses every body
_COMPRESSION = 3
# The format of the stored bodies, named in `meta` beside the build key: a shelf of another
# (zlib's, before this one) is emptied as one of another generator is, its bodies misses
_FORMAT = "zstd 2"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (build_key TEXT NOT NULL, dictionary BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, data BLOB NOT NULL, checksum BLOB NOT NULL) WITHOUT ROWID;
"""


class BodyMissing(Exception):
    """A stored body that is gone or altered since this build stored it."""


# Bodies are compressed one by one, to be read one by one; what they share (markup, the
# pickle's structure, the archive's words) would then be paid in each. A preset dictionary,
# the end of the first bodies stored, shares it: with Zstandard, whose window is not
# zlib's 32 KB, 256 KB of it makes the bodies 3% smaller than 128 KB does and 7% smaller
# than 32 KB, for the same CPU (1,000 bodies); it is stored once, in the shelf's `meta`.
_DICTIONARY_SIZE = 256 * 1024


@dataclass(frozen=True)
class _Codec:
    """A shelf's compressor and decompressor over its dictionary, made once per process:
    the dictionary's tables computed once rather than for every body."""

    dictionary: bytes

    @functools.cached_property
    def _dictionary(self) -> zstandard.ZstdCompressionDict:
        return zstandard.ZstdCompressionDict(self.dictionary, dict_type=zstandard.DICT_TYPE_RAWCONTENT)

    @functools.cached_property
    def _compressor(self) -> zstandard.ZstdCompressor:
        self._dictionary.precompute_compress(level=_COMPRESSION)
        return zstandard.ZstdCompressor(level=_COMPRESSION, dict_data=self._dictionary)

    @functools.cached_property
    def _decompressor(self) -> zstandard.ZstdDecompressor:
        return zstandard.ZstdDecompressor(dict_data=self._dictionary)

    def pack(self, pickled: bytes) -> tuple[bytes, bytes]:
        data = self._compressor.compress(pickled)
        return data, hashlib.blake2b(data, digest_size=16).digest()

    def unpack(self, data: bytes, checksum: bytes) -> RenderedBody | None:
        if hashlib.blake2b(data, digest_size=16).digest() != checksum:
            return None
        try:
            body = pickle.loads(self._decompressor.decompress(data))
        except Exception:  # a cache we wrote ourselves, but a broken one is just a miss
            return None
        return body if isinstance(body, RenderedBody) else None


def _pickled(body: RenderedBody) -> bytes:
    if not isinstance(body.html, str):  # as bodies come from rendering, their HTML is text
        body = replace(body, html=html_of(body.html))
    return pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)


def _shelf_key() -> str:
    """What a shelf's `meta` names: the generator that wrote it, and the format."""
    return f"{build_key()} {_FORMAT}"


def html_digest(html: str) -> str:
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# (process, file): this process's own connection, and the codec of the file's dictionary
_READERS: dict[tuple[int, str], tuple[sqlite3.Connection, _Codec]] = {}


def _read_stored(file: str, key: str) -> RenderedBody | None:
    """The body under `key` in the shelf `file`, through this process's own connection
    (a connection must not cross a fork)."""
    reader = _READERS.get((os.getpid(), file))
    if reader is None:
        connection = sqlite3.connect(Path(file).as_uri() + "?mode=ro", uri=True)
        found = connection.execute("SELECT dictionary FROM meta").fetchone()
        reader = _READERS[(os.getpid(), file)] = (connection, _Codec(found[0] if found else b""))
    connection, codec = reader
    row = connection.execute("SELECT data, checksum FROM bodies WHERE key = ?", (key,)).fetchone()
    return codec.unpack(*row) if row is not None else None


@dataclass(frozen=True)
class BodyHtml:
    """A rendered body's HTML as a briefing holds it: the digest of its bytes (what page
    fingerprints follow), and the HTML itself (`held`) or the shelf and key to read it from."""

    digest: str
    held: str | None = field(default=None, compare=False, metadata={"derived": True})
    shelf: str = field(default="", compare=False, metadata={"derived": True})  # file of the body cache
    key: str = field(default="", compare=False, metadata={"derived": True})  # the body's `body_key`

    @classmethod
    def of(cls, html: str) -> BodyHtml:
        return cls(html_digest(html), held=html)

    def read(self) -> str:
        if self.held is not None:
            return self.held
        try:
            body = _read_stored(self.shelf, self.key)
        except sqlite3.Error as exc:
            raise BodyMissing(f"the body cache {self.shelf} cannot be read ({exc}); build with --clean") from exc
        if body is None or html_digest(body.html) != self.digest:
            raise BodyMissing(f"the body cache {self.shelf} lost or altered a body; build with --clean")
        return body.html

    def __str__(self) -> str:
        return self.read()

    def __reduce__(self) -> tuple:
        # Sent to another process (a page to a render worker) as where to read it, not
        # with the HTML held: a list page names tens of briefings and shows none of their
        # bodies, yet carried them all (at 1,000 briefings, 32 of the 40 MB of pages sent
        # to the worker). A page that shows a body is sent it beside (render.shown_bodies).
        # A body with no shelf to be read from keeps its HTML.
        return (BodyHtml, (self.digest, None if self.shelf else self.held, self.shelf, self.key))


Html = str | BodyHtml  # a body's HTML: text (tests, a briefing built alone) or as a build holds it


def html_of(body: Html) -> str:
    """The HTML itself, read from the body cache if that is where it is."""
    return body if isinstance(body, str) else body.read()


def _forget_readers(file: Path) -> None:
    """Close this process's readers of `file`: a new build may put another file in its place."""
    for reader in [reader for reader in _READERS if reader[1] == str(file)]:
        with contextlib.suppress(sqlite3.Error):
            _READERS.pop(reader)[0].close()


def _remove_database(file: Path) -> None:
    for name in (file.name, f"{file.name}-journal", f"{file.name}-wal", f"{file.name}-shm"):
        try:
            (file.parent / name).unlink()
        except OSError:
            pass


class BodyShelf:
    """The body cache (above): read and written by the build process; read by its workers.
    Every method fails safe, as the rest of the cache does: what cannot be read is a miss."""

    def __init__(self, connection: sqlite3.Connection, file: Path | None, dictionary: bytes | None = None,
                 hold: int = 0):
        self._connection = connection
        self._codec = _Codec(dictionary) if dictionary is not None else None  # None until bodies are stored
        self.file = file  # None: held in memory (a read-only project), bodies held by briefings
        self._file_name = str(file)  # one string that every briefing's BodyHtml names
        self._hold = hold  # characters of HTML the bodies handed out may hold (`stored_html`)
        self._held = 0  # and do

    @classmethod
    def open(cls, folder: Path, emptied: bool = False, check: bool = True, hold: int = 0) -> BodyShelf:
        """The shelf of the cache `folder`; `emptied`: trusting nothing in it (a clean build).
        One that is damaged (`check`: looked for in the whole file, as a full build does
        before it hands out bodies to read later), of another generator, or of another
        format starts empty. `hold`: characters of HTML the bodies it hands out may hold
        besides pointing here (0: none, each is read from here where shown)."""
        file = folder / SHELF
        _forget_readers(file)
        if emptied:
            _remove_database(file)
        for _ in range(2):
            connection: sqlite3.Connection | None = None
            try:
                connection = sqlite3.connect(file, isolation_level=None)
                # a compressed body is 2-3 KB: with SQLite's 4 KB pages one fits a page and half
                # the file is empty space; in 16 KB pages they fill it (47 -> 23 MB at 10,000)
                connection.execute("PRAGMA page_size = 16384")
                # no fsync, as the plan store (incremental/planstore.py): a cache whose bodies
                # are checked when read; the journal still keeps a killed build's writes whole
                connection.execute("PRAGMA synchronous = OFF")
                if check and connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise sqlite3.DatabaseError("damaged")
                connection.executescript(_SCHEMA)
                meta = connection.execute("SELECT build_key, dictionary FROM meta").fetchall()
                if len(meta) == 1 and meta[0][0] == _shelf_key():
                    return cls(connection, file, meta[0][1], hold=hold)
                # another generator's bodies, of another format (or none yet): not trusted
                connection.executescript("DELETE FROM bodies; DELETE FROM meta;")
                return cls(connection, file, hold=hold)
            except (sqlite3.Error, OSError):
                if connection is not None:
                    connection.close()
                _remove_database(file)
        # a read-only project still builds; it just holds its bodies
        connection = sqlite3.connect(":memory:", isolation_level=None)
        connection.executescript(_SCHEMA)
        return cls(connection, None)

    def get(self, key: str) -> RenderedBody | None:
        return self.entries([key]).get(key)

    def entries(self, keys: Sequence[str]) -> dict[str, RenderedBody]:
        """The bodies of `keys` that are here, intact."""
        found: dict[str, RenderedBody] = {}
        try:
            for key in keys:
                row = self._connection.execute("SELECT data, checksum FROM bodies WHERE key = ?", (key,)).fetchone()
                body = self._codec.unpack(*row) if row is not None and self._codec is not None else None
                if body is not None:
                    found[key] = body
        except sqlite3.Error:
            pass
        return found

    def put(self, entries: dict[str, RenderedBody]) -> None:
        """Store `entries`, in one transaction: a killed build leaves all of them or none."""
        if not entries:
            return
        pickled = {key: _pickled(body) for key, body in entries.items()}
        codec = self._codec
        try:
            with self._transaction():
                if codec is None:
                    codec = _Codec(b"".join(pickled.values())[-_DICTIONARY_SIZE:])
                    self._connection.execute("INSERT INTO meta VALUES (?, ?)", (_shelf_key(), codec.dictionary))
                self._connection.executemany(
                    "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)",
                    ((key, *codec.pack(data)) for key, data in pickled.items()),
                )
        except sqlite3.Error:
            return
        self._codec = codec  # stored with the bodies it compressed

    def keep_only(self, keys: set[str]) -> None:
        """Remove every body but those of `keys`: the cache never grows with old versions."""
        try:
            with self._transaction():
                stored = [row[0] for row in self._connection.execute("SELECT key FROM bodies")]
                self._connection.executemany(
                    "DELETE FROM bodies WHERE key = ?", ((key,) for key in stored if key not in keys)
                )
        except sqlite3.Error:
            pass

    def stored_html(self, key: str, html: str) -> BodyHtml:
        """What a briefing holds of the body under `key` (stored here): its digest and where
        it is, and, while those handed out hold fewer characters than `hold`, the HTML itself."""
        if self.file is None:
            return BodyHtml.of(html)
        if self._held + len(html) <= self._hold:
            self._held += len(html)
            return BodyHtml(html_digest(html), held=html, shelf=self._file_name, key=key)
        return BodyHtml(html_digest(html), shelf=self._file_name, key=key)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def close(self) -> None:
        self._connection.close()


BodyCache = BodyShelf  # the build cache's bodies, as the build and `briefings check` pass them


def load_bodies(folder: Path, keys: Sequence[str]) -> dict[str, RenderedBody]:
    """The bodies of `keys` found in the body cache of `folder`, their HTML held (a quick
    build's few, shown beside bodies it renders itself)."""
    shelf = BodyShelf.open(folder, check=False)
    try:
        return {key: replace(body, html=BodyHtml.of(body.html)) for key, body in shelf.entries(keys).items()}
    finally:
        shelf.close()


def store_bodies(folder: Path, entries: dict[str, RenderedBody]) -> None:
    """Add `entries` to the body cache of `folder` (a quick build's: the next finds them there)."""
    shelf = BodyShelf.open(folder, check=False)
    try:
        shelf.put(entries)
    finally:
        shelf.close()
