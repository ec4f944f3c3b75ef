from celery import shared_task
from celery.signals import worker_ready

from . import compteurs, conservation, relances, tableau


@shared_task(ignore_result=True)
def appliquer_la_conservation():
    """Each night: warn about the demandes reaching the end of retention, purge the expired."""
    return {"averties": conservation.avertir(), "purgees": conservation.purger()}


@shared_task(ignore_result=True)
def envoyer_relances_etat():
    """The préfet's and DDT's morning digest of demandes waiting beyond their delay."""
    return relances.envoyer_recapitulatif_des_retards()


@shared_task(ignore_result=True)
def recompter_le_tableau():
    """Recount the dashboard's general figures after a change, and every minute (the beat)."""
    compteurs.recompter(tableau.figures_generales)


@worker_ready.connect
def rechauffer_le_tableau(sender, **kwargs):
    """A worker that starts (after a reboot that emptied Redis with it) counts the dashboard's
    figures at once: the first agent does not wait for them, nor the beat's next minute."""
    recompter_le_tableau.delay()
