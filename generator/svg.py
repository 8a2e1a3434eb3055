"""Small helpers for writing SVG as text: escaping, numbers, compact paths.

Every name drawn comes from scraped content, so every text and attribute
value goes through `esc`; nothing from content is ever placed unescaped.
"""

from __future__ import annotations

from typing import Sequence

import markupsafe


def esc(value: object) -> str:
    """Text or attribute value, escaped for HTML and SVG (&, <, >, " and ')."""
    return str(markupsafe.escape(str(value)))


def num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros ('12', '12.5', '-3')."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def attrs(**values: object) -> str:
    """' name="value"' pairs; None is left out, a trailing _ is dropped, _ becomes -."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(f' {name}="{esc(num(value) if isinstance(value, float) else value)}"')
    return "".join(parts)


def ring_path(points: Sequence[tuple[int, int]]) -> str:
    """A closed ring of integer points as 'M x y l dx dy ... z', relative moves being shortest."""
    (x0, y0), rest = points[0], points[1:]
    steps = []
    for (px, py), (x, y) in zip(points, rest):
        steps.append(f"{x - px} {y - py}")
    text = f"M{x0} {y0}l" + " ".join(steps) + "z"
    return text.replace(" -", "-")

