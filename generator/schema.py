"""The briefing frontmatter schema: one declaration that the loader validates
against and that documentation (and later a JSON Schema) is generated from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # "string", "date", "datetime", "list", "boolean", "url"
    required: bool
    description: str


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "string", True, "Headline of the briefing."),
    FieldSpec("date", "date", True, "Publication day, ISO format: 2022-09-13."),
    FieldSpec(
        "updated",
        "datetime",
        False,
        "Last update, ISO date-time with UTC offset: 2022-09-13T10:30:00+02:00.",
    ),
    FieldSpec("region", "string", True, "One region from content/taxonomy/regions.yaml."),
    FieldSpec("countries", "list", False, "Countries concerned (names or aliases)."),
    FieldSpec("actors", "list", False, "People, organisations, states and armed groups (names or aliases)."),
    FieldSpec("places", "list", False, "Districts, towns and other places named."),
    FieldSpec("tags", "list", False, "Free topic tags, e.g. ceasefire, diplomacy."),
    FieldSpec("source", "string", False, "Who published the original report, e.g. commonspace.eu."),
    FieldSpec("source_url", "url", False, "Address of the original report."),
    FieldSpec("summary", "string", False, "One or two sentences shown in lists and feeds."),
    FieldSpec(
        "language",
        "string",
        False,
        "Language of the text when it is not the site's, as a BCP 47 code: de, fr, pt-BR.",
    ),
    FieldSpec("draft", "boolean", False, "true leaves the briefing out of builds unless --drafts."),
    FieldSpec(
        "review",
        "list",
        False,
        "Notes for the editor on what is uncertain (written by `briefings ingest` for drafts); "
        "`briefings check` lists the briefings that have them. Remove them once checked.",
    ),
    FieldSpec(
        "autolinks",
        "boolean",
        False,
        "false turns off linking the first mention of each known actor, country and region in the body.",
    ),
    # Provenance written by `briefings ingest`; kept so a briefing can be traced to its raw input.
    FieldSpec("ingested_from", "string", False, "File the briefing was ingested from."),
    FieldSpec("raw_sha256", "string", False, "SHA-256 of the raw input it was ingested from."),
    FieldSpec("ingested_at", "datetime", False, "When it was ingested (ISO date-time with offset)."),
)

FIELDS_BY_NAME = {spec.name: spec for spec in FIELDS}
REQUIRED_FIELDS = tuple(spec.name for spec in FIELDS if spec.required)


SCHEMA_PATH = "schemas/briefing.schema.json"

# How each kind is written in YAML, as JSON Schema (YAML 1.2 editors read 2022-09-13 as text).
_JSON_KINDS: dict[str, dict] = {
    "string": {"type": "string", "minLength": 1},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "datetime": {
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$",
    },
    "list": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "boolean": {"type": "boolean"},
    "url": {"type": "string", "format": "uri", "pattern": r"^https?://\S+$"},
}


def json_schema() -> dict:
    """The frontmatter as JSON Schema (draft 2020-12), for editors and other tools.

    Generated from FIELDS, like the loader's checks, so the two cannot drift;
    `briefings schema` writes it to schemas/briefing.schema.json. Unknown fields
    are flagged (the loader warns about them), which also catches typos.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Briefing frontmatter",
        "description": "The YAML block between '---' lines at the top of content/articles/YEAR/SLUG.md.",
        "type": "object",
        "properties": {
            spec.name: {"description": spec.description, **_JSON_KINDS[spec.kind]} for spec in FIELDS
        },
        "required": list(REQUIRED_FIELDS),
        "additionalProperties": False,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
