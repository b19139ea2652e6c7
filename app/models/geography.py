"""Regions as dated data: which region a municipality is in on a given day, which regions
exist on that day, and what an old region name still finds.

A municipality is recorded in the region it had in the reference data
(``Municipality.recorded_region``). On a day after that region ended it is in the region's
successor (Hovedstaden and Sjælland → Østdanmark on 2027-01-01, ``app/data/regions.csv``).
Pages show the region valid on the day shown (``app.clock.today``); what was stored with an
earlier date (a project's wished regions, the audit log, the history) keeps its names and
is shown as those names mean on the day shown. An old name still finds the municipalities
that were in it: a user will type "Sjælland" for years.
"""

from dataclasses import dataclass
from datetime import date

from flask import g, has_app_context

from app.clock import today
from app.extensions import db
from app.models.regions import Region


def show_as_of(day):
    """Show this request as of ``day`` (open data's ``?on=YYYY-MM-DD``)."""
    g.kop_day = day


def regions():
    """Every region, read once per app context (a request, a CLI command: a handful of
    rows, asked for by every municipality's ``region``)."""
    if has_app_context() and "kop_regions" in g:
        return g.kop_regions
    # Plain copies: rows kept past a commit or a session's end would expire or detach.
    found = [
        Period(r.code, r.country, r.name, r.valid_from, r.valid_to, r.successor_code)
        for r in db.session.execute(db.select(Region).order_by(Region.position)).scalars()
    ]
    if has_app_context():
        g.kop_regions = found
    return found


@dataclass(frozen=True)
class Period:
    """A region's name, country, validity and successor, as plain data."""

    code: str
    country: str
    name: str
    valid_from: date | None
    valid_to: date | None
    successor_code: str | None

    def valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


def _by_name():
    return {r.name: r for r in regions()}


def _by_code():
    return {r.code: r for r in regions()}


def region_on(name, day=None):
    """The name of the region that ``name`` is on ``day`` (its successor once it ended)."""
    day = day or today()
    by_name, by_code = _by_name(), _by_code()
    region = by_name.get(name)
    seen = set()
    while region is not None and not region.valid_on(day) and region.successor_code:
        if region.code in seen:  # a cycle in the data: stop where we are
            break
        seen.add(region.code)
        nxt = by_code.get(region.successor_code)
        if nxt is None or (nxt.valid_from and day < nxt.valid_from):
            break
        region = nxt
    return region.name if region is not None else name


def _countries(country):
    return {country} if isinstance(country, str) else set(country)


def regions_of(country, day=None):
    """The names of the regions of ``country`` (a code, or several) that exist on ``day``,
    in the data's order."""
    day, countries = day or today(), _countries(country)
    return [r.name for r in regions() if r.country in countries and r.valid_on(day)]


def regions_by_country(day=None):
    """{country: [names of the regions that exist on ``day``]}."""
    out = {}
    for region in regions():
        if region.valid_on(day or today()):
            out.setdefault(region.country, []).append(region.name)
    return out


def names_ever(country):
    """The names the regions of ``country`` (a code, or several) have had, old and new."""
    countries = _countries(country)
    return [r.name for r in regions() if r.country in countries]


def is_region(name):
    """Whether ``name`` is a region at any time (old names count: they still find)."""
    return name in _by_name()


def recorded_names(name):
    """The recorded regions whose municipalities ``name`` finds: itself, and every region
    whose successors include it (``Østdanmark`` finds Hovedstaden's and Sjælland's)."""
    by_code = _by_code()
    found = []
    for region in regions():
        current, seen = region, set()
        while current is not None and current.code not in seen:
            if current.name == name:
                found.append(region.name)
                break
            seen.add(current.code)
            current = by_code.get(current.successor_code)
    return found


def lineage(name):
    """``name`` and the names of its successors, in order (what search finds it by)."""
    by_name, by_code = _by_name(), _by_code()
    region, out = by_name.get(name), [name]
    while region is not None and region.successor_code in by_code:
        region = by_code[region.successor_code]
        if region.name in out:
            break
        out.append(region.name)
    return out


def wished_on(names, day=None):
    """A project's wished regions as they are on ``day`` (old names become their successor,
    each once); the project keeps what it said."""
    out = []
    for name in names or ():
        current = region_on(name, day)
        if current not in out:
            out.append(current)
    return out
