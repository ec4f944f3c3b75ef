from celery import shared_task

from . import conservation


@shared_task(ignore_result=True)
def appliquer_la_conservation():
    """Each night: warn about the demandes reaching the end of retention, purge the expired."""
    return {"averties": conservation.avertir(), "purgees": conservation.purger()}
