from django import forms
from dsfr.forms import DsfrBaseForm

from guichet.formulaires import helper_avec_bouton

from ..models import AvisConsultation, Decision, EtatPresence


class PresencesForm(DsfrBaseForm):
    """One choice (present, excused, represented) and one « représenté par » per member."""

    def __init__(self, *args, lignes, **kwargs):
        super().__init__(*args, **kwargs)
        self.membres = []
        for membre, etat, represente_par, _ in lignes:
            nom = membre.user.get_full_name() or membre.user.email
            self.fields[f"etat_{membre.pk}"] = forms.ChoiceField(
                label=f"{nom} ({membre.get_qualite_display()})",
                choices=EtatPresence.choices,
                widget=forms.RadioSelect,
                initial=etat or None,
                error_messages={
                    "required": f"Indiquez si {nom} est présent, excusé ou représenté."
                },
            )
            self.fields[f"represente_par_{membre.pk}"] = forms.CharField(
                label=f"{nom} : représenté par",
                help_text="Nom et fonction, si le membre est représenté.",
                required=False,
                max_length=200,
                initial=represente_par,
            )
            self.membres.append(membre.pk)
        self.helper = helper_avec_bouton("Enregistrer les présences")

    def presences(self):
        return {
            pk: (self.cleaned_data[f"etat_{pk}"], self.cleaned_data[f"represente_par_{pk}"])
            for pk in self.membres
        }


class CorrectionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Décision corrigée",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la décision corrigée."},
    )
    commentaire = forms.CharField(
        label="Commentaire de la décision",
        help_text="Lu par la collectivité (sauf point interne) et les opérateurs concernés.",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motif = forms.CharField(
        label="Motif de la correction",
        help_text="Obligatoire ; il figure dans l'historique et dans le message envoyé.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif de la correction."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Corriger la décision")


class RetraitForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif du retrait",
        help_text="Il figure dans l'historique de la séance et de la demande.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif du retrait."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Retirer le point de l'ordre du jour")


class ConsultationForm(DsfrBaseForm):
    question = forms.CharField(
        label="Question posée aux membres",
        help_text="Exemple : Le comité émet-il un avis favorable à l'accompagnement proposé ?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez ce qui est demandé aux membres."},
    )
    date_limite = forms.DateField(
        label="Réponses attendues avant le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Saisissez une date valide, par exemple 14/05/2026."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Soumettre le point aux membres")


class ReponseConsultationForm(DsfrBaseForm):
    avis = forms.ChoiceField(
        label="Votre avis",
        choices=AvisConsultation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez favorable, défavorable ou abstention."},
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer mon avis", "repondre")


class ClotureConsultationForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Décision du comité",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la décision du comité."},
    )
    commentaire = forms.CharField(
        label="Commentaire",
        help_text="Le décompte des avis des membres y est ajouté.",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton(
            "Clore la consultation et enregistrer la décision", "clore"
        )


class QuestionForm(DsfrBaseForm):
    texte = forms.CharField(
        label="Votre question ou remarque",
        help_text="Lue par la préfecture, la DDT et les autres membres du comité.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Écrivez votre question ou votre remarque."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer la question", "questionner")


class ReponseQuestionForm(DsfrBaseForm):
    reponse = forms.CharField(
        label="Réponse",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Écrivez la réponse."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Répondre", "repondre-question")
