"""Fingerprints of what a page is rendered from, for incremental builds.

A page's HTML is a function of its template (and the templates it uses), the
settings, and its planned context. The fingerprint is a digest of that
context, walked value by value: if two builds give a page the same
fingerprint and the same templates, they render the same bytes, so the page
can be left as it is.

The walk is exhaustive by construction: a value of a type it does not know
raises TypeError instead of being skipped, so a new kind of context value can
never silently go unrecorded. Dataclasses (briefings, terms, pictures) are
shared by many pages, so each one's digest is computed once per build. Three
shortcuts, each stated where it is declared:

- an `Article` read from a file is its file's digest (`source_digest`), since
  every field of it is a function of the file's path and text;
- a dataclass marked `FINGERPRINT_BY_REPR` (the pictures: plain frozen data)
  is its repr, or its `fingerprint` when it has one (a digest of what the
  fields its repr shows are made from, made as it was planned: generator/figures.py);
- a field marked `metadata={"derived": True}` is left out, being a function
  of the fields around it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from typing import Any

from generator.models import Article, Page


_PLAIN_KINDS = frozenset((type(None), bool, int, float, bytes, dt.date, dt.datetime))  # str has its own way


class Fingerprinter:
    """Digests of context values; one instance per build (it memoises shared objects)."""

    def __init__(self) -> None:
        self._memo: dict[int, str] = {}
        self._keep: list[Any] = []  # memoised objects stay alive, so their ids are not reused
        self._fields: dict[type, tuple[str, ...]] = {}

    def object_digest(self, value: Any) -> str:
        """What a dataclass instance stands for in the fingerprints of the pages showing it
        (what `remember` takes)."""
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            raise TypeError(f"object_digest takes a dataclass instance, not a {type(value).__qualname__}")
        out: list[str] = []
        self._walk(value, out)
        return out[0]

    def remember(self, value: Any, digest: str) -> None:
        """Take `digest` (an `object_digest`) as what `value` stands for: a briefing loaded
        without its body (generator/incremental/planstore.py) fingerprints as the whole briefing did."""
        self._memo[id(value)] = digest
        self._keep.append(value)

    def page(self, page: Page) -> str:
        out: list[str] = []
        self._walk((page.path, page.template, page.title, page.description, page.searchable, page.lastmod), out)
        self._walk(page.context, out)
        return _digest(out)

    def value(self, value: Any) -> str:
        out: list[str] = []
        self._walk(value, out)
        return _digest(out)

    def _walk(self, value: Any, out: list[str]) -> None:
        # the commonest kinds first (a clean build at 1,000 briefings walks 150,000 values:
        # a third of them text, an eighth tuples and lists, mostly of text)
        kind = type(value)
        if kind is str:  # length-prefixed: cheaper than repr for long bodies, still unambiguous
            out.append(f"s{len(value)}:{value}")
        elif kind is tuple or kind is list:
            out.append("[")
            for item in value:
                if type(item) is str:
                    out.append(f"s{len(item)}:{item}")
                else:
                    self._walk(item, out)
            out.append("]")
        elif kind in _PLAIN_KINDS:
            out.append(repr(value))  # repr tells 1, 1.0, True and "1" apart
        else:
            memoised = self._memo.get(id(value))  # only live dataclass instances are in the memo
            if memoised is not None:
                out.append(memoised)
            elif kind is dict:  # in order: templates iterate dicts in insertion order
                out.append("{")
                for key, item in value.items():
                    if type(key) is str:
                        out.append(f"s{len(key)}:{key}")
                    else:
                        self._walk(key, out)
                    if type(item) is str:
                        out.append(f"s{len(item)}:{item}")
                    else:
                        self._walk(item, out)
                out.append("}")
            elif kind is set or kind is frozenset:
                out.append("{" + ",".join(sorted(self.value(item) for item in value)) + "}")
            elif isinstance(value, enum.Enum):
                out.append(repr(value))
            elif getattr(kind, "FINGERPRINT_BY_REPR", False):
                planned = getattr(value, "fingerprint", "")
                out.append(f"planned:{planned}" if planned else repr(value))
            elif kind is Article and value.source_digest:
                out.append("article:" + value.source_digest)  # every field is a function of the file
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                # memoised: briefings, terms and term entries are shared by many pages
                inner: list[str] = [kind.__qualname__]
                for name in self._field_names(kind):
                    inner.append(name)
                    item = getattr(value, name)
                    if type(item) is str:
                        inner.append(f"s{len(item)}:{item}")
                    else:
                        self._walk(item, inner)
                digest = self._memo[id(value)] = _digest(inner)
                self._keep.append(value)
                out.append(digest)
            else:
                raise TypeError(f"cannot fingerprint a {kind.__qualname__} in a page context")

    def _field_names(self, kind: type) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            # fields marked derived are functions of the others (figures' drawing functions)
            names = self._fields[kind] = tuple(
                f.name for f in dataclasses.fields(kind) if not f.metadata.get("derived")
            )
        return names


def _digest(parts: list[str]) -> str:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
