"""The séance's calendar invitation (.ics).

The members and the State get an iTIP request (``METHOD:REQUEST``): the préfecture organises,
every member of the comité is an attendee, with the answer they gave to the convocation on the
portal. The UID never changes for a séance and SEQUENCE grows with each change of the séance, so
calendar clients replace the event they already hold instead of adding a second one. Anyone else
who may read the séance (a collectivité with a request on its public agenda) gets the public
agenda alone (``METHOD:PUBLISH``), with no attendee.

The event lasts as long as the whole agenda, internal items included, even when the description
lists only the items its reader may see.
"""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from . import selectors
from .models import Qualite, ReponseConvocation

FUSEAU = ZoneInfo("Europe/Paris")
DUREE_PAR_DEFAUT = datetime.timedelta(hours=2)
NOM_DU_FICHIER = "invitation.ics"
# The method parameter tells mail clients to show the invitation as one (RFC 6047).
TYPE_MIME = "text/calendar; method=REQUEST"
# The products that write the files (PRODID), the same for every département.
PRODUIT = "-//Guichet unique//comite//FR"

PARTICIPATION = {
    ReponseConvocation.PRESENT: "ACCEPTED",
    ReponseConvocation.ABSENT: "DECLINED",
    ReponseConvocation.REPRESENTE: "DELEGATED",
}


def uid(seance):
    return f"seance-{seance.pk}@{urlsplit(settings.SITE_URL).hostname or 'guichet'}"


def duree(seance):
    minutes = selectors.duree_prevue(seance)
    return datetime.timedelta(minutes=minutes) if minutes else DUREE_PAR_DEFAUT


def _adresse(email, **parametres):
    adresse = vCalAddress(f"mailto:{email}")
    adresse.params.update({cle.upper(): valeur for cle, valeur in parametres.items() if valeur})
    return adresse


def organisateur(seance):
    """``COMITE_ORGANISATEUR`` (by default ``DEFAULT_FROM_EMAIL``'s address), named after the
    préfecture of the séance's comité (« Préfecture du Doubs ») unless it gives a name."""
    nom, email = parseaddr(settings.COMITE_ORGANISATEUR)
    return _adresse(email, cn=nom or f"Préfecture {seance.comite.departement.du_nom}")


def _participants(seance):
    """Every active member of the comité, with the answer to their convocation if any."""
    reponses = {c.membre_id: c.reponse for c in seance.convocations.all()}
    for membre in seance.comite.membres.select_related("user").filter(user__is_active=True):
        yield _adresse(
            membre.user.email,
            cn=membre.user.get_full_name() or membre.user.email,
            cutype="INDIVIDUAL",
            role="CHAIR" if membre.qualite == Qualite.PRESIDENT else "REQ-PARTICIPANT",
            partstat=PARTICIPATION.get(reponses.get(membre.pk), "NEEDS-ACTION"),
            # Answers go through the portal, where the secretariat reads them.
            rsvp="FALSE",
        )


def invitation(seance, points, *, pour_les_membres):
    """The .ics text for ``seance``. ``points`` are the agenda items its reader may see;
    ``pour_les_membres``: the reader is convened or organises (a member, the State), and gets
    the request with its attendees and the video-conference link (as on the séance's page)."""
    debut = seance.date.astimezone(FUSEAU)
    lien = settings.SITE_URL + seance.get_absolute_url()
    calendrier = Calendar()
    calendrier.add("prodid", PRODUIT)
    calendrier.add("version", "2.0")
    calendrier.add("method", "REQUEST" if pour_les_membres else "PUBLISH")
    evenement = Event()
    evenement.add("uid", uid(seance))
    evenement.add("sequence", seance.sequence)
    evenement.add("dtstamp", timezone.now())
    evenement.add("dtstart", debut)
    evenement.add("dtend", debut + duree(seance))
    evenement.add("summary", f"{seance.comite.nom} — séance du {debut:%d/%m/%Y}")
    evenement.add("location", seance.lieu)
    evenement.add("url", lien)
    evenement.add("status", "CONFIRMED")
    ordre_du_jour = "\n".join(f"{numero}. {p.titre}" for numero, p in enumerate(points, 1))
    description = f"Ordre du jour :\n{ordre_du_jour}" if ordre_du_jour else ""
    if pour_les_membres:
        if seance.lien_visio:
            description += f"\n\nVisioconférence : {seance.lien_visio}"
        description += f"\n\nRépondez à la convocation sur le guichet unique : {lien}"
        evenement.add("organizer", organisateur(seance))
        for participant in _participants(seance):
            evenement.add("attendee", participant)
    evenement.add("description", description.strip())
    calendrier.add_component(evenement)
    # Outlook and some phones need the VTIMEZONE block to place a TZID-qualified start.
    calendrier.add_missing_timezones()
    return calendrier.to_ical().decode()
