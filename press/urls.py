"""Press room URLs outside the page tree (registered in cms.registry by PressConfig.ready(),
served before Wagtail's pages).

- /vcard/contact-<pk>.vcf: the vCard of a `PressContact` snippet (active ones only);
- /vcard/contact-ponctuel/<token>.vcf: the vCard of a contact typed inline in a block,
  its fields signed in the token (see press.vcards.sign_inline_contact);
- <release URL>invitation.ics and <release URL>dossier.zip: files named like files, which
  Wagtail's page URLs cannot be (they end with a slash and hold no dot), served by the
  release's routes of the same name.
"""

from django.urls import path, re_path

from press import views

app_name = "press"

urlpatterns = [
    path("vcard/contact-<int:pk>.vcf", views.contact_vcard, name="contact_vcard"),
    path(
        "vcard/contact-ponctuel/<str:token>.vcf",
        views.inline_contact_vcard,
        name="inline_contact_vcard",
    ),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)(?P<filename>invitation\.ics|dossier\.zip)$",
        views.release_file,
        name="release_file",
    ),
]
