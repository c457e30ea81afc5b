"""« À vérifier »: staff decide what became of a send that failed ambiguously.

A timeout or a lost connection after the request went out leaves a delivery « à vérifier »
(sending.py): perhaps received, so never sent again automatically. Having checked with the ESP's
logs or with the journalist, staff either confirm it as sent, or send it again. Either is a human
decision, one delivery or all those of a mailing at once, logged in Wagtail's history (« Historique
du site ») with who, when and which deliveries.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter, log

from press.mailing import sending
from press.mailing.models import Delivery, Mailing
from press.mailing.tasks import send_mailing_task

CONFIRMED = "mailing.uncertain_confirmed"
RESENT = "mailing.uncertain_resent"


def to_decide(mailing, delivery_ids=None):
    """The deliveries of the mailing (or these ones) still « à vérifier »."""
    deliveries = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.UNCERTAIN)
    return deliveries if delivery_ids is None else deliveries.filter(pk__in=delivery_ids)


def _take(mailing, delivery_ids):
    """The ids of the deliveries still « à vérifier », locked until the decision is written (a
    second click or another person's decision finds them decided)."""
    return list(to_decide(mailing, delivery_ids).select_for_update().values_list("pk", flat=True))


def confirm_sent(mailing, user, delivery_ids=None):
    """They were received: `sent` (at the time they were in flight), and the mailing is `sent`
    or `partial` again depending on the rest. Returns how many changed."""
    with transaction.atomic():
        ids = _take(mailing, delivery_ids)
        if not ids:
            return 0
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENT, sent_at=F("claimed_at"), claim=None
        )
        log(mailing, CONFIRMED, user=user, data={"deliveries": ids})
        sending.finish(mailing)
    return len(ids)


def resend(mailing, user, delivery_ids=None):
    """They were not received: queued again, and the mailing sends them now. Raises
    IntegrityError while another mailing of the same release and kind is under way."""
    with transaction.atomic():
        ids = _take(mailing, delivery_ids)
        if not ids:
            return 0
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.QUEUED, attempts=0, claim=None, claimed_at=None
        )
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.SENDING, finished_at=None
        )
        log(mailing, RESENT, user=user, data={"deliveries": ids})
        transaction.on_commit(lambda: send_mailing_task.enqueue(mailing.pk))
    return len(ids)


class _DecisionFormatter(LogFormatter):
    def format_message(self, log_entry):
        count = len(log_entry.data.get("deliveries", []))
        return self.message_template(count) % {"count": count}


class ConfirmedFormatter(_DecisionFormatter):
    label = _("Remises « à vérifier » confirmées comme envoyées")

    @staticmethod
    def message_template(count):
        return ngettext(
            "%(count)d remise « à vérifier » confirmée comme envoyée",
            "%(count)d remises « à vérifier » confirmées comme envoyées",
            count,
        )


class ResentFormatter(_DecisionFormatter):
    label = _("Remises « à vérifier » renvoyées")

    @staticmethod
    def message_template(count):
        return ngettext(
            "%(count)d remise « à vérifier » renvoyée",
            "%(count)d remises « à vérifier » renvoyées",
            count,
        )


def register_log_actions(actions):
    actions.register_action(CONFIRMED)(ConfirmedFormatter)
    actions.register_action(RESENT)(ResentFormatter)
