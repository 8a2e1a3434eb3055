"""The language an article is written in, and the function words of that language.

Detection is CLD2 (`pycld2`), the compact detector Chromium used for years: a C library with
its tables compiled in, so it answers in a millisecond from the first call. The Python
detectors that were tried load a model first: py3langid 1.5-2 s (an xz-compressed model is
unpacked on the first call), lingua about 1 s in low-accuracy mode; either alone would spend
the whole budget of one input (1.5 s end to end).

A saved page's language is read before extraction (CLD2 reads around the markup), so that
trafilatura's jusText fallback gets the stoplist of that language (`html._justext_reads`).

The function words decide, in the plain-text cleaner, what reads as prose. English and a
few large European languages are built into that cleaner; for any other language, jusText's
stoplist of that language (about 100 languages, shipped with jusText, which trafilatura
already depends on) is added, so that prose in Polish or Turkish is not taken for a menu.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

# Languages CLD2 names by codes that ISO 639-1 has since replaced.
_OLD_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}

# CLD2 needs some text to be sure: a headline alone is too little.
_MIN_LETTERS = 40
# An answer CLD2 calls unreliable is taken only from this much prose, when it found that one
# language in this share (percent) of the text and no other.
_SURE_LETTERS = 200
SOLE_SHARE = 60


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language most of `text` is written in; "" when unsure.

    Unsure: too little text, or CLD2 does not call its answer reliable (a page in two
    languages half and half, or a list of names).
    """
    prose = _prose(text)
    if sum(1 for c in prose[:20000] if c.isalpha()) < _MIN_LETTERS:
        return ""
    # CLD2 can be unsure of a few long lines full of names ("Luis Arce", "YPFB") that the
    # whole text, headline and short lines included, leaves it sure of
    found = _cld2(prose, plain=True) or (_cld2(text, plain=True) if prose is not text else "")
    if found or sum(1 for c in prose[:20000] if c.isalpha()) < _SURE_LETTERS:
        return found
    # ... or of a short article: CLD2 calls a Russian article of 50 words, or a Spanish one
    # whose headline runs into its first paragraph, unreliable although it finds no other
    # language in it (a list of names it finds in no language at all)
    return _cld2(prose, plain=True, sole=True) or (_cld2(text, plain=True, sole=True) if prose is not text else "")


def detect_html_language(html: str) -> str:
    """The language of a saved page's text, read by CLD2 around the markup ("" when unsure).

    Before extraction, when there is no article text yet: on the development corpus's 150
    pages of many languages it agrees with the language of the extracted text on 147, and
    says "unsure" on the other 3.
    """
    return _cld2(html, plain=False)


def _cld2(text: str, plain: bool, sole: bool = False) -> str:
    """CLD2's language of `text` when it calls it reliable, "" otherwise. `sole`: also when
    CLD2 finds that one language only, in most of the text (SOLE_SHARE percent)."""
    import pycld2

    # CLD2 reads UTF-8 and stops at a lone surrogate or a control character
    sample = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", " ", text[:300_000 if not plain else 100_000])
    sample = sample.encode("utf-8", "replace").decode("utf-8")
    try:
        reliable, _, details = pycld2.detect(sample, isPlainText=plain)
    except pycld2.error:
        return ""
    code = details[0][1] if details else "un"
    alone = sole and details[0][2] >= SOLE_SHARE and all(d[1] == "un" for d in details[1:])
    if not (reliable or alone) or code in ("un", "xxx", ""):
        return ""
    code = code.split("-")[0].lower()
    return _OLD_CODES.get(code, code)


def _prose(text: str) -> str:
    """The lines of `text` that read as sentences, when there are enough of them.

    A whole page also holds menus, cookie notices, style sheets and share buttons, often in
    English whatever the article's language; the article's own sentences are its long lines.
    """
    lines = [line for line in text.split("\n") if len(line.split()) >= 8 and "{" not in line]
    sample = "\n".join(lines)
    return sample if sum(1 for c in sample if c.isalpha()) >= 200 else text


