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


# The one-line-a-field shape is read without YAML's composer (yamltext._flat_mapping):
# whatever it reads must be what YAML reads, and whatever it is unsure of goes to YAML.
FLAT_SHAPES = [
    'title: "Talks resume"\ndate: 2022-09-13\nregion: "Beri Region"\ncountries: ["A", "B c"]\n',
    "\ntitle: DoD Identifies Army Casualty\ncountries: [Jordan, United States]\ntags: []\nplaces: [ ]\n",
    "title: 'It''s on'\n",  # YAML's quote in quotes: to YAML
    "title: Talks, again (and again)\nsource_url: http://example.org/a:b/#c\n",
    "draft: true\nautolinks: no\ncount: 12\nratio: 1.5\nempty: ~\nnothing:\n",  # not text: to YAML
    "on: x\nNULL: y\n",  # keys YAML reads as a boolean and a null
    "title: x # a comment\ntitle2: a: b\ntitle3: [a?b]\ntitle4: \"a\\tb\"\n",
    "title: x\ntitle: y\n",  # duplicate: YAML's error
    "title: \"a\u2028b\"\nsummary: \"\ufeffx\"\n",  # YAML's line breaks and BOM: to YAML
    "title: [\"a, b\" , 'c' ,d e]\n",
    "title:   spaced out   \nlist: [ a ,  b ]   \n",
]


@pytest.mark.parametrize("text", FLAT_SHAPES)
def test_the_flat_reading_gives_what_yaml_gives(text):
    assert _read_both(text) is not None


def _read_both(text: str, max_nodes: int | None = None):
    from generator import yamltext

    flat = yamltext._flat_mapping(text, max_nodes)
    try:
        expected = _yaml_only(text, max_nodes)
    except YamlProblem as problem:
        assert flat is None, (text, flat, problem.message)
        return problem
    if flat is not None:
        assert flat == expected
        assert list(flat[0]) == list(expected[0]) and list(flat[1]) == list(expected[1])  # in the same order
    assert load_with_lines(text, max_nodes) == expected
    return expected


def _yaml_only(text: str, max_nodes: int | None):
    from generator import yamltext

    flat_mapping = yamltext._flat_mapping
    yamltext._flat_mapping = lambda text, max_nodes: None
    try:
        return load_with_lines(text, max_nodes)
    finally:
        yamltext._flat_mapping = flat_mapping


def test_the_flat_reading_agrees_with_yaml_on_random_lines():
    import random

    pieces = [*"abcxyzAB09 _-:,.#&*!|>'\"%@`?[]{}~=<+/()\\\t\u00e9\u0085", "yes", "null", "1.5", "1:20",
              "2019-03-14", ": ", " #", "http://a.b/c", "''"]
    rng = random.Random(17)

    def scalar() -> str:
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        return rng.choice(['"{}"', "'{}'", "{}", "{}"]).format(text)

    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(1, 3)):
            key = rng.choice(["title", "tags", "on", "K_9", "a-b", "<<", "date"])
            value = "[" + ", ".join(scalar() for _ in range(rng.randint(0, 3))) + "]" if rng.random() < 0.4 else scalar()
            lines.append(f"{key}: {value}{rng.choice(['', ' ', ' # c'])}")
        _read_both("\n" + "\n".join(lines) + "\n", rng.choice([None, 3]))


def test_flat_values_past_the_limits_are_yamls_to_refuse():
    text = "title: x\ntags: [" + ", ".join(f"t{i}" for i in range(30)) + "]\n"
    assert problem_of(text, max_nodes=10) == (2, "more than 10 values in all (fields and list items count one each)")
    too_many_keys = "".join(f"k{i}: v\n" for i in range(MAX_KEYS + 1))
    assert problem_of(too_many_keys) == (1, f"a mapping of {MAX_KEYS + 1} keys; the limit is {MAX_KEYS}")


def test_a_briefings_usual_frontmatter_is_read_flat():
    from generator import yamltext

    assert yamltext._flat_mapping(FLAT_SHAPES[0], 20_000) == (
        {"title": "Talks resume", "date": "2022-09-13", "region": "Beri Region", "countries": ["A", "B c"]},
        {("title",): 1, ("date",): 2, ("region",): 3, ("countries",): 4, ("countries", 0): 4, ("countries", 1): 4},
    )
    assert yamltext._flat_mapping(FLAT_SHAPES[1], 20_000) is not None
