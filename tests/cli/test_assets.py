"""The portal's front-end files are in the repository, so that `make run` needs no Node.js:
every file a template or the stylesheet names is there, and scripts/assets.sh without npm
keeps them instead of stopping."""

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "actionplan" / "portal" / "static" / "vendor"
STATIC_USE = re.compile(r"""{% static ['"](vendor/[^'"]+)['"] %}""")
CSS_URL = re.compile(r"""url\(['"]?(\.\./[^)'"?#]+)""")


def test_every_vendor_file_a_template_or_the_stylesheet_names_is_committed():
    named = {
        found
        for template in (ROOT / "actionplan").rglob("*.html")
        for found in STATIC_USE.findall(template.read_text(encoding="utf-8"))
    }
    assert "vendor/js/htmx.min.js" in named and "vendor/dkfds/css/dkfds.min.css" in named
    css = VENDOR / "dkfds" / "css" / "dkfds.min.css"
    named |= {
        str((css.parent / used).resolve().relative_to(VENDOR.parent))
        for used in CSS_URL.findall(css.read_text(encoding="utf-8"))
    }
    tracked = set(
        subprocess.run(
            ["git", "ls-files", "actionplan/portal/static/vendor"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    missing = sorted(name for name in named if f"actionplan/portal/static/{name}" not in tracked)
    assert not missing


def test_without_npm_the_assets_script_keeps_the_committed_files(tmp_path):
    copy = tmp_path / "repo"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "assets.sh", copy / "scripts" / "assets.sh")
    shutil.copy(ROOT / "package-lock.json", copy / "package-lock.json")
    shutil.copytree(VENDOR, copy / "actionplan" / "portal" / "static" / "vendor")
    bare = tmp_path / "bin"  # a PATH with the shell's tools but no npm or node
    bare.mkdir()
    for tool in ("bash", "dirname", "cp", "rm", "mkdir", "grep", "sed", "sort"):
        found = shutil.which(tool)
        if found:
            (bare / tool).symlink_to(found)
    result = subprocess.run(  # noqa: S603
        [str(bare / "bash"), "scripts/assets.sh"],
        cwd=copy,
        env={**os.environ, "PATH": str(bare)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "npm is missing" in result.stderr
    assert (copy / "actionplan/portal/static/vendor/js/htmx.min.js").is_file()
