from django.urls import path

from practices.census import views

app_name = "census"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("merci/", views.thanks, name="thanks"),
    path("suivi/<id:practice_id>/", views.follow_up, name="follow_up"),
    path("suivi/merci/", views.follow_up_thanks, name="follow_up_thanks"),
]
