"""The séance's calendar invitation (.ics), the same for every member and every download.

The UID never changes for a séance and SEQUENCE grows with each republication, so calendar
clients replace the event they already hold instead of adding a second one.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

FUSEAU = ZoneInfo("Europe/Paris")
DUREE_PAR_DEFAUT = datetime.timedelta(hours=2)
NOM_DU_FICHIER = "invitation.ics"
TYPE_MIME = "text/calendar"


def uid(seance):
    return f"seance-{seance.pk}@{urlsplit(settings.SITE_URL).hostname or 'guichet'}"


def _duree(points):
    minutes = sum(p.duree_minutes or 0 for p in points)
    return datetime.timedelta(minutes=minutes) if minutes else DUREE_PAR_DEFAUT


def invitation(seance, points, *, avec_visio):
    """The .ics text for ``seance``; ``points`` are the agenda items the reader may see, and
    ``avec_visio`` whether they may see the video-conference link (as on the séance's page)."""
    debut = seance.date.astimezone(FUSEAU)
    calendrier = Calendar()
    calendrier.add("prodid", "-//Guichet unique du Territoire de Belfort//comite//FR")
    calendrier.add("version", "2.0")
    calendrier.add("method", "PUBLISH")
    evenement = Event()
    evenement.add("uid", uid(seance))
    evenement.add("sequence", seance.sequence)
    evenement.add("dtstamp", timezone.now())
    evenement.add("dtstart", debut)
    evenement.add("dtend", debut + _duree(points))
    evenement.add("summary", f"{seance.comite.nom} — séance du {debut:%d/%m/%Y}")
    evenement.add("location", seance.lieu)
    evenement.add("url", settings.SITE_URL + seance.get_absolute_url())
    ordre_du_jour = "\n".join(f"{numero}. {p.titre}" for numero, p in enumerate(points, 1))
    description = f"Ordre du jour :\n{ordre_du_jour}" if ordre_du_jour else ""
    if avec_visio and seance.lien_visio:
        description += f"\n\nVisioconférence : {seance.lien_visio}"
    evenement.add("description", description.strip())
    calendrier.add_component(evenement)
    # Outlook and some phones need the VTIMEZONE block to place a TZID-qualified start.
    calendrier.add_missing_timezones()
    return calendrier.to_ical().decode()
