"""The inbox of `briefings serve`, at /_inbox/: paste, extract, correct, save, publish.

An editor pastes a page (text or HTML), gives an address or chooses files; "Extract"
runs the same `prepare_draft` as `briefings ingest` and shows the cleaned body with the
evidence of each field marked, and a form to correct the fields; "Save briefing" writes
the file through the same decision and writer as ingest (`decide`, `render_briefing`,
`write_new`). Briefings saved as drafts are listed with their review notes; "Publish"
removes `draft` and `review` and keeps every other byte of the file.

The inbox writes files, so it is guarded more closely than the rest of `serve`:
- it answers only when the server listens on a loopback address;
- a request whose Host is not the server's own address is refused (a DNS-rebinding page
  reaches 127.0.0.1 under its own host name), and so is one whose Origin is foreign;
- every change (POST) carries this server's random token, which only a page served
  from here can read;
- files are written only under the content folder's `articles/`;
- its pages allow only their own script and style files (Content-Security-Policy), and
  the script builds the page with textContent, so pasted HTML is shown as text.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hmac
import ipaddress
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path, PurePosixPath
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

import yaml

from generator.atomicfile import write_atomically
from generator.config import load_settings
from generator.filereadings import KeptReadings
from generator.frontmatter_writer import without_fields
from generator.ingest import Draft, briefing_fields, prepare_draft
from generator.ingest.fetch import DEFAULT_TIMEOUT, address_problem
from generator.ingest.inputs import MAX_INPUT_BYTES, InputProblem, RawInput, decode, read_input
from generator.ingest.output import (
    ExistingBriefings,
    check_rendered,
    decide,
    render_briefing,
    target_path,
    with_ingest_hash,
    write_new,
)
from generator.slugs import slugify
from generator.taxonomy import Vocabulary, load_vocabulary
from generator import urls

INBOX_PREFIX = "/_inbox/"
TOKEN_HEADER = "X-Inbox-Token"
ASSETS = Path(__file__).parent / "inbox_assets"
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
MAX_REQUEST_BYTES = 2 * MAX_INPUT_BYTES  # chosen files arrive in base64, a third larger
# Own files only; no inline script or style, no frames, no forms posting elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DRAFT_FIELDS = ("draft", "review")  # what "Publish" removes
MAX_KEPT_EXTRACTS = 200  # extracts waiting to be saved, kept in memory by their id
NO_DATE_NOTE = "no publication date found: the date is the day it was saved; give the real one"


class InboxRefusal(Exception):
    """A request the inbox answers with an error status; the message is shown to the editor."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Inbox:
    """The inbox of one server: its token and the drafts extracted since it started."""

    root: Path
    # told of each file written, it queues a build and returns the change's number, which the
    # reply carries so the page can wait for the build that holds the file (serve.py)
    on_write: Callable[[Path], int | None] = lambda path: None
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.timezone.utc).astimezone())
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    _extracted: dict[str, Draft] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # what was read of the briefings on disk, for the duplicate check of every save: only
    # files changed since are read again (at 10,000 briefings, reading all took 17 s of CPU here)
    _existing: ExistingBriefings | None = None
    # and for the Drafts list, shown again after every save and publish: read the same way
    _draft_listings: KeptReadings[dict[str, Any] | None] | None = None

    @property
    def content_dir(self) -> Path:
        return self.root / load_settings(self.root).content_dir

    @property
    def articles_dir(self) -> Path:
        return self.content_dir / "articles"

    def existing(self) -> ExistingBriefings:
        """The briefings on disk, kept for the articles folder the settings name now."""
        articles_dir = self.articles_dir
        with self._lock:
            if self._existing is None or self._existing.articles_dir != articles_dir:
                self._existing = ExistingBriefings(articles_dir)
            return self._existing

    def drafts(self) -> list[dict[str, Any]]:
        """Every briefing with `draft: true`, with its review notes, newest path first."""
        articles_dir = self.articles_dir
        with self._lock:
            if self._draft_listings is None or self._draft_listings.folder != articles_dir:
                self._draft_listings = KeptReadings(
                    articles_dir, functools.partial(draft_listing, articles_dir=articles_dir, root=self.root)
                )
            listings = self._draft_listings
        return [listing for listing in reversed(listings.current().values()) if listing is not None]

    def vocabulary(self) -> Vocabulary:
        vocabulary, _ = load_vocabulary(self.content_dir, self.root)
        return vocabulary

    # -- HTTP -----------------------------------------------------------------------------

    def respond(self, request: BaseHTTPRequestHandler, method: str) -> None:
        """Answer one request to /_inbox/ (serve.py routes them here)."""
        try:
            reply = self._reply(request, method)
        except InboxRefusal as refusal:
            reply = _json({"error": str(refusal)}, refusal.status)
        except Exception as exc:  # noqa: BLE001 - the editor sees what failed; the server goes on
            reply = _json({"error": f"the inbox failed (a bug; please report it): {type(exc).__name__}: {exc}"}, 500)
        request.send_response(reply.status)
        request.send_header("Content-Type", reply.content_type)
        request.send_header("Content-Length", str(len(reply.body)))
        request.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        request.send_header("X-Content-Type-Options", "nosniff")
        request.send_header("Referrer-Policy", "no-referrer")
        for name, value in reply.headers:
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(reply.body)

    def _reply(self, request: BaseHTTPRequestHandler, method: str) -> Reply:
        host, port = request.server.server_address[:2]
        if not _is_loopback(str(host)):
            raise InboxRefusal(404, "the inbox is served only on a loopback address (127.0.0.1)")
        own_hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        if (request.headers.get("Host") or "").lower() not in own_hosts:
            raise InboxRefusal(403, "refused: the Host is not this server's address")
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in own_hosts}:
            raise InboxRefusal(403, "refused: the request comes from another site")
        path = unquote(urlsplit(request.path).path)[len(INBOX_PREFIX):]
        if method == "GET":
            return self._get(path)
        if method != "POST":
            raise InboxRefusal(405, f"{method} is not used by the inbox")
        given = request.headers.get(TOKEN_HEADER) or ""
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode("ascii")):
            raise InboxRefusal(403, "refused: this change does not carry the inbox's token; reload the inbox")
        return _json(self._post(path, _read_json(request)))

    def _get(self, path: str) -> Reply:
        if path in ("", "index.html"):
            return Reply(200, _page(self.token).encode("utf-8"), "text/html; charset=utf-8")
        asset = ASSETS / path
        if "/" not in path and asset.suffix in ASSET_TYPES and asset.is_file():
            return Reply(200, asset.read_bytes(), ASSET_TYPES[asset.suffix])
        if path == "api/vocabulary":
            return _json(vocabulary_names(self.vocabulary()))
        if path == "api/drafts":
            return _json({"drafts": self.drafts()})
        raise InboxRefusal(404, f"no such inbox page: {path}")

    def _post(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        actions = {
            "api/extract": self.extract, "api/save": self.save, "api/publish": self.publish,
            "api/add-actor": self.add_actor,
        }
        if path not in actions:
            raise InboxRefusal(404, f"no such inbox action: {path}")
        return actions[path](data)

    # -- actions --------------------------------------------------------------------------

    def extract(self, data: dict[str, Any]) -> dict[str, Any]:
        """Pasted text, an address or files -> one item per input: its record, or its problem."""
        inputs: list[Callable[[], RawInput]] = []
        if _text(data, "text").strip():
            text = _text(data, "text")
            inputs.append(lambda: RawInput("inbox: pasted text", text.encode("utf-8")))
        if _text(data, "url").strip():
            address = _text(data, "url").strip()
            if address_problem(address):  # never a path: the inbox must not read the server's files
                raise InboxRefusal(400, f"{address}: {address_problem(address)}")
            inputs.append(lambda: read_input(address, MAX_INPUT_BYTES, DEFAULT_TIMEOUT))
        for chosen in data.get("files") or []:
            inputs.append(_chosen_file(chosen))
        if not inputs:
            raise InboxRefusal(400, "paste a page, give an address or choose files first")
        vocabulary = self.vocabulary()
        items = []
        for read in inputs:
            try:
                raw = read()
                decoded = decode(raw)
                draft = prepare_draft(raw, decoded, vocabulary, self.now().date())
            except InputProblem as problem:
                items.append({"error": str(problem)})
                continue
            except Exception as exc:  # noqa: BLE001 - an extractor bug must not lose the other inputs
                items.append({"error": f"could not extract the article: {type(exc).__name__}: {exc}"})
                continue
            key = secrets.token_urlsafe(12)
            with self._lock:
                self._extracted[key] = draft
                while len(self._extracted) > MAX_KEPT_EXTRACTS:  # the oldest go: a long session stays small
                    del self._extracted[next(iter(self._extracted))]
            record = draft.record()
            record["evidence"] = record.get("evidence") or evidence_by_search(record, decoded.text)
            # ingest's own review notes; before ingest wrote them, its warnings say what is uncertain
            record["review"] = list(record["review"] if "review" in record else record.get("warnings") or ())
            items.append({"id": key, "record": record, "path": self._suggested_path(draft)})
        return {"items": items}

    def _suggested_path(self, draft: Draft) -> str:
        date = draft.date or self.now().date()
        return target_path(self.articles_dir, draft.title or "untitled", date).relative_to(self.articles_dir).as_posix()

    def save(self, data: dict[str, Any]) -> dict[str, Any]:
        """The edited fields of an extracted draft -> a briefing file (a draft when a field is missing)."""
        with self._lock:
            draft = self._extracted.get(_text(data, "id"))
        if draft is None:
            raise InboxRefusal(404, "this extract is no longer known to the server (it restarted?); extract again")
        vocabulary = self.vocabulary()
        title = " ".join(_text(data, "title").split())
        if not title:
            raise InboxRefusal(400, "give a title")
        region_name = _text(data, "region").strip()
        region = vocabulary.region(region_name)
        if region is None:
            suggestion = vocabulary.suggestion("region", region_name) if region_name else None
            hint = f"; did you mean {suggestion!r}?" if suggestion else ""
            raise InboxRefusal(400, f"choose a region of regions.yaml (not {region_name!r}){hint}" if region_name
                               else "choose a region")
        review = [str(note) for note in data.get("review") or () if str(note).strip()]
        date_text = _text(data, "date").strip()
        now = self.now()
        if date_text:
            try:
                date = dt.date.fromisoformat(date_text)
            except ValueError:
                raise InboxRefusal(400, f"date {date_text!r} is not a day as YYYY-MM-DD") from None
        else:
            date, review = now.date(), [NO_DATE_NOTE, *review]
        is_draft = bool(data.get("draft")) or not date_text
        fields = briefing_fields(draft, now)
        fields.update(
            title=title, date=date, region=region.name,
            countries=_canonical(vocabulary.country, _names(data, "countries")),
            actors=_canonical(vocabulary.actor, _names(data, "actors")),
            draft=is_draft, review=review if is_draft else (),
        )
        if date != draft.date:  # an `updated` time before the corrected day would be wrong
            fields["updated"] = None
        given_path = _text(data, "path").strip()
        target = (
            article_path(self.articles_dir, given_path) if given_path else target_path(self.articles_dir, title, date)
        )
        decision = decide(target, draft.raw_sha256, draft.body, self.existing().load(), force=False)
        shown = self._shown(target)
        if decision.action == "unchanged":
            raise InboxRefusal(409, f"already saved as {self._shown(decision.other)}")
        if decision.action == "exists":
            raise InboxRefusal(409, f"{shown} exists; give another file name")
        if decision.action == "near-duplicate":
            raise InboxRefusal(409, f"near-duplicate of {self._shown(decision.other)} "
                                    f"({decision.similarity:.0%} of the text in common)")
        text = with_ingest_hash(render_briefing(fields, draft.body))
        problems = check_rendered(text, shown).errors
        if problems:
            raise InboxRefusal(400, "; ".join(d.message for d in problems))
        try:
            write_new(target, text, overwrite=False)
        except FileExistsError:
            raise InboxRefusal(409, f"{shown} exists; give another file name") from None
        except OSError as exc:
            raise InboxRefusal(500, f"cannot write {shown}: {exc.strerror or exc}") from None
        return {"path": shown, "draft": is_draft, "review": list(fields["review"]),
                "url": None if is_draft else "/" + urls.article(date.year, target.stem).lstrip("/"),
                "change": self.on_write(target)}

    def publish(self, data: dict[str, Any]) -> dict[str, Any]:
        """A draft -> a briefing: `draft` and `review` removed, every other byte kept."""
        target = article_path(self.articles_dir, _text(data, "path"))
        if not target.is_file():
            raise InboxRefusal(404, f"{self._shown(target)} does not exist")
        text = target.read_text(encoding="utf-8")
        if frontmatter_of(text).get("draft") is not True:
            raise InboxRefusal(409, f"{self._shown(target)} is not a draft")
        write_atomically(target, without_fields(text, DRAFT_FIELDS), replace=True)
        date = frontmatter_of(text).get("date")
        url = "/" + urls.article(date.year, target.stem).lstrip("/") if isinstance(date, dt.date) else None
        return {"path": self._shown(target), "url": url, "change": self.on_write(target)}

    def add_actor(self, data: dict[str, Any]) -> dict[str, Any]:
        """A new actor appended to actors.yaml through the vocabulary's locked writer."""
        from generator.ingest.vocabulary import VocabularyProblem, add_candidates

        name = " ".join(_text(data, "name").split())
        kind = _text(data, "kind").strip() or "organisation"
        if not name:
            raise InboxRefusal(400, "give the actor's name")
        if kind not in ("person", "organisation"):
            raise InboxRefusal(400, "an actor added here is a person or an organisation")
        actors_file = self.content_dir / "taxonomy" / "actors.yaml"
        try:
            added = add_candidates(actors_file, [_Candidate(name, kind)], self.vocabulary())
        except VocabularyProblem as exc:
            raise InboxRefusal(409, f"{self._shown(actors_file)} not changed: {exc}") from None
        return {"added": list(added), "file": self._shown(actors_file)}

    def _shown(self, path: Path | None) -> str:
        if path is None:
            return ""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class _Candidate:
    """One name as `add_candidates` takes the drafts of a batch."""

    name: str
    kind: str
    input: str = "the inbox"

    @property
    def actor_candidates(self) -> tuple[str, ...]:
        return (self.name,)

    @property
    def candidate_kinds(self) -> tuple[tuple[str, str], ...]:
        return ((self.name, self.kind),)


# -- pure helpers ---------------------------------------------------------------------------


def article_path(articles_dir: Path, relative: str) -> Path:
    """`relative` (e.g. "2024/talks.md") under `articles_dir`, or a refusal: never outside it."""
    relative = relative.strip()
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if not relative or relative.startswith(("/", "\\")) or (parts and (":" in parts[0] or parts[0] == "~")):
        raise InboxRefusal(400, f"file name {relative!r}: give a path inside articles/, like 2024/talks.md")
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        raise InboxRefusal(400, f"file name {relative!r}: '..' and hidden names cannot be used")
    if not relative.endswith(".md") or slugify(PurePosixPath(relative).stem) != PurePosixPath(relative).stem:
        raise InboxRefusal(400, f"file name {relative!r}: the name must be a slug ending in .md, like talks-resume.md")
    target = articles_dir.joinpath(*parts)
    base = articles_dir.resolve()
    resolved = target.resolve()  # follows symbolic links: a link out of articles/ is refused too
    if resolved != base and base not in resolved.parents:
        raise InboxRefusal(400, f"file name {relative!r} leads outside articles/")
    return target


def frontmatter_of(text: str) -> dict[str, Any]:
    """The frontmatter as YAML reads it ({} when there is none or it does not parse)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            try:
                loaded = yaml.safe_load("\n".join(lines[1:number]))
            except yaml.YAMLError:
                return {}
            return loaded if isinstance(loaded, dict) else {}
    return {}


def draft_listing(file: Path, articles_dir: Path, root: Path) -> dict[str, Any] | None:
    """How the Drafts list shows the briefing in `file`; None when it is not a draft."""
    try:
        meta = frontmatter_of(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if meta.get("draft") is not True:
        return None
    review = meta.get("review") or []
    return {
        "path": file.relative_to(articles_dir).as_posix(),
        "shown": file.resolve().relative_to(root.resolve()).as_posix(),
        "file_url": file.resolve().as_uri(),
        "title": str(meta.get("title") or ""),
        "review": [str(note) for note in (review if isinstance(review, list) else [review])],
    }


def vocabulary_names(vocabulary: Vocabulary) -> dict[str, list[str]]:
    return {
        "regions": sorted(vocabulary.regions),
        "countries": sorted(vocabulary.countries),
        "actors": sorted(vocabulary.actors),
    }


def evidence_by_search(record: dict[str, Any], page: str = "") -> dict[str, dict[str, Any]]:
    """Where each field's value first appears in the body, the title or else the page as given,
    when ingest gave no evidence.

    A stand-in for the evidence ingest records itself: it finds the value's own words,
    which is where a reader would look to check it. (A date in a byline that cleaning
    removed is found only in the page as given: it is named, but cannot be marked.)
    """
    title, body = str(record.get("title") or ""), str(record.get("body") or "")
    evidence: dict[str, dict[str, Any]] = {}

    def first(name: str, values: list[str]) -> None:
        for value in values:
            for text, where in ((body, "the text"), (title, "the title"), (page, "the page as given")):
                at = text.casefold().find(value.casefold()) if value else -1
                if at >= 0:
                    line = text.count("\n", 0, at) + 1 if text is body else None
                    evidence[name] = {"how": f"{value!r} found in {where}", "text": text[at:at + len(value)], "line": line}
                    return

    first("title", [title])
    date = record.get("date")
    if isinstance(date, str) and date:
        day = dt.date.fromisoformat(date)
        first("date", [date, f"{day:%B} {day.day}, {day.year}", f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}"])
    first("countries", list(record.get("countries") or []))
    first("region", list(record.get("countries") or []))
    first("actors", list(record.get("actors") or []))
    return evidence


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _read_json(request: BaseHTTPRequestHandler) -> dict[str, Any]:
    if (request.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
        raise InboxRefusal(415, "send JSON")
    try:
        length = int(request.headers.get("Content-Length") or "0")
    except ValueError:
        raise InboxRefusal(400, "bad Content-Length") from None
    if length > MAX_REQUEST_BYTES:
        raise InboxRefusal(413, f"the request is larger than {MAX_REQUEST_BYTES // (1024 * 1024)} MB")
    try:
        data = json.loads(request.rfile.read(length) or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InboxRefusal(400, "the request is not JSON") from None
    if not isinstance(data, dict):
        raise InboxRefusal(400, "the request is not a JSON object")
    return data


def _json(data: dict[str, Any], status: int = 200) -> Reply:
    return Reply(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _names(data: dict[str, Any], key: str) -> list[str]:
    values = data.get(key) or []
    if isinstance(values, str):
        values = values.split(",")
    return [" ".join(str(v).split()) for v in values if str(v).strip()]


def _canonical(find: Callable[[str], Any], names: list[str]) -> tuple[str, ...]:
    """Names as the vocabulary spells them; unknown ones kept as given (the build warns)."""
    written = []
    for name in names:
        known = find(name)
        written.append(known.name if known else name)
    return tuple(dict.fromkeys(written))


def _chosen_file(chosen: Any) -> Callable[[], RawInput]:
    def read() -> RawInput:
        if not isinstance(chosen, dict) or not isinstance(chosen.get("data"), str):
            raise InputProblem("a chosen file arrived without its content")
        name = PurePosixPath(str(chosen.get("name") or "file").replace("\\", "/")).name
        try:
            data = base64.b64decode(chosen["data"], validate=True)
        except (binascii.Error, ValueError):
            raise InputProblem(f"{name}: the file's content arrived damaged") from None
        if len(data) > MAX_INPUT_BYTES:
            raise InputProblem(f"{name}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
        return RawInput(f"inbox: {name}", data)

    return read


def _page(token: str) -> str:
    template = (ASSETS / "index.html").read_text(encoding="utf-8")
    return template.replace("{{token}}", token)  # url-safe base64: nothing to escape in an attribute
