"""Write communique/web/static/vendor/world/countries-110m.geojson, the map's tile-free base layer.

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped in the geopandas 0.14.4
wheel on PyPI (geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp). Needs pyshp:

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-py3-none-any.whl
    pip install pyshp && python scripts/make_world_geojson.py geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to 0.01 degree (about 1 km): plenty at world scale, a third of the size.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parent.parent / "communique/web/static/vendor/world/countries-110m.geojson"


def rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], 2), round(coordinates[1], 2)]
    return [rounded(c) for c in coordinates]


def main(shp_path: str) -> None:
    reader = shapefile.Reader(shp_path)
    features = []
    for shape_record in reader.iterShapeRecords():
        record = shape_record.record.as_dict()
        geometry = shape_record.shape.__geo_interface__
        features.append({"type": "Feature", "properties": {"name": record["name"], "iso_a3": record["iso_a3"]},
                         "geometry": {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])}})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    print(f"{len(features)} countries written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
