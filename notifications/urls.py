from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    # /konto/aviseringar/
    path("", views.preferences, name="preferences"),
]
