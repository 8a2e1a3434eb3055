"""The last build's planned pages and feeds, kept for quick rebuilds after text edits.

Planning a site reads and files the whole archive: at 10,000 briefings that is
seconds before a single page is rendered. Most edits are to the text of a
briefing, and such an edit, when the frontmatter and the briefings its wiki
links lead to stay the same, adds no page, moves nothing in any list, and
changes only the pages and feeds that show that briefing. This store keeps
what a build needs to redo just those (generator/build.py, "quick builds"):

- `briefings`: every briefing, pickled, by address, with the diagnostics its
  file and body gave (found again when the text changes); without its Markdown
  (a quick build reads the edited files again, and no page shows Markdown);
- `plans`: every page and feed as planned, pickled with each briefing it shows
  replaced by its address, so that loading one loads only the briefings on it;
- `shows`: for each briefing, the pages and feeds that show it (by row number:
  tens of thousands of pairs, which as addresses and paths took a fifth of the file);
- `meta`: the build key, the digest of the inputs of the build that wrote the
  store (its `token`: the build's output manifest must name the same), and
  what rendering one body needs (wiki-link index, linked names, output paths).

It is one SQLite file in the build cache: a quick build reads a few dozen rows
out of tens of thousands. Rows are compressed pickles (Zstandard, `compress`: under
a third of their size). Every row carries a digest of its bytes; a row that
fails it, a store of another build key or token, or a file SQLite cannot
read, is a miss: the build plans everything, and writes the store anew. A
full write starts a new file, so space freed by earlier builds is given back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import operator
import pickle
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import zstandard

from generator.autolinks import AutoLinkTerms
from generator.incremental.cache import build_key
from generator.models import BriefingRecord, FeedPlan
from generator.incremental.fingerprint import Fingerprinter
from generator.pages import Page
from generator.site import Briefing
from generator.wikilinks import WikiIndex

STORE = "plans.sqlite"


class StoreError(Exception):
    """The store cannot be trusted: missing, stale, damaged or of another build."""


@dataclass(frozen=True)
class LinkTargets:
    """What a briefing's body may link to, which rendering it again and checking its links needs."""

    wiki_index: WikiIndex
    autolink_terms: AutoLinkTerms
    site_paths: frozenset[str]


