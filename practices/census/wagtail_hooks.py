"""Review of the census in the Wagtail admin (wagtail-modeladmin)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets import Button
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from practices.census import admin_views
from practices.census.dashboard import CensusPanel, can_review_submissions
from practices.census.models import FollowUpSubmission, PracticeSubmission
from practices.models import PracticePage


class SubmissionPermissionHelper(PermissionHelper):
    """Submissions come from the public form (or the import): never created in the admin."""

    def user_can_create(self, user):
        return False


class SubmissionButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.practice_page_id and "page" not in (exclude or []):
            buttons.append(
                {
                    "url": reverse("wagtailadmin_pages:edit", args=[obj.practice_page_id]),
                    "label": _("Fiche"),
                    "classname": "button button-small button-secondary",
                    "title": _("Ouvrir la fiche créée à partir de cette contribution"),
                }
            )
        return buttons


# Who sent a submission and what they consented to, then the reviewer's answer.
SUBMITTER_FIELDS = (
    "submitter_name",
    "submitter_role",
    "submitter_email",
    "consent_to_contact",
    "consent_given_at",
    "consent_text",
    "refusal_reason",
)


class PracticeSubmissionAdmin(ModelAdmin):
    model = PracticeSubmission
    menu_label = _("Recensement")
    menu_icon = "form"
    menu_order = 310
    list_display = ("title", "status", "commune", "device_labels", "created_at")
    list_filter = ("status", "device_types", "commune__epci_name", "created_at")
    search_fields = (
        "title",
        "description",
        "commune__name",
        "commune__insee_code",
        "submitter_name",
        "submitter_email",
    )
    inspect_view_enabled = True
    inspect_view_fields = (
        "status",
        "created_at",
        "commune",
        "title",
        "device_types",
        "themes",
        "start_date",
        "end_date",
        "participants",
        "budget",
        "description",
        "results",
        "lessons",
        *SUBMITTER_FIELDS,
        "online_notice_sent_at",
    )
    index_template_name = "census/admin/index.html"
    inspect_template_name = "census/admin/inspect.html"
    permission_helper_class = SubmissionPermissionHelper
    button_helper_class = SubmissionButtonHelper
    panels = [
        MultiFieldPanel([FieldPanel("status"), FieldPanel("refusal_reason")], heading=_("Examen")),
        MultiFieldPanel(
            [
                FieldPanel("commune"),
                FieldPanel("title"),
                FieldPanel("device_types"),
                FieldPanel("themes"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("participants"), FieldPanel("budget")]),
                FieldPanel("description"),
                FieldPanel("results"),
                FieldPanel("lessons"),
            ],
            heading=_("La pratique"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("submitter_name"),
                FieldPanel("submitter_role"),
                FieldPanel("submitter_email"),
                FieldPanel("consent_to_contact", read_only=True),
            ],
            heading=_("Contributeur ou contributrice"),
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing()

    def device_labels(self, obj):
        return ", ".join(str(term.label) for term in obj.device_types.all())

    device_labels.short_description = _("Dispositif")

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                "census/submission/<id:pk>/draft/",
                admin_views.create_draft,
                name="census_create_draft",
            ),
            path("census/submission/<id:pk>/refuse/", admin_views.refuse, name="census_refuse"),
            path("census/attachment/<id:pk>/", admin_views.attachment, name="census_attachment"),
            path("census/import/", admin_views.import_csv, name="census_import"),
            path(
                "census/import/modele.csv",
                admin_views.import_template,
                name="census_import_template",
            ),
            path("census/synthese/", admin_views.summary, name="census_summary"),
            path("census/synthese.csv", admin_views.summary_download, name="census_summary_csv"),
        )


modeladmin_register(PracticeSubmissionAdmin)


class FollowUpSubmissionAdmin(ModelAdmin):
    """Follow-ups reported by communes: « Accepter » adds them to the case study."""

    model = FollowUpSubmission
    menu_label = _("Suivis signalés")
    menu_icon = "history"
    menu_order = 311
    list_display = ("practice", "kind", "date", "status", "created_at")
    list_filter = ("status", "kind", "created_at")
    search_fields = ("practice__title", "text", "submitter_name", "submitter_email")
    inspect_view_enabled = True
    inspect_view_fields = (
        "status",
        "created_at",
        "practice",
        "kind",
        "date",
        "text",
        "source_url",
        *SUBMITTER_FIELDS,
    )
    inspect_template_name = "census/admin/follow_up_inspect.html"
    permission_helper_class = SubmissionPermissionHelper
    panels = [
        MultiFieldPanel([FieldPanel("status"), FieldPanel("refusal_reason")], heading=_("Examen")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
                FieldPanel("text"),
                FieldPanel("source_url"),
            ],
            heading=_("Le suivi"),
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("practice")

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                "census/follow-up/<id:pk>/accept/",
                admin_views.accept_follow_up,
                name="census_accept_follow_up",
            ),
        )


modeladmin_register(FollowUpSubmissionAdmin)


@hooks.register("register_page_header_buttons")
def link_to_the_submission(page, user, view_name, next_url=None):
    """On a practice made from a submission, a way back to it (the link, the other way)."""
    if page.specific_class is not PracticePage:
        return
    submission = PracticeSubmission.objects.filter(practice_page_id=page.pk).first()
    if submission and user.has_perm("census.view_practicesubmission"):
        yield Button(
            _("Contribution d'origine"),
            reverse("census_practicesubmission_modeladmin_inspect", args=[submission.pk]),
            icon_name="form",
            priority=80,
        )


@hooks.register("construct_homepage_panels")
def add_census_panel(request, panels):
    if can_review_submissions(request.user):
        panels.append(CensusPanel())
