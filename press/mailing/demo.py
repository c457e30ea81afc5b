"""Demo briefing: a release scheduled a week after the demo is loaded, at 10:00, shared under
embargo with two fictional newsrooms (typed-in addresses: they do not join the list), one of
which has opened its link. Nothing is emailed.

Runs after press/demo.py: the release goes in its press room.
"""

import datetime

from django.utils import timezone

from press.mailing import briefings
from press.models import PressIndexPage, PressReleasePage

SLUG = "exemple-budget-participatif-sous-embargo"
NEWSROOMS = ["redaction@quotidien-du-nord.example", "desk@agence-regionale.example"]


def load():
    index = PressIndexPage.objects.first()
    if index is None or PressReleasePage.objects.filter(slug=SLUG).exists():
        return
    release = _scheduled_release(index)
    first, _second = briefings.add_recipients(release, [], NEWSROOMS, user=None)
    first.record_opening()


def _scheduled_release(index):
    lift = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=7), datetime.time(10)
        )
    )
    release = PressReleasePage(
        slug=SLUG,
        title="Exemple : le budget participatif commun de douze communes",
        kicker="Exemple",
        dateline_place="Lille",
        release_date=lift.date(),
        standfirst="Douze communes du Nord confient ensemble une part de leur budget "
        "d'investissement aux habitants.",
        search_description="Communiqué fictif de démonstration, sous embargo.",
        alert_subscribers=False,
        live=False,
        body=[
            (
                "paragraph",
                "<p>Communiqué fictif de démonstration : il reste sous embargo jusqu'à sa "
                "publication programmée, et deux rédactions l'ont reçu en briefing.</p>",
            )
        ],
    )
    index.add_child(instance=release)
    release.go_live_at = lift
    release.save_revision().publish()  # scheduled: stays offline until `lift`
    return release
