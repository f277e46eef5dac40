"""The `csphub` console command runs the project's management commands, hyphens allowed."""

import os
import subprocess
import sys


def test_csphub_help_for_a_hyphenated_command():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "csphub.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", "from csphub.cli import main; main()", "help", "request-updates"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--days-before" in result.stdout
