import datetime

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from demandes.forms import VersionMixin
from demandes.models import Demande, Statut
from guichet.comptes.models import User
from guichet.formulaires import ChoixDeModele, helper_avec_bouton
from guichet.territoire.models import Collectivite, Thematique

from . import selectors
from .models import Comite, Decision, ModeDecision, ReponseConvocation, Seance

FORMAT_DATE_HEURE = "%Y-%m-%dT%H:%M"
HORIZON_DES_SEANCES = datetime.timedelta(days=5 * 366)


class SeanceForm(VersionMixin, DsfrBaseForm):
    date = forms.DateTimeField(
        label="Date et heure",
        help_text="Heure de Paris.",
        input_formats=[FORMAT_DATE_HEURE, "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=FORMAT_DATE_HEURE),
        error_messages={
            "required": "Indiquez la date et l'heure de la séance.",
            "invalid": "Saisissez une date et une heure valides, par exemple 14/05/2026 14:30.",
        },
    )
    lieu = forms.CharField(
        label="Lieu",
        max_length=250,
        help_text="Exemple : Préfecture, salle des fêtes",
        error_messages={"required": "Indiquez le lieu de la séance."},
    )
    lien_visio = forms.URLField(
        label="Lien de visioconférence",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Format attendu : https://…",
        error_messages={"invalid": "Saisissez une adresse web complète, commençant par https://."},
    )

    def __init__(self, *args, bouton="Planifier la séance", departement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton(bouton)
        if departement is not None:
            # The préfecture of the comité's département: « Préfecture du Doubs ». The bound
            # field, made by the DSFR's form above, keeps its own copy of the help text.
            exemple = f"Exemple : Préfecture {departement.du_nom}, salle des fêtes"
            self.fields["lieu"].help_text = self["lieu"].help_text = exemple

    def clean_date(self):
        # The service refuses a past date; far in the future, the agenda and its invitation
        # would compute dates past the year 9999.
        date = self.cleaned_data["date"]
        if date > timezone.now() + HORIZON_DES_SEANCES:
            raise ValidationError("Choisissez une date dans les cinq ans qui viennent.")
        return date


class PlanificationForm(SeanceForm):
    """A new séance: with the comité it belongs to, chosen among ``comites`` when the agent
    serves several départements (one comité each); without the field when they serve one."""

    comite = ChoixDeModele(
        label="Comité",
        queryset=Comite.objects.none(),
        empty_label=None,
        help_text="Celui d'un des départements où vous êtes agent de l'État.",
        error_messages={
            "required": "Choisissez le comité de la séance.",
            "invalid_choice": "Choisissez le comité d'un de vos départements.",
        },
    )

    def __init__(self, *args, comites, **kwargs):
        super().__init__(*args, **kwargs)
        if len(comites) > 1:
            self.fields["comite"].queryset = Comite.objects.filter(
                pk__in=[c.pk for c in comites]
            ).order_by("departement__code")
            self.order_fields(["comite"])
        else:
            del self.fields["comite"]


class _PointMixin(forms.Form):
    rapporteur = ChoixDeModele(
        label="Rapporteur", queryset=User.objects.none(), required=False, empty_label="À désigner"
    )
    duree_minutes = forms.IntegerField(
        label="Durée prévue (minutes)", required=False, min_value=1, max_value=600
    )
    interne = forms.BooleanField(
        label="Point interne",
        help_text=(
            "Jamais montré aux collectivités ni à leurs représentants ; son dossier reste à "
            "l'État (les autres membres du comité n'en lisent que l'intitulé)."
        ),
        required=False,
    )

    def _preparer(self, comite, bouton, nom, *premiers):
        self.fields["rapporteur"].queryset = selectors.rapporteurs_possibles(comite)
        self.helper = helper_avec_bouton(bouton, nom)
        self.helper.layout = Layout(
            *premiers,
            Row(
                Column("rapporteur", css_class="fr-col-12 fr-col-md-6"),
                Column("duree_minutes", css_class="fr-col-12 fr-col-md-6"),
            ),
            "interne",
            "version",
        )


class InscriptionForm(VersionMixin, _PointMixin, DsfrBaseForm):
    # Any filed request validates, so that the service explains why a non-routed one, or one of
    # another département, is refused; the list offers only the comité's routed ones.
    demande = ChoixDeModele(
        label="Demande orientée",
        queryset=Demande.objects.exclude(statut=Statut.BROUILLON),
        error_messages={
            "required": "Choisissez la demande à inscrire.",
            "invalid_choice": "Cette demande n'existe pas.",
        },
    )

    def __init__(self, *args, comite, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demande"].choices = [("", "Choisir une demande")] + [
            (d.pk, f"{d.reference} — {d.titre} ({d.collectivite.nom})")
            for d in selectors.demandes_a_inscrire(comite)
        ]
        self._preparer(comite, "Inscrire à l'ordre du jour", "inscrire", "demande")


class SujetForm(VersionMixin, _PointMixin, DsfrBaseForm):
    sujet = forms.CharField(
        label="Sujet",
        max_length=300,
        help_text="Exemple : Point d'étape sur le programme Petites villes de demain",
        error_messages={"required": "Indiquez le sujet du point."},
    )

    def __init__(self, *args, comite, **kwargs):
        super().__init__(*args, **kwargs)
        self._preparer(comite, "Ajouter le point", "ajouter", "sujet")


class PointForm(VersionMixin, _PointMixin, DsfrBaseForm):
    def __init__(self, *args, comite, **kwargs):
        super().__init__(*args, **kwargs)
        self._preparer(comite, "Enregistrer", "valider")


class DecisionForm(VersionMixin, DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Décision du comité",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la décision."},
    )
    mode = forms.ChoiceField(
        label="Mode de décision",
        help_text=(
            "En séance : à partir de l'heure d'ouverture de la séance. Par consultation écrite : "
            "les membres ont été consultés par écrit, avant la séance si besoin."
        ),
        choices=ModeDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez comment le comité a décidé."},
    )
    commentaire = forms.CharField(
        label="Commentaire",
        help_text=(
            "Lu par la collectivité et les opérateurs concernés ; pour un point interne, par "
            "les opérateurs seulement."
        ),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Enregistrer la décision")


class ConvocationForm(DsfrBaseForm):
    reponse = forms.ChoiceField(
        label="Serez-vous présent ?",
        choices=ReponseConvocation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez votre réponse."},
    )
    represente_par = forms.CharField(
        label="Représenté par",
        help_text="Si vous êtes représenté : nom et fonction de la personne.",
        required=False,
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer ma réponse", "repondre")

    def clean(self):
        donnees = super().clean()
        if (
            donnees.get("reponse") == ReponseConvocation.REPRESENTE
            and not (donnees.get("represente_par") or "").strip()
        ):
            self.add_error("represente_par", "Indiquez qui vous représentera.")
        return donnees


class PrioriteForm(DsfrBaseForm):
    thematique = ChoixDeModele(
        label="Thématique",
        queryset=Thematique.objects.filter(active=True),
        empty_label="Choisir une thématique",
        error_messages={"required": "Choisissez la thématique."},
    )
    territoire = ChoixDeModele(
        label="Territoire",
        help_text="Un EPCI ou une commune ; laissez vide pour tout le département.",
        queryset=Collectivite.objects.none(),
        required=False,
    )
    seance = ChoixDeModele(
        label="Adoptée en séance", queryset=Seance.objects.none(), required=False, empty_label="—"
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, comite, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seance"].queryset = comite.seances.order_by("-date")
        # The comité's territory: the EPCI and communes of its département.
        self.fields["territoire"].empty_label = f"Tout le département : {comite.departement.nom}"
        self.fields["territoire"].queryset = Collectivite.objects.filter(
            type__in=["epci", "commune"], departement=comite.departement_id
        ).order_by("-type", "nom")
        self.helper = helper_avec_bouton("Ajouter la priorité")
