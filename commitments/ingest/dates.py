"""Dates in statements: full dates in English, Korean and Japanese (era years too), days given
without a year, weekdays and "today", resolved against the date the text was published.

Pure functions over text; metadata.py decides which date is the meeting's.
"""

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Japanese era names: the Gregorian year before the era's first year (元年 = 1).
ERAS = {"令和": 2018, "平成": 1988}
# "October 16, 2024", "16 October 2024", "2024-10-16", "2024年10月16日", "2024년 10월 16일",
# "令和7年10月29日", "04/23/2025" (month first, as US distributors write it).
DATE_PATTERN = re.compile(
    rf"(?P<mdy>(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*(?:-|–|—|to|and|through)\s*\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+(?P<y1>\d{{4}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2}))"
    r"|(?P<cjk>(?P<y4>\d{4})\s*[年년.]\s*(?P<m4>\d{1,2})\s*[月월.]\s*(?P<d4>\d{1,2})\s*[日일]?)"
    r"|(?P<era>(?P<era_name>令和|平成)\s*(?P<y5>\d{1,2}|元)\s*年\s*(?P<m5>\d{1,2})\s*月"
    r"\s*(?P<d5>\d{1,2})\s*日)"
    r"|(?P<slash>(?<![\d/])(?P<m6>\d{1,2})/(?P<d6>\d{1,2})/(?P<y6>\d{4})(?![\d/]))"
)
# A day without its year: "April 22", "22 April", "Nov. 20", "10月29日", "4월 3일".
PARTIAL_DATE = re.compile(
    rf"(?P<md>(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,]*\s*\d{{4}}))"
    rf"|(?P<dm>(?<!\d)(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})(?!,?\s*\d{{4}}))"
    r"|(?P<cjk>(?<![\d年년])(?P<m3>\d{1,2})\s*[月월]\s*(?P<d3>\d{1,2})\s*[日일])"
)
# "April 22 and 23", "April 22-23", "June 27 to 29": the last day of a meeting over several days.
RANGE_END = re.compile(r"\s*(?:-|–|—|and|to|through)\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?\b")
# "on the 15th (local time)", "15일(현지시간)": a day of the month alone.
DAY_ONLY = re.compile(
    r"\bon the (?P<d1>\d{1,2})(?:st|nd|rd|th)\b|(?<![\d월])(?P<d2>\d{1,2})일\s*(?:\(|오전|오후|에|,)"
)
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "월요일": 0,
    "화요일": 1,
    "수요일": 2,
    "목요일": 3,
    "금요일": 4,
    "토요일": 5,
    "일요일": 6,
    "月曜日": 0,
    "火曜日": 1,
    "水曜日": 2,
    "木曜日": 3,
    "金曜日": 4,
    "土曜日": 5,
    "日曜日": 6,
}
WEEKDAY = re.compile(
    r"\b(?P<en>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?P<cjk>[월화수목금토일]요일|[月火水木金土日]曜日)"
)
TODAY = re.compile(r"\btoday\b|오늘|本日|今日", re.I)
YESTERDAY = re.compile(r"\byesterday\b|어제|昨日", re.I)


def parse_date(match):
    """A datetime.date from a DATE_PATTERN match, or None when it names no real day."""
    groups = match.groupdict()
    try:
        if groups["mdy"]:
            return _date(groups["y1"], MONTHS[groups["m1"].rstrip(".").lower()], groups["d1"])
        if groups["dmy"]:
            return _date(groups["y2"], MONTHS[groups["m2"].rstrip(".").lower()], groups["d2"])
        if groups["iso"]:
            return _date(groups["y3"], groups["m3"], groups["d3"])
        if groups["cjk"]:
            return _date(groups["y4"], groups["m4"], groups["d4"])
        if groups["era"]:
            year = 1 if groups["y5"] == "元" else int(groups["y5"])
            return _date(ERAS[groups["era_name"]] + year, groups["m5"], groups["d5"])
        if groups["slash"]:
            month, day = int(groups["m6"]), int(groups["d6"])
            if month > 12:  # "23/04/2025": day first
                month, day = day, month
            return _date(groups["y6"], month, day)
    except (ValueError, KeyError):
        return None
    return None


