"""The Danish postcodes and the municipality each lies in (run once, output committed).

    pip download --no-deps -d /tmp/pc countrystatecity-postal-codes==2.0.1
    unzip -o /tmp/pc/countrystatecity_postal_codes-2.0.1-py3-none-any.whl -d /tmp/pc/whl
    python scripts/postcode_municipalities.py \\
        /tmp/pc/whl/countrystatecity_postal_codes/data/by-country/DK/postcodes.json \\
        /work/shared/data/geo/dk-municipalities.geojson

Reads the package's Danish postcodes (1.089 codes, each with a town name and the coordinates
of its centre; ODbL 1.0, from the countries-states-cities database) and the full-resolution
municipality boundaries (DAGI/FOT, see shared/data/geo/SOURCE.md), and gives each postcode
the municipality whose boundary holds its centre. A centre at sea or on a coast the
boundaries leave out (the package's centres are rough: some lie a few kilometres off the
shore, up to 250 km for postcodes that take in a stretch of sea) takes the nearest
municipality. A postcode that spans municipalities gets the one its centre lies in: that is
the rule, and docs/maps.md says so. Two corrections: a town named as a municipality ("Skive",
"Odense C", "Frederiksberg C") is in that municipality, and CORRECTIONS holds the few whose
centre lies so far out at sea that the nearest boundary is the wrong one. The post's
non-geographic postcodes (PO boxes, large firms: 0800, 0900, 1500, 1780, 8100, 9100, ...),
which the package lacks, are added by hand in their town's municipality (NON_GEOGRAPHIC).

Checks printed at the end: centres outside every boundary (and the municipality taken), the
corrections, and postcodes whose municipality lies in another region than the package's
region code says.

Writes actionplan/organisations/postcode_data.py: postcode -> (municipality code, town).
The package is not a dependency of the application: only this script reads it.
"""

import json
import math
import re
import sys
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "countrystatecity-postal-codes 2.0.1"
# Centres so far off that the nearest boundary is the wrong one (checked against the towns).
CORRECTIONS = {
    "3740": 400,  # Svaneke, Bornholm (the centre lies at sea nearer Christiansø)
    "3760": 400,  # Gudhjem, Bornholm (likewise)
    "6720": 563,  # Fanø (the centre lies 45 km out in the North Sea)
    "8444": 706,  # Balle, Djursland: Syddjurs (the centre lies out in the Kattegat)
}
# The post's non-geographic postcodes (PO boxes, large firms and the post's own centres),
# which the package lacks and registers such as the EU lists write: in the town's municipality.
NON_GEOGRAPHIC = {
    "0800": (169, "Høje Taastrup"),
    **dict.fromkeys(["0877", "0900", "0910", "0917", "0929", "0999"], (101, "København C")),
    **dict.fromkeys(["1092", "1093", "1095", "1098", "1148", "1448"], (101, "København K")),
    **dict.fromkeys(["1500", "1780", "1785", "1786", "1787", "1790"], (101, "København V")),
    "5100": (461, "Odense C"),
    "6701": (561, "Esbjerg"),
    "7007": (621, "Kolding"),
    "8100": (751, "Aarhus C"),
    "9100": (851, "Aalborg"),
}
# Town names that are not spelled as their municipality.
TOWNS = {"aarhus": 751, "nykøbing f": 376, "nykøbing sj": 306, "nykøbing m": 773}
DISTRICT = re.compile(r" (c|k|n|s|v|ø|nv|sv|sø|nø)$")
REGIONS = {"81": "DK-81", "82": "DK-82", "83": "DK-83", "84": "DK-84", "85": "DK-85"}


