"""Muting a demande, at the path it has always had, under the notifications'
(``/notifications/sourdine/<id>/``), though the notifications app knows nothing of demandes."""

from django.urls import path

from .views.sourdine import sourdine

urlpatterns = [
    path("<id:demande_pk>/", sourdine, name="sourdine"),
]
