"""Read queries for the demandes pages: each returns exactly what its template needs."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from avis import regles as regles_des_avis
from comite.selectors import dossier_lu_par_le_comite, voit_les_avis
from guichet.a_faire import compter_par_filtre
from guichet.comptes.models import Rattachement, ServiceEtat
from guichet.comptes.roles import Role, est_agent_de_l_etat
from guichet.francais import pluriel
from guichet.pagination import PaginateurCompte
from guichet.territoire.models import Operateur
from operateurs import workflow as workflow_operateurs
from operateurs.models import Orientation, RegleOrientation, StatutOrientation

from . import workflow
from .models import (
    A_LA_SUITE,
    Demande,
    DemandeComplement,
    Etiquette,
    Evenement,
    Message,
    PieceJointe,
    PointComplement,
    Sourdine,
    Statut,
    Suivi,
    TypeEvenement,
)


def voit_l_interne(user):
    """State staff and operators read internal notes; a collectivité never does."""
    return est_agent_de_l_etat(user) or user.a_le_role(Role.OPERATEUR)


def _reponses_des_autres_operateurs(user):
    """The timeline's internal operator events (an opinion, a refusal and its reason) that
    ``user``, an operator, does not read: those of the operators they do not belong to."""
    de_mon_operateur = Rattachement.objects.filter(
        user=OuterRef("auteur"), operateur__rattachements__user=user
    )
    return Q(type=TypeEvenement.OPERATEUR, interne=True) & ~Exists(de_mon_operateur)


def evenements_lisibles(user):
    """The timeline events ``user`` reads, on the demandes they see: internal ones for the State
    and operators only, and an operator never reads another operator's internal answers."""
    evenements = Evenement.objects.all()
    if not voit_l_interne(user):
        return evenements.filter(interne=False)
    if not est_agent_de_l_etat(user):
        return evenements.exclude(_reponses_des_autres_operateurs(user)).exclude(
            regles_des_avis.evenements_caches(user)
        )
    return evenements


def demandes_visibles(user):
    return Demande.objects.visibles_par(user)


def pieces_visibles(user, demande):
    """The documents of ``demande`` that ``user`` reads: all of them, but those of internal
    notes for the State and operators only."""
    pieces = PieceJointe.objects.filter(demande=demande)
    if not voit_l_interne(user):
        pieces = pieces.exclude(message__interne=True)
    return pieces


SERVICES_COURTS = {ServiceEtat.PREFECTURE: "Préfecture", ServiceEtat.DDT: "DDT"}


def organisation_de(rattachements, demande):
    """Who a person acts for on ``demande``, in a word, from their ``rattachements`` (with
    their collectivité and operator): the demande's collectivité (« Delle ») if they belong to
    it, else their State service or operator; "" for anyone else."""
    for rattachement in rattachements:
        if rattachement.collectivite_id == demande.collectivite_id:
            return rattachement.collectivite.nom
    for rattachement in rattachements:
        if rattachement.service:
            return SERVICES_COURTS.get(rattachement.service, rattachement.get_service_display())
    for rattachement in rattachements:
        if rattachement.operateur_id:
            return rattachement.operateur.sigle
    return ""


def _nommer_les_organisations(elements, demande):
    """Set ``organisation`` on each message or event of the page: one query for all."""
    auteurs = {element.auteur_id for element in elements if element.auteur_id}
    rattachements = defaultdict(list)
    for rattachement in Rattachement.objects.filter(user__in=auteurs).select_related(
        "collectivite", "operateur"
    ):
        rattachements[rattachement.user_id].append(rattachement)
    for element in elements:
        element.organisation = organisation_de(rattachements[element.auteur_id], demande)


def liste_des_demandes(user):
    """« Mes demandes »: those of the person's own collectivités."""
    return (
        Demande.objects.visibles_par(user)
        .de_ses_collectivites(user)
        .select_related("collectivite")
        .prefetch_related("thematiques")
        .order_by("-date_modification", "-pk")
    )


def a_faire_de_l_etat(user):
    """What waits on ``user``, a State agent: the filed demandes nobody took in charge yet, and
    those in instruction they refer. One query."""
    return compter_par_filtre(
        Demande.objects.visibles_par(user),
        a_prendre_en_charge=Q(statut=Statut.DEPOSEE),
        a_instruire=Q(statut=Statut.EN_INSTRUCTION, referent=user),
    )


def a_faire_de_la_collectivite(user):
    """What waits on ``user``'s collectivités: complements to give, drafts to file. One query."""
    return compter_par_filtre(
        Demande.objects.visibles_par(user).de_ses_collectivites(user),
        complements=Q(statut=Statut.A_COMPLETER),
        brouillons=Q(statut=Statut.BROUILLON),
    )


def a_faire_par_collectivite(user):
    """For a person of several collectivités, how many complements and drafts wait in each of
    them, by name (those with nothing waiting left out). One query."""
    return [
        ligne
        for ligne in Demande.objects.visibles_par(user)
        .de_ses_collectivites(user)
        .values("collectivite__nom")
        .annotate(
            complements=Count("pk", filter=Q(statut=Statut.A_COMPLETER)),
            brouillons=Count("pk", filter=Q(statut=Statut.BROUILLON)),
        )
        .order_by("collectivite__nom")
        if ligne["complements"] or ligne["brouillons"]
    ]