Plan = Page | FeedPlan

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, data BLOB NOT NULL, checksum BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS briefings (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, path TEXT NOT NULL, digest TEXT NOT NULL,
    data BLOB NOT NULL, checksum BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS briefings_by_path ON briefings (path);
CREATE TABLE IF NOT EXISTS plans (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, data BLOB NOT NULL, checksum BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS shows (
    briefing INTEGER NOT NULL, plan INTEGER NOT NULL, PRIMARY KEY (briefing, plan)
) WITHOUT ROWID;
"""
# The pairs of `shows` by plan, to remove those of a plan written again. A new file's is made
# when its build is finished (`finish_build`), not as its pairs go in: a full build into a new
# file writes every pair once and removes none, and sorting them into the index at the end
# cost less than adding each (at 1,000 briefings, 20,000 pairs: 0.007 s less). Until then the
# file has no token, so no build reads or adds to it.
_SHOWS_BY_PLAN = "CREATE INDEX IF NOT EXISTS shows_by_plan ON shows (plan)"
# Zstandard at level 3 rather than zlib: an addition at 10,000 briefings reads every
# briefing's row (20 MB of pickles) and writes the site's values again (8.8 MB), and a
# clean build writes every row. Against zlib's default level (rows) and fastest (values),
# on those of 10,000 briefings: rows 2.2x as fast to decompress and 2-3x as fast to
# compress, 4% larger; values 2.5x as fast to read, twice as fast to write, 13% smaller;
# the store 1.5% larger in all.
_COMPRESSOR = zstandard.ZstdCompressor(level=3)
_DECOMPRESSOR = zstandard.ZstdDecompressor()
# The format of the rows, named with the build key: a store of another is refused as one
# of another generator is (3: plain dataclasses in plans as calls of _rebuilt; 2: plans show
# briefings as calls of _shown_briefing; 1: as persistent ids)
FORMAT = 3


def _store_key() -> str:
    """What the store's `build_key` names: the generator that wrote it, and the format."""
    return f"{build_key()} {FORMAT}"


def compress(data: bytes) -> bytes:
    return _COMPRESSOR.compress(data)


def decompress(data: bytes) -> bytes:
    """The bytes `compress` was given; zstandard.ZstdError when `data` is not what it gave."""
    return _DECOMPRESSOR.decompress(data)


def _pack(value: Any) -> bytes:
    return compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unpack(data: bytes) -> Any:
    return pickle.loads(decompress(data))


def stored_form(record: BriefingRecord) -> BriefingRecord:
    """A record as the store keeps it: the briefing without its Markdown, which no page
    shows and which a quick build reads again from the edited file, without its
    rendered body, which the body cache holds (under `body_key`), and without its
    Markdown links, which no page shows either: what an addition needs of them, where
    they lead, is kept for the whole archive at once (the `link_targets` state,
    addplan.link_targets), as unpickling them took a fifth of reading every briefing."""
    briefing = record.briefing
    article = briefing.article
    return replace(record, briefing=replace(
        # a full build's articles have let go of their Markdown already (load_articles): not copied again
        briefing, body_html="", links=(), article=replace(article, body="") if article.body else article,
    ))


BodyLoader = Callable[[Sequence[str]], dict[str, str]]  # body keys -> rendered bodies (those found)


def _checksum(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _checked(data: bytes, checksum: bytes, what: str) -> bytes:
    if _checksum(data) != checksum:
        raise StoreError(f"{what}: bytes do not match their digest")
    return data


def _shown_briefing(address: str) -> Briefing:
    """What stands for the briefing at `address` in a stored plan: `PlanStore.plans` reads
    the plan with the briefing put in its place; read otherwise, it is refused."""
    raise pickle.UnpicklingError(f"a stored plan shows {address}: only PlanStore.plans reads it, with its briefings")


# The fields of a plain dataclass, read at once (`_fields_of`): None for other classes.
_FieldReader = tuple[Callable[[Any], tuple], int]
_FIELDS: dict[type, _FieldReader | None] = {}


def _fields_of(cls: type) -> _FieldReader | None:
    """How `_ByAddress` reads the fields of an instance of `cls` (a getter and their count),
    if it is a dataclass pickled as any object is (by its __dict__): None otherwise."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    plain = (
        dataclasses.is_dataclass(cls) and "__slots__" not in vars(cls) and not hasattr(cls, "__setstate__")
        and cls.__reduce_ex__ is object.__reduce_ex__ and cls.__reduce__ is object.__reduce__
        and getattr(cls, "__getstate__", None) is object.__getstate__
    )
    reader: _FieldReader | None = None
    if plain:
        names = _field_names(cls)
        getter = operator.attrgetter(*names)
        reader = (getter if len(names) > 1 else lambda obj: (getter(obj),)), len(names)
    _FIELDS[cls] = reader
    return reader


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def _rebuilt(cls: type, values: tuple) -> Any:
    """An instance of the dataclass `cls` with its fields' `values`, as unpickling one by its
    __dict__ makes it (no __init__ run)."""
    obj = object.__new__(cls)
    obj.__dict__.update(zip(_field_names(cls), values))
    return obj


class _ByAddress(pickle.Pickler):
    """Pickles plans with every briefing in them replaced by its address (collected in
    `shown`), as a call of `_shown_briefing`. Through `reducer_override`, which pickle asks
    of objects of classes only, not through `persistent_id`, which it asks of every value
    (a Python call for each string and number): a clean build at 1,000 briefings pickled
    its 1,977 plans (4.9 MB) in 0.061 s rather than 0.081 s. One pickler and buffer serve
    a batch of plans (`pickled`), each plan pickled alone (its own memo), as a new one
    for each plan cost 0.005 s more of those plans' 0.07 s.

    The plain dataclasses in a plan (most of its 25,000 objects at 1,000 briefings: cells
    and bars of figures, terms, rows) are pickled as calls of `_rebuilt` with their fields'
    values, since `reducer_override` is asked of them anyway: pickle's own way (the class's
    `__reduce_ex__`, its state as a dict, field names and all) cost more, and took a tenth
    more room."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        super().__init__(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.shown: dict[str, None] = {}

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls is Briefing:
            self.shown.setdefault(obj.url)
            return _shown_briefing, (obj.url,)
        reader = _FIELDS[cls] if cls in _FIELDS else _fields_of(cls)
        # an instance with more in its __dict__ than its fields (a cached property) as pickle would
        if reader is None or len(obj.__dict__) != reader[1]:
            return NotImplemented
        return _rebuilt, (cls, reader[0](obj))

    def pickled(self, plan: Plan) -> tuple[bytes, tuple[str, ...]]:
        """`plan` pickled on its own (a pickle of it alone), and the addresses it shows."""
        self.clear_memo()
        self.shown.clear()
        self._buffer.seek(0)
        self._buffer.truncate()
        self.dump(plan)
        return self._buffer.getvalue(), tuple(self.shown)


class _WithBriefings(pickle.Unpickler):
    """Reads a plan `_ByAddress` pickled, each briefing it shows from `briefing` (by address)."""

    def __init__(self, data: bytes, briefing: Callable[[str], Briefing]):
        super().__init__(io.BytesIO(data))
        self._briefing = briefing

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == _shown_briefing.__name__:
            return self._briefing
        return super().find_class(module, name)


def pickle_plans(plans: Iterable[Plan]) -> Iterator[tuple[bytes, tuple[str, ...]]]:
    """Each plan's bytes, and the addresses of the briefings it shows."""
    pickler = _ByAddress()
    for plan in plans:
        data, shown = pickler.pickled(plan)
        yield compress(data), shown


def pickle_plan(plan: Plan) -> tuple[bytes, tuple[str, ...]]:
    """A plan's bytes, and the addresses of the briefings it shows."""
    return next(pickle_plans([plan]))


class PlanStore:
    """The SQLite file of one output folder's cache. Reads raise StoreError on anything amiss."""

    def __init__(self, folder: Path):
        self.file = folder / STORE
        self._db: sqlite3.Connection | None = None
        # the row numbers of every briefing, read once a full build has written them (begin_build),
        # rather than one query for each briefing each batch of plans shows
        self._briefing_ids: dict[str, int] = {}
        # a full build writing into a new file (begin_build): no pair of `shows` to remove
        self._new_file = False

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = sqlite3.connect(self.file, isolation_level=None)
                # No fsync: the journal still makes a killed build leave the last state
                # whole; only a machine crash could lose rows, as it could the rest of the
                # cache, and a lost or damaged row fails its check. Waiting for the disk
                # cost a quick build up to a second after heavy writing elsewhere.
                self._db.execute("PRAGMA synchronous = OFF")
                # 16 KB pages (taken by a new file only): a plan or briefing row is 1-2 KB
                # compressed, and in 4 KB pages the rows that overflow and the space left at
                # each page's end made the file a tenth larger (10,000 briefings: 43.4 -> 39.9 MB)
                self._db.execute("PRAGMA page_size = 16384")
                self._db.executescript(_SCHEMA)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.file.name}: {exc}") from exc
        return self._db

    def close(self) -> None:
        self._briefing_ids = {}
        self._new_file = False
        if self._db is not None:
            self._db.close()
            self._db = None

    # reading

    def _meta(self, key: str) -> Any:
        try:
            row = self._connection().execute("SELECT data, checksum FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
        if row is None:
            raise StoreError(f"no {key}")
        return _unpack(_checked(row[0], row[1], key))

    def token(self) -> str:
        """The inputs digest of the build that wrote the store; StoreError if it is of another build key."""
        if self._meta("build_key") != _store_key():
            raise StoreError("written by another version of the generator")
        return self._meta("token")

    def body_context(self) -> LinkTargets:
        return self._meta("bodies")

    def state(self, key: str) -> Any:
        """One of the values a full build keeps of the whole site (`write_build`'s `state`)."""
        return self._meta(key)

    def all_records(self) -> list[BriefingRecord]:
        """Every briefing stored (without bodies), in no particular order."""
        try:
            rows = self._connection().execute("SELECT url, data, checksum FROM briefings").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
        return [_unpack(_checked(data, checksum, url)) for url, data, checksum in rows]

    def record_at(self, path: str) -> BriefingRecord | None:
        """The briefing read from the content file at `path` (as messages show it), if published."""
        try:
            row = self._connection().execute(
                "SELECT url, data, checksum FROM briefings WHERE path = ?", (path,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
        if row is None:
            return None
        return _unpack(_checked(row[1], row[2], row[0]))

    def showing(self, addresses: Iterable[str]) -> list[str]:
        """The paths of the pages and feeds that show any of the briefings at `addresses`, sorted."""
        found: set[str] = set()
        try:
            for address in addresses:
                found.update(path for (path,) in self._connection().execute(
                    "SELECT plans.path FROM briefings JOIN shows ON shows.briefing = briefings.id "
                    "JOIN plans ON plans.id = shows.plan WHERE briefings.url = ?", (address,)
                ))
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
        return sorted(found)

    def plans(
        self, paths: Sequence[str], replacing: dict[str, Briefing], fingerprinter: Fingerprinter, bodies: BodyLoader,
    ) -> list[Plan]:
        """The plans at `paths`, their briefings loaded, those of `replacing` (by address) put in.

        Stored briefings are loaded without their bodies, and taught to `fingerprinter`
        with their whole fingerprint; where a body is shown (an article page's own
        briefing, a feed's entries) it is read from `bodies` (one not found there is a
        StoreError).
        """
        loaded: dict[str, Briefing] = dict(replacing)
        body_keys: dict[str, str] = {}
        connection = self._connection()

        def briefing(address: str) -> Briefing:
            found = loaded.get(address)
            if found is None:
                row = connection.execute("SELECT data, checksum FROM briefings WHERE url = ?", (address,)).fetchone()
                if row is None:
                    raise StoreError(f"a plan shows {address}, which is not stored")
                record: BriefingRecord = _unpack(_checked(row[0], row[1], address))
                found = loaded[address] = record.briefing
                body_keys[address] = record.body_key
                fingerprinter.remember(found, record.fingerprint)
            return found

        plans = []
        try:
            for path in paths:
                row = connection.execute("SELECT data, checksum FROM plans WHERE path = ?", (path,)).fetchone()
                if row is None:
                    raise StoreError(f"no plan of {path}")
                plans.append(_WithBriefings(decompress(_checked(row[0], row[1], path)), briefing).load())
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
        # the bodies shown: an article page's own, and the feeds' entries
        own_pages = [
            plan for plan in plans
            if isinstance(plan, Page) and plan.template == "article.html" and plan.path in body_keys
        ]
        feeds = [plan for plan in plans if isinstance(plan, FeedPlan)]
        wanted = {plan.path for plan in own_pages} | {b.url for feed in feeds for b in feed.briefings if b.url in body_keys}
        found = bodies(sorted({body_keys[url] for url in wanted}))
        whole: dict[str, Briefing] = {}

        def with_body(stub: Briefing) -> Briefing:
            if stub.url not in body_keys:  # one of `replacing`: whole already
                return stub
            if stub.url not in whole:
                html = found.get(body_keys[stub.url])
                if html is None:
                    raise StoreError(f"the body of {stub.url} is not in the body cache")
                whole[stub.url] = replace(stub, body_html=html)
            return whole[stub.url]

        for plan in own_pages:
            plan.context["briefing"] = with_body(plan.context["briefing"])
        return [
            replace(plan, briefings=tuple(with_body(b) for b in plan.briefings)) if isinstance(plan, FeedPlan) else plan
            for plan in plans
        ]

    # writing

    def write_build(
        self, token: str, records: Sequence[BriefingRecord], digests: dict[str, str], plans: Sequence[Plan],
        replan: set[str] | None, bodies: LinkTargets, state: dict[str, Any] | None = None,
    ) -> None:
        """Bring the store to a full build's state.

        `records` are all the build's briefings, `digests` their fingerprints by
        address (one stored with the same digest is not written again); `plans`
        every page and feed, of which those whose path is in `replan` are written
        (None: the store is emptied first and all are written); `state`, values kept of
        the whole site (read back with `state`: what an addition starts from).
        """
        self.begin_build(records, digests, [plan.path for plan in plans], fresh=replan is None)
        self.put_plans([plan for plan in plans if replan is None or plan.path in replan])
        self.finish_build(token, bodies, state)

    # A full build writes the store in three steps, as it plans (a batch of pages at a
    # time, so that no build holds every page planned): `begin_build` (the briefings, and
    # the plans of pages gone removed), `put_plans` for each batch, `finish_build`. The
    # token goes first and comes back last: a build that fails half-way leaves a store
    # no build trusts, never one that mixes two builds' plans.

    def begin_build(
        self, records: Sequence[BriefingRecord], digests: dict[str, str], paths: Sequence[str], fresh: bool,
    ) -> None:
        """Start a full build's write: `records` and `digests` as `write_build` takes them,
        `paths` of every page and feed of the build (plans of others are removed); `fresh`:
        a new file (the space earlier builds freed is given back)."""
        if fresh:
            self.close()
            forget(self.file.parent)
        with self._transaction() as connection:
            if not fresh:  # kept by the file written before (finish_build), unless it was never finished
                connection.execute(_SHOWS_BY_PLAN)
            connection.execute("DELETE FROM meta WHERE key = 'token'")
            stored = dict(connection.execute("SELECT url, digest FROM briefings"))
            self._put_briefings(connection, records, digests, stored)
            current = {record.briefing.url for record in records}
            gone_briefings = [(url,) for url in stored.keys() - current]
            connection.executemany(
                "DELETE FROM shows WHERE briefing = (SELECT id FROM briefings WHERE url = ?)", gone_briefings
            )
            connection.executemany("DELETE FROM briefings WHERE url = ?", gone_briefings)
            kept = set(paths)
            gone = [(plan_id,) for plan_id, path in connection.execute("SELECT id, path FROM plans") if path not in kept]
            connection.executemany("DELETE FROM shows WHERE plan = ?", gone)
            connection.executemany("DELETE FROM plans WHERE id = ?", gone)
            self._briefing_ids = dict(connection.execute("SELECT url, id FROM briefings"))
        self._new_file = fresh

    def put_plans(self, plans: Sequence[Plan]) -> None:
        """Write `plans` (a batch of a full build's, or all of them), in one transaction."""
        if plans:
            with self._transaction() as connection:
                self._put_plans(connection, plans, self._briefing_ids, new_file=self._new_file)

    def finish_build(self, token: str, bodies: LinkTargets, state: dict[str, Any] | None = None) -> None:
        """End a full build's write: the values of the whole site, and last the token."""
        with self._transaction() as connection:
            connection.execute(_SHOWS_BY_PLAN)
            self._put_meta(connection, {"build_key": _store_key(), "token": token, "bodies": bodies, **(state or {})})
        self._new_file = False

    def write_addition(
        self, token: str, records: Sequence[BriefingRecord], digests: dict[str, str], plans: Sequence[Plan],
        bodies: LinkTargets, state: dict[str, Any],
    ) -> None:
        """An addition's change: the new briefings, the plans made again, the site's values."""
        with self._transaction() as connection:
            self._put_briefings(connection, records, digests, {})
            connection.execute(_SHOWS_BY_PLAN)  # the finished build's
            self._put_plans(connection, plans, {})
            self._put_meta(connection, {"token": token, "bodies": bodies, **state})

    @staticmethod
    def _put_plans(
        connection: sqlite3.Connection, plans: Sequence[Plan], briefing_ids: dict[str, int], new_file: bool = False,
    ) -> None:
        """Write `plans`; `briefing_ids`, row numbers of briefings known (others are looked up);
        `new_file`: written by a full build into a new file, which holds no pair for them yet."""
        rows, shows = [], []
        for plan, (data, shown) in zip(plans, pickle_plans(plans)):
            rows.append((plan.path, data, _checksum(data)))
            shows.append((plan.path, shown))
        # upserts keep a plan's row number, which `shows` refers to
        connection.executemany(
            "INSERT INTO plans (path, data, checksum) VALUES (?, ?, ?) "
            "ON CONFLICT (path) DO UPDATE SET data = excluded.data, checksum = excluded.checksum",
            rows,
        )
        # by key, row by row: a full build writes its plans in batches, and reading every
        # row's number for each would read the whole table as often
        def row_id(table: str, key: str, value: str) -> int:
            return connection.execute(f"SELECT id FROM {table} WHERE {key} = ?", (value,)).fetchone()[0]

        plan_ids = {path: row_id("plans", "path", path) for path, _ in shows}
        ids: dict[str, int] = {}
        for _, shown in shows:
            for url in shown:
                if url not in ids:
                    known = briefing_ids.get(url)
                    ids[url] = known if known is not None else row_id("briefings", "url", url)
        if not new_file:
            connection.executemany("DELETE FROM shows WHERE plan = ?", [(plan_ids[path],) for path, _ in shows])
        connection.executemany(
            "INSERT INTO shows VALUES (?, ?)",
            [(ids[url], plan_ids[path]) for path, shown in shows for url in shown],
        )

    def write_briefings(
        self, token: str, records: Sequence[BriefingRecord], digests: dict[str, str], state: dict[str, Any] | None = None,
    ) -> None:
        """A quick build's change: some briefings' text (and `state`, values of the whole
        site it changes), nothing planned otherwise."""
        with self._transaction() as connection:
            self._put_briefings(connection, records, digests, {})
            self._put_meta(connection, {"token": token, **(state or {})})

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    @staticmethod
    def _put_briefings(
        connection: sqlite3.Connection, records: Sequence[BriefingRecord], digests: dict[str, str],
        stored: dict[str, str],
    ) -> None:
        def rows() -> Iterator[tuple]:  # pickled one at a time, not the whole archive at once
            for record in records:
                url = record.briefing.url
                if stored.get(url) != digests[url]:
                    data = _pack(stored_form(record))
                    yield url, record.briefing.article.path, digests[url], data, _checksum(data)

        # an upsert keeps the briefing's row number, which `shows` refers to
        connection.executemany(
            "INSERT INTO briefings (url, path, digest, data, checksum) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET path = excluded.path, digest = excluded.digest, data = excluded.data, "
            "checksum = excluded.checksum",
            rows(),
        )

    @staticmethod
    def _put_meta(connection: sqlite3.Connection, values: dict[str, Any]) -> None:
        for key, value in values.items():
            data = _pack(value)
            connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?, ?)", (key, data, _checksum(data)))


def forget(folder: Path) -> None:
    """Remove a store that cannot be read, so that the next build writes a new one."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            (folder / f"{STORE}{suffix}").unlink(missing_ok=True)
        except OSError:  # a read-only project: its store is never trusted (its token never matches)
            pass
