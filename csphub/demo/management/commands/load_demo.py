"""`csphub load_demo`: load the demo partnerships (skipping any already loaded)."""

from django.core.management.base import BaseCommand, CommandError

from csphub.demo.loader import FixtureError, fixture_paths, load_fixture
from csphub.demo.users import ensure_demo_users


class Command(BaseCommand):
    help = "Load the demo partnerships written from the seed documents, and demo sign-ins."

    def handle(self, *args, **options):
        for path in fixture_paths():
            try:
                partnership = load_fixture(path)
            except FixtureError as exc:
                raise CommandError(str(exc)) from exc
            if partnership is None:
                self.stdout.write(f"{path.name}: already loaded")
            else:
                self.stdout.write(self.style.SUCCESS(f"{path.name}: loaded {partnership}"))
        for line in ensure_demo_users():
            self.stdout.write(line)
