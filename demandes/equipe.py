"""The State team's own tools on demandes: following, seen times, labels.

These writes change no demande, so they record no timeline event and notify no one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Suivi


def marquer_vue(*, user, demande):
    """Remember that ``user`` has just read the demande (for the « what changed » badges).

    One UPDATE on every visit but the first (this runs on each display of a demande).
    """
    maintenant = timezone.now()
    if not Suivi.objects.filter(user=user, demande=demande).update(vu_le=maintenant):
        suivi, cree = Suivi.objects.get_or_create(
            user=user, demande=demande, defaults={"vu_le": maintenant}
        )
        if not cree:  # created meanwhile by a second tab
            Suivi.objects.filter(pk=suivi.pk).update(vu_le=maintenant)


def suivre(*, user, demandes, suivie=True):
    with transaction.atomic():
        for demande in demandes:
            Suivi.objects.update_or_create(user=user, demande=demande, defaults={"suivie": suivie})


def etiqueter(*, demandes, etiquette, retirer=False):
    """Put ``etiquette`` on ``demandes`` (or take it off). A département's own label goes on
    its demandes only: any other refuses the whole lot, nothing written."""
    if etiquette.departement_id and not retirer:
        ailleurs = [d.reference for d in demandes if d.departement_id != etiquette.departement_id]
        if ailleurs:
            raise ValidationError(
                {
                    "etiquette": f"L'étiquette « {etiquette} » est celle d'un autre département "
                    f"que celui de : {', '.join(ailleurs)}. Elle ne se pose que sur ses demandes."
                }
            )
    if retirer:
        etiquette.demandes.remove(*demandes)
    else:
        etiquette.demandes.add(*demandes)
