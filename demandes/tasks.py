from celery import shared_task

from . import conservation, pieces_en_attente, relances


@shared_task(ignore_result=True)
def appliquer_la_conservation():
    """Each night: warn about the demandes reaching the end of retention, purge the expired."""
    return {"averties": conservation.avertir(), "purgees": conservation.purger()}


@shared_task(ignore_result=True)
def envoyer_relances_etat():
    """The préfet's and DDT's morning digest of demandes waiting beyond their delay."""
    return relances.envoyer_recapitulatif_des_retards()


@shared_task(ignore_result=True)
def nettoyer_les_pieces_en_attente():
    """Each night: remove the files of forms nobody came back to (``pieces_en_attente``)."""
    return pieces_en_attente.nettoyer()


@shared_task(ignore_result=True)
def envoyer_les_relances():
    """Each morning: remind the operators and collectivités that are late, once per delay."""
    return relances.envoyer_les_relances()
