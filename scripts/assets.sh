#!/usr/bin/env bash
# Refreshes the front-end files the portal serves, actionplan/portal/static/vendor/, from the
# packages in package-lock.json. The folder is in the repository, so that `make run` needs no
# Node.js; run this (`make assets`) after changing package.json and commit what changed.
# Without npm it keeps the committed files. Nothing is ever loaded from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."

vendor=actionplan/portal/static/vendor
if [ ! -d node_modules/dkfds ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ -f "$vendor/js/htmx.min.js" ]; then
      echo "assets: npm is missing; the portal serves the files committed in $vendor" >&2
      exit 0
    fi
    echo "assets: npm is missing; install Node.js (Debian: apt-get install -y nodejs npm)" >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi

rm -rf "$vendor"
mkdir -p "$vendor/dkfds/css" "$vendor/js"
# Only the stylesheet and the fonts and images it names (of dkfds' 17 MB; its scripts unused).
dist=node_modules/dkfds/dist
cp "$dist/css/dkfds.min.css" "$vendor/dkfds/css/"
grep -o 'url([^)]*)' "$dist/css/dkfds.min.css" | sed -E "s/^url\(['\"]?//; s/['\"]?\)$//; s/[?#].*$//" \
  | grep '^\.\./' | sort -u | while read -r used; do
  mkdir -p "$(dirname "$vendor/dkfds/${used#../}")"
  cp "$dist/${used#../}" "$vendor/dkfds/${used#../}"
done
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/js/htmx.min.js"
cp node_modules/vega/build/vega.min.js "$vendor/js/vega.min.js"
cp node_modules/vega-lite/build/vega-lite.min.js "$vendor/js/vega-lite.min.js"
cp node_modules/vega-embed/build/vega-embed.min.js "$vendor/js/vega-embed.min.js"

# vega-interpreter ships only as an ES module importing from vega-util; the browser build of
# vega exports the same functions, so wrap it as a classic script defining window.vegaInterpreter.
node - "$vendor/js/vega-interpreter.js" <<'JS'
const fs = require("fs");
const src = fs.readFileSync("node_modules/vega-interpreter/build/vega-interpreter.js", "utf8");
const importLine = /^import \{([^}]*)\} from 'vega-util';\n/m;
const exportLine = /^export \{ (\w+) as expressionInterpreter \};\s*$/m;
const names = src.match(importLine);
const exported = src.match(exportLine);
if (!names || !exported) {
  console.error("assets: vega-interpreter's build changed shape; update scripts/assets.sh");
  process.exit(1);
}
const body = src.replace(importLine, "").replace(exportLine, "");
const out = `/* vega-interpreter, wrapped by scripts/assets.sh */\n(function (vega) {\n` +
  `const {${names[1]}} = vega;\n${body}\nwindow.vegaInterpreter = ${exported[1]};\n})(window.vega);\n`;
fs.writeFileSync(process.argv[2], out);
JS
echo "assets: copied to $vendor"
