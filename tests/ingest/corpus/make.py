"""Writes the plan corpus: the seed plan in many layouts, as TXT, DOCX and PDF.

Run from the repository root: `.venv/bin/python tests/ingest/corpus/make.py`. The files are
committed; the tests read them (tests/ingest/test_corpus.py). Layouts come two ways: edits of
the raw seed text (as extracted from the region's PDF), and renderings of the curated demo
plan (actionplan/demo/data) in other templates: other labels, numbering, bullets, indentation,
wrapping and order of sections.
"""

import io
import re
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
SEED = Path("/work/shared/seeds/rus-handlingsplan-2020-2021.txt")
DATA = ROOT / "actionplan" / "demo" / "data"


def curated() -> list[dict]:
    plan = yaml.safe_load((DATA / "plan.yaml").read_text(encoding="utf-8"))
    return [yaml.safe_load((DATA / name).read_text(encoding="utf-8")) for name in plan["themes"]]


# -- edits of the raw seed -------------------------------------------------------------------


def seed_edits(text: str) -> dict[str, str]:
    out = {}
    out["seed-indsatsomraade-label"] = text.replace("RUS-indsatsområde:", "Indsatsområde:")
    out["seed-maalsaetning-noegletal"] = re.sub(r"\bMål:", "Målsætning:", text).replace(
        "Fakta:", "Nøgletal:"
    )
    dash = re.sub(r"(?m)^• ", "- ", text)
    out["seed-dash-bullets"] = re.sub(r"(?m)^o ", "\u2013 ", dash)
    out["seed-star-bullets"] = re.sub(r"(?m)^o ", "    * ", re.sub(r"(?m)^• ", "* ", text))
    out["seed-no-indentation"] = "\n".join(line.lstrip(" \f") for line in text.split("\n"))
    numbered = text
    for number, label in enumerate(
        [
            "Udfordringen",
            "Det vil vi gøre",
            "Mulige aktiviteter",
            "Mulige partnere",
            "Finansiering",
        ],
        start=1,
    ):
        numbered = re.sub(rf"(?m)^( ?){label} *$", rf"\g<1>{number}. {label}", numbered)
    out["seed-numbered-sections"] = numbered
    out["seed-square-bullets-english"] = (
        re.sub(r"(?m)^• ", "▪ ", text)
        .replace("Udfordringen", "The challenge")
        .replace("Det vil vi gøre", "What we will do")
        .replace("Mulige aktiviteter", "Possible activities")
        .replace("Mulige partnere", "Possible partners")
        .replace("Fakta:", "Key figures:")
        .replace("Mål:", "Goals:")
    )
    return out


# -- renderings of the curated plan ----------------------------------------------------------


class Style:
    """How one template writes a plan."""

    theme = "{title}"
    focus = "Indsatsområde: {title}"
    labels = {
        "challenge": "Udfordringen",
        "approach": "Det vil vi gøre",
        "activities": "Mulige aktiviteter",
        "partners": "Mulige partnere",
        "funding": "Finansiering",
    }
    fact = "Fakta: {text}"
    goal = "Mål: {text}"
    order = ("challenge", "facts", "approach", "goal", "activities", "partners", "funding")
    bullet = "• {text}"
    sub = "o {text}"
    width = 0  # wrap paragraphs at this width (0: one line per paragraph)
    hang = ""  # indentation of an item's wrapped lines
    blank_between_items = False
    numbered_items = False

    def wrap(self, text: str, first: str = "", rest: str = "") -> list[str]:
        if not self.width:
            return [first + text]
        return textwrap.wrap(
            text,
            self.width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )

    def items(self, entries: list[dict | str], lines: list[str]) -> None:
        for number, entry in enumerate(entries, start=1):
            if isinstance(entry, str):
                entry = {"text": entry}
            if "heading" in entry:
                lines.append("")
                lines.append(entry["heading"])
            else:
                mark = f"{number}. " if self.numbered_items else self.bullet.format(text="")
                lines += self.wrap(entry["text"], mark, self.hang)
            for sub_number, item in enumerate(entry.get("items") or []):
                if "heading" in entry:
                    mark = self.bullet.format(text="")
                    lines += self.wrap(item, mark, self.hang)
                else:
                    mark = (
                        f"   {'abcdefghij'[sub_number]}) "
                        if self.numbered_items
                        else self.sub.format(text="")
                    )
                    lines += self.wrap(item, mark, self.hang + "   ")
            if self.blank_between_items:
                lines.append("")

    def section(self, role: str, area: dict, lines: list[str]) -> None:
        if role == "facts":
            for fact in area.get("facts") or []:
                lines += self.wrap(self.fact.format(text=fact["text"]))
                lines.append("")
            return
        if role == "goal":
            for goal in area.get("goals") or []:
                lines += self.wrap(self.goal.format(text=goal["statement"]))
                lines.append("")
            return
        lines.append(self.labels[role])
        if role in {"challenge", "approach"}:
            for paragraph in (area.get(role) or "").split("\n\n"):
                if paragraph.strip():
                    lines += self.wrap(paragraph.strip())
                    lines.append("")
            return
        if role == "activities":
            self.items(area.get("activities") or [], lines)
        elif role == "partners":
            self.items(area.get("partners") or [], lines)
        else:
            for paragraph in (area.get("funding_text") or "").split("\n\n"):
                if paragraph.strip():
                    lines += self.wrap(paragraph.strip())
                    lines.append("")
            self.items([f["text"] for f in area.get("funding_sources") or []], lines)
        lines.append("")

    def render(self, themes: list[dict]) -> str:
        lines = ["Handlingsplan 2020-2021", "", "En region for den næste generation.", ""]
        for t_number, theme in enumerate(themes, start=1):
            lines.append(self.theme.format(title=theme["title"], n=t_number))
            lines.append("")
            for a_number, area in enumerate(theme["focus_areas"], start=1):
                lines.append(self.focus.format(title=area["title"], n=f"{t_number}.{a_number}"))
                lines.append("")
                for role in self.order:
                    self.section(role, area, lines)
        return "\n".join(lines) + "\n"


