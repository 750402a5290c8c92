"""Time of the DCAT-AP-DK catalogue on a synthetic portfolio: requests in one data version
until every download's byte size is known (each request exports downloads to measure them
for at most ACTIONPLAN_CATALOGUE_SIZE_SECONDS, default 10), and of the IATI export.

    .venv/bin/python bench/catalogue.py [--projects 2000] [--seed 1]

Builds the portfolio with the synth generator in a temporary SQLite file, then requests
/data/dcat.ttl twice in-process (Django's test client, the local-memory cache) and prints the
seconds and the number of distributions with a size.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ap-catalogue-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ACTIONPLAN_PUBLIC_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from actionplan.opendata import iati
    from actionplan.synth.generate import generate

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    generate(projects=args.projects, seed=args.seed)
    print(f"portfolio of {args.projects} projects in {time.perf_counter() - started:.1f} s")
    client = Client()
    started = time.perf_counter()
    size = sum(len(piece) for piece in iati.iter_iati())
    print(f"IATI export (all): {time.perf_counter() - started:.2f} s, {size / 1e6:.1f} MB")
    for n in range(1, 100):
        started = time.perf_counter()
        response = client.get("/data/dcat.ttl")
        seconds = time.perf_counter() - started
        text = response.content.decode()
        sizes, distributions = text.count("dcat:byteSize"), text.count("a dcat:Distribution")
        print(f"catalogue request {n}: {seconds:.2f} s, {sizes} of {distributions} sizes known")
        if sizes == distributions:
            break


if __name__ == "__main__":
    main()