# The request page shows the most recent part of the thread and of the timeline; older
# messages and events are a page away (``?echanges=2``, ``?historique=2``).
PAR_PAGE_ECHANGES = 20
PAR_PAGE_HISTORIQUE = 30


class PlusRecents:
    """One page of a list read from its most recent end: page 1 holds the most recent items.

    ``elements`` gives the page oldest first, as it reads; ``premier`` and ``dernier`` are the
    positions of its first and last items in the whole list, counted from the oldest.
    """

    def __init__(self, queryset, numero, *, par_page, total):
        self.page = PaginateurCompte(queryset, par_page, total=total).get_page(numero)
        self.total = total
        self.pagine = self.page.paginator.num_pages > 1
        self.elements = list(self.page)[::-1]
        self.premier = total - self.page.end_index() + 1
        self.dernier = total - self.page.start_index() + 1
        self.plus_anciens = self.page.next_page_number() if self.page.has_next() else None
        self.plus_recents = self.page.previous_page_number() if self.page.has_previous() else None
        self.les_plus_anciens = self.page.paginator.num_pages


def _nombre(queryset):
    """``queryset``'s row count as a subquery of the demande's query (0 when empty)."""
    compte = queryset.filter(demande=OuterRef("pk")).order_by().values("demande")
    return Coalesce(Subquery(compte.annotate(n=Count("pk")).values("n")), 0)


def demande_pour_detail(user, pk, *, page_echanges=None, page_historique=None):
    """The demande with what its page shows, as ``user`` may see it: its documents, routings
    and open complement, and one page of its thread and of its timeline (the most recent by
    default; see ``PlusRecents``).

    The number of queries does not depend on how long the thread or the timeline is.
    Raises ``Demande.DoesNotExist`` when ``user`` may not see it (the view answers 404).
    """
    # A State agent only sees their départements' demandes: what they read of one depends on
    # their role alone.
    interne = voit_l_interne(user)
    messages = Message.objects.all()
    evenements = evenements_lisibles(user)
    pieces = PieceJointe.objects.select_related("depose_par")
    if not interne:
        messages = messages.filter(interne=False)
        pieces = pieces.exclude(message__interne=True)
    orientations = Orientation.objects.select_related(
        "operateur", "oriente_par", "responsable"
    ).annotate(
        est_la_mienne=Exists(
            Rattachement.objects.filter(user=user, operateur=OuterRef("operateur_id"))
        )
    )
    demande = (
        Demande.objects.visibles_par(user)
        .select_related(
            "collectivite__epci",
            "deposant",
            "referent",
            "programme",
            "deposee_pour_le_compte_par",
        )
        .annotate(
            nombre_messages=_nombre(messages),
            nombre_evenements=_nombre(evenements),
            en_sourdine=Exists(Sourdine.objects.filter(demande=OuterRef("pk"), user=user)),
            suivie=Exists(Suivi.objects.filter(demande=OuterRef("pk"), user=user, suivie=True)),
            lue_par_le_comite=dossier_lu_par_le_comite(user),
        )
        .prefetch_related(
            "thematiques",
            Prefetch("pieces", queryset=pieces, to_attr="pieces_visibles"),
            Prefetch(
                "complements",
                queryset=DemandeComplement.objects.select_related("demande_par", "repondu_par"),
                to_attr="tous_les_complements",
            ),
            Prefetch("orientations", queryset=orientations),
        )
        .get(pk=pk)
    )
    demande.echanges = PlusRecents(
        messages.filter(demande=demande).select_related("auteur").order_by("-date", "-pk"),
        page_echanges,
        par_page=PAR_PAGE_ECHANGES,
        total=demande.nombre_messages,
    )
    demande.historique = PlusRecents(
        evenements.filter(demande=demande).select_related("auteur").order_by("-date", "-pk"),
        page_historique,
        par_page=PAR_PAGE_HISTORIQUE,
        total=demande.nombre_evenements,
    )
    _nommer_les_organisations([*demande.echanges.elements, *demande.historique.elements], demande)
    _ranger_complements_et_pieces(demande)
    demande.actions = {t.nom for t in workflow.actions_possibles(user, demande)}
    demande.est_agent_de_l_etat = est_agent_de_l_etat(user, demande.departement_id)
    demande.voit_l_interne = interne
    _lecture_des_reponses(user, demande)
    demande.peut_ecrire = workflow.peut_ecrire(user, demande)
    demande.peut_confier = workflow.peut_confier(user, demande)
    demande.est_de_ma_collectivite = workflow.est_de_la_collectivite(user, demande)
    demande.peut_reprendre = workflow.peut_reprendre(user, demande)
    demande.a_la_suite = A_LA_SUITE.get(demande.canal, "")
    demande.peut_modifier_brouillon = workflow.peut_modifier_brouillon(user, demande)
    demande.a_ete_deposee = workflow.a_ete_deposee(demande)
    demande.peut_ajouter_des_documents = workflow.peut_ajouter_des_documents(user, demande)
    if demande.est_agent_de_l_etat:
        posee = Etiquette.demandes.through.objects.filter(etiquette=OuterRef("pk"), demande=demande)
        demande.etiquettes_equipe = [
            (etiquette, etiquette.posee)
            for etiquette in Etiquette.objects.du_departement(demande.departement_id).annotate(
                posee=Exists(posee)
            )
        ]
    demande.mes_orientations = (
        [o for o in demande.orientations.all() if o.est_la_mienne]
        if user.a_le_role(Role.OPERATEUR)
        else []
    )
    for orientation in demande.mes_orientations:
        orientation.actions = workflow_operateurs.actions_possibles(orientation)
    return demande


