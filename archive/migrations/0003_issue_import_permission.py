"""Staff may import issues through the browser only with this permission."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0002_load_places'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='issue',
            options={'ordering': ['-date', 'publication'], 'permissions': [('import_issue', '可通过网页导入新一期')], 'verbose_name': '期', 'verbose_name_plural': '期'},
        ),
    ]
