"""What an editor gives on the command line (--title, --date, --region, --country, --actor,
--draft): checked against the vocabulary before anything runs, then put over what ingest
found, with "given by the editor" as the evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from generator.ingest.evidence import GIVEN, given

if TYPE_CHECKING:
    from generator.ingest import Draft


@dataclass(frozen=True)
class Overrides:
    title: str = ""
    date: dt.date | None = None
    region: str = ""  # canonical, once `checked`
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    draft: bool = False
    countries_region: str = ""  # the region of the first of `countries`, found by `checked`

    def fields(self) -> tuple[str, ...]:
        """The fields given, by their briefing names."""
        given = {"title": self.title, "date": self.date, "region": self.region,
                 "countries": self.countries, "actors": self.actors}
        return tuple(name for name, value in given.items() if value)


class OverrideProblem(ValueError):
    """An override that cannot be used; the message names the option and the value."""


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise OverrideProblem(f"--date {value!r} is not a real date in YYYY-MM-DD form") from None


def checked(overrides: Overrides, vocabulary, inputs: int) -> Overrides:
    """The overrides with canonical names, or OverrideProblem naming every problem."""
    problems = []
    if overrides.title and inputs > 1:
        problems.append(f"--title names one article, but {inputs} inputs were given; ingest them one at a time")
    region = overrides.region
    if region:
        known = vocabulary.region(region)
        if known is None:
            problems.append(_unknown("--region", region, "region", "regions", vocabulary))
        else:
            region = known.name
    countries, countries_region = [], ""
    for name in overrides.countries:
        known = vocabulary.country(name)
        if known is None:
            problems.append(_unknown("--country", name, "country", "countries", vocabulary))
        else:
            countries.append(known.name)
            countries_region = countries_region or known.region
    actors = []
    for name in overrides.actors:
        known = vocabulary.actor(name)  # a new actor is allowed: --add-actors or the editor adds it
        actors.append(known.name if known else name.strip())
    if problems:
        raise OverrideProblem("; ".join(problems))
    return replace(overrides, title=overrides.title.strip(), region=region, countries_region=countries_region, countries=tuple(dict.fromkeys(countries)),
                    actors=tuple(dict.fromkeys(a for a in actors if a)))


def _unknown(option: str, value: str, kind: str, plural: str, vocabulary) -> str:
    suggestion = vocabulary.suggestion(kind, value)
    hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
    return f"{option} {value!r} is not one of the {plural} of content/taxonomy/regions.yaml{hint}"


def apply_overrides(draft: Draft, overrides: Overrides) -> Draft:
    """The draft with what the editor gave put over what was found, each such field
    "given by the editor" in its evidence, and the review notes it answers dropped."""
    fields_given = overrides.fields()
    if not fields_given:
        return draft
    changes: dict[str, object] = {}
    evidence = dict(draft.evidence)
    if overrides.title:
        changes["title"] = overrides.title
    if overrides.date:
        changes["date"] = overrides.date
        if draft.updated and draft.updated.date() < overrides.date:  # an update before the day given is wrong
            changes["updated"] = None
    if overrides.countries:
        changes["countries"] = overrides.countries
        evidence["countries"] = {**given(), "items": [{"name": c, **given()} for c in overrides.countries]}
    if overrides.actors:
        changes["actors"] = overrides.actors
        evidence["actors"] = {**given(), "items": [{"name": a, **given()} for a in overrides.actors]}
    if overrides.region:
        changes["region"] = overrides.region
    elif overrides.countries:  # the region follows the primary country the editor gave
        changes["region"] = overrides.countries_region or draft.region
        evidence["region"] = {"how": f"from the primary country {overrides.countries[0]}, {GIVEN}",
                              "text": "", "line": None}
        fields_given = fields_given + ("region",)
    for name in ("title", "date", "region"):
        if getattr(overrides, name):
            evidence[name] = given()
    answered = set(fields_given)
    return replace(
        draft, **changes, evidence=evidence,
        notes=tuple((f, n) for f, n in draft.notes if f not in answered),
        guesses=tuple((f, v) for f, v in draft.guesses if f not in answered),
    )
