from django.urls import path

from guichet.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("<id:pk>/ouvrir/", views.ouvrir, name="ouvrir"),
    path("<id:pk>/lue/", views.marquer_lue, name="marquer_lue"),
    path("tout-lu/", views.tout_marquer_lu, name="tout_marquer_lu"),
    path("preferences/", views.preferences, name="preferences"),
]
