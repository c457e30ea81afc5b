from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from cms.text import spreadsheet_safe
from press.mailing import admin_views, briefing_admin, uncertain
from press.mailing.dashboard import MailingPanel, can_see_mailings
from press.mailing.models import Delivery, Mailing, Subscriber

EXPORT_PERMISSION = "mailing.export_subscribers"


@hooks.register("register_admin_urls")
def mailing_admin_urls():
    return [
        path(
            "liste-presse/communique/<id:page_id>/envoyer/",
            admin_views.send_release,
            name="mailing_send_release",
        ),
        path(
            "liste-presse/envoi/<id:pk>/reprendre/",
            admin_views.resume_mailing,
            name="mailing_resume_mailing",
        ),
        path("briefing/<id:page_id>/", briefing_admin.briefing, name="mailing_briefing"),
        path(
            "briefing/<id:page_id>/revoquer/<id:pk>/",
            briefing_admin.revoke,
            name="mailing_briefing_revoke",
        ),
        path(
            "briefing/<id:page_id>/revoquer-tout/",
            briefing_admin.revoke_all,
            name="mailing_briefing_revoke_all",
        ),
        path(
            "liste-presse/envoi/<id:pk>/a-verifier/<slug:decision>/",
            admin_views.decide_uncertain_mailing,
            name="mailing_decide_uncertain_mailing",
        ),
        path(
            "liste-presse/remise/<id:pk>/<slug:decision>/",
            admin_views.decide_uncertain_delivery,
            name="mailing_decide_uncertain_delivery",
        ),
        path(
            "liste-presse/abonne/<id:pk>/desabonner/",
            admin_views.unsubscribe_subscriber,
            name="mailing_unsubscribe_subscriber",
        ),
        path(
            "liste-presse/abonne/<id:pk>/effacer/",
            admin_views.erase_subscriber,
            name="mailing_erase_subscriber",
        ),
    ]


hooks.register("register_log_actions", uncertain.register_log_actions)


@hooks.register("register_page_header_buttons")
def send_release_button(page, user, view_name, next_url=None):
    if page.specific_class is None or page.specific_class._meta.label != "press.PressReleasePage":
        return
    if not user.has_perm("mailing.add_mailing"):
        return
    yield Button(
        _("Envoyer aux journalistes"),
        reverse("mailing_send_release", args=[page.pk]),
        icon_name="mail",
        priority=45,
    )


@hooks.register("construct_homepage_panels")
def add_mailing_panel(request, panels):
    if can_see_mailings(request.user):
        panels.append(MailingPanel())


@hooks.register("register_page_header_buttons")
def briefing_button(page, user, view_name, next_url=None):
    if page.specific_class is None or page.specific_class._meta.label != "press.PressReleasePage":
        return
    if page.live or not briefing_admin.can_brief(user, page):
        return
    yield Button(
        _("Briefing sous embargo"),
        reverse("mailing_briefing", args=[page.pk]),
        icon_name="lock",
        priority=46,
    )


