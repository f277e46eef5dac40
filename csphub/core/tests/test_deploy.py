"""Guards as tests: production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def production(tmp_path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csphub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "csphub.example.org",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "CSPHUB_STATIC_ROOT": str(tmp_path / "static"),
        "CSPHUB_AUDIT_KEY": secrets.token_urlsafe(48),
        "CSPHUB_BASE_URL": "https://csphub.example.org",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = production(tmp_path)
    # Before collectstatic every page would fail: check --deploy says what to run
    before = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert before.returncode != 0
    assert "csphub.E001" in before.stderr and "collectstatic" in before.stderr
    collected = manage(env, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout


def test_production_refuses_the_console_mail_backend(tmp_path):
    for backend in ("", "django.core.mail.backends.console.EmailBackend"):
        result = manage(production(tmp_path, DJANGO_EMAIL_BACKEND=backend), "check")
        assert result.returncode != 0
        assert "Set DJANGO_EMAIL_BACKEND to a real mail backend" in result.stderr


def test_the_web_process_will_not_start_without_collected_static_files(tmp_path):
    env = production(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import csphub.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "static files manifest" in result.stderr


def test_production_settings_silence_nothing():
    text = (ROOT / "csphub" / "settings" / "production.py").read_text()
    assert "SILENCED_SYSTEM_CHECKS" not in text
