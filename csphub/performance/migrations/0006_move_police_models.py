"""Point indicators and observations at the police app's models, and forget the
performance app's copies of them (``police.0001_initial`` took them over).

State only: the foreign key columns and their constraints already reference the renamed
``police_*`` tables, so nothing in the database changes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0005_rename_police_tables"),
        ("police", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="indicator",
                    name="crime_category",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="For police-sourced indicators.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="indicators",
                        to="police.crimecategory",
                    ),
                ),
                migrations.AlterField(
                    model_name="indicator",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The partnership's area the figures are for (e.g. the borough).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="indicators",
                        to="police.area",
                    ),
                ),
                migrations.AlterField(
                    model_name="indicator",
                    name="comparator_area",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="comparator_indicators",
                        to="police.area",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="police.area",
                    ),
                ),
                # Referencing models first, so no remaining model points at a deleted one.
                migrations.DeleteModel(name="CrimeCount"),
                migrations.DeleteModel(name="SourceMonth"),
                migrations.DeleteModel(name="ImportFile"),
                migrations.DeleteModel(name="ImportRun"),
                migrations.DeleteModel(name="DataSource"),
                migrations.DeleteModel(name="CategoryMapping"),
                migrations.DeleteModel(name="CrimeCategory"),
                migrations.DeleteModel(name="AreaPopulation"),
                migrations.DeleteModel(name="Area"),
            ],
            database_operations=[],
        ),
    ]
