"""Related briefings: rare shared values count more, then closeness in date."""

from __future__ import annotations

import datetime as dt

from generator.related import RelatedInput, rank_related


def item(key, date, *features):
    return RelatedInput(key, dt.date.fromisoformat(date), frozenset(features))


def test_a_shared_rare_actor_outranks_a_shared_common_country():
    items = [
        item("target", "2024-01-10", ("actors", "rare"), ("countries", "common")),
        item("shares-rare-actor", "2020-01-01", ("actors", "rare")),
        item("shares-common-country", "2024-01-11", ("countries", "common")),
        item("filler-1", "2024-01-01", ("countries", "common")),
        item("filler-2", "2024-01-01", ("countries", "common")),
    ]
    assert rank_related(items, 5)["target"][:2] == ("shares-rare-actor", "shares-common-country")


def test_equal_scores_are_ordered_by_closeness_in_date():
    items = [
        item("target", "2024-06-15", ("tags", "x")),
        item("far", "2020-06-15", ("tags", "x")),
        item("near", "2024-06-10", ("tags", "x")),
        item("middle", "2023-06-15", ("tags", "x")),
    ]
    assert rank_related(items, 5)["target"] == ("near", "middle", "far")


def test_nothing_shared_means_not_related_and_the_limit_holds():
    items = [item("a", "2024-01-01", ("tags", "x"))] + [
        item(f"b{i}", "2024-01-01", ("tags", "x")) for i in range(8)
    ] + [item("unrelated", "2024-01-01", ("tags", "y"))]
    related = rank_related(items, 5)
    assert len(related["a"]) == 5
    assert "unrelated" not in related["a"]
    assert related["unrelated"] == ()


def test_a_briefing_is_never_related_to_itself():
    items = [item("a", "2024-01-01", ("actors", "x")), item("b", "2024-01-02", ("actors", "x"))]
    assert rank_related(items, 5) == {"a": ("b",), "b": ("a",)}


def test_the_ranking_does_not_depend_on_input_order():
    items = [
        item("t", "2024-01-01", ("actors", "a"), ("tags", "t")),
        item("u", "2024-01-01", ("actors", "a")),
        item("v", "2024-01-01", ("tags", "t")),
        item("w", "2024-01-01", ("actors", "a"), ("tags", "t")),
    ]
    assert rank_related(items, 5) == rank_related(list(reversed(items)), 5)
