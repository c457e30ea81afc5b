"""Outside the Wagtail page tree (`/liste-presse/…`) so that no page slug can shadow them."""

from django.urls import path

from press.mailing import briefings, views

app_name = "mailing"
urlpatterns = [
    path("abonnement/", views.subscribe, name="subscribe"),
    path("abonnement/merci/", views.subscribe_done, name="subscribe_done"),
    path("confirmation/<str:token>/", views.confirm, name="confirm"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("embargo/<str:token>/", briefings.briefing, name="briefing"),
    path("embargo/<str:token>/communique.pdf", briefings.briefing_pdf, name="briefing_pdf"),
]