class Markdown(Style):
    theme = "# {title}"
    focus = "## {title}"
    labels = {k: f"### {v}" for k, v in Style.labels.items()}
    bullet = "- {text}"
    sub = "    - {text}"


class Numbered(Style):
    theme = "{n}. {title}"
    focus = "{n} {title}"
    labels = {
        "challenge": "Udfordring",
        "approach": "Det gør vi",
        "activities": "Aktiviteter",
        "partners": "Partnere",
        "funding": "Finansieringskilder",
    }
    fact = "Nøgletal: {text}"
    goal = "Målsætning: {text}"
    numbered_items = True


class English(Style):
    theme = "Theme: {title}"
    focus = "Focus area: {title}"
    labels = {
        "challenge": "Challenge",
        "approach": "What we will do",
        "activities": "Possible activities",
        "partners": "Possible partners",
        "funding": "Financing",
    }
    fact = "Key figures: {text}"
    goal = "Goal: {text}"
    bullet = "▪ {text}"
    sub = "\u2013 {text}"


class Reordered(Style):
    order = ("goal", "challenge", "facts", "partners", "activities", "approach", "funding")
    width = 72
    hang = "  "
    bullet = "* {text}"
    sub = "    * {text}"


class Wrapped(Style):
    theme = "Tema {n}: {title}"
    focus = "RUS-indsatsområde {n}: {title}"
    width = 64
    hang = "  "
    blank_between_items = True
    bullet = "\u2013 {text}"
    sub = "    \u2013 {text}"


class Unlabelled(Style):
    """No focus-area label: the title alone above the sections; themes labelled "Tema:"."""

    theme = "Tema: {title}"
    focus = "{title}"
    labels = {
        "challenge": "Udfordringen:",
        "approach": "Det vil vi gøre:",
        "activities": "Mulige aktiviteter:",
        "partners": "Mulige partnere:",
        "funding": "Finansiering:",
    }
    width = 90
    hang = "   "
    bullet = "●  {text}"
    sub = "   ○ {text}"


class Indented(Style):
    """Everything indented, sub-items by indentation only, the same mark at every level."""

    theme = "  TEMA: {title}"
    focus = "  Indsatsområde \u2013 {title}"
    bullet = "    - {text}"
    sub = "        - {text}"
    width = 80
    hang = "      "


STYLES = {
    "render-markdown": Markdown,
    "render-numbered": Numbered,
    "render-english": English,
    "render-reordered-wrapped": Reordered,
    "render-tema-n-wrapped": Wrapped,
    "render-unlabelled-focus": Unlabelled,
    "render-indented": Indented,
}


# -- DOCX and PDF ------------------------------------------------------------------------------


