#!/usr/bin/env bash
# Refreshes the message catalogues from the code and compiles them.
#   scripts/i18n.sh
# New Danish translations can be written as small PO files in locale/pending/*.da.po
# (msgid in English, msgstr in Danish); they are merged into locale/da and then removed.
# A lock keeps two runs from writing the catalogues at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>locale/.i18n.lock
flock 9
py=.venv/bin/python
$py manage.py makemessages -l da -l en --no-location --ignore ".venv/*" --ignore "node_modules/*" \
  --ignore "tests/*" --ignore "var/*" >/dev/null
da=locale/da/LC_MESSAGES/django.po
shopt -s nullglob
pending=(locale/pending/*.da.po)
if [ ${#pending[@]} -gt 0 ]; then
  # Pending translations win over the empty entries makemessages has just added.
  # The catalogue's own header (plural forms included) stays first, so it is the one kept.
  sed -n '1,/^$/p' "$da" > "$da.header"
  msgcat --use-first --no-location "$da.header" "${pending[@]}" "$da" -o "$da.new"
  mv "$da.new" "$da"
  rm -f "$da.header"
  rm -f "${pending[@]}"
fi
$py manage.py compilemessages --ignore ".venv/*" --ignore "node_modules/*" >/dev/null
untranslated=$(msgattrib --untranslated --no-obsolete "$da" | grep -c '^msgid "' || true)
echo "i18n: catalogues compiled; Danish entries without a translation: $((untranslated > 0 ? untranslated - 1 : 0))"
