from django.contrib.auth.models import Permission
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Subquery

from demandes.models import DemandeGroupObjectPermission
from guichet.a_faire import compter_par_filtre
from guichet.territoire.models import Collectivite, Departement, Thematique

from .models import Operateur, Orientation, StatutOrientation


def orientations_de(user):
    """The routings of ``user``'s operators that reach them: those whose demande their group
    may read (their local team's, or the operator's national group; ``operateurs/equipes.py``).
    A team sees its départements' routings only."""
    # The person's operators and groups are read first (two small queries, once per request):
    # given as values, PostgreSQL knows how many routings and permissions they hold (tens of
    # thousands for a national operator) and plans for them, where subqueries made it guess a
    # handful.
    groupes = sorted(user.groupes_d_operateur)
    operateurs = sorted(user.operateurs_rattaches)
    lire = Permission.objects.filter(
        content_type__app_label="demandes", content_type__model="demande", codename="view_demande"
    ).values("pk")
    permise = DemandeGroupObjectPermission.objects.filter(
        permission=Subquery(lire), group__in=groupes, content_object=OuterRef("demande")
    )
    return Orientation.objects.filter(operateur__in=operateurs).filter(Exists(permise))


def dans_la_boite(user):
    """``orientations_de(user)`` but the declined ones: what the inbox lists and opens."""
    return orientations_de(user).exclude(statut=StatutOrientation.DECLINEE)


def _avec_ce_que_montre_la_boite(orientations):
    return orientations.select_related(
        "demande__collectivite", "operateur", "responsable"
    ).prefetch_related("demande__thematiques")


def boite(user, *, statut=None, thematique=None, departement=None, commune=None):
    """The routings of ``user``'s organisations, newest first; declined ones are gone."""
    orientations = _avec_ce_que_montre_la_boite(
        dans_la_boite(user).order_by("-date_orientation", "-pk")
    )
    if statut:
        orientations = orientations.filter(statut=statut)
    if thematique:
        orientations = orientations.filter(demande__thematiques=thematique)
    if departement:
        orientations = orientations.filter(demande__departement=departement)
    if commune:
        orientations = orientations.filter(demande__collectivite=commune)
    return orientations


def page_de_la_boite(orientations, numero, par_page):
    """One page of ``boite``'s ``orientations``: chosen and counted on the routings' table
    alone (an operator may have tens of thousands), then read with what the rows show."""
    page = Paginator(orientations.values_list("pk", flat=True), par_page).get_page(numero)
    pks = list(page.object_list)
    lues = _avec_ce_que_montre_la_boite(Orientation.objects.all()).in_bulk(pks)
    page.object_list = [lues[pk] for pk in pks]
    return page


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


def departements_de(user):
    """The départements whose routings may reach ``user``, among those whose communes are
    loaded: every one for a member of an operator's national group (it keeps the départements
    no team serves), else its teams'."""
    charges = Departement.objects.filter(
        Exists(Collectivite.objects.filter(departement=OuterRef("pk")))
    )
    if user.groups.filter(operateur__isnull=False).exists():
        return charges
    return charges.filter(equipes_operateurs__groupe__user=user).distinct()


def choix_des_filtres(user, departement=None):
    """The inbox's filter choices. The communes are those of the demandes routed to ``user``'s
    organisations in one département: the chosen one, or the person's only one. A national
    operator first picks a département (one of 101 once all of France is loaded) rather than
    scroll through the 30,000 communes of its demandes (issue #23); ``communes`` is then None.
    """
    departements = list(departements_de(user))
    if len(departements) == 1:
        departement = departements[0]
    communes = None
    if departement is not None:
        leurs_demandes = (
            dans_la_boite(user)
            .filter(demande__departement=departement)
            .values("demande__collectivite_id")
        )
        communes = Collectivite.objects.filter(
            type="commune", departement=departement, pk__in=leurs_demandes
        ).only("nom")
    return {
        "statuts": [c for c in StatutOrientation.choices if c[0] != StatutOrientation.DECLINEE],
        "thematiques": Thematique.objects.filter(active=True),
        # A choice only when there is one to make.
        "departements": departements if len(departements) > 1 else [],
        "communes": communes,
    }


def orientation_de(user, pk):
    """The routing ``pk`` if it belongs to one of ``user``'s organisations (else DoesNotExist)."""
    return dans_la_boite(user).select_related("demande__collectivite", "operateur").get(pk=pk)


def annuaire():
    return Operateur.objects.filter(actif=True).prefetch_related("thematiques").order_by("sigle")
