"""Outside the Wagtail page tree (`/liste-presse/…`) so that no page slug can shadow them."""

from django.urls import path

from press.mailing import views

app_name = "mailing"
urlpatterns = [
    path("abonnement/", views.subscribe, name="subscribe"),
    path("abonnement/merci/", views.subscribe_done, name="subscribe_done"),
    path("confirmation/<str:token>/", views.confirm, name="confirm"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
]
