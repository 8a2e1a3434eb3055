"""Small helpers for writing SVG as text: escaping, numbers, compact paths.

Every name drawn comes from scraped content, so every text and attribute
value goes through `esc`; nothing from content is ever placed unescaped.
"""

from __future__ import annotations

from typing import Sequence

from generator.escaping import escape_text


def esc(value: object) -> str:
    """Text or attribute value, escaped for HTML and SVG (&, <, >, " and ')."""
    return escape_text(str(value))  # the same text as markupsafe.escape's, without a Markup made and dropped


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
    flat = [coordinate for point in points for coordinate in point]  # x0, y0, x1, y1, ...
    # each coordinate less the one two before: dx, dy of every step, in order
    steps = " ".join(map(str, [b - a for a, b in zip(flat, flat[2:])]))
    return f"M{flat[0]} {flat[1]}l{steps}z".replace(" -", "-")
