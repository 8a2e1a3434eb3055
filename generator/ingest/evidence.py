"""Where each extracted field came from, and what an editor should check before publishing.

Pure functions over what the field modules decided (titles.py, dates.py, countries.py
`locate`, actors.py) and the cleaned Markdown body. Each field's evidence is a small dict
with a fixed shape, which the JSON record carries and the inbox marks in the text:

    {"how": "a plain-language sentence", "text": "a snippet as found", "line": 3}

`text` occurs verbatim in the cleaned body (or in the title) so that a UI can mark it, or
is "" when the field comes from metadata that is not in the body; `line` is the 1-based
line of the Markdown body where `text` first occurs, or None. Countries and actors also
carry `items`, the same three keys for each name.

Review notes are plain sentences about anything uncertain; a draft written without a
field it needs carries them in its frontmatter (`review:`).
"""

from __future__ import annotations

import datetime as dt
import re

from generator.ingest.countries import Location
from generator.ingest.dates import DateFound
from generator.taxonomy import Vocabulary

GIVEN = "given by the editor"


def evidence(how: str, text: str, body: str, title: str = "") -> dict[str, object]:
    """One field's evidence; `text` is kept only if it can be found in the body or the title."""
    text = text.strip()
    line = line_of(body, text)
    if line is None and not (text and text in title):
        text = ""
    return {"how": how, "text": text, "line": line}


def given() -> dict[str, object]:
    """The evidence of a field an editor gave (--title, --date, ...)."""
    return {"how": GIVEN, "text": "", "line": None}


def line_of(body: str, text: str) -> int | None:
    """The 1-based line of the Markdown body where `text` first occurs as words of their own
    ("EU" in "the EU said", not in "EUROPE"), or None."""
    if not text:
        return None
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
    for number, line in enumerate(body.split("\n"), start=1):
        if pattern.search(line):
            return number
    return None


def title_evidence(title: str, how: str, body: str) -> dict[str, object]:
    if not title:
        return {"how": "no title found", "text": "", "line": None}
    return evidence(how, title, body, title)


# DateFound.how (dates.py) in words an editor reads
_DATE_HOW = {
    "dateline": "the date line by the headline",
    "full date": "the first full date in the opening paragraphs",
    "weekday and day": "the latest weekday and day named in the text, the year from the reference date",
    "day and month": "a day and month named in the text, the year from the reference date",
}


def date_evidence(how: str, snippet: str, body: str, title: str, reference: dt.date | None) -> dict[str, object]:
    """`how` is DateFound.how or a sentence already in plain words (html.py's `date_how`)."""
    if not how:
        return {"how": f"no date found; the reference date {reference} stands in for it" if reference else "no date found",
                "text": "", "line": None}
    sentence = _DATE_HOW.get(how, how)
    found = evidence(sentence, snippet, body, title)
    if snippet and not found["text"]:  # read from a line the cleaned body no longer has: say it
        found["how"] = f"{sentence}: “{snippet.strip()}”"
    return found


def country_items(countries: tuple[str, ...], location: Location, body: str, title: str) -> list[dict[str, object]]:
    """For each country: how often it is named and where, or the places it is known through."""
    items = []
    for country in countries:
        support = [s for s in location.support if s[0] == country]
        named = [s for s in support if s[2] in ("country", "demonym")]
        through = [s for s in support if s[2] not in ("country", "demonym", "dateline")]
        dateline = [s for s in support if s[2] == "dateline"]
        parts = []
        if named:
            early = sum(1 for s in named if s[3] in ("headline", "lede"))
            in_headline = sum(1 for s in named if s[3] == "headline")
            parts.append(f"{len(named)} mention{'s' if len(named) != 1 else ''}"
                         + (f", {in_headline} in the headline" if in_headline else "")
                         + (f", {early - in_headline} in the lede" if early - in_headline else ""))
        if through:
            names = list(dict.fromkeys(s[1] for s in through if s[1]))
            parts.append("through " + ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else ""))
        if dateline:
            parts.append(f"the dateline {dateline[0][1]}")
        how = f"{country}: " + ("; ".join(parts) if parts else "ranked first by the country rules")
        first = next((s[1] for s in (named or through or dateline) if s[1] and (s[1] in body or s[1] in title)), "")
        items.append({"name": country, **evidence(how, first, body, title)})
    return items


def actor_items(actors: tuple[str, ...], vocabulary: Vocabulary, body: str, title: str) -> list[dict[str, object]]:
    """For each actor, its first occurrence in the body under its name or an alias."""
    items = []
    for name in actors:
        known = vocabulary.actor(name)
        names = [name, *(known.aliases if known else ())]
        first = _first_occurrence(body, names) or _first_occurrence(title, names)
        source = "in actors.yaml" if known else "a new name"
        if first:
            how = f"{name} ({source}): named as “{first}”" if first != name else f"{name} ({source}): named in the text"
        else:
            how = f"{name} ({source}): found by the actor rules, not written out as such in the text"
        items.append({"name": name, **evidence(how, first, body, title)})
    return items


def _first_occurrence(text: str, names: list[str]) -> str:
    best: tuple[int, str] | None = None
    for name in names:
        match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.group(0))
    return best[1] if best else ""


