"""A body past what any briefing needs is reported at its line, not rendered for minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import bodylimits
from generator.markdown import render_body

CORPUS_PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "clean"

# The limits scaled down a thousandfold, so that each is reached in milliseconds; the
# real ones are reached, and timed, by test_heavy_corpus.py.
MAX_LINES, MAX_ELEMENTS, MAX_INLINE_POSITIONS = 100, 100, 200


@pytest.fixture(autouse=True)
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MAX_LINES", "MAX_ELEMENTS", "MAX_INLINE_POSITIONS"):
        monkeypatch.setattr(bodylimits, name, globals()[name])


def problem(text: str) -> tuple[str, int]:
    rendered = render_body(text)
    assert rendered.problem is not None and rendered.html == ""
    return rendered.problem.message, rendered.problem.line


def test_too_many_lines_are_refused_before_parsing():
    assert problem("a\n" * MAX_LINES) == (
        f"the text has more than {MAX_LINES:,} lines: too much to render in reasonable time", MAX_LINES,
    )


def test_too_many_blocks_are_refused_at_the_line_where_the_limit_is_passed():
    # each heading is three elements (open, text, close): the limit passes at heading MAX_ELEMENTS / 3
    message, line = problem("# a\n" * (MAX_ELEMENTS // 2))
    assert message.startswith(f"the text has more than {MAX_ELEMENTS:,} Markdown elements (paragraphs, headings")
    assert line == MAX_ELEMENTS // 3 + 1


def test_too_many_inline_elements_are_refused_at_their_line():
    # one paragraph on lines 2 and 3; its emphasis makes three elements per '*a*'
    message, line = problem("Intro.\n\nStart\n" + "*a* " * MAX_ELEMENTS)
    assert message.startswith(f"the text has more than {MAX_ELEMENTS:,} Markdown elements (links, emphasis")
    assert line == 3


@pytest.mark.parametrize("unit", ["a]", "[a", "[ (](", "^[a"])
def test_too_many_places_where_markup_may_start_are_refused(unit: str):
    # these make few elements (text, mostly) from many attempts of every inline rule
    message, _ = problem(unit * MAX_INLINE_POSITIONS)
    assert message.startswith(f"the text has more than {MAX_INLINE_POSITIONS:,} places where Markdown markup may start")


def test_a_body_just_within_the_limits_renders():
    rendered = render_body("## Same\n" * (MAX_ELEMENTS // 4 - 10))
    assert rendered.problem is None
    assert rendered.html.count("<h2") == MAX_ELEMENTS // 4 - 10


def test_every_limit_counts_per_body_not_per_process():
    text = "*a* " * (MAX_ELEMENTS // 5)  # three elements each: over half the limit
    assert render_body(text).problem is None
    assert render_body(text).problem is None


def test_half_a_megabyte_of_text_pasted_from_whole_web_pages_is_within_every_limit(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.undo()  # the real limits
    if not CORPUS_PAGES.is_dir():
        pytest.skip(f"{CORPUS_PAGES} is absent: the development corpus is not on this machine")
    pages = [page.read_text(encoding="utf-8") for page in sorted(CORPUS_PAGES.glob("*[0-9].txt"))]
    text = "\n\n".join(pages)[:500_000]
    assert render_body(text).problem is None


def test_lone_carriage_returns_count_as_lines():
    assert problem("a\r" * MAX_LINES)[0].startswith(f"the text has more than {MAX_LINES:,} lines")
    crlf = render_body("a\r\n\r\n" * (MAX_LINES // 2 - 1)).problem  # one line each, not two
    assert crlf is None or "lines" not in crlf.message


def test_a_table_too_large_is_refused_before_its_cells_are_made():
    # markdown-it makes a whole table in one step: its cells are counted before
    rows = "".join(f"| {i} | x |\n" for i in range(MAX_ELEMENTS // 8 + 1))
    message, line = problem("Intro.\n\n| a | b |\n|---|---|\n" + rows)
    assert message.startswith(f"the text has more than {MAX_ELEMENTS:,} Markdown elements (table cells)")
    assert line == 2


def test_a_table_within_the_room_renders_and_ends_at_a_blank_line():
    rows = "| 1 | x |\n" * 5
    rendered = render_body("| a | b |\n|---|---|\n" + rows + "\n" + "text\n" * 5)
    assert rendered.problem is None and rendered.html.count("<tr>") == 6
