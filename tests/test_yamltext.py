"""YAML as briefings and the vocabulary use it: values as written, every key's line,
and nothing that lets a few bytes stand for unbounded work or hide a value."""

from __future__ import annotations

import pytest

from generator.yamltext import MAX_DEPTH, MAX_KEYS, YamlProblem, load_with_lines
from hostile_corpus import billion_laughs


def problem_of(text: str, max_nodes: int | None = None) -> tuple[int, str]:
    with pytest.raises(YamlProblem) as raised:
        load_with_lines(text, max_nodes)
    return raised.value.line, raised.value.message


def test_values_stay_as_written_and_every_key_has_its_line():
    data, lines = load_with_lines("title: Talks\ndate: 2022-09-13\ntags:\n  - a\n  - b\n")
    assert data == {"title": "Talks", "date": "2022-09-13", "tags": ["a", "b"]}
    assert lines == {("title",): 1, ("date",): 2, ("tags",): 3, ("tags", 0): 4, ("tags", 1): 5}


def test_the_billion_laughs_are_refused_at_the_first_anchor():
    frontmatter = billion_laughs().decode().split("---\n")[1]
    assert len(billion_laughs()) < 600
    assert problem_of(frontmatter) == (1, "YAML anchor &a is not allowed here; write the value out")


def test_an_alias_is_refused_at_its_line():
    assert problem_of("title: Talks\nsummary: *other\n") == (2, "YAML alias *other is not allowed here; write the value out")


def test_an_anchor_that_nothing_uses_is_refused_too():
    assert problem_of("title: &t Talks\n")[1] == "YAML anchor &t is not allowed here; write the value out"


def test_ampersands_and_asterisks_in_text_are_only_text():
    data, _ = load_with_lines("title: 'Arms & *sanctions*'\nsummary: R&D *cuts*\n")
    assert data == {"title": "Arms & *sanctions*", "summary": "R&D *cuts*"}


def test_a_merge_key_is_refused():
    assert problem_of("title: Talks\n<<: {summary: merged}\n") == (
        2, "YAML merge key << is not allowed here; write the keys out",
    )


def test_a_duplicate_key_is_an_error_at_the_second_naming_the_first():
    text = "title: First\ndate: 2022-09-13\ntitle: Second\n"
    assert problem_of(text) == (3, "duplicate key 'title' (first at line 1)")


def test_a_duplicate_key_inside_a_list_item_is_found_too():
    assert problem_of("- name: A\n  kind: person\n  name: B\n") == (3, "duplicate key 'name' (first at line 1)")


def test_the_same_key_in_two_list_items_is_no_duplicate():
    data, _ = load_with_lines("- name: A\n- name: B\n")
    assert data == [{"name": "A"}, {"name": "B"}]


def test_nesting_past_the_limit_is_refused():
    fine = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH
    load_with_lines(fine)
    too_deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert problem_of(too_deep) == (1, f"values nested more than {MAX_DEPTH} levels deep")


def test_a_mapping_with_too_many_keys_is_refused():
    text = "".join(f"k{i}: v\n" for i in range(MAX_KEYS + 1))
    assert problem_of(text) == (1, f"a mapping of {MAX_KEYS + 1} keys; the limit is {MAX_KEYS}")


def test_too_many_values_are_refused_where_the_limit_is_passed():
    text = "title: x\ntags:\n" + "".join(f"  - t{i}\n" for i in range(30))
    # the mapping, its two values, and the first 7 tags: the 8th tag (line 10) passes 10
    assert problem_of(text, max_nodes=10) == (10, "more than 10 values in all (fields and list items count one each)")
    load_with_lines(text, max_nodes=33)
