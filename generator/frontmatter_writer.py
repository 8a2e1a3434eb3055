"""The one frontmatter writer: `briefings new`, `briefings ingest` and the inbox of `serve`
all write briefing files through `render_briefing`, so a field is spelled, ordered and
quoted the same way whichever of them wrote it.

`without_fields` is its counterpart for an edit: it removes whole fields (their key line
and the lines that continue it) and keeps every other byte of the file as it was, so an
editor's layout and comments survive "Publish" in the inbox.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from generator.schema import FIELDS


def render_briefing(fields: dict[str, Any], body: str) -> str:
    """Frontmatter in the schema's key order, then a blank line and the Markdown body.

    Empty values (None, "", (), [], False) are left out: a field that is absent reads as
    its default, and `draft: false` would only be noise.
    """
    lines = ["---"]
    for spec in FIELDS:
        value = fields.get(spec.name)
        if value in (None, "", (), [], False):
            continue
        lines.extend(_field_lines(spec.name, value))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


def _field_lines(name: str, value: Any) -> list[str]:
    if isinstance(value, (dt.date, dt.datetime)):
        return [f"{name}: {value.isoformat()}"]
    if isinstance(value, bool):
        return [f"{name}: {'true' if value else 'false'}"]
    if isinstance(value, (list, tuple)):
        items = [yaml_scalar(str(v)) for v in value]
        flow = f"{name}: [{', '.join(items)}]"
        if len(flow) <= 88 and all("," not in i for i in items):
            return [flow]
        return [f"{name}:"] + [f"  - {i}" for i in items]
    return [f"{name}: {yaml_scalar(str(value))}"]


def yaml_scalar(text: str) -> str:
    """YAML's own quoting, on one line: plain when safe, quoted when not."""
    dumped = yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=10_000)
    dumped = dumped.strip()
    if dumped.endswith("\n..."):
        dumped = dumped[:-4].strip()
    if dumped.endswith("..."):
        dumped = dumped[:-3].strip()
    # flow lists need quotes around text with commas or brackets too
    if re.search(r"[,\[\]{}#]", dumped) and not dumped.startswith(("'", '"')):
        dumped = "'" + text.replace("'", "''") + "'"
    return dumped


_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def without_fields(text: str, names: tuple[str, ...]) -> str:
    """`text` (a briefing) without the frontmatter fields `names`; every other byte kept.

    A field is its key line plus the lines that continue it: indented lines, and the
    `- item` lines of a block list written flush with the key. Comments and blank lines
    end a field and stay. Text without frontmatter is returned as it is.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return text
    kept = [lines[0]]
    removing = False
    for number in range(1, len(lines)):
        line = lines[number]
        bare = line.rstrip("\r\n")
        if bare in ("---", "..."):  # the end of the frontmatter: the body is kept whole
            kept.extend(lines[number:])
            return "".join(kept)
        key = _KEY_LINE.match(bare)
        if key:
            removing = key.group(1) in names
        elif removing and not (bare[:1] in (" ", "\t") or bare == "-" or bare.startswith("- ")):
            removing = False
        if not removing:
            kept.append(line)
    return text  # no closing line: not frontmatter this writer understands, so leave it alone
