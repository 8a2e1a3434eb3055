"""URL slugs: readable ASCII, stable, never empty by accident.

python-slugify (with text-unidecode) does the transliteration; a few letters
common in the regions we cover are folded first, because the generic
transliteration turns them into punctuation ("Kəlbəcər" -> "k-lb-c-r").
"""

from __future__ import annotations

import functools

from slugify import slugify as _slugify

_FOLD = str.maketrans(
    {
        "ə": "e", "Ə": "E",  # Azerbaijani schwa
        "ı": "i", "İ": "I",  # Turkish/Azerbaijani dotless and dotted i
        "ʼ": "", "ʻ": "", "’": "", "'": "",  # apostrophes inside names (Oʻzbekiston, Kyiv's)
    }
)


@functools.lru_cache(maxsize=1 << 16)  # the same names are slugged again for every briefing naming them
def slugify(text: str, max_length: int = 80) -> str:
    """`text` as a lower-case, hyphenated ASCII slug of at most `max_length` characters."""
    return _slugify(text.translate(_FOLD), max_length=max_length, word_boundary=True)
