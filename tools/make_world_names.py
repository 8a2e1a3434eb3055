"""Make ingest's names in other languages from CLDR (Unicode's locale data, through Babel):

    python tools/make_world_names.py

Three files in generator/ingest/data/, all sorted so a remake shows only real changes:

- `month_names.tsv` (`name<TAB>month<TAB>form`): the month names of the languages below,
  lower case, in every form CLDR gives for the Gregorian calendar (the form inside a date,
  which is the genitive in Slavic languages, "5 marca", and the stand-alone form; every
  regional variant, so the Levant's "آذار" beside Egypt's "مارس"), and their abbreviations
  ("févr.", "okt", "dic"). `form` is "short" for an abbreviation of fewer than four letters:
  "set", "out", "ago" are words too, so they are read only in a date with its year. A name that is one month in one language and another month in another
  (Czech "listopad" is November, Croatian "listopad" October) is left out: without knowing
  the language it cannot be read.
- `date_orders.tsv` (`language<TAB>order`): "dmy", "mdy" or "ymd", the order of a short
  date in the language's main locale, so a page in French reads 07/11/2012 as 7 November.
- `country_names.tsv` (`language<TAB>iso<TAB>name`): the name of every ISO 3166-1 country
  in each language, where it is not the English one, so a Spanish article about "Bolivia"
  or a German one about "Mali" or "Tschad" is filed right.
- `city_names.tsv` (`language<TAB>iso<TAB>name`): the cities that name the world's time
  zones (about 450: most capitals and the largest cities, "Moskau", "Pekín", "القاهرة"),
  in each language where the name is not the English one, with their zone's country.

Babel is installed with trafilatura (through courlan), so the tool needs nothing more;
ingest reads these small files, not Babel, so that it starts fast. CLDR is Unicode, Inc.'s
data under the Unicode licence (attribution in generator/ingest/data/README.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pycountry
import babel
from babel import Locale, localedata

OUT = Path(__file__).resolve().parent.parent / "generator/ingest/data"

# The languages of most of the world's news: the official or main languages of the
# countries of regions.yaml that have a press of their own (CLD2 detects each of them).
LANGUAGES = (
    "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "da", "de", "el", "es", "et", "fa", "fi",
    "fil", "fr", "ga", "gu", "ha", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "km",
    "kn", "ko", "ky", "lo", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "mt", "my", "nb", "ne", "nl", "nn",
    "pa", "pl", "ps", "pt", "ro", "ru", "si", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "tg",
    "th", "tk", "tr", "uk", "ur", "uz", "vi", "zh",
)
MIN_ABBREVIATION = 4  # letters: shorter ones ("mar", "set", "dic") are words too often


def locales_of(language: str) -> list[str]:
    """The language's locale and all its regional variants ("ar", "ar_SY", "ar_MA", ...)."""
    return sorted(name for name in localedata.locale_identifiers() if name == language or name.startswith(language + "_"))


def month_rows() -> list[tuple[str, int, str]]:
    months: dict[str, set[int]] = defaultdict(set)
    full: set[str] = set()
    for language in LANGUAGES:
        for identifier in locales_of(language):
            calendar = Locale.parse(identifier).months
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for number, name in calendar[context][width].items():
                        name = name.lower().strip()
                        letters = re.sub(r"\W", "", name)
                        if re.search(r"\d", name) or len(letters) < 2:  # "3月", "tháng 3": written with numbers
                            continue
                        months[name.rstrip(".")].add(number)
                        if width == "wide" or len(letters) >= MIN_ABBREVIATION:
                            full.add(name.rstrip("."))
    return sorted((name, next(iter(numbers)), "full" if name in full else "short")
                  for name, numbers in months.items() if len(numbers) == 1)


def order_of(language: str) -> str:
    pattern = Locale.parse(language).date_formats["short"].pattern
    positions = {part: pattern.lower().find(part) for part in "dmy"}
    return "".join(sorted(positions, key=positions.get))


def country_rows() -> list[tuple[str, str, str]]:
    codes = {country.alpha_2 for country in pycountry.countries}
    english = Locale.parse("en").territories
    rows = set()
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        for code in codes:
            name = territories.get(code, "")
            # "Bolivia" in Spanish as in English: the English matcher finds it already
            if name and name != english.get(code):
                rows.add((language, code, name))
    return sorted(rows)


def city_rows() -> list[tuple[str, str, str]]:
    from babel.core import get_global

    countries = get_global("zone_territories")
    codes = {country.alpha_2 for country in pycountry.countries}
    english = Locale.parse("en").time_zones
    rows = set()
    for language in LANGUAGES:
        zones = Locale.parse(language).time_zones
        for zone, names in zones.items():
            city, iso = names.get("city", ""), countries.get(zone, "")
            # the English name is the zone's own ("Africa/Bamako") unless CLDR's English differs
            english_city = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
            if city and iso in codes - {"AQ"} and city != english_city:  # Antarctic stations name no country
                rows.add((language, iso, city))
    return sorted(rows)


def main() -> None:
    header = f"# Made by tools/make_world_names.py from CLDR (Babel {babel.__version__}): do not edit by hand.\n"
    (OUT / "month_names.tsv").write_text(
        header + "".join(f"{name}\t{month}\t{form}\n" for name, month, form in month_rows()), encoding="utf-8")
    (OUT / "date_orders.tsv").write_text(
        header + "".join(f"{language}\t{order_of(language)}\n" for language in LANGUAGES), encoding="utf-8")
    (OUT / "country_names.tsv").write_text(
        header + "".join(f"{language}\t{code}\t{name}\n" for language, code, name in country_rows()), encoding="utf-8")
    (OUT / "city_names.tsv").write_text(
        header + "".join(f"{language}\t{code}\t{name}\n" for language, code, name in city_rows()), encoding="utf-8")


if __name__ == "__main__":
    main()
