"""A member's calendar feed: every séance of their comité they may read, at a personal secret
address (``webcal://…/comite/agenda/<jeton>.ics``) that a calendar subscribes to.

Each event keeps the séance's UID (the one of the emailed invitation), its SEQUENCE and its
LAST-MODIFIED, so that a subscribed calendar updates the event it holds when the séance changes
instead of adding one. The feed is published (no METHOD: a subscription, not an invitation);
the answer to the convocation stays on the portal.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .. import invitation

NOM_DU_CALENDRIER = "Séances du comité"
UNE_HEURE = datetime.timedelta(hours=1)


def flux(membre, seances):
    calendrier = Calendar()
    calendrier.add("prodid", "-//Guichet unique//agenda du comite//FR")
    calendrier.add("version", "2.0")
    calendrier.add("x-wr-calname", f"{NOM_DU_CALENDRIER} — {membre.comite.nom}")
    calendrier.add("x-wr-timezone", "Europe/Paris")
    # Calendars poll a subscription; once an hour is enough for séances.
    calendrier.add("refresh-interval", UNE_HEURE, parameters={"VALUE": "DURATION"})
    calendrier.add("x-published-ttl", UNE_HEURE)
    maintenant = timezone.now()
    for seance in seances:
        debut = seance.date.astimezone(invitation.FUSEAU)
        lien = settings.SITE_URL + seance.get_absolute_url()
        evenement = Event()
        evenement.add("uid", invitation.uid(seance))
        evenement.add("sequence", seance.sequence)
        evenement.add("dtstamp", maintenant)
        evenement.add("last-modified", seance.modifiee_le)
        evenement.add("dtstart", debut)
        evenement.add("dtend", debut + invitation.duree(seance))
        evenement.add("summary", f"{seance.comite.nom} — séance du {debut:%d/%m/%Y}")
        evenement.add("location", seance.lieu)
        evenement.add("url", lien)
        evenement.add("status", "CONFIRMED")
        points = "\n".join(
            f"{numero}. {point.titre}" for numero, point in enumerate(seance.points_du_flux, 1)
        )
        description = f"Ordre du jour :\n{points}" if points else ""
        if seance.lien_visio:
            description += f"\n\nVisioconférence : {seance.lien_visio}"
        description += f"\n\nLa séance sur le guichet unique : {lien}"
        evenement.add("description", description.strip())
        calendrier.add_component(evenement)
    calendrier.add_missing_timezones()
    return calendrier.to_ical().decode()
