"""The action log's cached fragment (decision 0029): served again only while the data under it
is unchanged, and never to a viewer who may see less than the one it was rendered for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csphub.actions import services
from csphub.actions.tests.test_views_log import (  # noqa: F401 (fixtures)
    CANARY,
    actions,
    body,
    lg,
    login,
    minute,
    tg,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragment_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-fragments",
        },
    }
    from django.core.cache import caches

    caches["fragments"].clear()
    return caches["fragments"]


def test_a_warm_log_skips_the_rows_and_a_service_write_refreshes_it(
    client, users, actions, fragment_cache
):
    login(client, users, "secretariat")
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url("log")).content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url("log")).content.decode()
    assert again.count("Circulate the briefing") == first.count("Circulate the briefing") > 0
    assert len(warm) < len(cold)  # the rows, owners and updates are not read again

    services.action_edit(
        actor=users["secretariat"],
        action=actions["public"],
        data={"description": "Circulate the revised briefing"},
    )
    fresh = client.get(url("log")).content.decode()
    assert "Circulate the revised briefing" in fresh


@pytest.mark.parametrize("then", [None, "outsider", "other_secretariat", "member"])
def test_a_cleared_viewers_fragment_never_reaches_a_viewer_who_may_not_see_it(
    client, users, actions, fragment_cache, then
):
    login(client, users, "cleared")
    for target in (url("log"), url("log", layout="plan")):
        assert CANARY in client.get(target).content.decode()
    client.logout()
    login(client, users, then)
    for target in (url("log"), url("log", layout="plan")):
        assert CANARY not in client.get(target).content.decode(), (then, target)


def test_each_query_string_is_its_own_fragment(client, users, actions, fragment_cache):
    login(client, users, "secretariat")
    assert "Circulate the briefing" in client.get(url("log", q="briefing")).content.decode()
    assert "Circulate the briefing" not in client.get(url("log", q="zebra")).content.decode()
