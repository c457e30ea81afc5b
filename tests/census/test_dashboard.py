"""The census panel of the admin's dashboard: shown to those who review submissions only."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from cms.moderation import EDITORS_GROUP, MODERATORS_GROUP
from practices.census.models import SubmissionStatus
from tests.factories.census import PracticeSubmissionFactory

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def census_panel(client):
    html = client.get("/admin/").content.decode()
    if 'id="census-dashboard-content"' not in html:
        return None
    return html.split('id="census-dashboard-content"')[1]


def test_a_reviewer_sees_the_waiting_submissions(client):
    PracticeSubmissionFactory(title="Budget participatif de Lille")
    PracticeSubmissionFactory(title="Jury citoyen", status=SubmissionStatus.IN_REVIEW)
    PracticeSubmissionFactory(title="Déjà acceptée", status=SubmissionStatus.ACCEPTED)
    reviewer = member_of(MODERATORS_GROUP, "moderatrice")
    reviewer.user_permissions.add(Permission.objects.get(codename="change_practicesubmission"))
    client.force_login(reviewer)
    html = census_panel(client)
    assert "2 contributions attendent un examen." in html
    assert "Budget participatif de Lille" in html
    assert "Jury citoyen" in html
    assert "Déjà acceptée" not in html


def test_an_editor_without_census_permission_does_not_see_it(client):
    PracticeSubmissionFactory()
    client.force_login(member_of(EDITORS_GROUP, "redacteur"))
    assert census_panel(client) is None
