import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse

from csphub.accounts.models import PartnershipRole
from csphub.audit.models import AuditEvent

User = get_user_model()
SLUG = "safer-testshire"
PASSWORD = "correct-horse-battery-staple"


def _h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert _h1_count(response) == 1
    assert 'name="username"' in response.content.decode()


@pytest.mark.django_db
def test_login_works_and_follows_same_host_next(client, users, caplog):
    user = users["member"]
    with caplog.at_level(logging.INFO, logger="csphub.security"):
        response = client.post(
            reverse("accounts:login"),
            {"username": user.username, "password": PASSWORD, "next": f"/p/{SLUG}/"},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/p/{SLUG}/"
    assert "_auth_user_id" in client.session
    assert f"login succeeded: user={user.username}" in caplog.text
    assert PASSWORD not in caplog.text


@pytest.mark.django_db
def test_login_ignores_next_on_another_host(client, users):
    user = users["member"]
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


@pytest.mark.django_db
def test_login_failure_shows_error_summary_and_is_logged(client, users, caplog):
    with caplog.at_level(logging.INFO, logger="csphub.security"):
        response = client.post(
            reverse("accounts:login"),
            {"username": users["member"].username, "password": "wrong-password-here"},
        )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert f"login failed: user={users['member'].username}" in caplog.text
    assert "wrong-password-here" not in caplog.text


@pytest.mark.django_db
def test_login_failure_log_cannot_be_forged(client, caplog):
    with caplog.at_level(logging.INFO, logger="csphub.security"):
        client.post(reverse("accounts:login"), {"username": "x\nlogin succeeded", "password": "p"})
    assert "\nlogin succeeded" not in caplog.text


@pytest.mark.django_db
def test_logout_get_refused(client, users):
    client.force_login(users["member"])
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_logout_post_signs_out(client, users):
    client.force_login(users["member"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# The users page -------------------------------------------------------------------------


def _role_urls(users):
    uid = users["member"].pk
    return [
        ("accounts:roles", []),
        ("accounts:user_new", []),
        ("accounts:role_edit", [uid]),
        ("accounts:role_remove", [uid]),
    ]


@pytest.mark.django_db
def test_role_pages_open_to_administrator(client, users):
    client.force_login(users["administrator"])
    for name, args in _role_urls(users):
        response = client.get(reverse(name, args=[SLUG, *args]))
        assert response.status_code == 200, name
        assert _h1_count(response) == 1, name


@pytest.mark.django_db
def test_role_pages_send_anonymous_to_sign_in(client, users):
    for name, args in _role_urls(users):
        response = client.get(reverse(name, args=[SLUG, *args]))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["member", "cleared", "secretariat", "outsider", "other_secretariat"]
)
def test_role_pages_refused_to_everyone_else(client, users, who):
    client.force_login(users[who])
    for name, args in _role_urls(users):
        assert client.get(reverse(name, args=[SLUG, *args])).status_code == 403, name
        assert client.post(reverse(name, args=[SLUG, *args]), {}).status_code in {403, 405}, name


@pytest.mark.django_db
def test_roles_list_shows_only_this_partnership(client, users):
    client.force_login(users["administrator"])
    html = client.get(reverse("accounts:roles", args=[SLUG])).content.decode()
    assert users["member"].username in html
    assert users["other_secretariat"].username not in html
    assert users["outsider"].username not in html


@pytest.mark.django_db
def test_role_edit_of_user_without_role_here_404(client, users):
    client.force_login(users["administrator"])
    url = reverse("accounts:role_edit", args=[SLUG, users["other_secretariat"].pk])
    assert client.get(url).status_code == 404


NEW_USER = {
    "username": "jbloggs",
    "first_name": "Jo",
    "last_name": "Bloggs",
    "email": "jo@example.org",
    "password": "tangerine-lamppost-91",
    "role": "secretariat",
    "cleared": "on",
}


@pytest.mark.django_db
def test_user_new_creates_user_with_role(client, users, partnership):
    client.force_login(users["administrator"])
    response = client.post(reverse("accounts:user_new", args=[SLUG]), NEW_USER)
    assert response.status_code == 302
    user = User.objects.get(username="jbloggs")
    grant = PartnershipRole.objects.get(user=user, partnership=partnership)
    assert (grant.role, grant.cleared_for_restricted) == ("secretariat", True)
    # django-axes checks every authenticate() against a request (the sign-in view has one)
    assert client.login(request=HttpRequest(), username="jbloggs", password=NEW_USER["password"])


@pytest.mark.django_db
def test_user_new_short_password_shows_error(client, users):
    client.force_login(users["administrator"])
    response = client.post(
        reverse("accounts:user_new", args=[SLUG]), {**NEW_USER, "password": "short"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_password"' in html
    assert "too short" in html
    assert 'value="short"' not in html
    assert not User.objects.filter(username="jbloggs").exists()


@pytest.mark.django_db
def test_role_edit_changes_role_and_clearance(client, users, partnership):
    client.force_login(users["administrator"])
    member = users["member"]
    response = client.post(
        reverse("accounts:role_edit", args=[SLUG, member.pk]),
        {"role": "secretariat", "cleared": "on"},
    )
    assert response.status_code == 302
    grant = PartnershipRole.objects.get(user=member, partnership=partnership)
    assert (grant.role, grant.cleared_for_restricted) == ("secretariat", True)
    assert AuditEvent.objects.filter(verb="role.change").exists()


@pytest.mark.django_db
def test_role_remove(client, users, partnership):
    client.force_login(users["administrator"])
    member = users["member"]
    response = client.post(reverse("accounts:role_remove", args=[SLUG, member.pk]))
    assert response.status_code == 302
    assert not PartnershipRole.objects.filter(user=member, partnership=partnership).exists()


@pytest.mark.django_db
def test_administrator_removing_self_shows_error(client, users):
    admin = users["administrator"]
    client.force_login(admin)
    response = client.post(reverse("accounts:role_remove", args=[SLUG, admin.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error:" in html
    assert "your own role" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert PartnershipRole.objects.filter(user=admin).exists()
