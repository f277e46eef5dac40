"""The police data's models, moved here from ``performance`` without touching a row.

State only: the tables already exist (``performance.0001_initial`` created them and
``performance.0005_rename_police_tables`` renamed them to ``police_*``), so this migration
tells Django the models now belong to ``police`` and creates nothing. It also moves the
models' content types, so permissions and anything else pointing at them follow the models
instead of being left with stale ``performance`` entries. ``performance.0006`` then points
the indicators' foreign keys here and forgets its own copies.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = (
    "area",
    "areapopulation",
    "crimecategory",
    "categorymapping",
    "datasource",
    "importrun",
    "importfile",
    "sourcemonth",
    "crimecount",
)


def _move_content_types(apps, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label=to_label, model__in=MOVED).values_list(
            "model", flat=True
        )
    )
    ContentType.objects.filter(app_label=from_label, model__in=MOVED).exclude(
        model__in=taken
    ).update(app_label=to_label)


def content_types_forwards(apps, schema_editor):
    _move_content_types(apps, "performance", "police")


def content_types_backwards(apps, schema_editor):
    _move_content_types(apps, "police", "performance")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("performance", "0005_rename_police_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started_at', models.DateTimeField()),
                        ('finished_at', models.DateTimeField()),
                        ('actor_label', models.CharField(max_length=200)),
                        ('vintage', models.CharField(blank=True, max_length=100)),
                        ('paths', models.JSONField(default=list)),
                        ('files', models.PositiveIntegerField(default=0)),
                        ('rows_read', models.PositiveBigIntegerField(default=0)),
                        ('rows_kept', models.PositiveBigIntegerField(default=0)),
                        ('duplicates_dropped', models.PositiveBigIntegerField(default=0)),
                        ('counts_written', models.PositiveBigIntegerField(default=0)),
                        ('months_replaced', models.PositiveIntegerField(default=0)),
                        ('note', models.TextField(blank=True)),
                    ],
                    options={
                        'ordering': ['-started_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Area',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.CharField(choices=[('lsoa', 'Lower layer super output area'), ('msoa', 'Middle layer super output area'), ('ward', 'Ward'), ('borough', 'Borough or district'), ('force', 'Police force area')], max_length=10)),
                        ('code', models.CharField(help_text="ONS GSS code (E01..., E05..., E09...) where known; otherwise a stable synthetic code such as a data.police.uk force id ('lincolnshire').", max_length=60)),
                        ('name', models.CharField(max_length=200)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='police.area')),
                    ],
                    options={
                        'ordering': ['level', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='AreaPopulation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(help_text='The mid-year of the estimate (mid-2019).')),
                        ('age_band', models.CharField(default='all', help_text="'all', or a band such as '0-15' or '65+'.", max_length=20)),
                        ('count', models.PositiveIntegerField()),
                        ('source_file', models.CharField(blank=True, max_length=300)),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='populations', to='police.area')),
                    ],
                    options={
                        'ordering': ['area', 'year', 'age_band'],
                    },
                ),
                migrations.CreateModel(
                    name='CrimeCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, unique=True)),
                        ('slug', models.SlugField(max_length=120, unique=True)),
                        ('description', models.TextField(blank=True)),
                        ('sort_order', models.PositiveSmallIntegerField(default=0)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='police.crimecategory')),
                    ],
                    options={
                        'verbose_name_plural': 'crime categories',
                        'ordering': ['sort_order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='CategoryMapping',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('police.uk', "data.police.uk street-level CSV ('Crime type')"), ('police.uk-api', 'data.police.uk API (category id)'), ('mps', 'Metropolitan Police (London Datastore major / minor category)')], max_length=20)),
                        ('source_label', models.CharField(max_length=200)),
                        ('source_sublabel', models.CharField(blank=True, max_length=200)),
                        ('valid_from', models.DateField(blank=True, help_text='First month (1st) it applies.', null=True)),
                        ('valid_to', models.DateField(blank=True, help_text='Last month (1st) it applies.', null=True)),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mappings', to='police.crimecategory')),
                    ],
                    options={
                        'ordering': ['source', 'source_label', 'source_sublabel', 'valid_from'],
                    },
                ),
                migrations.CreateModel(
                    name='DataSource',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('family', models.CharField(choices=[('mps-borough', 'MPS recorded crime, borough level (London Datastore)'), ('mps-ward', 'MPS recorded crime, ward level (London Datastore)'), ('mps-lsoa', 'MPS recorded crime, LSOA level (London Datastore)'), ('police.uk-street', 'data.police.uk street-level crime (CSV)'), ('police.uk-api', 'data.police.uk API, street-level crimes by ward polygon (JSON)')], max_length=20)),
                        ('scope', models.CharField(max_length=100)),
                        ('name', models.CharField(max_length=300)),
                        ('publisher', models.CharField(max_length=200)),
                        ('licence', models.CharField(blank=True, max_length=300)),
                    ],
                    options={
                        'ordering': ['family', 'scope'],
                        'constraints': [models.UniqueConstraint(fields=('family', 'scope'), name='performance_source_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='CrimeCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(help_text='The 1st of the month.')),
                        ('count', models.PositiveIntegerField()),
                        ('area', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='crime_counts', to='police.area')),
                        ('category', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='counts', to='police.crimecategory')),
                        ('source', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='counts', to='police.datasource')),
                    ],
                    options={
                        'ordering': ['month', 'area', 'category'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportFile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="As given; 'archive.zip!member' for zips.", max_length=500)),
                        ('format', models.CharField(max_length=40)),
                        ('sha256', models.CharField(max_length=64)),
                        ('size', models.PositiveBigIntegerField(default=0)),
                        ('vintage', models.CharField(blank=True, max_length=100)),
                        ('rows_read', models.PositiveBigIntegerField(default=0)),
                        ('rows_kept', models.PositiveBigIntegerField(default=0)),
                        ('duplicates_dropped', models.PositiveBigIntegerField(default=0)),
                        ('first_month', models.DateField(blank=True, null=True)),
                        ('last_month', models.DateField(blank=True, null=True)),
                        ('note', models.TextField(blank=True)),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='import_files', to='police.datasource')),
                        ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_files', to='police.importrun')),
                    ],
                    options={
                        'ordering': ['run', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SourceMonth',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField()),
                        ('revision', models.PositiveIntegerField()),
                        ('total', models.PositiveBigIntegerField(help_text='All counts of the month, every level.')),
                        ('previous_total', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('changed', models.BooleanField(default=True, help_text="False when this revision's counts equal the previous one's.")),
                        ('digest', models.CharField(help_text="SHA-256 of the month's counts.", max_length=64)),
                        ('import_file', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='source_months', to='police.importfile')),
                        ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='source_months', to='police.importrun')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='months', to='police.datasource')),
                    ],
                    options={
                        'ordering': ['source', 'month', 'revision'],
                    },
                ),
                migrations.AddIndex(
                    model_name='area',
                    index=models.Index(fields=['name'], name='performance_area_name'),
                ),
                migrations.AddConstraint(
                    model_name='area',
                    constraint=models.UniqueConstraint(fields=('level', 'code'), name='performance_area_unique_code'),
                ),
                migrations.AddConstraint(
                    model_name='areapopulation',
                    constraint=models.UniqueConstraint(fields=('area', 'year', 'age_band'), name='performance_population_unique'),
                ),
                migrations.AddConstraint(
                    model_name='categorymapping',
                    constraint=models.UniqueConstraint(fields=('source', 'source_label', 'source_sublabel', 'valid_from'), name='performance_mapping_unique'),
                ),
                migrations.AddIndex(
                    model_name='crimecount',
                    index=models.Index(fields=['area', 'month'], name='performance_count_area_month'),
                ),
                migrations.AddIndex(
                    model_name='crimecount',
                    index=models.Index(fields=['source', 'month'], name='performance_count_source_month'),
                ),
                migrations.AddConstraint(
                    model_name='crimecount',
                    constraint=models.UniqueConstraint(fields=('month', 'category', 'area', 'source'), name='performance_count_unique'),
                ),
                migrations.AddConstraint(
                    model_name='sourcemonth',
                    constraint=models.UniqueConstraint(fields=('source', 'month', 'revision'), name='performance_source_month_unique'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