class ReadOnlyPermissionHelper(PermissionHelper):
    """Mailings and deliveries are records: created by sending, never edited by hand."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SubscriberIndexView(IndexView):
    def dispatch(self, request, *args, **kwargs):
        if request.GET.get(self.EXPORT_VAR) and not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def preprocess_field_value(self, field, value, export_format):
        """Names and outlets come from a public form: no cell may run as a formula."""
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_safe(value) if export_format == self.FORMAT_CSV else value


class SubscriberButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(
            obj, exclude=["delete", *(exclude or [])], classnames_add=classnames_add, **kwargs
        )
        user = self.request.user
        if obj.is_active and user.has_perm("mailing.change_subscriber"):
            buttons.append(self._button("mailing_unsubscribe_subscriber", obj, _("Désabonner")))
        if user.has_perm("mailing.delete_subscriber"):
            buttons.append(self._button("mailing_erase_subscriber", obj, _("Effacer (RGPD)"), "no"))
        return buttons

    def _button(self, url_name, obj, label, classname=""):
        return {
            "url": reverse(url_name, args=[obj.pk]),
            "label": label,
            "classname": self.finalise_classname([classname] if classname else []),
            "title": f"{label} {obj.email}",
        }


def _uncertain_buttons(helper, url_name, obj, subject):
    """« Confirmer comme envoyé » and « Renvoyer » for what is « à vérifier »."""
    return [
        {
            "url": reverse(url_name, args=[obj.pk, decision]),
            "label": label,
            "classname": helper.finalise_classname([]),
            "title": f"{label} — {subject}",
        }
        for decision, label in (
            ("confirmer", _("Confirmer comme envoyé")),
            ("renvoyer", _("Renvoyer")),
        )
    ]


class MailingButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(
            obj, exclude=exclude, classnames_add=classnames_add, **kwargs
        )
        if obj.status != Mailing.Status.PARTIAL or not self.request.user.has_perm(
            "mailing.add_mailing"
        ):
            return buttons
        buttons.append(
            {
                "url": reverse("mailing_resume_mailing", args=[obj.pk]),
                "label": _("Reprendre"),
                "classname": self.finalise_classname([]),
                "title": _("Reprendre l'envoi %(subject)s") % {"subject": obj.subject},
            }
        )
        if getattr(obj, "count_uncertain", 0):  # the listing's counts (partial: none in flight)
            subject = _("les remises « à vérifier » de %(subject)s") % {"subject": obj.subject}
            buttons += _uncertain_buttons(self, "mailing_decide_uncertain_mailing", obj, subject)
        return buttons


class DeliveryButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(
            obj, exclude=exclude, classnames_add=classnames_add, **kwargs
        )
        if obj.status == Delivery.Status.UNCERTAIN and self.request.user.has_perm(
            "mailing.add_mailing"
        ):
            recipient = obj.subscriber.email if obj.subscriber else _("abonné effacé")
            buttons += _uncertain_buttons(self, "mailing_decide_uncertain_delivery", obj, recipient)
        return buttons


class SubscriberAdmin(ModelAdmin):
    model = Subscriber
    menu_label = _("Abonnés")
    menu_icon = "user"
    index_view_class = SubscriberIndexView
    button_helper_class = SubscriberButtonHelper
    list_display = ("email", "name", "outlet", "status", "frequency", "confirmed_at")
    list_filter = ("status", "frequency", "topics")
    search_fields = ("email", "name", "outlet")
    list_export = (
        "email",
        "name",
        "outlet",
        "status",
        "topic_names",
        "frequency",
        "tracking_consent",
        "confirmed_at",
        "consent_text",
        "source_url",
    )
    export_headings = {"topic_names": _("thèmes")}
    export_filename = "abonnes-liste-presse"
    inspect_view_enabled = True
    form_fields_exclude = (
        "status",
        "requested_at",
        "confirmed_at",
        "consent_text",
        "source_url",
        "tracking_consent",  # the person's own choice, from their preferences only
    )

    def get_list_export(self, request):
        return self.list_export if request.user.has_perm(EXPORT_PERMISSION) else ()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")


class MailingAdmin(ModelAdmin):
    model = Mailing
    menu_label = _("Envois")
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = MailingButtonHelper
    inspect_view_enabled = True
    list_display = (
        "subject",
        "kind",
        "status",
        "created_at",
        "queued",
        "sent",
        "uncertain",
        "delivered",
        "opened",
        "clicked",
        "bounced",
        "failed",
        "cancelled",
    )
    list_filter = ("kind", "status")
    search_fields = ("subject",)
    inspect_view_fields = (
        "subject",
        "kind",
        "release",
        "status",
        "send_at_embargo",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "counts_summary",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @staticmethod
    def _column(name, label):
        def column(self, obj):
            return getattr(obj, f"count_{name}")

        column.short_description = label
        return column

    queued = _column("queued", _("en file"))
    sent = _column("sent", _("envoyés"))
    uncertain = _column("uncertain", _("à vérifier"))
    delivered = _column("delivered", _("remis"))
    opened = _column("opened", _("ouverts"))
    clicked = _column("clicked", _("liens suivis"))
    bounced = _column("bounced", _("en échec"))
    failed = _column("failed", _("échecs d'envoi"))
    cancelled = _column("cancelled", _("annulés"))


class DeliveryAdmin(ModelAdmin):
    model = Delivery
    menu_label = _("Remises")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = DeliveryButtonHelper
    list_display = ("recipient", "mailing", "status", "error", "sent_at", "delivered_at")
    list_filter = ("status", "mailing")
    list_select_related = ("subscriber", "briefing_recipient", "mailing")
    search_fields = ("subscriber__email", "briefing_recipient__email", "message_id")

    def recipient(self, obj):
        return obj.recipient_email or _("abonné effacé")

    recipient.short_description = _("destinataire")


class MailingListGroup(ModelAdminGroup):
    menu_label = _("Liste presse")
    menu_icon = "mail"
    menu_order = 250
    items = (SubscriberAdmin, MailingAdmin, DeliveryAdmin)


modeladmin_register(MailingListGroup)
