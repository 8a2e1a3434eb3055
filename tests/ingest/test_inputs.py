"""Reading raw inputs: what is accepted, how it is decoded, and what is refused, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest.inputs import InputProblem, RawInput, decode, expand_arguments, looks_like_html, read_input

TEXT = "Armenia and Azerbaijan – talks in Brussels. Ceasefire holds, says Pashinyan.\n"


def test_utf8_utf16_cp1252_and_latin1_all_decode_to_the_same_text():
    for data in (TEXT.encode("utf-8"), TEXT.encode("utf-16"), "\ufeff".encode() + TEXT.encode("utf-8")):
        assert decode(RawInput("a.txt", data)).text == TEXT
    assert "–" in decode(RawInput("a.txt", TEXT.encode("cp1252"))).text
    latin = "Réunion à Genève : le ministre a déclaré que la trêve tenait toujours.\n" * 3
    assert decode(RawInput("a.txt", latin.encode("latin-1"))).text == latin


def test_invalid_utf8_is_decoded_by_detection_not_by_replacing_bytes():
    data = ("Caf\u00e9 talks resumed on Tuesday in the capital. " * 5).encode("cp1252")
    decoded = decode(RawInput("a.txt", data))
    assert "Café" in decoded.text and "\ufffd" not in decoded.text
    assert decoded.encoding != "utf-8"


def test_binary_input_is_refused_with_a_reason():
    data = bytes(range(256)) * 40
    with pytest.raises(InputProblem, match="binary"):
        decode(RawInput("image.png", data))


def test_empty_and_blank_files_are_refused(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    for name in ("empty.txt", "blank.txt"):
        with pytest.raises(InputProblem, match="empty"):
            read_input(str(tmp_path / name))


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    with pytest.raises(InputProblem, match="over the 2 MB limit"):
        read_input(str(big), limit=2 * 1024 * 1024)


def test_arguments_expand_to_files_in_folders_and_globs_and_report_what_names_nothing(tmp_path: Path):
    (tmp_path / "inbox").mkdir()
    for name in ("b.html", "a.txt", "notes.pdf"):
        (tmp_path / "inbox" / name).write_text("x")
    files, problems = expand_arguments([str(tmp_path / "inbox"), str(tmp_path / "inbox" / "*.txt"), "-", str(tmp_path / "nope.txt")])
    assert files == [str(tmp_path / "inbox" / "a.txt"), str(tmp_path / "inbox" / "b.html"), "-"]
    assert problems == [(str(tmp_path / "nope.txt"), "no such file or directory")]


def test_html_is_recognised_by_name_or_by_content():
    assert looks_like_html("anything", "page.HTML")
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt")
    assert not looks_like_html("Use <b> for bold, the editor said.", "note.txt")


def test_text_that_quotes_some_markup_is_text():
    # a copied column that quotes a page's markup on a few of its many lines
    lines = [f"Paragraph {n} of the column says what the senator said about the budget." for n in range(40)]
    lines[10] = 'He called it a cut, "but could we make it <i>$700 billion</i>?" <a href="https://x.example/1">source</a>'
    lines[20] = "<blockquote>We will not raise taxes.</blockquote> <a href=\"https://x.example/2\">link</a>"
    lines[30] = "The rule reads <b>if x < y</b> and <em>nothing</em> more. <a href='/3'>three</a> <a href='/4'>four</a>"
    lines[35] = "Sources: " + ", ".join(f"<a href='/n/{n}'>note {n}</a>" for n in range(8))
    assert not looks_like_html("\n".join(lines), "column.txt")


def test_markup_without_a_doctype_is_html_by_its_structure_or_by_tags_on_most_lines():
    document = "Saved by a reader\n<html lang='de'>\n<body>\n<h1>Gespräche</h1>\n<p>Sie gingen weiter.</p>\n</body>\n</html>"
    assert looks_like_html(document, "saved.txt")
    fragment = "\n".join(f"<p>Paragraph {n} of the story, <a href='/s/{n}'>linked</a>.</p>" for n in range(6))
    assert looks_like_html(fragment, "fragment.txt")
    assert looks_like_html(fragment.replace("\n", ""), "one-line.txt")


def test_an_address_is_an_input_and_an_address_of_another_scheme_is_named_as_the_problem():
    files, problems = expand_arguments(["https://news.example.org/a", "HTTP://news.example.org/b", "ftp://example.org/c", "http://"])
    assert files == ["https://news.example.org/a", "HTTP://news.example.org/b"]
    assert problems == [
        ("ftp://example.org/c", "only http:// and https:// addresses can be fetched"),
        ("http://", "not a valid address: it names no host"),
    ]


def test_the_charset_a_server_declares_decodes_bytes_that_are_not_utf8():
    text = "Les négociateurs se sont réunis à Genève pour la deuxième fois cette semaine.\n"
    decoded = decode(RawInput("https://example.org/a", text.encode("iso8859_15"), charset="iso-8859-15"))
    assert decoded.text == text and decoded.encoding == "iso8859-15"


def test_a_latin1_label_is_read_as_windows1252_as_browsers_do():
    text = "The minister called it “a first step” – nothing more.\n"
    decoded = decode(RawInput("https://example.org/a", text.encode("cp1252"), charset="ISO-8859-1"))
    assert decoded.text == text and decoded.encoding == "cp1252"


def test_bytes_that_are_valid_utf8_are_utf8_whatever_the_server_declares():
    text = "Réunion à Genève : “une première étape”.\n"
    decoded = decode(RawInput("https://example.org/a", text.encode("utf-8"), charset="iso-8859-1"))
    assert decoded.text == text and decoded.encoding == "utf-8"


def test_the_servers_charset_comes_before_the_pages_meta_charset():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Переговоры в Женеве</p></body></html>'
    decoded = decode(RawInput("https://example.org/a", html.encode("koi8_r"), media_type="text/html", charset="koi8-r"))
    assert "Переговоры в Женеве" in decoded.text and decoded.encoding == "koi8-r"


def test_a_page_served_as_html_is_html_whatever_its_address_ends_with():
    few_tags = "<title>Talks</title>\nTalks resumed on Tuesday."
    assert decode(RawInput("https://example.org/news/4172", few_tags.encode(), media_type="text/html")).is_html
    assert not decode(RawInput("https://example.org/news/4172", few_tags.encode(), media_type="text/plain")).is_html
