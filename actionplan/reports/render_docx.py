"""The memo as DOCX that staff edit further in Word: real Title/Heading 1-3 styles, bulleted
lists, tables with repeating header rows, page numbers "Side X af Y" as Word fields. Only the
indicator charts are pictures."""

import dataclasses
import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from actionplan.core import xmltext

from . import charts
from .data import AmountRow, Changes, FocusAreaSection, Memo, Progress, ProjectLine

LANGUAGES = {"da": "da-DK", "en": "en-GB"}
DASH = "\N{EN DASH}"  # for an empty cell


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)


def _page_numbers(document, footer_text: str) -> None:
    footer = document.sections[0].footer
    footer.paragraphs[0].text = footer_text
    paragraph = footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = _("Page %(page)s of %(pages)s") % {"page": marker_page, "pages": marker_pages}
    for chunk in (
        text.replace(marker_pages, "\x01NUMPAGES\x01")
        .replace(marker_page, "\x01PAGE\x01")
        .split("\x01")
    ):
        if chunk in ("PAGE", "NUMPAGES"):
            _field(paragraph, chunk)
        elif chunk:
            paragraph.add_run(chunk)


def _language(document, language: str) -> None:
    tag = LANGUAGES.get(language[:2], language)
    rpr = document.styles.element.find(qn("w:docDefaults"))
    if rpr is None:
        return
    run_defaults = rpr.find(qn("w:rPrDefault"))
    if run_defaults is None:
        return
    props = run_defaults.find(qn("w:rPr"))
    if props is None:
        return
    lang = props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        props.append(lang)
    lang.set(qn("w:val"), tag)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(
    document,
    headers: list[str],
    rows: list[list[str]],
    footer: list[str] | None = None,
    widths: list[float] | None = None,
):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    head = table.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in [*rows, *([footer] if footer else [])]:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    if widths:
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    if footer:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    return table


def _project(document, project: ProjectLine) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(project.title).bold = True
    text = " ".join(
        [g.text for g in project.grants] + ([project.narrative] if project.narrative else [])
    )
    if text:
        paragraph.add_run(": " + text)
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run(project.facts).italic = True
    if project.milestones:
        milestones = "; ".join(f"{m.when}: {m.title}" for m in project.milestones)
        paragraph.add_run().add_break(WD_BREAK.LINE)
        paragraph.add_run(f"{_('Next milestones')}: {milestones}.")


def _hyperlink(paragraph, url: str) -> None:
    """An absolute link that Word opens, showing the address itself."""
    relation = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:color")
    style.set(qn("w:val"), "0B3D6B")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(style)
    properties.append(underline)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _compact(document, area: FocusAreaSection) -> None:
    """A large focus area summarised (as memo_body.html): the projects per status with their
    money, the largest projects, and where the full list is."""
    document.add_heading(_("Projects"), level=3)
    count = area.project_count
    document.add_paragraph(
        ngettext(
            "%(projects)s project: %(granted)s granted money, %(others)s other initiatives.",
            "%(projects)s projects: %(granted)s granted money, %(others)s other initiatives.",
            count,
        )
        % {"projects": count, "granted": len(area.granted), "others": len(area.others)}
    )
    _table(
        document,
        [_("Status"), _("Projects"), _("Granted")],
        [[row.label, str(row.count), row.granted_text or DASH] for row in area.status_sums],
        [_("Total"), str(count), area.granted_total_text or DASH],
        widths=[6.0, 3.0, 3.0],
    )
    largest = area.largest
    if largest:
        document.add_heading(
            ngettext(
                "The largest project by amount granted",
                "The %(count)s largest projects by amount granted",
                len(largest),
            )
            % {"count": len(largest)},
            level=3,
        )
        _table(
            document,
            [_("Project"), _("Status"), _("Granted")],
            [[p.title, p.status_label, p.granted_text or DASH] for p in largest],
            widths=[10.6, 3.2, 2.8],
        )
        document.add_paragraph(
            ngettext(
                "%(count)s more project is not listed here.",
                "%(count)s more projects are not listed here.",
                area.not_listed,
            )
            % {"count": area.not_listed}
        )
    if area.list_url:
        paragraph = document.add_paragraph()
        paragraph.add_run(_("All the focus area's projects are listed on the portal") + ": ")
        _hyperlink(paragraph, area.list_url)
        if area.download_url:
            paragraph.add_run(" " + _("and can be downloaded as a spreadsheet") + ": ")
            _hyperlink(paragraph, area.download_url)
        paragraph.add_run(".")


def _focus_area(document, area: FocusAreaSection) -> None:
    document.add_heading(area.title, level=2)
    if area.goals:
        document.add_heading(_("Goal"), level=3)
        for goal in area.goals:
            document.add_paragraph(goal)
    if area.assessment or area.relevance:
        document.add_heading(_("Assessment"), level=3)
        for paragraph in area.assessment.split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        if area.relevance:
            document.add_paragraph().add_run(area.relevance).bold = True
    if area.compact:
        _compact(document, area)
    if area.granted and not area.compact:
        document.add_heading(_("Projects granted money"), level=3)
        for project in area.granted:
            _project(document, project)
    if area.others and not area.compact:
        document.add_heading(_("Other initiatives"), level=3)
        for project in area.others:
            _project(document, project)
    if area.indicators:
        document.add_heading(_("Indicators"), level=3)
        _table(
            document,
            [_("Indicator"), _("Baseline"), _("Target"), _("Latest"), _("Status")],
            [
                [i.name, i.baseline or DASH, i.target or DASH, i.latest or DASH, i.status_label]
                for i in area.indicators
            ],
            widths=[6.6, 2.6, 2.6, 2.6, 2.2],
        )
        for indicator in area.indicators:
            if len(indicator.history) > 1:
                document.add_paragraph(
                    f"{indicator.chart_title}: {', '.join(indicator.history)}.", style="Caption"
                )
            if not indicator.chart_spec:
                continue
            picture = document.add_paragraph()
            picture.add_run().add_picture(
                io.BytesIO(charts.png(indicator.chart_spec)), width=Cm(14)
            )
            document.add_paragraph(f"{indicator.chart_title}. {indicator.reason}", style="Caption")


