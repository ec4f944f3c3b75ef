"""The State team's own tools on demandes: following, seen times, labels, saved views.

These writes change no demande, so they record no timeline event and notify no one.
"""

from urllib.parse import parse_qsl, urlencode

from django.db import transaction
from django.utils import timezone

from . import compteurs
from .models import Suivi, VueEnregistree

# Parameters a saved view keeps: the filters, the tab and the sort, never the page.
PARAMETRES_VUE = {
    "q",
    "statut",
    "thematique",
    "epci",
    "commune",
    "operateur",
    "referent",
    "programme",
    "depose_apres",
    "depose_avant",
    "mes_demandes",
    "etiquette",
    "onglet",
    "tri",
}


def marquer_vue(*, user, demande):
    """Remember that ``user`` has just read the demande (for the « what changed » badges).

    One UPDATE on every visit but the first (this runs on each display of a demande).
    """
    maintenant = timezone.now()
    if not Suivi.objects.filter(user=user, demande=demande).update(vu_le=maintenant):
        suivi, cree = Suivi.objects.get_or_create(
            user=user, demande=demande, defaults={"vu_le": maintenant}
        )
        if not cree:  # created meanwhile by a second tab
            Suivi.objects.filter(pk=suivi.pk).update(vu_le=maintenant)


def suivre(*, user, demandes, suivie=True):
    with transaction.atomic():
        for demande in demandes:
            Suivi.objects.update_or_create(user=user, demande=demande, defaults={"suivie": suivie})
        compteurs.invalider()  # the « Suivies » tab counts them


def etiqueter(*, demandes, etiquette, retirer=False):
    if retirer:
        etiquette.demandes.remove(*demandes)
    else:
        etiquette.demandes.add(*demandes)


def nettoyer_parametres(query_string):
    """Keep only the known filter parameters, in a stable order."""
    paires = [(cle, valeur) for cle, valeur in parse_qsl(query_string) if cle in PARAMETRES_VUE]
    return urlencode(sorted(paires))


def enregistrer_vue(*, user, nom, query_string):
    vue, _ = VueEnregistree.objects.update_or_create(
        user=user, nom=nom.strip(), defaults={"parametres": nettoyer_parametres(query_string)}
    )
    return vue


def supprimer_vue(*, user, pk):
    return VueEnregistree.objects.filter(user=user, pk=pk).delete()[0] > 0
