"""`--add-actors`: new people and organisations appended to content/taxonomy/actors.yaml.

Appended as text, so the editors' comments and layout stay as they are; each entry says
where it came from, for the editor to check its kind and add aliases and a role. The new
file is checked with the same parser the build uses before it replaces the old one.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Iterable

from generator.ingest.output import _scalar, write_text_atomically
from generator.taxonomy import Vocabulary, name_key, parse_actors


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
            f"- name: {_scalar(name)}",
            f"  kind: {kind}",
        ]
    return "\n".join(lines) + "\n"


def add_candidates(actors_file: Path, drafts: Iterable, vocabulary: Vocabulary) -> int:
    """Append the candidates; returns how many were added (0 leaves the file untouched)."""
    entries = new_entries(drafts, vocabulary)
    if not entries:
        return 0
    old = actors_file.read_text(encoding="utf-8") if actors_file.exists() else ""
    new = old.rstrip("\n") + "\n" + render_entries(entries)
    check = copy.deepcopy(vocabulary)
    check.actors, check._actor_names = {}, {}
    diagnostics = parse_actors(new, actors_file.name, check)
    if diagnostics.errors:
        raise ValueError("; ".join(d.message for d in diagnostics.errors))
    write_text_atomically(actors_file, new)
    return len(entries)
