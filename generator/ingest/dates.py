"""Publication day and update time from the words of an article.

News copy often leaves the year out ("Tuesday (13 September)") because the reader saw it
on the page that day. The year is inferred as the latest one, not after the reference day
(the day of ingest unless given), in which that day of the month falls on that weekday.
Without a weekday, the latest year that does not put the day after the reference day.

An update ("Updated at 1030 CEST") becomes a date-time with a UTC offset; a time without
a zone we know is not turned into one, since a guessed offset would be silently wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # German, French and Spanish month names, for datelines of pages in those languages
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12, "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
# The month names of other languages (CLDR, data/month_names.tsv) are read by
# `month_number_of`: the patterns below match any word where a month stands, and the word is
# a month when one of the two tables says so.
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
# Offsets of the zone abbreviations news sites print. "ET"/"CT"/"PT" follow US daylight time.
ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "CEST": 120, "MEZ": 60,
    "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180, "TRT": 180, "AST": 180, "GST": 240,
    "AZT": 240, "AMT": 240, "GET": 240, "PKT": 300, "EST": -300, "EDT": -240, "CST": -360,
    "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "JST": 540, "KST": 540,
    "AEST": 600, "AEDT": 660, "SAST": 120, "EAT": 180, "WAT": 60, "CAT": 120,
}
_US_ZONES = {"ET": (-300, -240), "CT": (-360, -300), "MT": (-420, -360), "PT": (-480, -420)}

# A letter, or a vowel sign or mark written on one (Thai "มีนาคม", Hindi "मार्च" and Arabic
# with its vowels carry marks that are not letters to a regular expression). Atomic: the
# ranges hold letters too (Thai า, เ), and a character either branch takes, tried both ways
# under `{3,}`, made a 160-character line of Thai without a date cost 2 s a pattern
# (2^n ways to fail); a letter is one character whichever branch takes it.
_LETTER = r"(?>[^\W\d_]|[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0900-\u0963\u0981-\u09e3\u0a01-\u0de3\u0e31-\u0e4e\u0eb1-\u0ecd])"
_MONTH = rf"(?P<month>{_LETTER}{{3,}}(?:[ -]{_LETTER}{{3,}})?)\.?"  # a word or two ("كانون الثاني")
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|\.)?"
# A year of the common era, or of the Buddhist era that Thai dates give (2567 is 2024)
_YEAR = r"(?P<year>(?:19|20|25)\d\d)"
BUDDHIST_ERA_OFFSET = 543

_FULL_DATES = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+|de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}(?!\d)", re.I),  # 13 September 2022, 5. November 2023, 5 de marzo de 2024
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),  # September 13, 2022
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?![\d-])"),  # 2022-09-13, 2022-09-13T08:00
    re.compile(rf"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{_YEAR}\b"),  # 13.09.2022
    re.compile(rf"\b(?P<month>[0-3]?\d)/(?P<day>[0-3]?\d)/{_YEAR}\b"),  # 09/13/2022 or 13/09/2022
    # Year first is year, month, day in every locale that writes it: "2024年3月5日" (Chinese,
    # Japanese), "2024년 3월 5일" (Korean), "2024/3/5", "2024.03.05.", "2024. március 5."
    re.compile(r"(?<![\d./-])(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]?"),
    re.compile(r"(?<![\d./-])(?P<year>(?:19|20)\d\d)\.?[./]\s?(?P<month>[01]?\d)\.?[./]\s?(?P<day>[0-3]?\d)(?![\d/-])"),
    re.compile(rf"(?<![\d./-])\b{_YEAR}\.?\s+{_MONTH}\s+{_DAY}(?![\d:])", re.I),
]
# "Tuesday (13 September)", "Tuesday, 13 September", "Tuesday 13th of September",
# "Tuesday, September 13"; not when a year follows, of whatever era ("5 March 1403" of the
# Persian calendar): the day is not this era's
_WEEKDAY_DATES = [
    re.compile(rf"\b{_WEEKDAY},?\s*\(?\s*{_DAY}\s+(?:of\s+)?{_MONTH}(?!,?\s+\d{{4}})", re.I),
    re.compile(rf"\b{_WEEKDAY},?\s*\(?\s*{_MONTH}\s+{_DAY}(?!\d|,?\s+\d{{4}})", re.I),
]
# "Nov 18", "18 November": a date line or dateline without its year
_MONTH_DAY = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?![\d:]|,?\s+\d{{4}})", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?!,?\s+\d{{4}})", re.I),
    # "6月24日 11時30分", "3월 5일": Chinese, Japanese and Korean without the year
    re.compile(r"(?<![\d年년])(?<![年년]\s)(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]"),
]
# "DAMASCUS, Nov 18 (Reuters) -", "LONDON, Tuesday 13 September 2022 (AFP) —": a wire dateline
_AGENCY_DATELINE = re.compile(r"^[A-Z][\w .,'’/-]{1,60}?,\s+(?P<date>[^()\n]{3,40}?)\s*\([A-Z][\w .&-]{1,30}\)\s*[-–—:]")
# A time of day: "4:31 PM", "9:49am", "10:56 am", "02:56am IST", "18:05 CET"
_CLOCK = re.compile(r"\b[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[ap]\.?m\.?\b|[A-Z]{2,4}\b)?", re.I)
_DATE_LINE_WORDS = re.compile(r"^(?:published|posted|updated|last updated|date|dated|on|filed|created|first published)\b", re.I)
_UPDATE = re.compile(r"\b(?:last\s+)?updated?\s*(?:at|on|:)?\s*(?P<rest>.{0,80})", re.I)
_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>[0-2]?\d)(?:[:.h]?(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"\s*(?:hrs\s*)?(?P<zone>\(?[A-Z]{1,5}\)?|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d\d)?)?(?![\w])"
)


def month_number_of(word: str, with_year: bool = False) -> int | None:
    """1-12 for a month's name in any language of data/month_names.tsv ("March", "märz",
    "marca", "آذار"), else None. An abbreviation of three letters ("okt", "dic", "set") is
    one only `with_year` ("5 set 2024"): alone, "set 5" is more often a word and a number.
    Of two words ("Monday September") the last is tried too: the date patterns take a word
    or two where a month stands."""
    key = word.lower().rstrip(".")
    full, short = _other_month_names()
    number = MONTHS.get(key) or full.get(key) or (short.get(key) if with_year else None)
    if number is None and " " in key:
        return month_number_of(key.rsplit(" ", 1)[1], with_year)
    return number


@lru_cache(maxsize=1)
def _other_month_names() -> tuple[dict[str, int], dict[str, int]]:
    """The month names of data/month_names.tsv: (full names and long abbreviations, short ones)."""
    from importlib import resources

    text = resources.files("generator.ingest").joinpath("data/month_names.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return ({name: int(month) for name, month, form in rows if form == "full"},
            {name: int(month) for name, month, form in rows if form == "short"})


# Arabic-Indic and Persian digits ("١٢ آذار ٢٠٢٤") read as the digits they are; one
# character for one, so positions in the text stay the same.
_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class DateFound:
    date: dt.date
    how: str  # "dateline", "full date", "weekday and day" or "day and month"
    text: str = ""  # the words the date was read from, as written ("" when not known)


# "۲۶ فروردین ۱۴۰۳": a day, a month of the Persian calendar and its year (1300-1499 is
# 1921-2121 of ours), converted exactly; the month names alone are words too ("تیر", arrow)
_PERSIAN_DATE = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\s+(?P<month>\S+)\s+(?P<year>1[34]\d\d)(?!\d)")


@lru_cache(maxsize=1)
def _persian_months() -> dict[str, int]:
    from importlib import resources

    text = resources.files("generator.ingest").joinpath("data/persian_months.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {name: number for number, name in enumerate(names, start=1)}


def from_persian(year: int, month: int, day: int) -> dt.date:
    """The common-era day of a Solar Hijri date: day 1 of Farvardin is the day of the March
    equinox in Tehran, which the arithmetic of the 33-year cycle gives for these years."""
    days = 365 * (year - 1) + (8 * year + 21) // 33 + (31 * (month - 1) if month <= 7 else 186 + 30 * (month - 7)) + day
    return dt.date(622, 3, 21) + dt.timedelta(days=days - 1)


def _persian_dates(text: str, reference: dt.date) -> list[tuple[int, dt.date]]:
    found = []
    for match in _PERSIAN_DATE.finditer(text):
        month, day = _persian_months().get(match.group("month")), int(match.group("day"))
        if month is None or not 1 <= day <= (31 if month <= 6 else 30):
            continue
        try:
            date = from_persian(int(match.group("year")), month, day)
        except (ValueError, OverflowError):
            continue
        if date <= reference:
            found.append((match.start(), date))
    return found


def infer_year(month: int, day: int, reference: dt.date, weekday: int | None = None) -> int | None:
    """The latest year, with the day not after `reference`, in which month/day falls on `weekday`."""
    for year in range(reference.year, reference.year - 40, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February
        if candidate > reference:
            continue
        if weekday is None or candidate.weekday() == weekday:
            return year
    return None


def _full_dates(text: str, reference: dt.date, day_first: bool | None = None) -> list[tuple[int, dt.date]]:
    """Dates with a year, in text order. A slashed date whose day and month could be either
    way round is read day first when `day_first` (the outlet's locale says so), else month
    first; a number over 12 decides by itself."""
    text = text.translate(_ASCII_DIGITS)
    found: list[tuple[int, dt.date]] = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            month = match.group("month")
            month_number = month_number_of(month, with_year=True) if not month.isdigit() else int(month)
            try:
                day, year = int(match.group("day")), int(match.group("year"))
                if year >= 2500:
                    year -= BUDDHIST_ERA_OFFSET
                if month_number is None:
                    continue
                if "/" in match.group(0) and (month_number > 12 >= day or (day_first and day <= 12)):
                    month_number, day = day, month_number  # 13/09/2022 written day first
                candidate = _as_weekday_says(text[: match.start()], year, month_number, day, month.isdigit())
            except ValueError:
                continue
            if candidate <= reference:
                found.append((match.start(), candidate))
    return sorted(found + _persian_dates(text, reference))


_WEEKDAY_BEFORE = re.compile(rf"{_WEEKDAY},?\s*$", re.I)


def _as_weekday_says(before: str, year: int, month: int, day: int, numeric: bool) -> dt.date:
    """The date; a numeric one that a weekday precedes ('Tuesday, 11.06.2012') is read the
    way round that falls on that weekday, whatever the usual order."""
    date = dt.date(year, month, day)
    weekday = _WEEKDAY_BEFORE.search(before[-20:])
    if not numeric or not weekday or day > 12 or day == month:
        return date
    wanted = WEEKDAYS[weekday.group("weekday").lower().rstrip(".")]
    swapped = dt.date(year, day, month)
    return swapped if date.weekday() != wanted and swapped.weekday() == wanted else date


def _weekday_dates(text: str, reference: dt.date) -> list[tuple[int, dt.date]]:
    text = text.translate(_ASCII_DIGITS)
    found: list[tuple[int, dt.date]] = []
    for pattern in _WEEKDAY_DATES:
        for match in pattern.finditer(text):
            month = month_number_of(match.group("month"))
            weekday = WEEKDAYS.get(match.group("weekday").lower().rstrip("."))
            day = int(match.group("day"))
            if month is None or not 1 <= day <= 31:
                continue
            year = infer_year(month, day, reference, weekday)
            if year is not None:
                found.append((match.start(), dt.date(year, month, day)))
    return sorted(found)


def _month_days(text: str, reference: dt.date) -> list[tuple[int, dt.date]]:
    text = text.translate(_ASCII_DIGITS)
    found: list[tuple[int, dt.date]] = []
    for pattern in _MONTH_DAY:
        for match in pattern.finditer(text):
            month = int(match.group("month")) if match.group("month").isdigit() else month_number_of(match.group("month"))
            day = int(match.group("day"))
            if month is None or not 1 <= day <= 31:
                continue
            year = infer_year(month, day, reference)
            if year is not None:
                found.append((match.start(), dt.date(year, month, day)))
    return sorted(found)


def dates_in(text: str, reference: dt.date, day_first: bool | None = None) -> list[tuple[int, dt.date]]:
    """Every date of a short text (a date line, a dateline), with or without its year."""
    found = _full_dates(text, reference, day_first) or _weekday_dates(text, reference)
    return found or _month_days(text, reference)


def _names_a_month(match: re.Match[str]) -> bool:
    """Whether a date pattern's match is a date: its month word, if any, is a month's name
    ("12 May", not "page 12")."""
    month = match.groupdict().get("month")
    return month is None or month.isdigit() or month_number_of(month, "year" in match.groupdict()) is not None


def has_clock(text: str) -> bool:
    """A time of day with minutes ('4:31 PM', '02:56am IST')."""
    return bool(_CLOCK.search(text))


def is_date_line(line: str) -> bool:
    """A line that gives the article's date or time ('Published: July 23, 2012', 'Aug 9,
    2012 · 13 Comments', '9:49am, EDT', '2012-11-18T08:00'), not a headline that names a day
    ('Nov. 5: Late Poll Gains for Obama')."""
    words = line.split()
    if not words or len(words) > 25:
        return False
    dated = _full_dates(line, dt.date.max) or _weekday_dates(line, dt.date.max)
    clock = _CLOCK.search(line)
    if not dated and not clock:
        short = _month_days(line, dt.date.max)
        return bool(short) and len(words) <= 4
    rest = line
    for pattern in (*_FULL_DATES, *_WEEKDAY_DATES, *_MONTH_DAY, _CLOCK):
        rest = pattern.sub(lambda match: " " if _names_a_month(match) else match.group(0), rest)
    rest_words = [w for w in re.findall(r"[^\W\d_]{2,}", rest)]
    return bool(_DATE_LINE_WORDS.match(line.strip())) or len(rest_words) <= 6


def find_publication_date(dateline: str, text: str, reference: dt.date, day_first: bool | None = None) -> DateFound | None:
    """The day an article was published.

    In order: a date in the date lines by the headline and byline (the first: a page shows
    the published day before the updated one); a wire dateline opening the text ("DAMASCUS,
    Nov 18 (Reuters) -"); the latest weekday-and-day phrase of the text (copy without a
    year is about the day it was written, and the latest day named is the day of writing
    rather than an earlier day recalled); a full date in the article's first paragraphs.
    """
    line_dates = dates_in(dateline, reference, day_first)
    if line_dates:
        return DateFound(line_dates[0][1], "dateline", _line_at(dateline, line_dates[0][0]))
    wire = _AGENCY_DATELINE.match(text.lstrip()[:200])
    if wire:
        wire_dates = dates_in(wire.group("date"), reference, day_first)
        if wire_dates:
            return DateFound(wire_dates[0][1], "dateline", wire.group("date").strip())
    weekday_dates = _weekday_dates(text, reference)
    full = _full_dates(text[:1500], reference, day_first)
    if weekday_dates:
        latest_at, latest = max(weekday_dates, key=lambda found: found[1])
        if not full or full[0][1] <= latest:
            return DateFound(latest, "weekday and day", _phrase_at(text, latest_at))
    if full:
        return DateFound(full[0][1], "full date", _phrase_at(text, full[0][0]))
    return None


def _line_at(text: str, position: int) -> str:
    """The line of `text` around `position`: the evidence shown for a date read there."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)].strip()


def _phrase_at(text: str, position: int, words: int = 5) -> str:
    """A few words from `position` on, within its line: enough to find the date in the text."""
    line_end = text.find("\n", position)
    rest = text[position:line_end if line_end >= 0 else len(text)]
    return " ".join(rest.split()[:words]).rstrip(",;:")


def find_update(text: str, day: dt.date | None) -> dt.datetime | None:
    """The time of an "Updated at 1030 CEST" line, on its own date or on `day`."""
    for match in _UPDATE.finditer(text):
        rest = match.group("rest")
        dates = _full_dates(rest, dt.date.max)
        on = dates[0][1] if dates else day
        if dates:
            # the time follows the date: "Updated July 24, 2012, 9:16 a.m. ET"
            rest = rest[rest.find(str(dates[0][1].year)) + 4:] if str(dates[0][1].year) in rest else rest
        if on is None:
            continue
        for time in _TIME.finditer(rest):
            stamp = _to_datetime(time, on)
            if stamp is not None:
                return stamp
    return None


def _to_datetime(match: re.Match[str], on: dt.date) -> dt.datetime | None:
    hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
    zone = (match.group("zone") or "").strip("()")
    if not zone:
        return None
    if match.group("minute") is None and match.group("ampm") is None and len(match.group("hour")) < 3:
        # "1030" is hour and minute run together; a lone "10" without am/pm is not a time
        return None
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None
    offset = zone_offset(zone, on)
    if offset is None:
        return None
    return dt.datetime(on.year, on.month, on.day, hour, minute, tzinfo=dt.timezone(dt.timedelta(minutes=offset)))


def zone_offset(zone: str, on: dt.date) -> int | None:
    """Minutes east of UTC for a zone abbreviation or a "UTC+4" / "GMT-05:00" form."""
    zone = zone.upper().replace(" ", "")
    numeric = re.fullmatch(r"(?:UTC|GMT)([+-])(\d{1,2}):?(\d\d)?", zone)
    if numeric:
        minutes = int(numeric.group(2)) * 60 + int(numeric.group(3) or 0)
        return minutes if numeric.group(1) == "+" else -minutes
    if zone in ZONES:
        return ZONES[zone]
    if zone in _US_ZONES:
        standard, daylight = _US_ZONES[zone]
        return daylight if _us_daylight_time(on) else standard
    return None


def _us_daylight_time(on: dt.date) -> bool:
    """US daylight time: second Sunday of March to first Sunday of November."""
    march = dt.date(on.year, 3, 8)
    start = march + dt.timedelta(days=(6 - march.weekday()) % 7)
    november = dt.date(on.year, 11, 1)
    end = november + dt.timedelta(days=(6 - november.weekday()) % 7)
    return start <= on < end


# "3 hours ago", "vor 4 Monaten", "il y a 2 jours": a relative date, which says when the page
# was saved rather than a day
_RELATIVE = re.compile(r"^\W*(?:\d+|an?|one)\s+\w+\s+ago\b|^\W*vor\s+\d+\s+\w+|^\W*il y a\s+\d+|^\W*hace\s+\d+", re.I)


def date_by_headline(
    lines: list[str], headline: int, reference: dt.date, day_first: bool | None = None, near: dt.date | None = None,
) -> dt.date | None:
    """The date of the date lines around the headline at `lines[headline]`: the block under
    it (byline, date, section labels) first, then the lines just above it.

    The block ends at the first line that is neither a date, a byline nor a short label: past
    it come the article or teasers of other stories with their own dates. The first date line
    decides; when it cannot be read ('4 months ago') there is no visible date.
    A slashed date that reads both ways ('07/11/2012') follows `day_first` (the outlet's
    locale); without one, the reading nearer `near` (the date the page's metadata gives). A
    date without a year takes the year that puts it by `near`.
    """
    def block(indices: range) -> list[int]:
        found: list[int] = []
        previous = ""
        for index in indices:
            line = lines[index].strip()
            if line.startswith(("* ", "- ", "• ")) and len(line.split()) > 3:
                break  # a list of links: menus and teasers
            dated = is_date_line(line) or _RELATIVE.match(line) or re.match(r"^(?:by|posted|von)\b", line, re.I)
            continued = re.fullmatch(r"(?:by|von|par|por)\s*:?", previous, re.I)  # "By" / "JANE DOE"
            previous = line
            if not dated and not continued and len(line.split()) > 3:
                break
            if dated:
                found.append(index)
        return found

    candidates = block(range(headline + 1, min(len(lines), headline + 12)))
    candidates += block(range(headline - 1, max(-1, headline - 4), -1))
    for index in candidates:
        line = lines[index]
        if _RELATIVE.match(line.strip()):
            return None
        latest = reference
        if near is not None and not _full_dates(line, dt.date.max):
            # 'Aug 09 1:44p' has no year: the metadata's day tells the year, not today
            latest = min(reference, near + dt.timedelta(days=7))
        if day_first is not None or near is None:
            found = dates_in(line, latest, day_first)
        else:
            readings = [d for d in (dates_in(line, latest, False), dates_in(line, latest, True)) if d]
            found = min(readings, key=lambda r: abs((r[0][1] - near).days)) if readings else []
        if found:
            return found[0][1]
    return None


def day_first_for(url: str, language: str = "") -> bool | None:
    """Whether the outlet writes 07/11 for 7 November, from the country code of its domain
    (data/month_first_domains.txt lists the few places that write the month first) or the
    home country of an outlet on a generic domain (data/outlets.tsv), else from the page's
    language (data/date_orders.tsv, CLDR's order of a short date: French
    and Arabic day first, Filipino month first). None for a generic domain (.com, .org) in
    English, written either way round, or in a language that puts the year first: only the
    page can tell."""
    from generator.ingest.countries import outlet_country  # its data is read on first use

    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    suffix = host.rsplit(".", 1)[-1] if "." in host else ""
    if suffix in _month_first_suffixes():
        return False
    if len(suffix) == 2:
        return True
    # an outlet of data/outlets.tsv on a generic domain writes as its home country does
    home = outlet_country(host).lower() if host else ""
    if home:
        return home not in _month_first_suffixes()
    order = _date_orders().get(language, "")
    return {"dmy": True, "mdy": False}.get(order)


@lru_cache(maxsize=1)
def _date_orders() -> dict[str, str]:
    from importlib import resources

    text = resources.files("generator.ingest").joinpath("data/date_orders.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _month_first_suffixes() -> frozenset[str]:
    from importlib import resources

    text = resources.files("generator.ingest").joinpath("data/month_first_domains.txt").read_text(encoding="utf-8")
    return frozenset(line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip())
