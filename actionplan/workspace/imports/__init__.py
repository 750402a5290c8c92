"""Workspace pages for imports: a plan document or a status memo into a draft that staff
review beside the source text, correct and commit; a project spreadsheet through a column
mapping into projects, all rows or none.

Uploads stay in memory (CappedMemoryUploadHandler) and pass ingest.safety before any reader
sees them, so a refused file leaves nothing behind. A spreadsheet waiting for its column
mapping is kept in the user's session until it is imported or cancelled.

One module per part, each with its forms beside its views: uploads (the import page),
drafts (reviewing and committing a draft), draft_parts (editing a draft's parts), sheets (a
sheet's column mapping) and labels. actionplan/workspace/urls_imports.py routes to them.
"""
