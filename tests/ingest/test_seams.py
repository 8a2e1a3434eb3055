"""Spaces that markup leaves before punctuation are closed; other spaces stay."""

from __future__ import annotations

from generator.ingest.seams import close_punctuation_gaps


def test_a_space_left_before_a_comma_or_full_stop_by_a_link_is_closed():
    assert close_punctuation_gaps("shares in Northern Power , which runs the grid .") == (
        "shares in Northern Power, which runs the grid."
    )
    assert close_punctuation_gaps("a [statement](https://example.org/s) , then silence") == (
        "a [statement](https://example.org/s), then silence"
    )


def test_a_space_before_a_question_mark_or_colon_is_closed_in_english():
    assert close_punctuation_gaps("Who will pay for the dam ? Nobody knows : not yet.") == (
        "Who will pay for the dam? Nobody knows: not yet."
    )


def test_french_keeps_its_space_before_high_punctuation_but_not_before_a_comma():
    text = "Qui paiera le barrage ? Personne , dit-il : pas encore !"
    assert close_punctuation_gaps(text, "fr") == "Qui paiera le barrage ? Personne, dit-il : pas encore !"


def test_spaced_ellipses_decimals_scores_and_code_are_left_alone():
    assert close_punctuation_gaps("On day one I will . . . repeal it") == "On day one I will . . . repeal it"
    assert close_punctuation_gaps("rates rose by .5 points") == "rates rose by .5 points"
    assert close_punctuation_gaps("the final ended 3 : 2 after extra time") == "the final ended 3 : 2 after extra time"
    code = "```\nx = compute() ;\n```\n"
    assert close_punctuation_gaps(code) == code
