"""The dashboard's filters, tabs, search and sort: everything lives in the URL."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, Q
from dsfr.forms import DsfrBaseForm

from avis.selectors import avec_avis_en_attente
from demandes import destinataires
from demandes.models import Demande, Etiquette, Statut, Suivi
from guichet.comptes.models import User
from guichet.comptes.roles import dans_ses_departements, departements_vus
from guichet.territoire.models import (
    Collectivite,
    Operateur,
    ProgrammeNational,
    Thematique,
    TypeCollectivite,
)

from . import francais

S = Statut

STATUTS_CLOS = frozenset({S.CLOTUREE, S.CLASSEE_SANS_SUITE})

# Each tab: its label and the statuses it holds; « Suivies » depends on the person (see
# ``suivies_par``). The tabs follow the next action: « À traiter » waits on the State (filed, or
# in instruction, a complement just answered for instance), « En attente » on the others (the
# collectivité, the operators, the comité), « Traitées » holds the final decisions only.
ONGLETS = {
    "a_traiter": ("À traiter", frozenset({S.DEPOSEE, S.EN_INSTRUCTION})),
    "suivies": ("Suivies", None),
    "en_attente": ("En attente", frozenset({S.A_COMPLETER, S.ORIENTEE, S.INSCRITE_COMITE})),
    "traitees": ("Traitées", frozenset({S.ACCOMPAGNEE})),
    "toutes": ("Toutes", frozenset(S) - STATUTS_CLOS - {S.BROUILLON}),
    "archivees": ("Archivées", STATUTS_CLOS),
}
ONGLET_PAR_DEFAUT = "a_traiter"


TRIS = {
    "reference": "reference",
    "collectivite": "collectivite__nom",
    "titre": "titre",
    "statut": "statut",
    "referent": "referent__nom",
    "depot": "date_depot",
    "attente": "date_depot",  # the longer the wait, the older the filing
}
# The sorts on words, in French order (« Étude » among the E).
TRIS_EN_FRANCAIS = {"collectivite__nom", "titre", "referent__nom"}


def rechercher(queryset, texte, departements=None):
    """French full-text search on PostgreSQL, a substring search on SQLite, both blind to
    accents and case (« salle des fetes » finds « Salle des fêtes »); or the exact reference.

    ``departements`` (ids), the person's, is written into the text's branch of the condition:
    PostgreSQL does not carry the queryset's own département filter into the branches of
    « text OR reference », and would read the search index of the whole country for the text
    (at 1,000,000 demandes, 22 ms for a count of the 90's instead of 6: bench/RESULTS.md). With
    it, the text is matched on the département's rows, found by their index."""
    texte = texte.strip()[:200]
    if not texte:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        # The stored vector (see demandes' migrations 0008 and 0013) and the unique reference.
        requete = SearchQuery(
            texte, config=francais.CONFIGURATION_DE_RECHERCHE, search_type="websearch"
        )
        dans_le_texte = Q(recherche=requete)
        if departements is not None:
            dans_le_texte &= Q(departement__in=departements)
        return queryset.filter(dans_le_texte | Q(reference=texte.upper()))
    cherche = francais.sans_accents(texte)
    return queryset.alias(
        titre_sans_accents=francais.SansAccents("titre"),
        description_sans_accents=francais.SansAccents("description"),
        collectivite_sans_accents=francais.SansAccents("collectivite__nom"),
    ).filter(
        Q(titre_sans_accents__contains=cherche)
        | Q(description_sans_accents__contains=cherche)
        | Q(collectivite_sans_accents__contains=cherche)
        | Q(reference__iexact=texte)
    )


class FormulaireDesFiltres(DsfrBaseForm):
    """The filters' form: django-dsfr's form, its fields written by the dashboard's own snippet
    (``_partials/champ.html``)."""


def _lister(queryset, libelle=None):
    """The choices of a select, ``(key, label)`` for each row of ``queryset``: the label read
    from its column ``libelle`` (no model object built: a third of what the lists cost), or
    ``str()`` of the row when it takes several columns (a person's name)."""

    def choix():
        if libelle is None:
            return [(str(objet.pk), str(objet)) for objet in queryset.all()]
        return [(str(pk), nom) for pk, nom in queryset.values_list("pk", libelle)]

    return choix


def _choix(label, queryset, vide, libelle="nom", **autres):
    """A select of ``queryset``'s rows, read in one plain query when the form is built (a model
    choice field would read them through a server-side cursor, three round trips each). The
    posted value must be one of these keys: anything else is an invalid filter, ignored."""
    # One value: at most one linked row per demande (the links are unique), so no DISTINCT.
    return django_filters.ChoiceFilter(
        label=label, choices=_lister(queryset, libelle), empty_label=vide, distinct=False, **autres
    )


class DemandeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="filtrer_texte")
    statut = django_filters.MultipleChoiceFilter(
        label="Statut",
        distinct=False,
        choices=[c for c in S.choices if c[0] != S.BROUILLON],
        widget=forms.CheckboxSelectMultiple,
    )
    thematique = _choix("Thématique", Thematique.objects.all(), "Toutes", field_name="thematiques")
    # EPCI, communes and referents: the person's départements' (see ``__init__``).
    epci = _choix("EPCI", Collectivite.objects.none(), "Tous", field_name="collectivite__epci")
    commune = _choix("Commune", Collectivite.objects.none(), "Toutes", field_name="collectivite")
    operateur = _choix(
        "Opérateur",
        Operateur.objects.all(),
        "Tous",
        libelle="sigle",
        field_name="orientations__operateur",
    )
    referent = _choix("Référent", User.objects.none(), "Tous", libelle=None)
    programme = _choix("Programme national", ProgrammeNational.objects.all(), "Tous")
    depose_apres = django_filters.DateFilter(
        label="Déposée à partir du",
        field_name="date_depot",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    depose_avant = django_filters.DateFilter(
        label="Déposée jusqu'au",
        field_name="date_depot",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # The common labels and those of the person's départements (see ``__init__``).
    etiquette = _choix("Étiquette", Etiquette.objects.none(), "Toutes", field_name="etiquettes")
    mes_demandes = django_filters.BooleanFilter(
        label="Seulement celles dont je suis référent",
        method="filtrer_miennes",
        widget=forms.CheckboxInput,
    )
    avis_en_attente = django_filters.BooleanFilter(
        label="Avis en attente",
        help_text="Un avis d'expert demandé, ni rendu ni révoqué.",
        method="filtrer_avis_en_attente",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Demande
        fields = []
        form = FormulaireDesFiltres

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        # The collectivités, agents and labels of the person's départements only: nothing of
        # another département is offered, nor named.
        siennes = Collectivite.objects.filter(dans_ses_departements(user))
        for nom, queryset, libelle in (
            ("epci", siennes.filter(type=TypeCollectivite.EPCI), "nom"),
            ("commune", siennes.filter(type=TypeCollectivite.COMMUNE), "nom"),
            ("referent", destinataires.collegues(user), None),
            ("etiquette", Etiquette.objects.pour(user), "nom"),
        ):
            self.filters[nom].extra["choices"] = _lister(queryset, libelle)

    def filtrer_texte(self, queryset, name, value):
        # A superuser searches every département; anyone else, their own (the dashboard shows
        # nothing else to them).
        return rechercher(queryset, value, departements_vus(self.user))

    def filtrer_miennes(self, queryset, name, value):
        return queryset.filter(referent=self.user) if value else queryset

    def filtrer_avis_en_attente(self, queryset, name, value):
        return avec_avis_en_attente(queryset) if value else queryset


def _suivies(user):
    # As ``IN (subquery)``: PostgreSQL hashes the person's few follows once, where ``EXISTS``
    # probed them for every demande.
    return Q(pk__in=Suivi.objects.filter(user=user, suivie=True).values("demande_id"))


def suivies_par(user):
    """Demandes ``user`` refers or follows."""
    return Q(referent=user) | _suivies(user)


def suivies_sans_etre_referent(user):
    """Demandes ``user`` follows without being their referent."""
    return _suivies(user) & ~Q(referent=user)


def onglet_demande(valeur):
    """The tab named by ``valeur``, the default one for anything else."""
    return valeur if valeur in ONGLETS else ONGLET_PAR_DEFAUT


def filtrer_onglet(queryset, onglet, user):
    if onglet == "suivies":
        return queryset.filter(suivies_par(user))
    return queryset.filter(statut__in=ONGLETS[onglet_demande(onglet)][1])


def trier(queryset, tri):
    """``tri`` is a key of TRIS, with a leading « - » for descending; unknown keys are ignored."""
    descendant = tri.startswith("-")
    champ = TRIS.get(tri.lstrip("-"))
    if champ is None:
        return queryset.order_by("date_depot", "pk"), "depot"
    if tri.lstrip("-") == "attente":
        descendant = not descendant
    expression = francais.en_ordre_francais(champ) if champ in TRIS_EN_FRANCAIS else F(champ)
    return queryset.order_by(expression.desc() if descendant else expression.asc(), "pk"), tri
