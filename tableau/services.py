"""The dashboard's own writes: an agent's saved views (a named set of filters).

They change no demande, so they record no timeline event and notify no one.
"""

from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ValidationError

from .filtres import DemandeFilter
from .forms import ColonnesForm
from .models import VueEnregistree

# Parameters a saved view keeps: the filters, the tab, the sort and the optional columns, never
# the page.
PARAMETRES_VUE = {*DemandeFilter.base_filters, *ColonnesForm.base_fields, "onglet", "tri"}


def nettoyer_parametres(query_string):
    """Keep only the known filter parameters, in a stable order."""
    paires = [(cle, valeur) for cle, valeur in parse_qsl(query_string) if cle in PARAMETRES_VUE]
    return urlencode(sorted(paires))


def enregistrer_vue(*, user, nom, query_string):
    """Save ``user``'s filters ``query_string`` (what a view keeps of it) under ``nom``, in
    place of the view of that name if there is one."""
    parametres = nettoyer_parametres(query_string)
    longueur = VueEnregistree._meta.get_field("parametres").max_length
    if len(parametres) > longueur:
        raise ValidationError(
            {
                "parametres": "Ces filtres sont trop longs pour être enregistrés comme vue "
                f"({longueur:,} caractères au plus).".replace(",", " ")
            }
        )
    vue, _ = VueEnregistree.objects.update_or_create(
        user=user, nom=nom.strip(), defaults={"parametres": parametres}
    )
    return vue


def supprimer_vue(*, user, pk):
    return VueEnregistree.objects.filter(user=user, pk=pk).delete()[0] > 0
