"""Real cross-border cooperations as an evaluation set (leave one cooperation out).

Sources: the public records in ``../shared/data/cooperation/records.jsonl`` (with their
development summaries) and the history the app ships, ``app/data/areas/kop/cooperations.jsonl``
(facts plus summaries in our own words), merged by source id. Candidates are the 90
municipalities with no profile text: what they are is what they did.

A case is one side of a cooperation with members on both sides: the query is the
cooperation's text and themes, seen from that side (its owners are that side's members,
its location their mean seat), and the relevant candidates are the other side's members.
Its own cooperation is left out of the history (``exclude_history``).

The query's text has every municipality's name taken out (``mask_names``): many titles
and summaries name the partners ("Helsingør–Helsingborg", "Malmö och Köpenhamn"), and a
project that asks for partners does not know their names yet. Left in, a name is the
answer itself, and text systems score by finding it in other records. Who the query is
from is given to every system as its owners.
"""

import csv
import json
import pathlib
import re

from matching import Cooperation, Document, crossings_from_rows
from matching import mask_names as text_mask_names

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "cooperation" / "records.jsonl"
# The wider Öresund-Kattegat-Skagerrak area (ids D001–D037): members outside the 90 are
# kept as ids of their own ("NO:Sandefjord"): they count for ties and partners of partners,
# and are never candidates.
SHARED_MORE = SHARED.with_name("records_more.jsonl")
PACK = ROOT / "app" / "data" / "areas" / "kop"  # the default area pack: the 90
SHIPPED = PACK / "cooperations.jsonl"
MUNICIPALITIES = PACK / "municipalities.csv"
CROSSINGS = PACK / "crossings.csv"
ONGOING = re.compile(r"\b(siden|sedan|since|løbende|pågår|ongoing|fortlöpande)\b", re.I)
NOW_YEAR = 2025  # the year the records were collected: an ongoing cooperation is current
# Other names of municipalities seen in the records (the official names are in the csv).
EXONYMS = ("Köpenhamn", "Kopenhamn", "Copenhagen", "Helsingör", "Elsinore", "Malmø",
           "Malmo", "Hälsingborg")  # fmt: skip


def municipalities():
    with MUNICIPALITIES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def crossings():
    """The pack's bridges and ferries (as the app gives them to the matcher)."""
    with CROSSINGS.open(encoding="utf-8", newline="") as fh:
        return crossings_from_rows(csv.DictReader(fh))


def year_of(period, kind=""):
    """The last year a cooperation ran: ongoing ones are current; None when not stated."""
    period = period or ""
    if ONGOING.search(period) or (kind == "standing cooperation" and "not stated" in period):
        return NOW_YEAR
    years = [int(y) for y in re.findall(r"\b(19[89]\d|20[0-3]\d)\b", period)]
    return max(years) if years else None


class MissingRecords(FileNotFoundError):
    """The real records are not where the benchmark reads them."""


def sources():
    """{file: {"records": n, "sha256": …}} of the record files the benchmark reads."""
    import hashlib

    out = {}
    for name, path in (("../shared/data/cooperation/records.jsonl", SHARED),
                       ("../shared/data/cooperation/records_more.jsonl", SHARED_MORE),
                       ("app/data/areas/kop/cooperations.jsonl", SHIPPED)):  # fmt: skip
        if path.exists():
            data = path.read_bytes()
            out[name] = {
                "records": sum(1 for line in data.decode("utf-8").splitlines() if line.strip()),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
    return out


def _shared_records(by_name):
    """The shared records (both files), members as codes of the 90 or ids of their own."""
    records = {}
    for path in (SHARED, SHARED_MORE):
        if not path.exists():
            # Without them the figures would be of the shipped records only and mean
            # something else: stop, and say where they are expected.
            raise MissingRecords(
                f"{path} is missing: the quality benchmark measures on the real records in "
                "../shared/data/cooperation/ (next to this repository). Nothing was measured."
            )
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            members = [
                by_name[(country, n)]["code"] if (country, n) in by_name else f"{country}:{n}"
                for country, key in (("SE", "se_munis"), ("DK", "dk_munis"), ("NO", "no_munis"))
                for n in r.get(key, [])
            ]
            records[r["id"]] = {
                "id": r["id"],
                "title": r["title"],
                "members": members,
                "text": f"{r['title']}. {r['summary']}",
                "themes": r["themes"],
                "year": year_of(r["period"], r.get("kind", "")),
            }
    return records


def _shipped_records():
    records = {}
    if not SHIPPED.exists():
        return records
    for line in SHIPPED.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        records[r["source_id"]] = {
            "id": r["source_id"],
            "title": r["title"],
            "members": r["members"],
            "text": f"{r['title']}. {r.get('summary', '')}",
            "themes": r.get("themes", []),
            "year": r.get("end_year") or (NOW_YEAR if r.get("ongoing") else r.get("start_year")),
        }
    return records


def load():
    """(documents, cooperations, seats): the 90 candidates and the merged history."""
    rows = municipalities()
    by_name = {(r["country"], r["name"]): r for r in rows}
    seats = {r["code"]: (float(r["lat"]), float(r["lon"])) for r in rows}
    documents = [
        Document(r["code"], r["country"], location=seats[r["code"]], language=None)
        for r in rows
    ]
    records = _shipped_records()
    records.update(_shared_records(by_name))  # the shared summaries are the richer texts
    cooperations = [
        Cooperation(
            r["id"],
            frozenset(r["members"]),
            text=r["text"],
            themes=frozenset(r["themes"]),
            year=r["year"],
            title=r["title"],
        )
        for r in sorted(records.values(), key=lambda r: r["id"])
    ]
    return documents, cooperations, seats


OKS = ROOT.parent / "shared" / "data" / "areas" / "oks" / "municipalities.csv"


def _oks_names():
    """The names of the ÖKS area's municipalities: the wider records name them too."""
    if not OKS.exists():
        return set()
    with OKS.open(encoding="utf-8", newline="") as fh:
        return {r["name"] for r in csv.DictReader(fh)}


NAMES = frozenset({r["name"] for r in municipalities()} | _oks_names() | set(EXONYMS))


def mask_names(text):
    """``text`` without the names of municipalities (see the module's docstring), by the
    engine's own masking (``matching.text.mask_names``), as "Learn from outcomes" does."""
    return text_mask_names(text, NAMES)


def cases(documents, cooperations, seats):
    """Leave-one-cooperation-out cases: (query, owners, relevant ids, cooperation id)."""
    country = {d.id: d.country for d in documents}
    out = []
    for coop in cooperations:
        sides = {c: sorted(m for m in coop.members if country.get(m) == c) for c in ("SE", "DK")}
        if not sides["SE"] or not sides["DK"]:
            continue
        for side, other in (("SE", "DK"), ("DK", "SE")):
            owners = sides[side]
            lat = sum(seats[o][0] for o in owners) / len(owners)
            lon = sum(seats[o][1] for o in owners) / len(owners)
            query = Document(
                f"case:{coop.id}:{side}",
                side,
                description=mask_names(coop.text),
                themes=coop.themes,
                location=(lat, lon),
            )
            out.append((query, frozenset(owners), frozenset(sides[other]), coop.id))
    return out
