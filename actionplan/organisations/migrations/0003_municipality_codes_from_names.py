from django.db import migrations


def codes_from_names(apps, schema_editor):
    from actionplan.organisations.municipalities import municipality_from_name

    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.filter(kind="municipality", municipality_code=None):
        code = municipality_from_name(organisation.name)
        if code:
            organisation.municipality_code = code
            organisation.save(update_fields=["municipality_code"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_organisation_municipality")]
    operations = [migrations.RunPython(codes_from_names, migrations.RunPython.noop)]
