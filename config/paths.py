"""Where the installation keeps its files; no Django here, so that the CLI can read it before
the settings load (`actionplan serve` keeps its secret key and demo password there)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("ACTIONPLAN_DATA_DIR", BASE_DIR / "var"))
