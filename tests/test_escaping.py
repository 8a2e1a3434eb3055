"""generator/escaping.py: the text markupsafe.escape gives, for every string."""

from __future__ import annotations

import markupsafe
from hypothesis import given
from hypothesis import strategies as st

from generator.escaping import escape_text

HOSTILE = ['<script>alert("x")</script>', "a & b", "it's", '"quoted"', "&amp; already", "", "naïve — ✓", "\x00<"]


def test_hostile_text_is_escaped_as_markupsafe_escapes_it():
    for text in HOSTILE:
        assert escape_text(text) == str(markupsafe.escape(text))
    assert escape_text('<a href="x">') == "&lt;a href=&#34;x&#34;&gt;"


@given(st.text())
def test_any_text_is_escaped_as_markupsafe_escapes_it(text):
    assert escape_text(text) == str(markupsafe.escape(text))
    assert type(escape_text(text)) is str
