"""The `csphub` console command: the project's management commands under one name.

`csphub render safer-bromley/board/2017-12-19 --document minutes --format pdf --out m.pdf`
is `manage.py render ...`; batch jobs (imports, packs, reminders) are run the same way.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csphub.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["csphub", *sys.argv[1:]])
