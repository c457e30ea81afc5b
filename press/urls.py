"""Press room URLs outside the page tree (registered in cms.registry by PressConfig.ready(),
served before Wagtail's pages).

- /vcard/contact-<pk>.vcf: the vCard of a `PressContact` snippet (active ones only);
- /vcard/contact-ponctuel/<token>.vcf: the vCard of a contact typed inline in a block,
  its fields signed in the token (see press.vcards.sign_inline_contact).
"""

from django.urls import path

from press import views

app_name = "press"

urlpatterns = [
    path("vcard/contact-<id:pk>.vcf", views.contact_vcard, name="contact_vcard"),
    path(
        "vcard/contact-ponctuel/<str:token>.vcf",
        views.inline_contact_vcard,
        name="inline_contact_vcard",
    ),
]
