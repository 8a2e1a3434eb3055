"""Spaces that markup lost around links come back; spaces it left before punctuation go;
other spaces stay."""

from __future__ import annotations

from generator.ingest.seams import close_punctuation_gaps, mend_seams


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
    code = "```\nx = compute() ;\ny = a[b](c)\n```\n"
    assert mend_seams(code) == code


def test_a_link_glued_to_the_words_around_it_gets_its_spaces_back():
    assert mend_seams("Democrats lead in early voting based on[states that report](https://example.org/s)about it.") == (
        "Democrats lead in early voting based on [states that report](https://example.org/s) about it."
    )
    assert mend_seams("as [Follow the storm](https://example.org/t) , for updates") == (
        "as [Follow the storm](https://example.org/t), for updates"
    )


def test_a_possessive_an_image_and_scripts_without_spaces_keep_their_links_tight():
    assert mend_seams("[Obama](https://example.org/o)'s plan") == "[Obama](https://example.org/o)'s plan"
    assert mend_seams("see![map](https://example.org/m.png)") == "see![map](https://example.org/m.png)"
    assert mend_seams("東京の[国会](https://example.org/k)で", "ja") == "東京の[国会](https://example.org/k)で"
