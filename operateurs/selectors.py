from django.db.models import Exists, OuterRef, Q

from demandes.models import DemandeGroupObjectPermission
from guichet.a_faire import compter_par_filtre
from guichet.territoire.models import Collectivite, Thematique

from .models import Operateur, Orientation, StatutOrientation


def operateurs_de(user):
    return Operateur.objects.filter(rattachements__user=user)


def orientations_de(user):
    """The routings of ``user``'s operators that reach them: those whose demande their group
    may read (their local team's, or the operator's national group; ``operateurs/equipes.py``).
    A team sees its départements' routings only."""
    groupes = user.groups.filter(Q(operateur__isnull=False) | Q(equipe_operateur__isnull=False))
    # EXISTS, probed on the permissions' (group, permission, demande) index for each routing of
    # the operator: an operator's group may read tens of thousands of demandes, which an IN
    # (list of the demandes it may read) would read first.
    permise = DemandeGroupObjectPermission.objects.filter(
        permission__codename="view_demande", group__in=groupes, content_object=OuterRef("demande")
    )
    return Orientation.objects.filter(operateur__in=operateurs_de(user)).filter(Exists(permise))


def boite(user, *, statut=None, thematique=None, commune=None):
    """The routings of ``user``'s organisations, newest first; declined ones are gone."""
    orientations = (
        orientations_de(user)
        .exclude(statut=StatutOrientation.DECLINEE)
        .select_related("demande__collectivite", "operateur", "responsable")
        .prefetch_related("demande__thematiques")
        .order_by("-date_orientation", "-pk")
    )
    if statut:
        orientations = orientations.filter(statut=statut)
    if thematique:
        orientations = orientations.filter(demande__thematiques=thematique)
    if commune:
        orientations = orientations.filter(demande__collectivite=commune)
    return orientations


def a_repondre(user):
    return orientations_de(user).filter(statut=StatutOrientation.PROPOSEE).count()


def a_faire(user):
    """What waits on ``user``'s organisations: routings to accept or decline, accepted ones
    without an opinion; each with its demande. One query."""
    return compter_par_filtre(
        orientations_de(user),
        champ="demande",
        a_accepter=Q(statut=StatutOrientation.PROPOSEE),
        avis_a_donner=Q(statut=StatutOrientation.ACCEPTEE, avis=""),
    )


def choix_des_filtres():
    return {
        "statuts": [c for c in StatutOrientation.choices if c[0] != StatutOrientation.DECLINEE],
        "thematiques": Thematique.objects.filter(active=True),
        "communes": Collectivite.objects.filter(type="commune"),
    }


def orientation_de(user, pk):
    """The routing ``pk`` if it belongs to one of ``user``'s organisations (else DoesNotExist)."""
    return (
        orientations_de(user)
        .exclude(statut=StatutOrientation.DECLINEE)
        .select_related("demande__collectivite", "operateur")
        .get(pk=pk)
    )


def annuaire():
    return Operateur.objects.filter(actif=True).prefetch_related("thematiques").order_by("sigle")
