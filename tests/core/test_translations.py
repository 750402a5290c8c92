"""The Danish catalogue is complete, not fuzzy, keeps its placeholders and is compiled.

The interface is Danish by default, so an entry without a translation (or a fuzzy one, which
gettext ignores) shows English to Danish users. The .po is parsed by hand (no polib)."""

import ast
import gettext
import re
from dataclasses import dataclass, field

from django.conf import settings

CATALOGUE = settings.BASE_DIR / "locale" / "da" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    strs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def name(self) -> str:
        return f"{self.context}|{self.msgid}" if self.context is not None else self.msgid


def parse_po(text: str) -> list[Entry]:
    """Every live entry except the header (obsolete "#~" entries are left out)."""
    entries: list[Entry] = []
    current, target = Entry(), None
    started = False

    def finish() -> None:
        nonlocal current, started
        if started and current.msgid:
            entries.append(current)
        current, started = Entry(), False

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if started:
                finish()
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            value = ast.literal_eval(rest)
            if keyword in ("msgctxt", "msgid") and started and (current.msgid or current.strs):
                finish()
            started = True
            target = keyword
        if target == "msgctxt":
            current.context = (current.context or "") + value
        elif target == "msgid":
            current.msgid += value
        elif target == "msgid_plural":
            current.plural = (current.plural or "") + value
        else:
            index = int(target[7:-1]) if target.startswith("msgstr[") else 0
            current.strs[index] = current.strs.get(index, "") + value
    finish()
    return entries


def danish() -> list[Entry]:
    return parse_po((CATALOGUE / "django.po").read_text(encoding="utf-8"))


def test_the_parser_reads_context_plural_flags_and_continuation_lines():
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "c"\nmsgid ""\n"%(n)s "\n"goal"\n'
        'msgid_plural "%(n)s goals"\nmsgstr[0] "%(n)s mål"\nmsgstr[1] ""\n\n'
        '#~ msgid "old"\n#~ msgstr "gammel"\n'
    )
    [entry] = parse_po(text)
    assert (entry.context, entry.msgid, entry.plural) == ("c", "%(n)s goal", "%(n)s goals")
    assert entry.strs == {0: "%(n)s mål", 1: ""}
    assert entry.flags == {"fuzzy", "python-format"}


def test_every_danish_entry_has_a_translation():
    missing = [e.name() for e in danish() if not e.strs or not all(e.strs.values())]
    assert missing == [], f"{len(missing)} Danish entries without a translation: {missing}"


def test_no_danish_entry_is_fuzzy():
    fuzzy = [e.name() for e in danish() if "fuzzy" in e.flags]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy Danish entries: {fuzzy}"


def test_every_danish_translation_keeps_the_placeholders():
    wrong = []
    for entry in danish():
        names = set(PLACEHOLDER.findall(entry.msgid + (entry.plural or "")))
        for text in entry.strs.values():
            used = set(PLACEHOLDER.findall(text))
            # A plural form may leave out the count ("one goal"); a plain string may not.
            if text and (used - names or (entry.plural is None and used != names)):
                wrong.append(entry.name())
    assert wrong == [], f"placeholders differ from the English: {wrong}"


def test_the_compiled_danish_catalogue_matches_the_po():
    expected: dict = {}
    for entry in danish():
        if "fuzzy" in entry.flags or not all(entry.strs.values()):
            continue
        key = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if entry.plural is None:
            expected[key] = entry.strs[0]
        else:
            expected.update({(key, n): text for n, text in entry.strs.items()})
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = dict(gettext.GNUTranslations(mo)._catalog)
    compiled.pop("", None)  # the header
    stale = sorted(str(k) for k in expected.keys() ^ compiled.keys())
    differ = sorted(str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert (stale, differ) == ([], []), "django.mo is out of date: run scripts/i18n.sh"