# Scripts written without spaces between words: Han and kana (about two characters a word),
# and Thai, Lao, Tibetan, Burmese and Khmer (syllables of several code points each, vowel and
# tone marks included: about four a word). To a word pattern, or to `str.split`, a whole
# clause of them is one word.
UNSPACED_SCRIPTS = (
    (re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), 2.0),
    (re.compile(r"[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff]"), 4.0),
)


def words_of(line: str) -> list[str]:
    """The words of a line as a reader counts them: split at spaces, and a run of a script
    written without spaces cut into pieces of about a word each, so that a Chinese headline
    counts as the eight words it has and not as one (a menu entry's length)."""
    words: list[str] = []
    for token in line.split():
        size = sum(len(script.findall(token)) / per_word for script, per_word in UNSPACED_SCRIPTS)
        if size < 1.5:
            words.append(token)
            continue
        step = -(-len(token) // round(size))
        words += [token[i:i + step] for i in range(0, len(token), step)]
    return words


@functools.lru_cache(maxsize=8)
def function_words(language: str) -> frozenset[str]:
    """The language's function words (lower case): its own list in
    data/language_function_words.tsv where it has one, else jusText's stoplist; empty for
    English, whose function words the cleaner has built in (and was measured with), and for
    a language neither has.

    jusText's stoplists are the most frequent words of each language's Wikipedia, so they
    hold nouns and names too ("regierung", "berlin", "peter" for German): a menu of places
    read as prose, and "Peter Thomas" as no name. A list of function words alone says what
    is prose in any article, whatever it is about."""
    if language in ("", "en"):
        return frozenset()
    own = _own_function_words().get(language.lower())
    if own:
        return own
    return frozenset(word.lower() for word in justext_stoplist(language))


@functools.cache
def _own_function_words() -> dict[str, frozenset[str]]:
    text = files("generator.ingest").joinpath("data", "language_function_words.tsv").read_text(encoding="utf-8")
    rows: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            language, word = line.split("\t")
            rows.setdefault(language, set()).add(word.strip())
    return {language: frozenset(words) for language, words in rows.items()}


@functools.lru_cache(maxsize=8)
def justext_stoplist(language: str) -> tuple[str, ...]:
    """jusText's own stoplist for the language, as it reads it (sorted); empty when it has none."""
    name = _justext_name(language)
    if not name:
        return ()
    from justext.utils import get_stoplist

    return tuple(sorted(get_stoplist(name)))


def _justext_name(language: str) -> str:
    """'de' -> 'German', as jusText names its stoplists ("" when it has no list for it).

    Read from data/justext_languages.tsv, which `justext_name_from_iso` made (tools/
    make_justext_languages.py) and a test holds to it: asking pycountry loads all of its
    7,900 ISO 639 languages for one name, 27 ms of every saved page's run."""
    return _justext_names().get(language.lower(), "") if language else ""


@functools.cache
def _justext_names() -> dict[str, str]:
    text = files("generator.ingest").joinpath("data", "justext_languages.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {code: name for code, name in rows}


def justext_name_from_iso(language: str) -> str:
    """jusText's stoplist for an ISO 639-1 code through the language's names in pycountry
    ("" when it has none): what data/justext_languages.tsv holds."""
    if not language:
        return ""
    import pycountry

    from justext.utils import get_stoplists

    found = pycountry.languages.get(alpha_2=language)
    if found is None:
        return ""
    names = {found.name, found.name.split(" (")[0], found.name.split(";")[0]}
    names |= {n.replace(" ", "_") for n in names}
    names |= {_JUSTEXT_ALIASES.get(language, "")}
    available = get_stoplists()
    return next((n for n in sorted(names) if n in available), "")


# ISO 639 names that jusText spells otherwise.
_JUSTEXT_ALIASES = {"nb": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "ms": "Malay", "pa": "Western_Panjabi", "el": "Greek", "ky": "Kyrgyz", "fy": "West_Frisian"}
