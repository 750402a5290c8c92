from pathlib import Path

# shared/ lies beside the repository (a session's checkout, CI's fresh clone); a clone made
# elsewhere on a session's machine still finds the session's copy.
_CANDIDATES = [Path(__file__).resolve().parents[1].parent / "shared", Path("/work/shared")]
SHARED = next((path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[0])
SEEDS = SHARED / "seeds"
REAL_WORLD = SHARED / "data" / "real-world"
