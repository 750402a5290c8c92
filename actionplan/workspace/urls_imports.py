"""Workspace pages for imports; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from .imports import draft_parts, drafts, labels, sheets, uploads

urlpatterns = [
    path("import/", uploads.index, name="imports"),
    path("import/plan/", uploads.plan_upload, name="import_plan"),
    path("import/notat/", uploads.memo_upload, name="import_memo"),
    path("import/udkast/<int:pk>/", drafts.draft_detail, name="import_draft"),
    path("import/udkast/<int:pk>/godkend/", drafts.draft_commit, name="import_draft_commit"),
    path("import/udkast/<int:pk>/kasser/", drafts.draft_discard, name="import_draft_discard"),
    path(
        "import/udkast/<int:pk>/tema/<int:theme>/omraade/<int:area>/",
        draft_parts.draft_area,
        name="import_draft_area",
    ),
    path(
        "import/udkast/<int:pk>/tema/<int:theme>/omraade/<int:area>/struktur/",
        draft_parts.draft_restructure,
        name="import_draft_restructure",
    ),
    path(
        "import/udkast/<int:pk>/afsnit/<int:index>/",
        draft_parts.draft_section,
        name="import_draft_section",
    ),
    path("import/betegnelser/", labels.role_labels, name="import_labels"),
    path("import/projekter/", uploads.sheet_upload, name="import_sheet_upload"),
    path("import/projekter/kolonner/", sheets.sheet_mapping, name="import_sheet"),
    path(
        "import/projekter/skabelon.<str:kind>", sheets.sheet_template, name="import_sheet_template"
    ),
    path("import/projekter/fortryd/", sheets.sheet_cancel, name="import_sheet_cancel"),
]
