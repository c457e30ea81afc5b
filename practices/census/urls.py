from django.urls import path

from practices.census import views

app_name = "census"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("merci/", views.thanks, name="thanks"),
]