def _amount_cells(row: AmountRow) -> list[str]:
    return [row.amount_text or DASH, str(row.count), str(row.unknown)]


def _changes(document, changes: Changes) -> None:
    """The changes since the previous round, long lists summarised (as memo_body.html)."""
    groups = [
        ("grants", _("New grants"), changes.new_grants),
        ("projects", _("New projects"), changes.new_projects),
        ("status", _("Status changes"), changes.status_changes),
        ("completed", _("Completed projects"), changes.completed),
    ]
    if not any(items for _key, _title, items in groups):
        document.add_paragraph(_("Nothing has changed."))
    for key, title, items in groups:
        if not items:
            continue
        document.add_heading(title, level=2)
        count = len(items)
        if key == "grants" and changes.long_new_grants:
            if changes.new_grants_total:
                text = ngettext(
                    "%(count)s new grant of %(amount)s.",
                    "%(count)s new grants of %(amount)s in all.",
                    count,
                )
            else:
                text = ngettext("%(count)s new grant.", "%(count)s new grants.", count)
            document.add_paragraph(text % {"count": count, "amount": changes.new_grants_total})
        elif key == "projects" and changes.long_new_projects:
            document.add_paragraph(
                ngettext("%(count)s new project.", "%(count)s new projects.", count)
                % {"count": count}
            )
        elif key == "status" and changes.long_status_changes:
            document.add_paragraph(
                ngettext(
                    "%(count)s project has changed status:",
                    "%(count)s projects have changed status:",
                    count,
                )
                % {"count": count}
            )
            _table(
                document,
                [_("Change of status"), _("Projects")],
                [[row.label, str(row.count)] for row in changes.status_moves],
                widths=[8.0, 3.0],
            )
        elif key == "completed" and changes.long_completed:
            document.add_paragraph(
                ngettext(
                    "%(count)s project has been completed.",
                    "%(count)s projects have been completed.",
                    count,
                )
                % {"count": count}
            )
        else:
            for text in items:
                document.add_paragraph(text, style="List Bullet")


def render_docx(memo: Memo, *, progress: Progress | None = None) -> bytes:
    # Stored text XML cannot carry would make python-docx fail; the states (what the next
    # round compares with) are not printed, so not cleaned either.
    memo = xmltext.clean(dataclasses.replace(memo, states=()))
    charts.draw_all(memo.chart_specs(), "png")
    with translation.override(memo.language or None):
        document = Document()
        styles = document.styles
        styles["Normal"].font.name = "Calibri"
        styles["Normal"].font.size = Pt(10.5)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            styles[name].font.color.rgb = RGBColor(0x0B, 0x3D, 0x6B)
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.2)
        _language(document, memo.language or "da")
        document.core_properties.title = memo.title
        document.core_properties.subject = f"{memo.plan_title}, {memo.round_name}"
        document.core_properties.language = LANGUAGES.get((memo.language or "da")[:2], "da-DK")
        _page_numbers(document, f"{memo.title} · {memo.round_name}")

        kind = document.add_paragraph()
        kind_run = kind.add_run(_("Memo").upper())
        kind_run.bold = True
        document.add_heading(memo.title, level=0)
        document.add_paragraph(f"{memo.round_name} · {memo.date_text}")

        for done, theme in enumerate(memo.themes):
            if progress is not None:
                progress("themes", done, len(memo.themes))
            document.add_heading(theme.title, level=1)
            for area in theme.focus_areas:
                _focus_area(document, area)
        if progress is not None:
            progress("themes", len(memo.themes), len(memo.themes))

        totals = memo.totals
        document.add_heading(_("Totals"), level=1)
        document.add_heading(
            _("Granted from %(pool)s per theme and year") % {"pool": totals.pool_name}, level=2
        )
        _table(
            document,
            [_("Theme"), _("Year"), _("Amount"), _("Grants"), _("Without amount")],
            [[r.label, r.sublabel, *_amount_cells(r)] for r in totals.pool_rows],
            [totals.pool_total.label, "", *_amount_cells(totals.pool_total)],
            widths=[6.0, 3.2, 3.0, 2.2, 2.2],
        )
        document.add_heading(_("Co-funding attracted and sought"), level=2)
        if totals.cofunding_rows:
            _table(
                document,
                [_("Status"), _("Amount"), _("Applications"), _("Without amount")],
                [[r.label, *_amount_cells(r)] for r in totals.cofunding_rows],
                widths=[6.0, 3.0, 3.0, 3.0],
            )
        else:
            document.add_paragraph(_("No co-funding is recorded."))
        document.add_heading(_("Projects by status"), level=2)
        _table(
            document,
            [_("Status"), _("Projects")],
            [[r.label, str(r.count)] for r in totals.status_rows],
            [_("Total"), str(totals.projects)],
        )

        document.add_heading(_("Changes since the previous round"), level=1)
        changes = memo.changes
        if changes is None or not changes.previous_round:
            document.add_paragraph(
                _("There is no earlier status round of this plan to compare with.")
            )
        else:
            document.add_paragraph(
                _("Compared with the status round “%(round)s”.") % {"round": changes.previous_round}
            )
            _changes(document, changes)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
