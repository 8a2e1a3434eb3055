"""Escaping text for HTML and SVG, the one way the generator does it fast.

markupsafe.escape gives a Markup, built through Markup.__new__ (a Python method); the
pages' templates (generator/render.py) and the drawings (generator/svg.py) escape
hundreds of thousands of strings a build, and need only the escaped text, which
markupsafe's C code makes.
"""

from __future__ import annotations

from typing import Callable

import markupsafe

escape_text: Callable[[str], str]
try:  # markupsafe 3's C escaping of a plain str, which its escape() wraps in a Markup
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:  # another markupsafe: its escape(), as text

    def escape_text(text: str) -> str:
        """&, <, >, " and ' escaped in `text`."""
        return str(markupsafe.escape(text))
