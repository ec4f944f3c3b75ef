from celery import shared_task

from . import compteurs, conservation, tableau


@shared_task(ignore_result=True)
def appliquer_la_conservation():
    """Each night: warn about the demandes reaching the end of retention, purge the expired."""
    return {"averties": conservation.avertir(), "purgees": conservation.purger()}


@shared_task(ignore_result=True)
def recompter_le_tableau():
    """Recount the dashboard's general figures after a change, and every minute (the beat)."""
    compteurs.recompter(tableau.figures_generales)
