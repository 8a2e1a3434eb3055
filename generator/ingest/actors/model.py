"""What the actor passes exchange: a mention as written, and what an article names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    surface: str  # as written, with a title or a leading "the"
    name: str  # the name alone: "Antony Blinken", "Syrian Democratic Forces"
    kind: str  # "person" or "organisation"
    start: int
    generic: bool = False  # "Iraqi forces": an actor of the text, not a name for actors.yaml


@dataclass(frozen=True)
class ActorsFound:
    actors: tuple[str, ...]  # canonical names from the vocabulary, most central first
    candidates: tuple[str, ...]  # people and organisations not in the vocabulary, most central first
    persons: tuple[str, ...]  # every person mention as written
    organisations: tuple[str, ...]  # every organisation mention as written
    candidate_kinds: tuple[tuple[str, str], ...] = ()  # (candidate, "person"/"organisation")
