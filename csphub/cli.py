"""The `csphub` console command: the project's management commands under one name.

`csphub render safer-bromley/board/2017-12-19 --document minutes --format pdf --out m.pdf`
is `manage.py render ...`; batch jobs (imports, packs, reminders) are run the same way.
Hyphens in the command name are read as underscores: `csphub request-updates` runs the
`request_updates` command, `csphub remind-overdue` runs `remind_overdue`.
"""

import os
import sys


def command_args(args: list[str]) -> list[str]:
    """Django command modules cannot have hyphens: `request-updates` runs request_updates."""
    args = list(args)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
        if args[0] == "help" and len(args) > 1 and not args[1].startswith("-"):
            args[1] = args[1].replace("-", "_")
    return args


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csphub.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["csphub", *command_args(sys.argv[1:])])
