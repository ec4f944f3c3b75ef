"""Read queries for the avis: the demande's page, the dashboard's counts, the comité's PDF."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from . import regles, services
from .models import Avis, DocumentAvis


def avis_de_la_demande(user, demande):
    """The avis of ``demande`` that ``user`` reads (``regles``), with their documents, each
    with ``etat`` and, for the State, whether it may still be sent again or revoked."""
    avis = list(
        regles.avis_lisibles(user, demande)
        .select_related("demande_par", "revoque_par")
        .prefetch_related(Prefetch("documents", queryset=DocumentAvis.objects.order_by("pk")))
    )
    for un_avis in avis:
        un_avis.etat = services.etat_du_lien(un_avis)
        un_avis.en_attente = not un_avis.repondu and not un_avis.revoque
    return avis


def _compte(avis):
    compte = avis.filter(demande=OuterRef("pk")).order_by().values("demande")
    return Coalesce(Subquery(compte.annotate(n=Count("pk")).values("n")), 0)


def annoter_les_avis(demandes):
    """« avis 1/3 » on each row: ``avis_demandes`` (not revoked) and ``avis_recus``, as two
    subqueries of the list's own query (no query per row)."""
    return demandes.annotate(
        avis_demandes=_compte(Avis.objects.actifs()), avis_recus=_compte(Avis.objects.recus())
    )


def avec_avis_en_attente(demandes):
    """The demandes with at least one avis asked, neither answered nor revoked."""
    return demandes.filter(Exists(Avis.objects.en_attente().filter(demande=OuterRef("pk"))))


def joindre_aux_points(points):
    """Hand each agenda item of a printed agenda the avis it shows (``regles``), in one query."""
    demandes = {point.demande_id for point in points if point.demande_id}
    recus = list(
        Avis.objects.filter(
            demande__in=demandes, date_reponse__isnull=False, date_revocation=None
        ).order_by("date_reponse", "pk")
    )
    for point in points:
        point.avis_a_montrer = [
            avis
            for avis in recus
            if avis.demande_id == point.demande_id
            and regles.montre_dans_l_ordre_du_jour(avis, point)
        ]
    return points
