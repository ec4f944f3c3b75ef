from django import forms
from django.template.defaultfilters import filesizeformat
from dsfr.forms import DsfrBaseForm

from demandes.forms import VersionMixin
from guichet.formulaires import ChoixMultiplesDeModeles, helper_avec_bouton

from .services import pieces_choisissables


class ChoixDesPiecesForm(VersionMixin, DsfrBaseForm):
    """One group of checkboxes per item with a demande (``point_<pk>``): its documents, the
    chosen ones checked."""

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        for numero, point in points:
            pieces = point.pieces_possibles
            champ = ChoixMultiplesDeModeles(
                label=f"{numero}. {point.titre}",
                help_text=(
                    f"{point.demande.reference} · {point.demande.collectivite.nom}"
                    if pieces
                    else "Cette demande n'a aucun document à joindre au dossier."
                ),
                queryset=pieces_choisissables(point.demande),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            # Set after the field: its choices pass to its widget. The service checks the rest.
            champ.choices = [
                (
                    piece.pk,
                    f"{piece.nom} ({piece.extension.lstrip('.').upper()}, "
                    f"{filesizeformat(piece.taille)})",
                )
                for piece in pieces
            ]
            self.fields[f"point_{point.pk}"] = champ
            self.initial.setdefault(
                f"point_{point.pk}", [piece.pk for piece in point.pieces_du_dossier.all()]
            )
        self.helper = helper_avec_bouton("Enregistrer le choix des documents")

    def choix(self):
        """The service's ``choix``: each item's pk and its chosen documents."""
        return {point.pk: self.cleaned_data[f"point_{point.pk}"] for _, point in self.points}
