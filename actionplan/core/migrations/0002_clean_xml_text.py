"""Removes from every stored text the characters XML cannot carry (control characters other
than tab, line feed and carriage return; U+FFFE, U+FFFF), which earlier versions accepted and
which broke the XLSX, IATI, DOCX and PDF outputs. Input refuses them from now on
(actionplan.core.xmltext)."""

import re

from django.db import migrations, models
from django.db.models.functions import Cast

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What the database is asked for (NUL and surrogates cannot be stored or sent as text):
# the characters themselves in text columns, their JSON escapes (or themselves) in JSON.
TEXT_PATTERN = "[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
JSON_PATTERN = r"\\u(00(0[0-8bBcCeEfF]|1[0-9a-fA-F])|[fF][fF][fF][eEfF])|[\ufffe\uffff]"
APPS = {
    "auth",
    "accounts",
    "api",
    "core",
    "indicators",
    "ingest",
    "organisations",
    "plans",
    "privacy",
    "projects",
    "rounds",
}


def _clean(value):
    if isinstance(value, str):
        return ILLEGAL.sub("", value)
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def clean_stored_text(apps, schema_editor):
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in APPS or meta.proxy or not meta.managed:
            continue
        manager = model._base_manager
        for field in meta.concrete_fields:
            if field.primary_key:
                continue
            if isinstance(field, models.CharField | models.TextField):
                rows = manager.filter(**{f"{field.attname}__regex": TEXT_PATTERN})
            elif isinstance(field, models.JSONField):
                rows = manager.annotate(
                    _as_text=Cast(field.attname, output_field=models.TextField())
                ).filter(_as_text__regex=JSON_PATTERN)
            else:
                continue
            for pk, value in rows.values_list("pk", field.attname):
                cleaned = _clean(value)
                if cleaned != value:
                    manager.filter(pk=pk).update(**{field.attname: cleaned})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("accounts", "0002_login_failures"),
        ("api", "0001_initial"),
        ("indicators", "0002_indicator_weight"),
        ("ingest", "0001_initial"),
        ("organisations", "0001_initial"),
        ("plans", "0002_goal_weight"),
        ("privacy", "0001_initial"),
        ("projects", "0007_summaries"),
        ("rounds", "0003_roundsnapshot_updaterequest_remindersent_milestone_and_more"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
