"""The dashboard's own writes: an agent's saved views (a named set of filters).

They change no demande, so they record no timeline event and notify no one.
"""

from urllib.parse import parse_qsl, urlencode

from demandes.models import VueEnregistree

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
