"""Make generator/ingest/data/justext_languages.tsv: ISO 639-1 code -> jusText stoplist.

    python tools/make_justext_languages.py

Rows are `code<TAB>stoplist`, for every ISO 639-1 language (pycountry) that jusText has a
stoplist for, as `language.justext_name_from_iso` finds it. Ingest reads this small table
instead of asking pycountry, whose ISO 639 database (7,900 languages) takes longer to load
than the rest of the lookup. tests/ingest/test_language.py checks the table against
pycountry and jusText: after upgrading either, run this again.
"""

from __future__ import annotations

from pathlib import Path

import pycountry

from generator.ingest.language import justext_name_from_iso

OUT = Path(__file__).resolve().parent.parent / "generator/ingest/data/justext_languages.tsv"


def rows() -> list[tuple[str, str]]:
    codes = sorted({language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")})
    return [(code, name) for code in codes if (name := justext_name_from_iso(code))]


def main() -> None:
    lines = [
        "# ISO 639-1 code<TAB>jusText stoplist (made by tools/make_justext_languages.py from pycountry "
        "and jusText: do not edit by hand)",
        *(f"{code}\t{name}" for code, name in rows()),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} languages to {OUT}")


if __name__ == "__main__":
    main()
