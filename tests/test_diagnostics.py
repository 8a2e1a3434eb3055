"""Diagnostics: collected once each, in order, and always printed as one
`path:line: level: message` line whatever a file name or value holds."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Diagnostics, Level


def test_a_repeated_diagnostic_is_kept_once_in_the_order_first_found():
    diagnostics = Diagnostics()
    diagnostics.warning("b.md", 2, "second")
    diagnostics.error("a.md", 1, "first")
    diagnostics.warning("b.md", 2, "second")
    other = Diagnostics()
    other.error("a.md", 1, "first")
    other.note("c.md", 3, "third")
    diagnostics.extend(other)
    assert [(d.path, d.message) for d in diagnostics.items] == [("b.md", "second"), ("a.md", "first"), ("c.md", "third")]


def test_replacing_the_items_keeps_them_unique():
    diagnostics = Diagnostics()
    diagnostics.error("a.md", 1, "kept")
    item = Diagnostic("b.md", 1, Level.WARNING, "again")
    diagnostics.items = [item, item]
    diagnostics.warning("b.md", 1, "again")
    assert diagnostics.items == [item]


def test_fifty_thousand_distinct_diagnostics_are_all_kept():
    diagnostics = Diagnostics()
    for index in range(50_000):
        diagnostics.warning("a.md", index + 1, f"unknown field 'k{index}' is ignored")
    diagnostics.extend(Diagnostics(diagnostics.items))
    assert len(diagnostics.items) == 50_000


def test_a_line_break_in_a_file_name_cannot_start_a_line_of_its_own():
    diagnostic = Diagnostic("content/articles/2024/a\nb.md", 3, Level.ERROR, "field 'title': must be text")
    assert diagnostic.format() == "content/articles/2024/a\\nb.md:3: error: field 'title': must be text"


def test_control_characters_and_undecodable_bytes_are_written_as_escapes():
    # a name with a byte that is not UTF-8 reaches us as a lone surrogate (surrogateescape)
    diagnostic = Diagnostic("a\udcff\x1b[2J.md", 0, Level.ERROR, "same address as x\ry.md", hint="rename\u2028it")
    assert diagnostic.format() == "a\\udcff\\x1b[2J.md: error: same address as x\\ry.md\n    hint: rename\\u2028it"


def test_letters_of_any_script_are_kept_as_they_are():
    diagnostic = Diagnostic("content/articles/2024/Kəlbəcər-Ереван.md", 1, Level.WARNING, "'Ставка' — ok")
    assert diagnostic.format() == "content/articles/2024/Kəlbəcər-Ереван.md:1: warning: 'Ставка' — ok"
