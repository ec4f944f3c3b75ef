"""Read queries for the demandes pages: each returns exactly what its template needs."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Sum

from guichet.comptes.roles import ROLES_ETAT, Role
from operateurs.models import Operateur, Orientation, RegleOrientation, StatutOrientation

from . import workflow
from .models import Demande, Etiquette, Evenement, Message


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
            Prefetch("orientations", queryset=Orientation.objects.select_related("operateur")),
        )
        .get(pk=pk)
    )
    demande.complement_ouvert = next((c for c in demande.complements.all() if c.ouvert), None)
    demande.actions = {t.nom for t in workflow.actions_possibles(user, demande)}
    demande.est_de_ma_collectivite = workflow.est_de_la_collectivite(user, demande)
    demande.en_sourdine = demande.sourdines.filter(user=user).exists()
    demande.est_agent_de_l_etat = user.is_superuser or user.a_le_role(*ROLES_ETAT)
    demande.voit_l_interne = interne
    if demande.est_agent_de_l_etat:
        demande.suivie = demande.suivis.filter(user=user, suivie=True).exists()
        posees = set(demande.etiquettes.values_list("pk", flat=True))
        demande.etiquettes_equipe = [(e, e.pk in posees) for e in Etiquette.objects.all()]
    mes_operateurs = (
        set(user.rattachements.exclude(operateur=None).values_list("operateur_id", flat=True))
        if user.a_le_role(Role.OPERATEUR)
        else set()
    )
    demande.mes_orientations = [
        o for o in demande.orientations.all() if o.operateur_id in mes_operateurs
    ]
    return demande


@dataclass(frozen=True)
class Suggestion:
    operateur: object
    score: int
    regles: int
    accompagnements: int

    @property
    def libelle(self):
        raisons = []
        if self.regles:
            raisons.append(f"règles : {self.regles}")
        if self.accompagnements:
            pluriel = "s" if self.accompagnements > 1 else ""
            raisons.append(f"{self.accompagnements} accompagnement{pluriel} sur ces thèmes")
        return f"{self.operateur.nom}" + (f" ({', '.join(raisons)})" if raisons else "")


def operateurs_suggeres(demande):
    """Every active operator, best first: routing-rule weights for the demande's themes plus the
    number of past demandes on the same themes the operator accepted. Three queries.
    """
    themes = [t.pk for t in demande.thematiques.all()]
    regles = dict(
        RegleOrientation.objects.filter(thematique__in=themes)
        .values("operateur")
        .annotate(total=Sum("poids"))
        .values_list("operateur", "total")
    )
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
            score=regles.get(operateur.pk, 0) + accompagnements.get(operateur.pk, 0),
            regles=regles.get(operateur.pk, 0),
            accompagnements=accompagnements.get(operateur.pk, 0),
        )
        for operateur in Operateur.objects.filter(actif=True)
    ]
    return sorted(suggestions, key=lambda s: (-s.score, s.operateur.sigle))
