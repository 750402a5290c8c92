from pathlib import Path

# shared/ lies beside the repository, in a session's checkout and in CI's fresh clone alike.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
REAL_WORLD = SHARED / "data" / "real-world"
