"""The words around a name that say it is a person's, in the article's language.

English news writes "Warren said", "according to Ana Ruiz", "Mr. Brandt", "prime minister
Nikol Pashinyan", "Ruiz, who ..."; the English cues are in names.py and context.py. Other
languages say the same with their own words, and often put the verb of saying before the
speaker after a quote ("« Nous partirons », a déclaré Jean Dupont", "dijo Ana Ruiz", "sagte
Peter Quandel"). Each language's cues are data (data/person_cues.tsv); the rules that read
them are the English ones, so a name in a French or Spanish article is found the same way.
English cues always apply as well: articles quote English, and a language is sometimes
unsure. A language without rows has only the English cues, with the honorifics that English
is written with outside Britain and America ("Shri", "Alhaji", "Datuk"; rows `en`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.ingest.actors.words import DATA_DIR, LOWER, UPPER


@dataclass(frozen=True)
class PersonCues:
    """One language's cues, as patterns (see data/person_cues.tsv for the kinds)."""

    # just before a name, makes even one word a person's name: "M. Dupont", "la ministra Ruiz"
    title_before: re.Pattern[str]
    # just before a name of two words or more, shows it is a person's: "selon Jean Dupont",
    # "a déclaré Jean Dupont"
    context_before: re.Pattern[str]
    # just after a name of two words or more: "Jean Dupont a déclaré", "Ana Ruiz, quien"
    context_after: re.Pattern[str]
    # a single capitalised word after a verb of saying or a source that ends the clause:
    # "», a déclaré Dupont." (the group "name")
    speaker: re.Pattern[str]
    # a verb of saying after a lone word ("Dupont a déclaré"): a name that acts
    acts_after: re.Pattern[str]
    # a verb of saying anywhere: a quoted source ranks higher (candidates.salience)
    speech: re.Pattern[str]
    # one-word honorifics, lower case: "m.", "sra.", "herr"
    honorifics: frozenset[str]
    # one-word verbs of saying and sources, lower case: "selon", "según", "laut", "dijo"
    openers: frozenset[str]


KINDS = ("speech", "source", "honorific", "role", "apposition")


@lru_cache(maxsize=None)
def _rows() -> dict[str, dict[str, tuple[str, ...]]]:
    path = DATA_DIR / "person_cues.tsv"
    rows: dict[str, dict[str, list[str]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[1] not in KINDS or not fields[2].strip():
            raise ValueError(f"{path}:{number}: expected 'language<TAB>kind<TAB>words' with a kind of {', '.join(KINDS)}")
        language, kind, phrase = fields
        rows.setdefault(language, {}).setdefault(kind, []).append(phrase.strip())
    return {language: {kind: tuple(words) for kind, words in kinds.items()} for language, kinds in rows.items()}


def _alternatives(phrases: tuple[str, ...]) -> str:
    """The phrases as one case-insensitive group, longest first, spaces as any blank; a
    group that matches nothing when there are none."""
    if not phrases:
        return "(?!)"
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "(?i:" + "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in ordered) + ")"


# After a phrase: a word boundary, unless it ends in '.' or an apostrophe ("M.", "l'").
_WORD_END = r"(?:(?<=[.'’])|(?<![.'’])(?![\w]))"


@lru_cache(maxsize=None)
def person_cues(language: str, honorifics_are_evidence: bool = False) -> PersonCues | None:
    """The cues of `language` (ISO 639-1) with the English extras (rows `en`), or None when
    data/person_cues.tsv has neither. `honorifics_are_evidence` for a language that
    capitalises its nouns, whose names need evidence beyond their capitals
    (capitalised_nouns.py): there an honorific opening a mention ("Frau Merkel") is that
    evidence, and stays in it."""
    rows = _rows()
    own, extras = rows.get(language, {}) if language != "en" else {}, rows.get("en", {})
    kinds = {kind: own.get(kind, ()) + extras.get(kind, ()) for kind in {*own, *extras}}
    if not kinds:
        return None
    speech = kinds.get("speech", ())
    titles = kinds.get("honorific", ()) + kinds.get("role", ())
    sources = kinds.get("source", ())
    apposition = kinds.get("apposition", ())
    start = r"(?<![\w.'’-])"
    speech_group = _alternatives(speech)
    return PersonCues(
        title_before=re.compile(rf"{start}{_alternatives(titles)}{_WORD_END}[ \t]*,?[ \t]*$"),
        context_before=re.compile(rf"{start}{_alternatives(sources + speech)}[ \t]+$"),
        context_after=re.compile(
            rf"[ \t]+{speech_group}(?![\w])|[ \t]*,[ \t]*{_alternatives(apposition)}{_WORD_END}"
        ),
        speaker=re.compile(
            rf"{start}{_alternatives(speech + sources)}[ \t]+(?P<name>[{UPPER}][{LOWER}][\w’'\-]+)(?=[ \t]*[.,;])"
        ),
        acts_after=re.compile(rf"[ \t]+{speech_group}(?![\w])"),
        speech=re.compile(rf"{start}{speech_group}(?![\w])"),
        honorifics=frozenset() if honorifics_are_evidence else frozenset(
            p.lower() for p in kinds.get("honorific", ()) if " " not in p
        ),
        openers=frozenset(p.lower() for p in speech + sources if " " not in p),
    )
