from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView

from cms.text import spreadsheet_safe
from press.mailing import admin_views
from press.mailing.models import Delivery, Mailing, Subscriber

EXPORT_PERMISSION = "mailing.export_subscribers"


@hooks.register("register_admin_urls")
def mailing_admin_urls():
    return [
        path(
            "liste-presse/communique/<int:page_id>/envoyer/",
            admin_views.send_release,
            name="mailing_send_release",
        ),
        path(
            "liste-presse/envoi/<int:pk>/reprendre/",
            admin_views.resume_mailing,
            name="mailing_resume_mailing",
        ),
        path(
            "liste-presse/abonne/<int:pk>/desabonner/",
            admin_views.unsubscribe_subscriber,
            name="mailing_unsubscribe_subscriber",
        ),
        path(
            "liste-presse/abonne/<int:pk>/effacer/",
            admin_views.erase_subscriber,
            name="mailing_erase_subscriber",
        ),
    ]


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


class MailingButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(
            obj, exclude=exclude, classnames_add=classnames_add, **kwargs
        )
        if obj.status == Mailing.Status.PARTIAL and self.request.user.has_perm(
            "mailing.add_mailing"
        ):
            buttons.append(
                {
                    "url": reverse("mailing_resume_mailing", args=[obj.pk]),
                    "label": _("Reprendre"),
                    "classname": self.finalise_classname([]),
                    "title": _("Reprendre l'envoi %(subject)s") % {"subject": obj.subject},
                }
            )
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


class DeliveryAdmin(ModelAdmin):
    model = Delivery
    menu_label = _("Remises")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("recipient", "mailing", "status", "error", "sent_at", "delivered_at")
    list_filter = ("status", "mailing")
    list_select_related = ("subscriber", "mailing")
    search_fields = ("subscriber__email", "message_id")

    def recipient(self, obj):
        return obj.subscriber.email if obj.subscriber else _("abonné effacé")

    recipient.short_description = _("destinataire")


class MailingListGroup(ModelAdminGroup):
    menu_label = _("Liste presse")
    menu_icon = "mail"
    menu_order = 250
    items = (SubscriberAdmin, MailingAdmin, DeliveryAdmin)


modeladmin_register(MailingListGroup)
