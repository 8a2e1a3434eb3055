"""Every briefing's Markdown body rendered, reusing what the last build rendered.

A rendered body depends on its text, the page it is shown on (links are
relative) and the names that link: the wiki-link index (every briefing's
slug and title) and the auto-linked names. Checking a cached body against the
whole wiki index would make any new title re-render every body, so each body
keeps the wiki links it resolved, and is reused only if every one of them
still resolves the same way.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Sequence

from generator import urls
from generator.autolinks import AutoLinkTerms
from generator.markdown import BodyContext, RenderedBody, render_body
from generator.wikilinks import WikiIndex
from generator.workers import map_in_order

BodyCache = dict[str, RenderedBody]


@dataclass(frozen=True)
class BodyJob:
    url: str  # output path of the page it is shown on
    text: str  # Markdown
    autolinks: bool


@dataclass(frozen=True)
class BodyRenderer:
    """Renders bodies for one build: shared link targets, an optional cache, worker count."""

    wiki_index: WikiIndex
    autolink_terms: AutoLinkTerms
    cache: BodyCache | None = None  # read from; on return, holds exactly this build's bodies
    jobs: int = 1

    def render(self, jobs: Sequence[BodyJob]) -> list[RenderedBody]:
        names = names_digest(self.autolink_terms)
        keys = [body_key(job, names) for job in jobs]
        found: list[RenderedBody | None] = [self._cached(key) for key in keys]
        missing = [index for index, body in enumerate(found) if body is None]
        rendered = map_in_order(self._render_one, [jobs[index] for index in missing], self.jobs)
        for index, body in zip(missing, rendered):
            found[index] = body
            if self.cache is not None:
                self.cache[keys[index]] = body
        if self.cache is not None:  # only this build's bodies: the cache never grows with old versions
            for key in self.cache.keys() - set(keys):
                del self.cache[key]
        return [body for body in found if body is not None]

    def _cached(self, key: str) -> RenderedBody | None:
        body = self.cache.get(key) if self.cache is not None else None
        if body is None:
            return None
        still_same = all(self.wiki_index.resolve(use.written) == use.resolution for use in body.wiki_links)
        return body if still_same else None

    def _render_one(self, job: BodyJob) -> RenderedBody:
        context = BodyContext(
            relative_link=functools.partial(urls.relative, job.url),
            wiki_index=self.wiki_index,
            autolink_terms=self.autolink_terms if job.autolinks else None,
        )
        return render_body(job.text, context)


def names_digest(terms: AutoLinkTerms) -> str:
    """Digest of the auto-linked names and their pages: part of every body's key."""
    digest = hashlib.blake2b(digest_size=16)
    for name, path in sorted(terms.target_of.items()):
        digest.update(f"{name}\0{path}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def body_key(job: BodyJob, names: str) -> str:
    """The key of a body in the cache: its text, page, and the names (`names_digest`) that link."""
    text = f"{job.url}\0{job.autolinks}\0{names if job.autolinks else ''}\0{job.text}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
