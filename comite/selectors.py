"""Read queries for the comité pages: who sees which séance and which items, in the query."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from demandes.models import Demande, Statut
from guichet.comptes.models import User
from guichet.comptes.roles import Role, dans_ses_departements, est_agent_de_l_etat
from guichet.territoire.models import Departement
from operateurs.models import Orientation, StatutOrientation

from . import workflow
from .models import (
    STATUTS_PUBLIES,
    Comite,
    Convocation,
    MembreComite,
    ModificationOrdreDuJour,
    PointOrdreDuJour,
    Qualite,
    Seance,
)


def est_membre(user):
    return MembreComite.objects.filter(user=user).exists()


def acces_a_l_espace(user):
    """State staff and comité members reach the list of séances; everyone else gets a 403."""
    return user.is_authenticated and (est_agent_de_l_etat(user) or est_membre(user))


def voit_l_interne(user):
    """Internal items are for the State and the members who do not represent collectivités."""
    if est_agent_de_l_etat(user):
        return True
    if user.a_le_role(Role.COLLECTIVITE):
        return False
    return (
        MembreComite.objects.filter(user=user)
        .exclude(qualite=Qualite.REPRESENTANT_COLLECTIVITES)
        .exists()
    )


def voit_les_avis(user):
    """Operators' opinions are read by the State and the comité, never by a collectivité."""
    return est_agent_de_l_etat(user) or (est_membre(user) and not user.a_le_role(Role.COLLECTIVITE))


def dossier_lu_par_le_comite(user):
    """True (an ``Exists`` on a demande) when ``user`` reads it as a member of a comité: it sits
    on a public item of a published agenda of that comité."""
    return Exists(
        PointOrdreDuJour.objects.filter(
            demande=OuterRef("pk"),
            interne=False,
            seance__statut__in=STATUTS_PUBLIES,
            seance__comite__membres__user=user,
        )
    )


def departement_de_l_agent(user):
    """The département whose comité a State agent works on: theirs (the first by code when
    they serve several: they choose another comité when they plan a séance); the default
    département (``Departement.objects.par_defaut()``) for a superuser without a State service.
    ``None`` for anyone else."""
    if not est_agent_de_l_etat(user):
        return None
    departement = (
        Departement.objects.filter(pk__in=user.departements_de_l_etat).order_by("code").first()
    )
    return departement or Departement.objects.par_defaut()


def comite_de(user):
    """The comité whose pages (séances, roadmap) ``user`` opens: their département's for a
    State agent (created the first time), their own for a member; ``None`` otherwise."""
    from .services import comite_du_departement

    departement = departement_de_l_agent(user)
    if departement is not None:
        return comite_du_departement(departement)
    membre = MembreComite.objects.filter(user=user).select_related("comite").order_by("pk").first()
    return membre.comite if membre else None


def comites_nommes_en_tete(user):
    """The comités the séances page names under its title: each of a State agent's
    départements' (an agent of the Doubs and of Belfort reads both, not the first by code);
    every comité for a superuser with no département of their own; a member's own comité."""
    if est_agent_de_l_etat(user):
        return comites_ou_planifier(user)
    comite = comite_de(user)
    return [comite] if comite else []


def comites_ou_planifier(user):
    """The comités where the State agent ``user`` may plan a séance, by département code: that
    of each of their départements (created the first time, as ``comite_de`` does); for a
    superuser, every comité there is, the default département's at least."""
    from .services import comite_du_departement

    if not est_agent_de_l_etat(user):
        return []
    comites = Comite.objects.select_related("departement").order_by("departement__code")
    if user.is_superuser and not user.departements_de_l_etat:
        comite_de(user)
        return list(comites)
    for departement in sorted(user.departements_de_l_etat):
        comite_du_departement(departement)
    return list(comites.filter(departement__in=user.departements_de_l_etat))


def seances_visibles(user):
    """State staff see every séance of their départements' comités; a member, the published
    ones of their comités; a collectivité, the published ones with one of its requests on the
    public agenda."""
    seances = Seance.objects.all()
    if not user.is_authenticated:
        return seances.none()
    if user.is_superuser:
        return seances
    membre = MembreComite.objects.filter(comite=OuterRef("comite"), user=user)
    sa_demande = PointOrdreDuJour.objects.filter(
        seance=OuterRef("pk"),
        interne=False,
        demande__collectivite__rattachements__user=user,
    )
    publiees = Q(statut__in=STATUTS_PUBLIES) & (Exists(membre) | Exists(sa_demande))
    return seances.filter(dans_ses_departements(user, "comite__departement") | publiees)


def liste_des_seances(user, maintenant):
    """The séances ``user`` may see, as two lists: those to come, the nearest first, and the
    past ones, the most recent first."""
    seances = list(
        seances_visibles(user)
        .select_related("comite")
        .annotate(nombre_de_points=Count("points", filter=_filtre_points(user, "points__")))
        # Spelled out: Django leaves a model's default ordering out of a GROUP BY query.
        .order_by("date", "pk")
    )
    for seance in seances:
        seance.couleur = workflow.COULEUR_BADGE[seance.statut]
    a_venir = [seance for seance in seances if seance.date >= maintenant]
    passees = [seance for seance in reversed(seances) if seance.date < maintenant]
    return a_venir, passees


def _filtre_points(user, prefixe=""):
    return Q() if voit_l_interne(user) else Q(**{f"{prefixe}interne": False})


