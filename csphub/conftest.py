"""Fixtures every app's tests share: a partnership with a user in each role, and a second
partnership whose secretariat must see nothing of the first."""

from pathlib import Path

import pytest

from csphub.accounts.tests.factories import user_with_role
from csphub.accounts.tests.login import VerifiedClient
from csphub.partnerships.tests.factories import PartnershipFactory

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"The seed documents are not at {SEEDS}: clone ../shared beside the project.")
    return SEEDS


@pytest.fixture
def client() -> VerifiedClient:
    """pytest-django's `client`, but `force_login` also passes the second sign-in step
    (csphub/accounts/tests/login.py): the secretariat and administrators must have MFA."""
    return VerifiedClient()


@pytest.fixture
def partnership(db):
    return PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(slug="elsewhere", name="Elsewhere Community Safety Partnership")


@pytest.fixture
def users(partnership, other_partnership):
    """One user per role in `partnership`, plus the secretariat of another partnership."""
    return {
        "member": user_with_role(partnership, "member"),
        "cleared": user_with_role(partnership, "member", cleared=True),
        "secretariat": user_with_role(partnership, "secretariat"),
        "administrator": user_with_role(partnership, "administrator"),
        "outsider": user_with_role(partnership, None),
        "other_secretariat": user_with_role(other_partnership, "secretariat"),
    }


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media():
    """Uploaded test papers go to a temporary MEDIA_ROOT; leave nothing behind."""
    import shutil

    from django.conf import settings

    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Audit trail (issue 10 part 1, decision 0016): on PostgreSQL the audit tables refuse
    TRUNCATE, and transactional tests are cleaned up by a flush (TRUNCATE). The test
    database lets its sessions through, as a maintenance session would be; the trigger tests
    turn the setting off again for their own transaction."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                name = connection.settings_dict["NAME"]
                cursor.execute(f"ALTER DATABASE \"{name}\" SET csphub.audit_maintenance = 'on'")
                cursor.execute("SET csphub.audit_maintenance = 'on'")
