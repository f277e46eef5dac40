"""`csphub request-updates MEETING [--base-url URL]`: e-mail every owner of an open action
from earlier meetings of the meeting's body, once each, with a signed link per action.

Run it by hand, or daily from a scheduler with `--days-before N PARTNERSHIP` to ask for
updates N days before each of the partnership's meetings. Owners who cannot be e-mailed are
listed so that nobody is forgotten.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from csphub.actions import services, update_requests
from csphub.audit.actors import SystemActor
from csphub.meetings.access import access_meeting_by_key
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Partnership

PROGRESS_ABOVE = 5  # owners: show a progress bar for more than this many e-mails


def check_base_url(value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise CommandError(f"--base-url must start with http:// or https://, not {value!r}.")
    return value


@contextlib.contextmanager
def progress_bar(total: int, description: str) -> Iterator[update_requests.Progress | None]:
    """A rich progress bar on stderr when there are more than a few e-mails to send."""
    if total <= PROGRESS_ABOVE:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda done, _total: bar.update(task, completed=done)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def write_report(command: BaseCommand, heading: str, report: services.SendReport) -> None:
    """The summary both commands print; fails (exit status 1) if any e-mail was not sent."""
    out = command.stdout
    if not report.plan.actions:
        out.write(f"{heading}: no actions to ask about, so nothing was sent.")
        return
    summary = report.summary()
    out.write(f"{heading}: {summary[0].lower()}{summary[1:]}")
    if report.unreachable:
        out.write("Not e-mailed (ask them another way):")
        for u in report.unreachable:
            out.write(f"  - {u.name}: {u.reason} ({plural(len(u.actions), 'action')})")
    missed = report.actions_not_requested
    if missed:
        out.write(f"{plural(len(missed), 'action')} with no owner who was e-mailed:")
        for action in missed:
            label = f"minute {action.minute.label}: " if action.minute_id else ""
            out.write(f"  - {label}{action.description[:100]}")
    if report.failed:
        for f in report.failed:
            command.stderr.write(
                f"Not sent to {f.recipient.person.display_name} ({f.recipient.email}): {f.error}"
            )
        raise CommandError(f"{plural(len(report.failed), 'e-mail')} could not be sent.")


class Command(BaseCommand):
    help = "E-mail the owners of open actions for a meeting, asking for their updates."

    def add_arguments(self, parser):
        parser.add_argument(
            "meeting",
            help="partnership/body/YYYY-MM-DD, or a partnership slug with --days-before",
        )
        parser.add_argument(
            "--days-before",
            type=int,
            default=None,
            help="for a scheduler: ask about every meeting of the partnership held this many "
            "days from --today (so a daily run asks once per meeting)",
        )
        parser.add_argument("--today", default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--base-url",
            default=None,
            help="where the site is reached, for the e-mailed links "
            "(default: the CSPHUB_BASE_URL setting)",
        )

    def handle(self, *args, **options):
        base_url = check_base_url(options["base_url"])
        if options["days_before"] is not None:
            for meeting in self.meetings_due(options):
                self.send(meeting, base_url)
            return
        try:
            meeting = access_meeting_by_key(options["meeting"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.send(meeting, base_url)

    def meetings_due(self, options) -> list[Meeting]:
        import datetime as dt

        from django.utils import timezone

        days = options["days_before"]
        if days < 0:
            raise CommandError("--days-before must be 0 or more.")
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError:
            raise CommandError(f"--today must be YYYY-MM-DD, not {options['today']!r}.") from None
        target = (today or timezone.localdate()) + dt.timedelta(days=days)
        slug = options["meeting"]
        if not Partnership.objects.filter(slug=slug).exists():
            raise CommandError(f"No partnership {slug!r}.")
        meetings = list(
            Meeting.objects.filter(body__partnership__slug=slug, date=target)
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("body", "body__partnership")
        )
        if not meetings:
            self.stdout.write(f"{slug}: no meetings on {target:%-d %B %Y}; nothing to send.")
        return meetings

    def send(self, meeting: Meeting, base_url: str | None) -> None:
        actor = SystemActor(label="csphub request-updates")
        plan = update_requests.update_requests_plan(meeting=meeting)
        with progress_bar(len(plan.recipients), "Sending update requests") as progress:
            report = services.update_requests_send(
                actor=actor, meeting=meeting, base_url=base_url, progress=progress
            )
        write_report(self, str(meeting), report)
