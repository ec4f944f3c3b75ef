from celery import shared_task

from . import conservation, relances


@shared_task(ignore_result=True)
def appliquer_la_conservation():
    """Each night: warn about the demandes reaching the end of retention, purge the expired."""
    return {"averties": conservation.avertir(), "purgees": conservation.purger()}


@shared_task(ignore_result=True)
def envoyer_relances_etat():
    """The préfet's and DDT's morning digest of demandes waiting beyond their delay."""
    return relances.envoyer_recapitulatif_des_retards()
