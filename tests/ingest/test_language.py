"""The language of an article: detected, recorded, named in the frontmatter when it is not
the site's, and used to read prose as prose when cleaning copied text."""

from __future__ import annotations

import datetime as dt

from generator.ingest import briefing_fields, prepare_draft
from generator.ingest.inputs import RawInput, decode
from generator.ingest.language import detect_language, function_words
from generator.ingest.text import clean_text

GERMAN = (
    "Die Regierung hat am Dienstag neue Hilfen für die Bauern im Norden des Landes angekündigt, "
    "nachdem die Ernte wegen der Dürre zum zweiten Mal in Folge ausgefallen ist."
)
POLISH = [
    "Rząd ogłosił we wtorek nowy pakiet pomocy dla rolników z północy kraju, ponieważ susza po raz drugi z rzędu zniszczyła zbiory.",
    "Minister rolnictwa powiedział, że pieniądze trafią do gospodarstw jeszcze przed końcem miesiąca, a wnioski będzie można składać przez internet.",
    "Związki rolników przyjęły tę decyzję z ulgą, ale ostrzegły, że bez nowych systemów nawadniania kolejne lata mogą być jeszcze trudniejsze.",
]


def test_the_language_of_a_text_is_detected():
    assert detect_language(GERMAN) == "de"
    assert detect_language(" ".join(POLISH)) == "pl"
    assert detect_language("The government announced new aid for farmers in the north on Tuesday after the drought.") == "en"


def test_too_little_text_gives_no_language_rather_than_a_guess():
    assert detect_language("Berlin") == ""
    assert detect_language("") == ""


def test_menus_and_banners_in_english_do_not_decide_the_language_of_the_article():
    page = "\n".join(["Home", "World", "Sign in", "Accept all cookies", "Subscribe", "Share on Facebook"] * 5 + [GERMAN, GERMAN])
    assert detect_language(page) == "de"


def test_prose_in_a_language_without_built_in_function_words_is_kept_as_the_article():
    menu = ["Strona główna", "Polska", "Świat", "Sport", "Zaloguj się", "Newsletter", "Kontakt"]
    copied = "\n".join(menu + POLISH + ["Czytaj także", "Polityka prywatności"])
    cleaned = clean_text(copied, function_words("pl"))
    assert [b.text for b in cleaned.blocks] == POLISH
    assert function_words("pl") and not function_words("xx")


def draft_of(text: str, name: str, vocabulary):
    raw = RawInput(name, text.encode("utf-8"))
    return prepare_draft(raw, decode(raw), vocabulary, dt.date(2026, 11, 24))


def test_the_language_is_in_the_record_and_in_the_frontmatter_only_when_not_the_sites(vocabulary):
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc)
    german = draft_of(f"Hilfe für die Bauern\n\n{GERMAN}\n\n{GERMAN.replace('zweiten', 'dritten')}\n", "de.txt", vocabulary)
    assert german.record()["language"] == "de"
    assert briefing_fields(german, now, site_language="en")["language"] == "de"
    assert not briefing_fields(german, now, site_language="de")["language"]
    english = draft_of(
        "Aid for farmers\n\nThe government announced new aid for farmers in the north on Tuesday, after the "
        "drought destroyed the harvest for the second year running.\n", "en.txt", vocabulary,
    )
    assert english.record()["language"] == "en"
    assert not briefing_fields(english, now, site_language="en")["language"]


def test_a_saved_page_is_read_in_its_language_before_anything_is_extracted():
    from generator.ingest.language import detect_html_language

    page = (
        "<html><head><title>Hilfe</title><style>.menu{color:red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/login'>Sign in</a></nav>"
        f"<article><h1>Hilfe für die Bauern</h1><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>"
    )
    assert detect_html_language(page) == "de"
    assert detect_html_language("<html><body><p>Home</p></body></html>") == ""


def test_extracting_a_page_leaves_trafilaturas_stoplist_as_it_was():
    import trafilatura.external

    from generator.ingest.html import extract_html

    before = trafilatura.external.JT_STOPLIST
    extract_html(f"<html><body><article><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>", dt.date(2026, 11, 24))
    assert trafilatura.external.JT_STOPLIST is before
