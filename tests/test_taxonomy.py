"""The vocabulary: every name or alias leads to one canonical entry."""

from __future__ import annotations

from pathlib import Path

from generator.taxonomy import load_vocabulary, name_key, parse_actors, parse_regions

REPO = Path(__file__).resolve().parent.parent

REGIONS = """\
- name: South Caucasus
  description: Three countries.
  countries:
    - Armenia
    - {name: Azerbaijan, iso: AZ, aliases: [Republic of Azerbaijan]}
- name: Americas
  countries:
    - {name: United States, aliases: [USA, US]}
"""

ACTORS = """\
- name: Antony Blinken
  kind: person
  aliases: [Blinken]
  role: US Secretary of State
  country: USA
- name: European Union
  kind: organisation
  aliases: [EU]
"""


def vocabulary():
    vocab, diagnostics = parse_regions(REGIONS, "regions.yaml")
    assert diagnostics.items == []
    assert parse_actors(ACTORS, "actors.yaml", vocab).items == []
    return vocab


def test_names_compare_without_case_accents_spacing_or_a_leading_the():
    assert name_key("  The  European\u00a0Union ") == name_key("european union")
    assert name_key("Kəlbəcər") != name_key("Kelbecer")  # schwa is a letter, not an accent
    assert name_key("Türkiye") == name_key("Turkiye")


def test_an_alias_resolves_to_the_canonical_actor():
    vocab = vocabulary()
    assert vocab.actor("Blinken").name == "Antony Blinken"
    assert vocab.actor("antony blinken").name == "Antony Blinken"
    assert vocab.actor("the EU").name == "European Union"
    assert vocab.actor("Macron") is None


def test_an_actors_country_is_stored_under_its_canonical_name():
    assert vocabulary().actor("Blinken").country == "United States"


def test_countries_resolve_by_name_or_alias_and_know_their_region():
    vocab = vocabulary()
    assert vocab.country("Republic of Azerbaijan").name == "Azerbaijan"
    assert vocab.country("Azerbaijan").region == "South Caucasus"
    assert vocab.region("south caucasus").countries == ("Armenia", "Azerbaijan")
    assert vocab.region("South Caucasus").slug == "south-caucasus"


def test_an_alias_claimed_by_two_actors_is_an_error_naming_both():
    vocab, _ = parse_regions(REGIONS, "regions.yaml")
    diagnostics = parse_actors(ACTORS + "- name: Blinken Group\n  kind: organisation\n  aliases: [Blinken]\n", "actors.yaml", vocab)
    assert [d.format() for d in diagnostics.errors] == [
        "actors.yaml:9: error: actor name 'Blinken' is already used by 'Antony Blinken' (line 1)"
        "\n    hint: a name or alias must point to one entry only"
    ]


def test_an_unknown_actor_kind_is_an_error_on_its_line():
    vocab = vocabulary()
    diagnostics = parse_actors("- name: X\n  kind: militia\n", "actors.yaml", vocab)
    assert [d.format() for d in diagnostics.errors] == [
        "actors.yaml:2: error: actor 'X': 'kind' must be one of person, organisation, state, armed group, not 'militia'"
    ]


def test_an_actor_country_missing_from_the_regions_is_a_warning():
    vocab = vocabulary()
    diagnostics = parse_actors("- name: X\n  kind: person\n  country: Atlantis\n", "actors.yaml", vocab)
    assert [d.format() for d in diagnostics.warnings] == [
        "actors.yaml:3: warning: actor 'X': country 'Atlantis' is not in regions.yaml"
    ]


def test_broken_taxonomy_yaml_names_the_line():
    _, diagnostics = parse_regions("- name: A\n  countries: [B\n", "regions.yaml")
    (error,) = diagnostics.errors
    # the list left open on line 2, not the end of the file where YAML gives up
    assert error.line == 2 and error.message.startswith("invalid YAML")


def test_the_bundled_vocabulary_loads_cleanly_and_covers_the_bundled_briefings():
    vocab, diagnostics = load_vocabulary(REPO / "content", REPO)
    assert diagnostics.items == []
    for name in ["Antony Blinken", "Nikol Pashinyan", "Toivo Klaar", "Emmanuel Macron", "Vladimir Putin",
                 "Jeyhun Bayramov", "Karen Donfried", "Ararat Mirzoyan", "Southern Transitional Council"]:
        assert vocab.actor(name) is not None, name
    assert vocab.actor("Macron").name == "Emmanuel Macron"
    assert vocab.country("Armenia").region == "South Caucasus"


def test_aliases_in_a_vocabulary_file_are_refused_before_they_can_multiply():
    # nested aliases "billion laughs" style: nine copies of nine copies ... of one name
    text = "- &a {name: Lol, kind: person}\n" + "".join(
        f"- &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(10)
    )
    vocab, _ = parse_regions(REGIONS, "regions.yaml")
    diagnostics = parse_actors(text, "actors.yaml", vocab)
    assert [d.format() for d in diagnostics.errors] == [
        "actors.yaml:1: error: YAML anchor &a is not allowed here; write the value out"
    ]


def test_an_actor_listed_with_a_key_twice_is_an_error_at_the_second():
    vocab, _ = parse_regions(REGIONS, "regions.yaml")
    diagnostics = parse_actors("- name: X\n  kind: person\n  kind: state\n", "actors.yaml", vocab)
    assert [d.format() for d in diagnostics.errors] == ["actors.yaml:3: error: duplicate key 'kind' (first at line 2)"]


def test_an_actor_whose_name_gives_no_address_is_an_error():
    vocab, _ = parse_regions(REGIONS, "regions.yaml")
    diagnostics = parse_actors("- name: '😀'\n  kind: person\n", "actors.yaml", vocab)
    assert [d.format() for d in diagnostics.errors] == [
        "actors.yaml:1: error: actor '😀' gives no page address: nothing is left of it in one"
        "\n    hint: write the name with letters or digits, or give it a 'slug:'"
    ]


def test_two_actors_with_one_address_are_an_error_naming_both():
    vocab, _ = parse_regions(REGIONS, "regions.yaml")
    diagnostics = parse_actors("- name: A.B.\n  kind: person\n- name: A B\n  kind: state\n", "actors.yaml", vocab)
    assert [d.format() for d in diagnostics.errors] == [
        "actors.yaml:3: error: actor 'A B' would share the page address 'a-b' with 'A.B.' (line 1)"
        "\n    hint: give one of them a 'slug:' of its own"
    ]


def test_a_slug_written_in_the_vocabulary_must_be_an_address():
    _, diagnostics = parse_regions("- name: Levant\n  slug: ../levant\n", "regions.yaml")
    assert [d.format() for d in diagnostics.errors] == [
        "regions.yaml:1: error: region 'Levant': slug '../levant' is not a page address"
        "\n    hint: use lower-case letters, digits and hyphens, e.g. 'levant'"
    ]


def test_an_unreadable_or_undecodable_vocabulary_file_is_an_error(tmp_path: Path):
    taxonomy = tmp_path / "content" / "taxonomy"
    taxonomy.mkdir(parents=True)
    (taxonomy / "regions.yaml").write_bytes(b"- name: Caf\xe9\n")
    (taxonomy / "actors.yaml").mkdir()  # a folder where the file should be: reading it fails
    _, diagnostics = load_vocabulary(tmp_path / "content", tmp_path)
    assert [d.format() for d in diagnostics.errors] == [
        "content/taxonomy/regions.yaml: error: file is not valid UTF-8 (byte 11)\n    hint: re-save the file as UTF-8",
        "content/taxonomy/actors.yaml: error: cannot read the file: Is a directory",
    ]
