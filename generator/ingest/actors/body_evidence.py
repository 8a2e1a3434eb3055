"""Whether the text shows a name acting as a body, when the name's own words do not say so.

An acronym's long form names an actor when it holds a word for a body ("Tarsk Growers
Consortium"), and a technique or a product otherwise ("Magnetic Resonance Imaging" for MRI).
But many firms are named by no such word ("Research In Motion" for RIM, "Advanced Micro
Devices" for AMD). What tells them from things is what the text has them do: a thing does
not speak, decide or employ. The words are data (data/body_evidence.tsv); the article's
language adds its verbs of saying (data/person_cues.tsv).
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.ingest.actors.person_cues import person_cues
from generator.ingest.actors.words import DATA_DIR


KINDS = ("act", "kind", "possession")


@lru_cache(maxsize=None)
def _words() -> dict[str, tuple[str, ...]]:
    path = DATA_DIR / "body_evidence.tsv"
    rows: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) != 2 or fields[0] not in KINDS or not fields[1].strip():
                raise ValueError(f"{path}:{number}: expected 'kind<TAB>word' with a kind of {', '.join(KINDS)}")
            rows[fields[0]].append(fields[1].strip())
    return {kind: tuple(words) for kind, words in rows.items()}


def _group(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """After the name: an act, or a possession after its possessive; before it: a kind of
    body; after the sentence that ends with it: 'The <kind>' opening the next one."""
    words = _words()
    acts, kinds, possessions = _group(words["act"]), _group(words["kind"]), _group(words["possession"])
    # the acronym that defines the name may stand between: "Research In Motion (RIM) said"
    defined = r"(?:[ \t]*\([^()\n]{1,15}\))?"
    return (
        re.compile(rf"{defined}[ \t]+(?:(?:has|have|had|will|would|also|then|later)[ \t]+)?{acts}\b"),
        re.compile(rf"{defined}['’]s?[ \t]+(?:[\w-]+[ \t]+)?{possessions}\b", re.I),
        re.compile(rf"(?<![\w-]){kinds}[ \t]*,?[ \t]*$", re.I),
        re.compile(rf"[.!?][ \t]+The[ \t]+{kinds}\b"),
    )


def acts_as_a_body(names: tuple[str, ...], text: str, language: str = "") -> bool:
    """Whether any of `names` (a long form and its acronym) is written somewhere acting as a
    body: a verb of saying or of a body's acts after it ("RIM said", "RIM has hired"), a
    possession of a body after its possessive ("RIM's shares"), a kind of body before it
    ("BlackBerry maker Research In Motion"), or the next sentence taking it up as one
    ("... for Research In Motion. The company's shares rose")."""
    acts, possessions, kind_before, kind_next = _patterns()
    cues = person_cues(language)
    for name in names:
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            end = match.end()
            if acts.match(text, end) or possessions.match(text, end) or kind_next.match(text, end) \
                    or kind_before.search(text, max(0, match.start() - 40), match.start()) \
                    or (cues is not None and cues.acts_after.match(text, end)):
                return True
    return False