def seance_pour_detail(user, pk):
    """The séance with the items ``user`` may see, each with its request and operators' answers.

    Raises ``Seance.DoesNotExist`` when ``user`` may not see it (the view answers 404).
    """
    orientations = Orientation.objects.exclude(statut=StatutOrientation.DECLINEE).select_related(
        "operateur"
    )
    points = (
        PointOrdreDuJour.objects.filter(_filtre_points(user))
        .select_related("demande__collectivite", "demande__programme", "rapporteur", "consultation")
        .prefetch_related(
            "demande__thematiques", Prefetch("demande__orientations", queryset=orientations)
        )
    )
    seance = (
        seances_visibles(user)
        .select_related("comite")
        .prefetch_related(
            Prefetch("points", queryset=points),
            Prefetch("modifications", queryset=_modifications()),
        )
        .get(pk=pk)
    )
    seance.couleur = workflow.COULEUR_BADGE[seance.statut]
    seance.liste_des_points = list(seance.points.all())
    seance.duree_totale = duree_prevue(seance)
    seance.voit_l_interne = voit_l_interne(user)
    seance.voit_les_avis = voit_les_avis(user)
    seance.gere = est_agent_de_l_etat(user, seance.comite.departement_id)
    seance.membre = (
        MembreComite.objects.filter(comite_id=seance.comite_id, user=user).first()
        if user.is_authenticated
        else None
    )
    seance.convocation = (
        Convocation.objects.filter(seance=seance, membre=seance.membre).first()
        if seance.membre
        else None
    )
    # What the page offers is what the workflow allows this person now.
    actions = workflow.actions_possibles(user, seance)
    seance.peut_modifier_ordre_du_jour = "modifier_ordre_du_jour" in actions
    seance.peut_publier_ordre_du_jour = "publier_ordre_du_jour" in actions
    seance.peut_repondre_convocation = "repondre_convocation" in actions
    seance.peut_decider = "decider" in actions
    seance.peut_clore = "clore" in actions
    seance.peut_publier_releve = "publier_releve" in actions
    seance.commencee = workflow.seance_commencee(seance)
    seance.changements_annonces = workflow.changements_annonces(seance)
    seance.releve_lisible = workflow.releve_lisible(user, seance)
    # A collectivité that is not a member reads the public agenda only: titles, not the files.
    seance.voit_les_dossiers = seance.gere or seance.membre is not None
    # The video-conference link is for those who sit: the State and the members (page, .ics).
    seance.voit_la_visio = seance.gere or seance.membre is not None
    # A member reads the files of the public items; those of internal items stay with the State.
    for point in seance.liste_des_points:
        point.dossier_visible = seance.gere or (seance.voit_les_dossiers and not point.interne)
    return seance


def passages_en_comite(user, demande, *, voit_l_interne):
    """The agenda items of ``demande`` its page shows to ``user``, the most recent séance first,
    each with ``seance_lisible`` (whether ``user`` may open the séance's page).

    The State sees every item; anyone else, the items of published agendas, and internal items
    only when they read the demande's internal notes (``voit_l_interne``: the operators), as
    the decision's notifications go. Two queries at most.
    """
    points = PointOrdreDuJour.objects.filter(demande=demande).select_related("seance", "decide_par")
    # The demande sits on its département's comité's agendas only (``inscrire_demande``).
    if not est_agent_de_l_etat(user, demande.departement_id):
        points = points.filter(seance__statut__in=STATUTS_PUBLIES)
        if not voit_l_interne:
            points = points.filter(interne=False)
    points = list(points.order_by("-seance__date", "-pk"))
    if points:
        lisibles = set(
            seances_visibles(user)
            .filter(pk__in=[point.seance_id for point in points])
            .values_list("pk", flat=True)
        )
        for point in points:
            point.seance_lisible = point.seance_id in lisibles
    return points


def duree_prevue(seance):
    """Minutes planned for the whole agenda: internal items take the comité's time too, even
    for a reader who does not see them."""
    # Not ``seance.points``: on a page's séance it holds the reader's items only (prefetch).
    points = PointOrdreDuJour.objects.filter(seance=seance, date_retrait__isnull=True)
    return points.aggregate(total=Sum("duree_minutes"))["total"] or 0


def _modifications():
    return ModificationOrdreDuJour.objects.select_related("auteur")


def convocations(seance):
    return list(
        Convocation.objects.filter(seance=seance)
        .select_related("membre__user")
        .order_by("membre__qualite", "membre__user__nom")
    )


def demandes_a_inscrire(comite):
    """Routed requests of the comité's département, ready for its agenda."""
    return (
        Demande.objects.filter(statut=Statut.ORIENTEE, departement=comite.departement_id)
        .select_related("collectivite")
        .order_by("date_orientation", "pk")
    )


def rapporteurs_possibles(comite):
    """The State staff of the comité's département and the comité's members."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                rattachements__service__in=["prefecture", "ddt"],
                rattachements__departement=comite.departement_id,
            )
            | Q(membres_comite__comite=comite)
        )
        .distinct()
        .order_by("nom", "prenom")
    )


def convocations_a_repondre(user):
    """``user``'s convocations still open and unanswered, soonest séance first."""
    return (
        Convocation.objects.filter(
            membre__user=user,
            reponse="",
            seance__statut__in=workflow.TRANSITIONS["repondre_convocation"].sources,
        )
        .select_related("seance")
        .order_by("seance__date", "seance__pk")
    )


def seances_a_clore(avant):
    """Séances held before ``avant`` whose agenda is still open: someone forgot to close them."""
    return Seance.objects.filter(
        date__lt=avant, statut__in=workflow.ORDRE_DU_JOUR_OUVERT
    ).select_related("comite")


def agents_du_comite(comite):
    """The préfecture's and the DDT's people of the comité's département."""
    return User.objects.filter(
        is_active=True,
        rattachements__service__in=["prefecture", "ddt"],
        rattachements__departement=comite.departement_id,
    ).distinct()
