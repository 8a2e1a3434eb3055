"""Auto-linked names found in a text: `AutoLinkTerms.mentions` against its definition,
at each place the longest name standing as a whole word, then on from its end."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.autolinks import AutoLinkTerms, names_alternation, names_pattern


def _joins(character: str) -> bool:
    return character.isalnum() or character in "_-"


def defined_mentions(names: list[str], text: str) -> list[tuple[int, int]]:
    """The definition, place by place: slow and plain."""
    found: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        whole = [
            start + len(name) for name in names
            if text.startswith(name, start)
            and (start == 0 or not _joins(text[start - 1]))
            and (start + len(name) == len(text) or not _joins(text[start + len(name)]))
        ]
        if whole:
            found.append((start, max(whole)))
            start = max(whole)
        else:
            start += 1
    return found


# few letters, so that names overlap, nest and stand inside words; spaces, a hyphen, an
# underscore, punctuation, a letter outside ASCII and a regex metacharacter
_ALPHABET = "abAB -_.é(*"
NAMES = st.lists(st.text(_ALPHABET, min_size=1, max_size=6).filter(str.strip), min_size=1, max_size=12)
TEXTS = st.text(_ALPHABET + "c1\n", max_size=60)


@settings(max_examples=400, deadline=None)
@given(NAMES, TEXTS)
def test_mentions_are_the_longest_whole_word_names_left_to_right(names, text):
    terms = AutoLinkTerms.of({name: f"p/{index}" for index, name in enumerate(names)})
    assert terms.mentions(text) == defined_mentions(list(terms.target_of), text)


@settings(max_examples=200, deadline=None)
@given(NAMES, TEXTS)
def test_the_flat_alternation_finds_what_the_trie_finds(names, text):
    import re

    assert [m.span() for m in re.finditer(names_alternation(names), text)] == [
        m.span() for m in re.finditer(names_pattern(names), text)
    ]


def test_names_each_a_prefix_of_the_next_still_match():
    # a trie nested hundreds deep is past what `re` parses: the flat alternation is used
    terms = AutoLinkTerms.of({"a" * length: str(length) for length in range(1, 1200)})
    assert terms.mentions("x " + "a" * 700 + " a-a") == [(2, 702)]


def test_no_names_no_mentions():
    assert AutoLinkTerms.of({}).mentions("Armenia") == []
    assert AutoLinkTerms.of({" ": "p"}).mentions("a b") == []
