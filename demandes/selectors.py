"""Read queries for the demandes pages: each returns exactly what its template needs."""

from django.db.models import Prefetch

from guichet.comptes.roles import ROLES_ETAT, Role

from . import workflow
from .models import Demande, Evenement, Message


def voit_l_interne(user):
    """State staff and operators read internal notes; a collectivité never does."""
    return user.is_superuser or user.a_le_role(*ROLES_ETAT, Role.OPERATEUR)


def demandes_visibles(user):
    return Demande.objects.visibles_par(user)


def liste_des_demandes(user):
    return (
        Demande.objects.visibles_par(user)
        .select_related("collectivite")
        .prefetch_related("thematiques")
        .order_by("-date_modification", "-pk")
    )


def demande_pour_detail(user, pk):
    """The demande with its documents, thread, timeline and complements, as ``user`` may see them.

    Raises ``Demande.DoesNotExist`` when ``user`` may not see it (the view answers 404).
    """
    interne = voit_l_interne(user)
    messages = Message.objects.select_related("auteur")
    evenements = Evenement.objects.select_related("auteur")
    if not interne:
        messages = messages.filter(interne=False)
        evenements = evenements.filter(interne=False)
    demande = (
        Demande.objects.visibles_par(user)
        .select_related("collectivite__epci", "deposant", "referent", "programme")
        .prefetch_related(
            "thematiques",
            "pieces",
            Prefetch("messages", queryset=messages),
            Prefetch("evenements", queryset=evenements),
            "complements__points",
            "complements__demande_par",
        )
        .get(pk=pk)
    )
    demande.complement_ouvert = next((c for c in demande.complements.all() if c.ouvert), None)
    demande.actions = {t.nom for t in workflow.actions_possibles(user, demande)}
    demande.est_de_ma_collectivite = workflow.est_de_la_collectivite(user, demande)
    demande.en_sourdine = demande.sourdines.filter(user=user).exists()
    return demande
