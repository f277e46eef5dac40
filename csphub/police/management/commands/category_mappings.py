"""`csphub category-mappings list|add|remove`: the table that maps publishers' crime labels
to CSP Hub's categories (also at /categories/ for site administrators).

    csphub category-mappings list --source mps
    csphub category-mappings add --source mps --label "Theft" --sublabel "Shoplifting" \\
        --category shoplifting --from 2025-04 --note "MPS rename, 2025"
    csphub category-mappings remove 42
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from csphub.audit.actors import SystemActor
from csphub.police import calculations as calc
from csphub.police import selectors, services
from csphub.police.models import CategoryMapping, CrimeCategory

SOURCES = [choice for choice, _label in CategoryMapping.Source.choices]


class Command(BaseCommand):
    help = "List, add or remove category mappings (publishers' labels -> CSP Hub categories)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="print the mappings")
        listing.add_argument("--source", choices=SOURCES, default="")
        add = sub.add_parser("add", help="add a mapping")
        add.add_argument("--source", choices=SOURCES, required=True)
        add.add_argument("--label", required=True, help="the publisher's label")
        add.add_argument("--sublabel", default="", help="the MPS minor category (optional)")
        add.add_argument("--category", required=True, help="a CSP Hub category slug or name")
        add.add_argument("--from", dest="valid_from", default="", help="first month, YYYY-MM")
        add.add_argument("--to", dest="valid_to", default="", help="last month, YYYY-MM")
        add.add_argument("--note", default="")
        remove = sub.add_parser("remove", help="remove a mapping by its id")
        remove.add_argument("id", type=int)

    def handle(self, *args, **options):
        actor = SystemActor(label="csphub category-mappings")
        action = options["action"]
        if action == "list":
            for m in selectors.mappings_of(options["source"]):
                sub = f" / {m.source_sublabel}" if m.source_sublabel else ""
                self.stdout.write(
                    f"{m.pk}\t{m.source}\t{m.source_label}{sub}\t-> {m.category.slug}"
                    f"\t{selectors.era(m)}"
                )
            return
        if action == "remove":
            mapping = CategoryMapping.objects.filter(pk=options["id"]).first()
            if mapping is None:
                raise CommandError(f"No mapping {options['id']}.")
            services.mapping_delete(actor=actor, mapping=mapping)
            self.stdout.write(f"Removed mapping {options['id']}.")
            return
        key = options["category"].strip()
        category = (
            CrimeCategory.objects.filter(slug=key).first()
            or CrimeCategory.objects.filter(name__iexact=key).first()
        )
        if category is None:
            raise CommandError(f"No category {key!r}; see `csphub category-mappings list`.")
        months = {}
        for name in ("valid_from", "valid_to"):
            if options[name]:
                try:
                    months[name] = calc.parse_month(options[name])
                except ValueError as exc:
                    raise CommandError(f"--{name.removeprefix('valid_')}: {exc}") from None
        try:
            created = services.mapping_create(
                actor=actor,
                source=options["source"],
                source_label=options["label"],
                source_sublabel=options["sublabel"],
                category=category,
                note=options["note"],
                **months,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"Added mapping {created.pk}: {created}.")