def summed(items: list[dict[str, object]], empty: str) -> dict[str, object]:
    """A list field's evidence: the items' sentences joined, the first item's snippet, and the items."""
    if not items:
        return {"how": empty, "text": "", "line": None, "items": []}
    marked = next((i for i in items if i["text"]), items[0])
    return {"how": "; ".join(str(i["how"]) for i in items), "text": marked["text"], "line": marked["line"], "items": items}


def title_guess(body: str, words: int = 10) -> str:
    """A stand-in headline for an article without one: the start of its first sentence."""
    from generator.ingest.text import plain_from_markdown

    plain = " ".join(plain_from_markdown(body).split())
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    taken = sentence.split()[:words]
    guess = " ".join(taken).rstrip(".,;:!?")
    return guess + ("…" if len(sentence.split()) > words else "")


def region_guess(location: Location, vocabulary: Vocabulary) -> tuple[str, str]:
    """A stand-in region and why: the region of the country that weighs most, though too
    little to count as a finding; else the first region of regions.yaml (a placeholder the
    review note asks the editor to replace)."""
    for country, _weight in location.weights:
        known = vocabulary.country(country)
        if known:
            return known.region, f"the region of {known.name}, the country named most, though too little to be sure"
    first = next(iter(vocabulary.regions), "")
    return first, "the first region of regions.yaml: no country of regions.yaml is named"


def single_mention(location: Location, countries: tuple[str, ...]) -> str:
    """The primary country rests on one naming of it (or of one of its places)."""
    if not countries:
        return ""
    support = [s for s in location.support if s[0] == countries[0] and s[2] != "dateline"]
    if len(support) == 1:
        return f"the region rests on a single mention of {countries[0]} (“{support[0][1]}”)"
    return ""


def through_places(location: Location, countries: tuple[str, ...]) -> list[str]:
    """Countries the text never names, found only through their places."""
    notes = []
    for country in countries:
        support = [s for s in location.support if s[0] == country]
        if support and not any(s[2] in ("country", "demonym") for s in support):
            kinds = set(s[2] for s in support)
            places = list(dict.fromkeys(s[1] for s in support if s[1]))
            # "capital" and "city" are both a city to the editor; one kind named, else "places"
            kind = "city" if kinds <= {"city", "capital"} else kinds.pop() if len(kinds) == 1 else "place"
            article = "an" if kind[0] in "aeiou" else "a"  # "an institution", "an organisation"
            what = f"{article} {kind}" if len(places) == 1 else f"{kind.replace('city', 'citie')}s"
            notes.append(f"{country} is not named, only found through {what} ({', '.join(places)})")
    return notes


# How a title chosen from a page says it may not be the headline (titles.py, html.py)
_DOUBTFUL_TITLE = ("names it differently", "no heading", "first line of the page", "metadata (no heading")


def explain(
    body: str, title: str, title_how: str, title_doubt: str, found: DateFound | None,
    reference: dt.date, countries: tuple[str, ...], region: str, located: Location, actors: tuple[str, ...],
    candidates: tuple[str, ...], vocabulary: Vocabulary,
) -> dict[str, object]:
    """A draft's evidence, review notes and stand-ins (the `Draft` fields of those names), from
    what the field modules decided."""
    found_countries = country_items(countries, located, body, title)
    notes: list[tuple[str, str]] = []
    guesses: list[tuple[str, object]] = []
    if not title:
        guess = title_guess(body) or "Untitled"
        guesses.append(("title", guess))
        notes.append(("title", f"no title found: “{guess}”, the start of the text, stands in; write the headline"))
    elif title_doubt:
        notes.append(("title", title_doubt))
    elif any(phrase in title_how for phrase in _DOUBTFUL_TITLE):
        notes.append(("title", f"the title is {title_how}; it may not be the headline"))
    if not found:
        guesses.append(("date", reference))
        notes.append(("date", f"no publication date found: the reference date {reference} stands in; give the right one"))
    region_how = f"from the primary country {countries[0]}" if region and countries else ""
    if not region:
        guess, why = region_guess(located, vocabulary)
        guesses.append(("region", guess))
        region_how = f"no region found; {guess} stands in ({why})"
        notes.append(("region", f"no region found: {guess} stands in ({why}); choose the right one"))
    else:
        single = single_mention(located, countries)
        if single:
            notes.append(("region", single))
    notes += [("countries", note) for note in through_places(located, countries)]
    if candidates:
        notes.append(("actors", "new actor candidates, not in actors.yaml: " + ", ".join(candidates)
                      + " (add them with --add-actors or by hand)"))
    first_country = found_countries[0] if found_countries else {"text": "", "line": None}
    evidence = {
        "title": title_evidence(title, title_how, body),
        "date": date_evidence(found.how if found else "", found.text if found else "", body, title, reference),
        "region": {"how": region_how, "text": first_country["text"] if region else "", "line": first_country["line"] if region else None},
        "countries": summed(found_countries, "no country of regions.yaml found"),
        "actors": summed(actor_items(actors, vocabulary, body, title), "no known actor found"),
    }
    return {"evidence": evidence, "notes": tuple(notes), "guesses": tuple(guesses)}
