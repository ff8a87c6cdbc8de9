"""Readable labels for the links between articles, unions and people."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0004_archive_editor_group'),
    ]

    operations = [
        migrations.AlterField(
            model_name='articleunion',
            name='article',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='union_links', to='archive.article', verbose_name='文章'),
        ),
        migrations.AlterField(
            model_name='articleunion',
            name='union',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='article_links', to='archive.union', verbose_name='工会组织'),
        ),
        migrations.AlterField(
            model_name='credit',
            name='article',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='credits', to='archive.article', verbose_name='文章'),
        ),
        migrations.AlterField(
            model_name='credit',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credits', to='archive.person', verbose_name='人物'),
        ),
    ]
