"""What demandes holds about a person, for the export of their data (``guichet/comptes/rgpd.py``,
through ``COMPTES_DONNEES_PERSONNELLES``)."""

from guichet.comptes.rgpd import date

from .models import Demande, Message


def donnees_personnelles(user):
    return {
        "demandes_deposees": [
            {"reference": d.reference, "titre": d.titre, "statut": d.get_statut_display()}
            for d in Demande.objects.filter(deposant=user).order_by("pk")
        ],
        "messages": [
            {"demande": m.demande.reference, "date": date(m.date), "texte": m.texte}
            for m in Message.objects.filter(auteur=user).select_related("demande").order_by("pk")
        ],
    }