def docx_plan(themes: list[dict]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Handlingsplan 2020-2021", level=0)
    document.add_paragraph("En region for den næste generation.")
    labels = Style.labels

    def items(entries):
        for entry in entries:
            if isinstance(entry, str):
                entry = {"text": entry}
            if "heading" in entry:
                document.add_paragraph(entry["heading"])
                for item in entry.get("items") or []:
                    document.add_paragraph(item, style="List Bullet")
                continue
            document.add_paragraph(entry["text"], style="List Bullet")
            for item in entry.get("items") or []:
                document.add_paragraph(item, style="List Bullet 2")

    for theme in themes:
        document.add_heading(theme["title"], level=1)
        for area in theme["focus_areas"]:
            document.add_heading(area["title"], level=2)
            document.add_heading(labels["challenge"], level=3)
            for paragraph in area["challenge"].split("\n\n"):
                document.add_paragraph(paragraph)
            for fact in area.get("facts") or []:
                document.add_paragraph(f"Fakta: {fact['text']}")
            document.add_heading(labels["approach"], level=3)
            for paragraph in area["approach"].split("\n\n"):
                document.add_paragraph(paragraph)
            for goal in area.get("goals") or []:
                document.add_paragraph(f"Mål: {goal['statement']}")
            document.add_heading(labels["activities"], level=3)
            items(area.get("activities") or [])
            document.add_heading(labels["partners"], level=3)
            items(area.get("partners") or [])
            document.add_heading(labels["funding"], level=3)
            for paragraph in (area.get("funding_text") or "").split("\n\n"):
                if paragraph.strip():
                    document.add_paragraph(paragraph)
            items([f["text"] for f in area.get("funding_sources") or []])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_plan(themes: list[dict]) -> str:
    from html import escape

    def items(entries) -> str:
        html = []
        for entry in entries:
            if isinstance(entry, str):
                entry = {"text": entry}
            if "heading" in entry:
                html.append(f"</ul><p>{escape(entry['heading'])}</p><ul>")
                html += [f"<li>{escape(i)}</li>" for i in entry.get("items") or []]
                continue
            sub = "".join(f"<li>{escape(i)}</li>" for i in entry.get("items") or [])
            html.append(
                f"<li>{escape(entry['text'])}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>"
            )
        return "<ul>" + "".join(html) + "</ul>"

    body = [
        "<h1 class=title>Handlingsplan 2020-2021</h1><p>En region for den næste generation.</p>"
    ]
    for theme in themes:
        body.append(f"<h1 class=theme>{escape(theme['title'])}</h1>")
        for area in theme["focus_areas"]:
            body.append(f"<h2>{escape(area['title'])}</h2><h3>Udfordringen</h3>")
            body += [f"<p>{escape(p)}</p>" for p in area["challenge"].split("\n\n")]
            body += [f"<p>Fakta: {escape(f['text'])}</p>" for f in area.get("facts") or []]
            body.append("<h3>Det vil vi gøre</h3>")
            body += [f"<p>{escape(p)}</p>" for p in area["approach"].split("\n\n")]
            body += [f"<p>Mål: {escape(g['statement'])}</p>" for g in area.get("goals") or []]
            body.append("<h3>Mulige aktiviteter</h3>" + items(area.get("activities") or []))
            body.append("<h3>Mulige partnere</h3>" + items(area.get("partners") or []))
            body.append("<h3>Finansiering</h3>")
            body += [
                f"<p>{escape(p)}</p>"
                for p in (area.get("funding_text") or "").split("\n\n")
                if p.strip()
            ]
            body.append(items([f["text"] for f in area.get("funding_sources") or []]))
    css = """
      @page { size: A4; margin: 2.5cm 2cm;
        @top-center { content: "Region Hovedstaden · Handlingsplan 2020-2021"; font-size: 8pt }
        @bottom-right { content: "Side " counter(page); font-size: 8pt } }
      body { font-family: DejaVu Sans, sans-serif; font-size: 10pt; line-height: 1.35 }
      h1 { font-size: 20pt } h1.theme { page-break-before: always }
      h2 { font-size: 15pt } h3 { font-size: 12pt; margin-bottom: 2pt }
      ul ul { list-style: circle }
    """
    head = f"<head><meta charset=utf-8><style>{css}</style></head>"
    return f"<html lang=da>{head}<body>{''.join(body)}</body></html>"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    themes = curated()
    text = SEED.read_text(encoding="utf-8")
    for name, content in seed_edits(text).items():
        (HERE / f"{name}.txt").write_text(content, encoding="utf-8")
    for name, style in STYLES.items():
        (HERE / f"{name}.txt").write_text(style().render(themes), encoding="utf-8")
    (HERE / "docx-heading-styles.docx").write_bytes(docx_plan(themes))
    from weasyprint import HTML

    (HERE / "pdf-weasyprint.pdf").write_bytes(HTML(string=html_plan(themes)).write_pdf())


if __name__ == "__main__":
    main()
