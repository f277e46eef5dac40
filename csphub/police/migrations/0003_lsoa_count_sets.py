"""LSOA-level counts move from one row each to packed sets (issue 15; decision 0035)."""

import django.db.models.deletion
from django.db import migrations, models

from csphub.police import packing

LSOA = "lsoa"


def counts_to_sets(apps, schema_editor):
    """Move the LSOA-level counts out of the count table into packed sets (decision 0035)."""
    import numpy as np

    CrimeCount = apps.get_model("police", "CrimeCount")
    LsoaCountSet = apps.get_model("police", "LsoaCountSet")
    rows = CrimeCount.objects.filter(area__level=LSOA).values_list(
        "source_id", "month", "category_id", "area__parent_id", "area_id", "count"
    )
    found = list(rows.iterator(chunk_size=20_000))
    if not found:
        return
    blocks = sorted({(r[0], r[1]) for r in found})
    block_no = {b: i for i, b in enumerate(blocks)}
    columns = list(zip(*found, strict=True))
    arrays = [
        np.array([block_no[(r[0], r[1])] for r in found], dtype=np.int64),
        np.array(columns[2], dtype=np.int64),
        np.array([-1 if p is None else p for p in columns[3]], dtype=np.int64),
        np.array(columns[4], dtype=np.int64),
        np.array(columns[5], dtype=np.int64),
    ]
    sets = [
        LsoaCountSet(
            source_id=blocks[one.block][0],
            month=blocks[one.block][1],
            category_id=one.category,
            parent_id=None if one.parent < 0 else one.parent,
            areas=one.areas,
            counts=one.counts,
            total=one.total,
        )
        for one in packing.pack_sets(*arrays)
    ]
    LsoaCountSet.objects.bulk_create(sets, batch_size=2000)
    CrimeCount.objects.filter(area__level=LSOA).delete()


def sets_to_counts(apps, schema_editor):
    """Back again: one count row per LSOA of every set."""
    CrimeCount = apps.get_model("police", "CrimeCount")
    LsoaCountSet = apps.get_model("police", "LsoaCountSet")
    rows = []
    for each in LsoaCountSet.objects.iterator(chunk_size=2000):
        areas, counts = packing.unpack(each.areas, each.counts)
        rows.extend(
            CrimeCount(
                source_id=each.source_id,
                month=each.month,
                category_id=each.category_id,
                area_id=int(area),
                count=int(n),
            )
            for area, n in zip(areas.tolist(), counts.tolist(), strict=True)
        )
    CrimeCount.objects.bulk_create(rows, batch_size=5000)
    LsoaCountSet.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("police", "0002_sourcemonth_duplicates_dropped"),
    ]

    operations = [
        migrations.CreateModel(
            name="LsoaCountSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="The 1st of the month.")),
                ("areas", models.BinaryField(help_text="The LSOAs' area ids, packed.")),
                ("counts", models.BinaryField(help_text="Their counts, packed in the same order.")),
                ("total", models.PositiveBigIntegerField(help_text="The counts added up.")),
                (
                    "category",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lsoa_count_sets",
                        to="police.crimecategory",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The area the LSOAs are within (none when not known).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lsoa_count_sets",
                        to="police.area",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lsoa_count_sets",
                        to="police.datasource",
                    ),
                ),
            ],
            options={
                "ordering": ["month", "parent", "category"],
                "indexes": [
                    models.Index(fields=["parent", "month"], name="police_lsoa_set_parent_month")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "month", "category", "parent"),
                        name="police_lsoa_set_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(counts_to_sets, sets_to_counts, elidable=True),
    ]