def _inside(x, y, ring):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _segment_km(x, y, a, b):
    """Distance in km from (x, y) to the segment a-b (degrees, locally flattened)."""
    scale = math.cos(math.radians(y))
    px, (ax, ay), (bx, by) = x * scale, (a[0] * scale, a[1]), (b[0] * scale, b[1])
    dx, dy = bx - ax, by - ay
    t = (
        0.0
        if dx == dy == 0
        else max(0, min(1, ((px - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    )
    return math.hypot(px - ax - t * dx, y - ay - t * dy) * 111.2


def load_boundaries(path):
    shapes = []
    for feature in json.loads(Path(path).read_text(encoding="utf-8"))["features"]:
        rings = [[(p[0], p[1]) for p in ring] for ring in feature["geometry"]["coordinates"]]
        props = feature["properties"]
        shapes.append((int(props["lau_1"]), props["iso_3166_2"], rings))
    return shapes


def municipality_of(x, y, shapes):
    """(code, region, km from the boundary: 0 inside)."""
    for code, region, rings in shapes:
        if _inside(x, y, rings[0]) and not any(_inside(x, y, hole) for hole in rings[1:]):
            return code, region, 0.0
    best = None
    for code, region, rings in shapes:
        ring = rings[0]
        for a, b in pairwise(ring):
            d = _segment_km(x, y, a, b)
            if best is None or d < best[2]:
                best = (code, region, d)
    return best


def by_name(town):
    """The municipality a town is named as ("Odense C" -> Odense, "Skive" -> Skive), or None."""
    sys.path.insert(0, str(ROOT))
    from actionplan.organisations.municipality_data import MUNICIPALITIES

    names = {names[0].casefold(): code for code, names in MUNICIPALITIES.items()} | TOWNS
    return names.get(DISTRICT.sub("", town.casefold()))


def main(postcodes_path, boundaries_path):
    shapes = load_boundaries(boundaries_path)
    rows = json.loads(Path(postcodes_path).read_text(encoding="utf-8"))
    table, outside, regions, corrected = {}, [], [], []
    for row in sorted(rows, key=lambda r: r["code"]):
        code, region, km = municipality_of(row["longitude"], row["latitude"], shapes)
        named = CORRECTIONS.get(row["code"]) or by_name(row["localityName"])
        if named and named != code:
            corrected.append(f"{row['code']} {row['localityName']}: {named}, not {code}")
            code, region = named, next(r for c, r, _ in shapes if c == named)
        table[row["code"]] = (code, " ".join(row["localityName"].split()))
        if km:
            outside.append(f"{row['code']} {row['localityName']}: {km:.1f} km off, {code}")
        if REGIONS.get(row["stateCode"]) != region:
            regions.append(f"{row['code']} {row['localityName']}: {region} for {row['stateCode']}")
    for postcode, (code, town) in NON_GEOGRAPHIC.items():
        table.setdefault(postcode, (code, town))
    table = dict(sorted(table.items()))
    lines = [
        '"""The Danish postcodes: postcode -> (municipality code (LAU-1), town name).',
        "",
        "Generated by scripts/postcode_municipalities.py. Source of the postcodes, their towns",
        f"and centres: the PyPI package {PACKAGE} (data from the countries-states-",
        "cities database), licensed under the Open Database License (ODbL) 1.0; this table is",
        "a database derived from it and is available under the ODbL 1.0 too. Municipality: the",
        "DAGI/FOT boundary (Geodatastyrelsen & Danske Kommuner, see shared/data/geo/SOURCE.md)",
        "holding the postcode's centre, else the nearest; a postcode that spans municipalities",
        "gets the one its centre lies in; a town named as a municipality lies in it. The post's",
        "non-geographic postcodes (PO boxes, large firms), which the package lacks, are added",
        'by hand in their town\'s municipality. See the script for the few corrections."""',
        "",
        "POSTCODES: dict[str, tuple[int, str]] = {",
        *(
            f'    "{pc}": ({code}, {json.dumps(town, ensure_ascii=False)}),'
            for pc, (code, town) in table.items()
        ),
        "}",
        "",
    ]
    out = ROOT / "actionplan/organisations/postcode_data.py"
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(table)} postcodes -> {out.relative_to(ROOT)}")
    print(f"{len(outside)} centres outside every boundary (nearest taken):")
    print("\n".join(f"  {line}" for line in outside))
    print(f"{len(corrected)} named by their town or corrected by hand:")
    print("\n".join(f"  {line}" for line in corrected))
    print(f"{len(regions)} in another region than the package says:")
    print("\n".join(f"  {line}" for line in regions))


if __name__ == "__main__":
    main(
        sys.argv[1],
        sys.argv[2] if len(sys.argv) > 2 else "/work/shared/data/geo/dk-municipalities.geojson",
    )
