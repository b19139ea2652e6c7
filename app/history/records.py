"""The JSON Lines format of cooperation records: reading and validating, line by line.

One JSON object a line (docs/history.md)::

    {"source_id": "C001", "title": "…", "members": ["1280", "101"],
     "programme": "…", "start_year": 2008, "end_year": 2010, "ongoing": false,
     "themes": ["planning"], "source_url": "https://…", "sources": ["https://…"],
     "summary": "…"}

``source_id`` is the record's key (importing the same file again changes nothing);
``members`` are municipality codes (SE kommunkod, DK kommunekode), at least one.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX = {"source_id": 120, "title": 300, "programme": 200, "source_url": 500, "summary": 5000}
KNOWN_KEYS = {
    "source_id",
    "title",
    "members",
    "programme",
    "start_year",
    "end_year",
    "ongoing",
    "themes",
    "source_url",
    "sources",
    "summary",
    "kind",
    "language",
    "origin",
}


@dataclass
class Record:
    source_id: str
    title: str
    members: list
    programme: str = ""
    start_year: int | None = None
    end_year: int | None = None
    ongoing: bool = False
    themes: list = field(default_factory=list)
    source_url: str = ""
    sources: list = field(default_factory=list)
    summary: str = ""


class RecordError(ValueError):
    """A line that cannot be imported; ``line`` is its number (1-based)."""

    def __init__(self, line, message):
        super().__init__(f"line {line}: {message}")
        self.line = line


def _year(value, name):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise ValueError(f"{name} must be a year between 1900 and 2100, got {value!r}")
    return value


def _text(data, name, required=False):
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise ValueError(f"{name} is missing")
    if len(value) > MAX[name]:
        raise ValueError(f"{name} is longer than {MAX[name]} characters")
    return value


def _url(value, name="source_url"):
    if value and urlsplit(value).scheme not in ("http", "https"):
        raise ValueError(f"{name} must be an http(s) address, got {value!r}")
    return value


def parse_record(data, municipality_codes, theme_codes):
    """A Record from one decoded line; ValueError with a clear message when it is bad."""
    if not isinstance(data, dict):
        raise ValueError("a line must be a JSON object")
    unknown_keys = sorted(set(data) - KNOWN_KEYS)
    if unknown_keys:
        raise ValueError(f"unknown keys: {', '.join(unknown_keys)}")
    members = data.get("members")
    if not isinstance(members, list) or not members:
        raise ValueError("members is missing: give at least one municipality code")
    codes = []
    for code in members:
        if not isinstance(code, str) or code not in municipality_codes:
            raise ValueError(f"unknown municipality {code!r} in members")
        if code not in codes:
            codes.append(code)
    themes = data.get("themes") or []
    if not isinstance(themes, list) or any(t not in theme_codes for t in themes):
        bad = [t for t in themes if t not in theme_codes] if isinstance(themes, list) else themes
        raise ValueError(f"unknown theme code(s): {bad!r}")
    start, end = (
        _year(data.get("start_year"), "start_year"),
        _year(data.get("end_year"), "end_year"),
    )
    if start and end and end < start:
        raise ValueError(f"end_year {end} is before start_year {start}")
    ongoing = data.get("ongoing", False)
    if not isinstance(ongoing, bool):
        raise ValueError("ongoing must be true or false")
    sources = data.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ValueError("sources must be a list of addresses")
    return Record(
        source_id=_text(data, "source_id", required=True),
        title=_text(data, "title", required=True),
        members=codes,
        programme=_text(data, "programme"),
        start_year=start,
        end_year=end,
        ongoing=ongoing,
        themes=list(dict.fromkeys(themes)),
        source_url=_url(_text(data, "source_url")),
        sources=[_url(s.strip(), "sources") for s in sources if s.strip()],
        summary=_text(data, "summary"),
    )


def read_lines(path):
    """The lines of a JSON Lines file in UTF-8 (a byte-order mark, as some editors write, is
    fine); a ValueError that says how to fix a file in another encoding."""
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ValueError(
            f"{path} is not UTF-8 text (line {line}: byte 0x{raw[error.start]:02x}); save it "
            "as UTF-8 and run again. Nothing was imported."
        ) from None
    return text.splitlines()


def read_records(lines, municipality_codes, theme_codes):
    """(records, errors) of JSON Lines; every bad line is an error naming its number."""
    records, errors, seen = [], [], {}
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark read as text
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(RecordError(number, f"not valid JSON ({error.msg})"))
            continue
        try:
            record = parse_record(data, municipality_codes, theme_codes)
        except ValueError as error:
            errors.append(RecordError(number, str(error)))
            continue
        if record.source_id in seen:
            errors.append(
                RecordError(
                    number,
                    f"duplicate source_id {record.source_id!r} (also on line "
                    f"{seen[record.source_id]})",
                )
            )
            continue
        seen[record.source_id] = number
        records.append(record)
    return records, errors
