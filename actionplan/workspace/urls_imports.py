"""Workspace pages for imports; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from . import imports

urlpatterns = [
    path("import/", imports.index, name="imports"),
    path("import/plan/", imports.plan_upload, name="import_plan"),
    path("import/notat/", imports.memo_upload, name="import_memo"),
    path("import/udkast/<int:pk>/", imports.draft_detail, name="import_draft"),
    path("import/udkast/<int:pk>/godkend/", imports.draft_commit, name="import_draft_commit"),
    path("import/udkast/<int:pk>/kasser/", imports.draft_discard, name="import_draft_discard"),
    path(
        "import/udkast/<int:pk>/tema/<int:theme>/omraade/<int:area>/",
        imports.draft_area,
        name="import_draft_area",
    ),
    path(
        "import/udkast/<int:pk>/tema/<int:theme>/omraade/<int:area>/struktur/",
        imports.draft_restructure,
        name="import_draft_restructure",
    ),
    path(
        "import/udkast/<int:pk>/afsnit/<int:index>/",
        imports.draft_section,
        name="import_draft_section",
    ),
    path("import/betegnelser/", imports.role_labels, name="import_labels"),
    path("import/projekter/", imports.sheet_upload, name="import_sheet_upload"),
    path("import/projekter/kolonner/", imports.sheet_mapping, name="import_sheet"),
    path(
        "import/projekter/skabelon.<str:kind>", imports.sheet_template, name="import_sheet_template"
    ),
    path("import/projekter/fortryd/", imports.sheet_cancel, name="import_sheet_cancel"),
]
