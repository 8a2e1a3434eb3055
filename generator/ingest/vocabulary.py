"""`--add-actors`: new people and organisations appended to content/taxonomy/actors.yaml.

Appended as text, so the editors' comments and layout stay as they are; each entry says
where it came from, for the editor to check its kind and add aliases and a role. The new
file is checked with the same parser the build uses before it replaces the old one, and the
whole read-append-write happens under the vocabulary file's lock (generator/vocabulary_writer.py),
so concurrent runs each keep their additions.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Iterable

from generator.frontmatter_writer import yaml_scalar
from generator.taxonomy import Vocabulary, name_key, parse_actors
from generator.vocabulary_writer import update_vocabulary_file


def new_entries(drafts: Iterable, vocabulary: Vocabulary) -> list[tuple[str, str, str]]:
    """(name, kind, input) of every candidate not yet in the vocabulary, once each."""
    seen = {name_key(n) for n in vocabulary.actor_names()}
    entries: list[tuple[str, str, str]] = []
    for draft in drafts:
        for name, kind in draft.candidate_kinds:
            key = name_key(name)
            if key in seen or name not in draft.actor_candidates:
                continue
            seen.add(key)
            entries.append((name, kind, draft.input))
    return entries


def render_entries(entries: list[tuple[str, str, str]]) -> str:
    lines: list[str] = []
    for name, kind, source in entries:
        lines += [
            "",
            f"# added by briefings ingest from {source}: check the kind, add aliases and a role",
            f"- name: {yaml_scalar(name)}",
            f"  kind: {kind}",
        ]
    return "\n".join(lines) + "\n"


class VocabularyProblem(Exception):
    """actors.yaml was left as it was: it does not load, or would not with the additions."""


def add_candidates(actors_file: Path, drafts: Iterable, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Append the candidates not yet in actors.yaml; the names added (none leaves it untouched).

    Which names are new is decided against the file as it is inside the lock, not against
    `vocabulary` (read when the run started): a run beside this one may have added some.
    `vocabulary` gives the regions and countries the actors are checked against.
    """
    drafts = list(drafts)
    added: list[str] = []

    def append_new(current: str) -> str | None:
        on_disk = _with_actors_of(current, actors_file.name, vocabulary)
        entries = new_entries(drafts, on_disk)
        if not entries:
            return None
        new = current.rstrip("\n") + "\n" + render_entries(entries)
        problems = parse_actors(new, actors_file.name, _without_actors(vocabulary)).errors
        if problems:
            raise VocabularyProblem("; ".join(f"line {d.line}: {d.message}" for d in problems))
        added[:] = [name for name, _, _ in entries]
        return new

    update_vocabulary_file(actors_file, append_new)
    return tuple(added)


def _with_actors_of(text: str, path: str, vocabulary: Vocabulary) -> Vocabulary:
    """`vocabulary`'s regions and countries with the actors of `text` (the file as it is now)."""
    found = _without_actors(vocabulary)
    problems = parse_actors(text, path, found).errors
    if problems:
        raise VocabularyProblem(
            "it has errors, so nothing was added: " + "; ".join(f"line {d.line}: {d.message}" for d in problems)
        )
    return found


def _without_actors(vocabulary: Vocabulary) -> Vocabulary:
    fresh = copy.deepcopy(vocabulary)
    fresh.actors, fresh._actor_names = {}, {}
    return fresh
