"""Names in a language that capitalises every noun ("die Regierung", "der Krieg" in German).

There a capitalised word is no sign of a name, so the capitalised runs give nouns and noun
phrases ("Zufriedenheit der Kunden", "Gute Löhne") as often as names. In such a language a
candidate is kept only with evidence of a name beyond its capitals:

- an acronym ("SPD", "HSV"), or a long form the text defines by one;
- an organisation: a word for a body, whole or ending a compound ("Universität Greifswald",
  "Bundesverwaltungsgericht"), other than that word alone ("Regierung" and "Polizei" alone
  are the government and the police of the story, as "the government" is in English);
- a person: a role, title or honorific written before the name or before its surname alone
  ("Bundeskanzler Olaf Scholz", "Frau Spiegel"), or a verb of saying in the singular next
  to either ("sagte Scholz", "Scholz betonte").

A role written into the name ("Kabarettist Torsten Sträter") is cut from it, and a phrase
that ends in a name with evidence ("Tod von Luke Perry") gives that name. The words are data
(data/capitalised_nouns.tsv, by language). The archive's own actors (actors.yaml) are matched
by their names and aliases whatever the language (candidates.link_aliases), so they need none
of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.ingest.actors.names import lower_case_words
from generator.ingest.actors.words import DATA_DIR, is_acronym


@dataclass(frozen=True)
class NameCues:
    """The words of one language that show a name: see the module's docstring."""

    organisation: tuple[str, ...]
    role: tuple[str, ...]
    honorific: frozenset[str]
    speech: frozenset[str]
    state_prefix: tuple[str, ...]  # "Bundes-", "Landes-": a compound of one names a body of the state
    connector: frozenset[str]  # "der", "von": joins a noun to the body it is of


@lru_cache(maxsize=None)
def _cues() -> dict[str, NameCues]:
    rows: dict[str, dict[str, list[str]]] = {}
    for line in (DATA_DIR / "capitalised_nouns.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, kind, word = line.split("\t")
        rows.setdefault(language, {}).setdefault(kind, []).append(word)
    return {
        language: NameCues(
            tuple(kinds.get("organisation", ())), tuple(kinds.get("role", ())),
            frozenset(kinds.get("honorific", ())), frozenset(kinds.get("speech", ())),
            tuple(kinds.get("state_prefix", ())), frozenset(kinds.get("connector", ())),
        )
        for language, kinds in rows.items()
    }


def name_cues(language: str) -> NameCues | None:
    """The cues of `language` (ISO 639-1) when it capitalises its nouns, else None."""
    return _cues().get(language)


def _ends_with(word: str, ends: tuple[str, ...]) -> bool:
    """'Bundesverwaltungsgericht' ends with 'gericht'; 'Gericht' alone does too."""
    lower = word.lower().rstrip(".,")
    return any(lower.endswith(end) for end in ends)


# A word for a body this long or longer also ends compounds that name one
# ("Bundesverwaltungsgericht"); a shorter one ("AG", "SE", "Amt") only stands as a word,
# since words end in it by chance ("Beweise", "insgesamt").
COMPOUND_HEAD = 4


def _body_word(word: str, cues: NameCues, whole_only: bool = False) -> bool:
    lower = word.lower().rstrip(".,")
    return any(
        lower == end or (not whole_only and len(end) >= COMPOUND_HEAD and lower.endswith(end) and len(lower) > len(end) + 2)
        for end in cues.organisation
    )


def is_organisation(words: list[str], cues: NameCues) -> bool:
    """A body's name: a word for a body in it, unless that word is all of it. One word alone
    is a body's name only as a compound of a word for the state ("Bundesverwaltungsgericht",
    "Bundeswehr"): others are as often things ("Straßenbahn", "Schlüsselbund") or generic
    ("Spitzenverband")."""
    if len(words) == 1:
        lower = words[0].lower()
        return lower.startswith(cues.state_prefix) and not _body_word(words[0], cues, whole_only=True) \
            and _body_word(words[0], cues)
    return any(_body_word(w, cues) for w in words)


def _body_after_connector(words: list[str], cues: NameCues) -> list[str]:
    """'Daten der Bundesagentur', 'Artikel der Süddeutschen Zeitung': a noun phrase that names
    a body only after its connector names that body; [] when it names none there."""
    for at, word in enumerate(words):
        if word in cues.connector and 0 < at < len(words) - 1:
            head, tail = words[:at], words[at + 1:]
            if not any(_body_word(w, cues) for w in head) and is_organisation(tail, cues):
                return tail
            return []
    return []


_WORD_BEFORE = re.compile(r"([\w.]+)[ \t,]*$")
_WORD_AFTER = re.compile(r"[ \t,]*([\w.]+)")


def _cued(name: str, text: str, cues: NameCues) -> bool:
    """Whether `name` is written somewhere after a role, title or honorific, or next to a
    verb of saying or a word of attribution."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        after = _WORD_AFTER.match(text, match.end())
        if before:
            word = before.group(1)
            lower = word.lower()
            if lower in cues.honorific or lower in cues.speech or (word[:1].isupper() and _ends_with(word, cues.role)):
                return True
        if after and after.group(1).lower() in cues.speech:
            return True
    return False


def is_person(words: list[str], text: str, cues: NameCues) -> bool:
    """A person's name (two to four capitalised words, none of them a word for a role, a
    title or a body) with a cue by it or by its surname."""
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    if any(w.lower() in cues.honorific or _ends_with(w, cues.role) or _body_word(w, cues) for w in words):
        return False  # "Arzt Zugang", "Geschäftsführer Sport": a noun after a role is no name
    return _cued(" ".join(words), text, cues) or _cued(words[-1], text, cues)


def _person(words: list[str], text: str, cues: NameCues) -> list[str]:
    """The person's name these words are, or hold after a role or an honorific; or []."""
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words[1:]):
        if words[0].lower() in cues.honorific:
            return words[1:]  # "Frau Spiegel", "Herrn Schulz"
        if len(words) >= 3 and _ends_with(words[0], cues.role):
            return words[1:]  # "Kabarettist Torsten Sträter"; not one word after a noun ("Arzt Zugang")
    return words if is_person(words, text, cues) else []


def evidenced_name(words: list[str], kind: str, defined: bool, text: str, cues: NameCues,
                   body_words: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(name, kind) of what a candidate of these words names with evidence, or None: the
    whole, the name after a role written into it, or the name that ends it. `body_words`:
    words for a body in English, as in the names of foreign bodies the text writes in English
    ("Social Democratic Party of Germany")."""
    lower = lower_case_words(text)
    while len(words) > 1 and words[0].lower() in lower:
        # "Auch Gladbach", "Die Gefahren": a word the text also writes in lower case is no
        # noun and no name (both are always capitalised), only a sentence's first word
        words = words[1:]
    if defined or any(is_acronym(w) for w in words):
        return " ".join(words), kind
    body = _body_after_connector(words, cues)
    if body:
        return " ".join(body), "organisation"
    if is_organisation(words, cues) or (len(words) > 1 and any(w.lower().strip(".,") in body_words for w in words)):
        return " ".join(words), "organisation"
    for start in range(len(words) - 1):  # "Tod von Luke Perry": the name that ends a phrase
        person = _person(words[start:], text, cues)
        if person:
            return " ".join(person), "person"
    return None