def _ranger_complements_et_pieces(demande):
    """Hand each complement its points and documents, each message of the page its
    attachments and the complement it answers, and the file its own documents: from the
    documents already read and one query for every point, whatever their number."""
    documents_de = defaultdict(list)
    for piece in demande.pieces_visibles:
        documents_de[("message", piece.message_id)].append(piece)
        documents_de[("complement", piece.complement_id)].append(piece)
    points = defaultdict(list)
    for point in PointComplement.objects.filter(complement__demande=demande):
        points[point.complement_id].append(point)
    complements = {complement.pk: complement for complement in demande.tous_les_complements}
    for complement in complements.values():
        complement.liste_des_points = points[complement.pk]
        complement.documents = documents_de[("complement", complement.pk)]
    for message in demande.echanges.elements:
        message.documents = documents_de[("message", message.pk)]
        message.complement_repondu = complements.get(message.complement_id)
    demande.complements_repondus = [c for c in complements.values() if not c.ouvert]
    demande.complement_ouvert = next((c for c in complements.values() if c.ouvert), None)
    demande.documents_du_dossier = documents_de[("message", None)]


def _lecture_des_reponses(user, demande):
    """What ``user`` reads of each operator's answer. Offers: whoever sees the demande. Opinions
    (avis): the State, the comité (on its agendas' files) and the operator that wrote it, never
    the collectivité nor the other operators. Refusal reasons: the State and that operator."""
    tous_les_avis = demande.est_agent_de_l_etat or (
        demande.lue_par_le_comite and voit_les_avis(user)
    )
    for orientation in demande.orientations.all():
        orientation.avis_lisible = tous_les_avis or orientation.est_la_mienne
        orientation.motif_refus_lisible = demande.est_agent_de_l_etat or orientation.est_la_mienne


@dataclass(frozen=True)
class Suggestion:
    """An operator proposed for a demande, and why, in words."""

    operateur: object
    score: int
    # The demande's themes for which a routing rule names the operator, heaviest rule first
    # (listed with commas: a theme's name often holds « et »).
    thematiques: tuple
    accompagnements: int

    @property
    def raison(self):
        """« Thématique Habitat : règle de l'Anah ; 2 accompagnements acceptés sur ces
        thématiques »."""
        raisons = []
        if self.thematiques:
            nombre = len(self.thematiques)
            raisons.append(
                f"Thématique{pluriel(nombre)} {', '.join(self.thematiques)} : "
                f"règle{pluriel(nombre)} {self.operateur.de_article}"
            )
        if self.accompagnements:
            fin = pluriel(self.accompagnements)
            raisons.append(
                f"{self.accompagnements} accompagnement{fin} accepté{fin} sur ces thématiques"
            )
        if not raisons:
            return "Aucune règle d'orientation ni accompagnement sur les thématiques de la demande"
        return " ; ".join(raisons)


def operateurs_suggeres(demande):
    """Every active operator, best first: the weights of the routing rules of the demande's
    département for its themes, plus the number of past demandes on the same themes the operator
    accepted. Three queries.
    """
    themes = [t.pk for t in demande.thematiques.all()]
    regles = defaultdict(list)
    for regle in (
        RegleOrientation.objects.pour_la_demande(demande)
        .filter(thematique__in=themes)
        .select_related("thematique")
        .order_by("-poids", "thematique__ordre", "thematique__nom")
    ):
        regles[regle.operateur_id].append(regle)
    accompagnements = dict(
        Orientation.objects.filter(
            statut__in=[StatutOrientation.ACCEPTEE, StatutOrientation.TERMINEE],
            demande__thematiques__in=themes,
        )
        .exclude(demande=demande)
        .values("operateur")
        .annotate(total=Count("demande", distinct=True))
        .values_list("operateur", "total")
    )
    suggestions = [
        Suggestion(
            operateur=operateur,
            score=sum(r.poids for r in regles[operateur.pk]) + accompagnements.get(operateur.pk, 0),
            thematiques=tuple(r.thematique.nom for r in regles[operateur.pk]),
            accompagnements=accompagnements.get(operateur.pk, 0),
        )
        for operateur in Operateur.objects.filter(actif=True)
    ]
    return sorted(suggestions, key=lambda s: (-s.score, s.operateur.sigle.casefold()))
