"""Redirects for the addresses of merged and replaced articles and unions; re-import records."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0005_link_labels'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleRedirect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_id', models.PositiveBigIntegerField(unique=True, verbose_name='原文章编号')),
                ('old_title', models.CharField(blank=True, max_length=200, verbose_name='原主题')),
                ('reason', models.CharField(choices=[('merged', '并入其他文章'), ('replaced', '版面重新导入时替换')], max_length=10, verbose_name='原因')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='archive.article', verbose_name='现在的文章')),
                ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='archive.page', verbose_name='所在版面')),
            ],
            options={
                'verbose_name': '文章跳转',
                'verbose_name_plural': '文章跳转',
                'ordering': ['old_id'],
            },
        ),
        migrations.CreateModel(
            name='ArticleReimport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kept', models.JSONField(blank=True, default=list, verbose_name='保留的人工修改')),
                ('discarded', models.JSONField(blank=True, default=list, verbose_name='放弃的人工修改')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reimports', to='archive.article', verbose_name='文章')),
            ],
            options={
                'verbose_name': '重新导入记录',
                'verbose_name_plural': '重新导入记录',
                'ordering': ['article', 'created', 'id'],
            },
        ),
        migrations.CreateModel(
            name='UnionRedirect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_id', models.PositiveBigIntegerField(unique=True, verbose_name='原工会编号')),
                ('old_name', models.CharField(blank=True, max_length=100, verbose_name='原名称')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('union', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='archive.union', verbose_name='现在的工会')),
            ],
            options={
                'verbose_name': '工会跳转',
                'verbose_name_plural': '工会跳转',
                'ordering': ['old_id'],
            },
        ),
    ]
