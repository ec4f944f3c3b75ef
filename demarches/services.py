"""Preparing a prefilled DS dossier for a demande: one use case, in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from demandes.models import Demande, Evenement, Statut, TypeEvenement
from guichet.comptes.roles import est_agent_de_l_etat

from .models import DossierPrepare
from .preremplissage import lien_prerempli
from .regles import NON_ACCOMPAGNEE


def preparer_dossier(*, demande, demarche, par):
    """Build the prefilled link of ``demarche`` for ``demande``, keep it with the demande and
    tell it in its timeline (internal: the link carries the contact's details).

    Only a State agent prepares it (``PermissionDenied``), for a supported demande and an
    active démarche (``ValidationError``). Nothing is sent to DS: the agent opens the link.
    """
    if not est_agent_de_l_etat(par, demande.departement_id):
        raise PermissionDenied("Seuls la préfecture et la DDT préparent un dossier DETR/DSIL.")
    if not demarche.active:
        raise ValidationError({"demarche": "Cette démarche n'est plus proposée."})
    with transaction.atomic():
        demande = Demande.objects.select_for_update().get(pk=demande.pk)
        if demande.statut != Statut.ACCOMPAGNEE:
            raise ValidationError(NON_ACCOMPAGNEE)
        lien = lien_prerempli(demarche=demarche, demande=demande)
        dossier = DossierPrepare.objects.create(
            demande=demande, demarche=demarche, lien=lien, prepare_par=par
        )
        Evenement.objects.create(
            demande=demande,
            auteur=par,
            type=TypeEvenement.DOSSIER_DS,
            libelle=f"Dossier pré-rempli préparé sur Démarches Simplifiées : {demarche}",
            detail=lien,
            interne=True,
        )
    return dossier
