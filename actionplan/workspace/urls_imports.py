"""Workspace pages for imports; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from .imports import draft_parts, drafts, labels, sheets, uploads

draft = "import/udkast/<int:pk>/"
area = draft + "tema/<int:theme>/omraade/<int:area>/"
sheet = "import/projekter/"

urlpatterns = [
    path("import/", uploads.index, name="imports"),
    path("import/plan/", uploads.plan_upload, name="import_plan"),
    path("import/notat/", uploads.memo_upload, name="import_memo"),
    path(draft, drafts.draft_detail, name="import_draft"),
    path(draft + "godkend/", drafts.draft_commit, name="import_draft_commit"),
    path(draft + "kasser/", drafts.draft_discard, name="import_draft_discard"),
    path(area, draft_parts.draft_area, name="import_draft_area"),
    path(area + "struktur/", draft_parts.draft_restructure, name="import_draft_restructure"),
    path(draft + "afsnit/<int:index>/", draft_parts.draft_section, name="import_draft_section"),
    path("import/betegnelser/", labels.role_labels, name="import_labels"),
    path(sheet, uploads.sheet_upload, name="import_sheet_upload"),
    path(sheet + "kolonner/", sheets.sheet_mapping, name="import_sheet"),
    path(sheet + "skabelon.<str:kind>", sheets.sheet_template, name="import_sheet_template"),
    path(sheet + "fortryd/", sheets.sheet_cancel, name="import_sheet_cancel"),
]
