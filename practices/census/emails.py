"""Emails of the census: acknowledgement, staff notification, « votre pratique est en ligne ».

Plain `EmailMultiAlternatives` (text + HTML), so any django-anymail backend sends them.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.models import SiteSettings
from cms.text import one_line

logger = logging.getLogger(__name__)


def send(template, subject, to, context, reply_to=None):
    text = render_to_string(f"census/emails/{template}.txt", context)
    html = render_to_string(f"census/emails/{template}.html", context)
    message = EmailMultiAlternatives(one_line(subject), text, to=to, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    message.send()


def admin_url(submission):
    path = reverse("census_practicesubmission_modeladmin_inspect", args=[submission.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_settings(request=None, site=None):
    """The site settings of the request's site (or `site`), else of the default site."""
    site = site or (Site.find_for_request(request) if request else None)
    site = site or Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def send_acknowledgement(submission, request):
    """Once the submission is saved; a failure to send is logged, the submission stands."""
    context = {"submission": submission, "settings": site_settings(request)}
    transaction.on_commit(
        lambda: send(
            "acknowledgement",
            _("Nous avons bien reçu « %(title)s »") % {"title": submission.title},
            [submission.submitter_email],
            context,
        ),
        robust=True,
    )


def notify_staff(submission, request):
    """Tell the team a submission has arrived; skipped (and logged) without a staff address."""
    staff = site_settings(request).staff_email
    if not staff:
        logger.warning(
            "No staff_email in the site settings: submission %s not notified.", submission.pk
        )
        return
    transaction.on_commit(
        lambda: send(
            "staff_notification",
            _("Recensement : nouvelle pratique de %(commune)s")
            % {"commune": submission.commune.name},
            [staff],
            {"submission": submission, "admin_url": admin_url(submission)},
            reply_to=[submission.submitter_email],
        ),
        robust=True,
    )


def send_online_notice(submission, page):
    """« Votre pratique est en ligne », once, and only to a submitter who agreed to be contacted."""
    if not submission.consent_to_contact or submission.online_notice_sent_at:
        return False
    send(
        "online_notice",
        _("Votre pratique « %(title)s » est en ligne") % {"title": page.title},
        [submission.submitter_email],
        {"submission": submission, "page": page, "settings": site_settings(site=page.get_site())},
    )
    submission.online_notice_sent_at = timezone.now()
    submission.save(update_fields=["online_notice_sent_at"])
    return True
