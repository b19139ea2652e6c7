"""The installation's area: a data pack chosen by configuration (``KOP_AREA``).

A pack is a folder of ``app/data/areas/`` (README.md, "Area packs"):

- ``area.json``: its name, its countries (code, names in each language, the languages their
  users write in, which countries are "the other side" for them), the working languages a
  profile may name, and the sources each kind of data is attributed to;
- ``municipalities.csv``, ``regions.csv`` (with dates and successors), ``region.geojson``,
  ``crossings.csv``, ``cooperations.jsonl`` and ``SOURCES.md``.

Nothing in the code names a country, a region or a language of an area: they come from
the pack (and their words from the translation catalogs).
"""

import functools
import json
import os
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy import case

AREAS_DIR = os.path.join(os.path.dirname(__file__), "data", "areas")
DEFAULT_AREA = "kop"


class AreaError(ValueError):
    """A pack that cannot be used (missing, or its area.json is not as described)."""


@dataclass(frozen=True)
class Country:
    code: str
    names: dict  # language → name
    languages: tuple  # what its users write in, the first by default
    other_side: tuple  # the countries whose municipalities are its candidates

    def name(self, language):
        return self.names.get(language) or self.names.get("en") or self.code


@dataclass(frozen=True)
class Area:
    key: str
    names: dict
    countries: tuple
    working_languages: tuple
    attribution: dict  # kind of data (codes, seats, populations, boundaries) → its sources

    def path(self, filename):
        return os.path.join(AREAS_DIR, self.key, filename)

    def name(self, language):
        return self.names.get(language) or self.names.get("en") or self.key

    @property
    def country_codes(self):
        return tuple(c.code for c in self.countries)

    def country(self, code):
        return next((c for c in self.countries if c.code == code), None)

    def other_side(self, code):
        """The countries whose municipalities a municipality of ``code`` is offered."""
        country = self.country(code)
        return country.other_side if country else ()

    def language_of(self, code):
        """The language a country's users write in (the first of its languages)."""
        country = self.country(code)
        return country.languages[0] if country and country.languages else "en"

    @property
    def languages(self):
        """Every language the area's users write in, in the order of its countries."""
        return tuple(dict.fromkeys(lang for c in self.countries for lang in c.languages))

    def country_name(self, code, language):
        country = self.country(code)
        return country.name(language) if country else code


@functools.cache
def load_area(key):
    """The pack ``key`` (``app/data/areas/<key>/area.json``), checked."""
    path = os.path.join(AREAS_DIR, key, "area.json")
    if not key or os.sep in key or not os.path.isfile(path):
        known = ", ".join(available_areas())
        raise AreaError(f"no area pack {key!r} (KOP_AREA); the packs are: {known}")
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    countries = tuple(
        Country(c["code"], dict(c["names"]), tuple(c["languages"]), tuple(c["other_side"]))
        for c in data["countries"]
    )
    codes = {c.code for c in countries}
    for country in countries:
        if not country.languages or set(country.other_side) - codes or country.code in (
            country.other_side
        ):
            raise AreaError(f"{path}: country {country.code} needs languages and other "
                            "countries of the pack as its other side")  # fmt: skip
    return Area(key, dict(data["names"]), countries, tuple(data["working_languages"]),
                dict(data.get("attribution", {})))  # fmt: skip


def country_order(column):
    """An ORDER BY key that puts ``column`` (a country code) in the pack's order."""
    order = {code: i for i, code in enumerate(current_area().country_codes)}
    return case(order, value=column, else_=len(order))


def available_areas():
    if not os.path.isdir(AREAS_DIR):
        return []
    return sorted(d for d in os.listdir(AREAS_DIR)
                  if os.path.isfile(os.path.join(AREAS_DIR, d, "area.json")))  # fmt: skip


def current_area():
    """The configured pack (``KOP_AREA``; the default pack outside an app)."""
    key = current_app.config.get("AREA", DEFAULT_AREA) if has_app_context() else DEFAULT_AREA
    return load_area(key)
