"""Load the gazetteer into Place, so every new database (tests included) knows China's places."""
from django.db import migrations


def load_places(apps, schema_editor):
    from archive.gazetteer.sync import sync_places

    sync_places(apps.get_model("archive", "Place"))


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_places, migrations.RunPython.noop),
    ]