def _date(year, month, day):
    return datetime.date(int(year), int(month), int(day))


def find_dates(text):
    """Every full (date, match) in `text`, in order."""
    found = []
    for match in DATE_PATTERN.finditer(text):
        date = parse_date(match)
        if date and 1900 <= date.year <= 2200:
            found.append((date, match))
    return found


def find_partial_dates(text):
    """Every ((month, day), match) of a day given without its year, in order."""
    found = []
    taken = [(m.start(), m.end()) for _, m in find_dates(text)]
    for match in PARTIAL_DATE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        groups = match.groupdict()
        if groups["md"]:
            month, day = MONTHS[groups["m1"].rstrip(".").lower()], int(groups["d1"])
        elif groups["dm"]:
            month, day = MONTHS[groups["m2"].rstrip(".").lower()], int(groups["d2"])
        else:
            month, day = int(groups["m3"]), int(groups["d3"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append(((month, day), match))
    return found


INNER_RANGE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|—|and|to|through)\s*(?P<day>\d{1,2})")


def range_end(text, match, start):
    """The last day of "April 22 and 23" or "September 15 to 19, 2025", or None."""
    following = INNER_RANGE.search(match.group()) or RANGE_END.match(text, match.end())
    if not following:
        return None
    try:
        end = start.replace(day=int(following.group("day")))
    except ValueError:
        return None
    return end if end > start else None


def on_or_before(month, day, reference):
    """The date of month/day in the year of `reference`, or the year before if it falls after."""
    try:
        date = datetime.date(reference.year, month, day)
    except ValueError:
        return None
    if date > reference:
        try:
            date = date.replace(year=reference.year - 1)
        except ValueError:
            return None
    return date


def weekday_on_or_before(weekday, reference):
    """The last day named `weekday` (0 = Monday) on or before `reference`."""
    return reference - datetime.timedelta(days=(reference.weekday() - weekday) % 7)


def day_of_month_on_or_before(day, reference):
    """The day `day` of the month of `reference`, or of the month before if it falls after."""
    month_start = reference.replace(day=1)
    if day > reference.day:
        month_start = (month_start - datetime.timedelta(days=1)).replace(day=1)
    try:
        return month_start.replace(day=day)
    except ValueError:
        return None


def relative_date(sentence, reference):
    """(date, how) for a sentence giving its day relative to `reference`, or (None, "").

    A day without a year, a weekday ("On Friday"), a day of the month alone ("on the 15th"),
    "today" or "yesterday", in English, Korean or Japanese.
    """
    partial = find_partial_dates(sentence)
    if partial:
        (month, day), match = partial[0]
        date = on_or_before(month, day, reference)
        if date:
            end = range_end(sentence, match, date)
            return date, ("day without a year", end)
    weekday = WEEKDAY.search(sentence)
    if weekday:
        name = (weekday.group("en") or weekday.group("cjk")).casefold()
        return weekday_on_or_before(WEEKDAYS[name], reference), ("weekday", None)
    day_only = DAY_ONLY.search(sentence)
    if day_only:
        day = int(day_only.group("d1") or day_only.group("d2"))
        date = day_of_month_on_or_before(day, reference) if 1 <= day <= 31 else None
        if date:
            return date, ("day of the month", None)
    if YESTERDAY.search(sentence):
        return reference - datetime.timedelta(days=1), ("yesterday", None)
    if TODAY.search(sentence):
        return reference, ("today", None)
    return None, ("", None)


def to_date(value):
    """A date from a front-matter value (a date, a datetime or a string holding a date)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        dates = find_dates(value)
        if dates:
            return dates[0][0]
    return None
