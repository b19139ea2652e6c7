"""Distances between seats, with the water in between.

Seat to seat, Karlskrona is 180 km from København and Trelleborg 40 km from Dragør; but
nobody crosses the Öresund where they like. Between two countries that only water
separates, a journey goes over one of the crossings an area pack lists (a bridge, a
tunnel, a ferry: its two landings and its length in km), so the distance is the shortest
of: seat to one landing, the crossing, the other landing to the seat. Countries with no
crossing listed between them (Sweden and Norway share a land border) are seat to seat.
Distances over land are great-circle: roads are not known here, and the order they give
is what counts.

The nearness component is exp(-km / scale) of that distance; what a reader is told
("28 km away, seat to seat") stays the seat-to-seat distance (``seat_km``).
"""

from dataclasses import dataclass

import numpy as np

EARTH_KM = 6371.0


@dataclass(frozen=True)
class Crossing:
    """A fixed link or ferry between two countries.

    ``ends`` are the (lat, lon) of its landings, in the order of ``countries``; ``km`` its
    length (a ferry's sailing distance, a bridge's span).
    """

    name: str
    countries: tuple
    ends: tuple
    km: float

    def __post_init__(self):
        if len(self.countries) != 2 or len(self.ends) != 2:
            raise ValueError("a crossing joins two countries at two landings")
        if not self.km >= 0:
            raise ValueError("a crossing's length must be >= 0 km")


def great_circle_km(lat0, lon0, lat1, lon1):
    """Great-circle km (haversine) between points; numpy arrays broadcast."""
    lat0, lon0, lat1, lon1 = (np.radians(np.asarray(v, float)) for v in (lat0, lon0, lat1, lon1))
    h = (
        np.sin((lat1 - lat0) / 2) ** 2
        + np.cos(lat0) * np.cos(lat1) * np.sin((lon1 - lon0) / 2) ** 2
    )
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def seat_km(a, b):
    """Seat-to-seat km between two (lat, lon), or None when either is unknown."""
    if a is None or b is None:
        return None
    return float(great_circle_km(a[0], a[1], b[0], b[1]))


class Routes:
    """Travel distances from one place to many seats, over the crossings where needed."""

    def __init__(self, crossings=()):
        self.crossings = tuple(crossings)
        self.by_pair = {}
        for crossing in self.crossings:
            if not isinstance(crossing, Crossing):
                raise ValueError("crossings must be matching.Crossing")
            key = frozenset(crossing.countries)
            self.by_pair.setdefault(key, []).append(crossing)

    def km(self, origin, country, lat, lon, countries):
        """km from ``origin`` (lat, lon) in ``country`` to each seat (arrays ``lat``,
        ``lon``, ``countries``); NaN where a seat is unknown."""
        direct = great_circle_km(origin[0], origin[1], lat, lon)
        if not self.by_pair:
            return direct
        out = direct.copy()
        for pair, crossings in self.by_pair.items():
            if country not in pair or len(pair) != 2:
                continue
            (other,) = pair - {country}
            rows = countries == other
            if not rows.any():
                continue
            best = np.full(int(rows.sum()), np.inf)
            for crossing in crossings:
                near = 0 if crossing.countries[0] == country else 1
                here, there = crossing.ends[near], crossing.ends[1 - near]
                to_landing = float(great_circle_km(origin[0], origin[1], here[0], here[1]))
                onwards = great_circle_km(there[0], there[1], lat[rows], lon[rows])
                best = np.minimum(best, to_landing + crossing.km + onwards)
            out[rows] = best
        return out


def crossings_from_rows(rows):
    """Crossings from rows of a pack's ``crossings.csv`` (dicts: name, country_a, lat_a,
    lon_a, country_b, lat_b, lon_b, km)."""
    return tuple(
        Crossing(
            row["name"],
            (row["country_a"], row["country_b"]),
            (
                (float(row["lat_a"]), float(row["lon_a"])),
                (float(row["lat_b"]), float(row["lon_b"])),
            ),
            float(row["km"]),
        )
        for row in rows
    )
